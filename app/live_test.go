package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// otherDesk changes patient id's phone as the desk's PC would, and plays
// the change to the watchers.
func otherDesk(store *fakeStore, id int64, phone string) {
	store.mu.Lock()
	p := store.patients[id]
	p.Phone, p.Version = phone, p.Version+1
	store.patients[id] = p
	store.mu.Unlock()
	store.otherComputer(data.Change{At: time.Date(2026, 12, 2, 10, 42, 0, 0, time.Local), By: "Jamal Reid",
		Action: data.ActionChanged, PatientID: id, Subject: "patient record"})
}

// TestOpenPatientFollowsOtherComputers: a record open on this PC shows
// what another PC saved to it, and says who saved it and when.
func TestOpenPatientFollowsOtherComputers(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", Phone: "+44 7700 900123"})
	w := newTestWindow(t, store)
	w.signedIn(testAdminActor)
	w.openPatient(1)
	if got := w.patients.form.phone.Text; got != "+44 7700 900123" {
		t.Fatalf("phone = %q before the change", got)
	}

	otherDesk(store, 1, "+44 7700 900456")
	if got, want := w.patients.form.phone.Text, "+44 7700 900456"; got != want {
		t.Errorf("phone = %q after the desk changed it, want %q", got, want)
	}
	banner := w.patients.changed
	if !banner.box.Visible() || !strings.Contains(banner.text.Text, "Changed on another computer by Jamal Reid at 10:42") {
		t.Errorf("banner = %q (shown %v), want who changed it and when", banner.text.Text, banner.box.Visible())
	}
	if banner.show.Visible() {
		t.Error("the banner offers the saved version that the form already shows")
	}
	if i := slices.IndexFunc(w.patients.results, func(r data.PatientSummary) bool { return r.ID == 1 }); i < 0 || w.patients.results[i].Phone != "+44 7700 900456" {
		t.Errorf("search results = %+v, want the new phone listed", w.patients.results)
	}
	if n := store.called("ViewPatient"); n != 1 {
		t.Errorf("ViewPatient called %d times, want once: following a change is no second view", n)
	}

	otherDesk(store, 2, "+44 7700 900999")
	if banner.text.Text == "" || w.patients.form.phone.Text != "+44 7700 900456" {
		t.Error("a change to another patient touched the open record")
	}
}

// TestTypingKeptWhenAnotherComputerSaves: someone in the middle of editing
// keeps what they typed, is told at once, and may choose the saved
// version; their save is not let through over the other change.
func TestTypingKeptWhenAnotherComputerSaves(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", Phone: "+44 7700 900123"})
	w := newTestWindow(t, store)
	w.signedIn(testAdminActor)
	w.openPatient(1)
	s := w.patients
	s.form.email.SetText("zoe@example.com")

	otherDesk(store, 1, "+44 7700 900456")
	if got := s.form.email.Text; got != "zoe@example.com" {
		t.Errorf("email = %q after the other change, want the typing kept", got)
	}
	if got := s.form.phone.Text; got != "+44 7700 900123" {
		t.Errorf("phone = %q, want the form left as the user had it", got)
	}
	if !s.changed.show.Visible() || !strings.Contains(s.changed.text.Text, "Jamal Reid") || !strings.Contains(s.changed.text.Text, "typing is kept") {
		t.Fatalf("banner = %q (button shown %v), want the change named and the saved version offered",
			s.changed.text.Text, s.changed.show.Visible())
	}

	s.onSave()
	if got := store.patients[1].Phone; got != "+44 7700 900456" {
		t.Fatalf("saving over the other change stored phone %q", got)
	}

	test.Tap(s.changed.show)
	overlay := w.win.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("no confirmation before replacing the typing")
	}
	var confirm *widget.Button
	for _, o := range test.LaidOutObjects(overlay) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Show the saved version" {
			confirm = b
		}
	}
	if confirm == nil {
		t.Fatal("the confirmation has no Show the saved version button")
	}
	test.Tap(confirm)
	if got := s.form.phone.Text; got != "+44 7700 900456" {
		t.Errorf("phone = %q after choosing the saved version", got)
	}
	if got := s.form.email.Text; got != "" {
		t.Errorf("email = %q, want the saved record's", got)
	}
}

// TestDiaryFollowsOtherComputers: a booking made on another PC appears in
// the diary shown on this one.
func TestDiaryFollowsOtherComputers(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	w := newTestWindow(t, store)
	w.signedIn(testAdminActor)
	w.tabs.Select(w.today)
	if len(w.day.appointments) != 0 {
		t.Fatalf("diary = %+v before the booking", w.day.appointments)
	}
	store.diary = []data.Appointment{{ID: 7, PatientID: 1, PatientName: "Zoë Adams", PractitionerName: "Dr Amara Okafor",
		Kind: data.KindTreatment, Status: data.StatusBooked, Start: testNow().Add(time.Hour), DurationMinutes: 60}}
	store.otherComputer(data.Change{At: testNow(), By: "Jamal Reid", Action: data.ActionBooked, PatientID: 1, Subject: "appointment 7"})
	if len(w.day.appointments) != 1 || w.day.appointments[0].ID != 7 {
		t.Errorf("diary = %+v after the booking on another PC, want appointment 7", w.day.appointments)
	}
}

// TestRecallListFollowsOtherComputers: the open list of patients to call
// is read again when another PC saves, and the menu brings the open list
// forward rather than opening a second one.
func TestRecallListFollowsOtherComputers(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	w := newTestWindow(t, store)
	w.signedIn(testAdminActor)
	w.openRecall()
	list := w.recall
	if list == nil {
		t.Fatal("the list of patients to call did not open")
	}
	w.openRecall()
	if w.recall != list {
		t.Error("the menu opened a second list of patients to call")
	}
	store.recallList = []data.RecallEntry{{PatientID: 1, PatientName: "Zoë Adams", Reason: "Session 2 of 3 is due"}}
	store.otherComputer(data.Change{At: testNow(), By: "Amelia Hart", Action: data.ActionSigned, PatientID: 1, Subject: "session 3"})
	if len(list.entries) != 1 || list.entries[0].PatientName != "Zoë Adams" {
		t.Errorf("list = %+v after a session signed on another PC", list.entries)
	}
	list.win.Close()
	if w.recall != nil {
		t.Error("the closed list is still followed")
	}
}

// TestServerOutOfReachShown: when the clinic server stops answering, the
// window says since when, above every screen, and keeps what was typed;
// the notice goes when the server answers again.
func TestServerOutOfReachShown(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	w := newTestWindow(t, store)
	w.signedIn(testAdminActor)
	w.openPatient(1)
	w.patients.form.email.SetText("zoe@example.com")
	if w.offline.Visible() {
		t.Fatal("the server is reported out of reach before it is")
	}

	store.reach(time.Date(2026, 12, 2, 10, 42, 0, 0, time.Local))
	if !w.offline.Visible() || !strings.Contains(w.offline.Text, "Cannot reach the clinic server since 10:42 — retrying") {
		t.Errorf("notice = %q (shown %v), want since when the server is out of reach", w.offline.Text, w.offline.Visible())
	}
	if w.win.Content() != w.body || w.body.Objects[0] != w.tabs && w.body.Objects[1] != w.tabs {
		t.Error("the notice took the place of the screens")
	}
	if got := w.patients.form.email.Text; got != "zoe@example.com" {
		t.Errorf("email = %q while the server is out of reach, want the typing kept", got)
	}

	store.reach(time.Time{})
	if w.offline.Visible() {
		t.Error("the notice stays once the server answers")
	}
	if got := w.patients.form.email.Text; got != "zoe@example.com" {
		t.Errorf("email = %q once the server is back, want the typing kept", got)
	}
}

// TestLockedWindowCatchesUp: what another PC saves while the window is
// locked is shown when it is unlocked, the open patient's typing kept.
func TestLockedWindowCatchesUp(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", Phone: "+44 7700 900123"})
	w := newTestWindow(t, store)
	w.signedIn(testAdminActor)
	w.openPatient(1)
	w.patients.form.email.SetText("zoe@example.com")
	w.lock()
	otherDesk(store, 1, "+44 7700 900456")
	if w.patients.changed.box.Visible() {
		t.Error("the locked window showed the change behind the lock")
	}
	w.signedIn(testAdminActor)
	if !w.patients.changed.box.Visible() || !strings.Contains(w.patients.changed.text.Text, "Jamal Reid") {
		t.Errorf("banner after unlocking = %q (shown %v), want the change made while locked", w.patients.changed.text.Text, w.patients.changed.box.Visible())
	}
	if got := w.patients.form.email.Text; got != "zoe@example.com" {
		t.Errorf("email = %q after unlocking, want the typing kept", got)
	}
}

// TestOpenFormsToldOfOtherComputers: a form open on an appointment being
// moved or on a draft session says at once that another PC changed that
// record, and keeps what was typed; a change to another record says
// nothing, and a closed form is no longer told.
func TestOpenFormsToldOfOtherComputers(t *testing.T) {
	change := func(record string, id int64) []data.Change {
		return []data.Change{{At: time.Date(2026, 12, 2, 10, 42, 0, 0, time.Local), By: "Jamal Reid",
			Action: data.ActionChanged, Record: record, RecordID: id}}
	}
	t.Run("Appointment", func(t *testing.T) {
		store := newFakeAppointmentStore()
		a := data.Appointment{ID: 7, PatientID: 1, PatientName: "Zoë Adams", PractitionerID: 1, Kind: data.KindConsultation,
			Start: testNow().Add(24 * time.Hour), DurationMinutes: 45, Status: data.StatusBooked, Version: 1}
		f, w, _ := newTestAppointmentForm(t, store, a)
		f.notes.SetText("Running late, call first")
		tellOpenRecords(change("appointment", 8))
		if text := overlayText(w.Canvas()); strings.Contains(text, "Jamal Reid") {
			t.Errorf("a change to another appointment was shown:\n%s", text)
		}
		tellOpenRecords(change("appointment", 7))
		if text := overlayText(w.Canvas()); !strings.Contains(text, "Changed on another computer by Jamal Reid at 10:42") {
			t.Errorf("the move form does not say the appointment changed:\n%s", text)
		}
		if got := f.notes.Text; got != "Running late, call first" {
			t.Errorf("notes = %q, want the typing kept", got)
		}
		f.dialog.Hide()
		for r := range openRecords {
			if r.kind == "appointment" && r.id() == 7 {
				t.Error("the closed form is still told of changes")
			}
		}
	})
	t.Run("DraftSession", func(t *testing.T) {
		a := test.NewTempApp(t)
		store := newFakeSessionStore()
		showDraftWindow(a, store, data.DayFirst, testNow, "Zoë Adams",
			data.Session{ID: 40, SeriesID: 3, PatientID: 7, PerformedAt: testNow(), Version: 1}, nil)
		w := windowTitled(t, a, "Draft session — Zoë Adams")
		tellOpenRecords(change("session", 40))
		if text := labelsText(w.Content()); !strings.Contains(text, "Changed on another computer by Jamal Reid at 10:42") {
			t.Errorf("the draft's window does not say the session changed:\n%s", text)
		}
		w.Close()
	})
}
