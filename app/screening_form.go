package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// ScreeningStore is what the screening form needs from the database. The
// tests give the form a fake one.
type ScreeningStore interface {
	LatestScreening(ctx context.Context, patientID int64) (*data.Screening, error)
	CreateScreening(ctx context.Context, sc *data.Screening) error
	ClinicRules(ctx context.Context) (data.ClinicRules, error)
}

// screeningAnswer is one yes/no question of the medical history and the
// screening field that holds its answer.
type screeningAnswer struct {
	question string
	answer   func(*data.Screening) *bool
}

// screeningHistory lists the yes/no questions in the words a practitioner
// asks them. Skin findings are about the area to be treated.
var screeningHistory = []screeningAnswer{
	{"Open wounds, cuts or broken skin in the area?", func(s *data.Screening) *bool { return &s.OpenWounds }},
	{"Skin infection in the area (bacterial, viral or fungal)?", func(s *data.Screening) *bool { return &s.ActiveInfection }},
	{"Active acne in the area?", func(s *data.Screening) *bool { return &s.ActiveAcne }},
	{"Psoriasis or eczema in the area?", func(s *data.Screening) *bool { return &s.PsoriasisOrEczema }},
	{"Ever had keloid (raised, overgrown) scars?", func(s *data.Screening) *bool { return &s.KeloidHistory }},
	{"Cold sores (herpes simplex)?", func(s *data.Screening) *bool { return &s.ColdSores }},
	{"Autoimmune condition (e.g. lupus, rheumatoid arthritis)?", func(s *data.Screening) *bool { return &s.AutoimmuneCondition }},
	{"Diabetes that is not under control?", func(s *data.Screening) *bool { return &s.UncontrolledDiabetes }},
	{"Weakened immune system (immunosuppressants, chemotherapy, high-dose steroids)?", func(s *data.Screening) *bool { return &s.Immunosuppressed }},
	{"Takes blood thinners (warfarin, heparin, daily aspirin)?", func(s *data.Screening) *bool { return &s.Anticoagulants }},
	{"Bleeding or clotting disorder?", func(s *data.Screening) *bool { return &s.BleedingDisorder }},
	{"Allergic to stainless steel or nickel?", func(s *data.Screening) *bool { return &s.MetalAllergy }},
	{"Allergic to numbing creams (lidocaine, benzocaine)?", func(s *data.Screening) *bool { return &s.NumbingAgentAllergy }},
}

// datedAnswer is a question whose rule depends on time: a tick, the date
// it is about, and for some an ongoing "still" box. The date entry is
// enabled only while the tick is on; its text is kept when unticked, so
// ticking again loses nothing.
type datedAnswer struct {
	field    string // data.Field* of the date
	what     string // the date's name in messages
	when     string // the label before the date entry
	optional bool   // the date may stay empty while ticked
	yes      *widget.Check
	still    *widget.Check // nil when the question has none
	date     *widget.Entry
}

// screeningForm is the medical questionnaire for one patient. It starts
// from the patient's latest screening, dated today, so a re-screening only
// changes what changed; saving records a new screening that supersedes it.
type screeningForm struct {
	win        fyne.Window
	store      ScreeningStore
	order      data.DateOrder
	now        func() time.Time
	patientID  int64
	recordedBy string
	onSaved    func()
	worker     worker

	rules   data.ClinicRules
	loading bool // the latest screening has not arrived yet
	filling bool // the form is being filled, not edited
	touched bool // the user changed something before the latest screening arrived

	previous      *widget.Label // which screening the form started from
	previewStatus *widget.Label
	previewBody   *widget.Label

	screenedOn, recordedByEntry *widget.Entry
	indications                 *widget.CheckGroup
	history                     []*widget.Check // one per screeningHistory

	pregnant, isotretinoin, radiation, retinoid, botulinum, filler *datedAnswer

	notes      *widget.Entry
	formError  *widget.Label // problems that belong to no single input
	saveButton *widget.Button

	fieldErrors fieldMessages
	inputs      map[string]fyne.Focusable
	fields      []string // inputs that can take focus, in the order they appear

	// scroll holds the questions; content is scroll above the form's
	// message and the Save button.
	scroll  *container.Scroll
	content fyne.CanvasObject
}

func newScreeningForm(win fyne.Window, store ScreeningStore, order data.DateOrder, now func() time.Time, patientID int64, recordedBy string, onSaved func()) *screeningForm {
	f := &screeningForm{win: win, store: store, order: order, now: now, patientID: patientID,
		recordedBy: recordedBy, onSaved: onSaved, rules: data.DefaultClinicRules(),
		fieldErrors: fieldMessages{}, inputs: map[string]fyne.Focusable{}}

	f.previous = widget.NewLabel("")
	f.previous.Wrapping = fyne.TextWrapWord
	f.previewStatus = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.previewStatus.SizeName = theme.SizeNameSubHeadingText
	f.previewBody = widget.NewLabel("")
	f.previewBody.Wrapping = fyne.TextWrapWord

	f.screenedOn = widget.NewEntry()
	f.screenedOn.SetPlaceHolder(order.Hint())
	f.screenedOn.OnChanged = func(string) { f.changed() }
	f.recordedByEntry = widget.NewEntry()
	f.recordedByEntry.SetPlaceHolder("Your name")
	f.recordedByEntry.OnChanged = func(string) { f.changed() }

	var options []string
	for _, i := range data.Indications {
		options = append(options, i.Label())
	}
	f.indications = widget.NewCheckGroup(options, func([]string) { f.changed() })

	for _, q := range screeningHistory {
		f.history = append(f.history, widget.NewCheck(q.question, func(bool) { f.changed() }))
	}

	f.pregnant = f.dated(data.FieldPregnancyDueDate, "Pregnant?", "Due date", "Expected due date", "", true)
	f.isotretinoin = f.dated(data.FieldLastIsotretinoinDose, "Isotretinoin tablets (Roaccutane) at any time?", "Last dose", "Last isotretinoin dose", "Still taking", false)
	f.radiation = f.dated(data.FieldLastRadiationTherapy, "Radiation therapy?", "Last treatment", "Last radiation therapy", "", false)
	f.retinoid = f.dated(data.FieldLastTopicalRetinoid, "Retinoid cream (tretinoin, retinol) on the area?", "Last used", "Last use of a topical retinoid", "Uses regularly", false)
	f.botulinum = f.dated(data.FieldLastBotulinumToxin, "Botulinum toxin (Botox) in the area?", "Last injection", "Last botulinum toxin injection", "", false)
	f.filler = f.dated(data.FieldLastFillerOrSurgery, "Fillers or surgery in the area?", "When", "Last filler or surgery", "", false)

	f.notes = widget.NewMultiLineEntry()
	f.notes.Wrapping = fyne.TextWrapWord
	f.notes.SetMinRowsVisible(3)
	f.notes.SetPlaceHolder("Anything else the practitioner should know")
	f.notes.OnChanged = func(string) { f.changed() }

	f.formError = widget.NewLabel("")
	f.formError.Importance = widget.DangerImportance
	f.formError.Wrapping = fyne.TextWrapWord
	f.formError.Hide()
	f.saveButton = widget.NewButtonWithIcon("Save screening", theme.DocumentSaveIcon(), f.onSave)
	f.saveButton.Importance = widget.HighImportance

	f.content = f.layout()
	f.fill(nil)
	return f
}

// dated builds one dated question and registers its date's error line.
func (f *screeningForm) dated(field, question, when, what, still string, optional bool) *datedAnswer {
	d := &datedAnswer{field: field, what: what, when: when, optional: optional}
	d.date = widget.NewEntry()
	d.date.SetPlaceHolder(f.order.Hint())
	d.date.OnChanged = func(string) { f.changed() }
	d.date.Disable()
	if still != "" {
		d.still = widget.NewCheck(still, func(bool) { f.changed() })
		d.still.Disable()
	}
	d.yes = widget.NewCheck(question, func(on bool) {
		d.enable(on)
		f.changed()
	})
	return d
}

// enable turns the date (and the "still" box) on or off with the tick.
func (d *datedAnswer) enable(on bool) {
	ws := []fyne.Disableable{d.date}
	if d.still != nil {
		ws = append(ws, d.still)
	}
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

// errorLine returns an input with its (hidden) error message beneath.
func (f *screeningForm) errorLine(field string, input fyne.CanvasObject) fyne.CanvasObject {
	msg := f.fieldErrors.line(field)
	if in, ok := input.(fyne.Focusable); ok {
		f.fields = append(f.fields, field)
		f.inputs[field] = in
	}
	return container.NewVBox(input, msg)
}

func (f *screeningForm) layout() fyne.CanvasObject {
	heading := func(title string) fyne.CanvasObject {
		return container.NewVBox(widget.NewSeparator(),
			widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	preview := container.NewVBox(
		widget.NewLabelWithStyle("Check for a session today", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
		f.previewStatus, f.previewBody, f.previous)

	top := container.New(layout.NewFormLayout(),
		widget.NewLabel("Screening date *"), f.errorLine(data.FieldScreenedOn, f.screenedOn),
		widget.NewLabel("Recorded by *"), f.errorLine(data.FieldScreeningRecordedBy, f.recordedByEntry),
	)

	history := container.NewVBox()
	for _, c := range f.history {
		history.Add(c)
	}

	dated := container.New(layout.NewFormLayout())
	for _, d := range []*datedAnswer{f.pregnant, f.isotretinoin, f.radiation, f.retinoid, f.botulinum, f.filler} {
		var right fyne.CanvasObject
		if d.still != nil {
			right = d.still
		}
		row := container.NewBorder(nil, nil, widget.NewLabel(d.when), right, d.date)
		dated.Add(d.yes)
		dated.Add(f.errorLine(d.field, row))
		f.inputs[d.field] = d.date
	}

	// The questions scroll under the Save button and the form's message,
	// which stay in sight: the form is taller than its window.
	f.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(
		preview,
		heading("Screening"), top,
		heading("Concerns (all that apply)"), f.errorLine(data.FieldIndications, f.indications),
		heading("Medical history"), history,
		heading("Medicines, treatments and pregnancy (with the date)"), dated,
		heading("Notes"), f.errorLine(data.FieldScreeningNotes, f.notes),
	)))
	buttons := container.NewHBox(layout.NewSpacer(), f.saveButton)
	return container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), f.formError, buttons), nil, nil,
		wheelAnywhere(f.scroll))
}

// start loads the latest screening and the clinic's rules off the UI
// goroutine and fills the form from them.
func (f *screeningForm) start() {
	f.loading = true
	f.saveButton.Disable()
	f.previous.SetText("Loading the last screening…")
	type loaded struct {
		latest *data.Screening
		rules  data.ClinicRules
	}
	background(&f.worker, func() (loaded, error) {
		ctx := context.Background()
		var l loaded
		var err error
		if l.rules, err = f.store.ClinicRules(ctx); err != nil {
			return l, err
		}
		l.latest, err = f.store.LatestScreening(ctx, f.patientID)
		return l, err
	}, func(l loaded, err error) {
		f.loading = false
		f.saveButton.Enable()
		if err != nil {
			f.previous.SetText("The last screening could not be loaded; the form starts empty.")
			showError(err, f.win)
			f.preview()
			return
		}
		f.rules = l.rules
		if !f.touched {
			f.fill(l.latest)
			return
		}
		f.preview()
	})
}

// fill shows s (nil for none) with today's date as the screening date.
func (f *screeningForm) fill(s *data.Screening) {
	f.filling = true
	defer func() { f.filling = false }()
	if s == nil {
		f.previous.SetText("No earlier screening on file.")
		s = &data.Screening{}
	} else {
		by := ""
		if s.RecordedBy != "" {
			by = " by " + s.RecordedBy
		}
		f.previous.SetText("Starting from the screening of " + f.order.Format(s.ScreenedOn) + by +
			". Change only what has changed; the earlier screening stays on file.")
	}
	f.screenedOn.SetText(f.order.Format(data.DateOf(f.now())))
	f.recordedByEntry.SetText(f.recordedBy)
	var picked []string
	for _, i := range s.Indications {
		picked = append(picked, i.Label())
	}
	f.indications.SetSelected(picked)
	for i, q := range screeningHistory {
		f.history[i].SetChecked(*q.answer(s))
	}
	f.setDated(f.pregnant, s.Pregnant, s.PregnancyDueDate, false)
	f.setDated(f.isotretinoin, s.TakingIsotretinoin || !s.LastIsotretinoinDose.IsZero(), s.LastIsotretinoinDose, s.TakingIsotretinoin)
	f.setDated(f.radiation, !s.LastRadiationTherapy.IsZero(), s.LastRadiationTherapy, false)
	f.setDated(f.retinoid, s.UsesTopicalRetinoid || !s.LastTopicalRetinoid.IsZero(), s.LastTopicalRetinoid, s.UsesTopicalRetinoid)
	f.setDated(f.botulinum, !s.LastBotulinumToxin.IsZero(), s.LastBotulinumToxin, false)
	f.setDated(f.filler, !s.LastFillerOrSurgery.IsZero(), s.LastFillerOrSurgery, false)
	f.notes.SetText(s.Notes)
	f.showErrors(nil, "")
	f.filling = false
	f.preview()
}

func (f *screeningForm) setDated(d *datedAnswer, yes bool, date time.Time, still bool) {
	d.yes.SetChecked(yes)
	d.enable(yes)
	d.date.SetText(f.order.Format(date))
	if d.still != nil {
		d.still.SetChecked(still)
	}
}

func (f *screeningForm) changed() {
	if f.filling {
		return
	}
	if f.loading {
		f.touched = true
	}
	f.preview()
}

// screening reads the form into a new screening, with a message for each
// date that cannot be read.
func (f *screeningForm) screening() (data.Screening, []data.FieldError) {
	s := data.Screening{PatientID: f.patientID, RecordedBy: strings.TrimSpace(f.recordedByEntry.Text),
		Notes: strings.TrimSpace(f.notes.Text)}
	var problems []data.FieldError
	var err error
	if s.ScreenedOn, err = data.ParseDate(f.screenedOn.Text, f.order); err != nil {
		problems = append(problems, data.FieldError{Field: data.FieldScreenedOn, Message: "Screening date: " + err.Error() + "."})
	}
	for _, i := range data.Indications {
		for _, picked := range f.indications.Selected {
			if picked == i.Label() {
				s.Indications = append(s.Indications, i)
			}
		}
	}
	for i, q := range screeningHistory {
		*q.answer(&s) = f.history[i].Checked
	}
	date := func(d *datedAnswer) time.Time {
		if !d.yes.Checked {
			return time.Time{}
		}
		t, err := data.ParseDate(d.date.Text, f.order)
		switch {
		case err != nil:
			problems = append(problems, data.FieldError{Field: d.field, Message: d.what + ": " + err.Error() + "."})
		case t.IsZero() && !d.optional && (d.still == nil || !d.still.Checked):
			problems = append(problems, data.FieldError{Field: d.field, Message: d.what +
				": please enter the date (an estimate will do), or untick the question."})
		}
		return t
	}
	still := func(d *datedAnswer) bool { return d.yes.Checked && d.still.Checked }
	s.Pregnant = f.pregnant.yes.Checked
	s.PregnancyDueDate = date(f.pregnant)
	s.LastIsotretinoinDose = date(f.isotretinoin)
	s.TakingIsotretinoin = still(f.isotretinoin)
	s.LastRadiationTherapy = date(f.radiation)
	s.LastTopicalRetinoid = date(f.retinoid)
	s.UsesTopicalRetinoid = still(f.retinoid)
	s.LastBotulinumToxin = date(f.botulinum)
	s.LastFillerOrSurgery = date(f.filler)
	return s, problems
}

// preview shows what the check says for a session today if the form were
// saved as it stands.
func (f *screeningForm) preview() {
	s, problems := f.screening()
	if s.ScreenedOn.IsZero() {
		s.ScreenedOn = data.DateOf(f.now())
	}
	r := data.Check(&s, f.now(), f.rules)
	f.previewStatus.SetText("Today: " + r.Status.Label())
	f.previewStatus.Importance = map[data.CheckStatus]widget.Importance{
		data.CheckClear: widget.SuccessImportance, data.CheckCaution: widget.WarningImportance,
		data.CheckContraindicated: widget.DangerImportance,
	}[r.Status]
	f.previewStatus.Refresh()
	var lines []string
	for _, reason := range r.Reasons {
		lines = append(lines, "• "+reason.Message)
	}
	if len(r.Reasons) == 0 {
		lines = append(lines, "Nothing in these answers stops a session today.")
	}
	if len(problems) > 0 {
		lines = append(lines, "(Dates that cannot be read yet are left out of this check.)")
	}
	f.previewBody.SetText(strings.Join(lines, "\n"))
}

// onSave validates the form and records it as the patient's new screening.
// A refused save keeps everything typed.
func (f *screeningForm) onSave() {
	s, problems := f.screening()
	if len(problems) == 0 {
		problems = screeningProblems(s.Validate(f.now()))
	}
	if len(problems) > 0 {
		f.showErrors(problems, "Please correct the items marked in red.")
		return
	}
	f.showErrors(nil, "")
	f.saveButton.Disable()
	background(&f.worker, func() (data.Screening, error) {
		err := f.store.CreateScreening(context.Background(), &s)
		return s, err
	}, func(_ data.Screening, err error) {
		f.saveButton.Enable()
		if err != nil {
			if p := screeningProblems(err); len(p) > 0 {
				f.showErrors(p, "Please correct the items marked in red.")
				return
			}
			showError(err, f.win)
			return
		}
		if f.onSaved != nil {
			f.onSaved()
		}
		f.win.Close()
	})
}

// screeningProblems returns the per-field messages of a validation error.
func screeningProblems(err error) []data.FieldError {
	if e, ok := err.(*data.Error); ok {
		return e.Fields
	}
	return nil
}

// showErrors puts each message under its input, and a summary (with any
// message that has no input) above the Save button. It focuses the topmost
// input with a problem.
func (f *screeningForm) showErrors(problems []data.FieldError, summary string) {
	var loose []string
	for _, p := range f.fieldErrors.show(problems) {
		loose = append(loose, p.Message)
	}
	text := strings.Join(append([]string{summary}, loose...), "\n")
	if len(problems) == 0 {
		text = ""
	}
	f.formError.SetText(strings.TrimSpace(text))
	f.formError.Hidden = f.formError.Text == ""
	f.formError.Refresh()
	if field, ok := f.fieldErrors.first(f.fields); ok {
		f.win.Canvas().Focus(f.inputs[field])
	}
}

// showScreeningWindow opens a new screening for a patient in its own
// window, recorded by the name given unless the user changes it, and calls
// onSaved after it is recorded.
func showScreeningWindow(a fyne.App, store ScreeningStore, order data.DateOrder, now func() time.Time, patientName string, patientID int64, recordedBy string, onSaved func()) {
	win := newAppWindow(a, "Screening — "+patientName)
	f := newScreeningForm(win, store, order, now, patientID, recordedBy, onSaved)
	win.SetContent(f.content)
	saveMenu(win, "Screening", f.saveButton)
	showFitted(win, fyne.NewSize(820, 700))
	f.start()
}
