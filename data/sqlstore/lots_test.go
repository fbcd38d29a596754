package sqlstore_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

func TestLotKey(t *testing.T) {
	for _, lot := range []string{"DP4-2612C", "dp4-2612c", "DP4 2612C", "dp4\u00a02612c", "DP4–2612C", "DP4—2612-C", "dp42612c"} {
		if got, want := data.LotKey(lot), "DP42612C"; got != want {
			t.Errorf("LotKey(%q) = %q, want %q", lot, got, want)
		}
	}
	if got, want := data.LotKey("ß/ä-1"), "ß/ä1"; got != want {
		t.Errorf("LotKey changed letters beyond a to z: %q, want %q", got, want)
	}
}

// lotSessions logs sessions for the clinic's patient with the cartridge
// and product lots given in pairs, a day apart from 1 Oct 2026, and
// returns their IDs in that order.
func lotSessions(t *testing.T, c clinic, lots ...[2]string) []int64 {
	t.Helper()
	ts := mustSeries(t, c, data.TreatmentSeries{PlannedSessions: len(lots), StartedOn: datatest.Date(2026, 10, 1)})
	var ids []int64
	for i, l := range lots {
		x := validSession(c, ts.ID)
		x.PerformedAt = datatest.Date(2026, 10, 1+i).Add(15 * time.Hour)
		x.NumbingApplied, x.NumbingRemoved = time.Time{}, time.Time{}
		x.CartridgeLot, x.ProductLot = l[0], l[1]
		if err := c.s.LogSession(context.Background(), &x); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, x.ID)
	}
	return ids
}

// found lists the lot uses of a look-up as "session which lot".
func found(t *testing.T, s *sqlstore.Store, lot string) []string {
	t.Helper()
	uses, err := s.LotLookup(context.Background(), lot)
	if err != nil {
		t.Fatalf("LotLookup(%q): %v", lot, err)
	}
	var out []string
	for _, u := range uses {
		out = append(out, strconv.FormatInt(u.SessionID, 10)+" "+u.Which+" "+u.Lot)
	}
	return out
}

// checkLotLookups runs the look-ups a recall brings, on sessions 1 to 3
// logged by lotSessions with DP4-2612C, dp4 2612d and Q9.
func checkLotLookups(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	for _, tt := range []struct {
		lot  string
		want []string
	}{
		{"DP4-2612C", []string{"1 cartridge DP4-2612C"}},
		{"dp4-2612c", []string{"1 cartridge DP4-2612C"}},
		{" 2612C ", []string{"1 cartridge DP4-2612C"}},
		{"DP4–2612C", []string{"1 cartridge DP4-2612C"}},
		{"DP4 2612", []string{"2 cartridge dp4 2612d", "1 cartridge DP4-2612C"}},
		{"HA-26", []string{"3 product HA-26Q4", "2 product HA-26Q4", "1 product HA-26Q4"}},
		{"q9", []string{"3 cartridge Q9"}},
		{"9", nil},
		{"26", nil},
		{"DP4-2612E", nil},
	} {
		if got := found(t, s, tt.lot); !slices.Equal(got, tt.want) {
			t.Errorf("LotLookup(%q) = %q, want %q", tt.lot, got, tt.want)
		}
	}
}

func TestLotLookupForgiving(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ids := lotSessions(t, c, [2]string{"DP4-2612C", "HA-26Q4"}, [2]string{"dp4 2612d", "HA-26Q4"}, [2]string{"Q9", "HA-26Q4"})
	if !slices.Equal(ids, []int64{1, 2, 3}) {
		t.Fatalf("sessions %v, want 1 to 3", ids)
	}

	t.Run("Matches", func(t *testing.T) { checkLotLookups(t, c.s) })

	t.Run("PatientDetails", func(t *testing.T) {
		uses, err := c.s.LotLookup(ctx, "2612c")
		if err != nil || len(uses) != 1 {
			t.Fatalf("LotLookup = %+v, %v", uses, err)
		}
		u := uses[0]
		if u.PatientID != c.patient.ID || u.PatientName != c.patient.FullName() ||
			!u.DateOfBirth.Equal(c.patient.DateOfBirth) || u.Phone != c.patient.Phone ||
			u.PhoneE164 == "" || u.PhoneE164 != c.patient.PhoneE164 {
			t.Errorf("use %+v, want patient %d %q born %v phone %q (%q)", u, c.patient.ID, c.patient.FullName(),
				c.patient.DateOfBirth, c.patient.Phone, c.patient.PhoneE164)
		}
	})

	t.Run("ChangedLot", func(t *testing.T) {
		x, err := c.s.Session(ctx, ids[2])
		if err != nil {
			t.Fatal(err)
		}
		x.CartridgeLot = "MX-7781"
		if err := c.s.UpdateSession(ctx, &x); err != nil {
			t.Fatal(err)
		}
		if got, want := found(t, c.s, "mx7781"), []string{"3 cartridge MX-7781"}; !slices.Equal(got, want) {
			t.Errorf("after the change, LotLookup = %q, want %q", got, want)
		}
		if got := found(t, c.s, "Q9"); got != nil {
			t.Errorf("the old lot still finds %q", got)
		}
	})

	t.Run("ErrEmpty", func(t *testing.T) {
		for _, lot := range []string{"", "  ", " - "} {
			if _, err := c.s.LotLookup(ctx, lot); data.ErrorCode(err) != data.EINVALID {
				t.Errorf("LotLookup(%q) = %v, want a request for a lot", lot, err)
			}
		}
	})
}

// TestLotLookupAfterUpgrade opens a database written before lots had keys
// (and before seals), with a signed session, as a clinic's file would be on
// updating.
func TestLotLookupAfterUpgrade(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ids := lotSessions(t, c, [2]string{"DP4-2612C", "HA-26Q4"}, [2]string{"dp4 2612d", "HA-26Q4"}, [2]string{"Q9", "HA-26Q4"})
	x, err := c.s.Session(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := c.s.SignSession(ctx, x.ID, x.Version, c.practitioner.ID); err != nil {
		t.Fatal(err)
	}
	path := c.s.Path()
	if err := c.s.Close(); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	for _, q := range []string{
		"DROP INDEX sessions_by_performed_at", "DROP INDEX patients_by_phone_e164",
		"ALTER TABLE patients DROP COLUMN emergency_contact_phone_e164",
		"ALTER TABLE patients DROP COLUMN phone_e164",
		"DROP TABLE photo_images",
		"DROP TABLE photos",
		"DROP TABLE photo_consents",
		"DROP TABLE seals",
		"DROP TABLE patient_medical_history",
		"ALTER TABLE audit_log DROP COLUMN seal",
		"DROP TRIGGER sessions_lot_keys_insert",
		"DROP TRIGGER sessions_lot_keys_update",
		"DROP TABLE lot_keys",
		"DROP INDEX sessions_by_cartridge_lot_key",
		"DROP INDEX sessions_by_product_lot_key",
		"ALTER TABLE sessions DROP COLUMN cartridge_lot_key",
		"ALTER TABLE sessions DROP COLUMN product_lot_key",
		"DROP TABLE consents",
		"DROP TABLE consent_templates",
		"PRAGMA user_version = 13",
	} {
		mustExec(t, db, q)
	}
	db.Close()

	s := mustOpenPath(t, path)
	checkLotLookups(t, s)
}

func TestRecentCartridgeLots(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{PlannedSessions: 20, StartedOn: datatest.Date(2026, 9, 3)})
	logLot := func(day time.Time, lot string, expiry time.Time) {
		t.Helper()
		x := validSession(c, ts.ID)
		x.PerformedAt = day.Add(15 * time.Hour)
		x.NumbingApplied, x.NumbingRemoved = time.Time{}, time.Time{}
		x.CartridgeLot, x.CartridgeExpiry = lot, expiry
		if err := c.s.LogSession(ctx, &x); err != nil {
			t.Fatal(err)
		}
	}
	recent := func(day time.Time) []string {
		t.Helper()
		lots, err := c.s.RecentCartridgeLots(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range lots {
			out = append(out, l.Lot+" "+l.Expiry.Format(time.DateOnly)+" "+l.LastUsed.Format(time.DateOnly))
		}
		return out
	}
	june := datatest.Date(2027, 6, 30)
	logLot(datatest.Date(2026, 9, 3), "OLD-1", june)
	logLot(datatest.Date(2026, 10, 1), "DP4-2612C", june)
	logLot(datatest.Date(2026, 10, 2), "EXP-1", datatest.Date(2026, 11, 1))
	logLot(datatest.Date(2026, 10, 3), "DP4-2612C", june)
	logLot(datatest.Date(2026, 10, 4), "", time.Time{})
	logLot(datatest.Date(2026, 10, 5), "Q9", time.Time{})

	for _, tt := range []struct {
		name string
		day  time.Time
		want []string
	}{
		{"NewestFirst", datatest.Date(2026, 10, 20), []string{"Q9 0001-01-01 2026-10-05", "DP4-2612C 2027-06-30 2026-10-03",
			"EXP-1 2026-11-01 2026-10-02", "OLD-1 2027-06-30 2026-09-03"}},
		{"NotExpired", datatest.Date(2026, 11, 27), []string{"Q9 0001-01-01 2026-10-05", "DP4-2612C 2027-06-30 2026-10-03",
			"OLD-1 2027-06-30 2026-09-03"}},
		{"LastDays", datatest.Date(2026, 12, 5), []string{"Q9 0001-01-01 2026-10-05", "DP4-2612C 2027-06-30 2026-10-03"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := recent(tt.day); !slices.Equal(got, tt.want) {
				t.Errorf("RecentCartridgeLots(%v) = %q, want %q", tt.day.Format(time.DateOnly), got, tt.want)
			}
		})
	}

	t.Run("AtMost", func(t *testing.T) {
		for i := range data.MaxRecentLots {
			logLot(datatest.Date(2026, 11, 1+i), "L"+strconv.Itoa(i), june)
		}
		got := recent(datatest.Date(2026, 11, 27))
		if len(got) != data.MaxRecentLots || got[0] != "L9 2027-06-30 2026-11-10" || slices.ContainsFunc(got, func(s string) bool { return s[0] == 'Q' }) {
			t.Errorf("RecentCartridgeLots = %q, want the %d newest", got, data.MaxRecentLots)
		}
	})
}
