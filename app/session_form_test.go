package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// fakeSessionStore is an in-memory SessionStore. Like the real store, it
// validates a session and refuses a contraindicated one without an
// override reason.
type fakeSessionStore struct {
	fakeConsents
	prefill   data.Session
	staff     []data.StaffMember
	screening *data.Screening
	logged    []data.Session
	signed    [][3]int64 // id, version, practitioner
	calls     []string
	me        data.Actor // who is signed in
	recent    []data.RecentLot
}

func newFakeSessionStore() *fakeSessionStore {
	return &fakeSessionStore{
		prefill: data.Session{SeriesID: 3, PatientID: 7, PractitionerID: 2, Device: "Dr. Pen A10",
			NumbingProduct: "Lidocaine 5%", Product: "Hyaluronic serum", ProductLot: "HS-12",
			Areas: []data.SessionArea{{Area: data.AreaForehead, Depth: 50, Passes: 2}, {Area: data.AreaCheeks, Depth: 100, Passes: 3}}},
		staff: []data.StaffMember{
			{ID: 1, Name: "Ada Byrne", Role: data.RolePractitioner, Active: true},
			{ID: 2, Name: "Bea Quinn", Role: data.RolePractitioner, Active: true},
			{ID: 4, Name: "Rita Desk", Role: data.RoleReception, Active: true},
			{ID: 5, Name: "Cy Left", Role: data.RolePractitioner},
		},
		screening: &data.Screening{ID: 1, PatientID: 7, ScreenedOn: testNow().AddDate(0, 0, -10)},
		me:        data.Actor{StaffID: 2, Name: "Bea Quinn", Role: data.RolePractitioner},
	}
}

func (f *fakeSessionStore) Actor() (data.Actor, bool) { return f.me, true }

func (f *fakeSessionStore) PrefillSession(context.Context, int64) (data.Session, error) {
	f.calls = append(f.calls, "PrefillSession")
	return f.prefill, nil
}

func (f *fakeSessionStore) RecentCartridgeLots(context.Context, time.Time) ([]data.RecentLot, error) {
	return f.recent, nil
}

func (f *fakeSessionStore) check(x *data.Session) error {
	if err := x.Validate(testNow()); err != nil {
		return err
	}
	x.Check = data.Check(f.screening, x.Day(), data.DefaultClinicRules())
	if x.Check.Status == data.CheckContraindicated && x.OverrideReason == "" {
		return &data.Error{Code: data.EFORBIDDEN, Message: "Treatment is contraindicated.",
			Fields: []data.FieldError{{Field: data.FieldOverrideReason, Message: "Write why you treat in spite of the contraindication."}}}
	}
	return nil
}

func (f *fakeSessionStore) LogSession(_ context.Context, x *data.Session) error {
	f.calls = append(f.calls, "LogSession")
	if err := f.check(x); err != nil {
		return err
	}
	x.ID, x.Version = int64(len(f.logged)+1), 1
	f.logged = append(f.logged, *x)
	return nil
}

func (f *fakeSessionStore) UpdateSession(_ context.Context, x *data.Session) error {
	f.calls = append(f.calls, "UpdateSession")
	if err := f.check(x); err != nil {
		return err
	}
	x.Version++
	f.logged[x.ID-1] = *x
	return nil
}

func (f *fakeSessionStore) SignSession(_ context.Context, id, version, practitionerID int64) error {
	f.calls = append(f.calls, "SignSession")
	f.signed = append(f.signed, [3]int64{id, version, practitionerID})
	return nil
}

func (f *fakeSessionStore) Staff(_ context.Context, activeOnly bool) ([]data.StaffMember, error) {
	var list []data.StaffMember
	for _, m := range f.staff {
		if m.Active || !activeOnly {
			list = append(list, m)
		}
	}
	return list, nil
}

func (f *fakeSessionStore) LatestScreening(context.Context, int64) (*data.Screening, error) {
	return f.screening, nil
}

func (f *fakeSessionStore) ClinicRules(context.Context) (data.ClinicRules, error) {
	return data.DefaultClinicRules(), nil
}

var _ SessionStore = (*sqlstore.Store)(nil)

// newTestSessionForm opens the session log over store on a headless
// window, loaded, with database work run inline.
func newTestSessionForm(t *testing.T, store *fakeSessionStore) *sessionForm {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	f := newSessionForm(w, store, data.DayFirst, testNow, 3, 7, nil)
	f.worker.inline = true
	f.load()
	// Laid out after loading, so wrapped entries have their real width.
	w.SetContent(f.content)
	w.Resize(fyne.NewSize(900, 700))
	return f
}

// sessionDialogText returns the text of the dialog on top of the form.
func sessionDialogText(f *sessionForm) string { return overlayText(f.win.Canvas()) }

// tapSessionDialog taps a button of the dialog on top of the form.
func tapSessionDialog(t *testing.T, f *sessionForm, text string) {
	t.Helper()
	if top := f.win.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if b, ok := o.(*widget.Button); ok && b.Text == text {
				test.Tap(b)
				return
			}
		}
	}
	t.Fatalf("no %q button in the dialog:\n%s", text, sessionDialogText(f))
}

func fieldMessage(f *sessionForm, field string) string {
	if l := f.fieldErrors[field]; !l.Hidden {
		return l.Text
	}
	return ""
}

func TestSessionFormPrefilled(t *testing.T) {
	store := newFakeSessionStore()
	f := newTestSessionForm(t, store)

	if got, want := f.device.Text, "Dr. Pen A10"; got != want {
		t.Errorf("device = %q, want %q", got, want)
	}
	if got, want := len(f.areaRows), 2; got != want {
		t.Fatalf("area rows = %d, want %d", got, want)
	}
	for i, want := range [][3]string{{"Forehead", "0.5", "2"}, {"Cheeks", "1", "3"}} {
		r := f.areaRows[i]
		if got := [3]string{r.area.Selected, r.depth.Text, r.passes.Text}; got != want {
			t.Errorf("area row %d = %q, want %q", i, got, want)
		}
	}
	if got, want := f.practitioner.Options, []string{"Ada Byrne", "Bea Quinn"}; !slices.Equal(got, want) {
		t.Errorf("practitioners offered = %q, want %q (no reception staff)", got, want)
	}
	if got, want := f.practitioner.Selected, "Bea Quinn"; got != want {
		t.Errorf("practitioner = %q, want %q", got, want)
	}
	if got, want := f.date.Text+" "+f.timeOfDay.Text, "28/11/2026 10:00"; got != want {
		t.Errorf("date and time = %q, want today and now %q", got, want)
	}
	if f.check.Status != data.CheckClear || !f.overrideBox.Hidden {
		t.Errorf("check = %v, override shown %v; want clear without override", f.check.Status, !f.overrideBox.Hidden)
	}
	if !f.depthWarnings.Hidden {
		t.Errorf("depth warning %q for depths within the guide", f.depthWarnings.Text)
	}

	f.areaRows[0].depth.SetText("1.5")
	if f.depthWarnings.Hidden || !strings.Contains(f.depthWarnings.Text, "Forehead at 1.5 mm is deeper") {
		t.Errorf("depth warning = %q (hidden %v), want forehead too deep", f.depthWarnings.Text, f.depthWarnings.Hidden)
	}
}

// TestSessionFormWaitsInTheLot: pre-filled from the last session, the form
// opens with the cursor in the cartridge lot, ready for the scanner; the
// TestSessionSaveStaysInSight: the session form scrolls under its Save
// button and status line, which stay at the bottom of the window.
func TestSessionSaveStaysInSight(t *testing.T) {
	f := newTestSessionForm(t, newFakeSessionStore())
	assertScrollsUnder(t, f.content, f.scroll, f.notes, f.saveButton, f.signButton, f.status)
}

// assertScrollsUnder checks that field scrolls in scroll and that each of
// fixed is laid out in content outside scroll, where it stays in sight.
func assertScrollsUnder(t *testing.T, content fyne.CanvasObject, scroll *container.Scroll, field fyne.CanvasObject, fixed ...fyne.CanvasObject) {
	t.Helper()
	all, scrolled := test.LaidOutObjects(content), test.LaidOutObjects(scroll)
	if !slices.Contains(scrolled, field) {
		t.Fatalf("%T is not in the form's scroll", field)
	}
	for _, o := range fixed {
		if !slices.Contains(all, o) {
			t.Errorf("%T is not in the form", o)
		}
		if slices.Contains(scrolled, o) {
			t.Errorf("%T scrolls with the form, out of sight", o)
		}
	}
}

// first session of a series starts at the top.
func TestSessionFormWaitsInTheLot(t *testing.T) {
	for _, first := range []bool{false, true} {
		store := newFakeSessionStore()
		if first {
			store.prefill = data.Session{SeriesID: 3, PatientID: 7}
		}
		test.NewTempApp(t)
		w := test.NewTempWindow(t, widget.NewLabel(""))
		f := newSessionForm(w, store, data.DayFirst, testNow, 3, 7, nil)
		f.worker.inline = true
		w.SetContent(f.content)
		f.load()
		want := fyne.Focusable(f.cartridgeLot)
		if first {
			want = f.date
		}
		if got := w.Canvas().Focused(); got != want {
			t.Errorf("first session %v: the cursor is in %T, want %T", first, got, want)
		}
	}
}

func TestLogSessionStoresTypedFields(t *testing.T) {
	store := newFakeSessionStore()
	saved := 0
	f := newTestSessionForm(t, store)
	f.onSaved = func() { saved++ }

	f.timeOfDay.SetText("09:45")
	test.Type(f.numbingApplied, "09:00")
	test.Type(f.numbingRemoved, "09:30")
	test.Type(f.cartridgeLot, "CL-881")
	test.Tap(f.addArea)
	f.areaRows[2].area.SetSelected("Neck")
	test.Type(f.areaRows[2].depth, "0,25")
	f.areaRows[2].passes.SetText("1")
	test.Type(f.endpoint, "Even redness")
	test.Type(f.reaction, "Mild erythema")
	test.Type(f.comfort, "4")
	test.Type(f.duration, "45")
	test.Type(f.notes, "Tolerated well")
	if !f.dirty() {
		t.Error("form not marked as changed after typing")
	}
	test.Tap(f.saveButton)

	if f.dirty() {
		t.Error("form still marked as changed after saving")
	}
	if len(store.logged) != 1 {
		t.Fatalf("sessions logged = %d, want 1; messages: %v", len(store.logged), f.fieldErrors[data.FieldSessionAreas].Text)
	}
	x := store.logged[0]
	if got, want := x.PerformedAt, time.Date(2026, 11, 28, 9, 45, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("performed at %v, want %v", got, want)
	}
	if x.PractitionerID != 2 || x.Device != "Dr. Pen A10" || x.CartridgeLot != "CL-881" || x.Endpoint != "Even redness" ||
		x.Reaction != "Mild erythema" || x.Comfort != 4 || x.DurationMinutes != 45 || x.Notes != "Tolerated well" {
		t.Errorf("stored %+v", x)
	}
	if got, want := x.NumbingRemoved.Sub(x.NumbingApplied), 30*time.Minute; got != want {
		t.Errorf("numbing on for %v, want %v", got, want)
	}
	wantAreas := []data.SessionArea{{Area: data.AreaForehead, Depth: 50, Passes: 2}, {Area: data.AreaCheeks, Depth: 100, Passes: 3}, {Area: data.AreaNeck, Depth: 25, Passes: 1}}
	if !slices.Equal(x.Areas, wantAreas) {
		t.Errorf("areas = %+v, want %+v", x.Areas, wantAreas)
	}
	if saved != 1 {
		t.Errorf("onSaved called %d times, want 1", saved)
	}
	if text := sessionDialogText(f); !strings.Contains(text, "Bea Quinn") {
		t.Errorf("sign dialog does not name the practitioner:\n%s", text)
	}
	tapSessionDialog(t, f, "Leave as draft")
	if len(store.signed) != 0 {
		t.Errorf("signed %v after leaving as draft", store.signed)
	}
}

func TestSessionExpiredCartridgeRefused(t *testing.T) {
	store := newFakeSessionStore()
	f := newTestSessionForm(t, store)

	f.cartridgeExpiry.SetText("01/11/2026")
	test.Type(f.notes, "Keep me")
	test.Tap(f.saveButton)

	if len(store.logged) != 0 {
		t.Fatalf("session with an expired cartridge was logged")
	}
	if msg := fieldMessage(f, data.FieldCartridgeExpiry); !strings.Contains(msg, "expired on 1 Nov 2026") {
		t.Errorf("cartridge expiry message = %q", msg)
	}
	if f.notes.Text != "Keep me" || f.cartridgeExpiry.Text != "01/11/2026" {
		t.Errorf("typed text lost: notes %q, expiry %q", f.notes.Text, f.cartridgeExpiry.Text)
	}
	if got := f.win.Canvas().Focused(); got != f.cartridgeExpiry {
		t.Errorf("focus on %T, want the cartridge expiry", got)
	}

	f.cartridgeExpiry.SetText("30/06/2027")
	test.Tap(f.saveButton)
	if len(store.logged) != 1 || fieldMessage(f, data.FieldCartridgeExpiry) != "" {
		t.Errorf("after a new cartridge: logged %d, message %q", len(store.logged), fieldMessage(f, data.FieldCartridgeExpiry))
	}
}

func TestSessionBadInputShownUnderFields(t *testing.T) {
	store := newFakeSessionStore()
	f := newTestSessionForm(t, store)

	f.date.SetText("31/02/2026")
	f.numbingApplied.SetText("9h")
	f.areaRows[1].depth.SetText("4")
	test.Type(f.comfort, "12")
	test.Tap(f.saveButton)

	if len(store.calls) != 1 {
		t.Errorf("store called %v for unreadable input", store.calls)
	}
	for field, want := range map[string]string{
		data.FieldPerformedAt:  "not a real calendar date",
		data.FieldNumbingTimes: "HH:MM",
		data.FieldSessionAreas: "Cheeks: 4 mm is outside",
	} {
		if msg := fieldMessage(f, field); !strings.Contains(msg, want) {
			t.Errorf("%s message = %q, want it to mention %q", field, msg, want)
		}
	}
	if got := f.checkBadge.Text; !strings.Contains(got, "type the session date") {
		t.Errorf("check badge = %q for an unreadable date", got)
	}
}

func TestContraindicatedSessionNeedsOverrideReason(t *testing.T) {
	store := newFakeSessionStore()
	store.screening = nil // no screening on file is contraindicated
	f := newTestSessionForm(t, store)

	if f.overrideBox.Hidden || f.checkBadge.Importance != widget.DangerImportance {
		t.Fatalf("contraindicated check: override shown %v, badge %q", !f.overrideBox.Hidden, f.checkBadge.Text)
	}
	if !strings.Contains(f.checkReasons.Text, "Contraindicated: ") {
		t.Errorf("reasons = %q", f.checkReasons.Text)
	}
	test.Tap(f.saveButton)
	if len(store.logged) != 0 {
		t.Fatal("contraindicated session logged without a reason")
	}
	if msg := fieldMessage(f, data.FieldOverrideReason); !strings.Contains(msg, "write why") {
		t.Errorf("override message = %q", msg)
	}
	if got := f.win.Canvas().Focused(); got != f.overrideReason {
		t.Errorf("focus on %T, want the override reason", got)
	}

	test.Type(f.overrideReason, "Screening taken verbally; paper form to follow.")
	test.Tap(f.saveButton)
	if len(store.logged) != 1 {
		t.Fatalf("logged %d sessions once the reason is written, want 1", len(store.logged))
	}
	if got, want := store.logged[0].OverrideReason, "Screening taken verbally; paper form to follow."; got != want {
		t.Errorf("override reason stored = %q, want %q", got, want)
	}
	if msg := fieldMessage(f, data.FieldOverrideReason); msg != "" {
		t.Errorf("override message still shown: %q", msg)
	}
}

func TestSignSessionAfterSave(t *testing.T) {
	store := newFakeSessionStore()
	store.me = data.Actor{StaffID: 1, Name: "Ada Byrne", Role: data.RolePractitioner}
	saved := 0
	f := newTestSessionForm(t, store)
	f.onSaved = func() { saved++ }

	f.practitioner.SetSelected("Ada Byrne")
	test.Tap(f.saveButton)
	if text := sessionDialogText(f); !strings.Contains(text, "Sign this session as Ada Byrne?") {
		t.Fatalf("sign dialog:\n%s", text)
	}
	tapSessionDialog(t, f, "Sign now")

	if got, want := store.signed, [][3]int64{{1, 1, 1}}; !slices.Equal(got, want) {
		t.Errorf("SignSession calls = %v, want %v", got, want)
	}
	if saved != 2 {
		t.Errorf("onSaved called %d times, want after save and after signing", saved)
	}
	if !f.device.Disabled() || !f.areaRows[0].depth.Disabled() || f.saveButton.Visible() {
		t.Error("signed session is still editable")
	}
	if got := f.status.Text; !strings.Contains(got, "Signed by Ada Byrne") {
		t.Errorf("status = %q", got)
	}
}
