package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// TestPatientFormRefusesUnreadablePhone: a number that cannot be read for
// the clinic's country is not saved, and the form says why under the
// input.
func TestPatientFormRefusesUnreadablePhone(t *testing.T) {
	store := newFakeStore()
	s := newTestScreen(t, store)

	test.Tap(s.newButton)
	test.Type(s.form.firstName, "Zoë")
	test.Type(s.form.lastName, "Adams")
	test.Type(s.form.phone, "07700 9001")
	test.Type(s.form.emergencyPhone, "+999 123 456")
	test.Tap(s.saveButton)
	if got := store.called("CreatePatient"); got != 0 {
		t.Fatalf("CreatePatient called %d times with an unreadable number", got)
	}
	phone := s.form.fieldErrors[data.FieldPhone]
	if want := "Phone number has too few digits for the United Kingdom"; phone.Hidden || !strings.Contains(phone.Text, want) {
		t.Errorf("phone message = %q (hidden %v), want it to contain %q", phone.Text, phone.Hidden, want)
	}
	emergency := s.form.fieldErrors[data.FieldEmergencyContactPhone]
	if want := "country code that does not exist"; emergency.Hidden || !strings.Contains(emergency.Text, want) {
		t.Errorf("emergency phone message = %q (hidden %v), want it to contain %q", emergency.Text, emergency.Hidden, want)
	}
	if got := s.win.Canvas().Focused(); got != s.form.phone {
		t.Errorf("focus is on %T, want the phone entry", got)
	}

	s.form.phone.SetText("07700 900123")
	s.form.emergencyPhone.SetText("")
	if !phone.Hidden {
		t.Errorf("phone message %q still shown for a whole number", phone.Text)
	}
	test.Tap(s.saveButton)
	if got, want := store.patients[1].Phone, "07700 900123"; got != want {
		t.Errorf("stored phone %q, want %q as typed", got, want)
	}
}

// TestPhoneShownInNationalFormat: a number typed in international form is
// shown as it is dialled in the clinic's country, in the search results
// and in the record, and saving the record unchanged is no new number.
func TestPhoneShownInNationalFormat(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", Phone: "+44 7700 900123", PhoneE164: "+447700900123"},
		data.Patient{FirstName: "Léa", LastName: "Martin", Phone: "0033612345678", PhoneE164: "+33612345678"},
		data.Patient{FirstName: "Ola", LastName: "Nowak", Phone: "kept from before"})
	s := newTestScreen(t, store)

	for i, want := range []string{"07700 900123", "+33 6 12 34 56 78", "kept from before"} {
		if got := s.resultDetail(s.results[i]); got != want {
			t.Errorf("search result %d = %q, want %q", i, got, want)
		}
	}
	s.list.Select(0)
	if got, want := s.form.phone.Text, "07700 900123"; got != want {
		t.Errorf("the record shows phone %q, want %q", got, want)
	}
	test.Type(s.form.allergies, "latex")
	test.Tap(s.saveButton)
	if got := store.called("FindDuplicates"); got != 0 {
		t.Errorf("FindDuplicates called %d times though only the way the number is written changed", got)
	}
	if got := store.patients[1]; got.PhoneE164 != "+447700900123" || got.Allergies != "latex" {
		t.Errorf("saved %q (%q), allergies %q", got.Phone, got.PhoneE164, got.Allergies)
	}
}

// frenchClinic is a fakeStore of a clinic in France.
type frenchClinic struct{ *fakeStore }

func (frenchClinic) ClinicDetails(context.Context) (data.ClinicDetails, error) {
	return data.ClinicDetails{Country: "FR", PaperSize: data.PaperA4}, nil
}

// TestPhoneReadInClinicCountry: the form reads numbers with the country of
// the clinic's details.
func TestPhoneReadInClinicCountry(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", Phone: "+44 7700 900123", PhoneE164: "+447700900123"})
	s := newTestScreenOn(t, frenchClinic{store})

	if got, want := s.resultDetail(s.results[0]), "+44 7700 900123"; got != want {
		t.Errorf("a British number in a French clinic is listed as %q, want %q", got, want)
	}
	if got, want := s.form.phone.PlaceHolder, "e.g. 06 12 34 56 78"; got != want {
		t.Errorf("phone placeholder = %q, want %q", got, want)
	}
	test.Tap(s.newButton)
	test.Type(s.form.firstName, "Léa")
	test.Type(s.form.lastName, "Martin")
	test.Type(s.form.phone, "07700 900123")
	test.Tap(s.saveButton)
	if phone := s.form.fieldErrors[data.FieldPhone]; phone.Hidden || !strings.Contains(phone.Text, "for France") {
		t.Errorf("a British number without +44 in a French clinic: message %q (hidden %v)", phone.Text, phone.Hidden)
	}
	s.form.phone.SetText("06 12 34 56 78")
	test.Tap(s.saveButton)
	if got := store.called("CreatePatient"); got != 1 {
		t.Errorf("CreatePatient called %d times with a French mobile, want 1", got)
	}
}

// TestRecallPhoneNationalFormat: the list to call shows numbers as they
// are dialled, and finds one by digits typed either way.
func TestRecallPhoneNationalFormat(t *testing.T) {
	store := recallFixture()
	store.list[1].Phone, store.list[1].PhoneE164 = "+44 7700 900456", "+447700900456"
	s := newTestRecall(t, store)
	if got, want := recallCell(s.entries[1], recallPhoneColumn, s.country), "07700 900456"; got != want {
		t.Errorf("phone cell = %q, want %q", got, want)
	}
	for _, query := range []string{"07700 900456", "+44 7700 900456", "900456"} {
		s.search.SetText(query)
		if len(s.entries) != 1 || s.entries[0].PatientName != "Bea Lund" {
			t.Errorf("search %q lists %d patients, want Bea Lund alone", query, len(s.entries))
		}
	}
}

// TestClinicDetailsCountry: the clinic chooses its country by name.
func TestClinicDetailsCountry(t *testing.T) {
	store := &fakeClinicDetails{details: data.ClinicDetails{Name: "Glow Clinic", PaperSize: data.PaperA4,
		DowntimeGuide: data.DefaultDowntimeGuide()}}
	w := test.NewTempWindow(t, nil)
	s := newClinicDetailsScreen(w, store)
	s.worker.inline = true
	var told string
	s.saved = func(d data.ClinicDetails) { told = d.Country }
	w.SetContent(s.content)
	s.load()
	if got, want := s.country.Selected, "United Kingdom (GB)"; got != want {
		t.Errorf("country shown = %q, want %q for a clinic with none set", got, want)
	}
	s.country.SetSelected("France (FR)")
	s.phone.SetText("01 23 45 67 89")
	test.Tap(s.saveButton)
	if store.saves != 1 || store.details.Country != "FR" || told != "FR" {
		t.Errorf("saved %d times, country %q, told %q; want FR once", store.saves, store.details.Country, told)
	}
}
