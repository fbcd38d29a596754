package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// consentClinic makes a clinic database where a patient signed the
// consent to microneedling at signed, witnessed by a practitioner; it
// returns the file and the patient.
func consentClinic(t *testing.T, signed time.Time) (string, data.Patient) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clinic.db")
	s, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetActor(data.CommandLine("test"))
	by := data.StaffMember{Name: "Ana Sánchez", Role: data.RolePractitioner, Active: true}
	if err := s.CreateStaffMember(ctx, &by); err != nil {
		t.Fatal(err)
	}
	p := datatest.ValidPatient()
	if err := s.CreatePatient(ctx, &p); err != nil {
		t.Fatal(err)
	}
	mustConsent(t, s, p.ID, by, signed)
	return path, p
}

func TestConsentCommand(t *testing.T) {
	signed := time.Now().Add(-time.Hour).Truncate(time.Minute)
	db, p := consentClinic(t, signed)
	patient := fmt.Sprint(p.ID)

	t.Run("Prints", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "consent.pdf")
		code, stdout, stderr, _ := runCLI(t, "consent", "--db", db, "--patient", patient, "--out", out)
		if code != 0 || !strings.Contains(stdout, "Wrote the consent to microneedling of patient "+patient) {
			t.Fatalf("exit %d, %q %q", code, stdout, stderr)
		}
		pdf, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, pdf)
		// The clinic is in the United Kingdom, the default country: dates
		// are day first whatever the computer's language.
		at := signed.Format("02/01/2006 15:04")
		form := data.ShippedConsentTemplate(data.ConsentMicroneedling)
		want := append([]string{
			form.Title, "Microneedling consent form, version 1",
			"Common: redness, swelling, pinpoint bleeding, bruising",
			"Patient: Zoë Łukasz-Дмитрий O'Brien (Zo), signed " + at,
			"Witness: Ana Sánchez, practitioner, signed " + at,
		}, form.Confirmations...)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("the printed consent does not say %q; it says:\n%s", w, text)
			}
		}

		s, err := sqlstore.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		s.SetActor(data.CommandLine("test"))
		trail, err := s.AuditTrail(context.Background(), data.AuditFilter{PatientID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		printed := false
		for _, e := range trail {
			printed = printed || e.Action == data.ActionPrinted && strings.HasPrefix(e.Detail, "Consent form")
		}
		if !printed {
			t.Errorf("the print is not in the audit trail: %+v", trail)
		}
	})

	for _, tc := range []struct {
		name, want string
		args       []string
	}{
		{"ErrNoConsent", "has not signed a consent to photographs", []string{"--patient", patient, "--kind", "photos"}},
		{"ErrNoPatient", "There is no patient number 999.", []string{"--patient", "999"}},
		{"ErrKind", "There is no consent form for \"tattoo\"", []string{"--patient", patient, "--kind", "tattoo"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "consent.pdf")
			code, _, stderr, _ := runCLI(t, append([]string{"consent", "--db", db, "--out", out}, tc.args...)...)
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, %q; want 1 saying %q", code, stderr, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a file was written")
			}
		})
	}

	t.Run("ErrFolderMissing", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "no such folder", "consent.pdf")
		code, _, stderr, _ := runCLI(t, "consent", "--db", db, "--patient", patient, "--out", out)
		if code != 1 || !strings.Contains(stderr, "Cannot write in the folder of "+out+": the folder does not exist.") {
			t.Errorf("exit %d, %q", code, stderr)
		}
	})

	t.Run("ErrFolderReadOnly", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o700)
		if f, err := os.CreateTemp(dir, "probe"); err == nil {
			f.Close()
			os.Remove(f.Name())
			t.Skip("this user may write in a read-only folder (root)")
		}
		out := filepath.Join(dir, "consent.pdf")
		code, _, stderr, _ := runCLI(t, "consent", "--db", db, "--patient", patient, "--out", out)
		if code != 1 || !strings.Contains(stderr, "Cannot write in the folder of "+out+": permission denied.") {
			t.Errorf("exit %d, %q", code, stderr)
		}
	})

	t.Run("ErrUsage", func(t *testing.T) {
		for _, args := range [][]string{{"consent", "--db", db, "--out", "x.pdf"}, {"consent", "--patient", patient}} {
			if code, _, stderr, _ := runCLI(t, args...); code != 2 || !strings.Contains(stderr, "Usage:") {
				t.Errorf("%v: exit %d, %q; want 2 with usage", args, code, stderr)
			}
		}
	})
}
