package data_test

import (
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

func TestPhoneE164(t *testing.T) {
	tests := []struct {
		typed, country, want string
	}{
		{"07700 900123", "GB", "+447700900123"},
		{"+44 7700 900123", "GB", "+447700900123"},
		{"+44 (0)7700 900123", "GB", "+447700900123"},
		{"07700-900-123", "GB", "+447700900123"},
		{"(020) 7946 0958", "GB", "+442079460958"},
		{"06 12 34 56 78", "FR", "+33612345678"},
		{"+33 6 12 34 56 78", "GB", "+33612345678"},
		{"+44 7700 900123", "FR", "+447700900123"},
		{"(201) 555-0123", "US", "+12015550123"},
		{"07700 900123", "", "+447700900123"},
		{"", "GB", ""},
		{"123", "GB", ""},
		{"946 0958", "GB", ""},
		{"07700 900123", "FR", ""},
	}
	for _, tt := range tests {
		if got := data.PhoneE164(tt.typed, tt.country); got != tt.want {
			t.Errorf("PhoneE164(%q, %q) = %q, want %q", tt.typed, tt.country, got, tt.want)
		}
	}
}

func TestPhonePrefixE164(t *testing.T) {
	for _, tt := range []struct{ typed, country, want string }{
		{"07700 9", "GB", "+4477009"},
		{"+44 77", "GB", "+4477"},
		{"06 12", "FR", "+33612"},
		{"7700 9", "GB", ""},
		{"201 555", "US", ""},
	} {
		if got := data.PhonePrefixE164(tt.typed, tt.country); got != tt.want {
			t.Errorf("PhonePrefixE164(%q, %q) = %q, want %q", tt.typed, tt.country, got, tt.want)
		}
	}
}

func TestFormatPhone(t *testing.T) {
	tests := []struct {
		typed, e164, country, want string
	}{
		{"+44 7700 900123", "+447700900123", "GB", "07700 900123"},
		{"+442079460958", "+442079460958", "GB", "020 7946 0958"},
		{"0612345678", "+33612345678", "FR", "06 12 34 56 78"},
		// A number of another country is shown with its country code.
		{"+33 6 12 34 56 78", "+33612345678", "GB", "+33 6 12 34 56 78"},
		{"07700 900123", "+447700900123", "FR", "+44 7700 900123"},
		{"2015550123", "+12015550123", "US", "(201) 555-0123"},
		// One that could not be read is shown as typed.
		{"ask at reception", "", "GB", "ask at reception"},
		{"", "", "GB", ""},
	}
	for _, tt := range tests {
		if got := data.FormatPhone(tt.typed, tt.e164, tt.country); got != tt.want {
			t.Errorf("FormatPhone(%q, %q, %q) = %q, want %q", tt.typed, tt.e164, tt.country, got, tt.want)
		}
	}
}

func TestPhoneValidateByCountry(t *testing.T) {
	p := datatest.ValidPatient()
	p.Phone, p.EmergencyContactPhone = "06 12 34 56 78", ""
	if err := p.Validate(datatest.Now, "FR"); err != nil {
		t.Errorf("a French mobile in a French clinic: Validate() = %v, want nil", err)
	}
	fields := datatest.FieldErrors(t, p.Validate(datatest.Now, "GB"))
	if got, want := fields[data.FieldPhone], "too few digits for the United Kingdom"; !strings.Contains(got, want) {
		t.Errorf("a French mobile without +33 in a British clinic: message %q, want it to contain %q", got, want)
	}
	p.Phone = "+33 6 12 34 56 78"
	if err := p.Validate(datatest.Now, "GB"); err != nil {
		t.Errorf("a French mobile with +33 in a British clinic: Validate() = %v, want nil", err)
	}
}

func TestClinicCountry(t *testing.T) {
	for _, tt := range []struct {
		country string
		ok      bool
	}{{"GB", true}, {"FR", true}, {"", true}, {"gb", false}, {"UK", false}, {"XX", false}} {
		d := data.ClinicDetails{Country: tt.country, PaperSize: data.PaperA4}
		if got := d.Validate() == nil; got != tt.ok {
			t.Errorf("ClinicDetails{Country: %q}.Validate() accepted = %v, want %v", tt.country, got, tt.ok)
		}
	}
	d := data.ClinicDetails{Country: "FR", Phone: "01 23 45 67 89", PaperSize: data.PaperA4}
	if err := d.Validate(); err != nil {
		t.Errorf("a French clinic's number: Validate() = %v, want nil", err)
	}
	if got, want := data.CountryName("GB"), "United Kingdom"; got != want {
		t.Errorf("CountryName(GB) = %q, want %q", got, want)
	}
	if list := data.Countries(); len(list) < 200 || !strings.Contains(strings.Join(list, " "), "GB") {
		t.Errorf("Countries() lists %d countries, want GB among 200 or more", len(list))
	}
}
