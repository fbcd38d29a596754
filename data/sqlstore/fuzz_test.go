package sqlstore_test

import (
	"context"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// FuzzPatientRoundTrip feeds arbitrary text to the patient fields: Validate
// must never panic, and whatever it accepts must come back byte-identical.
func FuzzPatientRoundTrip(f *testing.F) {
	f.Add("Zoë", "Łukasz-Дмитрий O'Brien", "+44 7700 900123", "zoe@example.com", "Notes\nover lines")
	f.Add("Robert'); DROP TABLE patients;--", "\"; --", "(020) 7946 0958", "a@b.co", "\x00")
	f.Add(" ", "\xff\xfe", "+", "@", "\t\r\n")
	f.Add("山田", "太郎", "0000000", "x@y.z", "🙂 emoji notes")
	s := mustOpen(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, first, last, phone, email, notes string) {
		p := data.Patient{FirstName: first, LastName: last, Phone: phone, Email: email, MedicalNotes: notes}
		if err := p.Validate(datatest.Now, data.DefaultCountry); err != nil {
			if data.ErrorCode(err) != data.EINVALID || data.ErrorMessage(err) == "" {
				t.Fatalf("Validate error without a user message: %v", err)
			}
			return
		}
		if err := s.CreatePatient(ctx, &p); err != nil {
			t.Fatalf("valid patient refused by the store: %v", err)
		}
		got, err := s.Patient(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FirstName != first || got.LastName != last || got.Phone != phone || got.Email != email || got.MedicalNotes != notes {
			t.Errorf("round trip changed the record:\n got %q %q %q %q %q\nwant %q %q %q %q %q",
				got.FirstName, got.LastName, got.Phone, got.Email, got.MedicalNotes, first, last, phone, email, notes)
		}
		if _, err := s.Search(ctx, first+" "+last, data.DayFirst); err != nil {
			t.Errorf("Search(name) failed: %v", err)
		}
	})
}

// FuzzParseDate checks that any typed text gives a date or a message, never
// a panic, and that accepted dates print back to the same day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1990-03-02", "02/03/1990", "29/02/2024", "31.12.1999", "0/0/0", "-1-1-1", "99999-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, order := range []data.DateOrder{data.DayFirst, data.MonthFirst} {
			d, err := data.ParseDate(s, order)
			if err != nil || d.IsZero() {
				continue
			}
			again, err := data.ParseDate(order.Format(d), order)
			if err != nil || !again.Equal(d) {
				t.Errorf("ParseDate(Format(%v)) = %v, %v", d, again, err)
			}
		}
	})
}
