package app

import (
	"bytes"
	"context"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// mustConsent has patientID sign the consent to microneedling at the time
// at, witnessed by the practitioner by, in a real store.
func mustConsent(t *testing.T, store *sqlstore.Store, patientID int64, by data.StaffMember, at time.Time) {
	t.Helper()
	ctx := context.Background()
	form, err := store.ConsentTemplate(ctx, data.ConsentMicroneedling)
	if err != nil {
		t.Fatal(err)
	}
	c := datatest.Consent(patientID, form)
	clock, who := store.Now, store.Actor
	actor, _ := who()
	store.Now = func() time.Time { return at }
	store.SetActor(data.Actor{StaffID: by.ID, Name: by.Name, Role: by.Role})
	defer func() { store.Now = clock; store.SetActor(actor) }()
	if err := store.SignConsent(ctx, &c); err != nil {
		t.Fatal(err)
	}
}

// fakeConsents keeps consents in memory. Unless noConsent is set, every
// patient signed a consent to microneedling on 1 October 2026, which
// holds on the tests' today.
type fakeConsents struct {
	noConsent bool
	taken     []data.Consent         // by SignConsent, oldest first
	forms     []data.ConsentTemplate // by SaveConsentTemplate, oldest first
}

func (f *fakeConsents) ConsentTemplate(ctx context.Context, kind data.ConsentKind) (data.ConsentTemplate, error) {
	if versions, _ := f.ConsentTemplateVersions(ctx, kind); len(versions) > 0 {
		return versions[0], nil
	}
	return data.ShippedConsentTemplate(kind), nil
}

func (f *fakeConsents) SignConsent(_ context.Context, c *data.Consent) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.ID = int64(len(f.taken) + 100)
	c.Template.ID, c.Template.Version = 1, 1
	c.PatientSignedAt, c.WitnessSignedAt, c.WitnessName = testNow(), testNow(), "Bea Quinn"
	f.taken = append(f.taken, *c)
	return nil
}

func (f *fakeConsents) ConsentTemplateVersions(_ context.Context, kind data.ConsentKind) ([]data.ConsentTemplate, error) {
	var list []data.ConsentTemplate
	for i := len(f.forms) - 1; i >= 0; i-- {
		if f.forms[i].Kind == kind {
			list = append(list, f.forms[i])
		}
	}
	return list, nil
}

func (f *fakeConsents) SaveConsentTemplate(_ context.Context, t *data.ConsentTemplate) error {
	if err := t.Validate(); err != nil {
		return err
	}
	versions, _ := f.ConsentTemplateVersions(context.Background(), t.Kind)
	t.ID, t.Version, t.CreatedBy, t.CreatedAt = int64(len(f.forms)+1), len(versions)+1, "Fiona Byrne", testNow()
	f.forms = append(f.forms, *t)
	return nil
}

func (f *fakeConsents) WithdrawConsent(_ context.Context, id int64, reason string) (data.Consent, error) {
	if err := data.ValidateWithdrawal(reason); err != nil {
		return data.Consent{}, err
	}
	for i := range f.taken {
		if f.taken[i].ID == id {
			f.taken[i].WithdrawnAt, f.taken[i].WithdrawnBy, f.taken[i].WithdrawnReason = testNow(), "Rita Desk", reason
			return f.taken[i], nil
		}
	}
	return data.Consent{}, data.Errorf(data.ENOTFOUND, "This consent no longer exists.")
}

func (f *fakeConsents) PatientConsents(_ context.Context, patientID int64) ([]data.Consent, error) {
	var list []data.Consent
	for i := len(f.taken) - 1; i >= 0; i-- {
		if f.taken[i].PatientID == patientID {
			list = append(list, f.taken[i])
		}
	}
	if !f.noConsent {
		c := datatest.Consent(patientID, data.ShippedConsentTemplate(data.ConsentMicroneedling))
		c.ID, c.Template.Version, c.WitnessName = 1, 1, "Bea Quinn"
		c.PatientSignedAt = time.Date(2026, 10, 1, 10, 0, 0, 0, time.UTC)
		list = append(list, c)
	}
	return list, nil
}

// sign draws a signature on pad as a pointer would: a drag across it and
// back, in small moves.
func sign(pad *signaturePad) {
	pos := fyne.NewPos(30, 60)
	for i := range 40 {
		d := fyne.NewDelta(8, float32(6-(i%4)*4))
		pos = pos.Add(d)
		pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}, Dragged: d})
	}
	pad.DragEnd()
}

func TestSignaturePadTurnsStrokesIntoAnImage(t *testing.T) {
	test.NewTempApp(t)
	pad := newSignaturePad("Patient signs here")
	w := test.NewTempWindow(t, container.NewWithoutLayout(pad))
	w.Resize(fyne.NewSize(500, 200))
	pad.Resize(pad.MinSize())
	changed := 0
	pad.OnChanged = func() { changed++ }

	pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(52, 50)}, Dragged: fyne.NewDelta(2, 0)})
	pad.DragEnd()
	if pad.Signed() {
		t.Error("a dot counts as a signature")
	}
	sign(pad)
	if !pad.Signed() || changed != 2 {
		t.Fatalf("signed %v after %d strokes", pad.Signed(), changed)
	}
	s, err := pad.Signature()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.Strokes); got != 2 || len(s.Strokes[1]) != 41 {
		t.Fatalf("strokes = %d (%v), want the dot and a 41-point line", got, s.Strokes)
	}
	if first := s.Strokes[1][0]; first.X != 30 || first.Y != 60 {
		t.Errorf("the line starts at %v, want where the drag began (30, 60)", first)
	}
	img, err := png.Decode(bytes.NewReader(s.Image))
	if err != nil {
		t.Fatal(err)
	}
	inked := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a > 0 {
				inked++
			}
		}
	}
	if inked < 500 {
		t.Errorf("%d inked pixels, want the line drawn", inked)
	}
	pad.Clear()
	if pad.Signed() || changed != 3 {
		t.Errorf("after Clear: signed %v, %d changes", pad.Signed(), changed)
	}
	if s, _ := pad.Signature(); len(s.Strokes) != 0 || s.Image != nil {
		t.Errorf("cleared pad gives %+v", s)
	}
}

// newTestConsentForm opens a consent form of kind for patient 7 on a
// headless window, loaded, with database work run inline.
func newTestConsentForm(t *testing.T, store ConsentStore, kind data.ConsentKind) (*consentForm, *[]data.Consent) {
	t.Helper()
	test.NewTempApp(t)
	// Not a temporary window: the form closes it once signed.
	w := test.NewWindow(widget.NewLabel(""))
	var signed []data.Consent
	f := newConsentForm(w, &worker{inline: true}, store, 7, kind, func(c data.Consent) { signed = append(signed, c) })
	w.SetContent(f.content)
	w.Resize(fyne.NewSize(760, 720))
	f.start()
	return f, &signed
}

func TestConsentFormSigned(t *testing.T) {
	store := newFakeSessionStore()
	f, signed := newTestConsentForm(t, store, data.ConsentMicroneedling)
	if got := f.heading.Text; !strings.Contains(got, "Consent to microneedling") {
		t.Errorf("heading = %q", got)
	}
	if got := f.body.String(); !strings.Contains(got, "cold sores in people who have had them") {
		t.Errorf("the form's text is not shown: %q", got)
	}
	if first := f.body.Segments[0].(*widget.TextSegment); first.Text != "What the treatment is" || !first.Style.TextStyle.Bold {
		t.Errorf("first line %q, style %+v; want the heading in bold", first.Text, first.Style)
	}
	if got, want := len(f.checks), len(data.ShippedConsentTemplate(data.ConsentMicroneedling).Confirmations); got != want {
		t.Fatalf("%d statements to tick, want %d", got, want)
	}

	t.Run("ErrNothingTickedOrSigned", func(t *testing.T) {
		test.Tap(f.saveButton)
		if len(store.taken) != 0 {
			t.Fatal("an unsigned form was saved")
		}
		for _, field := range []string{data.FieldConsentConfirmations, data.FieldPatientSignature, data.FieldWitnessSignature} {
			if f.fieldErrors[field].Hidden {
				t.Errorf("no message for %s", field)
			}
		}
		if !strings.Contains(f.fieldErrors[data.FieldConsentConfirmations].Text, "I am not pregnant") {
			t.Errorf("message = %q, want the statement not ticked", f.fieldErrors[data.FieldConsentConfirmations].Text)
		}
	})
	for _, c := range f.checks {
		test.Tap(c)
	}
	sign(f.patientPad)
	t.Run("ErrWitnessMissing", func(t *testing.T) {
		test.Tap(f.saveButton)
		if len(store.taken) != 0 || f.fieldErrors[data.FieldWitnessSignature].Hidden || !f.fieldErrors[data.FieldPatientSignature].Hidden {
			t.Errorf("saved %d; witness message %q, patient message %q", len(store.taken),
				f.fieldErrors[data.FieldWitnessSignature].Text, f.fieldErrors[data.FieldPatientSignature].Text)
		}
		if !f.patientPad.Signed() {
			t.Error("the patient's signature was lost")
		}
	})
	sign(f.witnessPad)
	test.Tap(f.saveButton)
	if len(store.taken) != 1 || len(*signed) != 1 {
		t.Fatalf("signed %d, told %d; want one", len(store.taken), len(*signed))
	}
	c := store.taken[0]
	if c.PatientID != 7 || len(c.Patient.Strokes) != 1 || len(c.Witness.Image) == 0 || !slices.Equal(c.Confirmed, []bool{true, true, true, true, true, true, true, true, true}) {
		t.Errorf("signed %+v", c)
	}
}

func TestPhotoConsentFormAsksTheUse(t *testing.T) {
	store := newFakeSessionStore()
	f, _ := newTestConsentForm(t, store, data.ConsentPhotos)
	if f.scopeBox.Hidden {
		t.Fatal("the photo form does not ask what photos may be used for")
	}
	for _, c := range f.checks {
		test.Tap(c)
	}
	sign(f.patientPad)
	sign(f.witnessPad)
	test.Tap(f.saveButton)
	if len(store.taken) != 0 || f.fieldErrors[data.FieldPhotoScope].Hidden {
		t.Fatalf("saved without a use chosen")
	}
	f.scope.SetSelected(data.PhotoConsentTraining.Label())
	test.Tap(f.saveButton)
	if len(store.taken) != 1 || store.taken[0].PhotoScope != data.PhotoConsentTraining {
		t.Errorf("signed %+v", store.taken)
	}
}

func TestConsentFormNeedsAPractitioner(t *testing.T) {
	store := newFakeSessionStore()
	store.me = data.Actor{StaffID: 4, Name: "Rita Desk", Role: data.RoleReception}
	f, _ := newTestConsentForm(t, store, data.ConsentMicroneedling)
	if !f.saveButton.Disabled() || !strings.Contains(f.status.Text, "practitioner who witnesses the consent signs in") {
		t.Errorf("reception can take consent: button disabled %v, status %q", f.saveButton.Disabled(), f.status.Text)
	}
}

// TestSessionNeedsConsent: with no consent on file the session log says
// so, refuses to save and takes consent there and then; what was typed
// stays, and the session saves once consent is signed.
func TestSessionNeedsConsent(t *testing.T) {
	store := newFakeSessionStore()
	store.noConsent = true
	f := newTestSessionForm(t, store)
	if f.consentRow.Hidden || f.takeConsent.Hidden || !strings.Contains(f.consentLine.Text, "no signed consent to microneedling") {
		t.Fatalf("consent line %q (hidden %v), button hidden %v", f.consentLine.Text, f.consentRow.Hidden, f.takeConsent.Hidden)
	}
	f.notes.SetText("Even pinpoint bleeding")
	test.Tap(f.saveButton)
	if slices.Contains(store.calls, "LogSession") {
		t.Fatal("the session was sent to be saved without consent")
	}
	if text := sessionDialogText(f); !strings.Contains(text, "Consent needed before treatment") || !strings.Contains(text, "[Take consent now]") {
		t.Fatalf("dialog:\n%s", text)
	}
	tapSessionDialog(t, f, "Take consent now")
	if f.consentForm == nil {
		t.Fatal("no consent form opened")
	}
	cf := f.consentForm
	for _, c := range cf.checks {
		test.Tap(c)
	}
	sign(cf.patientPad)
	sign(cf.witnessPad)
	test.Tap(cf.saveButton)
	if f.consentForm != nil || !f.consent.OK() || !f.takeConsent.Hidden {
		t.Fatalf("after signing: form still open %v, consent %s", f.consentForm != nil, f.consent.Message())
	}
	if f.notes.Text != "Even pinpoint bleeding" {
		t.Errorf("notes = %q, want what was typed", f.notes.Text)
	}
	test.Tap(f.saveButton)
	if !slices.Contains(store.calls, "LogSession") || len(store.logged) != 1 {
		t.Errorf("calls %v, logged %d; want the session saved", store.calls, len(store.logged))
	}
}

func TestClinicalRecordShowsConsent(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	s := newTestScreen(t, store)
	s.list.Select(0)
	if got := s.banner.consent.Text; got != "Consent valid to 30 Sep 2027" {
		t.Errorf("banner consent = %q", got)
	}
	text := viewText(s.clinical) + buttonsText(s.clinical)
	for _, want := range []string{"Consent to microneedling signed on 1 October 2026", "Microneedling, form version 1: signed 01/10/2026", "[Withdraw…]", "[Print consent]"} {
		if !strings.Contains(text, want) {
			t.Errorf("clinical record lacks %q:\n%s", want, text)
		}
	}

	store.noConsent = true
	s.clinical.show(1)
	if got, want := s.banner.consent.Text, "Consent needed"; got != want || s.banner.consent.Importance != widget.WarningImportance {
		t.Errorf("banner consent = %q (%v), want %q in amber", got, s.banner.consent.Importance, want)
	}
	if text := viewText(s.clinical) + buttonsText(s.clinical); !strings.Contains(text, "No consent forms signed yet.") || !strings.Contains(text, "[Consent to microneedling…]") {
		t.Errorf("clinical record without consent:\n%s", text)
	}
}

func TestCheckInShowsConsent(t *testing.T) {
	for _, tt := range []struct {
		name      string
		noConsent bool
		want      []string
	}{
		{"Valid", false, []string{"Consent to microneedling signed on 1 October 2026, valid until 30 September 2027."}},
		{"Missing", true, []string{"no signed consent to microneedling", "Take consent before treatment"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeDayStore()
			store.screening = &data.Screening{PatientID: 1, ScreenedOn: testNow().AddDate(0, 0, -10)}
			store.noConsent = tt.noConsent
			s := newTestDayScreen(t, store)
			selectRow(s, 0)
			test.Tap(s.checkInButton)
			text := overlayText(s.win.Canvas())
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("the check-in dialog lacks %q:\n%s", want, text)
				}
			}
			if got := strings.Contains(text, "Nothing on file stops today's session."); got == tt.noConsent {
				t.Errorf("says nothing stops the session: %v, with consent missing: %v", got, tt.noConsent)
			}
		})
	}
}

func TestConsentFormsReworded(t *testing.T) {
	test.NewTempApp(t)
	store := &fakeConsents{}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	s := newConsentTemplatesScreen(w, store)
	s.worker.inline = true
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(900, 720))
	s.load()
	if !strings.Contains(s.body.Text, "keloid or other scarring") || !strings.Contains(s.versions.Text, "No version saved yet") {
		t.Fatalf("shows %q…, versions %q; want the shipped form", s.body.Text[:40], s.versions.Text)
	}
	if s.dirty() {
		t.Error("the form counts as changed before any typing")
	}

	s.title.SetText("")
	test.Tap(s.saveButton)
	if len(store.forms) != 0 || s.fieldErrors[data.FieldConsentTitle].Hidden {
		t.Fatalf("saved without a title: %d forms", len(store.forms))
	}
	s.title.SetText("Consent to microneedling at Zoë's Skin Clinic")
	s.confirmations.SetText("I am not pregnant.\n\n  I do not use a sunbed.  \n")
	test.Tap(s.saveButton)
	if len(store.forms) != 1 {
		t.Fatalf("saved %d versions, want 1", len(store.forms))
	}
	got := store.forms[0]
	if got.Version != 1 || !slices.Equal(got.Confirmations, []string{"I am not pregnant.", "I do not use a sunbed."}) {
		t.Errorf("saved %+v", got)
	}
	if !strings.Contains(s.status.Text, "Saved as version 1") || !strings.Contains(s.versions.Text, "Version 1, saved 28 Nov 2026") {
		t.Errorf("status %q, versions %q", s.status.Text, s.versions.Text)
	}

	s.kindChoice.SetSelected(data.ConsentPhotos.Label())
	if !strings.Contains(s.title.Text, "photographs") {
		t.Errorf("after choosing the photo form the title is %q", s.title.Text)
	}
}
