package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// ConsultationStore is what the consultation form needs from the database.
type ConsultationStore interface {
	Staff(ctx context.Context, activeOnly bool) ([]data.StaffMember, error)
	CreateConsultation(ctx context.Context, c *data.Consultation) error
	UpdateConsultation(ctx context.Context, c *data.Consultation) error
	SignConsultation(ctx context.Context, id, version, practitionerID int64) error
}

// consultationForm writes a draft consultation and signs it. A signed
// consultation never comes here: it gets addenda instead.
type consultationForm struct {
	win     fyne.Window
	store   ConsultationStore
	order   data.DateOrder
	now     func() time.Time
	worker  worker
	onSaved func()

	loaded     data.Consultation
	clinicians []data.StaffMember

	consultedOn     *widget.Entry
	practitioner    *widget.Select
	concerns        *checkGrid
	goals           *widget.Entry
	skinType        *widget.Select
	skinCondition   *widget.Entry
	areas           *checkGrid
	plannedSessions *widget.Entry
	intervalWeeks   *widget.Entry
	depthMin        *widget.Entry
	depthMax        *widget.Entry
	notes           *widget.Entry
	saveButton      *widget.Button
	signButton      *widget.Button

	fieldErrors fieldMessages
	content     fyne.CanvasObject
}

// showConsultationWindow opens the form in its own window, for a new
// consultation when c.ID is 0 or to continue a draft.
func showConsultationWindow(a fyne.App, store ConsultationStore, order data.DateOrder, now func() time.Time, patientName string, c data.Consultation, onSaved func()) {
	w := newAppWindow(a, "Consultation — "+patientName)
	f := newConsultationForm(w, store, order, now, c, onSaved)
	content, closed := watchRecord("consultation", func() int64 { return f.loaded.ID }, f.content)
	w.SetContent(content)
	w.SetOnClosed(closed)
	saveMenu(w, "Consultation", f.saveButton)
	showFitted(w, fyne.NewSize(860, 700))
	f.load()
}

func newConsultationForm(win fyne.Window, store ConsultationStore, order data.DateOrder, now func() time.Time, c data.Consultation, onSaved func()) *consultationForm {
	f := &consultationForm{win: win, store: store, order: order, now: now, onSaved: onSaved, loaded: c, fieldErrors: fieldMessages{}}
	if c.ConsultedOn.IsZero() {
		c.ConsultedOn = data.DateOf(now())
	}
	if c.ID == 0 && c.PlannedSessions == 0 {
		c.PlannedSessions, c.IntervalWeeks = data.DefaultPlannedSessions, data.DefaultIntervalWeeks
	}
	entry := func(text, placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		e.SetPlaceHolder(placeholder)
		return e
	}
	lines := func(text string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.SetText(text)
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		return e
	}
	number := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	depth := func(d data.Depth) string {
		if d == 0 {
			return ""
		}
		return strings.TrimSuffix(d.String(), " mm")
	}
	f.consultedOn = entry(order.Format(c.ConsultedOn), order.Hint())
	f.practitioner = widget.NewSelect(nil, nil)
	f.practitioner.PlaceHolder = "Choose the practitioner"
	f.concerns = newCheckGrid(labels(data.Indications, data.Indication.Label), 2)
	f.concerns.SetSelected(labels(c.Concerns, data.Indication.Label))
	f.goals = lines(c.Goals)
	f.skinType = widget.NewSelect(labels([]data.SkinType{0, 1, 2, 3, 4, 5, 6}, data.SkinType.Label), nil)
	f.skinType.SetSelectedIndex(int(c.SkinType))
	f.skinCondition = lines(c.SkinCondition)
	f.areas = newCheckGrid(labels(data.Areas, data.Area.Label), 3)
	f.areas.SetSelected(labels(c.Areas, data.Area.Label))
	f.plannedSessions = entry(number(c.PlannedSessions), "e.g. 3")
	f.intervalWeeks = entry(number(c.IntervalWeeks), "e.g. 4")
	f.depthMin = entry(depth(c.DepthMin), "from, e.g. 0.5")
	f.depthMax = entry(depth(c.DepthMax), "to, e.g. 1.5")
	f.notes = lines(c.Notes)

	f.saveButton = widget.NewButton("Save draft", f.onSave)
	f.saveButton.Importance = widget.HighImportance
	f.signButton = widget.NewButton("Save and sign…", f.onSign)

	row := func(field, label string, input fyne.CanvasObject) []fyne.CanvasObject {
		msg := f.fieldErrors.line(field)
		return []fyne.CanvasObject{widget.NewLabel(label), container.NewVBox(input, msg)}
	}
	grid := container.New(layout.NewFormLayout(), slices.Concat(
		row(data.FieldConsultedOn, "Date *", f.consultedOn),
		row(data.FieldPractitioner, "Practitioner *", f.practitioner),
		row(data.FieldConcerns, "Concerns", f.concerns.content),
		row(data.FieldGoals, "Goals", f.goals),
		row(data.FieldSkinType, "Skin type", f.skinType),
		row(data.FieldSkinCondition, "Assessment", f.skinCondition),
		row(data.FieldAreas, "Areas to treat", f.areas.content),
		row(data.FieldPlannedSessions, "Sessions planned", f.plannedSessions),
		row(data.FieldIntervalWeeks, "Weeks between", f.intervalWeeks),
		row(data.FieldDepthRange, "Depth (mm)", container.NewGridWithColumns(2, f.depthMin, f.depthMax)),
		row(data.FieldNotes, "Notes", f.notes),
	)...)
	hint := widget.NewLabel("A signed consultation is locked; later corrections are added as addenda.")
	hint.Importance = widget.LowImportance
	buttons := container.NewHBox(f.saveButton, f.signButton, layout.NewSpacer(), widget.NewButton("Close", win.Close))
	f.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), hint, buttons), nil, nil,
		wheelAnywhere(container.NewVScroll(container.NewPadded(grid))))
	return f
}

// load fills the practitioner list from the staff directory.
func (f *consultationForm) load() {
	background(&f.worker, func() ([]data.StaffMember, error) {
		return f.store.Staff(context.Background(), true)
	}, func(staff []data.StaffMember, err error) {
		if err != nil {
			showError(err, f.win)
			return
		}
		f.clinicians = nil
		var names []string
		for _, m := range staff {
			if m.Role == data.RolePractitioner {
				f.clinicians = append(f.clinicians, m)
				names = append(names, m.Name)
			}
		}
		f.practitioner.SetOptions(names)
		for i, m := range f.clinicians {
			if m.ID == f.loaded.PractitionerID {
				f.practitioner.SetSelectedIndex(i)
			}
		}
	})
}

// consultation reads the inputs; problems are unreadable numbers or dates.
func (f *consultationForm) consultation() (data.Consultation, []data.FieldError) {
	c := f.loaded
	var problems []data.FieldError
	var err error
	if c.ConsultedOn, err = data.ParseDate(f.consultedOn.Text, f.order); err != nil {
		problems = append(problems, data.FieldError{Field: data.FieldConsultedOn, Message: "Date: " + err.Error() + "."})
	}
	c.PractitionerID = 0
	if i := f.practitioner.SelectedIndex(); i >= 0 && i < len(f.clinicians) {
		c.PractitionerID = f.clinicians[i].ID
	}
	c.Concerns = selectedValues(data.Indications, data.Indication.Label, f.concerns.Selected())
	c.Areas = selectedValues(data.Areas, data.Area.Label, f.areas.Selected())
	c.Goals, c.SkinCondition, c.Notes = strings.TrimSpace(f.goals.Text), strings.TrimSpace(f.skinCondition.Text), strings.TrimSpace(f.notes.Text)
	c.SkinType = data.SkinType(max(f.skinType.SelectedIndex(), 0))
	for _, n := range []struct {
		field, label string
		text         string
		into         *int
	}{
		{data.FieldPlannedSessions, "Sessions planned", f.plannedSessions.Text, &c.PlannedSessions},
		{data.FieldIntervalWeeks, "Weeks between", f.intervalWeeks.Text, &c.IntervalWeeks},
	} {
		t := strings.TrimSpace(n.text)
		*n.into = 0
		if t == "" {
			continue
		}
		if *n.into, err = strconv.Atoi(t); err != nil {
			problems = append(problems, data.FieldError{Field: n.field, Message: n.label + ": type a whole number."})
		}
	}
	c.DepthMin, c.DepthMax = 0, 0
	for _, d := range []struct {
		text string
		into *data.Depth
	}{{f.depthMin.Text, &c.DepthMin}, {f.depthMax.Text, &c.DepthMax}} {
		if strings.TrimSpace(d.text) == "" {
			continue
		}
		if *d.into, err = data.ParseDepth(d.text); err != nil {
			problems = append(problems, data.FieldError{Field: data.FieldDepthRange, Message: "Depth: " + err.Error() + "."})
		}
	}
	return c, problems
}

// selectedValues maps the labels ticked in a CheckGroup back to values.
func selectedValues[T any](values []T, label func(T) string, selected []string) []T {
	var out []T
	for _, v := range values {
		if slices.Contains(selected, label(v)) {
			out = append(out, v)
		}
	}
	return out
}

func (f *consultationForm) onSave() { f.save(nil) }

// save validates and stores the draft, then runs next with the stored
// consultation.
func (f *consultationForm) save(next func(data.Consultation)) {
	c, problems := f.consultation()
	if err := c.Validate(f.now()); err != nil {
		problems = append(problems, fieldProblems(err)...)
	}
	f.fieldErrors.show(problems)
	if len(problems) > 0 {
		return
	}
	background(&f.worker, func() (data.Consultation, error) {
		var err error
		if c.ID == 0 {
			err = f.store.CreateConsultation(context.Background(), &c)
		} else {
			err = f.store.UpdateConsultation(context.Background(), &c)
		}
		return c, err
	}, func(saved data.Consultation, err error) {
		if err != nil {
			f.fieldErrors.show(fieldProblems(err))
			showError(err, f.win)
			return
		}
		f.loaded = saved
		if f.onSaved != nil {
			f.onSaved()
		}
		if next != nil {
			next(saved)
			return
		}
		f.win.Close()
	})
}

// onSign saves the draft, then asks the practitioner to confirm signing:
// after that the note is locked.
func (f *consultationForm) onSign() {
	f.save(func(c data.Consultation) {
		name := f.practitioner.Selected
		d := dialog.NewConfirm("Sign consultation",
			"Sign this consultation as "+name+"? After signing it cannot be changed; corrections become addenda.",
			func(ok bool) {
				if !ok {
					return
				}
				background(&f.worker, func() (struct{}, error) {
					return struct{}{}, f.store.SignConsultation(context.Background(), c.ID, c.Version, c.PractitionerID)
				}, func(_ struct{}, err error) {
					if err != nil {
						showError(err, f.win)
						return
					}
					if f.onSaved != nil {
						f.onSaved()
					}
					f.win.Close()
				})
			}, f.win)
		d.SetConfirmText("Sign")
		d.Show()
	})
}
