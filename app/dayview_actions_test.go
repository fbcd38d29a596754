package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// Tests of what the desk does with an appointment of the day view; the
// fake diary and its helpers are in dayview_test.go.

func TestDayViewCheckInShowsContraindication(t *testing.T) {
	store := newFakeDayStore() // no screening on file
	s := newTestDayScreen(t, store)

	selectRow(s, 0)
	test.Tap(s.checkInButton)
	text := overlayText(s.win.Canvas())
	for _, want := range []string{": Contraindicated", "No screening on file", "overrides the check with a written reason"} {
		if !strings.Contains(text, want) {
			t.Errorf("the check-in dialog lacks %q:\n%s", want, text)
		}
	}
	// Checking in is arrival, not treatment: it is recorded all the same.
	if got, want := s.appointments[0].Status, data.StatusCheckedIn; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
}

func TestDayViewCheckInOtherKindsRunNoCheck(t *testing.T) {
	store := newFakeDayStore()
	store.appointments[2].Start = dayNow.Add(3 * time.Hour) // the review, today
	s := newTestDayScreen(t, store)

	selectRow(s, 2)
	test.Tap(s.checkInButton)
	if got, want := len(store.moves), 1; got != want {
		t.Fatalf("%d status changes, want %d", got, want)
	}
	if text := overlayText(s.win.Canvas()); text != "" {
		t.Errorf("a review check-in opened a dialog:\n%s", text)
	}
}

func checkedIn(t *testing.T, store *fakeDayStore) (*dayScreen, *[]func()) {
	t.Helper()
	store.appointments[0].Status = data.StatusCheckedIn
	s := newTestDayScreen(t, store)
	var opened []func()
	s.openSessionLog = func(a data.Appointment, saved func()) {
		if a.ID != 1 || a.SeriesID != 4 || a.PatientID != 7 || a.PatientName != "Bea Lund" {
			t.Errorf("session log opened for %+v", a)
		}
		opened = append(opened, saved)
	}
	selectRow(s, 0)
	return s, &opened
}

func TestDayViewCompleteTreatmentWhenSessionSaved(t *testing.T) {
	store := newFakeDayStore()
	s, opened := checkedIn(t, store)

	if s.completeBtn.Disabled() {
		t.Fatal("Complete is disabled for a checked-in treatment")
	}
	test.Tap(s.completeBtn)
	if got, want := len(*opened), 1; got != want {
		t.Fatalf("%d session logs opened, want %d", got, want)
	}
	if len(store.moves) != 0 {
		t.Fatalf("completed before the session was saved: %+v", store.moves)
	}
	if !strings.Contains(s.summary.Text, "completed when the session is saved") {
		t.Errorf("summary = %q", s.summary.Text)
	}

	// The store completes the appointment in the session's own save; the
	// diary only reads it again.
	store.appointments[0].Status = data.StatusCompleted
	(*opened)[0]()
	if len(store.moves) != 0 {
		t.Errorf("the day view changed the status itself: %+v", store.moves)
	}
	if got, want := s.appointments[0].Status, data.StatusCompleted; got != want {
		t.Errorf("status = %q after the session was saved, want %q", got, want)
	}
}

// TestDayViewCompleteLogsSessionForAppointment opens the real session log
// from Complete: the session saved names the appointment, which the store
// completes in the same transaction.
func TestDayViewCompleteLogsSessionForAppointment(t *testing.T) {
	store := newFakeDayStore()
	store.appointments[0].Status = data.StatusCheckedIn
	store.screening = &data.Screening{PatientID: 7, ScreenedOn: dayNow.AddDate(0, -1, 0)}
	s := newTestDayScreen(t, store)
	selectRow(s, 0)
	test.Tap(s.completeBtn)
	f := s.sessionLog
	if f == nil {
		t.Fatal("Complete opened no session log")
	}
	for deadline := time.Now().Add(5 * time.Second); f.saveButton.Disabled(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the session log did not load")
		}
	}
	f.worker.inline = true
	f.practitioner.SetSelected("Dr Amara Okafor")
	f.areaRows[0].area.SetSelected("Cheeks")
	f.areaRows[0].depth.SetText("1")
	test.Tap(f.saveButton)
	if got := store.logged; len(got) != 1 || got[0].Diary.AppointmentID != 1 {
		t.Fatalf("logged %+v, want one session for appointment 1 (%s)", got, f.status.Text)
	}
}

func TestDayViewCompleteTreatmentClosedUnsaved(t *testing.T) {
	store := newFakeDayStore()
	s, opened := checkedIn(t, store)

	test.Tap(s.completeBtn)
	if len(*opened) != 1 {
		t.Fatal("no session log opened")
	}
	// The log is closed without saving: onSaved never runs.
	s.reload()
	if got, want := s.appointments[0].Status, data.StatusCheckedIn; got != want || len(store.moves) != 0 {
		t.Errorf("status = %q after closing the log unsaved (moves %+v), want %q", got, store.moves, want)
	}
}

func TestDayViewCompleteOtherKindsAtOnce(t *testing.T) {
	store := newFakeDayStore()
	store.appointments[1].Status, store.appointments[1].StatusReason = data.StatusCheckedIn, ""
	s := newTestDayScreen(t, store)
	s.openSessionLog = func(data.Appointment, func()) { t.Error("a consultation opened the session log") }

	selectRow(s, 1)
	test.Tap(s.completeBtn)
	if got, want := store.moves, []dayMove{{2, 2, data.StatusCompleted, ""}}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("SetStatus %+v, want %+v", got, want)
	}
}

func TestDayViewRefusesToCompleteCancelled(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)
	s.openSessionLog = func(data.Appointment, func()) { t.Error("a cancelled appointment opened the session log") }

	selectRow(s, 1)
	if !s.completeBtn.Disabled() || !s.checkInButton.Disabled() {
		t.Error("Complete or Check in is enabled for a cancelled appointment")
	}
	s.onComplete()
	s.onCheckIn()
	if len(store.moves) != 0 {
		t.Errorf("a cancelled appointment was moved: %+v", store.moves)
	}
	if s.openButton.Disabled() != (s.openPatient == nil) {
		t.Error("Open patient should be there whenever a patient can be opened")
	}
}

func TestDayViewOpenPatient(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Bea", LastName: "Lund"})
	w := newWindow(test.NewTempApp(t), store, false, data.DayFirst, testNow)
	t.Cleanup(w.win.Close)
	w.patients.worker.inline = true
	if w.tabs.Selected() != w.today {
		t.Fatal("the main window does not open on the Today tab")
	}

	// The window's own day, on a diary with Bea Lund in it.
	day := newDayScreen(w.win, &fakeDayStore{appointments: []data.Appointment{{ID: 5, Kind: data.KindReview, PatientID: 1,
		PatientName: "Bea Lund", Start: dayNow, DurationMinutes: 15, Status: data.StatusBooked}}}, data.DayFirst, testNow)
	day.worker.inline = true
	day.openPatient = w.openPatient
	day.showDay(dayNow)
	selectRow(day, 0)
	test.Tap(day.openButton)
	if got, want := w.tabs.Selected().Text, "Patients"; got != want {
		t.Errorf("tab %q after Open patient, want %q", got, want)
	}
	if got, want := w.patients.form.loaded.FullName(), "Bea Lund"; got != want {
		t.Errorf("open patient = %q, want %q", got, want)
	}
}

func TestDaySheetFromTheDayView(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	test.Tap(s.printButton)
	path, ok := strings.CutPrefix(s.summary.Text, "Opened for printing: ")
	if !ok {
		t.Fatalf("summary = %q", s.summary.Text)
	}
	t.Cleanup(func() { os.Remove(path) })
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Appointments on Saturday 28 November 2026",
		"10:00–11:00 Bea Lund Treatment session 2 of 3 Dr Amara Okafor Room 1 Booked 07700 900123",
		"11:30–12:00 Carl Moss Consultation Lena Berg unwell 07700 900456"} {
		if !strings.Contains(text, want) {
			t.Errorf("the day sheet lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Sunday") {
		t.Errorf("the day sheet has another day:\n%s", text)
	}
}

func TestDayViewChecksInOnTheDayOnly(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	test.Tap(s.nextButton)
	selectRow(s, 0) // tomorrow's review
	if !s.checkInButton.Disabled() || !s.noShowButton.Disabled() {
		t.Error("tomorrow's appointment can be checked in or marked a no-show today")
	}
	if s.cancelButton.Disabled() {
		t.Error("tomorrow's appointment cannot be cancelled")
	}
	s.onCheckIn()
	s.move(data.StatusNoShow, "")
	if len(store.moves) != 0 {
		t.Errorf("tomorrow's appointment was moved: %+v", store.moves)
	}

	store.appointments[0].Start = dayNow.AddDate(0, 0, -2) // Thursday, never came
	test.Tap(s.prevButton)
	test.Tap(s.prevButton)
	test.Tap(s.prevButton)
	selectRow(s, 0)
	if !s.checkInButton.Disabled() || s.noShowButton.Disabled() {
		t.Error("a past booked appointment should be a no-show, not a check-in")
	}
}

func TestDayViewMoveAppointment(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	selectRow(s, 1)
	if !s.moveButton.Disabled() {
		t.Error("a cancelled appointment can be moved")
	}
	selectRow(s, 0)
	test.Tap(s.moveButton)
	if s.moveForm == nil {
		t.Fatal("Move… opened no booking form")
	}
	s.moveForm.date.SetText("01/12/2026")
	s.moveForm.clock.SetText("14:30")
	test.Tap(s.moveForm.saveButton)
	if got := len(store.moved); got != 1 {
		t.Fatalf("%d appointments moved, want 1", got)
	}
	if got, want := store.moved[0].Start, time.Date(2026, 12, 1, 14, 30, 0, 0, time.Local); !got.Equal(want) || store.moved[0].ID != 1 {
		t.Errorf("moved %+v, want appointment 1 at %v", store.moved[0], want)
	}
	if got, want := s.heading.Text, "Tuesday 1 December 2026"; got != want {
		t.Errorf("after the move the diary shows %q, want %q", got, want)
	}
	if a, ok := s.current(); !ok || a.ID != 1 || a.TimeRange() != "14:30–15:30" {
		t.Errorf("selected %+v after the move, want appointment 1 at 14:30", a)
	}
}

func TestDayViewBookNewAppointment(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	test.Tap(s.newButton)
	f := s.newForm
	if f == nil || f.patientQuery == nil {
		t.Fatal("New appointment… opened no form asking for the patient")
	}
	if f.date.Text != "28/11/2026" || f.clock.Text != "09:15" {
		t.Errorf("proposed %s %s, want today at the next quarter hour, 28/11/2026 09:15", f.date.Text, f.clock.Text)
	}
	test.Type(f.patientQuery, "moss")
	f.patientQuery.OnSubmitted(f.patientQuery.Text)
	if got, want := f.patientChoice.Selected, "Carl Moss"; got != want {
		t.Fatalf("chosen = %q, want the only match %q", got, want)
	}
	f.practitioner.SetSelected("Lena Berg")
	f.clock.SetText("11:00")
	test.Tap(f.saveButton)

	if s.newForm != nil || s.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("the form is still open:\n%s", overlayText(s.win.Canvas()))
	}
	a, ok := s.current()
	if !ok || a.PatientID != 9 || a.PractitionerID != 2 || a.Start.Hour() != 11 || a.Kind != data.KindConsultation {
		t.Errorf("selected after booking: %+v (selected %v), want Carl Moss at 11:00 with Lena Berg", a, ok)
	}
	if got, want := len(s.appointments), 3; got != want {
		t.Errorf("%d rows after booking, want %d", got, want)
	}
}

func TestWeekViewNewAppointmentOnItsMonday(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	test.Tap(s.weekMode)
	test.Tap(s.week.nextButton)
	test.Tap(s.newButton)
	f := s.newForm
	if f == nil {
		t.Fatal("New appointment… opened no form from the week")
	}
	if f.date.Text != "30/11/2026" || f.clock.Text != "09:00" {
		t.Errorf("proposed %s %s, want next week's Monday at opening time, 30/11/2026 09:00", f.date.Text, f.clock.Text)
	}
}

func TestDayViewNewAppointmentRefusedWithoutPatient(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	test.Tap(s.newButton)
	f := s.newForm
	f.practitioner.SetSelected("Lena Berg")
	test.Tap(f.saveButton)
	if l := f.fieldErrors[data.FieldAppointmentPerson]; l.Hidden || l.Text != "Choose the patient." {
		t.Errorf("patient message = %q (hidden %v)", l.Text, l.Hidden)
	}
	if got, want := len(store.appointments), 3; got != want {
		t.Errorf("%d appointments in the diary, want %d: booked without a patient", got, want)
	}
}

func TestNewAppointmentStart(t *testing.T) {
	diary := data.DefaultDiarySettings()
	diary.Hours[time.Monday].Opens = 10 * 60
	at := func(d, h, m, sec int) time.Time { return time.Date(2026, 11, d, h, m, sec, 0, time.Local) }
	for _, c := range []struct {
		name     string
		day, now time.Time
		want     time.Time
	}{
		{"TodayOnTheQuarter", at(28, 0, 0, 0), at(28, 9, 15, 0), at(28, 9, 15, 0)},
		{"TodayNextQuarter", at(28, 0, 0, 0), at(28, 9, 15, 1), at(28, 9, 30, 0)},
		{"TodayBeforeOpening", at(28, 0, 0, 0), at(28, 7, 40, 0), at(28, 9, 0, 0)},
		{"TodayAfterClosing", at(28, 0, 0, 0), at(28, 16, 40, 0), at(28, 16, 45, 0)},
		{"AnotherDayAtOpening", at(30, 0, 0, 0), at(28, 16, 40, 0), at(30, 10, 0, 0)},
		{"ClosedDayEarliestOpening", at(29, 0, 0, 0), at(28, 16, 40, 0), at(29, 9, 0, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := newAppointmentStart(c.day, c.now, diary); !got.Equal(c.want) {
				t.Errorf("start = %v, want %v", got, c.want)
			}
		})
	}
}
