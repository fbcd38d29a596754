package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// hover rests the pointer on b, as the desktop driver does.
func hover(b *reasonButton) { b.MouseIn(&desktop.MouseEvent{}) }

// TestReasonButton: a disabled button's reason shows on hover and on tap
// and goes on MouseOut or once the button is enabled; an enabled button
// acts and explains nothing; the hint line keeps its height.
func TestReasonButton(t *testing.T) {
	test.NewTempApp(t)
	hint := newHintLine()
	empty := hint.label.MinSize().Height
	taps := 0
	b := newReasonButton("Cancel…", nil, func() { taps++ }, hint)
	test.NewTempWindow(t, widget.NewLabel("")).SetContent(b)

	b.setEnabled("nothing to cancel.")
	hover(b)
	if got, want := hint.text(), "Cancel: nothing to cancel."; got != want {
		t.Errorf("hovered, the hint = %q, want %q", got, want)
	}
	if got := hint.label.MinSize().Height; got != empty {
		t.Errorf("the hint line is %v high with a reason, %v without", got, empty)
	}
	b.MouseOut()
	if got := hint.text(); got != "" {
		t.Errorf("after MouseOut the hint = %q, want none", got)
	}
	test.Tap(b)
	if got, want := hint.text(), "Cancel: nothing to cancel."; got != want {
		t.Errorf("tapped, the hint = %q, want %q", got, want)
	}
	if taps != 0 {
		t.Error("a disabled button acted on a tap")
	}
	b.setEnabled("")
	if got := hint.text(); got != "" {
		t.Errorf("enabled, the hint still says %q", got)
	}
	hover(b)
	test.Tap(b)
	if taps != 1 || hint.text() != "" {
		t.Errorf("enabled: %d taps acted, hint %q; want 1 and none", taps, hint.text())
	}
	b.Disable() // while saving: nothing to explain
	test.Tap(b)
	if got := hint.text(); got != "" {
		t.Errorf("disabled while saving, the hint = %q, want none", got)
	}
}

// TestDayViewSaysWhyNothingSelected: with no appointment chosen, each
// button of the diary says to choose one; choosing one that can be
// checked in takes the reason away.
func TestDayViewSaysWhyNothingSelected(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	hover(s.checkInButton)
	if got, want := s.hint.text(), "Check in: choose an appointment in the diary first."; got != want {
		t.Errorf("hovered, the hint = %q, want %q", got, want)
	}
	s.checkInButton.MouseOut()
	if got := s.hint.text(); got != "" {
		t.Errorf("after MouseOut the hint = %q", got)
	}
	test.Tap(s.moveButton)
	if got, want := s.hint.text(), "Move: choose an appointment in the diary first."; got != want {
		t.Errorf("tapped, the hint = %q, want %q", got, want)
	}
	selectRow(s, 0) // Bea Lund's treatment, booked for today
	if got := s.hint.text(); got != "" {
		t.Errorf("once Move is enabled the hint still says %q", got)
	}
	if len(store.moves) != 0 || s.moveForm != nil {
		t.Error("tapping a disabled button acted")
	}
}

// TestDayViewSaysWhyForAnAppointment: the reasons name what stands in the
// way for the appointment chosen, and follow the selection.
func TestDayViewSaysWhyForAnAppointment(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	selectRow(s, 0) // booked treatment
	for b, want := range map[*reasonButton]string{
		s.completeBtn: "Complete: check Bea Lund in first; a treatment is then completed by logging its session.",
		s.undoButton:  "Undo check-in: there is no check-in or no-show to undo.",
	} {
		hover(b)
		if got := s.hint.text(); got != want {
			t.Errorf("hint = %q, want %q", got, want)
		}
		b.MouseOut()
	}
	test.Tap(s.completeBtn)
	selectRow(s, 1) // Carl Moss's cancelled consultation
	if got, want := s.hint.text(), "Complete: a cancelled appointment cannot change: book a new one."; got != want {
		t.Errorf("the hint follows the selection: %q, want %q", got, want)
	}
	hover(s.moveButton)
	if got, want := s.hint.text(), "Move: a cancelled appointment cannot be moved: book a new one."; got != want {
		t.Errorf("hint = %q, want %q", got, want)
	}
	s.moveButton.MouseOut()

	selectRow(s, 0)
	test.Tap(s.checkInButton) // enabled: it checks Bea Lund in
	if got, want := len(store.moves), 1; got != want {
		t.Fatalf("%d status changes, want %d", got, want)
	}
	if got := s.hint.text(); got != "" {
		t.Errorf("an enabled button's tap left the hint %q", got)
	}
	test.Tap(s.checkInButton)
	if got, want := s.hint.text(), "Check in: Bea Lund is already checked in."; got != want {
		t.Errorf("hint = %q, want %q", got, want)
	}
}

// TestDayViewReceptionHasNoCompleteToExplain: reception does not see
// Complete for a treatment at all, so there is no reason to give.
func TestDayViewReceptionHasNoCompleteToExplain(t *testing.T) {
	store := newFakeDayStore()
	store.me = &data.Actor{StaffID: 3, Name: "Jamal Reid", Role: data.RoleReception}
	s := newTestDayScreen(t, store)

	selectRow(s, 0)
	if s.completeBtn.Visible() {
		t.Fatal("reception sees Complete for a treatment")
	}
	hover(s.completeBtn)
	if got := s.hint.text(); got != "" {
		t.Errorf("a hidden button explained itself: %q", got)
	}
}

// TestRecallSaysWhy: the recall list's buttons say to choose a row, and a
// row whose session cannot be booked from here says why.
func TestRecallSaysWhy(t *testing.T) {
	s := newTestRecall(t, recallFixture())

	hover(s.markButton)
	if got, want := s.hint.text(), "Mark called: choose a patient in the list first."; got != want {
		t.Errorf("hint = %q, want %q", got, want)
	}
	s.markButton.MouseOut()
	s.table.Select(widget.TableCellID{Row: 1, Col: 1}) // Bea Lund, a missed appointment
	test.Tap(s.bookButton)
	if got, want := s.hint.text(), "Book next session: the reasons to call Bea Lund are not about one series: book from the diary."; got != want {
		t.Errorf("hint = %q, want %q", got, want)
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 1}) // Amara Osei, a session overdue
	if got := s.hint.text(); got != "" {
		t.Errorf("once Book is enabled the hint still says %q", got)
	}
}

// TestLotLookupSaysWhy: before a search, after one that found nobody, and
// with no row chosen, the look-up says what Open patient and Copy list
// wait for.
func TestLotLookupSaysWhy(t *testing.T) {
	store := &fakeLotStore{uses: map[string][]data.LotUse{"DP4-2612C": {
		{PatientID: 7, PatientName: "Amara Osei", SessionID: 31, PerformedAt: dayNow, Which: "cartridge", Lot: "DP4-2612C"},
	}}}
	s := newTestLotLookup(t, store)
	hint := func(b *reasonButton) string {
		hover(b)
		defer b.MouseOut()
		return s.hint.text()
	}
	if got, want := hint(s.copyButton), "Copy list: look up a lot first."; got != want {
		t.Errorf("before a search: %q, want %q", got, want)
	}
	test.Type(s.lot, "XX-1")
	test.Tap(s.searchButton)
	if got, want := hint(s.openButton), "Open patient: no patient was treated with lot XX-1."; got != want {
		t.Errorf("after finding nobody: %q, want %q", got, want)
	}
	s.lot.SetText("DP4-2612C")
	test.Tap(s.searchButton)
	if got, want := hint(s.openButton), "Open patient: choose a row of the results first."; got != want {
		t.Errorf("with no row chosen: %q, want %q", got, want)
	}
	if got := hint(s.copyButton); got != "" {
		t.Errorf("Copy list is enabled yet explains %q", got)
	}
}

// TestPatientAppointmentsSaysWhy: Move says why in the status's place,
// and the status comes back when the reason goes.
func TestPatientAppointmentsSaysWhy(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	store.appointments = []data.Appointment{{ID: 2, Kind: data.KindReview, PatientID: 1, PractitionerID: 7,
		Start: dayNow.Add(time.Hour), DurationMinutes: 15, Status: data.StatusCancelled}}
	s := newTestScreen(t, store)
	s.list.Select(0)
	s.tabs.SelectIndex(2)
	v := s.appointments
	v.setStatus("Saved.")

	hover(v.moveButton)
	if got, want := v.hint.text(), "Move: choose an appointment under Today and upcoming first."; got != want {
		t.Errorf("hint = %q, want %q", got, want)
	}
	if v.status.Visible() {
		t.Error("the status shows under the reason")
	}
	v.moveButton.MouseOut()
	if !v.status.Visible() {
		t.Error("the status did not come back after the reason")
	}
	v.upcomingTable.Select(widget.TableCellID{Row: 0, Col: 0})
	test.Tap(v.moveButton)
	if got, want := v.hint.text(), "Move: a cancelled appointment cannot be moved: book a new one."; got != want {
		t.Errorf("hint = %q, want %q", got, want)
	}
}
