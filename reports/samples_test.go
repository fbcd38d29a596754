package reports

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"needlepoint/data"
)

// sampleNames are patients' names in many scripts, for the samples and the
// tests that read every document back.
var sampleNames = []string{
	"Zoë Łukasz-Дмитрий O'Brien",
	"Hương Hoàng Thị Ngọc",
	"Αθηνά Παπαδοπούλου",
	"Дмитрий Иванов",
	"Søren Ærø-Åberg",
	"山田 花子",
	"김민준",
	"佐藤 さくら",
	"נועה כהן",
	"نور الهدى",
}

// TestWriteSamples writes every document, a short and a long case, on A4
// and Letter, into the folder HANDOUTS_SAMPLES names, to look at.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("HANDOUTS_SAMPLES")
	if dir == "" {
		t.Skip("set HANDOUTS_SAMPLES=folder to write sample documents")
	}
	write := func(name string, pdf []byte) {
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, paper := range []string{"A4", "Letter"} {
		short := sampleSheet()
		short.Clinic.PaperSize, short.Notes = paper, ""
		short.ProductsUsed = short.ProductsUsed[:1]
		short.Areas = short.Areas[:1]
		short.NextAppointment = time.Time{}
		short.Session, short.Planned = 3, 3
		short.ReviewDue = time.Date(2026, 7, 13, 0, 0, 0, 0, time.UTC)
		write("aftercare-short-"+paper, render(t, Aftercare, short))

		long := sampleSheet()
		long.Clinic.PaperSize = paper
		long.PatientName = "Александра-Εὐφροσύνη Wiśniewska-Kowalczyk de la Fuente (Sasha)"
		long.Clinic.Logo = mustRead(t, "testdata/logo.png")
		long.ColdSores = true
		long.Areas = append(long.Areas, data.SessionArea{Area: data.AreaChin, Depth: 200, Passes: 2})
		write("aftercare-long-"+paper, render(t, Aftercare, long))

		plan := samplePlan()
		plan.Clinic.PaperSize = paper
		write("plan-short-"+paper, render(t, Plan, plan))
		plan.Screening = &data.Screening{ScreenedOn: plan.ConsultedOn, ColdSores: true, Anticoagulants: true,
			LastIsotretinoinDose: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), UsesTopicalRetinoid: true}
		plan.Clinic.Logo = mustRead(t, "testdata/logo.png")
		write("plan-long-"+paper, render(t, Plan, plan))

		rec := sampleRecord()
		rec.Clinic.PaperSize = paper
		rec.Session.Addenda = nil
		write("record-short-"+paper, render(t, Record, rec))
		rec = sampleRecord()
		rec.Clinic.PaperSize = paper
		rec.Session.Notes = longNotes
		write("record-long-"+paper, render(t, Record, rec))

		day := sampleDaySheet()
		day.Clinic.PaperSize = paper
		for i, name := range sampleNames {
			a := day.Appointments[i%len(day.Appointments)]
			a.ID, a.PatientName = int64(10+i), name
			a.Start = a.Start.Add(time.Duration(i) * 20 * time.Minute)
			day.Appointments = append(day.Appointments, a)
		}
		write("day-"+paper, render(t, Day, day))
	}
	for i, name := range sampleNames {
		s := sampleSheet()
		s.PatientName, s.Practitioner = name, name
		write("aftercare-name-"+string(rune('a'+i)), render(t, Aftercare, s))
	}
}
