package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// fakeRulesStore keeps the clinic rules in memory and counts saves.
type fakeRulesStore struct {
	rules data.ClinicRules
	saves int
}

func (f *fakeRulesStore) ClinicRules(context.Context) (data.ClinicRules, error) {
	return f.rules, nil
}

func (f *fakeRulesStore) SaveClinicRules(_ context.Context, r data.ClinicRules) error {
	if err := r.Validate(); err != nil {
		return err
	}
	f.saves++
	f.rules = r
	return nil
}

func newTestRulesScreen(t *testing.T, store *fakeRulesStore) *rulesScreen {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := newRulesScreen(w, store)
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(640, 520))
	s.worker.inline = true
	s.load()
	return s
}

// ownClinicRules returns the clinic's own rules, different from the defaults.
func ownClinicRules() data.ClinicRules {
	r := data.DefaultClinicRules()
	r.IsotretinoinWaitMonths = 12
	r.ScreeningValidMonths = 3
	return r
}

func TestRulesLoadCurrentValues(t *testing.T) {
	s := newTestRulesScreen(t, &fakeRulesStore{rules: ownClinicRules()})

	if got, want := s.entries[data.FieldIsotretinoinWaitMonths].Text, "12"; got != want {
		t.Errorf("isotretinoin entry = %q, want %q", got, want)
	}
	if got, want := s.entries[data.FieldScreeningValidMonths].Text, "3"; got != want {
		t.Errorf("screening entry = %q, want %q", got, want)
	}
	if got, want := s.entries[data.FieldBotulinumToxinWaitMonths].Text, "3"; got != want {
		t.Errorf("botulinum toxin entry = %q, want %q", got, want)
	}
	if got, want := s.hints[data.FieldIsotretinoinWaitMonths].Text, "Default 6"; got != want {
		t.Errorf("isotretinoin hint = %q, want %q", got, want)
	}
}

func TestRulesSaveChangedValue(t *testing.T) {
	store := &fakeRulesStore{rules: ownClinicRules()}
	s := newTestRulesScreen(t, store)

	s.entries[data.FieldBotulinumToxinWaitMonths].SetText(" 4 ")
	test.Tap(s.saveButton)

	if got, want := store.saves, 1; got != want {
		t.Fatalf("%d saves, want %d", got, want)
	}
	want := ownClinicRules()
	want.BotulinumToxinWaitMonths = 4
	if store.rules != want {
		t.Errorf("stored %+v, want %+v", store.rules, want)
	}
	if !strings.HasPrefix(s.status.Text, "Saved.") {
		t.Errorf("status = %q after saving", s.status.Text)
	}
}

func TestRulesRefuseNonNumber(t *testing.T) {
	store := &fakeRulesStore{rules: ownClinicRules()}
	s := newTestRulesScreen(t, store)

	s.entries[data.FieldBotulinumToxinWaitMonths].SetText("4")
	test.Type(s.entries[data.FieldIsotretinoinWaitMonths], "x")
	test.Tap(s.saveButton)

	if store.saves != 0 {
		t.Fatalf("saved %+v with a non-number typed", store.rules)
	}
	msg := s.fieldErrors[data.FieldIsotretinoinWaitMonths]
	if msg.Hidden || !strings.Contains(msg.Text, "whole number of months") {
		t.Errorf("isotretinoin message = %q (hidden %v)", msg.Text, msg.Hidden)
	}
	if other := s.fieldErrors[data.FieldBotulinumToxinWaitMonths]; !other.Hidden {
		t.Errorf("botulinum toxin message shown: %q", other.Text)
	}
	if got, want := s.entries[data.FieldBotulinumToxinWaitMonths].Text, "4"; got != want {
		t.Errorf("typed value lost: botulinum toxin entry = %q, want %q", got, want)
	}
	if got := s.win.Canvas().Focused(); got != s.entries[data.FieldIsotretinoinWaitMonths] {
		t.Errorf("focus is on %T, want the isotretinoin entry", got)
	}
}

func TestRulesOutOfRangeMessage(t *testing.T) {
	store := &fakeRulesStore{rules: ownClinicRules()}
	s := newTestRulesScreen(t, store)

	s.entries[data.FieldScreeningValidMonths].SetText("0")
	test.Tap(s.saveButton)

	if store.saves != 0 {
		t.Fatal("saved a screening valid for 0 months")
	}
	if msg := s.fieldErrors[data.FieldScreeningValidMonths]; msg.Hidden || msg.Text == "" {
		t.Error("no message under the screening setting")
	}
	if got, want := s.entries[data.FieldScreeningValidMonths].Text, "0"; got != want {
		t.Errorf("typed value lost: %q, want %q", got, want)
	}
}

func TestRulesRestoreDefaults(t *testing.T) {
	store := &fakeRulesStore{rules: ownClinicRules()}
	s := newTestRulesScreen(t, store)

	test.Tap(s.defaultsButton)
	if store.saves != 0 {
		t.Error("Restore defaults saved before Save was pressed")
	}
	if got, want := s.entries[data.FieldIsotretinoinWaitMonths].Text, "6"; got != want {
		t.Errorf("isotretinoin entry = %q, want %q", got, want)
	}
	if got, want := s.entries[data.FieldTopicalRetinoidWaitDays].Text, "5"; got != want {
		t.Errorf("topical retinoid entry = %q, want %q", got, want)
	}

	test.Tap(s.saveButton)
	if store.rules != data.DefaultClinicRules() {
		t.Errorf("stored %+v, want the defaults", store.rules)
	}
}
