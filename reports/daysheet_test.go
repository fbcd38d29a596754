package reports

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
)

func sampleDaySheet() DaySheet {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 30, h, m, 0, 0, time.UTC) }
	return DaySheet{
		Clinic: Clinic{Name: "First Impressions Clinic", Address: "12 Harbour Street\nBrighton BN1 2AB", Phone: "01273 555 012"},
		Day:    at(0, 0),
		// Out of order on purpose: the sheet sorts by time, then
		// practitioner.
		Appointments: []data.Appointment{
			{ID: 4, Kind: data.KindReview, PatientID: 3, PatientName: "Carl Moss", PractitionerName: "Lena Berg",
				Start: at(11, 0), DurationMinutes: 15, Status: data.StatusNoShow},
			{ID: 2, Kind: data.KindConsultation, PatientID: 2, PatientName: "Łukasz Дмитрий", PractitionerName: "Lena Berg",
				Start: at(9, 0), DurationMinutes: 30, Status: data.StatusCheckedIn},
			{ID: 1, Kind: data.KindTreatment, PatientID: 1, PatientName: "Zoë Kowalski", PractitionerName: "Dr Amara Okafor",
				Room: "Room 1", Start: at(9, 0), DurationMinutes: 60, Status: data.StatusBooked, SessionNumber: 2, PlannedSessions: 3},
			{ID: 3, Kind: data.KindTreatment, PatientID: 4, PatientName: "Dora Finch", PractitionerName: "Dr Amara Okafor",
				Start: at(10, 30), DurationMinutes: 60, Status: data.StatusCancelled, StatusReason: "Patient phoned, unwell"},
		},
		Phones: map[int64]string{1: "07700 900123", 2: "+48 600 700 800", 3: "07700 900456", 4: "07700 900789"},
	}
}

func TestDaySheetListsTheDayByTimeThenPractitioner(t *testing.T) {
	t.Parallel()
	text := pdfText(t, render(t, Day, sampleDaySheet()))

	for _, want := range []string{
		"First Impressions Clinic",
		"Appointments on Monday 30 November 2026",
		"3 appointments · 1 cancelled",
		"Time Patient What Practitioner Room Status Phone",
		"09:00–10:00 Zoë Kowalski Treatment session 2 of 3 Dr Amara Okafor Room 1 Booked 07700 900123",
		"09:00–09:30 Łukasz Дмитрий Consultation Lena Berg Checked in +48 600 700 800",
		"11:00–11:15 Carl Moss Review Lena Berg Did not attend 07700 900456",
		"Time Patient What Practitioner Reason Phone",
		"10:30–11:30 Dora Finch Treatment session Dr Amara Okafor Patient phoned, unwell 07700 900789",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the day sheet lacks %q:\n%s", want, text)
		}
	}
	zoe, lukasz, carl := strings.Index(text, "Zoë"), strings.Index(text, "Łukasz"), strings.Index(text, "Carl")
	apart := strings.Index(text, "Practitioner Reason")
	if !(zoe < lukasz && lukasz < carl && carl < apart && apart < strings.Index(text, "Dora")) || !strings.Contains(text, "Cancelled") {
		t.Errorf("not by time then practitioner with the cancelled apart:\n%s", text)
	}
	if strings.Contains(text, "Questions? Call us") {
		t.Errorf("the desk's own sheet asks patients to call:\n%s", text)
	}
}

func TestDaySheetEmptyDay(t *testing.T) {
	t.Parallel()
	sheet := sampleDaySheet()
	sheet.Appointments = nil
	text := pdfText(t, render(t, Day, sheet))
	if !strings.Contains(text, "No appointments.") || strings.Contains(text, "Practitioner") {
		t.Errorf("an empty day prints:\n%s", text)
	}
}

func TestDaySheetRepeatsHeadingsOnEveryPage(t *testing.T) {
	t.Parallel()
	sheet := sampleDaySheet()
	sheet.Appointments = nil
	for i := range 40 {
		sheet.Appointments = append(sheet.Appointments, data.Appointment{ID: int64(i + 1), Kind: data.KindReview,
			PatientName: fmt.Sprintf("Patient %02d", i+1), PractitionerName: "Lena Berg",
			Start: sheet.Day.Add(8*time.Hour + time.Duration(i)*15*time.Minute), DurationMinutes: 15, Status: data.StatusBooked})
	}
	text := pdfText(t, render(t, Day, sheet))
	if got := strings.Count(text, "Time Patient What Practitioner"); got < 2 {
		t.Errorf("the column headings are printed %d times over %s", got, text[strings.LastIndex(text, "Page"):])
	}
	for _, want := range []string{"Patient 01", "Patient 40", "Page 2 of", "Appointments on Monday 30 November 2026, continued"} {
		if !strings.Contains(text, want) {
			t.Errorf("the long day sheet lacks %q", want)
		}
	}
}

func TestDaySheetOddText(t *testing.T) {
	t.Parallel()
	for _, odd := range []string{"", "山田花子", "مرحبا\u202eabc\u0000\xff🌸", strings.Repeat("W", 400)} {
		sheet := sampleDaySheet()
		sheet.Clinic.Name = odd
		for i := range sheet.Appointments {
			a := &sheet.Appointments[i]
			a.PatientName, a.PractitionerName, a.Room, a.StatusReason = odd, odd, odd, odd
		}
		checkPDF(t, render(t, Day, sheet))
	}
	sheet := sampleDaySheet()
	sheet.Clinic.PaperSize = "Letter"
	checkPDF(t, render(t, Day, sheet))
}

func BenchmarkDaySheet(b *testing.B) {
	sheet := sampleDaySheet()
	for i := range 36 { // a busy day: two practitioners, 09:00 to 18:00
		sheet.Appointments = append(sheet.Appointments, data.Appointment{ID: int64(i + 10), Kind: data.KindTreatment,
			PatientName: fmt.Sprintf("Patient %02d", i), PractitionerName: "Lena Berg", SessionNumber: 2, PlannedSessions: 3,
			Start: sheet.Day.Add(9*time.Hour + time.Duration(i)*15*time.Minute), DurationMinutes: 60, Status: data.StatusBooked})
	}
	for b.Loop() {
		render(b, Day, sheet)
	}
}
