package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// fakeConsultations records what the consultation form stores.
type fakeConsultations struct {
	saved  []data.Consultation
	signed []int64
}

func (f *fakeConsultations) Staff(context.Context, bool) ([]data.StaffMember, error) {
	return []data.StaffMember{
		{ID: 1, Name: "Ben Desk", Role: data.RoleReception, Active: true},
		{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true},
	}, nil
}

func (f *fakeConsultations) CreateConsultation(_ context.Context, c *data.Consultation) error {
	c.ID, c.Version = 11, 1
	f.saved = append(f.saved, *c)
	return nil
}

func (f *fakeConsultations) UpdateConsultation(_ context.Context, c *data.Consultation) error {
	c.Version++
	f.saved = append(f.saved, *c)
	return nil
}

func (f *fakeConsultations) SignConsultation(_ context.Context, id, _, practitionerID int64) error {
	f.signed = append(f.signed, id, practitionerID)
	return nil
}

func newTestConsultationForm(t *testing.T, store *fakeConsultations) *consultationForm {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("Consultation") // saving closes it
	f := newConsultationForm(w, store, data.DayFirst, testNow, data.Consultation{PatientID: 5}, nil)
	f.worker.inline = true
	w.SetContent(f.content)
	f.load()
	return f
}

func TestConsultationFormSavesDraft(t *testing.T) {
	store := &fakeConsultations{}
	f := newTestConsultationForm(t, store)
	if got := f.practitioner.Options; len(got) != 1 || got[0] != "Dr Amara Okafor" {
		t.Fatalf("practitioners offered = %q, want only the practitioner", got)
	}
	if got := f.consultedOn.Text; got != "28/11/2026" {
		t.Errorf("date defaults to %q, want today", got)
	}
	f.practitioner.SetSelected("Dr Amara Okafor")
	f.concerns.SetSelected([]string{data.IndicationAcneScars.Label()})
	f.areas.SetSelected([]string{data.AreaCheeks.Label(), data.AreaChin.Label()})
	test.Type(f.depthMin, "0.5")
	test.Type(f.depthMax, "1,5")
	test.Type(f.goals, "Smoother cheeks")
	test.Tap(f.saveButton)

	if len(store.saved) != 1 {
		t.Fatalf("saved %d consultations, want 1", len(store.saved))
	}
	c := store.saved[0]
	if c.PatientID != 5 || c.PractitionerID != 7 || c.PlannedSessions != 3 || c.IntervalWeeks != 4 ||
		c.DepthMin != 50 || c.DepthMax != 150 || len(c.Areas) != 2 || c.Concerns[0] != data.IndicationAcneScars || c.Goals != "Smoother cheeks" {
		t.Errorf("saved %+v", c)
	}
}

func TestConsultationFormMessages(t *testing.T) {
	store := &fakeConsultations{}
	f := newTestConsultationForm(t, store)
	test.Type(f.depthMax, "deep")
	f.plannedSessions.SetText("three")
	test.Tap(f.saveButton)
	if len(store.saved) != 0 {
		t.Fatal("saved a consultation with problems")
	}
	for field, want := range map[string]string{
		data.FieldPractitioner:    "Choose the practitioner",
		data.FieldDepthRange:      "not a depth",
		data.FieldPlannedSessions: "whole number",
	} {
		if l := f.fieldErrors[field]; l.Hidden || !strings.Contains(l.Text, want) {
			t.Errorf("%s message = %q, want %q", field, l.Text, want)
		}
	}
	if got := f.depthMax.Text; got != "deep" {
		t.Errorf("typed depth lost: %q", got)
	}
}

func TestConsultationFormSigns(t *testing.T) {
	store := &fakeConsultations{}
	f := newTestConsultationForm(t, store)
	f.practitioner.SetSelected("Dr Amara Okafor")
	test.Tap(f.signButton)
	top := f.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("signing did not ask for confirmation")
	}
	var sign *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Sign" {
			sign = b
		}
	}
	if sign == nil {
		t.Fatal("no Sign button in the confirmation")
	}
	if len(store.signed) != 0 {
		t.Fatal("signed before the practitioner confirmed")
	}
	test.Tap(sign)
	if len(store.signed) != 2 || store.signed[0] != 11 || store.signed[1] != 7 {
		t.Errorf("SignConsultation calls = %v, want consultation 11 by practitioner 7", store.signed)
	}
}
