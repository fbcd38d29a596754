package app

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// TestNextDatesWaitForIsotretinoin follows a patient screened today with
// their last isotretinoin dose two months ago (eligible again from Monday
// 29 March 2027) through every place that offers a next date: the series
// progress on the clinical record, the proposal of Book next session…,
// the plan handout, the aftercare sheet and the recall list. Each gives
// that day, not one before it, and says why.
func TestNextDatesWaitForIsotretinoin(t *testing.T) {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	store.Now = testNow // Saturday 28 Nov 2026
	store.SetActor(data.CommandLine("test"))
	dr := data.StaffMember{Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}
	if err := store.CreateStaffMember(ctx, &dr); err != nil {
		t.Fatal(err)
	}
	p := data.Patient{FirstName: "Zoë", LastName: "Adams", Phone: "+44 7700 900123"}
	if err := store.CreatePatient(ctx, &p); err != nil {
		t.Fatal(err)
	}
	store.SetActor(data.Actor{StaffID: dr.ID, Name: dr.Name, Role: dr.Role})
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	screen := func(on time.Time, lastDose time.Time) {
		t.Helper()
		sc := data.Screening{PatientID: p.ID, ScreenedOn: on, RecordedBy: dr.Name, LastIsotretinoinDose: lastDose}
		if err := store.CreateScreening(ctx, &sc); err != nil {
			t.Fatal(err)
		}
	}
	screen(day(10, 1), time.Time{})
	mustConsent(t, store, p.ID, dr, day(10, 1))
	c := data.Consultation{PatientID: p.ID, ConsultedOn: day(10, 1), PractitionerID: dr.ID, PlannedSessions: 3,
		IntervalWeeks: 4, Areas: []data.Area{data.AreaCheeks}, DepthMin: 50, DepthMax: 100}
	if err := store.CreateConsultation(ctx, &c); err != nil {
		t.Fatal(err)
	}
	ts := data.TreatmentSeries{PatientID: p.ID, ConsultationID: c.ID, Areas: []data.Area{data.AreaCheeks}, StartedOn: day(10, 5)}
	if err := store.CreateSeries(ctx, &ts); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 10, 5, 14, 0, 0, 0, time.UTC)
	x := data.Session{SeriesID: ts.ID, PerformedAt: at, PractitionerID: dr.ID, NumbingProduct: "EMLA 5%",
		NumbingApplied: at.Add(-40 * time.Minute), NumbingRemoved: at.Add(-5 * time.Minute), Device: "Dermapen 4",
		CartridgeLot: "CART-2291", CartridgeExpiry: day(12, 31), Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 100, Passes: 3}},
		Endpoint: "Even redness", DurationMinutes: 30}
	if err := store.LogSession(ctx, &x); err != nil {
		t.Fatal(err)
	}
	if err := store.SignSession(ctx, x.ID, x.Version, dr.ID); err != nil {
		t.Fatal(err)
	}
	// Today's screening: the patient took isotretinoin until two months
	// ago. Session 2 was due on 2 Nov, 4 weeks after the first.
	screen(day(11, 28), day(9, 29))
	const note = "not before 29 Mar 2027: isotretinoin"
	const printed = "not before Monday 29 March 2027: isotretinoin"

	a := test.NewTempApp(t)
	w := newWindow(a, store, false, data.DayFirst, testNow)
	t.Cleanup(w.win.Close)
	w.patients.worker.inline = true
	w.tabs.SelectIndex(1)
	w.patients.start()
	s := w.patients
	s.list.Select(0)

	t.Run("SeriesProgress", func(t *testing.T) {
		if text := viewText(s.clinical); !strings.Contains(text, "Session 2 of 3 · "+note) || strings.Contains(text, "overdue") {
			t.Errorf("the clinical record says:\n%s\nwant session 2 %s", text, note)
		}
	})

	t.Run("BookNextSession", func(t *testing.T) {
		test.Tap(bodyButton(t, s.clinical, "Book next session…"))
		if text := topDialogText(s); !strings.Contains(text, "; "+note) {
			t.Errorf("booking dialog = %q, want the reason %q", text, note)
		}
		if _, entries := dialogWidgets(s); entries[0].Text != "29/03/2027" {
			t.Errorf("proposed date = %q, want 29/03/2027", entries[0].Text)
		}
		test.Tap(dialogButton(t, s, "Cancel"))
	})

	t.Run("PlanHandout", func(t *testing.T) {
		var pdf bytes.Buffer
		if err := writePlan(ctx, store, c, &pdf); err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, pdf.Bytes())
		for _, want := range []string{"Your first session is " + printed, "Session 1: Monday 29 March 2027",
			"Session 2: Monday 26 April 2027"} {
			if !strings.Contains(text, want) {
				t.Errorf("the plan handout lacks %q:\n%s", want, text)
			}
		}
	})

	t.Run("AftercareSheet", func(t *testing.T) {
		var pdf bytes.Buffer
		if err := writeAftercare(ctx, store, x.ID, testNow(), &pdf); err != nil {
			t.Fatal(err)
		}
		if text := pdfText(t, pdf.Bytes()); !strings.Contains(text, "Session 2 of 3 is "+printed) {
			t.Errorf("the aftercare sheet lacks %q:\n%s", printed, text)
		}
	})

	t.Run("RecallList", func(t *testing.T) {
		win := a.NewWindow("Patients to call")
		t.Cleanup(win.Close)
		r := newRecallScreen(win, store, data.DayFirst, testNow, nil)
		win.SetContent(r.content)
		win.Resize(fyne.NewSize(980, 560))
		r.worker.inline = true
		r.load()
		if len(r.entries) != 1 {
			t.Fatalf("recall list = %+v, want the one patient", r.entries)
		}
		if got := recallCell(r.entries[0], 0, r.country); got != "not yet eligible" {
			t.Errorf("first column = %q, want not yet eligible", got)
		}
		if got, want := recallCell(r.entries[0], 4, r.country), "Not before 29 Mar 2027: isotretinoin (session 2 of 3)"; got != want {
			t.Errorf("reason = %q, want %q", got, want)
		}
		if got := r.summary.Text; !strings.HasPrefix(got, "Nobody to call today.") || !strings.Contains(got, "1 patient not yet eligible") {
			t.Errorf("summary = %q", got)
		}
	})
}
