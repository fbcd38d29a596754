package demo_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"needlepoint/data"
	"needlepoint/data/demo"
	"needlepoint/data/sqlstore"
)

// clinicalSummary is what Fill left on file for the clinical records of
// the first n patients, gathered through the store's public methods.
type clinicalSummary struct {
	staff                                []data.StaffMember
	screenings                           map[data.CheckStatus]int // each screening checked on its own day
	consultations, signed, addenda       int
	series                               map[data.SeriesStatus]int
	overdue                              int
	sessions, signedSessions, overridden int
	lots                                 map[string]map[int64]bool // lot → patients
	trail                                []string                  // every record in order, for the determinism test
}

func summarize(t *testing.T, s *sqlstore.Store, n int) clinicalSummary {
	t.Helper()
	ctx := context.Background()
	sum := clinicalSummary{screenings: map[data.CheckStatus]int{}, series: map[data.SeriesStatus]int{},
		lots: map[string]map[int64]bool{}}
	var err error
	if sum.staff, err = s.Staff(ctx, false); err != nil {
		t.Fatal(err)
	}
	rules, err := s.ClinicRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	day := data.DateOf(today)
	for id := int64(1); id <= int64(n); id++ {
		screenings, err := s.Screenings(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range screenings {
			sum.screenings[data.Check(&sc, sc.ScreenedOn, rules).Status]++
			sum.trail = append(sum.trail, fmt.Sprint("screening ", id, sc.ScreenedOn, sc.Notes))
		}
		consultations, err := s.Consultations(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range consultations {
			sum.consultations++
			if c.Signed() {
				sum.signed++
			}
			sum.addenda += len(c.Addenda)
			if c.ConsultedOn.After(day) {
				t.Errorf("patient %d: consultation on %v, after today", id, c.ConsultedOn)
			}
			sum.trail = append(sum.trail, fmt.Sprint("consultation ", id, c.ConsultedOn, c.Areas, c.Signed()))
		}
		series, err := s.PatientSeries(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, ts := range series {
			sum.series[ts.Status]++
			p, err := s.SeriesProgress(ctx, ts.ID, today)
			if err != nil {
				t.Fatal(err)
			}
			if p.Overdue {
				sum.overdue++
			}
			if ts.Status == data.SeriesDiscontinued && ts.StatusReason == "" {
				t.Errorf("series %d discontinued without a reason", ts.ID)
			}
			sessions, err := s.SeriesSessions(ctx, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range sessions {
				sum.sessions++
				if x.Signed() {
					sum.signedSessions++
				}
				if x.OverrideReason != "" {
					sum.overridden++
				}
				if x.Day().After(day) || x.PerformedAt.Before(ts.StartedOn) {
					t.Errorf("session %d on %v, want from %v to today", x.ID, x.PerformedAt, ts.StartedOn)
				}
				if x.CartridgeLot == "" || x.ProductLot == "" || x.Day().After(x.CartridgeExpiry) {
					t.Errorf("session %d: cartridge lot %q expiring %v, product lot %q", x.ID, x.CartridgeLot, x.CartridgeExpiry, x.ProductLot)
				}
				if !x.NumbingApplied.IsZero() && !(x.NumbingApplied.Before(x.NumbingRemoved) && !x.NumbingRemoved.After(x.PerformedAt)) {
					t.Errorf("session %d: numbing %v to %v, session at %v", x.ID, x.NumbingApplied, x.NumbingRemoved, x.PerformedAt)
				}
				for _, lot := range []string{x.CartridgeLot, x.ProductLot} {
					if sum.lots[lot] == nil {
						sum.lots[lot] = map[int64]bool{}
					}
					sum.lots[lot][id] = true
				}
				sum.trail = append(sum.trail, fmt.Sprint("session ", id, x.PerformedAt, x.CartridgeLot, x.ProductLot, x.Areas, x.Signed()))
			}
		}
	}
	return sum
}

func TestFillClinical(t *testing.T) {
	const n = 300
	ctx := context.Background()
	s := mustOpen(t)
	if err := demo.Fill(ctx, s, n, 1, nil); err != nil {
		t.Fatalf("Fill: %v", err)
	}
	sum := summarize(t, s, n)
	t.Logf("screenings %v; %d consultations (%d signed, %d addenda); series %v, %d overdue; %d sessions (%d signed, %d overridden); %d lots",
		sum.screenings, sum.consultations, sum.signed, sum.addenda, sum.series, sum.overdue,
		sum.sessions, sum.signedSessions, sum.overridden, len(sum.lots))

	t.Run("Staff", func(t *testing.T) {
		roles := map[data.Role]int{}
		inactive := 0
		for _, m := range sum.staff {
			roles[m.Role]++
			if !m.Active {
				inactive++
				if m.Role != data.RolePractitioner {
					t.Errorf("%s left, want the former practitioner", m.Name)
				}
			}
		}
		if roles[data.RolePractitioner] != 3 || roles[data.RoleAdmin] != 1 || roles[data.RoleReception] != 2 || inactive != 1 {
			t.Errorf("staff roles %v with %d inactive, want 3 practitioners (1 former), 1 admin, 2 reception", roles, inactive)
		}
	})

	t.Run("Screenings", func(t *testing.T) {
		for _, st := range []data.CheckStatus{data.CheckClear, data.CheckCaution, data.CheckContraindicated} {
			if sum.screenings[st] == 0 {
				t.Errorf("no screening is %s on its day; got %v", st, sum.screenings)
			}
		}
		if sum.screenings[data.CheckClear] < sum.screenings[data.CheckCaution] {
			t.Errorf("screenings %v, want mostly clear", sum.screenings)
		}
	})

	t.Run("Consultations", func(t *testing.T) {
		if sum.consultations < n/5 || sum.consultations > n/2 {
			t.Errorf("%d consultations for %d patients, want about a third", sum.consultations, n)
		}
		if sum.signed == 0 || sum.signed == sum.consultations || sum.addenda == 0 {
			t.Errorf("%d of %d consultations signed, %d addenda; want most signed, a draft and an addendum",
				sum.signed, sum.consultations, sum.addenda)
		}
	})

	t.Run("Series", func(t *testing.T) {
		for _, st := range []data.SeriesStatus{data.SeriesActive, data.SeriesCompleted, data.SeriesDiscontinued} {
			if sum.series[st] == 0 {
				t.Errorf("no series is %s; got %v", st, sum.series)
			}
		}
		if sum.overdue == 0 {
			t.Error("no series is overdue")
		}
	})

	t.Run("Sessions", func(t *testing.T) {
		if sum.sessions < sum.series[data.SeriesCompleted]*3 || sum.signedSessions < sum.sessions*9/10 {
			t.Errorf("%d sessions, %d signed; want at least 3 per completed series and most signed", sum.sessions, sum.signedSessions)
		}
	})

	t.Run("Consents", func(t *testing.T) {
		rules, err := s.ClinicRules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		states := map[data.ConsentState]int{}
		for id := int64(1); id <= n; id++ {
			consents, err := s.PatientConsents(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range consents {
				if c.Patient.Empty() || len(c.Patient.Image) == 0 || c.Witness.Empty() || c.WitnessName == "" {
					t.Errorf("consent %d: signatures %d and %d strokes, witness %q", c.ID, len(c.Patient.Strokes), len(c.Witness.Strokes), c.WitnessName)
				}
			}
			series, _ := s.PatientSeries(ctx, id)
			treated := false
			for _, ts := range series {
				sessions, _ := s.SeriesSessions(ctx, ts.ID)
				for _, x := range sessions {
					treated = true
					if st := data.ConsentStatusOn(consents, data.ConsentMicroneedling, x.PerformedAt, rules.ConsentValidMonths); !st.OK() {
						t.Errorf("session %d of patient %d: %s", x.ID, id, st.Message())
					}
				}
			}
			if treated {
				states[data.ConsentStatusOn(consents, data.ConsentMicroneedling, today, rules.ConsentValidMonths).State]++
			}
		}
		if states[data.ConsentWithdrawn] != 1 || states[data.ConsentExpired] == 0 || states[data.ConsentValid] == 0 {
			t.Errorf("consents of treated patients today: %v; want one withdrawn, some expired, some valid", states)
		}
	})

	t.Run("Photos", func(t *testing.T) {
		series, sessions, consented := map[int64]bool{}, map[int64]bool{}, 0
		for id := int64(1); id <= n; id++ {
			photos, err := s.ViewPhotos(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range photos {
				series[p.SeriesID], sessions[p.SessionID] = true, true
			}
			if consent, _ := s.PhotoConsent(ctx, id); consent.AllowsRecord() == nil {
				consented++
			}
		}
		if len(series) != 6 || consented != 6 || len(sessions) < 12 {
			t.Errorf("photos in %d series, %d sessions, %d patients consenting; want 6 series of 2 sessions or more, their patients consenting",
				len(series), len(sessions), consented)
		}
	})
	t.Run("LotLookup", func(t *testing.T) {
		best, most := "", 0
		for lot, patients := range sum.lots {
			if len(patients) > most || (len(patients) == most && lot < best) {
				best, most = lot, len(patients)
			}
		}
		uses, err := s.LotLookup(ctx, best)
		if err != nil {
			t.Fatal(err)
		}
		found := map[int64]bool{}
		for _, u := range uses {
			found[u.PatientID] = true
		}
		if len(found) < 3 || len(found) != most {
			t.Errorf("LotLookup(%q) found %d patients, want %d and at least 3", best, len(found), most)
		}
	})

	t.Run("SameSeedSameRecords", func(t *testing.T) {
		again := mustOpen(t)
		if err := demo.Fill(ctx, again, n, 1, nil); err != nil {
			t.Fatalf("Fill: %v", err)
		}
		if !reflect.DeepEqual(sum.trail, summarize(t, again, n).trail) {
			t.Error("two fills with seed 1 made different clinical records")
		}
	})
}
