package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// TestSeriesProgressWaits: a contraindication that ends by itself moves
// the next session to the day it ends, says why, and counts overdue from
// that day; one that ends before the due date, one with no end and a
// caution move nothing.
func TestSeriesProgressWaits(t *testing.T) {
	series := data.TreatmentSeries{PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: datatest.Date(2026, 11, 2)}
	first := []time.Time{datatest.Date(2026, 11, 2)} // the next session is due 30 Nov
	screened := func(change func(*data.Screening)) *data.Screening {
		s := &data.Screening{ScreenedOn: datatest.Date(2026, 11, 28), RecordedBy: "Dr Amara Okafor"}
		change(s)
		return s
	}
	tests := []struct {
		name      string
		screening *data.Screening
		sessions  []time.Time
		today     time.Time
		nextDue   time.Time
		overdue   bool
		summary   string
	}{
		{"IsotretinoinTwoMonthsAgo", screened(func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 9, 28) }),
			first, datatest.Date(2026, 11, 28), datatest.Date(2027, 3, 28), false, "Session 2 of 3 · not before 28 Mar 2027: isotretinoin"},
		{"BeforeTheFirstSession", screened(func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 9, 28) }),
			nil, datatest.Date(2026, 11, 28), datatest.Date(2027, 3, 28), false, "Session 1 of 3 · not before 28 Mar 2027: isotretinoin"},
		{"LatestWaitWins", screened(func(s *data.Screening) {
			s.LastIsotretinoinDose, s.LastFillerOrSurgery = datatest.Date(2026, 9, 28), datatest.Date(2026, 6, 1)
		}), first, datatest.Date(2026, 11, 28), datatest.Date(2027, 6, 1), false, "Session 2 of 3 · not before 1 Jun 2027: isotretinoin, filler or surgery"},
		{"OverdueFromTheEndOfTheWait", screened(func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 6, 15) }),
			first, datatest.Date(2026, 12, 22), datatest.Date(2026, 12, 15), false, "Session 2 of 3 · not before 15 Dec 2026: isotretinoin"},
		{"OverdueAfterTheWait", screened(func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 6, 15) }),
			first, datatest.Date(2026, 12, 23), datatest.Date(2026, 12, 15), true, "Session 2 of 3 · overdue since 15 Dec 2026 (not before 15 Dec 2026: isotretinoin)"},
		{"WaitOverBeforeDue", screened(func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 4, 1) }),
			first, datatest.Date(2026, 11, 28), datatest.Date(2026, 11, 30), false, "Session 2 of 3 · next due around 30 Nov 2026"},
		{"StillTakingIsNoDate", screened(func(s *data.Screening) { s.TakingIsotretinoin = true }),
			first, datatest.Date(2026, 11, 28), datatest.Date(2026, 11, 30), false, "Session 2 of 3 · next due around 30 Nov 2026"},
		{"CautionIsNoWait", screened(func(s *data.Screening) { s.LastBotulinumToxin = datatest.Date(2026, 11, 1) }),
			first, datatest.Date(2026, 11, 28), datatest.Date(2026, 11, 30), false, "Session 2 of 3 · next due around 30 Nov 2026"},
		{"NoScreening", nil, first, datatest.Date(2026, 11, 28), datatest.Date(2026, 11, 30), false, "Session 2 of 3 · next due around 30 Nov 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := series.Progress(tt.sessions, tt.screening, data.DefaultClinicRules(), tt.today, data.DefaultOverdueDays)
			if !p.NextDue.Equal(tt.nextDue) || p.Overdue != tt.overdue {
				t.Errorf("Progress = next %v overdue %v; want %v %v", p.NextDue, p.Overdue, tt.nextDue, tt.overdue)
			}
			if got := p.Summary(); got != tt.summary {
				t.Errorf("Summary() = %q, want %q", got, tt.summary)
			}
		})
	}

	t.Run("ClinicSetting", func(t *testing.T) {
		rules := data.DefaultClinicRules()
		rules.IsotretinoinWaitMonths = 3
		s := screened(func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 9, 28) })
		if got, want := data.WaitBefore(datatest.Date(2026, 11, 30), s, rules).Note("2 Jan 2006"), "not before 28 Dec 2026: isotretinoin"; got != want {
			t.Errorf("with a 3-month wait: %q, want %q", got, want)
		}
		rules.IsotretinoinWaitMonths = 0
		if w := data.WaitBefore(datatest.Date(2026, 11, 30), s, rules); w.Holds() || w.Note("2 Jan 2006") != "" {
			t.Errorf("with no wait: %+v", w)
		}
	})
}

// mustIsotretinoin records a screening, today, of a patient whose last
// isotretinoin dose was two months ago: under the default 6-month wait,
// they may be treated again from 28 Mar 2027.
func mustIsotretinoin(t *testing.T, c clinic, p data.Patient) {
	t.Helper()
	mustCreateScreening(t, c.s, data.Screening{PatientID: p.ID, ScreenedOn: datatest.Date(2026, 11, 28),
		RecordedBy: "Dr Amara Okafor", LastIsotretinoinDose: datatest.Date(2026, 9, 28)})
}

// TestStoreWaitsForIsotretinoin: every next date the store derives for a
// patient screened with isotretinoin two months ago is the day they may be
// treated again, with the reason.
func TestStoreWaitsForIsotretinoin(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	ts := mustTreated(t, c, c.patient, datatest.Date(2026, 10, 28)) // next due 25 Nov, on the list today
	waiting := mustPatient(t, c, "Ada", "Lovelace", "+44 7700 900111")
	mustTreated(t, c, waiting, datatest.Date(2026, 9, 30)) // overdue since 28 Oct, but not yet eligible
	mustIsotretinoin(t, c, c.patient)
	mustIsotretinoin(t, c, waiting)
	toCall := mustPatient(t, c, "Grace", "Hopper", "+44 7700 900222")
	mustTreated(t, c, toCall, datatest.Date(2026, 10, 28))
	const note = "not before 28 Mar 2027: isotretinoin"

	t.Run("SeriesProgress", func(t *testing.T) {
		p, err := c.s.SeriesProgress(ctx, ts.ID, datatest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if !p.NextDue.Equal(datatest.Date(2027, 3, 28)) || p.Overdue || !strings.Contains(p.Summary(), note) {
			t.Errorf("progress = %+v, %q; want due 28 Mar 2027 with %q", p, p.Summary(), note)
		}
	})

	t.Run("ProposeNextSession", func(t *testing.T) {
		p, err := c.s.ProposeNextSession(ctx, ts.ID, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		// 28 Mar 2027 is a Sunday: the clinic is closed, so Monday.
		if want := time.Date(2027, 3, 29, 14, 0, 0, 0, time.UTC); !p.Start.Equal(want) || !strings.HasPrefix(p.Why, "4 weeks after 28 Oct; "+note) {
			t.Errorf("proposal = %v %q, want %v with %q", p.Start, p.Why, want, note)
		}
	})

	t.Run("Recall", func(t *testing.T) {
		list, err := c.s.Recall(ctx, datatest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 3 {
			t.Fatalf("Recall() = %+v, want 3 patients", list)
		}
		if e := list[0]; e.PatientID != toCall.ID || e.NotYetEligible {
			t.Errorf("first entry = %+v, want %s to call", e, toCall.FullName())
		}
		for _, e := range list[1:] {
			if !e.NotYetEligible || !e.Since.Equal(datatest.Date(2027, 3, 28)) || !strings.HasPrefix(e.Reason, "Not before 28 Mar 2027: isotretinoin (session 2 of 3)") ||
				strings.Contains(e.Reason, "due since") || strings.Contains(e.Reason, "overdue") {
				t.Errorf("entry = %+v, want not yet eligible until 28 Mar 2027 with %q", e, note)
			}
		}
	})
}
