package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// seriesWithThursday is a series of five with two sessions logged and the
// third booked for Thursday 3 December at 10:00.
func seriesWithThursday(t *testing.T) (clinic, data.TreatmentSeries, data.Appointment) {
	t.Helper()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{Areas: []data.Area{data.AreaCheeks}, PlannedSessions: 5})
	for _, day := range []time.Time{datatest.Date(2026, 10, 1), datatest.Date(2026, 10, 29)} {
		mustLog(t, c, ts.ID, day.Add(14*time.Hour), data.SessionDiary{})
	}
	return c, ts, mustTreatment(t, c, ts.ID, time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC))
}

func TestBookingWarnsSameSessionTwice(t *testing.T) {
	ctx := context.Background()
	c, ts, thursday := seriesWithThursday(t)
	treatment := func(start time.Time) data.Appointment {
		return data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID, SeriesID: ts.ID,
			PractitionerID: c.practitioner.ID, Start: start}
	}
	for _, tt := range []struct {
		name  string
		start time.Time
		want  string
	}{
		{"Today", time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC),
			"This series already has session 3 of 5 booked for Thursday 3 December at 10:00 with Dr Amara Okafor. " +
				"If it is the same session, move that appointment instead of booking it twice. " +
				"With both in the diary, this one is session 3 of 5 and the one on Thursday 3 December session 4 of 5."},
		{"SameDayLater", time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC),
			"With both in the diary, this one is session 4 of 5 and the one on Thursday 3 December session 3 of 5."},
		{"NextWeek", time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.s.BookingWarnings(ctx, treatment(tt.start))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == "" && len(got) != 0:
				t.Errorf("BookingWarnings() = %q, want none for the session after Thursday's", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
				t.Errorf("BookingWarnings() = %q, want one saying %q", got, tt.want)
			}
		})
	}
	t.Run("NumberedInDateOrder", func(t *testing.T) {
		today := mustBook(t, c, treatment(time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)))
		got := diaryOf(t, c)
		wantDiary(t, got[today.ID], data.StatusBooked, "Treatment session 3 of 5")
		wantDiary(t, got[thursday.ID], data.StatusBooked, "Treatment session 4 of 5")
	})
}

func TestBookingWarnsBookingPassedStillOpen(t *testing.T) {
	c, ts, _ := seriesWithThursday(t)
	missed := mustTreatment(t, c, ts.ID, time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	if err := c.s.SetStatus(context.Background(), missed.ID, missed.Version, data.StatusCancelled, "Moved"); err != nil {
		t.Fatal(err)
	}
	stale := mustTreatment(t, c, ts.ID, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	got, err := c.s.BookingWarnings(context.Background(), data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID,
		SeriesID: ts.ID, PractitionerID: c.practitioner.ID, Start: time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC)})
	want := "Session 3 of 5 of this series is still booked for Friday 27 November at 10:00, which has passed. " +
		"Mark it as did not attend or cancel it first, or this booking counts as session 5 of 5."
	if err != nil || len(got) != 1 || got[0] != want {
		t.Errorf("BookingWarnings() = %q, %v; want %q", got, err, want)
	}
	wantDiary(t, diaryOf(t, c)[stale.ID], data.StatusBooked, "Treatment session 3 of 5")
}

// TestBookingsFollowLoggedSessions: a booking still open comes after every
// session logged, even one logged on a later day.
func TestBookingsFollowLoggedSessions(t *testing.T) {
	c, ts, thursday := seriesWithThursday(t)
	stale := mustTreatment(t, c, ts.ID, time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	mustLog(t, c, ts.ID, time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC), data.SessionDiary{})
	got := diaryOf(t, c)
	wantDiary(t, got[stale.ID], data.StatusBooked, "Treatment session 4 of 5")
	wantDiary(t, got[thursday.ID], data.StatusBooked, "Treatment session 5 of 5")
}
