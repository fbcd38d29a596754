package app

import (
	"context"
	"fmt"
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

// AppointmentStore is what booking or moving an appointment needs.
type AppointmentStore interface {
	Staff(ctx context.Context, activeOnly bool) ([]data.StaffMember, error)
	Search(ctx context.Context, query string, order data.DateOrder) ([]data.PatientSummary, error)
	PatientSeries(ctx context.Context, patientID int64) ([]data.TreatmentSeries, error)
	DiarySettings(ctx context.Context) (data.DiarySettings, error)
	BookingWarnings(ctx context.Context, a data.Appointment) ([]string, error)
	Book(ctx context.Context, a *data.Appointment) error
	UpdateAppointment(ctx context.Context, a *data.Appointment) error
	SlotStore
}

// appointmentChoices is what the form offers, read before it opens.
type appointmentChoices struct {
	clinicians []data.StaffMember
	series     []data.TreatmentSeries // the patient's active series
	diary      data.DiarySettings
}

// appointmentForm books a new appointment for a patient or moves an
// existing one. Kind, patient and series are fixed once booked. Booked
// from the diary, with no patient yet, the form first finds and chooses
// the patient.
type appointmentForm struct {
	win    fyne.Window
	store  AppointmentStore
	order  data.DateOrder
	now    func() time.Time
	saved  func(data.Appointment)
	worker *worker

	loaded  data.Appointment
	choices appointmentChoices

	// patientQuery and patientChoice find and choose the patient; nil
	// when the caller gave one. found holds what patientChoice lists.
	patientQuery  *widget.Entry
	patientChoice *widget.Select
	found         []data.PatientSummary

	kind         *widget.Select
	practitioner *widget.Select
	series       *widget.Select
	seriesRow    []fyne.CanvasObject // label and input of the series
	room         *widget.Entry
	slots        *slotPicker
	date         *widget.Entry
	clock        *widget.Entry
	length       *widget.Entry
	lengthHint   *widget.Label
	notes        *widget.Entry
	fieldErrors  fieldMessages
	saveButton   *widget.Button
	dialog       *dialog.CustomDialog

	// lengthEdited is set once the desk types a length, so a change of
	// kind no longer replaces it; settingLength marks changes by code.
	lengthEdited, settingLength bool
}

// showAppointmentForm opens the booking form over win: for a new
// appointment when a.ID is 0 (the caller may preset the patient, kind,
// start and practitioner; with no patient the form asks for one), or to
// move a booked or checked-in one. saved runs with what was stored.
func showAppointmentForm(win fyne.Window, store AppointmentStore, a data.Appointment, order data.DateOrder, now func() time.Time, saved func(data.Appointment)) {
	openAppointmentForm(&worker{}, win, store, a, order, now, saved)
}

// openAppointmentForm is showAppointmentForm with the caller's worker, so a
// screen under test runs the form's database work inline too.
func openAppointmentForm(w *worker, win fyne.Window, store AppointmentStore, a data.Appointment, order data.DateOrder, now func() time.Time, saved func(data.Appointment)) *appointmentForm {
	f := &appointmentForm{win: win, store: store, order: order, now: now, saved: saved, worker: w, loaded: a,
		fieldErrors: fieldMessages{}}
	background(w, func() (appointmentChoices, error) {
		return loadAppointmentChoices(context.Background(), store, a)
	}, func(c appointmentChoices, err error) {
		if err != nil {
			showError(err, win)
			return
		}
		f.choices = c
		f.build()
		f.dialog.Show()
		if f.patientQuery != nil {
			win.Canvas().Focus(f.patientQuery)
		} else {
			win.Canvas().Focus(f.date)
		}
	})
	return f
}

// loadAppointmentChoices reads what the form for a offers. Only
// practitioners are offered, as in the diary's columns and "Book next
// session…"; an appointment moved keeps the one it was booked with.
func loadAppointmentChoices(ctx context.Context, store AppointmentStore, a data.Appointment) (appointmentChoices, error) {
	var c appointmentChoices
	staff, err := store.Staff(ctx, true)
	if err != nil {
		return c, err
	}
	for _, m := range staff {
		if m.Role == data.RolePractitioner || (a.ID != 0 && m.ID == a.PractitionerID) {
			c.clinicians = append(c.clinicians, m)
		}
	}
	if c.series, err = activeSeries(ctx, store, a.PatientID); err != nil {
		return c, err
	}
	c.diary, err = store.DiarySettings(ctx)
	return c, err
}

// activeSeries returns the patient's series still running, or none when
// no patient is chosen yet.
func activeSeries(ctx context.Context, store AppointmentStore, patientID int64) ([]data.TreatmentSeries, error) {
	if patientID == 0 {
		return nil, nil
	}
	series, err := store.PatientSeries(ctx, patientID)
	if err != nil {
		return nil, err
	}
	var active []data.TreatmentSeries
	for _, ts := range series {
		if ts.Status == data.SeriesActive {
			active = append(active, ts)
		}
	}
	return active, nil
}

// seriesLabel names a series in the form's list.
func (f *appointmentForm) seriesLabel(ts data.TreatmentSeries) string {
	areas := labels(ts.Areas, data.Area.Label)
	return fmt.Sprintf("Started %s · %s · %s planned", f.order.Format(ts.StartedOn),
		strings.Join(areas, ", "), plural(ts.PlannedSessions, "session"))
}

// build makes the form's widgets and the dialog that holds them.
func (f *appointmentForm) build() {
	a := f.loaded
	if a.Kind == "" {
		a.Kind = data.KindConsultation
	}
	f.kind = widget.NewSelect(labels(data.AppointmentKinds, data.AppointmentKind.Label), func(string) { f.onKind() })
	f.practitioner = widget.NewSelect(labels(f.choices.clinicians, func(m data.StaffMember) string { return m.Name }), f.onPractitioner)
	f.practitioner.PlaceHolder = "Choose the practitioner"
	f.series = widget.NewSelect(labels(f.choices.series, f.seriesLabel), nil)
	f.series.PlaceHolder = "Choose the series"
	f.room = widget.NewEntry()
	f.room.SetPlaceHolder("Optional, e.g. Room 1")
	f.room.OnChanged = func(string) { f.slots.show() }
	f.slots = newSlotPicker(f.win, f.worker, f.store, f.order, f.choices.diary, f.now, a.Start, f.draft)
	f.date, f.clock = f.slots.date, f.slots.clock
	f.length = widget.NewEntry()
	f.length.OnChanged = func(string) {
		if !f.settingLength {
			f.lengthEdited = true
		}
		f.slots.show()
	}
	f.lengthHint = widget.NewLabel("")
	f.lengthHint.Importance = widget.LowImportance
	f.notes = widget.NewMultiLineEntry()
	f.notes.Wrapping = fyne.TextWrapWord
	f.notes.SetMinRowsVisible(2)

	f.fill(a)
	row := func(field, label string, input fyne.CanvasObject) []fyne.CanvasObject {
		return []fyne.CanvasObject{widget.NewLabel(label), container.NewVBox(input, f.fieldErrors.line(field))}
	}
	// The form layout leaves out a row whose label and input are hidden.
	f.seriesRow = row(data.FieldAppointmentSeries, "Series", f.series)
	var rows []fyne.CanvasObject
	if a.ID == 0 && a.PatientID == 0 {
		rows = row(data.FieldAppointmentPerson, "Patient", f.patientPicker())
	}
	for _, r := range [][]fyne.CanvasObject{
		row(data.FieldAppointmentKind, "Appointment for", f.kind),
		f.seriesRow,
		row(data.FieldAppointmentStaff, "Practitioner", f.practitioner),
		// One date input: its format is its placeholder, and the line
		// under it asks for it when the date cannot be read.
		{widget.NewLabel("Date"), f.slots.dateRow},
		{layout.NewSpacer(), f.slots.timesBox},
		row(data.FieldAppointmentStart, "Time", container.NewGridWithColumns(3, f.clock)),
		row(data.FieldAppointmentLength, "Length (minutes)", container.NewGridWithColumns(2, f.length, f.lengthHint)),
		row(data.FieldAppointmentRoom, "Room", f.room),
		row(data.FieldAppointmentNotes, "Notes", f.notes),
	} {
		rows = append(rows, r...)
	}
	grid := container.New(layout.NewFormLayout(), rows...)
	f.showSeries()

	title := "New appointment"
	if a.ID != 0 {
		title = "Move appointment"
	}
	if a.PatientName != "" {
		title += " · " + a.PatientName
	}
	f.saveButton = widget.NewButton("Book", f.onSave)
	if a.ID != 0 {
		f.saveButton.SetText("Save changes")
	}
	f.saveButton.Importance = widget.HighImportance
	content, closed := watchRecord("appointment", func() int64 { return f.loaded.ID }, grid)
	f.dialog = dialog.NewCustomWithoutButtons(title, content, f.win)
	f.dialog.SetOnClosed(closed)
	f.dialog.SetButtons([]fyne.CanvasObject{widget.NewButton("Cancel", f.dialog.Hide), f.saveButton})
	f.dialog.Resize(fyne.NewSize(620, 0))
	f.slots.reload()
}

// fill shows a in the form, but for its start, which the slot picker
// shows; with no practitioner, the only clinician or none.
func (f *appointmentForm) fill(a data.Appointment) {
	for i, k := range data.AppointmentKinds {
		if k == a.Kind {
			f.kind.SetSelectedIndex(i)
		}
	}
	for i, m := range f.choices.clinicians {
		if m.ID == a.PractitionerID || (a.PractitionerID == 0 && len(f.choices.clinicians) == 1) {
			f.practitioner.SetSelectedIndex(i)
		}
	}
	for i, ts := range f.choices.series {
		if ts.ID == a.SeriesID || (a.SeriesID == 0 && len(f.choices.series) == 1) {
			f.series.SetSelectedIndex(i)
		}
	}
	if a.DurationMinutes != 0 {
		f.setLength(a.DurationMinutes)
		f.lengthEdited = true
	}
	f.room.SetText(a.Room)
	f.notes.SetText(a.Notes)
	if a.ID != 0 {
		// Kind, patient and series stay as booked; a different kind is a
		// new appointment.
		f.kind.Disable()
		f.series.Disable()
	}
}

// onPractitioner lists the free times of the practitioner chosen.
func (f *appointmentForm) onPractitioner(string) {
	if f.slots != nil {
		f.slots.reload()
	}
}

// draft is the appointment the slot picker looks for free times for: the
// one loaded with the practitioner, length and room of the form, or false
// while no practitioner is chosen. A length that cannot be read counts as
// the kind's usual one.
func (f *appointmentForm) draft() (data.Appointment, string, bool) {
	i := f.practitioner.SelectedIndex()
	if i < 0 {
		return data.Appointment{}, "", false
	}
	a := f.loaded
	a.PractitionerID, a.Room = f.choices.clinicians[i].ID, f.room.Text
	n, err := strconv.Atoi(strings.TrimSpace(f.length.Text))
	if err != nil || n < data.MinAppointmentMinutes {
		n = f.choices.diary.DefaultMinutes(f.chosenKind())
	}
	a.DurationMinutes = n
	return a, f.choices.clinicians[i].Name, true
}

// setSeries offers series in the series list, the only one chosen.
func (f *appointmentForm) setSeries(series []data.TreatmentSeries) {
	f.choices.series = series
	f.series.ClearSelected()
	f.series.SetOptions(labels(series, f.seriesLabel))
	if len(series) == 1 {
		f.series.SetSelectedIndex(0)
	}
}

func (f *appointmentForm) setLength(minutes int) {
	f.settingLength = true
	f.length.SetText(strconv.Itoa(minutes))
	f.settingLength = false
}

// chosenKind returns the kind selected, or "" when none is.
func (f *appointmentForm) chosenKind() data.AppointmentKind {
	if i := f.kind.SelectedIndex(); i >= 0 {
		return data.AppointmentKinds[i]
	}
	return ""
}

// onKind proposes the clinic's usual length for the kind, unless the desk
// has typed one, and shows the series for a treatment.
func (f *appointmentForm) onKind() {
	k := f.chosenKind()
	if f.length == nil || k == "" {
		return
	}
	usual := f.choices.diary.DefaultMinutes(k)
	f.lengthHint.SetText(fmt.Sprintf("usual for a %s: %d", strings.ToLower(k.Label()), usual))
	if !f.lengthEdited {
		f.setLength(usual)
	}
	f.showSeries()
}

func (f *appointmentForm) showSeries() {
	if f.seriesRow == nil {
		return
	}
	for _, o := range f.seriesRow {
		if f.chosenKind() == data.KindTreatment {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// appointment reads the form into an appointment, with a problem for each
// input that cannot be read.
func (f *appointmentForm) appointment() (data.Appointment, []data.FieldError) {
	a := f.loaded
	var problems []data.FieldError
	if a.ID == 0 {
		a.Kind, a.SeriesID = f.chosenKind(), 0
		if i := f.series.SelectedIndex(); i >= 0 && a.Kind == data.KindTreatment {
			a.SeriesID = f.choices.series[i].ID
		}
		a.Status = data.StatusBooked
	}
	a.PractitionerID = 0
	if i := f.practitioner.SelectedIndex(); i >= 0 {
		a.PractitionerID, a.PractitionerName = f.choices.clinicians[i].ID, f.choices.clinicians[i].Name
	}
	day, err := data.ParseDate(f.date.Text, f.order)
	minutes, clockErr := data.ParseClock(f.clock.Text)
	switch {
	case err != nil || day.IsZero():
		problems = append(problems, data.FieldError{Field: data.FieldAppointmentStart, Message: "Type the date as " + f.order.Hint() + "."})
	case clockErr != nil || minutes >= 24*60:
		problems = append(problems, data.FieldError{Field: data.FieldAppointmentStart, Message: "Type the time as HH:MM, e.g. 14:30."})
	default:
		a.Start = time.Date(day.Year(), day.Month(), day.Day(), 0, minutes, 0, 0, time.Local)
	}
	n, err := strconv.Atoi(strings.TrimSpace(f.length.Text))
	if err != nil {
		problems = append(problems, data.FieldError{Field: data.FieldAppointmentLength, Message: "Type the length in whole minutes, e.g. 30."})
	}
	a.DurationMinutes, a.Room, a.Notes = n, f.room.Text, f.notes.Text
	unread := map[string]bool{}
	for _, p := range problems {
		unread[p.Field] = true
	}
	for _, p := range fieldProblems(a.Validate()) {
		if !unread[p.Field] {
			problems = append(problems, p)
		}
	}
	return a, problems
}

// onSave checks the form, asks once about everything the desk should
// know (contraindications on the day, outside opening hours), then books
// or moves the appointment.
func (f *appointmentForm) onSave() {
	a, problems := f.appointment()
	if len(problems) > 0 {
		f.showProblems(&data.Error{Code: data.EINVALID, Message: problems[0].Message, Fields: problems})
		return
	}
	f.fieldErrors.show(nil)
	f.saveButton.Disable()
	background(f.worker, func() ([]string, error) {
		return f.store.BookingWarnings(context.Background(), a)
	}, func(warnings []string, err error) {
		f.saveButton.Enable()
		if err != nil {
			showError(err, f.win)
			return
		}
		if outside := f.choices.diary.OutsideHours(a); outside != "" {
			warnings = append([]string{outside}, warnings...)
		}
		if len(warnings) == 0 {
			f.save(a)
			return
		}
		verb := "Book anyway"
		if a.ID != 0 {
			verb = "Move anyway"
		}
		d := dialog.NewConfirm("Please confirm", strings.Join(warnings, "\n\n")+"\n\n"+verb+"?", func(ok bool) {
			if ok {
				f.save(a)
			}
		}, f.win)
		d.SetConfirmText(verb)
		d.SetConfirmImportance(widget.WarningImportance)
		d.Show()
	})
}

// save stores a; a refused save keeps the form open with what was typed.
func (f *appointmentForm) save(a data.Appointment) {
	f.saveButton.Disable()
	background(f.worker, func() (data.Appointment, error) {
		var err error
		if a.ID == 0 {
			err = f.store.Book(context.Background(), &a)
		} else {
			err = f.store.UpdateAppointment(context.Background(), &a)
		}
		return a, err
	}, func(saved data.Appointment, err error) {
		f.saveButton.Enable()
		if err != nil {
			f.showProblems(err)
			return
		}
		f.dialog.Hide()
		if f.saved != nil {
			f.saved(saved)
		}
	})
}

// showProblems puts each problem of err under its field; an error that
// belongs to no field, such as a clash with another appointment, is shown
// in a dialog of its own.
func (f *appointmentForm) showProblems(err error) {
	problems := fieldProblems(err)
	if loose := f.fieldErrors.show(problems); len(problems) == 0 || len(loose) > 0 {
		showError(err, f.win)
	}
}
