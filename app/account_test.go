package app

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// newTestWindow is the main window on store, before anyone signs in.
func newTestWindow(t *testing.T, store *fakeStore) *window {
	t.Helper()
	a := test.NewTempApp(t)
	w := newWindow(a, store, false, data.DayFirst, testNow)
	t.Cleanup(w.win.Close)
	w.win.Resize(fyne.NewSize(1280, 760))
	w.worker.inline = true
	w.patients.worker.inline = true
	w.day.worker.inline = true
	return w
}

// menuLabels lists the main menu's items as "Menu/Item".
func menuLabels(w *window) string {
	var list []string
	for _, m := range w.win.MainMenu().Items {
		for _, item := range m.Items {
			if item.Label != "" {
				list = append(list, m.Label+"/"+item.Label)
			}
		}
	}
	return strings.Join(list, ", ")
}

// signInWith fills the sign-in screen shown in w and submits it.
func signInWith(t *testing.T, w *window, username, password string) *signInScreen {
	t.Helper()
	var s *signInScreen
	for _, o := range test.LaidOutObjects(w.win.Content()) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			s = &signInScreen{password: e}
		}
	}
	if s == nil {
		t.Fatalf("no sign-in screen; the window shows %T", w.win.Content())
	}
	for _, o := range test.LaidOutObjects(w.win.Content()) {
		if e, ok := o.(*widget.Entry); ok && !e.Password {
			e.SetText(username)
		}
	}
	s.password.SetText(password)
	s.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	return s
}

func TestSignInOpensTheRecords(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	w := newTestWindow(t, store)
	w.begin()
	if w.gate == nil || w.win.Content() == w.body {
		t.Fatal("the records show before anyone signed in")
	}
	if got := menuLabels(w); got != "Needlepoint/Quit" {
		t.Errorf("menu before signing in = %q, want Quit only", got)
	}

	signInWith(t, w, "jamal", "wrong")
	if w.gate == nil {
		t.Fatal("a wrong password opened the records")
	}
	if text := labelsText(w.win.Content()); !strings.Contains(text, "The username or password is not right.") {
		t.Errorf("sign-in screen after a wrong password:\n%s", text)
	}

	signInWith(t, w, "jamal", "Right-pass1")
	if w.gate != nil || w.win.Content() != w.body {
		t.Fatal("signing in did not open the records")
	}
	if got, want := w.win.Title(), "Needlepoint — Signed In jamal (Reception)"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	menu := menuLabels(w)
	for _, want := range []string{"Patient/New patient", "Front desk/Patients to call…", "Clinic/Lot recall look-up…", "Account/Lock or switch user"} {
		if !strings.Contains(menu, want) {
			t.Errorf("reception's menu lacks %q: %s", want, menu)
		}
	}
	for _, notWanted := range []string{"Staff and sign-ins", "Backups", "Audit trail", "Contraindication rules", "This PC's database"} {
		if strings.Contains(menu, notWanted) {
			t.Errorf("reception's menu offers %q: %s", notWanted, menu)
		}
	}
}

func TestAdministratorMenu(t *testing.T) {
	w := newTestWindow(t, newFakeStore())
	w.signedIn(testAdminActor)
	menu := menuLabels(w)
	for _, want := range []string{"Clinic/Staff and sign-ins…", "Clinic/Backups…", "Clinic/Audit trail…", "Clinic/Contraindication rules…", "Clinic/This PC's database…"} {
		if !strings.Contains(menu, want) {
			t.Errorf("the administrator's menu lacks %q: %s", want, menu)
		}
	}
}

func TestLockKeepsWorkAndHidesIt(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	w := newTestWindow(t, store)
	w.signedIn(testAdminActor)
	other := w.app.NewWindow("Session log")
	other.Show()
	w.tabs.SelectIndex(1)
	w.patients.list.Select(0)
	w.patients.form.phone.SetText("+44 7700 900777")
	dialog.ShowInformation("Zoë Adams", "A question about Zoë Adams", w.win)

	w.lock()
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog about the patient stays over the lock screen: %q", overlayText(w.win.Canvas()))
	}
	if w.gate == nil {
		t.Fatal("the window did not lock")
	}
	if text := labelsText(w.win.Content()); strings.Contains(text, "Zoë") || !strings.Contains(text, "Needlepoint is locked") {
		t.Errorf("locked window shows:\n%s", text)
	}
	if !slices.Contains(w.hidden, other) || slices.Contains(w.hidden, w.win) {
		t.Errorf("windows hidden while locked = %v, want the session log and not the main window", w.hidden)
	}
	if got := menuLabels(w); got != "Needlepoint/Quit" {
		t.Errorf("menu while locked = %q, want Quit only", got)
	}

	signInWith(t, w, "amara", "Right-pass1")
	if w.gate != nil {
		t.Fatal("signing in did not unlock")
	}
	if got := w.patients.form.phone.Text; got != "+44 7700 900777" {
		t.Errorf("unsaved phone after unlocking = %q, want the typed number kept", got)
	}
	if len(w.hidden) != 0 {
		t.Error("the hidden windows were not shown again")
	}
	if got := overlayText(w.win.Canvas()); !strings.Contains(got, "A question about Zoë Adams") {
		t.Errorf("the dialog open before the lock = %q, want it back", got)
	}
}

// setUpAs fills the set-up screen shown in w for the clinic Skin Studio and
// its administrator Fiona Byrne, with the password typed twice as given,
// and submits it.
func setUpAs(w *window, password, again string) {
	var passwords []*widget.Entry
	entries := map[string]*widget.Entry{}
	for _, o := range test.LaidOutObjects(w.win.Content()) {
		if e, ok := o.(*widget.Entry); ok {
			if e.Password {
				passwords = append(passwords, e)
			} else {
				entries[e.PlaceHolder] = e
			}
		}
	}
	entries["As patients know it"].SetText("Skin Studio")
	entries["e.g. Fiona Byrne"].SetText("Fiona Byrne")
	entries["e.g. fiona"].SetText("fiona")
	passwords[0].SetText(password)
	passwords[1].SetText(again)
	passwords[1].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

func TestFirstStartSetsUpTheClinic(t *testing.T) {
	store := newFakeStore()
	store.noAccounts = true
	w := newTestWindow(t, store)
	w.begin()
	if text := labelsText(w.win.Content()); !strings.Contains(text, "Set up Needlepoint") {
		t.Fatalf("first start shows:\n%s", text)
	}
	setUpAs(w, "Clinic-2026", "Clinic-2027")
	if len(store.writes) != 0 || !strings.Contains(labelsText(w.win.Content()), "The two passwords differ") {
		t.Fatalf("set up with two different passwords: writes %q", store.writes)
	}
	setUpAs(w, "Clinic-2026", "Clinic-2026")
	if len(store.writes) != 1 || store.writes[0] != "SetUpClinic fiona" {
		t.Fatalf("writes = %q, want the clinic set up", store.writes)
	}
	if w.gate != nil || !strings.Contains(w.win.Title(), "Fiona Byrne (Administrator)") {
		t.Errorf("after set-up: gate %v, title %q", w.gate != nil, w.win.Title())
	}
}

// TestDatesFollowTheClinicsCountry: a clinic in the United States reads
// and writes dates month first on a computer set to day first, and a
// clinic set up in the United Kingdom day first on one set to month first.
func TestDatesFollowTheClinicsCountry(t *testing.T) {
	born := time.Date(1990, 3, 2, 0, 0, 0, 0, time.UTC)
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", DateOfBirth: born})
	store.country = "US"
	w := newTestWindow(t, store)
	w.begin()
	signInWith(t, w, "jamal", "Right-pass1")
	w.openPatient(1)
	if got, want := w.patients.form.dateOfBirth.Text, "03/02/1990"; got != want {
		t.Errorf("date of birth shown in a US clinic = %q, want %q", got, want)
	}
	if got := w.patients.form.dateOfBirth.PlaceHolder; !strings.HasPrefix(got, "MM/DD/YYYY") {
		t.Errorf("date of birth hint in a US clinic = %q", got)
	}

	store = newFakeStore()
	store.noAccounts = true
	w = newTestWindow(t, store)
	w.order = data.MonthFirst
	w.begin()
	for _, o := range test.LaidOutObjects(w.gate) {
		if sel, ok := o.(*widget.Select); ok {
			selectCountry(sel, "GB")
		}
	}
	setUpAs(w, "Clinic-2026", "Clinic-2026")
	if w.gate != nil {
		t.Fatal("the clinic was not set up")
	}
	if w.patients.order != data.DayFirst || w.day.order != data.DayFirst {
		t.Error("a clinic set up in the United Kingdom writes dates month first")
	}
}

func TestIdleWatch(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	entry := widget.NewEntry()
	win.SetContent(entry)
	clock := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	locked := 0
	watch := newIdleWatch(func() []fyne.Canvas { return []fyne.Canvas{win.Canvas()} }, 5*time.Minute,
		func() time.Time { return clock }, func() { locked++ })
	watch.resume()

	clock = clock.Add(4 * time.Minute)
	watch.tick()
	test.Type(entry, "Typing a long note")
	clock = clock.Add(4 * time.Minute)
	watch.tick()
	if locked != 0 {
		t.Fatal("locked while the user was typing")
	}
	clock = clock.Add(4*time.Minute + 59*time.Second)
	watch.tick()
	if locked != 0 {
		t.Fatal("locked before five idle minutes")
	}
	clock = clock.Add(time.Second)
	watch.tick()
	if locked != 1 {
		t.Fatalf("after five idle minutes locked %d times, want once", locked)
	}
	clock = clock.Add(10 * time.Minute)
	watch.tick()
	if locked != 1 {
		t.Errorf("locked again while already locked: %d", locked)
	}
}

// labelsText is every label of o, a line each.
func labelsText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok && l.Visible() {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// TestSwitchUserKeepsEachDeskApart: a colleague signing in at a locked
// window gets a desk of their own and sees nothing the other left open;
// the other finds everything again when they return.
func TestSwitchUserKeepsEachDeskApart(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	w := newTestWindow(t, store)
	w.signedIn(testAdminActor)
	other := w.app.NewWindow("Session log")
	other.Show()
	w.tabs.SelectIndex(1)
	w.patients.list.Select(0)
	w.patients.form.phone.SetText("+44 7700 900777")
	dialog.ShowInformation("Zoë Adams", "A question about Zoë Adams", w.win)
	mine := w.patients

	w.lock()
	signInWith(t, w, "jamal", "Right-pass1")
	if w.gate != nil {
		t.Fatal("the colleague could not sign in")
	}
	if w.patients == mine || w.patients.form.phone.Text != "" {
		t.Error("the colleague got the other person's patient screen")
	}
	if got := overlayText(w.win.Canvas()); got != "" {
		t.Errorf("the colleague sees the other person's dialog: %q", got)
	}
	if len(w.hidden) != 0 || !w.setAside(other) {
		t.Error("the other person's window was shown to the colleague")
	}
	w.onQuit(func() { t.Error("closed with someone's unsaved changes") })

	w.lock()
	signInWith(t, w, "amara", "Right-pass1")
	if w.patients != mine || w.patients.form.phone.Text != "+44 7700 900777" {
		t.Error("the first person did not find their desk as they left it")
	}
	if got := overlayText(w.win.Canvas()); !strings.Contains(got, "A question about Zoë Adams") {
		t.Errorf("the first person's dialog = %q, want it back", got)
	}
	if w.setAside(other) {
		t.Error("the first person's window is still set aside")
	}
}

// slowSignIn holds each sign-in until released, as a password check that
// takes its time does.
type slowSignIn struct {
	*fakeStore
	release chan struct{}
}

func (s slowSignIn) SignIn(ctx context.Context, username, password string) (data.Actor, error) {
	<-s.release
	return s.fakeStore.SignIn(ctx, username, password)
}

// TestSignInShowsItIsChecking: while the password is checked the sign-in
// screen shows it is working and takes no second press.
func TestSignInShowsItIsChecking(t *testing.T) {
	test.NewTempApp(t)
	store := slowSignIn{newFakeStore(), make(chan struct{})}
	signedIn := make(chan data.Actor, 1)
	s := newSignInScreen(store, nil, func(a data.Actor) { signedIn <- a })
	test.NewTempWindow(t, s.content)
	s.username.SetText("jamal")
	s.password.SetText("Right-pass1")
	test.Tap(s.signInButton)
	if !s.checking.Visible() || !s.signInButton.Disabled() || s.signInButton.Text != "Checking…" {
		t.Errorf("while checking: progress shown %v, button %q disabled %v", s.checking.Visible(), s.signInButton.Text, s.signInButton.Disabled())
	}
	test.Tap(s.signInButton)
	store.release <- struct{}{}
	select {
	case a := <-signedIn:
		if a.Username != "jamal" {
			t.Errorf("signed in as %+v", a)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the sign-in did not finish")
	}
	if s.checking.Visible() || s.signInButton.Text != "Sign in" || s.signInButton.Disabled() {
		t.Errorf("after signing in: progress shown %v, button %q disabled %v", s.checking.Visible(), s.signInButton.Text, s.signInButton.Disabled())
	}
	if n := strings.Count(strings.Join(store.writes, "\n"), "SignIn jamal"); n != 1 {
		t.Errorf("signed in %d times for two presses during the check", n)
	}
}

// TestOpeningATreatmentFromTheDiary: a practitioner opening the patient of
// a treatment from the diary lands on the clinical record, where the
// session is logged; reception lands on the tab it was on.
func TestOpeningATreatmentFromTheDiary(t *testing.T) {
	for _, tt := range []struct {
		role data.Role
		tab  string
	}{{data.RolePractitioner, "Clinical record"}, {data.RoleReception, "Details"}} {
		t.Run(tt.role.Label(), func(t *testing.T) {
			store := newFakeStore(data.Patient{FirstName: "Ciarán", LastName: "Allen"})
			store.me = &data.Actor{StaffID: 7, Name: "Dr Amelia Hart", Role: tt.role, Username: "amelia"}
			store.diary = []data.Appointment{{ID: 1, PatientID: 1, SeriesID: 4, Kind: data.KindTreatment,
				Status: data.StatusCheckedIn, PractitionerID: 7, Start: testNow(), DurationMinutes: 60}}
			w := newTestWindow(t, store)
			w.signedIn(*store.me)
			w.day.grid.choose(1)
			test.Tap(w.day.openButton)
			if got := w.patients.tabs.Selected().Text; got != tt.tab {
				t.Errorf("opened on %q, want %q", got, tt.tab)
			}
			if got := w.patients.form.loaded.FirstName; got != "Ciarán" {
				t.Errorf("opened %q", got)
			}
		})
	}
}

// TestDatesFollowTheCountryOnTheRealStore: on the store itself, which
// reads nothing of the clinic's before a sign-in but its country, the
// window of a clinic in the United States writes dates month first.
func TestDatesFollowTheCountryOnTheRealStore(t *testing.T) {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.SetUpClinic(ctx, data.ClinicDetails{Name: "Skin Studio", PaperSize: data.PaperA4, Country: "US"},
		"Fiona Byrne", "fiona", "Clinic-2026"); err != nil {
		t.Fatal(err)
	}
	if err := store.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	w := newWindow(a, store, false, data.DayFirst, testNow)
	t.Cleanup(w.win.Close)
	w.worker.inline = true
	w.begin()
	if w.order != data.MonthFirst || w.patients.order != data.MonthFirst {
		t.Error("a clinic in the United States writes dates day first")
	}
}
