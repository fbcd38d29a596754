package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// fakeDayStore keeps appointments in memory and records what it was
// asked.
type fakeDayStore struct {
	// clinicalRecords gives the screening, rules, clinic details and
	// session log; the fields below shadow its diary and staff.
	clinicalRecords
	appointments []data.Appointment
	staff        []data.StaffMember
	patients     map[int64]data.Patient

	ranges [][2]time.Time
	moves  []dayMove
	moved  []data.Appointment
}

type dayMove struct {
	id, version int64
	status      data.AppointmentStatus
	reason      string
}

func (f *fakeDayStore) Appointments(_ context.Context, from, to time.Time) ([]data.Appointment, error) {
	f.ranges = append(f.ranges, [2]time.Time{from, to})
	var out []data.Appointment
	for _, a := range f.appointments {
		if !a.Start.Before(from) && a.Start.Before(to) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f *fakeDayStore) SetStatus(_ context.Context, id, version int64, status data.AppointmentStatus, reason string) error {
	f.moves = append(f.moves, dayMove{id, version, status, reason})
	for i := range f.appointments {
		if f.appointments[i].ID == id {
			f.appointments[i].Status, f.appointments[i].StatusReason = status, reason
			f.appointments[i].Version++
		}
	}
	return nil
}

// UpdateAppointment moves an appointment in the diary, as the store does.
func (f *fakeDayStore) UpdateAppointment(_ context.Context, a *data.Appointment) error {
	f.moved = append(f.moved, *a)
	for i := range f.appointments {
		if f.appointments[i].ID == a.ID {
			a.Version++
			f.appointments[i] = *a
		}
	}
	return nil
}

func (f *fakeDayStore) Staff(context.Context, bool) ([]data.StaffMember, error) { return f.staff, nil }

// Search finds the patients whose name holds query.
func (f *fakeDayStore) Search(_ context.Context, query string, _ data.DateOrder) ([]data.PatientSummary, error) {
	var found []data.PatientSummary
	for _, p := range f.patients {
		if strings.Contains(data.Fold(p.FullName()), data.Fold(query)) {
			found = append(found, p.Summary())
		}
	}
	return found, nil
}

// Book puts a valid appointment in the diary, as the store does.
func (f *fakeDayStore) Book(_ context.Context, a *data.Appointment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	a.ID, a.Version = int64(100+len(f.appointments)), 1
	f.appointments = append(f.appointments, *a)
	return nil
}

func (f *fakeDayStore) Patient(_ context.Context, id int64) (data.Patient, error) {
	p, ok := f.patients[id]
	if !ok {
		return p, data.Errorf(data.ENOTFOUND, "The patient was not found.")
	}
	return p, nil
}

var dayNow = time.Date(2026, 11, 28, 9, 15, 0, 0, time.Local)

func newFakeDayStore() *fakeDayStore {
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, time.Local) }
	return &fakeDayStore{
		staff: []data.StaffMember{{ID: 1, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true},
			{ID: 2, Name: "Lena Berg", Role: data.RolePractitioner, Active: true}},
		patients: map[int64]data.Patient{
			7: {ID: 7, FirstName: "Bea", LastName: "Lund", Phone: "07700 900123"},
			9: {ID: 9, FirstName: "Carl", LastName: "Moss", Phone: "07700 900456"},
		},
		appointments: []data.Appointment{
			{ID: 1, Kind: data.KindTreatment, PatientID: 7, PractitionerID: 1, SeriesID: 4, Room: "Room 1", Start: at(28, 10, 0), DurationMinutes: 60,
				Status: data.StatusBooked, Version: 3, SessionNumber: 2, PlannedSessions: 3},
			{ID: 2, Kind: data.KindConsultation, PatientID: 9, PractitionerID: 2, Start: at(28, 11, 30), DurationMinutes: 30, Status: data.StatusCancelled, StatusReason: "unwell", Version: 2},
			{ID: 3, Kind: data.KindReview, PatientID: 9, PractitionerID: 1, Start: at(29, 9, 0), DurationMinutes: 15, Status: data.StatusBooked, Version: 1},
		},
	}
}

func newTestDayScreen(t *testing.T, store *fakeDayStore) *dayScreen {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := newDayScreen(w, store, data.DayFirst, func() time.Time { return dayNow })
	s.worker.inline = true
	s.week.worker.inline = true
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(1000, 620))
	s.load()
	return s
}

// selectRow taps the block of the row-th appointment of the day.
func selectRow(s *dayScreen, row int) {
	test.Tap(s.grid.block(s.appointments[row].ID))
}

func TestDayViewShowsToday(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	if got, want := s.heading.Text, "Saturday 28 November 2026"; got != want {
		t.Errorf("heading = %q, want %q", got, want)
	}
	if got, want := len(store.ranges), 1; got != want {
		t.Fatalf("%d loads, want %d", got, want)
	}
	from, to := store.ranges[0][0], store.ranges[0][1]
	if !from.Equal(time.Date(2026, 11, 28, 0, 0, 0, 0, time.Local)) || !to.Equal(time.Date(2026, 11, 29, 0, 0, 0, 0, time.Local)) {
		t.Errorf("loaded %v to %v, want 28 November", from, to)
	}
	if got, want := len(s.appointments), 2; got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	block := func(i int) string {
		b := s.grid.block(s.appointments[i].ID)
		return s.columns[s.grid.entries[i].col].title + ": " + strings.Join(b.lines, " / ")
	}
	if got, want := block(0), "Dr Amara Okafor: 10:00 Bea Lund / Treatment session 2 of 3 · Room 1 / Booked"; got != want {
		t.Errorf("block 0 = %q, want %q", got, want)
	}
	if got, want := block(1), "Lena Berg: 11:30 Carl Moss / Consultation / Cancelled: unwell"; got != want {
		t.Errorf("block 1 = %q, want %q", got, want)
	}
	for _, b := range []*reasonButton{s.checkInButton, s.noShowButton, s.cancelButton, s.completeBtn} {
		if !b.Disabled() {
			t.Errorf("%q is enabled with nothing selected", b.Text)
		}
	}
}

func TestDayViewNavigates(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	test.Tap(s.nextButton)
	if got, want := s.heading.Text, "Sunday 29 November 2026"; got != want {
		t.Errorf("heading = %q, want %q", got, want)
	}
	last := store.ranges[len(store.ranges)-1]
	if !last[0].Equal(time.Date(2026, 11, 29, 0, 0, 0, 0, time.Local)) || !last[1].Equal(time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)) {
		t.Errorf("next day loaded %v to %v", last[0], last[1])
	}
	if got, want := len(s.appointments), 1; got != want {
		t.Errorf("%d rows on the next day, want %d", got, want)
	}

	test.Tap(s.prevButton)
	test.Tap(s.prevButton)
	last = store.ranges[len(store.ranges)-1]
	if !last[0].Equal(time.Date(2026, 11, 27, 0, 0, 0, 0, time.Local)) || !last[1].Equal(time.Date(2026, 11, 28, 0, 0, 0, 0, time.Local)) {
		t.Errorf("previous day loaded %v to %v", last[0], last[1])
	}
	if got, want := s.summary.Text, "No appointments on Friday 27 November 2026."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}

	test.Type(s.dateEntry, "29/11/2026")
	test.Tap(s.goButton)
	if got, want := s.heading.Text, "Sunday 29 November 2026"; got != want {
		t.Errorf("after Go heading = %q, want %q", got, want)
	}
	test.Type(s.dateEntry, "2026-11-27")
	s.dateEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got, want := s.heading.Text, "Friday 27 November 2026"; got != want {
		t.Errorf("after ISO date heading = %q, want %q", got, want)
	}
	n := len(store.ranges)
	test.Type(s.dateEntry, "soon")
	test.Tap(s.goButton)
	if len(store.ranges) != n || !strings.Contains(s.summary.Text, "not a date") {
		t.Errorf("a bad date loaded or summary = %q", s.summary.Text)
	}

	s.dateEntry.SetText("")
	test.Tap(s.todayButton)
	if got, want := s.heading.Text, "Saturday 28 November 2026"; got != want {
		t.Errorf("after Today heading = %q, want %q", got, want)
	}
}

func TestDayViewCheckIn(t *testing.T) {
	store := newFakeDayStore()
	store.screening = &data.Screening{PatientID: 7, ScreenedOn: dayNow.AddDate(0, -1, 0), ColdSores: true}
	s := newTestDayScreen(t, store)

	selectRow(s, 0)
	if s.checkInButton.Disabled() || s.noShowButton.Disabled() || s.cancelButton.Disabled() {
		t.Fatal("check in, no-show or cancel is disabled for a booked appointment")
	}
	if !s.completeBtn.Disabled() {
		t.Error("Complete is enabled for a booked appointment")
	}
	test.Tap(s.checkInButton)
	if got, want := len(store.moves), 1; got != want {
		t.Fatalf("%d status changes, want %d", got, want)
	}
	if got, want := store.moves[0], (dayMove{1, 3, data.StatusCheckedIn, ""}); got != want {
		t.Errorf("SetStatus %+v, want %+v", got, want)
	}
	if got, want := s.appointments[0].Status, data.StatusCheckedIn; got != want {
		t.Errorf("after reload status = %q, want %q", got, want)
	}
	// A treatment: today's check is shown to the practitioner.
	text := overlayText(s.win.Canvas())
	for _, want := range []string{"Bea Lund is checked in for treatment session 2 of 3 at 10:00.",
		"Contraindication check for 28 Nov 2026: Caution", "• Caution: History of cold sores"} {
		if !strings.Contains(text, want) {
			t.Errorf("the check-in dialog lacks %q:\n%s", want, text)
		}
	}
	// The same appointment stays selected and can now be completed.
	if s.completeBtn.Disabled() || !s.checkInButton.Disabled() {
		t.Error("after check-in, Complete should be enabled and Check in disabled")
	}
}

func TestDayViewCompleteDisabledWhenCancelled(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	selectRow(s, 1)
	for _, b := range []*reasonButton{s.checkInButton, s.noShowButton, s.cancelButton, s.completeBtn} {
		if !b.Disabled() {
			t.Errorf("%q is enabled for a cancelled appointment", b.Text)
		}
	}
	s.move(data.StatusCompleted, "")
	if len(store.moves) != 0 {
		t.Errorf("a cancelled appointment was moved: %+v", store.moves)
	}
}

func TestDayViewCancelNeedsReason(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store)

	selectRow(s, 0)
	test.Tap(s.cancelButton)
	if s.reasonConfirm == nil {
		t.Fatal("no reason was asked")
	}
	// The line for the problem holds its place before there is one, so
	// the dialog does not grow and move its buttons under the pointer.
	held := s.reasonProblem.Visible()
	before := s.reasonProblem.MinSize().Height
	test.Tap(s.reasonConfirm)
	if len(store.moves) != 0 {
		t.Fatalf("cancelled without a reason: %+v", store.moves)
	}
	if !s.reasonProblem.Visible() || !strings.Contains(s.reasonProblem.Text, "why") {
		t.Errorf("problem = %q, visible %v", s.reasonProblem.Text, s.reasonProblem.Visible())
	}
	if after := s.reasonProblem.MinSize().Height; !held || after != before {
		t.Errorf("the problem line was shown %v before the problem, %v high, then %v: the dialog grows", held, before, after)
	}

	test.Type(s.reasonEntry, "  Patient phoned, unwell ")
	test.Tap(s.reasonConfirm)
	if got, want := len(store.moves), 1; got != want {
		t.Fatalf("%d status changes, want %d", got, want)
	}
	if got, want := store.moves[0], (dayMove{1, 3, data.StatusCancelled, "Patient phoned, unwell"}); got != want {
		t.Errorf("SetStatus %+v, want %+v", got, want)
	}
}

// checkedIn returns the day screen with Bea Lund's treatment checked in
// and selected, and the session logs it opens.

// TestReceptionSeesNoCompleteForATreatment: a treatment is completed by
// logging its session, which reception may not do, so the desk does not
// see Complete for one; for a consultation they do.
func TestReceptionSeesNoCompleteForATreatment(t *testing.T) {
	store := newFakeDayStore()
	store.me = &data.Actor{StaffID: 3, Name: "Jamal Reid", Role: data.RoleReception}
	s := newTestDayScreen(t, store)
	selectRow(s, 0) // Bea Lund's treatment session
	if s.completeBtn.Visible() {
		t.Error("reception sees Complete for a treatment")
	}
	selectRow(s, 1) // Carl Moss's consultation
	if !s.completeBtn.Visible() {
		t.Error("reception does not see Complete for a consultation")
	}
	store.me = nil // an administrator, who may log sessions
	selectRow(s, 0)
	if !s.completeBtn.Visible() {
		t.Error("a practitioner or administrator does not see Complete for a treatment")
	}
}
