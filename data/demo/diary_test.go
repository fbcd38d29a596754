package demo_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/demo"
	"needlepoint/data/sqlstore"
)

// diaryOf fills a demo database of n patients and returns it with every
// appointment in it, the earliest first.
func diaryOf(t *testing.T, n int) (*sqlstore.Store, []data.Appointment) {
	t.Helper()
	ctx := context.Background()
	s := mustOpen(t)
	if err := demo.Fill(ctx, s, n, 1, nil); err != nil {
		t.Fatalf("Fill: %v", err)
	}
	list, err := s.Appointments(ctx, today.AddDate(-7, 0, 0), today.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatal("Fill made no appointments")
	}
	return s, list
}

func TestFillDiary(t *testing.T) {
	const n = 300
	ctx := context.Background()
	s, list := diaryOf(t, n)
	statuses := map[data.AppointmentStatus]int{}
	for _, a := range list {
		statuses[a.Status]++
	}
	t.Logf("%d appointments: %v", len(list), statuses)

	t.Run("StatusesValid", func(t *testing.T) {
		for _, a := range list {
			if err := a.Validate(); err != nil {
				t.Errorf("appointment %d: %v", a.ID, err)
			}
			end := a.End()
			switch a.Status {
			case data.StatusBooked:
				if a.Start.Before(today) {
					t.Errorf("appointment %d at %v is still booked, before now (%v)", a.ID, a.Start, today)
				}
			case data.StatusCheckedIn:
				if !a.Start.Before(today) || !end.After(today) {
					t.Errorf("appointment %d from %v to %v checked in, not under way now", a.ID, a.Start, end)
				}
			case data.StatusCompleted, data.StatusNoShow:
				if end.After(today) {
					t.Errorf("appointment %d ends %v, after now, and is %s", a.ID, end, a.Status)
				}
			}
		}
		for _, st := range []data.AppointmentStatus{data.StatusBooked, data.StatusCompleted, data.StatusNoShow, data.StatusCancelled} {
			if statuses[st] == 0 {
				t.Errorf("no appointment is %s; got %v", st, statuses)
			}
		}
	})

	t.Run("WeekSoFar", func(t *testing.T) {
		monday := data.DateOf(today).AddDate(0, 0, -(int(today.Weekday())+6)%7)
		held := map[data.AppointmentStatus]int{}
		for _, a := range list {
			if data.DateOf(a.Start).Equal(monday) {
				held[a.Status]++
			}
		}
		if held[data.StatusCompleted] < 8 {
			t.Errorf("Monday of this week, %s, shows %v: want a full day that took place", monday.Format("2 Jan"), held)
		}
	})

	t.Run("SessionsToLogToday", func(t *testing.T) {
		sessions := 0
		for _, a := range list {
			if a.Kind == data.KindTreatment && data.DateOf(a.Start).Equal(data.DateOf(today)) {
				sessions++
			}
		}
		if sessions == 0 {
			t.Error("today's diary has no treatment session for a newcomer to log")
		}
	})

	t.Run("OpeningHours", func(t *testing.T) {
		for _, a := range list {
			opens, closes := 9*60, 18*60
			switch a.Start.Weekday() {
			case time.Sunday:
				t.Errorf("appointment %d on a Sunday, %v", a.ID, a.Start)
			case time.Saturday:
				closes = 13 * 60
			}
			from := a.Start.Hour()*60 + a.Start.Minute()
			if from%15 != 0 || a.Start.Second() != 0 || from < opens || from+a.DurationMinutes > closes {
				t.Errorf("appointment %d from %s for %d minutes, want 15-minute steps within %d:00–%d:00",
					a.ID, a.Start.Format("Mon 2 Jan 15:04:05"), a.DurationMinutes, opens/60, closes/60)
			}
		}
	})

	t.Run("NoClash", func(t *testing.T) {
		last := map[int64]data.Appointment{}
		for _, a := range list { // earliest first
			if a.Status == data.StatusCancelled || a.Status == data.StatusNoShow {
				continue
			}
			if b, ok := last[a.PractitionerID]; ok && b.End().After(a.Start) {
				t.Errorf("%s has appointments %d (%v) and %d (%v) at once", a.PractitionerName, b.ID, b.Start, a.ID, a.Start)
			}
			if b, ok := last[a.PractitionerID]; !ok || a.End().After(b.End()) {
				last[a.PractitionerID] = a
			}
		}
	})

	t.Run("SessionsAttended", func(t *testing.T) {
		completed := map[string]bool{}
		series := map[int64]bool{}
		for _, a := range list {
			if a.Kind == data.KindTreatment {
				series[a.SeriesID] = true
			}
			if a.Kind == data.KindTreatment && a.Status == data.StatusCompleted {
				completed[fmt.Sprint(a.SeriesID, a.PractitionerID, a.Start.UTC())] = true
			}
		}
		matched := 0
		for id := range series {
			sessions, err := s.SeriesSessions(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range sessions {
				key := fmt.Sprint(id, x.PractitionerID, x.PerformedAt.UTC())
				if !completed[key] {
					t.Errorf("session %d of series %d at %v has no completed appointment", x.ID, id, x.PerformedAt)
				}
				delete(completed, key)
				matched++
			}
		}
		for key := range completed {
			t.Errorf("completed treatment appointment %s has no session logged", key)
		}
		if matched == 0 {
			t.Error("no session has its appointment")
		}
	})

	t.Run("ConsultationsAttended", func(t *testing.T) {
		held := map[string]bool{}
		for _, a := range list {
			if a.Kind == data.KindConsultation && a.Status == data.StatusCompleted {
				held[fmt.Sprint(a.PatientID, data.DateOf(a.Start))] = true
			}
		}
		consulted := 0
		for id := int64(1); id <= n; id++ {
			list, err := s.Consultations(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range list {
				consulted++
				if !held[fmt.Sprint(id, c.ConsultedOn)] {
					t.Errorf("patient %d: consultation on %v has no completed appointment that day", id, c.ConsultedOn)
				}
			}
		}
		if consulted == 0 {
			t.Error("no consultation on file")
		}
	})

	t.Run("FullDays", func(t *testing.T) {
		perDay := map[string]int{}
		for _, a := range list {
			perDay[a.PractitionerName+" "+a.Start.Format(time.DateOnly)]++
		}
		staff, err := s.Staff(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 14 {
			day := today.AddDate(0, 0, i)
			for _, m := range staff {
				if !m.Active || m.Role != data.RolePractitioner {
					continue
				}
				got, least := perDay[m.Name+" "+day.Format(time.DateOnly)], 8
				switch day.Weekday() {
				case time.Sunday:
					least = 0
				case time.Saturday:
					least = 5
				}
				if got < least || got > 20 {
					t.Errorf("%s has %d appointments on %s, want %d to 20", m.Name, got, day.Format("Mon 2 Jan"), least)
				}
			}
		}
	})

	t.Run("RecallCases", func(t *testing.T) {
		recall, err := s.Recall(ctx, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"overdue", "Did not attend", "review due"} {
			found := false
			for _, e := range recall {
				found = found || strings.Contains(e.Reason, want)
			}
			if !found {
				t.Errorf("no recall entry says %q among %d", want, len(recall))
			}
		}
	})

	t.Run("SameSeedSameDiary", func(t *testing.T) {
		_, again := diaryOf(t, n)
		trail := func(list []data.Appointment) []string {
			var out []string
			for _, a := range list {
				out = append(out, fmt.Sprint(a.ID, a.Kind, a.PatientID, a.PractitionerID, a.SeriesID,
					a.Start.UTC(), a.DurationMinutes, a.Status, a.StatusReason, a.Notes))
			}
			sort.Strings(out)
			return out
		}
		if !reflect.DeepEqual(trail(list), trail(again)) {
			t.Error("two fills with seed 1 made different diaries")
		}
	})
}
