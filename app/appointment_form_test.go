package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// fakeAppointmentStore books into memory, refusing what Validate refuses
// and, when clash is set, every booking with that error.
type fakeAppointmentStore struct {
	patients []data.PatientSummary
	staff    []data.StaffMember
	series   []data.TreatmentSeries
	diary    data.DiarySettings
	warnings []string
	clash    error
	busy     []data.Appointment // the diary the free times are found in
	booked   []data.Appointment
	updated  []data.Appointment
}

func (f *fakeAppointmentStore) Staff(context.Context, bool) ([]data.StaffMember, error) {
	return f.staff, nil
}

// Search finds the patients whose name holds query.
func (f *fakeAppointmentStore) Search(_ context.Context, query string, _ data.DateOrder) ([]data.PatientSummary, error) {
	var found []data.PatientSummary
	for _, p := range f.patients {
		if strings.Contains(data.Fold(p.FullName()), data.Fold(query)) {
			found = append(found, p)
		}
	}
	return found, nil
}

func (f *fakeAppointmentStore) PatientSeries(_ context.Context, patientID int64) ([]data.TreatmentSeries, error) {
	var out []data.TreatmentSeries
	for _, ts := range f.series {
		if ts.PatientID == patientID {
			out = append(out, ts)
		}
	}
	return out, nil
}

func (f *fakeAppointmentStore) DiarySettings(context.Context) (data.DiarySettings, error) {
	return f.diary, nil
}

func (f *fakeAppointmentStore) BookingWarnings(context.Context, data.Appointment) ([]string, error) {
	return f.warnings, nil
}

// Appointments returns the appointments of busy starting from from until to.
func (f *fakeAppointmentStore) Appointments(_ context.Context, from, to time.Time) ([]data.Appointment, error) {
	var out []data.Appointment
	for _, a := range f.busy {
		if !a.Start.Before(from) && a.Start.Before(to) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f *fakeAppointmentStore) Book(_ context.Context, a *data.Appointment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if f.clash != nil {
		return f.clash
	}
	a.ID, a.Version = int64(len(f.booked)+1), 1
	f.booked = append(f.booked, *a)
	return nil
}

func (f *fakeAppointmentStore) UpdateAppointment(_ context.Context, a *data.Appointment) error {
	if f.clash != nil {
		return f.clash
	}
	a.Version++
	f.updated = append(f.updated, *a)
	return nil
}

func newFakeAppointmentStore() *fakeAppointmentStore {
	diary := data.DefaultDiarySettings()
	diary.ConsultationMinutes, diary.TreatmentMinutes = 45, 75
	born := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return &fakeAppointmentStore{
		patients: []data.PatientSummary{
			{ID: 1, FirstName: "Zoë", LastName: "Adams", DateOfBirth: born(1988, 3, 14), Phone: "07700 900111"},
			{ID: 2, FirstName: "Adam", LastName: "Nowak", DateOfBirth: born(1975, 7, 1), Phone: "07700 900222"},
			{ID: 3, FirstName: "Adam", LastName: "Nowak", DateOfBirth: born(1975, 7, 1), Phone: "07700 900333"},
			{ID: 4, FirstName: "Ada", LastName: "Gone", Archived: true},
		},
		staff: []data.StaffMember{
			{ID: 3, Name: "Ben Desk", Role: data.RoleReception, Active: true},
			{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true},
			{ID: 9, Name: "Łucja Nowak", Role: data.RolePractitioner, Active: true},
			{ID: 11, Name: "Fiona Byrne", Role: data.RoleAdmin, Active: true},
		},
		series: []data.TreatmentSeries{
			{ID: 4, PatientID: 1, Areas: []data.Area{data.AreaCheeks}, PlannedSessions: 3, IntervalWeeks: 4,
				Status: data.SeriesActive, StartedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)},
			{ID: 5, PatientID: 1, PlannedSessions: 3, Status: data.SeriesCompleted},
		},
		diary: diary,
	}
}

// newTestAppointmentForm opens the form for a on a headless window, with
// database work run inline.
func newTestAppointmentForm(t *testing.T, store *fakeAppointmentStore, a data.Appointment) (*appointmentForm, fyne.Window, *[]data.Appointment) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1000, 800))
	var saved []data.Appointment
	f := openAppointmentForm(&worker{inline: true}, w, store, a, data.DayFirst, testNow, func(a data.Appointment) {
		saved = append(saved, a)
	})
	return f, w, &saved
}

// tapOverlay taps the button with text in the dialog on top of w.
func tapOverlay(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	if top := w.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if b, ok := o.(*widget.Button); ok && b.Text == text {
				test.Tap(b)
				return
			}
		}
	}
	t.Fatalf("no %q button on top:\n%s", text, overlayText(w.Canvas()))
}

func TestBookAppointmentThroughForm(t *testing.T) {
	store := newFakeAppointmentStore()
	store.warnings = []string{"Treatment on 5 Dec 2026 is contraindicated: isotretinoin in the last 6 months."}
	f, w, saved := newTestAppointmentForm(t, store, data.Appointment{PatientID: 1, PatientName: "Zoë Adams"})

	if text := overlayText(w.Canvas()); !strings.Contains(text, "New appointment · Zoë Adams") {
		t.Fatalf("form = %q", text)
	}
	if got, want := f.practitioner.Options, []string{"Dr Amara Okafor", "Łucja Nowak"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("practitioners = %q, want %q (no reception, no administrator)", got, want)
	}
	if got, want := f.length.Text, "45"; got != want {
		t.Errorf("consultation length = %q, want the clinic's %q", got, want)
	}
	if f.seriesRow[1].Visible() {
		t.Error("series shown for a consultation")
	}
	if got, want := f.date.Text, "28/11/2026"; got != want {
		t.Errorf("date = %q, want today %q", got, want)
	}

	f.kind.SetSelected("Treatment session")
	if got, want := f.length.Text, "75"; got != want {
		t.Errorf("treatment length = %q, want the clinic's %q", got, want)
	}
	if !f.seriesRow[1].Visible() || len(f.series.Options) != 1 || f.series.SelectedIndex() != 0 {
		t.Errorf("series = %q selected %d (hidden %v); want the one active series chosen", f.series.Options, f.series.SelectedIndex(), !f.seriesRow[1].Visible())
	}
	f.practitioner.SetSelected("Dr Amara Okafor")
	f.date.SetText("05/12/2026") // a Saturday; the clinic closes at 13:00
	f.clock.SetText("12:30")
	f.room.SetText("Room 2")
	test.Tap(f.saveButton)

	text := overlayText(w.Canvas())
	for _, want := range []string{"Saturday 5 Dec: the clinic closes at 13:00; this appointment ends at 13:45.", "isotretinoin", "[Book anyway]"} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation should say %q:\n%s", want, text)
		}
	}
	if len(store.booked) != 0 {
		t.Fatal("booked before the desk confirmed")
	}
	tapOverlay(t, w, "Book anyway")
	if len(store.booked) != 1 || len(*saved) != 1 {
		t.Fatalf("booked %d, saved %d; want 1 each", len(store.booked), len(*saved))
	}
	a := store.booked[0]
	want := time.Date(2026, 12, 5, 12, 30, 0, 0, time.Local)
	if a.Kind != data.KindTreatment || a.SeriesID != 4 || a.PatientID != 1 || a.PractitionerID != 7 ||
		!a.Start.Equal(want) || a.DurationMinutes != 75 || a.Room != "Room 2" {
		t.Errorf("booked %+v", a)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Errorf("form still open:\n%s", overlayText(w.Canvas()))
	}
}

func TestAppointmentFormProblems(t *testing.T) {
	store := newFakeAppointmentStore()
	f, w, _ := newTestAppointmentForm(t, store, data.Appointment{PatientID: 1})

	t.Run("ByTheFields", func(t *testing.T) {
		f.practitioner.ClearSelected()
		f.date.SetText("31/02/2026")
		f.length.SetText("half an hour")
		test.Tap(f.saveButton)
		for field, want := range map[string]string{
			data.FieldAppointmentStart:  "Type the date as DD/MM/YYYY or YYYY-MM-DD.",
			data.FieldAppointmentLength: "whole minutes",
			data.FieldAppointmentStaff:  "Choose the practitioner.",
		} {
			if l := f.fieldErrors[field]; l.Hidden || !strings.Contains(l.Text, want) {
				t.Errorf("%s message = %q (hidden %v), want %q", field, l.Text, l.Hidden, want)
			}
		}
		if len(store.booked) != 0 {
			t.Error("booked with problems")
		}
	})
	t.Run("TypedLengthKept", func(t *testing.T) {
		f.length.SetText("50")
		f.kind.SetSelected("Review")
		if got, want := f.length.Text, "50"; got != want {
			t.Errorf("length = %q after changing the kind, want the typed %q", got, want)
		}
	})
	t.Run("ErrClashNamed", func(t *testing.T) {
		store.clash = data.Errorf(data.ECONFLICT, "Dr Amara Okafor already has Ada Lovelace 10:00–11:00. Choose another time.")
		f.practitioner.SetSelected("Dr Amara Okafor")
		f.date.SetText("01/12/2026")
		f.clock.SetText("10:30")
		test.Tap(f.saveButton)
		if text := overlayText(w.Canvas()); !strings.Contains(text, "Dr Amara Okafor already has Ada Lovelace 10:00–11:00") {
			t.Fatalf("clash not shown:\n%s", text)
		}
		tapOverlay(t, w, "OK")
		if f.clock.Text != "10:30" || !strings.Contains(overlayText(w.Canvas()), "New appointment") {
			t.Errorf("the form closed or lost what was typed: %q", f.clock.Text)
		}
	})
}

func TestMoveAppointmentThroughForm(t *testing.T) {
	store := newFakeAppointmentStore()
	booked := data.Appointment{ID: 12, Kind: data.KindTreatment, PatientID: 1, PatientName: "Zoë Adams", SeriesID: 4,
		PractitionerID: 7, Start: time.Date(2026, 12, 1, 14, 0, 0, 0, time.Local), DurationMinutes: 60,
		Status: data.StatusBooked, Version: 3}
	f, w, saved := newTestAppointmentForm(t, store, booked)

	if text := overlayText(w.Canvas()); !strings.Contains(text, "Move appointment · Zoë Adams") || !strings.Contains(text, "[Save changes]") {
		t.Fatalf("form = %q", text)
	}
	if !f.kind.Disabled() || !f.series.Disabled() {
		t.Error("kind and series may change on a booked appointment")
	}
	if f.date.Text != "01/12/2026" || f.clock.Text != "14:00" || f.length.Text != "60" {
		t.Errorf("not filled: %q %q %q", f.date.Text, f.clock.Text, f.length.Text)
	}
	f.clock.SetText("16:00")
	test.Tap(f.saveButton)
	if len(store.updated) != 1 || len(*saved) != 1 {
		t.Fatalf("updated %d, saved %d; want 1 each, without a question inside the hours", len(store.updated), len(*saved))
	}
	if got := store.updated[0]; got.ID != 12 || got.Version != 4 || got.Start.Hour() != 16 || got.Kind != data.KindTreatment || got.SeriesID != 4 {
		t.Errorf("updated %+v", got)
	}
}

func TestAppointmentFormFindsPatient(t *testing.T) {
	store := newFakeAppointmentStore()
	f, w, saved := newTestAppointmentForm(t, store, data.Appointment{})

	if f.patientQuery == nil || w.Canvas().Focused() != f.patientQuery {
		t.Fatal("a form with no patient does not ask for one first")
	}
	test.Type(f.patientQuery, "adam")
	f.patientQuery.OnSubmitted(f.patientQuery.Text)
	want := []string{"Zoë Adams · 14/03/1988", "Adam Nowak · 01/07/1975", "Adam Nowak · 01/07/1975 · 07700 900333"}
	if got := f.patientChoice.Options; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("matches = %q, want %q (namesakes told apart, no archived patient)", got, want)
	}
	if f.patientChoice.SelectedIndex() >= 0 || w.Canvas().Focused() != f.patientChoice {
		t.Error("one of several matches chosen for the desk, or the list not next for the keyboard")
	}

	f.patientChoice.SetSelected(want[2])
	f.kind.SetSelected("Treatment session")
	if len(f.series.Options) != 0 {
		t.Errorf("series = %q for a patient with none", f.series.Options)
	}
	f.patientChoice.SetSelected(want[0])
	if len(f.series.Options) != 1 || f.series.SelectedIndex() != 0 {
		t.Errorf("series = %q selected %d; want Zoë's one active series chosen", f.series.Options, f.series.SelectedIndex())
	}
	f.practitioner.SetSelected("Dr Amara Okafor")
	f.date.SetText("01/12/2026")
	f.clock.SetText("10:00")
	test.Tap(f.saveButton)
	if len(store.booked) != 1 || len(*saved) != 1 {
		t.Fatalf("booked %d, saved %d; want 1 each", len(store.booked), len(*saved))
	}
	if a := store.booked[0]; a.PatientID != 1 || a.PatientName != "Zoë Adams" || a.SeriesID != 4 {
		t.Errorf("booked %+v, want Zoë Adams's treatment in series 4", a)
	}
}

func TestAppointmentFormRefusesWithoutPatient(t *testing.T) {
	store := newFakeAppointmentStore()
	f, w, _ := newTestAppointmentForm(t, store, data.Appointment{})

	test.Type(f.patientQuery, "nobody")
	f.patientQuery.OnSubmitted(f.patientQuery.Text)
	if got, want := f.patientChoice.PlaceHolder, "No patient matches"; got != want {
		t.Errorf("placeholder = %q, want %q", got, want)
	}
	f.practitioner.SetSelected("Dr Amara Okafor")
	f.clock.SetText("10:00")
	test.Tap(f.saveButton)
	if l := f.fieldErrors[data.FieldAppointmentPerson]; l.Hidden || l.Text != "Choose the patient." {
		t.Errorf("patient message = %q (hidden %v), want %q", l.Text, l.Hidden, "Choose the patient.")
	}
	if len(store.booked) != 0 || !strings.Contains(overlayText(w.Canvas()), "New appointment") {
		t.Error("booked without a patient, or the form closed")
	}
}

// TestNoToAnAppointmentWarningKeepsTheForm: answering No to the warnings
// goes back to the form as it was typed, not to the diary.
func TestNoToAnAppointmentWarningKeepsTheForm(t *testing.T) {
	store := newFakeAppointmentStore()
	f, w, saved := newTestAppointmentForm(t, store, data.Appointment{PatientID: 1, PatientName: "Zoë Adams", PractitionerID: 7})
	f.date.SetText("06/12/2026") // a Sunday
	f.clock.SetText("11:20")
	f.room.SetText("Room 3")
	test.Tap(f.saveButton)
	if text := overlayText(w.Canvas()); !strings.Contains(text, "The clinic is closed on Sundays.") {
		t.Fatalf("no warning:\n%s", text)
	}
	tapOverlay(t, w, "No")
	if len(store.booked) != 0 || len(*saved) != 0 {
		t.Fatalf("booked %d after No", len(store.booked))
	}
	if text := overlayText(w.Canvas()); !strings.Contains(text, "New appointment · Zoë Adams") {
		t.Fatalf("on top after No: %q, want the form", text)
	}
	if f.date.Text != "06/12/2026" || f.clock.Text != "11:20" || f.room.Text != "Room 3" {
		t.Errorf("form after No: %q %q %q, want what was typed", f.date.Text, f.clock.Text, f.room.Text)
	}
}

// TestAppointmentFormPractitioners: the form offers the practitioners
// only, as the diary and "Book next session…" do; an appointment booked
// with someone else keeps them when it is moved.
func TestAppointmentFormPractitioners(t *testing.T) {
	store := newFakeAppointmentStore()
	f, _, _ := newTestAppointmentForm(t, store, data.Appointment{})
	if got, want := strings.Join(f.practitioner.Options, "|"), "Dr Amara Okafor|Łucja Nowak"; got != want {
		t.Errorf("new appointment offers %q, want %q", got, want)
	}
	moved := data.Appointment{ID: 40, PatientID: 1, PatientName: "Zoë Adams", Kind: data.KindConsultation,
		PractitionerID: 11, Start: time.Date(2026, 12, 1, 10, 0, 0, 0, time.Local), DurationMinutes: 30, Status: data.StatusBooked}
	f, _, _ = newTestAppointmentForm(t, store, moved)
	if got, want := f.practitioner.Selected, "Fiona Byrne"; got != want {
		t.Errorf("moving an appointment booked with an administrator: practitioner %q, want %q", got, want)
	}
}

// TestAppointmentFormKeepsItsSize: the form is as tall before the free
// times are listed as with them, or with a long message instead.
func TestAppointmentFormKeepsItsSize(t *testing.T) {
	store := newFakeAppointmentStore()
	store.staff = append(store.staff, data.StaffMember{ID: 12, Name: "Dr Maria-Magdalena Wiśniewska-Kowalczyk", Role: data.RolePractitioner, Active: true})
	store.diary.Hours[time.Tuesday] = data.OpeningHours{Open: true, Opens: 9 * 60, Closes: 9*60 + 30}
	f, w, _ := newTestAppointmentForm(t, store, data.Appointment{})
	size := func() fyne.Size { return w.Canvas().Overlays().Top().MinSize() }
	first := size()
	for _, step := range []struct {
		name string
		do   func()
	}{
		{"practitioner chosen", func() { f.practitioner.SetSelected("Dr Amara Okafor") }},
		{"another day", func() { test.Tap(f.slots.next) }},
		{"a day with no free time for a long name", func() {
			f.practitioner.SetSelected("Dr Maria-Magdalena Wiśniewska-Kowalczyk")
			f.length.SetText("45")
			f.date.SetText("01/12/2026")
		}},
		{"a closed day", func() { f.date.SetText("06/12/2026") }},
		{"a date that cannot be read", func() { f.date.SetText("31/02") }},
	} {
		step.do()
		if got := size(); got.Height != first.Height {
			t.Errorf("%s (%q): form %v tall, was %v", step.name, f.slots.message.Text, got.Height, first.Height)
		}
	}
}

// TestAppointmentFormOneDateInput: the patient search's placeholder reads
// whole, and the date's format is given once, as the date's placeholder,
// not in a faint label beside it that looks like a second input.
func TestAppointmentFormOneDateInput(t *testing.T) {
	f, w, _ := newTestAppointmentForm(t, newFakeAppointmentStore(), data.Appointment{})
	q := f.patientQuery
	if need := fyne.MeasureText(q.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.InnerPadding(); need > q.Size().Width {
		t.Errorf("patient search %v wide, its placeholder %q needs %v", q.Size().Width, q.PlaceHolder, need)
	}
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.Contains(l.Text, data.DayFirst.Hint()) {
			t.Errorf("a label %q beside the date", l.Text)
		}
	}
	if got, want := f.date.PlaceHolder, data.DayFirst.Hint(); got != want {
		t.Errorf("date placeholder %q, want %q", got, want)
	}
}
