package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// seriesBookedAhead is a series of six with three sessions logged, the
// fourth booked for Thursday 10 December and the fifth for 7 January.
type seriesBookedAhead struct {
	c            clinic
	ts           data.TreatmentSeries
	dec10, jan07 data.Appointment
}

func mustSeriesBookedAhead(t *testing.T) seriesBookedAhead {
	t.Helper()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{Areas: []data.Area{data.AreaCheeks}, PlannedSessions: 6})
	for _, day := range []time.Time{datatest.Date(2026, 9, 5), datatest.Date(2026, 10, 3), datatest.Date(2026, 10, 31)} {
		mustLog(t, c, ts.ID, day.Add(14*time.Hour), data.SessionDiary{})
	}
	return seriesBookedAhead{c: c, ts: ts,
		dec10: mustTreatment(t, c, ts.ID, time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC)),
		jan07: mustTreatment(t, c, ts.ID, time.Date(2027, 1, 7, 10, 0, 0, 0, time.UTC))}
}

func mustTreatment(t *testing.T, c clinic, seriesID int64, start time.Time) data.Appointment {
	t.Helper()
	return mustBook(t, c, data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID, SeriesID: seriesID,
		PractitionerID: c.practitioner.ID, Start: start})
}

// sessionAt is a valid session of the series performed at at.
func sessionAt(c clinic, seriesID int64, at time.Time, diary data.SessionDiary) data.Session {
	x := validSession(c, seriesID)
	x.PerformedAt, x.NumbingApplied, x.NumbingRemoved = at, at.Add(-40*time.Minute), at.Add(-5*time.Minute)
	x.Diary = diary
	return x
}

func mustLog(t *testing.T, c clinic, seriesID int64, at time.Time, diary data.SessionDiary) data.Session {
	t.Helper()
	x := sessionAt(c, seriesID, at, diary)
	mustLogSigned(t, c, &x)
	return x
}

// diaryOf returns each appointment of the patient as the diary shows it.
func diaryOf(t *testing.T, c clinic) map[int64]data.Appointment {
	t.Helper()
	list, err := c.s.PatientAppointments(context.Background(), c.patient.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := map[int64]data.Appointment{}
	for _, a := range list {
		m[a.ID] = a
	}
	return m
}

func wantDiary(t *testing.T, got data.Appointment, status data.AppointmentStatus, what string) {
	t.Helper()
	if got.Status != status || got.What() != what {
		t.Errorf("appointment %d on %s: %s, %q; want %s, %q", got.ID, got.Start.Format("2 Jan"), got.Status, got.What(), status, what)
	}
}

func TestLogSessionSettlesTheDiary(t *testing.T) {
	ctx := context.Background()
	today := time.Date(2026, 11, 28, 10, 15, 0, 0, time.UTC)

	t.Run("SameDayCompleted", func(t *testing.T) {
		b := mustSeriesBookedAhead(t)
		if err := b.c.s.SetStatus(ctx, b.jan07.ID, b.jan07.Version, data.StatusCancelled, "Holiday"); err != nil {
			t.Fatal(err)
		}
		booked := mustTreatment(t, b.c, b.ts.ID, time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))
		x := mustLog(t, b.c, b.ts.ID, today, data.SessionDiary{})
		got := diaryOf(t, b.c)
		wantDiary(t, got[booked.ID], data.StatusCompleted, "Treatment session 4 of 6")
		wantDiary(t, got[b.dec10.ID], data.StatusBooked, "Treatment session 5 of 6")
		if !strings.Contains(x.Diary.Done, "The appointment at 10:00 on 28 Nov is completed") {
			t.Errorf("Done = %q", x.Diary.Done)
		}
	})
	t.Run("LaterOffered", func(t *testing.T) {
		b := mustSeriesBookedAhead(t)
		got, err := b.c.s.SessionBookings(ctx, b.ts.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		if got.SameDay.ID != 0 || got.Later.ID != b.dec10.ID || got.Later.What() != "Treatment session 4 of 6" {
			t.Errorf("SessionBookings() = same day %d, later %d %q; want none and 10 Dec, session 4 of 6",
				got.SameDay.ID, got.Later.ID, got.Later.What())
		}
	})
	t.Run("LaterKept", func(t *testing.T) {
		b := mustSeriesBookedAhead(t)
		x := mustLog(t, b.c, b.ts.ID, today, data.SessionDiary{LaterID: b.dec10.ID, Later: data.KeepLaterBooking})
		got := diaryOf(t, b.c)
		wantDiary(t, got[b.dec10.ID], data.StatusBooked, "Treatment session 5 of 6")
		wantDiary(t, got[b.jan07.ID], data.StatusBooked, "Treatment session 6 of 6")
		if x.Diary.Done != "" {
			t.Errorf("Done = %q, want nothing changed", x.Diary.Done)
		}
	})
	t.Run("LaterCompleted", func(t *testing.T) {
		b := mustSeriesBookedAhead(t)
		x := mustLog(t, b.c, b.ts.ID, today, data.SessionDiary{LaterID: b.dec10.ID, Later: data.CompleteLaterBooking})
		got := diaryOf(t, b.c)
		wantDiary(t, got[b.dec10.ID], data.StatusCompleted, "Treatment session 4 of 6")
		if !got[b.dec10.ID].Start.Equal(today) {
			t.Errorf("the completed booking starts %v, want the session's time %v", got[b.dec10.ID].Start, today)
		}
		wantDiary(t, got[b.jan07.ID], data.StatusBooked, "Treatment session 5 of 6")
		if !strings.Contains(x.Diary.Done, "Thursday 10 Dec 10:00 is moved to the session's time and completed") {
			t.Errorf("Done = %q", x.Diary.Done)
		}
	})
	t.Run("LaterCancelled", func(t *testing.T) {
		b := mustSeriesBookedAhead(t)
		mustLog(t, b.c, b.ts.ID, today, data.SessionDiary{LaterID: b.dec10.ID, Later: data.CancelLaterBooking})
		got := diaryOf(t, b.c)
		if a := got[b.dec10.ID]; a.Status != data.StatusCancelled || a.StatusReason != "Session logged on 28 Nov 2026 instead." {
			t.Errorf("10 Dec: %s %q, want cancelled with the reason", a.Status, a.StatusReason)
		}
		wantDiary(t, got[b.jan07.ID], data.StatusBooked, "Treatment session 5 of 6")
	})
	t.Run("ErrDiaryChanged", func(t *testing.T) {
		b := mustSeriesBookedAhead(t)
		x := sessionAt(b.c, b.ts.ID, today, data.SessionDiary{LaterID: b.jan07.ID, Later: data.CancelLaterBooking})
		wantError(t, b.c.s.LogSession(ctx, &x), data.ECONFLICT, "changed on another computer while you were logging")
		if sessions, err := b.c.s.SeriesSessions(ctx, b.ts.ID); err != nil || len(sessions) != 3 {
			t.Errorf("SeriesSessions() = %d, %v; want the three before, nothing half saved", len(sessions), err)
		}
		wantDiary(t, diaryOf(t, b.c)[b.jan07.ID], data.StatusBooked, "Treatment session 5 of 6")
	})
	t.Run("FromAppointment", func(t *testing.T) {
		b := mustSeriesBookedAhead(t)
		yesterday := mustTreatment(t, b.c, b.ts.ID, time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC))
		if err := b.c.s.SetStatus(ctx, yesterday.ID, yesterday.Version, data.StatusCheckedIn, ""); err != nil {
			t.Fatal(err)
		}
		mustLog(t, b.c, b.ts.ID, today, data.SessionDiary{AppointmentID: yesterday.ID})
		got := diaryOf(t, b.c)
		wantDiary(t, got[yesterday.ID], data.StatusCompleted, "Treatment session 4 of 6")
		wantDiary(t, got[b.dec10.ID], data.StatusBooked, "Treatment session 5 of 6")
	})
}

func TestNextBooking(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2026, 12, d, 10, 0, 0, 0, time.UTC) }
	list := []data.Appointment{
		{ID: 1, Kind: data.KindTreatment, SeriesID: 4, Start: at(20), Status: data.StatusBooked},
		{ID: 2, Kind: data.KindTreatment, SeriesID: 4, Start: at(10), Status: data.StatusCancelled, StatusReason: "Unwell"},
		{ID: 3, Kind: data.KindTreatment, SeriesID: 5, Start: at(8), Status: data.StatusBooked},
		{ID: 4, Kind: data.KindReview, SeriesID: 4, Start: at(9), Status: data.StatusBooked},
		{ID: 5, Kind: data.KindTreatment, SeriesID: 4, Start: at(1), Status: data.StatusBooked},
		{ID: 6, Kind: data.KindTreatment, SeriesID: 4, Start: at(12), Status: data.StatusBooked},
	}
	if got, ok := data.NextBooking(list, 4, at(2)); !ok || got.ID != 6 {
		t.Errorf("NextBooking() = %d, %v; want 6", got.ID, ok)
	}
	if got, ok := data.NextBooking(list, 4, at(25)); ok {
		t.Errorf("NextBooking() after the last = %d, want none", got.ID)
	}
}
