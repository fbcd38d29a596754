package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// DiaryStore is what the opening hours and appointment lengths settings
// need from the database.
type DiaryStore interface {
	DiarySettings(ctx context.Context) (data.DiarySettings, error)
	SaveDiarySettings(ctx context.Context, d data.DiarySettings) error
}

// weekDays lists the days as a clinic's week reads, Monday first.
var weekDays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// diaryLengthField is one appointment length on the screen.
type diaryLengthField struct {
	key   string // the data.Field* name
	kind  data.AppointmentKind
	value func(d *data.DiarySettings) *int
}

var diaryLengthFields = []diaryLengthField{
	{data.FieldConsultationMinutes, data.KindConsultation, func(d *data.DiarySettings) *int { return &d.ConsultationMinutes }},
	{data.FieldTreatmentMinutes, data.KindTreatment, func(d *data.DiarySettings) *int { return &d.TreatmentMinutes }},
	{data.FieldReviewMinutes, data.KindReview, func(d *data.DiarySettings) *int { return &d.ReviewMinutes }},
	{data.FieldOtherMinutes, data.KindOther, func(d *data.DiarySettings) *int { return &d.OtherMinutes }},
}

// dayInputs are the inputs of one day's opening hours.
type dayInputs struct {
	open          *widget.Check
	opens, closes *widget.Entry
}

// diaryScreen edits the clinic's opening hours, usual appointment lengths
// and how long overdue a patient stays on the list to call.
type diaryScreen struct {
	settingsForm
	store DiaryStore

	days        map[time.Weekday]dayInputs
	lengths     map[string]*widget.Entry // by data.Field* name
	fieldErrors fieldMessages
	// recallCutoff is how many months overdue a patient stays on the list
	// to call.
	recallCutoff *widget.Entry

	defaultsButton *widget.Button

	content fyne.CanvasObject
}

func newDiaryScreen(win fyne.Window, store DiaryStore) *diaryScreen {
	s := &diaryScreen{settingsForm: settingsForm{win: win}, store: store, days: map[time.Weekday]dayInputs{},
		lengths: map[string]*widget.Entry{}, fieldErrors: fieldMessages{}}

	intro := widget.NewLabel("Booking outside these hours, or on a closed day, asks for confirmation first; " +
		"proposed session times keep within them. The lengths are what a new appointment of each kind is " +
		"booked for unless the desk types another.")
	intro.Wrapping = fyne.TextWrapWord

	var hours []fyne.CanvasObject
	for _, day := range weekDays {
		in := dayInputs{opens: widget.NewEntry(), closes: widget.NewEntry()}
		in.opens.SetPlaceHolder("HH:MM")
		in.closes.SetPlaceHolder("HH:MM")
		in.open = widget.NewCheck("Open", func(open bool) { s.showOpen(in, open) })
		s.days[day] = in
		times := container.NewGridWithColumns(4, in.open, in.opens, widget.NewLabel("to"), in.closes)
		hours = append(hours, widget.NewLabel(day.String()),
			container.NewVBox(times, s.fieldErrors.line(data.FieldOpeningHours(day))))
	}
	var lengths []fyne.CanvasObject
	for _, f := range diaryLengthFields {
		e := widget.NewEntry()
		e.OnSubmitted = func(string) { s.onSave() }
		s.lengths[f.key] = e
		defaults := data.DefaultDiarySettings()
		hint := widget.NewLabel(fmt.Sprintf("minutes (default %d)", *f.value(&defaults)))
		hint.Importance = widget.LowImportance
		lengths = append(lengths, widget.NewLabel(f.kind.Label()),
			container.NewVBox(container.NewGridWithColumns(2, e, hint), s.fieldErrors.line(f.key)))
	}
	s.recallCutoff = widget.NewEntry()
	s.recallCutoff.OnSubmitted = func(string) { s.onSave() }
	cutoffHint := widget.NewLabel(fmt.Sprintf("months (default %d; 0 keeps everyone)", data.DefaultRecallCutoffMonths))
	cutoffHint.Importance = widget.LowImportance
	recall := []fyne.CanvasObject{widget.NewLabel("Leave patients off the list after"),
		container.NewVBox(container.NewGridWithColumns(2, s.recallCutoff, cutoffHint), s.fieldErrors.line(data.FieldRecallCutoffMonths))}
	recallIntro := widget.NewLabel("Patients overdue for longer than this drop off the list of patients to call; " +
		"the desk can still choose to see everyone.")
	recallIntro.Wrapping = fyne.TextWrapWord
	bold := func(text string) *widget.Label {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}

	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.status.Hide()
	s.defaultsButton = widget.NewButtonWithIcon("Restore defaults", theme.HistoryIcon(), s.onRestoreDefaults)
	s.saveButton = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.onSave)
	s.saveButton.Importance = widget.HighImportance

	bottom := container.NewVBox(widget.NewSeparator(), s.status,
		container.NewHBox(s.defaultsButton, layout.NewSpacer(), s.saveButton))
	s.content = container.NewBorder(nil, bottom, nil, nil, wheelAnywhere(container.NewVScroll(container.NewPadded(container.NewVBox(
		intro, bold("Opening hours"), container.New(layout.NewFormLayout(), hours...),
		bold("Usual length of an appointment"), container.New(layout.NewFormLayout(), lengths...),
		bold("Patients to call"), recallIntro, container.New(layout.NewFormLayout(), recall...))))))
	return s
}

// showDiaryWindow opens the opening hours and appointment lengths in a
// window of their own.
func showDiaryWindow(a fyne.App, store DiaryStore) {
	w := newAppWindow(a, "Opening hours and appointment lengths")
	s := newDiaryScreen(w, store)
	w.SetContent(s.content)
	saveMenu(w, "Opening hours", s.saveButton)
	showFitted(w, fyne.NewSize(640, 640))
	s.load()
}

// load fills the form with the clinic's current settings.
func (s *diaryScreen) load() {
	loadSettings(&s.settingsForm, s.store.DiarySettings, data.DefaultDiarySettings(), s.fill, "settings")
}

// fill shows d in the form. A closed day shows no times.
func (s *diaryScreen) fill(d data.DiarySettings) {
	for _, day := range weekDays {
		in, h := s.days[day], d.Hours[day]
		in.opens.SetText("")
		in.closes.SetText("")
		if h.Open {
			in.opens.SetText(data.Clock(h.Opens))
			in.closes.SetText(data.Clock(h.Closes))
		}
		in.open.SetChecked(h.Open)
		s.showOpen(in, h.Open)
	}
	for _, f := range diaryLengthFields {
		s.lengths[f.key].SetText(strconv.Itoa(*f.value(&d)))
	}
	s.recallCutoff.SetText(strconv.Itoa(d.RecallCutoffMonths))
	s.fieldErrors.show(nil)
}

// showOpen enables a day's times only while the day is open.
func (s *diaryScreen) showOpen(in dayInputs, open bool) {
	for _, e := range []*widget.Entry{in.opens, in.closes} {
		if open {
			e.Enable()
		} else {
			e.Disable()
		}
	}
}

// settings reads the form. Each time or length that cannot be read gives a
// problem instead.
func (s *diaryScreen) settings() (data.DiarySettings, []data.FieldError) {
	var d data.DiarySettings
	var problems []data.FieldError
	for _, day := range weekDays {
		in := s.days[day]
		if !in.open.Checked {
			continue
		}
		opens, errOpens := data.ParseClock(in.opens.Text)
		closes, errCloses := data.ParseClock(in.closes.Text)
		if errOpens != nil || errCloses != nil {
			problems = append(problems, data.FieldError{Field: data.FieldOpeningHours(day),
				Message: day.String() + ": type both times as HH:MM, e.g. 09:00 to 18:00, or untick Open."})
			continue
		}
		d.Hours[day] = data.OpeningHours{Open: true, Opens: opens, Closes: closes}
	}
	for _, f := range diaryLengthFields {
		n, err := strconv.Atoi(strings.TrimSpace(s.lengths[f.key].Text))
		if err != nil {
			problems = append(problems, data.FieldError{Field: f.key, Message: "Type a whole number of minutes, such as 30."})
			continue
		}
		*f.value(&d) = n
	}
	n, err := strconv.Atoi(strings.TrimSpace(s.recallCutoff.Text))
	if err != nil {
		problems = append(problems, data.FieldError{Field: data.FieldRecallCutoffMonths,
			Message: fmt.Sprintf("Type a whole number of months, such as %d; 0 keeps everyone on the list.", data.DefaultRecallCutoffMonths)})
	}
	d.RecallCutoffMonths = n
	return d, problems
}

// onRestoreDefaults fills in the defaults; they apply once saved.
func (s *diaryScreen) onRestoreDefaults() {
	s.fill(data.DefaultDiarySettings())
	s.setStatus("The defaults are filled in. Press Save to use them.")
}

// onSave checks the form and stores the settings. A refused save leaves
// everything typed in place.
func (s *diaryScreen) onSave() {
	d, problems := s.settings()
	if len(problems) == 0 {
		problems = fieldProblems(d.Validate())
	}
	if len(problems) > 0 {
		s.fieldErrors.show(problems)
		s.setStatus("Nothing was saved. Correct the settings marked in red.")
		return
	}
	s.fieldErrors.show(nil)
	s.saveButton.Disable()
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.store.SaveDiarySettings(context.Background(), d)
	}, func(_ struct{}, err error) {
		s.saveButton.Enable()
		if err != nil {
			if problems := fieldProblems(err); len(problems) > 0 {
				s.fieldErrors.show(problems)
				s.setStatus("Nothing was saved. Correct the settings marked in red.")
				return
			}
			s.setStatus("Nothing was saved.")
			showError(err, s.win)
			return
		}
		s.fill(d)
		s.setStatus("Saved. New bookings and proposed session times use these hours and lengths; the list of patients to call, this cut-off.")
	})
}
