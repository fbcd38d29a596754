package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

type fakeClinicDetails struct {
	details data.ClinicDetails
	saves   int
}

func (f *fakeClinicDetails) ClinicDetails(context.Context) (data.ClinicDetails, error) {
	return f.details, nil
}

func (f *fakeClinicDetails) SaveClinicDetails(_ context.Context, d data.ClinicDetails) error {
	f.saves++
	f.details = d
	return nil
}

func TestClinicDetailsWindow(t *testing.T) {
	store := &fakeClinicDetails{details: data.ClinicDetails{Name: "Glow Clinic", PaperSize: data.PaperA4,
		Logo: []byte("\x89PNG\r\n\x1a\nimage"), DowntimeGuide: data.DefaultDowntimeGuide()}}
	w := test.NewTempWindow(t, nil)
	s := newClinicDetailsScreen(w, store)
	s.worker.inline = true
	w.SetContent(s.content)
	s.load()
	if s.name.Text != "Glow Clinic" || s.paper.Selected != "A4" || !strings.Contains(s.logoStatus.Text, "Logo chosen") {
		t.Fatalf("loaded: name %q paper %q logo %q", s.name.Text, s.paper.Selected, s.logoStatus.Text)
	}
	if !s.removeLogo.Visible() {
		t.Error("a logo is on file and Remove is not offered")
	}
	test.Tap(s.removeLogo)
	if s.removeLogo.Visible() || !strings.Contains(s.logoStatus.Text, "No logo") {
		t.Errorf("after Remove: %q, Remove still offered %v", s.logoStatus.Text, s.removeLogo.Visible())
	}
	s.details.Logo = store.details.Logo
	s.showLogo()

	s.phone.SetText("ring us")
	test.Tap(s.saveButton)
	if store.saves != 0 {
		t.Fatal("saved an invalid phone number")
	}
	if l := s.fieldErrors[data.FieldClinicPhone]; l.Hidden || !strings.Contains(l.Text, "only digits") {
		t.Errorf("phone message = %q", l.Text)
	}

	s.phone.SetText("+44 20 7946 0958")
	s.aftercare.SetText("## Day 0 — {day0}\nSee you {when}.")
	test.Tap(s.saveButton)
	if l := s.fieldErrors[data.FieldAftercareTemplate]; store.saves != 0 || l.Hidden || !strings.Contains(l.Text, "{when}") {
		t.Fatalf("unknown placeholder: saves %d, message %q", store.saves, l.Text)
	}
	s.aftercare.SetText("## Day 0 — {day0}\nKeep your skin clean, {name}.")
	if !strings.Contains(s.guide.Text, "0.5 mm | 2-3 |") {
		t.Errorf("the downtime guide shows %q, want the default guide", s.guide.Text)
	}
	s.guide.SetText(s.guide.Text + "3 mm | 7-8 | 3\n")
	test.Tap(s.saveButton)
	if l := s.fieldErrors[data.FieldDowntimeGuide]; store.saves != 0 || l.Hidden || !strings.Contains(l.Text, "write 9 columns") {
		t.Fatalf("a short row of the guide: saves %d, message %q", store.saves, l.Text)
	}
	s.guide.SetText(strings.Replace(data.DefaultDowntimeGuide().String(), "| 2-3 | 2 | 1 |", "| 2-3 | 2 | 2 |", 1))
	s.outOfHours.SetText("Out of hours, call 111.")
	s.paper.SetSelected("US Letter")
	s.products.SetText("Redness Solution Complex")
	test.Tap(s.saveButton)
	if store.saves != 1 || store.details.PaperSize != data.PaperLetter || store.details.Phone != "+44 20 7946 0958" ||
		store.details.RecommendedProducts != "Redness Solution Complex" || len(store.details.Logo) == 0 ||
		!strings.Contains(store.details.AftercareTemplate, "{name}") ||
		store.details.OutOfHours != "Out of hours, call 111." || store.details.DowntimeGuide[0].MakeupDay != 2 {
		t.Errorf("saved %+v", store.details)
	}
}
