package reports

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

func sampleConsent(kind data.ConsentKind) ConsentSheet {
	form := data.ShippedConsentTemplate(kind)
	form.Version = 3
	c := datatest.Consent(7, form)
	c.PatientSignedAt = time.Date(2026, 11, 28, 10, 30, 0, 0, time.UTC)
	c.WitnessName = "Ana Sánchez"
	c.WitnessSignedAt = time.Date(2026, 11, 28, 10, 32, 0, 0, time.UTC)
	return ConsentSheet{
		Clinic:      Clinic{Name: "First Impressions Clinic", Phone: "01273 555 012"},
		PatientName: "Zoë Łukasz-Дмитрий O'Brien",
		DateOfBirth: time.Date(1990, 3, 2, 0, 0, 0, 0, time.UTC),
		Consent:     c,
	}
}

func TestConsentPrintsTheSignedForm(t *testing.T) {
	t.Parallel()
	s := sampleConsent(data.ConsentMicroneedling)
	pdf := render(t, Consent, s)
	text := pdfText(t, pdf)
	want := []string{
		"First Impressions Clinic",
		"Consent to microneedling (collagen induction therapy)",
		"Microneedling consent form, version 3",
		"Zoë Łukasz-Дмитрий O'Brien · born 02/03/1990",
		"Date of birth 02/03/1990",
		"Risks",
		"Less common or rare: infection; a flare of cold sores in people who have had them;",
		"The patient confirmed",
		"Patient: Zoë Łukasz-Дмитрий O'Brien, signed 28/11/2026 10:30",
		"Witness: Ana Sánchez, practitioner, signed 28/11/2026 10:32",
		"Page 1 of",
	}
	want = append(want, s.Consent.Template.Confirmations...)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the consent form does not say %q; it says:\n%s", w, text)
		}
	}
	for _, unwanted := range []string{"Withdrawn", "not confirmed", "Use of photographs"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("a valid microneedling consent says %q", unwanted)
		}
	}
	if n := len(regexp.MustCompile(`/I\w+ Do`).FindAll(pdf, -1)); n != 2 {
		t.Errorf("%d images placed, want the two signatures", n)
	}
	if _, err := exec.LookPath("pdfimages"); err == nil {
		path := filepath.Join(t.TempDir(), "consent.pdf")
		if err := os.WriteFile(path, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdfimages", "-list", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		// Each signature is an image with a soft mask for its transparency.
		n := 0
		for _, line := range strings.Split(string(out), "\n") {
			if f := strings.Fields(line); len(f) > 2 && f[2] == "image" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("pdfimages lists %d images, want 2:\n%s", n, out)
		}
	}
}

func TestConsentMonthFirst(t *testing.T) {
	t.Parallel()
	s := sampleConsent(data.ConsentMicroneedling)
	s.DateOrder = data.MonthFirst
	text := pdfText(t, render(t, Consent, s))
	for _, want := range []string{"born 03/02/1990", "signed 11/28/2026 10:30"} {
		if !strings.Contains(text, want) {
			t.Errorf("the consent form does not say %q; it says:\n%s", want, text)
		}
	}
}

func TestConsentWithdrawn(t *testing.T) {
	t.Parallel()
	s := sampleConsent(data.ConsentMicroneedling)
	s.Consent.WithdrawnAt = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s.Consent.WithdrawnBy = "Ben Ode"
	s.Consent.WithdrawnReason = "Patient is pregnant."
	text := pdfText(t, render(t, Consent, s))
	box := "Withdrawn on 01/12/2026 by Ben Ode: Patient is pregnant."
	at := strings.Index(text, box)
	if at < 0 {
		t.Fatalf("a withdrawn consent does not say %q; it says:\n%s", box, text)
	}
	if body := strings.Index(text, "What the treatment is"); at > body {
		t.Errorf("the withdrawal is printed after the form's text, at %d of %d", at, body)
	}
}

func TestConsentPhotos(t *testing.T) {
	t.Parallel()
	s := sampleConsent(data.ConsentPhotos)
	s.Consent.PhotoScope = data.PhotoConsentTraining
	text := pdfText(t, render(t, Consent, s))
	for _, want := range []string{"Consent to clinical photographs", "Photographs consent form, version 3", "How they are kept",
		"I have read this form and had my questions answered.",
		"Use of photographs", "The patient allows: Clinical record and training."} {
		if !strings.Contains(text, want) {
			t.Errorf("the photo consent does not say %q; it says:\n%s", want, text)
		}
	}
}

func TestConsentLongBodyRunsOver(t *testing.T) {
	t.Parallel()
	s := sampleConsent(data.ConsentMicroneedling)
	var body strings.Builder
	for i := 0; body.Len() < 10000; i++ {
		if i%6 == 0 {
			body.WriteString("Section heading\n")
		}
		body.WriteString("The skin repairs the tiny punctures over the following days, and the new collagen forms over weeks. ")
		body.WriteString("Ask the practitioner about anything here that is not clear to you before you sign.\n")
	}
	s.Consent.Template.Body = body.String()
	pdf := render(t, Consent, s)
	text := pdfText(t, pdf)
	var pages int
	if m := regexp.MustCompile(`Page \d+ of (\d+)`).FindStringSubmatch(text); m != nil {
		pages, _ = strconv.Atoi(m[1])
	}
	if pages < 3 {
		t.Errorf("a 10,000-letter form does not run over three pages or more; it says:\n%s", text)
	}
	for _, want := range []string{"Consent form, continued", s.Consent.Template.Confirmations[8],
		"Witness: Ana Sánchez, practitioner, signed 28/11/2026 10:32"} {
		if !strings.Contains(text, want) {
			t.Errorf("the long form does not say %q", want)
		}
	}
}

func TestConsentRefusesBrokenSignature(t *testing.T) {
	t.Parallel()
	s := sampleConsent(data.ConsentMicroneedling)
	s.Consent.Witness.Image = []byte("not a picture")
	if err := Consent(&bytes.Buffer{}, s); err == nil {
		t.Error("a consent form with a broken signature was printed")
	}
}
