package data_test

import (
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

func TestSeriesProgress(t *testing.T) {
	active := data.TreatmentSeries{PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: datatest.Date(2026, 11, 2)}
	completed := active
	completed.Status = data.SeriesCompleted
	stopped := active
	stopped.Status, stopped.StatusReason = data.SeriesDiscontinued, "Moved away"

	tests := []struct {
		name     string
		series   data.TreatmentSeries
		sessions []time.Time
		today    time.Time
		nextDue  time.Time
		overdue  bool
		review   time.Time
		summary  string
	}{
		{"NotStarted", active, nil, datatest.Date(2026, 11, 5), datatest.Date(2026, 11, 2), false, time.Time{}, "Session 1 of 3 · next due around 2 Nov 2026"},
		{"AfterFirst", active, []time.Time{datatest.Date(2026, 11, 2)}, datatest.Date(2026, 11, 28), datatest.Date(2026, 11, 30), false, time.Time{}, "Session 2 of 3 · next due around 30 Nov 2026"},
		{"SessionsInAnyOrder", active, []time.Time{datatest.Date(2026, 12, 17), datatest.Date(2026, 11, 19)}, datatest.Date(2026, 12, 20), datatest.Date(2027, 1, 14), false, time.Time{}, "Session 3 of 3 · next due around 14 Jan 2027"},
		{"LastDayOfGrace", active, []time.Time{datatest.Date(2026, 11, 2)}, datatest.Date(2026, 12, 7), datatest.Date(2026, 11, 30), false, time.Time{}, "Session 2 of 3 · next due around 30 Nov 2026"},
		{"OverdueAfterGrace", active, []time.Time{datatest.Date(2026, 11, 2)}, datatest.Date(2026, 12, 8), datatest.Date(2026, 11, 30), true, time.Time{}, "Session 2 of 3 · overdue since 30 Nov 2026"},
		{"AcrossLeapDay", active, []time.Time{datatest.Date(2028, 2, 10)}, datatest.Date(2028, 2, 11), datatest.Date(2028, 3, 9), false, time.Time{}, "Session 2 of 3 · next due around 9 Mar 2028"},
		{"AllDoneNotClosed", active, []time.Time{datatest.Date(2026, 9, 1), datatest.Date(2026, 10, 1), datatest.Date(2026, 11, 1)}, datatest.Date(2026, 11, 28), time.Time{}, false, time.Time{}, "3 of 3 sessions done"},
		{"CompletedReview", completed, []time.Time{datatest.Date(2026, 8, 31), datatest.Date(2026, 7, 31)}, datatest.Date(2026, 11, 28), time.Time{}, false, datatest.Date(2027, 2, 28), "Completed: 2 of 3 sessions · review due around 28 Feb 2027"},
		{"ReviewFromLeapDay", completed, []time.Time{datatest.Date(2028, 2, 29)}, datatest.Date(2028, 3, 1), time.Time{}, false, datatest.Date(2028, 8, 29), "Completed: 1 of 3 sessions · review due around 29 Aug 2028"},
		{"Discontinued", stopped, []time.Time{datatest.Date(2026, 9, 1)}, datatest.Date(2026, 11, 28), time.Time{}, false, time.Time{}, "1 of 3 sessions done"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.series.Progress(tt.sessions, nil, data.DefaultClinicRules(), tt.today, data.DefaultOverdueDays)
			if !p.NextDue.Equal(tt.nextDue) || p.Overdue != tt.overdue || !p.ReviewDue.Equal(tt.review) {
				t.Errorf("Progress = next %v overdue %v review %v; want %v %v %v", p.NextDue, p.Overdue, p.ReviewDue, tt.nextDue, tt.overdue, tt.review)
			}
			if got := p.Summary(); got != tt.summary {
				t.Errorf("Summary() = %q, want %q", got, tt.summary)
			}
		})
	}
}

func TestSeriesSummaryBooked(t *testing.T) {
	series := data.TreatmentSeries{PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: datatest.Date(2026, 8, 3)}
	booked := time.Date(2026, 12, 4, 15, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		name     string
		sessions []time.Time
		want     string
	}{
		{"Overdue", []time.Time{datatest.Date(2026, 8, 3)}, "Session 2 of 3 · booked Fri 4 Dec 2026 15:30, due since 31 Aug 2026"},
		{"OnTime", []time.Time{datatest.Date(2026, 11, 6)}, "Session 2 of 3 · booked Fri 4 Dec 2026 15:30"},
		{"NothingLeft", []time.Time{datatest.Date(2026, 8, 3), datatest.Date(2026, 9, 1), datatest.Date(2026, 10, 1)}, "3 of 3 sessions done"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := series.Progress(tt.sessions, nil, data.DefaultClinicRules(), datatest.Date(2026, 12, 2), data.DefaultOverdueDays)
			if got := p.SummaryBooked(booked); got != tt.want {
				t.Errorf("SummaryBooked() = %q, want %q", got, tt.want)
			}
		})
	}
}
