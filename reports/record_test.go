package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
)

func sampleRecord() SessionRecord {
	at := time.Date(2026, 1, 13, 10, 30, 0, 0, time.UTC) // a Tuesday
	return SessionRecord{
		Clinic:       Clinic{Name: "First Impressions Clinic", Phone: "01273 555 012"},
		PatientName:  "Zoë Łukasz-Дмитрий O'Brien",
		Practitioner: "Ana Sánchez",
		SignedBy:     "Ana Sánchez",
		OverrideBy:   "Ben Ode",
		DateOfBirth:  time.Date(1990, 3, 2, 0, 0, 0, 0, time.UTC),
		ClinicNumber: "000123",
		Number:       4,
		Planned:      6,
		Session: data.Session{
			PerformedAt: at,
			Check: data.CheckResult{Status: data.CheckCaution, Reasons: []data.CheckReason{
				{Rule: data.RuleColdSores, Status: data.CheckCaution, Message: "History of cold sores; consider antiviral cover."},
			}},
			OverrideReason:  "Antiviral taken since Sunday, agreed with the GP.",
			NumbingProduct:  "Lidocaine 4% cream",
			NumbingApplied:  at.Add(-40 * time.Minute),
			NumbingRemoved:  at.Add(-5 * time.Minute),
			Device:          "Dr. Pen A6S",
			CartridgeLot:    "CL-2291-B",
			CartridgeExpiry: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC),
			Product:         "Hyaluronic glide serum",
			ProductLot:      "HG-0457",
			Areas: []data.SessionArea{
				{Area: data.AreaForehead, Depth: 50, Passes: 2},
				{Area: data.AreaCheeks, Depth: 150, Passes: 3},
			},
			Endpoint:        "Even redness",
			Reaction:        "Mild erythema, no bleeding.",
			Comfort:         3,
			DurationMinutes: 25,
			Notes:           "Original note: patient tolerated well.",
			SignedAt:        at.Add(90 * time.Minute),
			Addenda: []data.Addendum{
				{AuthorName: "Ben Ode", WrittenAt: time.Date(2026, 1, 14, 9, 5, 0, 0, time.UTC),
					Reason: "Lot number misread", Text: "The serum lot was HG-0458, not HG-0457."},
				{AuthorName: "Ana Sánchez", WrittenAt: time.Date(2026, 1, 20, 16, 0, 0, 0, time.UTC),
					Reason: "Follow-up call", Text: "Patient reports no cold sore after the session."},
			},
		},
	}
}

func TestRecordPrintsEveryField(t *testing.T) {
	t.Parallel()
	text := pdfText(t, render(t, Record, sampleRecord()))
	for _, want := range []string{
		"Zoë Łukasz-Дмитрий O'Brien",
		"Tuesday 13 January 2026 at 10:30",
		"Ana Sánchez",
		"Result Caution",
		"History of cold sores; consider antiviral cover.",
		"Overridden by Ben Ode: Antiviral taken since Sunday, agreed with the GP.",
		"Lidocaine 4% cream", "Applied 09:50", "Removed 10:25", "35 minutes",
		"Dr. Pen A6S", "Cartridge lot CL-2291-B", "Cartridge expiry Wednesday 30 June 2027",
		"Product lot HG-0457",
		"Forehead 0.5 mm, 2 passes", "Cheeks 1.5 mm, 3 passes",
		"Endpoint Even redness", "Mild erythema, no bleeding.", "Comfort 3 out of 10", "Duration 25 minutes",
		"Signed by Ana Sánchez on Tuesday 13 January 2026 at 12:00",
		"Addendum 1 by Ben Ode, Wednesday 14 January 2026 at 09:05",
		"Reason: Lot number misread",
		"Addendum 2 by Ana Sánchez, Tuesday 20 January 2026 at 16:00",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the record does not say %q; it says:\n%s", want, text)
		}
	}
	if strings.Contains(text, "DRAFT") {
		t.Error("a signed record says DRAFT")
	}
	// The addenda come after the original notes and the signature, in order.
	notes := strings.Index(text, "Original note: patient tolerated well.")
	signed := strings.LastIndex(text, "Signed by Ana Sánchez")
	first := strings.Index(text, "The serum lot was HG-0458, not HG-0457.")
	second := strings.Index(text, "Patient reports no cold sore after the session.")
	if notes < 0 || !(notes < signed && signed < first && first < second) {
		t.Errorf("want notes < signature < addendum 1 < addendum 2, got %d %d %d %d", notes, signed, first, second)
	}
}

func TestRecordDraft(t *testing.T) {
	t.Parallel()
	r := sampleRecord()
	r.Session.SignedAt, r.Session.Addenda = time.Time{}, nil
	text := pdfText(t, render(t, Record, r))
	if !strings.Contains(text, "DRAFT — not signed") {
		t.Errorf("an unsigned record does not say DRAFT; it says:\n%s", text)
	}
	if strings.Contains(text, "Signed by") || strings.Contains(text, "Addend") {
		t.Errorf("a draft claims a signature or addenda:\n%s", text)
	}
}

func TestRecordLongNotesFlow(t *testing.T) {
	t.Parallel()
	r := sampleRecord()
	r.Session.Notes = longNotes + "\n\n" + longNotes + "\n\n" + longNotes
	text := pdfText(t, render(t, Record, r))
	for _, want := range []string{"Page 2 of", "Zoë Łukasz-Дмитрий O'Brien · born 2 March 1990 · clinic no. 000123 Session record, continued",
		"Patient reports no cold sore", "Clinical record — confidential"} {
		if !strings.Contains(text, want) {
			t.Errorf("a long record does not say %q; it says:\n%s", want, text)
		}
	}
}

func TestRecordNamesInManyScripts(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Αθηνά Παπαδοπούλου", "Дмитрий Иванов"} {
		r := sampleRecord()
		r.PatientName, r.SignedBy = name, name
		r.Session.Addenda[0].AuthorName = name
		text := pdfText(t, render(t, Record, r))
		for _, want := range []string{"Patient " + name, "Signed by " + name, "Addendum 1 by " + name} {
			if !strings.Contains(text, want) {
				t.Errorf("want %q on the record; it says:\n%s", want, text)
			}
		}
	}
}

// Odd text anywhere must still give a complete PDF.
func TestPlanAndRecordOddText(t *testing.T) {
	t.Parallel()
	for _, odd := range []string{"", "山田花子", "مرحبا\u202eabc\u0000\xff🌸", strings.Repeat("W", 400), strings.Repeat("x ", 3000), "## Day\n- {name}\r\n\t"} {
		p := samplePlan()
		p.PatientName, p.Practitioner, p.Goals, p.Clinic.Name = odd, odd, odd, odd
		p.Concerns = []data.Indication{data.Indication(odd)}
		p.Areas = []data.Area{data.Area(odd)}
		p.PlannedSessions, p.IntervalWeeks = 1000, -3
		checkPDF(t, render(t, Plan, p))

		r := sampleRecord()
		r.PatientName, r.Practitioner, r.SignedBy = odd, odd, odd
		s := &r.Session
		s.Notes, s.Reaction, s.OverrideReason, s.Device, s.CartridgeLot, s.Endpoint = odd, odd, odd, odd, odd, odd
		s.Addenda = append(s.Addenda, data.Addendum{AuthorName: odd, Reason: odd, Text: odd})
		s.Areas = append(s.Areas, data.SessionArea{Area: data.Area(odd), Depth: -5, Passes: -1})
		checkPDF(t, render(t, Record, r))
		checkPDF(t, render(t, Record, SessionRecord{PatientName: odd}))
	}
}

func checkPDF(t *testing.T, pdf []byte) {
	t.Helper()
	out := bytes.TrimRight(pdf, "\r\n")
	if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.HasSuffix(out, []byte("%%EOF")) {
		t.Fatalf("not a complete PDF")
	}
}

// TestRecordShowsDepthReason: a depth outside the guide is flagged on the
// record with the practitioner's reason for it.
func TestRecordShowsDepthReason(t *testing.T) {
	t.Parallel()
	r := sampleRecord()
	r.Session.Areas[0].Depth = 100
	r.Session.DepthReason = "Thick sun-damaged skin; patient informed."
	text := pdfText(t, render(t, Record, r))
	for _, want := range []string{
		"Forehead at 1 mm is deeper than the guide for that area (0.25–0.75 mm).",
		"Reason for the depth Thick sun-damaged skin; patient informed.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the record does not say %q; it says:\n%s", want, text)
		}
	}
}
