package sqlstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

func validSession(c clinic, seriesID int64) data.Session {
	at := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)
	return data.Session{
		SeriesID:        seriesID,
		PerformedAt:     at,
		PractitionerID:  c.practitioner.ID,
		NumbingProduct:  "EMLA 5%",
		NumbingApplied:  at.Add(-40 * time.Minute),
		NumbingRemoved:  at.Add(-5 * time.Minute),
		Device:          "Dermapen 4",
		CartridgeLot:    "CART-2291",
		CartridgeExpiry: datatest.Date(2027, 6, 30),
		Product:         "Hyaluronic serum",
		ProductLot:      "HA-77",
		Areas: []data.SessionArea{
			{Area: data.AreaCheeks, Depth: 150, Passes: 3},
			{Area: data.AreaForehead, Depth: 50, Passes: 2},
		},
		Endpoint:        "Even redness, pinpoint bleeding on the scars",
		Reaction:        "Mild redness",
		Comfort:         3,
		DurationMinutes: 30,
		Notes:           "Zoë tolerated well.",
	}
}

func TestSessionValidate(t *testing.T) {
	c := clinic{practitioner: data.StaffMember{ID: 2}}
	tests := []struct {
		name   string
		change func(x *data.Session)
		msg    string
	}{
		{"ErrCartridgeExpired", func(x *data.Session) { x.CartridgeExpiry = datatest.Date(2026, 11, 3) },
			"The needle cartridge expired on 3 Nov 2026; use a new cartridge."},
		{"ErrNumbingOrder", func(x *data.Session) { x.NumbingRemoved = x.NumbingApplied.Add(-time.Minute) }, "removed after it was applied"},
		{"ErrComfort", func(x *data.Session) { x.Comfort = 11 }, "0 (none) to 10"},
		{"ErrNoArea", func(x *data.Session) { x.Areas = nil }, "at least one treated area"},
		{"ErrDepth", func(x *data.Session) { x.Areas[0].Depth = 350 }, "between 0.1 mm and 3 mm"},
		{"ErrPasses", func(x *data.Session) { x.Areas[1].Passes = 0 }, "passes must be between 1 and 10"},
		{"ErrFuture", func(x *data.Session) { x.PerformedAt = datatest.Date(2026, 11, 29) }, "cannot be in the future"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := validSession(c, 1)
			tt.change(&x)
			err := x.Validate(datatest.Now)
			if code := data.ErrorCode(err); code != data.EINVALID || !strings.Contains(data.ErrorMessage(err), tt.msg) {
				t.Errorf("Validate() = %v, want a message with %q", err, tt.msg)
			}
		})
	}
	t.Run("ExpiresOnSessionDay", func(t *testing.T) {
		x := validSession(c, 1)
		x.CartridgeExpiry = datatest.Date(2026, 11, 27)
		if err := x.Validate(datatest.Now); err != nil {
			t.Error(err)
		}
	})
	t.Run("DepthWarnings", func(t *testing.T) {
		x := validSession(c, 1)
		x.Areas[1].Depth = 100
		got := x.DepthWarnings()
		if want := []string{"Forehead at 1 mm is deeper than the guide for that area (0.25–0.75 mm)."}; !reflect.DeepEqual(got, want) {
			t.Errorf("DepthWarnings() = %q, want %q", got, want)
		}
	})
}

func TestSessionLog(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{PlannedSessions: 2, StartedOn: datatest.Date(2026, 10, 1)})
	first := validSession(c, ts.ID)
	first.PerformedAt = datatest.Date(2026, 10, 30).Add(15 * time.Hour)
	first.NumbingApplied, first.NumbingRemoved = time.Time{}, time.Time{}
	if err := c.s.LogSession(ctx, &first); err != nil {
		t.Fatal(err)
	}

	t.Run("RoundTrip", func(t *testing.T) {
		got, err := c.s.Session(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Check.Status != data.CheckClear || got.PatientID != c.patient.ID {
			t.Errorf("check %+v, patient %d", got.Check, got.PatientID)
		}
		if !reflect.DeepEqual(got, first) {
			t.Errorf("Session() =\n%+v\nwant\n%+v", got, first)
		}
	})

	t.Run("Prefill", func(t *testing.T) {
		got, err := c.s.PrefillSession(ctx, ts.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := data.Session{SeriesID: ts.ID, PatientID: c.patient.ID, PractitionerID: c.practitioner.ID,
			NumbingProduct: "EMLA 5%", Device: "Dermapen 4", Product: "Hyaluronic serum", ProductLot: "HA-77",
			Areas: first.Areas}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("PrefillSession() =\n%+v\nwant\n%+v", got, want)
		}
		if got.CartridgeLot != "" || !got.CartridgeExpiry.IsZero() {
			t.Errorf("PrefillSession() copied the single-use cartridge's lot %q, expiry %v", got.CartridgeLot, got.CartridgeExpiry)
		}
	})

	second := validSession(c, ts.ID)
	second.ProductLot = "CART-2291" // a lot number that is also a cartridge lot elsewhere
	if err := c.s.LogSession(ctx, &second); err != nil {
		t.Fatal(err)
	}

	t.Run("ErrBeyondPlan", func(t *testing.T) {
		x := validSession(c, ts.ID)
		err := c.s.LogSession(ctx, &x)
		if code := data.ErrorCode(err); code != data.EINVALID || !strings.Contains(data.ErrorMessage(err), "extend the series first") {
			t.Fatalf("err = %v", err)
		}
		if err := c.s.ExtendSeries(ctx, ts.ID, c.practitioner.ID, "Deep scars on the left cheek"); err != nil {
			t.Fatal(err)
		}
		if err := c.s.LogSession(ctx, &x); err != nil {
			t.Errorf("after extending: %v", err)
		}
	})

	t.Run("ErrExpiredCartridgeThroughStore", func(t *testing.T) {
		x := validSession(c, ts.ID)
		x.CartridgeExpiry = datatest.Date(2026, 11, 3)
		if err := c.s.LogSession(ctx, &x); !strings.Contains(data.ErrorMessage(err), "expired on 3 Nov 2026") {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("LotLookup", func(t *testing.T) {
		got, err := c.s.LotLookup(ctx, "CART-2291")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < 3 {
			t.Fatalf("LotLookup() = %+v, want at least 3 uses", got)
		}
		if got[0].PerformedAt.Before(got[len(got)-1].PerformedAt) {
			t.Errorf("not newest first: %+v", got)
		}
		var product int
		for _, u := range got {
			if u.PatientID != c.patient.ID || !strings.Contains(u.PatientName, c.patient.LastName) {
				t.Errorf("use %+v names the wrong patient", u)
			}
			if u.Which == "product" {
				product++
				if u.SessionID != second.ID {
					t.Errorf("product use in session %d, want %d", u.SessionID, second.ID)
				}
			}
		}
		if product != 1 {
			t.Errorf("%d product uses, want 1", product)
		}
		if none, err := c.s.LotLookup(ctx, "CART-2290"); err != nil || len(none) != 0 {
			t.Errorf("another lot matched: %+v, %v", none, err)
		}
	})

	t.Run("EditSignLock", func(t *testing.T) {
		x, _ := c.s.Session(ctx, second.ID)
		x.Notes, x.Areas = "Changed", x.Areas[:1]
		if err := c.s.UpdateSession(ctx, &x); err != nil {
			t.Fatal(err)
		}
		if got, _ := c.s.Session(ctx, x.ID); got.Notes != "Changed" || len(got.Areas) != 1 {
			t.Errorf("update not saved: %+v", got)
		}
		if err := c.s.SignSession(ctx, x.ID, x.Version, c.admin.ID); data.ErrorCode(err) != data.EFORBIDDEN {
			t.Errorf("signed by an administrator: %v", err)
		}
		if err := c.s.SignSession(ctx, x.ID, x.Version, c.practitioner.ID); err != nil {
			t.Fatal(err)
		}
		signed, _ := c.s.Session(ctx, x.ID)
		if err := c.s.UpdateSession(ctx, &signed); data.ErrorCode(err) != data.ELOCKED {
			t.Errorf("update of a signed session: %v", err)
		}
		db := rawDB(t, c.s.Path())
		for _, q := range []string{
			"UPDATE sessions SET notes = 'x' WHERE id = ?",
			"DELETE FROM sessions WHERE id = ?",
			"UPDATE session_areas SET depth = 200 WHERE session_id = ?",
			"DELETE FROM session_areas WHERE session_id = ?",
			"INSERT INTO session_areas (session_id, position, area, depth, passes) VALUES (?, 9, 'chin', 50, 1)",
		} {
			if _, err := db.Exec(q, x.ID); err == nil {
				t.Errorf("%s: a signed session changed", q)
			}
		}
		c.signIn(c.admin)
		a, err := c.s.AddSessionAddendum(ctx, x.ID, c.admin.ID, "Wrong depth", "Cheeks were 1.25 mm, not 1.5 mm.")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := c.s.Session(ctx, x.ID)
		if len(got.Addenda) != 1 || got.Addenda[0] != a || a.AuthorName != c.admin.Name {
			t.Errorf("addenda = %+v", got.Addenda)
		}
		if _, err := c.s.AddSessionAddendum(ctx, first.ID, c.admin.ID, "r", "t"); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("addendum to a draft: %v", err)
		}
		if _, err := db.Exec("DELETE FROM session_addenda"); err == nil {
			t.Error("a raw DELETE removed an addendum")
		}
		list, err := c.s.SeriesSessions(ctx, ts.ID)
		if err != nil || len(list) != 3 || list[0].ID != first.ID {
			t.Errorf("SeriesSessions() = %d sessions, %v", len(list), err)
		}
	})

	t.Run("ErrDiscontinuedSeries", func(t *testing.T) {
		other := mustSeries(t, c, data.TreatmentSeries{})
		if err := c.s.DiscontinueSeries(ctx, other.ID, "Changed her mind"); err != nil {
			t.Fatal(err)
		}
		x := validSession(c, other.ID)
		if err := c.s.LogSession(ctx, &x); data.ErrorCode(err) != data.ELOCKED {
			t.Errorf("err = %v", err)
		}
	})
}

func TestSessionContraindicated(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t) // no screening on file: contraindicated
	mustConsent(t, c, c.patient.ID, datatest.Date(2026, 9, 1))
	ts := mustSeries(t, c, data.TreatmentSeries{})
	x := validSession(c, ts.ID)
	x.PerformedAt = datatest.Now

	err := c.s.LogSession(ctx, &x)
	if code := data.ErrorCode(err); code != data.EFORBIDDEN || !strings.Contains(data.ErrorMessage(err), "No screening on file") {
		t.Fatalf("err = %v", err)
	}
	x.OverrideReason, x.OverrideBy = "Screening done on paper today; scanned in later", c.admin.ID
	if err := c.s.LogSession(ctx, &x); data.ErrorCode(err) != data.EFORBIDDEN {
		t.Errorf("override by an administrator: %v", err)
	}
	x.OverrideBy = 0 // the practitioner who performs the session
	if err := c.s.LogSession(ctx, &x); err != nil {
		t.Fatal(err)
	}
	got, err := c.s.Session(ctx, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Check.Status != data.CheckContraindicated || len(got.Check.Reasons) != 1 ||
		got.Check.Reasons[0].Rule != data.RuleNoScreening || got.OverrideBy != c.practitioner.ID ||
		got.OverrideReason != x.OverrideReason {
		t.Errorf("stored %+v", got)
	}
	if _, err := rawDB(t, c.s.Path()).Exec("UPDATE sessions SET override_reason = '', override_by = NULL WHERE id = ?", x.ID); err == nil {
		t.Error("a contraindicated session lost its override")
	}
}
