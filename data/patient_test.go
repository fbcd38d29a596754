package data_test

import (
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

func TestPatientValidate(t *testing.T) {
	today := datatest.Now
	if p := datatest.ValidPatient(); p.Validate(today, data.DefaultCountry) != nil {
		t.Fatalf("datatest.ValidPatient().Validate() = %v, want nil", p.Validate(today, data.DefaultCountry))
	}
	long := strings.Repeat("a", data.MaxNotesLength)
	tests := []struct {
		name   string
		change func(p *data.Patient)
		field  string
		want   string
	}{
		{"ErrFirstNameRequired", func(p *data.Patient) { p.FirstName = "" }, data.FieldFirstName, "First name is required"},
		{"ErrLastNameRequired", func(p *data.Patient) { p.LastName = "   " }, data.FieldLastName, "Last name is required"},
		{"ErrNameNoLetters", func(p *data.Patient) { p.LastName = "1234" }, data.FieldLastName, "at least one letter"},
		{"ErrNameSurroundingSpaces", func(p *data.Patient) { p.FirstName = " Ada" }, data.FieldFirstName, "spaces at the start or end"},
		{"ErrNameTooLong", func(p *data.Patient) { p.LastName = strings.Repeat("Ł", data.MaxNameLength+1) }, data.FieldLastName, "too long: 101 characters"},
		{"ErrNameControlChar", func(p *data.Patient) { p.FirstName = "Ada\tLove" }, data.FieldFirstName, "one line"},
		{"ErrNameInvalidUTF8", func(p *data.Patient) { p.FirstName = "Ad\xffa" }, data.FieldFirstName, "cannot be stored"},
		{"ErrPreferredNameBlank", func(p *data.Patient) { p.PreferredName = "  " }, data.FieldPreferredName, "only spaces"},
		{"ErrBornInFuture", func(p *data.Patient) { p.DateOfBirth = datatest.Date(2026, 11, 29) }, data.FieldDateOfBirth, "cannot be in the future"},
		{"ErrBornTooLongAgo", func(p *data.Patient) { p.DateOfBirth = datatest.Date(1906, 11, 27) }, data.FieldDateOfBirth, "more than 120 years ago"},
		{"ErrPhoneLetters", func(p *data.Patient) { p.Phone = "0770 CALL ME" }, data.FieldPhone, "only digits"},
		{"ErrPhoneTooShort", func(p *data.Patient) { p.Phone = "07700 9001" }, data.FieldPhone, "too few digits for the United Kingdom"},
		{"ErrPhoneTooLong", func(p *data.Patient) { p.Phone = "07700 900123 4" }, data.FieldPhone, "too many digits"},
		{"ErrPhoneOnlySpaces", func(p *data.Patient) { p.Phone = "   " }, data.FieldPhone, "cannot be read as a phone number; type it like 07400 123456"},
		{"ErrPhoneNoSuchCountryCode", func(p *data.Patient) { p.Phone = "+999 7700 900123" }, data.FieldPhone, "country code that does not exist"},
		{"ErrPhoneForeignTooShort", func(p *data.Patient) { p.Phone = "+33 6 12 34 56" }, data.FieldPhone, "too few digits for France"},
		{"ErrPhonePlusInMiddle", func(p *data.Patient) { p.Phone = "0770+900123" }, data.FieldPhone, "leading +"},
		{"ErrEmergencyPhone", func(p *data.Patient) { p.EmergencyContactPhone = "ask reception" }, data.FieldEmergencyContactPhone, "Emergency contact phone may hold only digits"},
		{"ErrEmailNoAt", func(p *data.Patient) { p.Email = "zoe.example.com" }, data.FieldEmail, "name@example.com"},
		{"ErrEmailDisplayName", func(p *data.Patient) { p.Email = "Zoe <zoe@example.com>" }, data.FieldEmail, "name@example.com"},
		{"ErrEmailNoDomainDot", func(p *data.Patient) { p.Email = "zoe@localhost" }, data.FieldEmail, "name@example.com"},
		{"ErrSex", func(p *data.Patient) { p.Sex = "unknown" }, data.FieldSex, "female, male, other"},
		{"ErrSkinType", func(p *data.Patient) { p.SkinType = 7 }, data.FieldSkinType, "Fitzpatrick I to VI"},
		{"ErrNotesTooLong", func(p *data.Patient) { p.MedicalNotes = long + "!" }, data.FieldMedicalNotes, "at most 10000"},
		{"ErrNotesNUL", func(p *data.Patient) { p.Allergies = "latex\x00" }, data.FieldAllergies, "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := datatest.ValidPatient()
			tt.change(&p)
			fields := datatest.FieldErrors(t, p.Validate(today, data.DefaultCountry))
			if got := fields[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("message for %s = %q, want it to contain %q (all: %v)", tt.field, got, tt.want, fields)
			}
			if len(fields) != 1 {
				t.Errorf("got %d field errors, want 1: %v", len(fields), fields)
			}
		})
	}

	t.Run("AcceptsLimits", func(t *testing.T) {
		p := datatest.ValidPatient()
		p.MedicalNotes = long
		p.LastName = strings.Repeat("Ł", data.MaxNameLength)
		p.DateOfBirth = datatest.Date(1906, 11, 28)
		p.Phone, p.Email, p.PreferredName = "", "", ""
		if err := p.Validate(today, data.DefaultCountry); err != nil {
			t.Errorf("Validate() = %v, want nil at the limits", err)
		}
	})

	t.Run("ReportsEveryField", func(t *testing.T) {
		p := data.Patient{Phone: "x", Email: "y"}
		fields := datatest.FieldErrors(t, p.Validate(today, data.DefaultCountry))
		for _, f := range []string{data.FieldFirstName, data.FieldLastName, data.FieldPhone, data.FieldEmail} {
			if fields[f] == "" {
				t.Errorf("no message for %s; got %v", f, fields)
			}
		}
	})
}

func TestPatientAge(t *testing.T) {
	p := data.Patient{DateOfBirth: datatest.Date(2008, 11, 29)}
	if got, want := p.IsMinorOn(datatest.Date(2026, 11, 28)), true; got != want {
		t.Errorf("IsMinorOn(day before 18th birthday) = %v, want %v", got, want)
	}
	if got, want := p.IsMinorOn(datatest.Date(2026, 11, 29)), false; got != want {
		t.Errorf("IsMinorOn(18th birthday) = %v, want %v", got, want)
	}
	leap := data.Patient{DateOfBirth: datatest.Date(2008, 2, 29)}
	if age, _ := leap.AgeOn(datatest.Date(2026, 2, 28)); age != 17 {
		t.Errorf("leap-day baby on 28 Feb 2026: age %d, want 17", age)
	}
	if age, _ := leap.AgeOn(datatest.Date(2026, 3, 1)); age != 18 {
		t.Errorf("leap-day baby on 1 Mar 2026: age %d, want 18", age)
	}
	if _, ok := (&data.Patient{}).AgeOn(datatest.Now); ok {
		t.Error("AgeOn without a date of birth reported an age")
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in    string
		order data.DateOrder
		want  time.Time
		err   string
	}{
		{"1990-03-02", data.DayFirst, datatest.Date(1990, 3, 2), ""},
		{"1990-03-02", data.MonthFirst, datatest.Date(1990, 3, 2), ""},
		{"02/03/1990", data.DayFirst, datatest.Date(1990, 3, 2), ""},
		{"03/02/1990", data.MonthFirst, datatest.Date(1990, 3, 2), ""},
		{"2.3.1990", data.DayFirst, datatest.Date(1990, 3, 2), ""},
		{" 29/02/2024 ", data.DayFirst, datatest.Date(2024, 2, 29), ""},
		{"", data.DayFirst, time.Time{}, ""},
		{"29/02/2023", data.DayFirst, time.Time{}, "not a real calendar date"},
		{"13/13/1990", data.MonthFirst, time.Time{}, "not a real calendar date"},
		{"02/03/90", data.DayFirst, time.Time{}, "four digits"},
		{"yesterday", data.DayFirst, time.Time{}, "DD/MM/YYYY"},
		{"1990-03", data.MonthFirst, time.Time{}, "MM/DD/YYYY"},
	}
	for _, tt := range tests {
		got, err := data.ParseDate(tt.in, tt.order)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDate(%q) error = %v, want one saying %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestDateOrderFor(t *testing.T) {
	for locale, want := range map[string]data.DateOrder{
		"en-US": data.MonthFirst, "en_US.UTF-8": data.MonthFirst, "en-GB": data.DayFirst,
		"de_DE": data.DayFirst, "C": data.DayFirst, "": data.DayFirst,
	} {
		if got := data.DateOrderFor(locale); got != want {
			t.Errorf("DateOrderFor(%q) = %v, want %v", locale, got, want)
		}
	}
}

func TestDateOrderIn(t *testing.T) {
	for country, want := range map[string]data.DateOrder{
		"US": data.MonthFirst, "us": data.MonthFirst, "PH": data.MonthFirst,
		"GB": data.DayFirst, "IE": data.DayFirst, "CA": data.DayFirst, "": data.DayFirst,
	} {
		if got := data.DateOrderIn(country); got != want {
			t.Errorf("DateOrderIn(%q) = %v, want %v", country, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Zoë":       "zoe",
		"ŁUKASZ":    "lukasz",
		"Nguyễn":    "nguyen",
		"O'Brien":   "o'brien",
		"Straße":    "strasse",
		"Дмитрий":   "дмитрии",
		"Søren Ærø": "soren aero",
		"ЁЛКА":      "елка",
	} {
		if got := data.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
