package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

var testNow = func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) }

// newTestScreen shows the patients screen on a headless window over store
// with database work run inline, so each action is complete when it returns.
func newTestScreen(t *testing.T, store *fakeStore) *patientsScreen {
	t.Helper()
	return newTestScreenOn(t, store)
}

// newTestScreenOn is newTestScreen over any store.
func newTestScreenOn(t *testing.T, store ClinicStore) *patientsScreen {
	t.Helper()
	a := test.NewTempApp(t)
	w := newWindow(a, store, false, data.DayFirst, testNow)
	t.Cleanup(w.win.Close)
	w.win.Resize(fyne.NewSize(1280, 760))
	w.patients.worker.inline = true
	w.tabs.SelectIndex(1) // the window opens on Today; these tests are about Patients
	w.patients.start()
	return w.patients
}

// topDialogText returns all the text of the dialog on top, or "".
func topDialogText(s *patientsScreen) string { return overlayText(s.win.Canvas()) }

// overlayText returns the labels and [buttons] of the dialog on top of a
// canvas, or "".
func overlayText(c fyne.Canvas) string {
	top := c.Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString("[" + w.Text + "]\n")
		}
	}
	return b.String()
}

// dialogButton finds a button by its text in the dialog on top.
func dialogButton(t *testing.T, s *patientsScreen, text string) *widget.Button {
	t.Helper()
	top := s.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open; wanted a %q button", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no %q button in the dialog:\n%s", text, topDialogText(s))
	return nil
}

func TestCreatePatientThroughForm(t *testing.T) {
	store := newFakeStore()
	s := newTestScreen(t, store)

	test.Tap(s.newButton)
	test.Type(s.form.firstName, "Zoë")
	test.Type(s.form.lastName, "Łukasz-Дмитрий O'Brien")
	test.Type(s.form.dateOfBirth, "02/03/1990")
	test.Type(s.form.phone, "+44 7700 900123")
	if got, want := s.saveButton.Text, "Save new patient"; got != want {
		t.Errorf("save button says %q after typing, want %q", got, want)
	}
	test.Tap(s.saveButton)
	if got, want := s.saveButton.Text, "Save"; got != want {
		t.Errorf("save button says %q after saving, want %q", got, want)
	}

	if got := store.called("CreatePatient"); got != 1 {
		t.Fatalf("CreatePatient called %d times, want 1", got)
	}
	saved := store.patients[1]
	if saved.FirstName != "Zoë" || saved.LastName != "Łukasz-Дмитрий O'Brien" || !saved.DateOfBirth.Equal(time.Date(1990, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("stored %+v", saved)
	}
	if got, want := s.form.heading.Text, "Zoë Łukasz-Дмитрий O'Brien"; got != want {
		t.Errorf("heading = %q, want %q", got, want)
	}
	if s.form.dirty() {
		t.Error("form still marked as changed after saving")
	}
	if len(s.results) != 1 {
		t.Errorf("results after saving = %d, want the new patient listed", len(s.results))
	}
	// "Saved" beside the button, where the eye is, until the next change.
	if got, want := s.saved.Text, "✓ Saved at 10:00"; got != want {
		t.Errorf("beside the button: %q, want %q", got, want)
	}
	test.Type(s.form.preferredName, "Zo")
	if s.saved.Text != "" {
		t.Errorf("still %q after another change", s.saved.Text)
	}
}

func TestValidationShownNextToField(t *testing.T) {
	store := newFakeStore()
	s := newTestScreen(t, store)

	test.Type(s.form.lastName, "Adams")
	test.Type(s.form.dateOfBirth, "31/02/1990")
	test.Type(s.form.email, "zoe-at-example")
	test.Tap(s.saveButton)

	if got := store.called("CreatePatient"); got != 0 {
		t.Fatalf("CreatePatient called %d times with an empty first name", got)
	}
	msg := s.form.fieldErrors[data.FieldDateOfBirth]
	if msg.Hidden || !strings.Contains(msg.Text, "not a real calendar date") {
		t.Errorf("date of birth message = %q (hidden %v)", msg.Text, msg.Hidden)
	}
	first := s.form.fieldErrors[data.FieldFirstName]
	if first.Hidden || first.Text != "First name is required." {
		t.Errorf("first name message = %q (hidden %v)", first.Text, first.Hidden)
	}
	if email := s.form.fieldErrors[data.FieldEmail]; email.Hidden || !strings.Contains(email.Text, "name@example.com") {
		t.Errorf("email message = %q", email.Text)
	}
	if got := s.win.Canvas().Focused(); got != s.form.firstName {
		t.Errorf("focus is on %T, want the first name entry", got)
	}
	if got := s.form.lastName.Text; got != "Adams" {
		t.Errorf("last name lost after a refused save: %q", got)
	}

	test.Type(s.form.firstName, "Zoë")
	s.form.dateOfBirth.SetText("")
	s.form.email.SetText("")
	test.Tap(s.saveButton)
	if got := store.called("CreatePatient"); got != 1 {
		t.Errorf("CreatePatient called %d times after correcting the form, want 1", got)
	}
	if !msg.Hidden || !first.Hidden {
		t.Error("old messages still shown after a successful save")
	}
}

func TestValidationClearsWhenFixed(t *testing.T) {
	store := newFakeStore()
	s := newTestScreen(t, store)

	test.Type(s.form.lastName, "Adams")
	test.Type(s.form.dateOfBirth, "31/02/1990")
	test.Type(s.form.email, "zoe-at-example")
	test.Tap(s.saveButton)
	first, dob, email := s.form.fieldErrors[data.FieldFirstName], s.form.fieldErrors[data.FieldDateOfBirth], s.form.fieldErrors[data.FieldEmail]
	if first.Hidden || dob.Hidden || email.Hidden {
		t.Fatalf("messages after a refused save: first name %q, date of birth %q, email %q", first.Text, dob.Text, email.Text)
	}

	test.Type(s.form.firstName, "Zoë")
	if !first.Hidden {
		t.Errorf("first name message %q still shown after the name was typed", first.Text)
	}
	if dob.Hidden || email.Hidden {
		t.Error("messages of fields still wrong went when another field was fixed")
	}

	s.form.dateOfBirth.SetText("31/04/1990")
	if dob.Hidden || !strings.Contains(dob.Text, "not a real calendar date") {
		t.Errorf("date of birth message = %q (hidden %v) for another impossible date", dob.Text, dob.Hidden)
	}
	s.form.dateOfBirth.SetText("30/04/1990")
	if !dob.Hidden {
		t.Errorf("date of birth message %q still shown for a real date", dob.Text)
	}

	test.Type(s.form.phone, "call me")
	if phone := s.form.fieldErrors[data.FieldPhone]; !phone.Hidden {
		t.Errorf("phone message %q shown before a save was tried", phone.Text)
	}
	s.form.email.SetText("zoe@example.com")
	if !email.Hidden {
		t.Errorf("email message %q still shown for a good address", email.Text)
	}
}

// slowViewStore is a fakeStore that runs while[id], as a user's clicks
// would come, while patient id is still being read.
type slowViewStore struct {
	*fakeStore
	while map[int64]func()
}

func (f *slowViewStore) ViewPatient(ctx context.Context, id int64) (data.Patient, error) {
	if during := f.while[id]; during != nil {
		during()
	}
	return f.fakeStore.ViewPatient(ctx, id)
}

func TestLastClickedPatientWins(t *testing.T) {
	store := &slowViewStore{fakeStore: newFakeStore(
		data.Patient{FirstName: "Zoë", LastName: "Adams"},
		data.Patient{FirstName: "Ngozi", LastName: "Okafor"},
		data.Patient{FirstName: "Bea", LastName: "Lund"},
	)}
	s := newTestScreenOn(t, store)
	shows := func(i int) {
		t.Helper()
		want := s.results[i]
		if got := s.form.lastName.Text; got != want.LastName {
			t.Errorf("form shows %q, want %q, the patient clicked last", got, want.LastName)
		}
		if s.form.loaded.ID != want.ID || s.clinical.patientID != want.ID || s.appointments.patientID != want.ID {
			t.Errorf("form, clinical record and appointments are of patients %d, %d and %d, want %d",
				s.form.loaded.ID, s.clinical.patientID, s.appointments.patientID, want.ID)
		}
	}

	// Adams is still loading when Okafor is clicked.
	store.while = map[int64]func(){1: func() { s.list.Select(1) }}
	s.list.Select(0)
	shows(1)

	// Adams is still loading when the user clicks Okafor again.
	s.list.Select(1)
	s.list.Select(0)
	shows(1)
}

func TestSearchAndOpenPatient(t *testing.T) {
	store := newFakeStore(
		data.Patient{FirstName: "Zoë", LastName: "Adams", Phone: "+44 7700 900123"},
		data.Patient{FirstName: "Ngozi", LastName: "Okafor"},
	)
	s := newTestScreen(t, store)
	if got := s.win.Canvas().Focused(); got != s.search {
		t.Errorf("focus on start is %T, want the search box", got)
	}
	if !strings.Contains(s.status.Text, "2 active patients") {
		t.Errorf("status = %q, want the patient count", s.status.Text)
	}

	test.Type(s.search, "zoe")
	if len(s.results) != 1 || s.results[0].LastName != "Adams" {
		t.Fatalf("results for zoe = %+v", s.results)
	}
	s.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got, want := s.form.lastName.Text, "Adams"; got != want {
		t.Errorf("opened record last name = %q, want %q", got, want)
	}
	if got, want := s.form.phone.Text, "+44 7700 900123"; got != want {
		t.Errorf("opened record phone = %q, want %q", got, want)
	}
}

func TestUnsavedChangesAskBeforeSwitching(t *testing.T) {
	store := newFakeStore(
		data.Patient{FirstName: "Zoë", LastName: "Adams"},
		data.Patient{FirstName: "Ngozi", LastName: "Okafor"},
	)
	s := newTestScreen(t, store)
	s.list.Select(0)
	test.Type(s.form.phone, "0123456")

	s.list.Select(1)
	if !strings.Contains(topDialogText(s), "unsaved changes to Zoë Adams") {
		t.Fatalf("no unsaved-changes question; dialog: %q", topDialogText(s))
	}
	if got := s.form.lastName.Text; got != "Adams" {
		t.Fatalf("form switched to %q before the user answered", got)
	}
	test.Tap(dialogButton(t, s, "Keep editing"))
	if got := s.form.phone.Text; got != "0123456" {
		t.Errorf("edits lost after Keep editing: phone %q", got)
	}

	s.list.Select(1)
	test.Tap(dialogButton(t, s, "Discard changes"))
	if got := s.form.lastName.Text; got != "Okafor" {
		t.Errorf("after discarding, form shows %q, want Okafor", got)
	}
	if got := store.patients[1].Phone; got != "" {
		t.Errorf("discarded phone was saved: %q", got)
	}

	test.Type(s.form.phone, "020 7946 0958")
	s.list.Select(0)
	test.Tap(dialogButton(t, s, "Save changes"))
	if got := store.patients[2].Phone; got != "020 7946 0958" {
		t.Errorf("Save changes stored phone %q, want 020 7946 0958", got)
	}
	if got := s.form.lastName.Text; got != "Adams" {
		t.Errorf("after saving, form shows %q, want Adams", got)
	}
}

func TestArchiveAsksForConfirmationAndReason(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	s := newTestScreen(t, store)
	s.list.Select(0)

	test.Tap(s.archiveButton)
	if !strings.Contains(topDialogText(s), "Archive Zoë Adams?") {
		t.Fatalf("archive did not ask; dialog: %q", topDialogText(s))
	}
	test.Tap(s.archiveConfirm)
	if got := store.called("ArchivePatient"); got != 0 {
		t.Fatalf("archived without a reason")
	}
	if !strings.Contains(topDialogText(s), "Please give a reason") {
		t.Errorf("no message asking for a reason; dialog: %q", topDialogText(s))
	}
	test.Type(s.archiveReason, "Moved to Lisbon")
	test.Tap(s.archiveConfirm)
	if got := store.archived[1]; got != "Moved to Lisbon" {
		t.Errorf("archive reason stored = %q", got)
	}
}

func TestDuplicateWarning(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", DateOfBirth: time.Date(1990, 3, 2, 0, 0, 0, 0, time.UTC)})
	existing := store.patients[1]
	store.duplicates = []data.Duplicate{{PatientSummary: existing.Summary(), Reason: "same name and date of birth"}}
	s := newTestScreen(t, store)

	test.Type(s.form.firstName, "Zoe")
	test.Type(s.form.lastName, "Adams")
	test.Type(s.form.dateOfBirth, "1990-03-02")
	test.Tap(s.saveButton)
	text := topDialogText(s)
	if !strings.Contains(text, "Zoë Adams, born 02/03/1990 — same name and date of birth") {
		t.Fatalf("duplicate warning = %q", text)
	}
	if got := store.called("CreatePatient"); got != 0 {
		t.Fatal("created before the user answered the duplicate warning")
	}
	test.Tap(dialogButton(t, s, "Save anyway"))
	if got := store.called("CreatePatient"); got != 1 {
		t.Errorf("CreatePatient called %d times after Save anyway, want 1", got)
	}
}

func TestMinorFlagged(t *testing.T) {
	s := newTestScreen(t, newFakeStore())
	test.Type(s.form.dateOfBirth, "01/12/2010")
	if s.form.notice.Hidden || !strings.Contains(s.form.notice.Text, "Under 18") {
		t.Errorf("notice = %q (hidden %v), want an under-18 warning", s.form.notice.Text, s.form.notice.Hidden)
	}
}

func TestDemoWindowSaysDemo(t *testing.T) {
	a := test.NewTempApp(t)
	for demo, want := range map[bool]bool{true: true, false: false} {
		w := newWindow(a, newFakeStore(), demo, data.DayFirst, testNow)
		if got := strings.Contains(w.win.Title(), "DEMO"); got != want {
			t.Errorf("demo=%v: title %q", demo, w.win.Title())
		}
		w.win.Close()
	}
}

// TestPatientBannerAboveEveryTab: an open patient's name, birth date and
// age, allergies, being under 18 and today's check stand above the tabs;
// a new patient's form says so instead.
func TestPatientBannerAboveEveryTab(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", DateOfBirth: time.Date(2010, 3, 2, 0, 0, 0, 0, time.UTC),
		Allergies: "Lidocaine\n(rash)"})
	s := newTestScreen(t, store)
	s.list.Select(0)
	b := s.banner
	if got := b.name.Text; got != "Zoë Adams" {
		t.Errorf("name = %q", got)
	}
	if got := b.born.Text; !strings.HasPrefix(got, "born 02/03/2010 · 16 years") {
		t.Errorf("born = %q", got)
	}
	if got := b.alerts.Text; got != "Allergies: Lidocaine (rash) · Under 18: a parent's or guardian's consent is needed" {
		t.Errorf("alerts = %q", got)
	}
	if got := b.check.Text; got != "Today: Screening needed before treatment" {
		t.Errorf("check = %q", got)
	}
	for _, tab := range s.tabs.Items {
		s.tabs.Select(tab)
		if !b.content.Visible() {
			t.Errorf("no banner on the %s tab", tab.Text)
		}
	}
	s.onNew()
	if b.name.Text != "New patient" || b.alerts.Text != "" || b.check.Text != "" {
		t.Errorf("banner for a new patient: %q, alerts %q, check %q", b.name.Text, b.alerts.Text, b.check.Text)
	}
}

// TestAnotherPatientFromTheTop: opening another patient shows their
// details and clinical record from the top, not where the last one was
// scrolled to.
func TestAnotherPatientFromTheTop(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"}, data.Patient{FirstName: "Ngozi", LastName: "Okafor"})
	s := newTestScreen(t, store)
	s.win.Resize(fyne.NewSize(900, 400))
	s.list.Select(0)
	s.detailsScroll.ScrollToBottom()
	if s.detailsScroll.Offset.Y == 0 {
		t.Fatal("the details do not scroll in this window")
	}
	s.list.Select(1)
	if got := s.detailsScroll.Offset.Y; got != 0 {
		t.Errorf("details offset = %v for another patient, want the top", got)
	}
}

// heldSearch keeps the search for one query waiting until released, as a
// busy database would.
type heldSearch struct {
	*fakeStore
	query   string
	release chan struct{}
}

func (h *heldSearch) Search(ctx context.Context, query string, order data.DateOrder) ([]data.PatientSummary, error) {
	if query == h.query {
		<-h.release
	}
	return h.fakeStore.Search(ctx, query, order)
}

// TestEnterOpensWhatWasTyped: Enter pressed straight after a name, while
// the list still shows what the first letters found, opens the patient
// of the whole name once the search answers, not the first one listed.
func TestEnterOpensWhatWasTyped(t *testing.T) {
	store := &heldSearch{fakeStore: newFakeStore(
		data.Patient{FirstName: "Xiaoling", LastName: "Schröder"},
		data.Patient{FirstName: "Ciarán", LastName: "Allen"}), query: "Ciar", release: make(chan struct{})}
	s := newTestScreenOn(t, store)
	s.search.SetText("c")
	if len(s.results) != 2 {
		t.Fatalf("%d patients found for c, want 2", len(s.results))
	}
	s.worker.inline = false
	s.search.SetText("Ciar")
	s.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	s.worker.inline = true
	close(store.release)
	deadline := time.Now().Add(5 * time.Second)
	for s.form.loaded.ID == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := s.form.loaded.FirstName; got != "Ciarán" {
		t.Errorf("Enter after typing Ciar opened %q, want Ciarán", got)
	}
}
