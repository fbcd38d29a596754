package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

var screeningToday = func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) }

// fakeScreeningStore holds one patient's latest screening and records the
// screenings created, validating them as the real store does.
type fakeScreeningStore struct {
	latest  *data.Screening
	created []data.Screening
}

func (s *fakeScreeningStore) LatestScreening(_ context.Context, patientID int64) (*data.Screening, error) {
	return s.latest, nil
}

func (s *fakeScreeningStore) CreateScreening(_ context.Context, sc *data.Screening) error {
	if err := sc.Validate(screeningToday()); err != nil {
		return err
	}
	sc.ID = int64(len(s.created) + 1)
	s.created = append(s.created, *sc)
	return nil
}

func (s *fakeScreeningStore) ClinicRules(context.Context) (data.ClinicRules, error) {
	return data.DefaultClinicRules(), nil
}

var _ ScreeningStore = (*sqlstore.Store)(nil)

// newTestScreeningForm shows the form for patient 7 on a headless window,
// TestScreeningSaveStaysInSight: the screening form scrolls under its
// Save button and message, which stay at the bottom of the window.
func TestScreeningSaveStaysInSight(t *testing.T) {
	f, _ := newTestScreeningForm(t, &fakeScreeningStore{})
	assertScrollsUnder(t, f.content, f.scroll, f.notes, f.saveButton, f.formError)
}

// loaded, with database work run inline. saved counts onSaved calls.
func newTestScreeningForm(t *testing.T, store *fakeScreeningStore) (f *screeningForm, saved *int) {
	t.Helper()
	// Not test.NewTempWindow: a saved form closes its window, and the
	// test driver panics when a window is closed twice.
	win := test.NewTempApp(t).NewWindow("Screening")
	saved = new(int)
	f = newScreeningForm(win, store, data.DayFirst, screeningToday, 7, "", func() { *saved++ })
	f.worker.inline = true
	win.SetContent(f.content)
	win.Resize(fyne.NewSize(820, 700))
	f.start()
	return f, saved
}

func screeningDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestScreeningFormStartsFromLatest(t *testing.T) {
	store := &fakeScreeningStore{latest: &data.Screening{ID: 3, PatientID: 7, ScreenedOn: screeningDay(2026, 5, 1),
		RecordedBy: "Dr Amara Okafor", Indications: []data.Indication{data.IndicationAcneScars},
		ColdSores: true, LastBotulinumToxin: screeningDay(2026, 4, 20), Notes: "Prefers mornings."}}
	f, _ := newTestScreeningForm(t, store)

	if got, want := f.screenedOn.Text, "28/11/2026"; got != want {
		t.Errorf("screening date = %q, want today %q", got, want)
	}
	if got, want := strings.Join(f.indications.Selected, ","), data.IndicationAcneScars.Label(); got != want {
		t.Errorf("indications = %q, want %q", got, want)
	}
	for i, q := range screeningHistory {
		if got, want := f.history[i].Checked, strings.HasPrefix(q.question, "Cold sores"); got != want {
			t.Errorf("%q ticked = %v, want %v", q.question, got, want)
		}
	}
	if !f.botulinum.yes.Checked || f.botulinum.date.Disabled() || f.botulinum.date.Text != "20/04/2026" {
		t.Errorf("botulinum toxin: ticked %v, date %q (disabled %v); want ticked, 20/04/2026, enabled",
			f.botulinum.yes.Checked, f.botulinum.date.Text, f.botulinum.date.Disabled())
	}
	if !f.radiation.date.Disabled() {
		t.Error("radiation date is enabled though radiation is not ticked")
	}
	if got, want := f.notes.Text, "Prefers mornings."; got != want {
		t.Errorf("notes = %q, want %q", got, want)
	}
	if !strings.Contains(f.previous.Text, "01/05/2026") {
		t.Errorf("form does not say which screening it started from: %q", f.previous.Text)
	}
	if got, want := f.previewStatus.Text, "Today: Caution"; got != want {
		t.Errorf("preview = %q, want %q (cold sores)", got, want)
	}
}

func TestScreeningFormPregnancy(t *testing.T) {
	store := &fakeScreeningStore{}
	f, saved := newTestScreeningForm(t, store)
	if got, want := f.previewStatus.Text, "Today: Clear"; got != want {
		t.Errorf("preview before ticking = %q, want %q", got, want)
	}
	test.Type(f.recordedByEntry, "Dr Amara Okafor")
	test.Tap(f.pregnant.yes)
	test.Type(f.pregnant.date, "15/03/2027")

	if got, want := f.previewStatus.Text, "Today: Contraindicated"; got != want {
		t.Errorf("preview = %q, want %q", got, want)
	}
	if f.previewStatus.Importance != widget.DangerImportance {
		t.Errorf("preview importance = %v, want danger", f.previewStatus.Importance)
	}
	if f.previewBody.Text == "" {
		t.Error("preview gives no reason")
	}
	test.Tap(f.saveButton)

	if got := len(store.created); got != 1 {
		t.Fatalf("%d screenings created, want 1; form says %q", got, f.formError.Text)
	}
	sc := store.created[0]
	if !sc.Pregnant || !sc.PregnancyDueDate.Equal(screeningDay(2027, 3, 15)) {
		t.Errorf("saved pregnant %v, due %v; want true, 2027-03-15", sc.Pregnant, sc.PregnancyDueDate)
	}
	if !sc.ScreenedOn.Equal(screeningDay(2026, 11, 28)) || sc.PatientID != 7 || sc.RecordedBy != "Dr Amara Okafor" {
		t.Errorf("saved %v for patient %d by %q", sc.ScreenedOn, sc.PatientID, sc.RecordedBy)
	}
	if *saved != 1 {
		t.Errorf("onSaved called %d times, want 1", *saved)
	}
}

func TestScreeningFormUnreadableDate(t *testing.T) {
	store := &fakeScreeningStore{}
	f, saved := newTestScreeningForm(t, store)
	test.Type(f.recordedByEntry, "Dr Amara Okafor")
	test.Tap(f.radiation.yes)
	test.Type(f.radiation.date, "31/02/2026")
	test.Tap(f.saveButton)

	if got := len(store.created); got != 0 {
		t.Fatalf("%d screenings created from an unreadable date, want 0", got)
	}
	if *saved != 0 {
		t.Errorf("onSaved called %d times, want 0", *saved)
	}
	msg := f.fieldErrors[data.FieldLastRadiationTherapy]
	if msg.Hidden || !strings.Contains(msg.Text, "31/02/2026") {
		t.Errorf("message under the radiation date = %q (hidden %v), want one naming the date", msg.Text, msg.Hidden)
	}
	if f.radiation.date.Text != "31/02/2026" || !f.radiation.yes.Checked || f.recordedByEntry.Text != "Dr Amara Okafor" {
		t.Error("a refused save lost what was typed")
	}

	t.Run("TickedWithoutDate", func(t *testing.T) {
		f.radiation.date.SetText("")
		test.Tap(f.saveButton)
		if got := len(store.created); got != 0 {
			t.Fatalf("%d screenings created with radiation ticked and no date, want 0", got)
		}
		if msg.Hidden {
			t.Error("no message under the empty radiation date")
		}
	})

	t.Run("ValidationFromData", func(t *testing.T) {
		f.radiation.date.SetText("01/12/2026") // after the screening date
		test.Tap(f.saveButton)
		if got := len(store.created); got != 0 {
			t.Fatalf("%d screenings created with a future radiation date, want 0", got)
		}
		if msg.Hidden || !strings.Contains(msg.Text, "after the screening date") {
			t.Errorf("message under the radiation date = %q", msg.Text)
		}
	})
}

func TestScreeningFormSavesIndications(t *testing.T) {
	store := &fakeScreeningStore{}
	f, _ := newTestScreeningForm(t, store)
	test.Type(f.recordedByEntry, "Dr Amara Okafor")
	f.indications.SetSelected([]string{data.IndicationStretchMarks.Label(), data.IndicationAcneScars.Label()})
	test.Tap(f.history[0]) // open wounds
	test.Tap(f.retinoid.yes)
	test.Tap(f.retinoid.still)
	test.Tap(f.saveButton)

	if got := len(store.created); got != 1 {
		t.Fatalf("%d screenings created, want 1; form says %q", got, f.formError.Text)
	}
	sc := store.created[0]
	got := sc.Indications
	if len(got) != 2 || got[0] != data.IndicationAcneScars || got[1] != data.IndicationStretchMarks {
		t.Errorf("saved indications %v, want acne scars and stretch marks", got)
	}
	if !sc.OpenWounds || !sc.UsesTopicalRetinoid || !sc.LastTopicalRetinoid.IsZero() {
		t.Errorf("saved open wounds %v, uses retinoid %v (last %v)", sc.OpenWounds, sc.UsesTopicalRetinoid, sc.LastTopicalRetinoid)
	}
}
