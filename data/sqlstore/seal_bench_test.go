package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// BenchmarkSignSession measures signing a logged session in the large
// clinic, its seal included: the content read back and hashed, the seal
// and the audit row written.
func BenchmarkSignSession(b *testing.B) {
	ctx := context.Background()
	s := mustOpenPath(b, benchDatabase(b))
	if testEngine == "sqlite" {
		// A copy, so the file the other benchmarks read stays as made.
		copied, err := s.Backup(ctx, b.TempDir(), 1)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		s = mustOpenPath(b, copied.Path)
	}
	s.Now = func() time.Time { return datatest.Now }
	me := data.StaffMember{Name: "Dr Bench Mark", Role: data.RolePractitioner, Active: true}
	s.SetActor(testAdmin)
	if err := s.CreateStaffMember(ctx, &me); err != nil {
		b.Fatal(err)
	}
	s.SetActor(data.Actor{StaffID: me.ID, Name: me.Name, Role: me.Role})
	p := datatest.ValidPatient()
	if err := s.CreatePatient(ctx, &p); err != nil {
		b.Fatal(err)
	}
	sc := data.Screening{PatientID: p.ID, ScreenedOn: datatest.Now.AddDate(0, 0, -1), RecordedBy: me.Name}
	if err := s.CreateScreening(ctx, &sc); err != nil {
		b.Fatal(err)
	}
	form, err := s.ConsentTemplate(ctx, data.ConsentMicroneedling)
	if err != nil {
		b.Fatal(err)
	}
	consent := datatest.Consent(p.ID, form)
	if err := s.SignConsent(ctx, &consent); err != nil {
		b.Fatal(err)
	}
	var (
		times, logTimes []time.Duration
		series          data.TreatmentSeries
		logged          int
	)
	for b.Loop() {
		if logged%20 == 0 {
			series = data.TreatmentSeries{PatientID: p.ID, Areas: []data.Area{data.AreaCheeks}, PlannedSessions: 20,
				IntervalWeeks: 4, StartedOn: datatest.Now}
			if err := s.CreateSeries(ctx, &series); err != nil {
				b.Fatal(err)
			}
		}
		logged++
		x := data.Session{SeriesID: series.ID, PatientID: p.ID, PerformedAt: datatest.Now, PractitionerID: me.ID,
			Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 100, Passes: 2}}, Notes: "Even erythema."}
		start := time.Now()
		if err := s.LogSession(ctx, &x); err != nil {
			b.Fatal(err)
		}
		logTimes = append(logTimes, time.Since(start))
		start = time.Now()
		if err := s.SignSession(ctx, x.ID, x.Version, me.ID); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	reportLatency(b, times)
	slices.Sort(logTimes)
	b.ReportMetric(float64(logTimes[len(logTimes)/2])/float64(time.Millisecond), "log-p50-ms")
}
