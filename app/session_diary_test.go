package app

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// SessionBookings of the plain fake finds no booking: the session form
// saves without asking.
func (f *fakeSessionStore) SessionBookings(context.Context, int64, time.Time) (data.SessionBookings, error) {
	return data.SessionBookings{}, nil
}

// bookedSessionStore is the fake session store with the series' next
// session booked after the session's day.
type bookedSessionStore struct {
	*fakeSessionStore
	bookings data.SessionBookings
}

func (f *bookedSessionStore) SessionBookings(context.Context, int64, time.Time) (data.SessionBookings, error) {
	return f.bookings, nil
}

// openSessionLog opens the session log over store on a headless window,
// loaded, with database work run inline.
func openSessionLog(t *testing.T, store SessionStore, seriesID, patientID int64) *sessionForm {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	f := newSessionForm(w, store, data.DayFirst, testNow, seriesID, patientID, nil)
	f.worker.inline = true
	f.load()
	w.SetContent(f.content)
	w.Resize(fyne.NewSize(900, 700))
	return f
}

func TestSessionLogAsksAboutTheLaterBooking(t *testing.T) {
	later := data.Appointment{ID: 42, Kind: data.KindTreatment, SeriesID: 3, PatientID: 7, PractitionerName: "Bea Quinn",
		Start: time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC), DurationMinutes: 60, Status: data.StatusBooked,
		SessionNumber: 4, PlannedSessions: 6}
	for _, tt := range []struct {
		answer string
		want   data.LaterBooking
	}{
		{"Keep it as the next session (it becomes session 5 of 6)", data.KeepLaterBooking},
		{"Complete it: the patient came on 28 Nov instead, and 10 Dec is freed", data.CompleteLaterBooking},
		{"Cancel it: this session took its place, and 10 Dec is freed", data.CancelLaterBooking},
	} {
		t.Run(strings.Fields(tt.answer)[0], func(t *testing.T) {
			store := &bookedSessionStore{fakeSessionStore: newFakeSessionStore(), bookings: data.SessionBookings{Later: later}}
			f := openSessionLog(t, store, 3, 7)
			test.Tap(f.saveButton)
			if len(store.logged) != 0 {
				t.Fatal("the session was saved before the booking was settled")
			}
			text := sessionDialogText(f)
			if !strings.Contains(text, "This session is on Saturday 28 November. The series' next session, treatment session 4 of 6, is already booked for Thursday 10 December at 10:00 with Bea Quinn.") {
				t.Errorf("the question does not name the booking:\n%s", text)
			}
			tapSessionDialog(t, f, tt.answer)
			if len(store.logged) != 1 {
				t.Fatalf("%d sessions logged after answering, want 1", len(store.logged))
			}
			if got, want := store.logged[0].Diary, (data.SessionDiary{LaterID: 42, Later: tt.want}); got != want {
				t.Errorf("Diary = %+v, want %+v", got, want)
			}
		})
	}
	t.Run("BackToTheSession", func(t *testing.T) {
		store := &bookedSessionStore{fakeSessionStore: newFakeSessionStore(), bookings: data.SessionBookings{Later: later}}
		f := openSessionLog(t, store, 3, 7)
		test.Tap(f.saveButton)
		tapSessionDialog(t, f, "Back to the session")
		if len(store.logged) != 0 || f.saveButton.Disabled() {
			t.Errorf("going back logged %d sessions, save disabled %v", len(store.logged), f.saveButton.Disabled())
		}
	})
	t.Run("SameDayNotAsked", func(t *testing.T) {
		today := later
		today.ID, today.Start = 41, time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
		store := &bookedSessionStore{fakeSessionStore: newFakeSessionStore(), bookings: data.SessionBookings{SameDay: today, Later: later}}
		f := openSessionLog(t, store, 3, 7)
		test.Tap(f.saveButton)
		if len(store.logged) != 1 || store.logged[0].Diary != (data.SessionDiary{LaterID: 42}) {
			t.Errorf("logged %+v, want one session that keeps the later booking", store.logged)
		}
	})
}

// bookedAheadClinic is a real clinic database with a series of six: three
// sessions logged, the fourth booked for Thursday 10 December and the
// fifth for Thursday 7 January.
func bookedAheadClinic(t *testing.T) (store *sqlstore.Store, ts data.TreatmentSeries, dec10, jan07 data.Appointment) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	store.Now = testNow
	store.SetActor(data.CommandLine("test"))
	m := data.StaffMember{Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}
	p := data.Patient{FirstName: "Zoë", LastName: "Lund", Phone: "07700 900123"}
	if err := store.CreateStaffMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if err := store.CreatePatient(ctx, &p); err != nil {
		t.Fatal(err)
	}
	sc := data.Screening{PatientID: p.ID, ScreenedOn: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), RecordedBy: m.Name}
	if err := store.CreateScreening(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	mustConsent(t, store, p.ID, m, sc.ScreenedOn)
	ts = data.TreatmentSeries{PatientID: p.ID, Areas: []data.Area{data.AreaCheeks}, PlannedSessions: 6,
		StartedOn: time.Date(2026, 9, 5, 0, 0, 0, 0, time.UTC)}
	if err := store.CreateSeries(ctx, &ts); err != nil {
		t.Fatal(err)
	}
	for _, day := range []int{0, 28, 56} {
		at := time.Date(2026, 9, 5+day, 14, 0, 0, 0, time.UTC)
		x := data.Session{SeriesID: ts.ID, PerformedAt: at, PractitionerID: m.ID, Device: "Dr. Pen A10",
			CartridgeLot: "CL-881", CartridgeExpiry: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC),
			Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 100, Passes: 3}}}
		if err := store.LogSession(ctx, &x); err != nil {
			t.Fatal(err)
		}
		store.SetActor(data.Actor{StaffID: m.ID, Name: m.Name, Role: m.Role})
		if err := store.SignSession(ctx, x.ID, x.Version, m.ID); err != nil {
			t.Fatal(err)
		}
		store.SetActor(data.CommandLine("test"))
	}
	book := func(start time.Time) data.Appointment {
		a := data.Appointment{Kind: data.KindTreatment, PatientID: p.ID, SeriesID: ts.ID, PractitionerID: m.ID, Start: start}
		if err := store.Book(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	return store, ts, book(time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC)), book(time.Date(2027, 1, 7, 10, 0, 0, 0, time.UTC))
}

// TestLoggedSessionSettlesDiaryAndAftercare follows the whole path: the
// fourth session of six is booked for 10 December and logged today from
// the clinical record; the desk is asked about the booking, the diary
// renumbers, and the aftercare sheet names the next booked session.
func TestLoggedSessionSettlesDiaryAndAftercare(t *testing.T) {
	for _, tt := range []struct {
		answer            string
		dec10, jan07, pdf string
	}{
		{"Keep it as the next session (it becomes session 5 of 6)",
			"Booked Treatment session 5 of 6", "Booked Treatment session 6 of 6", "Thursday 10 December 2026 at 10:00"},
		{"Complete it: the patient came on 28 Nov instead, and 10 Dec is freed",
			"Completed Treatment session 4 of 6", "Booked Treatment session 5 of 6", "Thursday 7 January 2027 at 10:00"},
		{"Cancel it: this session took its place, and 10 Dec is freed",
			"Cancelled Treatment session", "Booked Treatment session 5 of 6", "Thursday 7 January 2027 at 10:00"},
	} {
		t.Run(strings.Fields(tt.answer)[0], func(t *testing.T) {
			ctx := context.Background()
			store, ts, dec10, jan07 := bookedAheadClinic(t)
			f := openSessionLog(t, store, ts.ID, dec10.PatientID)
			test.Tap(f.saveButton)
			tapSessionDialog(t, f, tt.answer)
			if f.saved == nil {
				t.Fatalf("the session was not saved: %s", f.status.Text)
			}
			list, err := store.PatientAppointments(ctx, dec10.PatientID)
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]string{}
			for _, a := range list {
				got[a.ID] = a.Status.Label() + " " + a.What()
			}
			if got[dec10.ID] != tt.dec10 || got[jan07.ID] != tt.jan07 {
				t.Errorf("diary: 10 Dec %q, 7 Jan %q; want %q, %q", got[dec10.ID], got[jan07.ID], tt.dec10, tt.jan07)
			}

			var pdf bytes.Buffer
			if err := writeAftercare(ctx, store, f.saved.ID, testNow(), &pdf); err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, pdf.Bytes())
			if want := "Session 5 of 6 is booked for " + tt.pdf + " with Dr Amara Okafor"; !strings.Contains(text, want) {
				t.Errorf("the aftercare sheet lacks %q:\n%s", want, text)
			}
			if strings.Contains(text, "to book it") {
				t.Errorf("the aftercare sheet asks to call to book a session already booked:\n%s", text)
			}
		})
	}
}

// pdfText returns the text of a PDF as a reader gets it back, on one
// line, so that wrapped lines compare as one.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); cannot check the printed text")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
