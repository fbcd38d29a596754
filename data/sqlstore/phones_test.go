package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// setCountry saves the clinic's country, keeping the other details.
func setCountry(t *testing.T, s *sqlstore.Store, country string) {
	t.Helper()
	ctx := context.Background()
	d, err := s.ClinicDetails(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d.Country = country
	if err := s.SaveClinicDetails(ctx, d); err != nil {
		t.Fatal(err)
	}
}

// TestPhonesInInternationalForm: the store keeps each number as typed and
// in international form, read with the clinic's country, and compares
// numbers in that form however they were typed.
func TestPhonesInInternationalForm(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if d, err := s.ClinicDetails(ctx); err != nil || d.Country != data.DefaultCountry {
		t.Fatalf("a new clinic's country = %q, %v; want %q", d.Country, err, data.DefaultCountry)
	}
	zoe := mustCreate(t, s, data.Patient{FirstName: "Zoë", LastName: "Adams", Phone: "07700 900123",
		EmergencyContactName: "Max Adams", EmergencyContactPhone: "+44 (0)20 7946 0958"})
	ola := mustCreate(t, s, data.Patient{FirstName: "Ola", LastName: "Nowak", Phone: "+44 7700 900456"})

	t.Run("StoredBesideTyped", func(t *testing.T) {
		got, err := s.Patient(ctx, zoe.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Phone != "07700 900123" || got.PhoneE164 != "+447700900123" ||
			got.EmergencyContactPhone != "+44 (0)20 7946 0958" || got.EmergencyContactPhoneE164 != "+442079460958" {
			t.Errorf("stored %q %q, emergency %q %q", got.Phone, got.PhoneE164, got.EmergencyContactPhone, got.EmergencyContactPhoneE164)
		}
	})

	t.Run("DuplicatesAcrossFormats", func(t *testing.T) {
		for _, tt := range []struct {
			phone string
			want  int64
		}{
			{"+44 7700 900123", zoe.ID},
			{"0044 7700 900123", zoe.ID},
			{"(07700) 900-123", zoe.ID},
			{"07700 900456", ola.ID},
		} {
			got, err := s.FindDuplicates(ctx, data.Patient{FirstName: "Max", LastName: "Other", Phone: tt.phone})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != tt.want || got[0].Reason != "same phone number" {
				t.Errorf("FindDuplicates(phone %q) = %+v, want patient %d by the same phone number", tt.phone, got, tt.want)
			}
		}
		if got, _ := s.FindDuplicates(ctx, data.Patient{FirstName: "Max", LastName: "Other", Phone: "07700 900124"}); len(got) != 0 {
			t.Errorf("another number: FindDuplicates = %+v, want none", got)
		}
	})

	t.Run("SearchAcrossFormats", func(t *testing.T) {
		for query, want := range map[string]string{
			"+44 7700 900123":  "Adams",
			"0044 7700 900123": "Adams",
			"07700 900456":     "Nowak",
			"+447700900456":    "Nowak",
			// The first digits, typed the other way.
			"07700 9004":    "Nowak",
			"+44 7700 9001": "Adams",
		} {
			if got := searchNames(t, s, query, data.DayFirst); len(got) != 1 || got[0] != want {
				t.Errorf("Search(%q) = %q, want [%s]", query, got, want)
			}
		}
	})

	t.Run("ClinicCountry", func(t *testing.T) {
		setCountry(t, s, "FR")
		lea := mustCreate(t, s, data.Patient{FirstName: "Léa", LastName: "Martin", Phone: "06 12 34 56 78"})
		if lea.PhoneE164 != "+33612345678" {
			t.Errorf("a French number in a French clinic: PhoneE164 = %q, want +33612345678", lea.PhoneE164)
		}
		got, err := s.FindDuplicates(ctx, data.Patient{FirstName: "Max", LastName: "Other", Phone: "+33 6 12 34 56 78"})
		if err != nil || len(got) != 1 || got[0].ID != lea.ID {
			t.Errorf("FindDuplicates(+33 6 12 34 56 78) = %+v, %v; want Léa Martin", got, err)
		}
		if got := searchNames(t, s, "+33612345678", data.DayFirst); len(got) != 1 || got[0] != "Martin" {
			t.Errorf("Search(+33612345678) = %q, want [Martin]", got)
		}
		// The numbers typed before keep the country they were read in.
		if got := searchNames(t, s, "+44 7700 900123", data.DayFirst); len(got) != 1 || got[0] != "Adams" {
			t.Errorf("Search(+44 7700 900123) in a French clinic = %q, want [Adams]", got)
		}
		err = s.CreatePatient(ctx, &data.Patient{FirstName: "Max", LastName: "Other", Phone: "07700 900789"})
		if fields := datatest.FieldErrors(t, err); fields[data.FieldPhone] == "" {
			t.Errorf("a British number without +44 in a French clinic: fields %v, want a phone message", fields)
		}
	})
}

// TestPhonesOnUpgrade opens a database from before phone numbers were kept
// in international form: the upgrade reads those on file with the
// clinic's country.
func TestPhonesOnUpgrade(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	path := t.TempDir() + "/clinic.db"
	s := mustOpenPath(t, path)
	zoe := mustCreate(t, s, data.Patient{FirstName: "Zoë", LastName: "Adams", Phone: "07700 900123",
		EmergencyContactPhone: "020 7946 0958"})
	none := mustCreate(t, s, data.Patient{FirstName: "Ola", LastName: "Nowak"})
	s.Close()
	tamper(t, path,
		"DROP INDEX sessions_by_performed_at", "DROP INDEX patients_by_phone_e164",
		"ALTER TABLE patients DROP COLUMN emergency_contact_phone_e164",
		"ALTER TABLE patients DROP COLUMN phone_e164",
		// A number the old check let through and the new one cannot read.
		fmt.Sprintf("UPDATE patients SET phone = '123456' WHERE id = %d", none.ID),
		fmt.Sprintf("PRAGMA user_version = %d", sqlstore.SchemaVersion()-2))

	s = mustOpenPath(t, path)
	got, err := s.Patient(ctx, zoe.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PhoneE164 != "+447700900123" || got.EmergencyContactPhoneE164 != "+442079460958" {
		t.Errorf("after the upgrade: PhoneE164 %q, EmergencyContactPhoneE164 %q", got.PhoneE164, got.EmergencyContactPhoneE164)
	}
	if got, err := s.Patient(ctx, none.ID); err != nil || got.Phone != "123456" || got.PhoneE164 != "" {
		t.Errorf("an unreadable number after the upgrade: %q %q, %v; want it kept as typed", got.Phone, got.PhoneE164, err)
	}
	if dups, err := s.FindDuplicates(ctx, data.Patient{FirstName: "Max", LastName: "Other", Phone: "+44 7700 900123"}); err != nil || len(dups) != 1 {
		t.Errorf("FindDuplicates after the upgrade = %+v, %v; want Zoë Adams", dups, err)
	}
}
