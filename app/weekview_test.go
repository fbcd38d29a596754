package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// weekText lists what each column of the week shows, a day a line:
// "Sat 28 Nov: 10:00 Bea Lund / Treatment 2/3 · Dr Okafor / Booked; …".
func weekText(w *weekScreen) string {
	var lines []string
	for i, b := range w.dayButtons {
		var items []string
		for _, e := range w.grid.entries {
			if e.col == i {
				items = append(items, strings.Join(w.grid.block(e.a.ID).lines, " / "))
			}
		}
		lines = append(lines, b.Text+": "+strings.Join(items, "; "))
	}
	return strings.Join(lines, "\n")
}

func TestWeekViewNavigates(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	test.Tap(s.weekMode)
	if !s.weekShown() || s.dayBody.Visible() {
		t.Fatal("Week did not show the week")
	}
	at := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.Local) }
	last := store.ranges[len(store.ranges)-1]
	if !last[0].Equal(at(23)) || !last[1].Equal(at(30)) {
		t.Errorf("week loaded %v to %v, want Monday 23 to Monday 30 November", last[0], last[1])
	}
	if got, want := s.week.heading.Text, "Week of 23 – 29 November 2026"; got != want {
		t.Errorf("heading = %q, want %q", got, want)
	}
	want := strings.Join([]string{
		"Mon 23 Nov: ", "Tue 24 Nov: ", "Wed 25 Nov: ", "Thu 26 Nov: ", "Fri 27 Nov: ",
		"Sat 28 Nov: 10:00 Bea Lund / Treatment 2/3 · Dr Okafor / Booked; 11:30 Carl Moss / Consultation · Lena B. / Cancelled",
		"Sun 29 Nov: 09:00 Carl Moss / Review · Dr Okafor / Booked",
	}, "\n")
	if got := weekText(s.week); got != want {
		t.Errorf("week:\n%s\nwant:\n%s", got, want)
	}
	if got, want := s.week.summary.Text, "2 appointments this week. Double-click an appointment to open its day, or click a free time to book there."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if s.week.dayButtons[5].Importance != widget.HighImportance || s.week.dayButtons[4].Importance == widget.HighImportance {
		t.Error("today's column is not the one marked")
	}

	test.Tap(s.week.nextButton)
	if got, want := s.week.heading.Text, "Week of 30 November – 6 December 2026"; got != want {
		t.Errorf("next week heading = %q, want %q", got, want)
	}
	if got := s.week.summary.Text; !strings.HasPrefix(got, "No appointments this week") {
		t.Errorf("empty week summary = %q", got)
	}
	test.Tap(s.week.prevButton)
	test.Tap(s.week.prevButton)
	last = store.ranges[len(store.ranges)-1]
	if !last[0].Equal(at(16)) || !last[1].Equal(at(23)) {
		t.Errorf("previous week loaded %v to %v, want 16 to 23 November", last[0], last[1])
	}
	test.Tap(s.week.thisWeekButton)
	if got, want := s.week.dayButtons[0].Text, "Mon 23 Nov"; got != want {
		t.Errorf("This week starts %q, want %q", got, want)
	}

	// A day's heading opens that day.
	test.Tap(s.week.dayButtons[6])
	if s.weekShown() || !s.dayBody.Visible() {
		t.Fatal("choosing a day did not show the day")
	}
	if got, want := s.heading.Text, "Sunday 29 November 2026"; got != want {
		t.Errorf("day heading = %q, want %q", got, want)
	}
}

func TestWeekViewOpensTheAppointment(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	test.Tap(s.weekMode)
	test.DoubleTap(s.week.grid.block(2)) // Carl Moss's cancelled consultation on Saturday
	if s.weekShown() {
		t.Fatal("choosing an appointment did not open its day")
	}
	if got, want := s.heading.Text, "Saturday 28 November 2026"; got != want {
		t.Errorf("day heading = %q, want %q", got, want)
	}
	a, ok := s.current()
	if !ok || a.ID != 2 {
		t.Fatalf("selected %+v, want appointment 2", a)
	}
	if !s.completeBtn.Disabled() {
		t.Error("a cancelled appointment can be completed from the week")
	}
}

func TestWeekDatesAndNames(t *testing.T) {
	for _, c := range []struct{ day, want int }{{23, 23}, {28, 23}, {29, 23}, {30, 30}} {
		got := mondayOf(time.Date(2026, 11, c.day, 15, 0, 0, 0, time.Local))
		if want := time.Date(2026, 11, c.want, 0, 0, 0, 0, time.Local); !got.Equal(want) {
			t.Errorf("mondayOf(%d Nov) = %v, want %v", c.day, got, want)
		}
	}
	for name, want := range map[string]string{"Dr Amara Okafor": "Dr Okafor", "Marta Kowalska": "Marta K.",
		"Łucja Żak": "Łucja Ż.", "Prof. Ana de la Cruz": "Prof. Cruz", "Lena": "Lena", "": ""} {
		if got := shortStaffName(name); got != want {
			t.Errorf("shortStaffName(%q) = %q, want %q", name, got, want)
		}
	}
	if got, want := weekHeading(time.Date(2026, 12, 28, 0, 0, 0, 0, time.Local)), "28 December 2026 – 3 January 2027"; got != want {
		t.Errorf("weekHeading across the year = %q, want %q", got, want)
	}
}
