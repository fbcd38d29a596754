package reports

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
)

// pageTexts returns the text of each page of a PDF, white space folded.
func pageTexts(t *testing.T, pdf []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); cannot check the printed text")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
	for i, p := range pages {
		pages[i] = strings.Join(strings.Fields(readable(p)), " ")
	}
	return pages
}

func TestAftercareFitsTwoPages(t *testing.T) {
	t.Parallel()
	for _, paper := range []string{"A4", "Letter"} {
		s := sampleSheet()
		s.Clinic.PaperSize = paper
		s.ColdSores = true
		s.Areas = append(s.Areas, data.SessionArea{Area: data.AreaChin, Depth: 200, Passes: 2})
		pages := pageTexts(t, render(t, Aftercare, s))
		if len(pages) > 2 {
			t.Errorf("%s: the sheet runs to %d pages", paper, len(pages))
		}
		last := pages[len(pages)-1]
		if !strings.Contains(last, "Your next session") || !strings.Contains(last, "When to call us") {
			t.Errorf("%s: the last page holds %q", paper, last)
		}
	}
}

// The downtime line, the stages and the dates come from one row of the
// guide: change the row and all of them follow.
func TestAftercareFollowsTheGuide(t *testing.T) {
	t.Parallel()
	s := sampleSheet()
	s.Guide = data.DowntimeGuide{{UpTo: data.MaxDepth, MinDays: 3, MaxDays: 8, RednessDays: 4, MakeupDay: 5,
		ExerciseDay: 6, SwimmingDay: 9, ActivesDay: 10, ExfoliatesDay: 20, SunDay: 30}}
	text := pdfText(t, render(t, Aftercare, s))
	for _, want := range []string{
		"about 3 to 8 days, until about Wednesday 21 January",
		"most people look like themselves again in about 3 to 8 days",
		"Days 1 to 4 — Wednesday 14 January to Saturday 17 January",
		"Days 5 to 7 — Sunday 18 January to Tuesday 20 January",
		"From day 8 — Wednesday 21 January",
		"Mineral makeup from Sunday 18 January",
		"Exercise that makes you sweat from Monday 19 January",
		"Swimming, sauna, hot baths from Thursday 22 January",
		"Retinol, acids, vitamin C from Friday 23 January",
		"Scrubs, peels, exfoliating from Monday 2 February",
		"Strong sun and sunbeds from Thursday 12 February",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet does not say %q; it says:\n%s", want, text)
		}
	}
}

func TestAftercareColdSoresOutOfHoursAndProducts(t *testing.T) {
	t.Parallel()
	s := sampleSheet()
	text := pdfText(t, render(t, Aftercare, s))
	if strings.Contains(text, "cold sore") {
		t.Error("a cold-sore warning for a patient without a history")
	}
	if !strings.Contains(text, data.DefaultOutOfHours) {
		t.Errorf("no out-of-hours advice; the sheet says:\n%s", text)
	}
	s.ColdSores, s.OutOfHours = true, "Out of hours, call NHS 111 or, in an emergency, 999."
	s.ProductsUsed = []string{"Lidocaine 4% cream (numbing, on the skin for 35 minutes)", "Hyaluronic glide serum"}
	text = pdfText(t, render(t, Aftercare, s))
	for _, want := range []string{
		"You told us you get cold sores.",
		"Out of hours, call NHS 111 or, in an emergency, 999.",
		"Used in your treatment Lidocaine 4% cream (numbing, on the skin for 35 minutes) Hyaluronic glide serum",
		"We recommend Redness Solution Complex Rejuvenative Moisturizer",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet does not say %q; it says:\n%s", want, text)
		}
	}
}

func TestAftercareNextSession(t *testing.T) {
	t.Parallel()
	wait := data.Wait{Until: time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC), Rules: []string{"isotretinoin"}}
	for _, tc := range []struct {
		name   string
		change func(*AftercareSheet)
		want   string
	}{
		{"Booked", func(s *AftercareSheet) { s.NextPractitioner = "Dr Amelia Hart" },
			"Session 5 of 6 is booked for Tuesday 10 February 2026 at 14:30 with Dr Amelia Hart. If you cannot come, call us on 01273 555 012 to move it."},
		{"Due", func(s *AftercareSheet) {
			s.NextAppointment, s.NextDue = time.Time{}, time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC)
		}, "Session 5 of 6 is due around Tuesday 10 February 2026. Call us on 01273 555 012 to book it."},
		{"Waiting", func(s *AftercareSheet) {
			s.NextAppointment, s.NextDue, s.NextWait = time.Time{}, wait.Until, wait
		}, "Session 5 of 6 is not before Thursday 2 April 2026: isotretinoin. Call us on 01273 555 012 to book it."},
		{"Review", func(s *AftercareSheet) {
			s.Session, s.NextAppointment, s.ReviewDue = 6, time.Time{}, time.Date(2026, 7, 13, 0, 0, 0, 0, time.UTC)
		}, "This was the last session of your series. Your skin keeps making collagen for up to 6 months, so we suggest a review around Monday 13 July 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := sampleSheet()
			s.Session, s.Planned = 4, 6
			tc.change(&s)
			text := pdfText(t, render(t, Aftercare, s))
			if !strings.Contains(text, tc.want) {
				t.Errorf("want %q; the sheet says:\n%s", tc.want, text)
			}
			if strings.Contains(text, "Most people need 3 or more") {
				t.Error("the sheet is generic about the number of sessions")
			}
		})
	}
}

// A phone number is never broken across lines, the clinic's or one in a
// note.
func TestPhoneNumbersStayWhole(t *testing.T) {
	t.Parallel()
	s := sampleSheet()
	s.Clinic.Phone = "+44 1273 555 012"
	for _, notes := range []string{"", "Call", "Call us", "Please call"} {
		s.Notes = notes + strings.Repeat(" again", 14) + " on +44 1273 555 012 if in doubt."
		s.Clinic.Phone = "+44 1273 555 012"
		found := 0
		for _, line := range strings.Split(rawText(t, render(t, Aftercare, s)), "\n") {
			if strings.Contains(line, "+44") {
				found++
				if !strings.Contains(line, "+44 1273 555 012") {
					t.Errorf("the phone number breaks: %q", line)
				}
			}
		}
		if found < 3 {
			t.Errorf("the phone number is printed %d times, want it in the header, the text and the footer", found)
		}
	}
}

// rawText is pdftotext's text with its lines.
func rawText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); cannot check the printed text")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

func TestPlanOnlyEligibleDates(t *testing.T) {
	t.Parallel()
	p := samplePlan()
	p.Rules = data.DefaultClinicRules()
	// Pregnant, due in March: the first session waits until 6 weeks after
	// the birth, and each later one follows it.
	p.Screening = &data.Screening{ScreenedOn: p.ConsultedOn, Pregnant: true,
		PregnancyDueDate: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), ColdSores: true}
	for k, day := range p.Dates() {
		if c := data.Check(p.Screening, day, p.Rules); c.Status == data.CheckContraindicated {
			t.Errorf("session %d on %s: %s", k+1, day.Format(dateLayout), c.Summary())
		}
	}
	text := pdfText(t, render(t, Plan, p))
	for _, want := range []string{
		"Session 1: Monday 12 April 2027",
		"Session 2: Monday 17 May 2027",
		"When we went through our health questions on Wednesday 30 December 2026, you told us about the following.",
		"You told us you are pregnant. We start 6 weeks after your due date, so not before Monday 12 April 2027",
		"You get cold sores. Needling can set one off, so take antiviral medicine before each session",
		"Tell us if anything has changed since you answered our health questions on Wednesday 30 December 2026",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the plan does not say %q; it says:\n%s", want, text)
		}
	}
	for _, gone := range []string{"Tell us if you took isotretinoin", "Tell us if you are pregnant"} {
		if strings.Contains(text, gone) {
			t.Errorf("the plan asks %q though the screening answered it", gone)
		}
	}

	// A contraindication that does not end by itself: no dates at all.
	p.Screening = &data.Screening{ScreenedOn: p.ConsultedOn, KeloidHistory: true}
	text = pdfText(t, render(t, Plan, p))
	if !strings.Contains(text, "We cannot propose dates yet.") || strings.Contains(text, "Session 1:") {
		t.Errorf("a patient who may not be treated got dates; the plan says:\n%s", text)
	}
}

// The signature is never alone on a page, and every page names the
// patient.
func TestRecordKeepsSignatureWithItsLines(t *testing.T) {
	t.Parallel()
	for lines := 0; lines < 60; lines += 3 {
		r := sampleRecord()
		r.Session.Addenda = nil
		r.Session.Notes = strings.TrimSpace(strings.Repeat("A line of the practitioner's notes.\n", lines))
		pages := pageTexts(t, render(t, Record, r))
		last := pages[len(pages)-1]
		if strings.HasPrefix(strings.TrimSpace(last[strings.Index(last, "continued")+len("continued"):]), "Signed by") {
			t.Errorf("%d lines of notes: the signature begins the last page: %q", lines, last)
		}
		for i, p := range pages {
			if !strings.Contains(p, "Zoë Łukasz-Дмитрий O'Brien · born 2 March 1990 · clinic no. 000123") ||
				!strings.Contains(p, "Clinical record — confidential") {
				t.Errorf("%d lines of notes, page %d lacks the patient or the footer: %q", lines, i+1, p)
			}
		}
	}
}

func TestSystemFontCollection(t *testing.T) {
	for _, path := range systemFontPaths() {
		b, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(b, []byte("ttcf")) {
			continue
		}
		ttf, err := firstOfCollection(b)
		if err != nil || !hasTable(ttf, "glyf") {
			t.Fatalf("%s: %v", path, err)
		}
		return
	}
	t.Skip("no TrueType collection among this computer's fonts")
}

// Every document prints each name as written, whatever its script.
func TestEveryDocumentPrintsNamesAsWritten(t *testing.T) {
	t.Parallel()
	day := sampleDaySheet()
	for i, name := range sampleNames {
		day.Appointments = append(day.Appointments, data.Appointment{ID: int64(100 + i), Kind: data.KindReview,
			PatientID: int64(100 + i), PatientName: name, PractitionerName: "Lena Berg",
			Start: day.Day.Add(time.Duration(8*60+15*i) * time.Minute), DurationMinutes: 15, Status: data.StatusBooked})
	}
	dayText := pdfText(t, render(t, Day, day))
	for _, name := range sampleNames {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if len(Unprintable(name)) > 0 {
				t.Skipf("no font on this computer prints %q (apt-get install fonts-wqy-zenhei)", name)
			}
			s := sampleSheet()
			s.PatientName = name
			p := samplePlan()
			p.PatientName = name
			r := sampleRecord()
			r.PatientName = name
			for doc, text := range map[string]string{
				"aftercare sheet": pdfText(t, render(t, Aftercare, s)),
				"plan":            pdfText(t, render(t, Plan, p)),
				"session record":  pdfText(t, render(t, Record, r)),
				"day sheet":       dayText,
			} {
				if !strings.Contains(text, name) {
					t.Errorf("the %s does not print %q; it says:\n%s", doc, name, text)
				}
			}
		})
	}
}
