package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
)

func samplePlan() TreatmentPlan {
	return TreatmentPlan{
		Clinic: Clinic{
			Name:    "First Impressions Clinic",
			Address: "12 Harbour Street\nBrighton BN1 2AB",
			Phone:   "01273 555 012",
		},
		PatientName:     "Zoë Łukasz-Дмитрий O'Brien",
		Practitioner:    "Ana Sánchez",
		ConsultedOn:     time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC),
		Concerns:        []data.Indication{data.IndicationAcneScars, data.IndicationLargePores},
		Areas:           []data.Area{data.AreaCheeks, data.AreaForehead},
		PlannedSessions: 4,
		IntervalWeeks:   5,
		DepthMin:        50,
		DepthMax:        150,
		// Not the defaults, to show the clinic's own waits are printed.
		Rules: data.ClinicRules{
			IsotretinoinWaitMonths:    4,
			TopicalRetinoidWaitDays:   7,
			BotulinumToxinWaitMonths:  2,
			FillerOrSurgeryWaitMonths: 9,
			RadiationWaitMonths:       10,
			PostpartumWaitWeeks:       8,
			ScreeningValidMonths:      6,
		},
		Goals: "Smoother cheeks before the wedding in June.",
	}
}

func TestPlanPrintsDatesWaitsAndResults(t *testing.T) {
	t.Parallel()
	text := pdfText(t, render(t, Plan, samplePlan()))
	for _, want := range []string{
		"Zoë Łukasz-Дмитрий O'Brien",
		"Wednesday 30 December 2026",
		"Ana Sánchez",
		"Acne scars", "Large, visible pores",
		"Cheeks", "Forehead",
		"4 sessions, 5 weeks apart",
		"0.5 to 1.5 mm",
		"Smoother cheeks before the wedding in June.",
		// First session two weeks after the consultation, then every 5 weeks.
		"Session 1: Wednesday 13 January 2027",
		"Session 2: Wednesday 17 February 2027",
		"Session 3: Wednesday 24 March 2027",
		"Session 4: Wednesday 28 April 2027",
		"No retinol or other retinoid creams for 7 days before: use them for the last time on Wednesday 6 January 2027",
		"No botulinum toxin (such as Botox) in the area in the 2 months before",
		"No fillers or surgery in the area in the 9 months before",
		"Tell us if you took isotretinoin (such as Roaccutane or Accutane) in the last 4 months",
		"radiation therapy in the last 10 months",
		"had a baby in the last 8 weeks",
		"tanning beds", "waxing",
		"about 4 to 5 days",
		"up to 6 months after your last session, until about Thursday 28 October 2027",
		"Call us on 01273 555 012",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the plan does not say %q; it says:\n%s", want, text)
		}
	}
	for _, gone := range []string{"for 5 days before", "in the 3 months before", "last 6 months"} {
		if strings.Contains(text, gone) {
			t.Errorf("the plan says the default wait %q, not the clinic's", gone)
		}
	}
}

func TestPlanDefaults(t *testing.T) {
	t.Parallel()
	p := samplePlan()
	p.PlannedSessions, p.IntervalWeeks = 0, 0
	p.FirstSession = time.Date(2027, 1, 19, 0, 0, 0, 0, time.UTC)
	p.Rules = data.ClinicRules{TopicalRetinoidWaitDays: 1}
	text := pdfText(t, render(t, Plan, p))
	for _, want := range []string{
		"Your first session could be on Tuesday 19 January 2027",
		"about 4 weeks apart",
		"for 1 day before",
		"until about Monday 19 July 2027",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the plan does not say %q; it says:\n%s", want, text)
		}
	}
	for _, gone := range []string{"isotretinoin", "botulinum", "Session 1:"} {
		if strings.Contains(text, gone) {
			t.Errorf("the plan says %q though there is nothing to say", gone)
		}
	}
}

func TestPlanResultsDateEndOfMonth(t *testing.T) {
	p := TreatmentPlan{FirstSession: time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC), PlannedSessions: 1}
	if got, want := p.ResultsBy(), time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("ResultsBy = %s, want %s", got, want)
	}
}

func TestPlanNamesInManyScripts(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Αθηνά Παπαδοπούλου", "Дмитрий Иванов"} {
		p := samplePlan()
		p.PatientName, p.Practitioner = name, name
		if text := pdfText(t, render(t, Plan, p)); !strings.Contains(text, "Name "+name) || !strings.Contains(text, "Practitioner "+name) {
			t.Errorf("want the name %q on the plan; it says:\n%s", name, text)
		}
	}
}

func TestPlanBadPaper(t *testing.T) {
	p := samplePlan()
	p.Clinic.PaperSize = "A3"
	if err := Plan(&bytes.Buffer{}, p); err == nil || !strings.Contains(err.Error(), "A4 or Letter") {
		t.Errorf("paper size A3: got %v", err)
	}
}
