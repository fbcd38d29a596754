package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// blockAt says where an appointment's block is drawn in the grid: its
// column by its middle, and its top and bottom as times.
func blockAt(g *diaryGrid, id int64) string {
	b := g.block(id)
	if b == nil {
		return "none"
	}
	w := g.columnWidth(g.Size().Width)
	col := int((b.Position().X + b.Size().Width/2 - gridTimeWidth) / w)
	clock := func(y float32) string {
		m := g.from + int(y/gridPerMinute+0.5)
		return fmt.Sprintf("%02d:%02d", m/60, m%60)
	}
	// A block stands a point inside its slot, clear of the lines.
	return fmt.Sprintf("column %d %s–%s", col, clock(b.Position().Y-1), clock(b.Position().Y+b.Size().Height+1))
}

func TestDayGridPlacesBlocks(t *testing.T) {
	store := newFakeDayStore()
	// A third practitioner works without appointments today; a booking
	// before opening widens the grid.
	store.staff = append(store.staff, data.StaffMember{ID: 5, Name: "Ines Roth", Role: data.RolePractitioner, Active: true},
		data.StaffMember{ID: 6, Name: "Jamal Reid", Role: data.RoleReception, Active: true})
	store.appointments = append(store.appointments, data.Appointment{ID: 4, Kind: data.KindReview, PatientID: 7, PractitionerID: 2,
		Start: time.Date(2026, 11, 28, 8, 30, 0, 0, time.Local), DurationMinutes: 15, Status: data.StatusBooked, Version: 1})
	s := newTestDayScreen(t, store)

	var titles []string
	for _, c := range s.columns {
		titles = append(titles, c.title)
	}
	if got, want := fmt.Sprint(titles), "[Dr Amara Okafor Lena Berg Ines Roth]"; got != want {
		t.Errorf("columns %s, want %s", got, want)
	}
	if got, want := len(s.headings.Objects), 3; got != want {
		t.Errorf("%d column headings, want %d", got, want)
	}
	// Saturday opens 09:00–13:00; the 08:30 review starts the grid at 08:00.
	if s.grid.from != 8*60 || s.grid.to != 13*60 {
		t.Errorf("grid from %d to %d minutes, want 08:00 to 13:00", s.grid.from, s.grid.to)
	}
	for id, want := range map[int64]string{1: "column 0 10:00–11:00", 2: "column 1 11:30–12:00", 4: "column 1 08:30–08:45"} {
		if got := blockAt(s.grid, id); got != want {
			t.Errorf("appointment %d at %s, want %s", id, got, want)
		}
	}

	// Two appointments sharing time in one column stand side by side.
	store.appointments = append(store.appointments, data.Appointment{ID: 5, Kind: data.KindConsultation, PatientID: 7, PractitionerID: 2,
		Start: time.Date(2026, 11, 28, 11, 30, 0, 0, time.Local), DurationMinutes: 30, Status: data.StatusBooked, Version: 1})
	s.load()
	cancelled, rebooked := s.grid.block(2), s.grid.block(5)
	if cancelled.Position().Y != rebooked.Position().Y || cancelled.Position().X == rebooked.Position().X ||
		cancelled.Size().Width > s.grid.columnWidth(s.grid.Size().Width)/2 {
		t.Errorf("overlapping blocks at %v %v and %v %v, want side by side", cancelled.Position(), cancelled.Size(),
			rebooked.Position(), rebooked.Size())
	}
	if s.grid.block(1).Size().Width < s.grid.columnWidth(s.grid.Size().Width)-10 {
		t.Error("a block alone in its time does not take its column's width")
	}
}

func TestDayGridByRoom(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)
	if !s.columnsBy.Visible() {
		t.Fatal("the choice of rooms is hidden on a day that names a room")
	}
	s.columnsBy.SetSelected(columnsByRoom)
	var titles []string
	for _, c := range s.columns {
		titles = append(titles, c.title)
	}
	if got, want := fmt.Sprint(titles), "[Room 1 No room]"; got != want {
		t.Errorf("room columns %s, want %s", got, want)
	}
	if got, want := blockAt(s.grid, 2), "column 1 11:30–12:00"; got != want {
		t.Errorf("the consultation without a room at %s, want %s", got, want)
	}
	if got, want := s.grid.block(1).lines[1], "Treatment session 2 of 3 · Dr Okafor"; got != want {
		t.Errorf("in a room's column the block says %q, want %q", got, want)
	}

	test.TapAt(s.grid, fyne.NewPos(gridTimeWidth+10, s.grid.y(12*60)+5))
	f := s.newForm
	if f == nil {
		t.Fatal("a tap on an empty slot opened no booking form")
	}
	if got, want := f.room.Text, "Room 1"; got != want {
		t.Errorf("room = %q, want %q", got, want)
	}

	s.newForm.dialog.Hide()
	drag(s.grid.block(1), 1, s.grid.y(12*60)) // from Room 1 to no room
	if m := s.moveForm; m == nil || m.room.Text != "" || m.practitioner.Selected != "Dr Amara Okafor" || m.clock.Text != "12:00" {
		t.Error("a drop in the column of no room did not propose the move there, with the same practitioner")
	}

	test.Tap(s.nextButton) // Sunday: no rooms named
	if s.columnsBy.Visible() {
		t.Error("the choice of rooms shows on a day that names none")
	}
}

// TestDayGridSelectsAsTheButtonGoesDown: the appointment is chosen when the
// mouse button goes down, without waiting to see whether a double click
// comes; the right button chooses nothing.
func TestDayGridSelectsAsTheButtonGoesDown(t *testing.T) {
	s := newTestDayScreen(t, newFakeDayStore())
	s.grid.block(2).MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonSecondary})
	if a, ok := s.current(); ok && a.ID == 2 {
		t.Error("the right button chose the appointment")
	}
	s.grid.block(2).MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	if a, ok := s.current(); !ok || a.ID != 2 || !s.grid.block(2).selected {
		t.Errorf("chosen %+v as the button went down on the second block", a)
	}
}

func TestDayGridTapSelectsAndDoubleTapOpens(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)
	var opened []int64
	s.openPatient = func(id int64) { opened = append(opened, id) }

	test.Tap(s.grid.block(1))
	if a, ok := s.current(); !ok || a.ID != 1 {
		t.Fatalf("selected %+v after a tap on Bea Lund's block", a)
	}
	if !s.grid.block(1).selected || s.grid.block(2).selected {
		t.Error("the tapped block is not the one marked")
	}
	if s.checkInButton.Disabled() || s.moveButton.Disabled() {
		t.Error("check in and move are disabled for the selected booked appointment")
	}
	if got := s.win.Canvas().Focused(); got != s.grid {
		t.Errorf("focus on %T after a tap, want the grid, for the keyboard", got)
	}

	// The keyboard: Down to the next appointment, Enter opens it.
	s.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if a, _ := s.current(); a.ID != 2 || !s.grid.block(2).selected || s.grid.block(1).selected {
		t.Errorf("Down selected %d, want 2", a.ID)
	}
	s.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got, want := fmt.Sprint(opened), "[9]"; got != want || s.moveForm != nil {
		t.Errorf("Enter on the cancelled consultation opened patients %s (form %v), want its patient's record %s", got, s.moveForm != nil, want)
	}

	// A double tap on an appointment still to come opens it in the
	// booking form, to move or change it.
	test.DoubleTap(s.grid.block(1))
	if s.moveForm == nil || s.moveForm.loaded.ID != 1 {
		t.Fatal("a double tap on a booked appointment did not open it")
	}
	if a, _ := s.current(); a.ID != 1 {
		t.Errorf("selected %d after the double tap, want 1", a.ID)
	}
}

func TestDayGridTapOnEmptySlotBooks(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)
	test.Tap(s.grid.block(1))

	w := s.grid.columnWidth(s.grid.Size().Width)
	test.TapAt(s.grid, fyne.NewPos(gridTimeWidth+w*1.5, s.grid.y(12*60+20)))
	f := s.newForm
	if f == nil {
		t.Fatal("a tap on an empty slot opened no booking form")
	}
	if f.date.Text != "28/11/2026" || f.clock.Text != "12:15" {
		t.Errorf("proposed %s %s, want the slot's quarter hour, 28/11/2026 12:15", f.date.Text, f.clock.Text)
	}
	if got, want := f.practitioner.Selected, "Lena Berg"; got != want {
		t.Errorf("practitioner = %q, want the column's %q", got, want)
	}
	if _, ok := s.current(); ok {
		t.Error("the appointment tapped before is still selected")
	}
	test.Type(f.patientQuery, "lund")
	f.patientQuery.OnSubmitted(f.patientQuery.Text)
	test.Tap(f.saveButton)
	a, ok := s.current()
	if !ok || a.PatientID != 7 || a.PractitionerID != 2 || a.TimeRange() != "12:15–12:45" {
		t.Errorf("booked and selected %+v, want Bea Lund with Lena Berg at 12:15", a)
	}
	if got, want := blockAt(s.grid, a.ID), "column 1 12:15–12:45"; got != want {
		t.Errorf("the new appointment at %s, want %s", got, want)
	}

	n := len(store.appointments)
	test.TapAt(s.grid, fyne.NewPos(gridTimeWidth/2, s.grid.y(12*60)))
	if s.newForm != nil {
		t.Error("a tap on the hours opened a booking form")
	}
	if len(store.appointments) != n {
		t.Error("a tap on the hours booked")
	}
}

func TestDiaryNowLineOnTodayOnly(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store) // Saturday 28 November, 09:15

	if !s.grid.nowLine.Visible() {
		t.Fatal("no line at the current time today")
	}
	if got, want := s.grid.nowLine.Position().Y+1, s.grid.y(9*60+15); got != want {
		t.Errorf("the line at y %v, want %v (09:15)", got, want)
	}
	if got, want := s.grid.nowLine.Size().Width, s.grid.Size().Width-gridTimeWidth+6; got < want-1 {
		t.Errorf("the line is %v wide, want across every column (%v)", got, want)
	}
	s.now = func() time.Time { return dayNow.Add(90 * time.Minute) }
	s.tick()
	if got, want := s.grid.nowLine.Position().Y+1, s.grid.y(10*60+45); got != want {
		t.Errorf("after a tick the line at y %v, want %v (10:45)", got, want)
	}
	s.now = func() time.Time { return dayNow }
	s.tick()

	test.Tap(s.nextButton)
	if s.grid.nowLine.Visible() {
		t.Error("the line at the current time shows on tomorrow")
	}

	test.Tap(s.weekMode)
	g := s.week.grid
	if !g.nowLine.Visible() {
		t.Fatal("no line at the current time in this week")
	}
	w := g.columnWidth(g.Size().Width)
	if got, want := g.nowLine.Position().X+6, gridTimeWidth+5*w; got != want || g.nowLine.Size().Width > w+7 {
		t.Errorf("the week's line at x %v, %v wide; want Saturday's column only, at %v", got, g.nowLine.Size().Width, want)
	}
	test.Tap(s.week.nextButton)
	if g.nowLine.Visible() {
		t.Error("the line at the current time shows in next week")
	}
}

func TestWeekGridPlacesAndBooks(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)
	test.Tap(s.weekMode)
	g := s.week.grid

	// Monday to Friday 09:00–18:00 and Saturday to 13:00: 09:00–18:00.
	if g.from != 9*60 || g.to != 18*60 {
		t.Errorf("week from %d to %d minutes, want 09:00 to 18:00", g.from, g.to)
	}
	for id, want := range map[int64]string{1: "column 5 10:00–11:00", 2: "column 5 11:30–12:00", 3: "column 6 09:00–09:15"} {
		if got := blockAt(g, id); got != want {
			t.Errorf("appointment %d at %s, want %s", id, got, want)
		}
	}
	test.Tap(g.block(1))
	if !s.weekShown() || !g.block(1).selected {
		t.Fatal("a tap in the week left it or did not select")
	}
	if want := "Sat 28 Nov 10:00–11:00: Bea Lund, Treatment session 2 of 3 with Dr Amara Okafor (Booked)."; !strings.HasPrefix(s.week.summary.Text, want) {
		t.Errorf("summary = %q, want it to start %q", s.week.summary.Text, want)
	}

	w := g.columnWidth(g.Size().Width)
	test.TapAt(g, fyne.NewPos(gridTimeWidth+w*2.5, g.y(14*60+40)))
	f := s.newForm
	if f == nil {
		t.Fatal("a tap on an empty slot of the week opened no booking form")
	}
	if f.date.Text != "25/11/2026" || f.clock.Text != "14:30" {
		t.Errorf("proposed %s %s, want Wednesday's slot, 25/11/2026 14:30", f.date.Text, f.clock.Text)
	}
}

func TestBlockTextFitsItsLength(t *testing.T) {
	b := &appointmentBlock{lines: []string{"10:00 Bea Lund", "Review", "Bring the photos", "Booked"}}
	for n, want := range map[int]string{
		1: "10:00 Bea Lund · Booked",
		2: "10:00 Bea Lund / Booked · Review",
		3: "10:00 Bea Lund / Review / Booked · Bring the photos",
		4: "10:00 Bea Lund / Review / Bring the photos / Booked",
		6: "10:00 Bea Lund / Review / Bring the photos / Booked",
	} {
		if got := strings.Join(b.text(n), " / "); got != want {
			t.Errorf("in %d lines %q, want %q", n, got, want)
		}
	}
	if got, want := ellipsize("Treatment session 2 of 3", 60, 14, fyne.TextStyle{}), "Treatm…"; !strings.HasSuffix(got, "…") ||
		fyne.MeasureText(got, 14, fyne.TextStyle{}).Width > 60 || len(got) >= len("Treatment session 2 of 3") {
		t.Errorf("ellipsized to %q, want something like %q that fits", got, want)
	}
}

// drag drags b by the point 10,10 inside it so that its top lands at y
// in column col of its grid, and lets go.
func drag(b *appointmentBlock, col int, y float32) {
	g := b.grid
	pointer := fyne.NewPos(gridTimeWidth+(float32(col)+0.5)*g.columnWidth(g.Size().Width), y+10)
	at := pointer.Subtract(b.Position())
	b.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: at}, Dragged: fyne.NewDelta(at.X-10, at.Y-10)})
	b.DragEnd()
}

func TestDayGridDragMoves(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	drag(s.grid.block(2), 0, s.grid.y(12*60)) // the cancelled consultation
	if s.moveForm != nil {
		t.Fatal("a cancelled appointment was dragged to move")
	}

	// Bea Lund's 10:00 with Dr Okafor, dropped near 12:05 in Lena Berg's
	// column: the form asks to move it there at 12:00.
	drag(s.grid.block(1), 1, s.grid.y(12*60+5))
	f := s.moveForm
	if f == nil {
		t.Fatal("a drop opened no form to move the appointment")
	}
	if f.date.Text != "28/11/2026" || f.clock.Text != "12:00" || f.practitioner.Selected != "Lena Berg" {
		t.Errorf("the form proposes %s %s with %s, want 28/11/2026 12:00 with Lena Berg", f.date.Text, f.clock.Text, f.practitioner.Selected)
	}
	if got, want := blockAt(s.grid, 1), "column 0 10:00–11:00"; got != want {
		t.Errorf("before the move is saved the block is at %s, want back at %s", got, want)
	}
	test.Tap(f.saveButton)
	if len(store.moved) != 1 || store.moved[0].PractitionerID != 2 || store.moved[0].TimeRange() != "12:00–13:00" {
		t.Fatalf("moved %+v, want appointment 1 with Lena Berg at 12:00", store.moved)
	}
	if got, want := blockAt(s.grid, 1), "column 1 12:00–13:00"; got != want {
		t.Errorf("after the move the block is at %s, want %s", got, want)
	}
	if a, ok := s.current(); !ok || a.ID != 1 {
		t.Errorf("selected %+v after the move, want appointment 1", a)
	}
}

func TestWeekGridDragMoves(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)
	test.Tap(s.weekMode)
	g := s.week.grid

	drag(g.block(1), 4, g.y(14*60)) // Saturday 10:00 to Friday 14:00
	f := s.moveForm
	if f == nil {
		t.Fatal("a drop in the week opened no form to move the appointment")
	}
	if f.date.Text != "27/11/2026" || f.clock.Text != "14:00" || f.practitioner.Selected != "Dr Amara Okafor" {
		t.Errorf("the form proposes %s %s with %s, want 27/11/2026 14:00 with Dr Amara Okafor", f.date.Text, f.clock.Text, f.practitioner.Selected)
	}
	test.Tap(f.saveButton)
	if !s.weekShown() {
		t.Fatal("a move in the week left the week")
	}
	if got, want := blockAt(g, 1), "column 4 14:00–15:00"; got != want || !g.block(1).selected {
		t.Errorf("after the move the block is at %s (selected %v), want %s", got, g.block(1).selected, want)
	}
}

func TestWeekGridPractitionerFilter(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)
	test.Tap(s.weekMode)
	w := s.week

	if got, want := fmt.Sprint(w.practitioner.Options), "[All practitioners Dr Amara Okafor Lena Berg]"; got != want {
		t.Fatalf("practitioners offered %s, want %s", got, want)
	}
	w.practitioner.SetSelected("Lena Berg")
	if got, want := weekText(w), strings.Join([]string{
		"Mon 23 Nov: ", "Tue 24 Nov: ", "Wed 25 Nov: ", "Thu 26 Nov: ", "Fri 27 Nov: ",
		"Sat 28 Nov: 11:30 Carl Moss / Consultation · Lena B. / Cancelled", "Sun 29 Nov: ",
	}, "\n"); got != want {
		t.Errorf("Lena Berg's week:\n%s\nwant:\n%s", got, want)
	}
	g := w.grid
	test.TapAt(g, fyne.NewPos(gridTimeWidth+g.columnWidth(g.Size().Width)*0.5, g.y(15*60)))
	if f := s.newForm; f == nil || f.practitioner.Selected != "Lena Berg" || f.date.Text != "23/11/2026" || f.clock.Text != "15:00" {
		t.Errorf("a tap in Lena Berg's week did not book with her on Monday 23 at 15:00")
	}

	test.Tap(w.nextButton)
	if got := w.practitioner.Selected; got != "Lena Berg" {
		t.Errorf("the next week shows %q, want Lena Berg's still", got)
	}
}

// BenchmarkDayGridShow shows a busy day, 100 appointments of five
// practitioners, again, as a live refresh does.
func BenchmarkDayGridShow(b *testing.B) {
	test.NewTempApp(b)
	store := newFakeDayStore()
	store.appointments = nil
	for i := range 100 {
		id := int64(i%5 + 1)
		if i < 5 {
			store.staff = append(store.staff, data.StaffMember{ID: id + 10, Name: fmt.Sprint("Practitioner ", id), Role: data.RolePractitioner, Active: true})
		}
		store.appointments = append(store.appointments, data.Appointment{ID: int64(i + 1), Kind: data.KindReview, PatientID: 7,
			PractitionerID: id + 10, Start: time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local).Add(time.Duration(i/5*20) * time.Minute),
			DurationMinutes: 20, Status: data.StatusBooked, PatientName: "Bea Lund", PractitionerName: fmt.Sprint("Practitioner ", id)})
	}
	w := test.NewTempWindow(b, nil)
	s := newDayScreen(w, store, data.DayFirst, func() time.Time { return dayNow })
	s.worker.inline = true
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(1280, 760))
	s.load()
	l, err := loadDiary(context.Background(), store, s.day, s.day.AddDate(0, 0, 1))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		s.show(l)
	}
}
