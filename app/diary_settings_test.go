package app

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// fakeDiaryStore keeps the diary settings in memory and counts saves.
type fakeDiaryStore struct {
	diary data.DiarySettings
	saves int
}

func (f *fakeDiaryStore) DiarySettings(context.Context) (data.DiarySettings, error) {
	return f.diary, nil
}

func (f *fakeDiaryStore) SaveDiarySettings(_ context.Context, d data.DiarySettings) error {
	if err := d.Validate(); err != nil {
		return err
	}
	f.saves++
	f.diary = d
	return nil
}

func newTestDiaryScreen(t *testing.T, store *fakeDiaryStore) *diaryScreen {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := newDiaryScreen(w, store)
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(640, 640))
	s.worker.inline = true
	s.load()
	return s
}

func TestDiaryLoadsCurrentSettings(t *testing.T) {
	d := data.DefaultDiarySettings()
	d.Hours[time.Thursday] = data.OpeningHours{Open: true, Opens: 12 * 60, Closes: 20*60 + 30}
	d.TreatmentMinutes = 75
	s := newTestDiaryScreen(t, &fakeDiaryStore{diary: d})

	thu := s.days[time.Thursday]
	if !thu.open.Checked || thu.opens.Text != "12:00" || thu.closes.Text != "20:30" {
		t.Errorf("Thursday = %v %q %q, want open 12:00 to 20:30", thu.open.Checked, thu.opens.Text, thu.closes.Text)
	}
	sun := s.days[time.Sunday]
	if sun.open.Checked || !sun.opens.Disabled() || sun.opens.Text != "" {
		t.Errorf("Sunday = %v %q (disabled %v), want closed with no times", sun.open.Checked, sun.opens.Text, sun.opens.Disabled())
	}
	if got, want := s.lengths[data.FieldTreatmentMinutes].Text, "75"; got != want {
		t.Errorf("treatment length = %q, want %q", got, want)
	}
}

func TestDiarySaveChanges(t *testing.T) {
	store := &fakeDiaryStore{diary: data.DefaultDiarySettings()}
	s := newTestDiaryScreen(t, store)

	s.days[time.Saturday].open.SetChecked(false)
	test.Tap(s.days[time.Sunday].open)
	s.days[time.Sunday].opens.SetText("10:00")
	s.days[time.Sunday].closes.SetText("14:00")
	s.lengths[data.FieldReviewMinutes].SetText(" 20 ")
	test.Tap(s.saveButton)

	if store.saves != 1 {
		t.Fatalf("%d saves, want 1", store.saves)
	}
	want := data.DefaultDiarySettings()
	want.Hours[time.Saturday] = data.OpeningHours{}
	want.Hours[time.Sunday] = data.OpeningHours{Open: true, Opens: 10 * 60, Closes: 14 * 60}
	want.ReviewMinutes = 20
	if !reflect.DeepEqual(store.diary, want) {
		t.Errorf("saved %+v, want %+v", store.diary, want)
	}
	if !strings.HasPrefix(s.status.Text, "Saved.") {
		t.Errorf("status = %q", s.status.Text)
	}
}

func TestDiaryRefusedByField(t *testing.T) {
	store := &fakeDiaryStore{diary: data.DefaultDiarySettings()}
	s := newTestDiaryScreen(t, store)

	s.days[time.Monday].opens.SetText("18:00")
	s.days[time.Monday].closes.SetText("09:00")
	s.days[time.Tuesday].closes.SetText("6pm")
	s.lengths[data.FieldTreatmentMinutes].SetText("600")
	test.Tap(s.saveButton)
	// Times that cannot be read are reported first; the rest once they can.
	if msg := s.fieldErrors[data.FieldOpeningHours(time.Tuesday)]; msg.Hidden || !strings.Contains(msg.Text, "HH:MM") {
		t.Errorf("Tuesday message = %q (hidden %v)", msg.Text, msg.Hidden)
	}
	s.days[time.Tuesday].closes.SetText("18:00")
	test.Tap(s.saveButton)

	if store.saves != 0 {
		t.Fatalf("saved %d times with Monday closing before it opens", store.saves)
	}
	for field, want := range map[string]string{
		data.FieldOpeningHours(time.Monday): "Monday: the clinic must close after it opens.",
		data.FieldTreatmentMinutes:          "A treatment session lasts from 5 to 480 minutes.",
	} {
		if msg := s.fieldErrors[field]; msg.Hidden || msg.Text != want {
			t.Errorf("%s message = %q (hidden %v), want %q", field, msg.Text, msg.Hidden, want)
		}
	}
	if got := s.days[time.Monday].opens.Text; got != "18:00" {
		t.Errorf("refused save lost what was typed: %q", got)
	}
}

// TestDiaryRecallCutoff: the clinic's cut-off of the list to call shows,
// saves, and a value out of range or not a number is refused beside it.
func TestDiaryRecallCutoff(t *testing.T) {
	d := data.DefaultDiarySettings()
	d.RecallCutoffMonths = 18
	store := &fakeDiaryStore{diary: d}
	s := newTestDiaryScreen(t, store)

	if got, want := s.recallCutoff.Text, "18"; got != want {
		t.Errorf("cut-off = %q, want %q", got, want)
	}
	for _, c := range []struct{ typed, want string }{
		{"two years", "Type a whole number of months, such as 24; 0 keeps everyone on the list."},
		{"121", "The list to call leaves patients off after 0 to 120 months; 0 keeps everyone on it."},
	} {
		s.recallCutoff.SetText(c.typed)
		test.Tap(s.saveButton)
		if msg := s.fieldErrors[data.FieldRecallCutoffMonths]; msg.Hidden || msg.Text != c.want {
			t.Errorf("%q: message = %q (hidden %v), want %q", c.typed, msg.Text, msg.Hidden, c.want)
		}
	}
	if store.saves != 0 {
		t.Fatalf("saved %d times with a cut-off out of range", store.saves)
	}
	s.recallCutoff.SetText("36")
	test.Tap(s.saveButton)
	if store.saves != 1 || store.diary.RecallCutoffMonths != 36 {
		t.Errorf("saved %d times, cut-off %d months; want once, 36", store.saves, store.diary.RecallCutoffMonths)
	}
	test.Tap(s.defaultsButton)
	if got, want := s.recallCutoff.Text, "24"; got != want {
		t.Errorf("defaults fill in a cut-off of %q, want %q", got, want)
	}
}
