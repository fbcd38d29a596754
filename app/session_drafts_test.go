package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// draftStore is a patient with a series of three: the first session signed
// on 2 Nov, the second logged on 27 Nov by Dr Amara Okafor (staff 7) and
// still a draft.
func draftStore() *fakeStore {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	first := time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: first}}
	store.sessions = map[int64][]data.Session{4: {
		{ID: 8, SeriesID: 4, PatientID: 1, PerformedAt: first, PractitionerID: 7, SignedAt: first, SignedBy: 7,
			Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 100, Passes: 3}}, Check: data.CheckResult{Status: data.CheckClear}},
		{ID: 9, SeriesID: 4, PatientID: 1, PerformedAt: time.Date(2026, 11, 27, 15, 30, 0, 0, time.UTC), PractitionerID: 7,
			Device: "Dr. Pen A6", CartridgeLot: "C-2291", Product: "Hyaluronic serum", ProductLot: "HS-77",
			Areas:    []data.SessionArea{{Area: data.AreaCheeks, Depth: 125, Passes: 3}},
			Endpoint: "Even redness", Reaction: "Mild erythema", Comfort: 4, DurationMinutes: 35, Notes: "Tolerated well",
			Check: data.CheckResult{Status: data.CheckClear}, Version: 2},
	}}
	return store
}

// TestClinicalRecordCountsSignedSessions: the progress line counts the
// signed session only and says which draft is not counted yet.
func TestClinicalRecordCountsSignedSessions(t *testing.T) {
	s := newTestScreen(t, draftStore())
	s.list.Select(0)
	text := viewText(s.clinical)
	for _, want := range []string{
		"Session 2 of 3 · next due around 30 Nov 2026",
		"The draft session of Fri 27 Nov 2026 is not counted until it is signed.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("clinical record lacks %q; it shows:\n%s", want, text)
		}
	}
}

// newTestDraftForm opens the draft x in the session window over store, as
// the clinical record's "Open draft…" does.
func newTestDraftForm(t *testing.T, store *fakeSessionStore, x data.Session) *sessionForm {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	f := newSessionForm(w, store, data.DayFirst, testNow, x.SeriesID, x.PatientID, nil)
	f.draft = &x
	f.worker.inline = true
	f.load()
	w.SetContent(f.content)
	w.Resize(fyne.NewSize(900, 700))
	return f
}

// fakeDraft is a draft by Bea Quinn (staff 2) from yesterday afternoon.
func fakeDraft() data.Session {
	return data.Session{ID: 1, SeriesID: 3, PatientID: 7, PractitionerID: 2, Version: 2,
		PerformedAt: time.Date(2026, 11, 27, 15, 30, 0, 0, time.UTC), Device: "Dr. Pen A10",
		CartridgeLot: "CL-881", CartridgeExpiry: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC),
		Areas:    []data.SessionArea{{Area: data.AreaCheeks, Depth: 125, Passes: 3}},
		Endpoint: "Even redness", Reaction: "Mild erythema", Comfort: 4, DurationMinutes: 35, Notes: "Tolerated well"}
}

// TestReopenDraft: the draft's practitioner reopens it as it was saved,
// changes it and signs it; the change is saved on the same session.
func TestReopenDraft(t *testing.T) {
	store := newFakeSessionStore()
	draft := fakeDraft()
	store.logged = []data.Session{draft}
	f := newTestDraftForm(t, store, draft)

	for name, got := range map[string]string{
		"date and time": f.date.Text + " " + f.timeOfDay.Text, "endpoint": f.endpoint.Text,
		"reaction": f.reaction.Text, "comfort": f.comfort.Text, "duration": f.duration.Text, "notes": f.notes.Text,
		"depth": f.areaRows[0].depth.Text, "practitioner": f.practitioner.Selected,
	} {
		want := map[string]string{"date and time": "27/11/2026 15:30", "endpoint": "Even redness", "reaction": "Mild erythema",
			"comfort": "4", "duration": "35", "notes": "Tolerated well", "depth": "1.25", "practitioner": "Bea Quinn"}[name]
		if got != want {
			t.Errorf("%s = %q, want the draft's %q", name, got, want)
		}
	}
	if f.device.Disabled() || !f.signButton.Visible() || f.dirty() {
		t.Errorf("draft: editable %v, sign shown %v, dirty %v", !f.device.Disabled(), f.signButton.Visible(), f.dirty())
	}
	f.notes.SetText(f.notes.Text + "; slight pinpoint bleeding")
	test.Tap(f.saveButton)
	if got, want := strings.Join(store.calls, " "), "UpdateSession"; got != want {
		t.Fatalf("store calls = %q, want %q (no second session)", got, want)
	}
	if got := store.logged[0]; got.ID != 1 || got.Notes != "Tolerated well; slight pinpoint bleeding" {
		t.Errorf("saved %+v", got)
	}
	tapSessionDialog(t, f, "Sign now")
	if got, want := store.signed, [][3]int64{{1, 3, 2}}; !slices.Equal(got, want) {
		t.Errorf("SignSession calls = %v, want %v", got, want)
	}
}

// TestSignSavesTypedChangesFirst: signing a draft with changes not yet
// saved saves them first, so what is signed is what the form shows.
func TestSignSavesTypedChangesFirst(t *testing.T) {
	store := newFakeSessionStore()
	draft := fakeDraft()
	store.logged = []data.Session{draft}
	f := newTestDraftForm(t, store, draft)

	f.notes.SetText("Tolerated well; slight pinpoint bleeding")
	test.Tap(f.signButton)
	if got, want := strings.Join(store.calls, " "), "UpdateSession"; got != want {
		t.Fatalf("store calls = %q, want the changes saved before signing", got)
	}
	if text := sessionDialogText(f); !strings.Contains(text, "Notes: Tolerated well; slight pinpoint bleeding") {
		t.Errorf("sign dialog does not show the changed notes:\n%s", text)
	}
	tapSessionDialog(t, f, "Sign now")
	if got, want := store.signed, [][3]int64{{1, 3, 2}}; !slices.Equal(got, want) {
		t.Errorf("SignSession calls = %v, want %v (the saved version)", got, want)
	}
}

// TestDraftOfAnotherPractitioner: someone else sees the draft but cannot
// change or sign it, and is told whose it is.
func TestDraftOfAnotherPractitioner(t *testing.T) {
	store := newFakeSessionStore()
	store.me = data.Actor{StaffID: 1, Name: "Ada Byrne", Role: data.RolePractitioner}
	f := newTestDraftForm(t, store, fakeDraft())

	if !f.notes.Disabled() || !f.areaRows[0].depth.Disabled() || f.saveButton.Visible() || f.signButton.Visible() {
		t.Error("another practitioner's draft can be changed or signed")
	}
	if got, want := f.status.Text, "This draft session is Bea Quinn's: only they can change or sign it."; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
	if f.notes.Text != "Tolerated well" {
		t.Errorf("notes = %q, want the draft's", f.notes.Text)
	}
}

// TestDraftOfPractitionerWhoLeft: a draft by a practitioner who has left
// still names them.
func TestDraftOfPractitionerWhoLeft(t *testing.T) {
	store := newFakeSessionStore()
	draft := fakeDraft()
	draft.PractitionerID = 5
	f := newTestDraftForm(t, store, draft)
	if got, want := f.status.Text, "This draft session is Cy Left's: only they can change or sign it."; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
	if got, want := f.practitioner.Selected, "Cy Left"; got != want {
		t.Errorf("practitioner = %q, want %q", got, want)
	}
}

// TestLogSessionOffersDraft: "Log session…" on a series with a draft
// offers the draft before a fresh form.
func TestLogSessionOffersDraft(t *testing.T) {
	s := newTestScreen(t, draftStore())
	s.list.Select(0)

	test.Tap(bodyButton(t, s.clinical, "Log session…"))
	if text := topDialogText(s); !strings.Contains(text, "The session of Fri 27 Nov 2026 15:30 by Dr Amara Okafor is a draft, not signed yet.") {
		t.Fatalf("no draft offered:\n%s", text)
	}
	test.Tap(dialogButton(t, s, "Open the draft"))
	var titles []string
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		titles = append(titles, w.Title())
	}
	if !slices.Contains(titles, "Draft session — Zoë Adams") || slices.Contains(titles, "Log session — Zoë Adams") {
		t.Errorf("windows = %q, want the draft opened, not a fresh log", titles)
	}
}

// TestSignSessionShowsItFirst: "Sign session…" shows every field of the
// draft before its practitioner signs it; anyone else is told whose it is.
func TestSignSessionShowsItFirst(t *testing.T) {
	store := draftStore()
	store.me = &data.Actor{StaffID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner}
	s := newTestScreen(t, store)
	s.list.Select(0)

	test.Tap(bodyButton(t, s.clinical, "Sign session…"))
	text := topDialogText(s)
	for _, want := range []string{
		"Sign this session as Dr Amara Okafor?",
		"Date and time: Fri 27 Nov 2026 15:30", "Practitioner: Dr Amara Okafor", "Contraindication check: Clear",
		"Device: Dr. Pen A6", "Cartridge lot: C-2291", "Areas: Cheeks 1.25 mm ×3", "Product: Hyaluronic serum · lot HS-77",
		"Endpoint: Even redness", "Reaction: Mild erythema", "Comfort: 4 of 10", "Duration: 35 minutes", "Notes: Tolerated well",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("sign dialog lacks %q:\n%s", want, text)
		}
	}
	test.Tap(dialogButton(t, s, "Sign now"))
	if got, want := strings.Join(store.writes, "; "), "SignSession by 7"; got != want {
		t.Errorf("writes = %q, want %q", got, want)
	}

	store.writes = nil
	store.me = &data.Actor{StaffID: 8, Name: "Dr Ines Navarro", Role: data.RolePractitioner}
	test.Tap(bodyButton(t, s.clinical, "Sign session…"))
	if text := topDialogText(s); !strings.Contains(text, "This draft session is Dr Amara Okafor's: only they can sign it.") ||
		strings.Contains(text, "[Sign now]") || !strings.Contains(text, "Notes: Tolerated well") {
		t.Errorf("sign dialog for another practitioner:\n%s", text)
	}
}
