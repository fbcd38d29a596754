package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// RulesStore is what the contraindication rules settings need from the
// database.
type RulesStore interface {
	ClinicRules(ctx context.Context) (data.ClinicRules, error)
	SaveClinicRules(ctx context.Context, r data.ClinicRules) error
}

// clinicRuleField is one setting of data.ClinicRules on the screen.
type clinicRuleField struct {
	key   string // the data.Field* name
	label string
	unit  string
	value func(r *data.ClinicRules) *int
}

// clinicRuleFields lists the settings in the order the screen shows them.
var clinicRuleFields = []clinicRuleField{
	{data.FieldIsotretinoinWaitMonths, "Wait after the last isotretinoin dose", "months",
		func(r *data.ClinicRules) *int { return &r.IsotretinoinWaitMonths }},
	{data.FieldTopicalRetinoidWaitDays, "Wait after the last use of a topical retinoid", "days",
		func(r *data.ClinicRules) *int { return &r.TopicalRetinoidWaitDays }},
	{data.FieldBotulinumToxinWaitMonths, "Wait after botulinum toxin in the area", "months",
		func(r *data.ClinicRules) *int { return &r.BotulinumToxinWaitMonths }},
	{data.FieldFillerOrSurgeryWaitMonths, "Wait after fillers or surgery in the area", "months",
		func(r *data.ClinicRules) *int { return &r.FillerOrSurgeryWaitMonths }},
	{data.FieldRadiationWaitMonths, "Wait after the last radiation therapy", "months",
		func(r *data.ClinicRules) *int { return &r.RadiationWaitMonths }},
	{data.FieldPostpartumWaitWeeks, "Wait after the birth, from the due date", "weeks",
		func(r *data.ClinicRules) *int { return &r.PostpartumWaitWeeks }},
	{data.FieldScreeningValidMonths, "Screening must be re-confirmed after", "months",
		func(r *data.ClinicRules) *int { return &r.ScreeningValidMonths }},
	{data.FieldConsentValidMonths, "Consent to treatment must be signed again after", "months",
		func(r *data.ClinicRules) *int { return &r.ConsentValidMonths }},
}

// rulesScreen edits the clinic's waits for the contraindication check.
type rulesScreen struct {
	settingsForm
	store RulesStore

	// entries and fieldErrors are keyed by the data.Field* names.
	entries     map[string]*widget.Entry
	hints       map[string]*widget.Label
	fieldErrors fieldMessages

	defaultsButton *widget.Button

	content fyne.CanvasObject
}

func newRulesScreen(win fyne.Window, store RulesStore) *rulesScreen {
	s := &rulesScreen{settingsForm: settingsForm{win: win}, store: store,
		entries:     map[string]*widget.Entry{},
		hints:       map[string]*widget.Label{},
		fieldErrors: fieldMessages{},
	}

	intro := widget.NewLabel("These waits decide when the contraindication check asks the patient to wait, " +
		"how long a screening holds before it must be re-confirmed, and how long a signed consent allows " +
		"treatment. A change applies to every check from now on; past sessions keep the result recorded at the time.")
	intro.Wrapping = fyne.TextWrapWord

	defaults := data.DefaultClinicRules()
	var cells []fyne.CanvasObject
	for _, f := range clinicRuleFields {
		e := widget.NewEntry()
		e.SetPlaceHolder(fmt.Sprintf("Default %d", *f.value(&defaults)))
		e.OnSubmitted = func(string) { s.onSave() }
		hint := widget.NewLabel(fmt.Sprintf("Default %d", *f.value(&defaults)))
		hint.Importance = widget.LowImportance
		msg := widget.NewLabel("")
		msg.Importance = widget.DangerImportance
		msg.Wrapping = fyne.TextWrapWord
		msg.Hide()
		s.entries[f.key], s.hints[f.key], s.fieldErrors[f.key] = e, hint, msg

		label := widget.NewLabel(fmt.Sprintf("%s (%s)", f.label, f.unit))
		input := container.NewGridWithColumns(2, e, hint)
		cells = append(cells, label, container.NewVBox(input, msg))
	}
	grid := container.New(layout.NewFormLayout(), cells...)

	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.status.Hide()

	s.defaultsButton = widget.NewButtonWithIcon("Restore defaults", theme.HistoryIcon(), s.onRestoreDefaults)
	s.saveButton = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.onSave)
	s.saveButton.Importance = widget.HighImportance

	bottom := container.NewVBox(widget.NewSeparator(), s.status,
		container.NewHBox(s.defaultsButton, layout.NewSpacer(), s.saveButton))
	s.content = container.NewBorder(nil, bottom, nil, nil,
		wheelAnywhere(container.NewVScroll(container.NewPadded(container.NewVBox(intro, grid)))))
	return s
}

// showRulesWindow opens the contraindication rules in a window of their
// own.
func showRulesWindow(a fyne.App, store RulesStore) {
	w := newAppWindow(a, "Contraindication rules")
	s := newRulesScreen(w, store)
	w.SetContent(s.content)
	saveMenu(w, "Contraindication rules", s.saveButton)
	showFitted(w, fyne.NewSize(640, 580))
	s.load()
	w.Canvas().Focus(s.entries[clinicRuleFields[0].key])
}

// load fills the form with the clinic's current rules.
func (s *rulesScreen) load() {
	loadSettings(&s.settingsForm, s.store.ClinicRules, data.DefaultClinicRules(), s.fill, "rules")
}

// fill shows r in the form.
func (s *rulesScreen) fill(r data.ClinicRules) {
	for _, f := range clinicRuleFields {
		s.entries[f.key].SetText(strconv.Itoa(*f.value(&r)))
	}
	s.fieldErrors.show(nil)
}

// rules reads the form. Each entry that is not a whole number gives a
// problem instead.
func (s *rulesScreen) rules() (data.ClinicRules, []data.FieldError) {
	var r data.ClinicRules
	var problems []data.FieldError
	defaults := data.DefaultClinicRules()
	for _, f := range clinicRuleFields {
		text := strings.TrimSpace(s.entries[f.key].Text)
		n, err := strconv.Atoi(text)
		if err != nil {
			msg := fmt.Sprintf("Type a whole number of %s, such as %d.", f.unit, *f.value(&defaults))
			if text == "" {
				msg = fmt.Sprintf("Type the number of %s; 0 means no wait.", f.unit)
				if f.key == data.FieldScreeningValidMonths || f.key == data.FieldConsentValidMonths {
					msg = fmt.Sprintf("Type the number of %s.", f.unit)
				}
			}
			problems = append(problems, data.FieldError{Field: f.key, Message: msg})
			continue
		}
		*f.value(&r) = n
	}
	return r, problems
}

// focusFirstProblem puts the cursor in the first entry with a message.
func (s *rulesScreen) focusFirstProblem() {
	for _, f := range clinicRuleFields {
		if !s.fieldErrors[f.key].Hidden {
			s.win.Canvas().Focus(s.entries[f.key])
			return
		}
	}
}

// onRestoreDefaults fills in the defaults; they apply once saved.
func (s *rulesScreen) onRestoreDefaults() {
	s.fill(data.DefaultClinicRules())
	s.setStatus("The defaults are filled in. Press Save to use them.")
}

// onSave checks the form and stores the rules. A refused save leaves
// everything typed in place.
func (s *rulesScreen) onSave() {
	r, problems := s.rules()
	if len(problems) == 0 {
		if err := r.Validate(); err != nil {
			if problems = fieldProblems(err); len(problems) == 0 {
				showError(err, s.win)
				return
			}
		}
	}
	if len(problems) > 0 {
		s.fieldErrors.show(problems)
		s.setStatus("Nothing was saved. Correct the settings marked in red.")
		s.focusFirstProblem()
		return
	}
	s.fieldErrors.show(nil)
	s.saveButton.Disable()
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.store.SaveClinicRules(context.Background(), r)
	}, func(_ struct{}, err error) {
		s.saveButton.Enable()
		if err != nil {
			problems := fieldProblems(err)
			s.fieldErrors.show(problems)
			s.setStatus("Nothing was saved.")
			if len(problems) > 0 {
				s.focusFirstProblem()
				return
			}
			showError(err, s.win)
			return
		}
		s.fill(r)
		s.setStatus("Saved. Every contraindication check from now on uses these rules.")
	})
}
