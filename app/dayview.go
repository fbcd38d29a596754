package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// DayStore is what the reception day view needs from the database: the
// diary, the patients' names and phones, the screening and rules for the
// check at check-in, the session log for completing a treatment, the
// booking form for moving an appointment, and the clinic's details for the
// day sheet.
type DayStore interface {
	SessionStore
	AppointmentStore
	Appointments(ctx context.Context, from, to time.Time) ([]data.Appointment, error)
	SetStatus(ctx context.Context, id, version int64, status data.AppointmentStatus, reason string) error
	UndoStatus(ctx context.Context, id, version int64) error
	Patient(ctx context.Context, id int64) (data.Patient, error)
	ClinicDetails(ctx context.Context) (data.ClinicDetails, error)
	RecordPrinted(ctx context.Context, patientID int64, document string) error
	Actor() (data.Actor, bool)
}

// dayHeading writes a day the way the header shows it, e.g.
// "Saturday 28 November 2026".
func dayHeading(d time.Time) string { return d.Format("Monday 2 January 2006") }

// startOfDay is local midnight of the calendar day of t.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.Local().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

// dayScreen is the reception diary for one day: who is coming, when, to
// whom, and where each appointment stands.
type dayScreen struct {
	win   fyne.Window
	store DayStore
	order data.DateOrder
	now   func() time.Time

	// day is local midnight of the day shown.
	day time.Time

	prevButton  *widget.Button
	nextButton  *widget.Button
	todayButton *widget.Button
	heading     *widget.Label
	dateEntry   *widget.Entry
	goButton    *widget.Button
	summary     *widget.Label
	// grid is the day as a calendar, a column a practitioner, or a room
	// when the desk chooses rooms; columns are what each column is for,
	// headed by headings.
	grid      *diaryGrid
	headings  *fyne.Container
	columns   []dayColumn
	columnsBy *widget.RadioGroup
	// byRoom is set while the columns are rooms.
	byRoom bool
	legend *statusLegend
	// scrolledTo is the day the grid was last scrolled to its start.
	scrolledTo time.Time

	checkInButton *reasonButton
	noShowButton  *reasonButton
	undoButton    *reasonButton
	cancelButton  *reasonButton
	completeBtn   *reasonButton
	openButton    *reasonButton
	moveButton    *reasonButton
	// hint says why the button under the pointer is disabled.
	hint        *hintLine
	printButton *widget.Button
	newButton   *widget.Button
	// moveForm and newForm are the open booking form of a move or of a
	// new appointment, for tests.
	moveForm, newForm *appointmentForm

	// The Day / Week switch and the week, which opens a day when asked.
	dayMode, weekMode *widget.Button
	week              *weekScreen
	dayHeader         fyne.CanvasObject
	dayBody           fyne.CanvasObject

	// openPatient shows a patient's record; nil hides "Open patient".
	openPatient func(patientID int64)
	// openSessionLog opens the session log of a treatment appointment,
	// which logging the session completes, and calls saved each time the
	// session is saved.
	openSessionLog func(a data.Appointment, saved func())
	// sessionLog is the session log opened last, for tests.
	sessionLog *sessionForm

	appointments []data.Appointment
	// practitioners and diary are the active practitioners and the diary
	// settings read with the day.
	practitioners []data.StaffMember
	diary         data.DiarySettings
	// selected is the ID of the chosen appointment; 0 for none.
	selected int64
	worker   worker

	// The open cancel question, for tests.
	reasonEntry   *widget.Entry
	reasonProblem *widget.Label
	reasonConfirm *widget.Button

	content fyne.CanvasObject
}

func newDayScreen(win fyne.Window, store DayStore, order data.DateOrder, now func() time.Time) *dayScreen {
	if now == nil {
		now = time.Now
	}
	s := &dayScreen{win: win, store: store, order: order, now: now, day: startOfDay(now())}

	s.prevButton = widget.NewButtonWithIcon("Previous day", theme.NavigateBackIcon(), func() { s.showDay(s.day.AddDate(0, 0, -1)) })
	s.nextButton = widget.NewButtonWithIcon("Next day", theme.NavigateNextIcon(), func() { s.showDay(s.day.AddDate(0, 0, 1)) })
	s.nextButton.IconPlacement = widget.ButtonIconTrailingText
	s.todayButton = widget.NewButton("Today", func() { s.showDay(startOfDay(s.now())) })
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	// The summary below names the day in full too; cut short, the heading
	// leaves room for the buttons on a narrow or scaled screen.
	s.heading.Truncation = fyne.TextTruncateEllipsis
	s.dateEntry = widget.NewEntry()
	s.dateEntry.SetPlaceHolder(order.Hint())
	s.dateEntry.OnSubmitted = func(string) { s.onGo() }
	s.goButton = widget.NewButton("Go", s.onGo)

	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord

	s.grid = newDiaryGrid(func() time.Time { return s.now() }, 150)
	s.grid.onSelect = func(id int64) {
		s.selected = id
		s.updateButtons()
	}
	s.grid.onOpen = s.onOpen
	s.grid.onSlot = s.onSlot
	s.grid.onDrop = s.onDrop
	s.headings = container.New(&columnsLayout{minColumn: 150})
	s.columnsBy = widget.NewRadioGroup([]string{columnsByPractitioner, columnsByRoom}, func(string) { s.layOut() })
	s.columnsBy.Horizontal = true
	s.columnsBy.Required = true
	s.columnsBy.Selected = columnsByPractitioner
	s.columnsBy.Hide()
	s.legend = newStatusLegend()

	s.hint = newHintLine()
	s.checkInButton = newReasonButton("Check in", nil, s.onCheckIn, s.hint)
	s.noShowButton = newReasonButton("No-show", nil, s.onNoShow, s.hint)
	s.undoButton = newReasonButton("Undo check-in", nil, s.onUndo, s.hint)
	s.cancelButton = newReasonButton("Cancel…", nil, s.onCancel, s.hint)
	s.completeBtn = newReasonButton("Complete", nil, s.onComplete, s.hint)
	s.openButton = newReasonButton("Open patient", theme.AccountIcon(), func() {
		if a, ok := s.current(); ok && s.openPatient != nil {
			s.openPatient(a.PatientID)
		}
	}, s.hint)
	s.moveButton = newReasonButton("Move…", nil, s.onMove, s.hint)
	s.printButton = widget.NewButtonWithIcon("Print day sheet", theme.DocumentPrintIcon(), s.onPrint)
	s.newButton = widget.NewButtonWithIcon("New appointment…", theme.ContentAddIcon(), s.onNew)
	s.openSessionLog = func(a data.Appointment, saved func()) {
		s.sessionLog = showSessionWindow(fyne.CurrentApp(), s.store, s.order, s.now, a.PatientName, a.SeriesID, a.PatientID, saved)
		s.sessionLog.diary.appointmentID = a.ID
	}
	s.updateButtons()

	s.week = newWeekScreen(win, store, now, func(day time.Time, id int64) {
		s.selected = id
		s.setMode(false)
		s.showDay(day)
	}, s.book, s.moveTo)
	s.dayMode = widget.NewButton("Day", func() { s.setMode(false); s.load() })
	s.weekMode = widget.NewButton("Week", func() { s.setMode(true); s.week.showWeek(s.day) })

	// The date box needs no label: its placeholder shows a date's format.
	jump := container.NewHBox(container.NewGridWrap(fyne.NewSize(224, s.dateEntry.MinSize().Height), s.dateEntry), s.goButton)
	s.dayHeader = container.NewBorder(nil, nil,
		container.NewHBox(s.prevButton, s.nextButton, s.todayButton), jump, s.heading)
	bottom := container.NewVBox(s.hint.label, container.NewHBox(s.openButton, widget.NewSeparator(), s.checkInButton, s.noShowButton,
		s.undoButton, s.moveButton, s.cancelButton, s.completeBtn, layout.NewSpacer(), s.printButton))
	top := container.NewBorder(nil, nil, nil, container.NewHBox(s.columnsBy, s.legend), s.summary)
	s.dayBody = container.NewBorder(top, bottom, nil, nil, gridFrame(s.grid, s.headings))
	modes := container.NewHBox(s.dayMode, s.weekMode, s.newButton, widget.NewSeparator())
	header := container.NewBorder(nil, nil, modes, nil, container.NewStack(s.dayHeader, s.week.header))
	s.content = container.NewBorder(header, nil, nil, nil, container.NewStack(s.dayBody, s.week.content))
	s.setMode(false)
	return s
}

// setMode shows the week, or the day.
func (s *dayScreen) setMode(week bool) {
	s.dayMode.Importance, s.weekMode.Importance = widget.HighImportance, widget.MediumImportance
	if week {
		s.dayMode.Importance, s.weekMode.Importance = widget.MediumImportance, widget.HighImportance
	}
	takeFocus(s.win.Canvas()) // the date box may be about to hide
	for _, o := range []fyne.CanvasObject{s.dayHeader, s.dayBody, s.week.header, s.week.content} {
		o.Hide()
	}
	if week {
		s.week.header.Show()
		s.week.content.Show()
	} else {
		s.dayHeader.Show()
		s.dayBody.Show()
	}
	s.dayMode.Refresh()
	s.weekMode.Refresh()
}

// weekShown reports whether the week is on screen rather than the day.
func (s *dayScreen) weekShown() bool { return s.week.content.Visible() }

// reload reads again whichever of the day or the week is shown, for when
// the desk comes back to it.
func (s *dayScreen) reload() {
	if s.weekShown() {
		s.week.load()
		return
	}
	s.load()
}

// onGo shows the day typed in the date entry.
func (s *dayScreen) onGo() {
	d, err := data.ParseDate(s.dateEntry.Text, s.order)
	if err == nil && d.IsZero() {
		s.summary.SetText("Type a date first, as " + s.order.Hint() + ".")
		return
	}
	if err != nil {
		s.summary.SetText(err.Error() + ".")
		return
	}
	s.dateEntry.SetText("")
	s.showDay(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local))
}

// showDay moves to day and loads it.
func (s *dayScreen) showDay(day time.Time) {
	s.day = startOfDay(day)
	s.load()
}

// dayLoad is what one background load of a day brings back.
type dayLoad struct {
	appointments []data.Appointment
	// practitioners and diary are read by loadDiary only.
	practitioners []data.StaffMember
	diary         data.DiarySettings
}

// load reads the day shown, with patient and practitioner names, off the
// UI goroutine.
func (s *dayScreen) load() {
	from := s.day
	to := from.AddDate(0, 0, 1)
	s.heading.SetText(dayHeading(from))
	s.summary.SetText("Loading " + dayHeading(from) + "…")
	background(&s.worker, func() (dayLoad, error) {
		return loadDiary(context.Background(), s.store, from, to)
	}, func(l dayLoad, err error) {
		if !s.day.Equal(from) {
			return // the user has moved on to another day
		}
		if err != nil {
			s.show(dayLoad{diary: s.diary})
			s.summary.SetText("The appointments did not load.")
			showError(err, s.win)
			return
		}
		s.show(l)
	})
}

// loadDiary is loadDay with what the grid needs besides: the active
// practitioners, who each have a column, and the opening hours.
func loadDiary(ctx context.Context, store DayStore, from, to time.Time) (dayLoad, error) {
	l, err := loadDay(ctx, store, from, to)
	if err != nil {
		return l, err
	}
	staff, err := store.Staff(ctx, true)
	if err != nil {
		return l, err
	}
	for _, m := range staff {
		if m.Role == data.RolePractitioner {
			l.practitioners = append(l.practitioners, m)
		}
	}
	l.diary, err = store.DiarySettings(ctx)
	return l, err
}

// loadDay reads the appointments from from until to and fills in any
// patient or practitioner name the store left empty.
func loadDay(ctx context.Context, store DayStore, from, to time.Time) (dayLoad, error) {
	list, err := store.Appointments(ctx, from, to)
	if err != nil {
		return dayLoad{}, err
	}
	var staffNames map[int64]string
	patientNames := map[int64]string{}
	for i := range list {
		a := &list[i]
		if a.PractitionerName == "" {
			if staffNames == nil {
				staff, err := store.Staff(ctx, false)
				if err != nil {
					return dayLoad{}, err
				}
				staffNames = make(map[int64]string, len(staff))
				for _, m := range staff {
					staffNames[m.ID] = m.Name
				}
			}
			a.PractitionerName = staffNames[a.PractitionerID]
		}
		if a.PatientName == "" {
			name, ok := patientNames[a.PatientID]
			if !ok {
				p, err := store.Patient(ctx, a.PatientID)
				if err != nil {
					return dayLoad{}, err
				}
				name = p.FullName()
				patientNames[a.PatientID] = name
			}
			a.PatientName = name
		}
		if a.PatientName == "" {
			a.PatientName = "Patient #" + strconv.FormatInt(a.PatientID, 10)
		}
	}
	return dayLoad{appointments: list}, nil
}

// show puts a day's appointments in the grid, keeping the selection if
// the appointment is still there.
func (s *dayScreen) show(l dayLoad) {
	s.appointments, s.practitioners, s.diary = l.appointments, l.practitioners, l.diary
	if !slices.ContainsFunc(s.appointments, func(a data.Appointment) bool { return a.ID == s.selected }) {
		s.selected = 0
	}
	s.layOut()
	if !s.scrolledTo.Equal(s.day) {
		s.scrolledTo = s.day
		s.grid.scrollToStart()
	}
	if len(s.appointments) == 0 {
		s.summary.SetText("No appointments on " + dayHeading(s.day) + ".")
	} else {
		s.summary.SetText(plural(len(s.appointments), "appointment") + " on " + dayHeading(s.day) + ".")
	}
	s.updateButtons()
}

// current returns the selected appointment.
func (s *dayScreen) current() (data.Appointment, bool) {
	if s.selected == 0 {
		return data.Appointment{}, false
	}
	for _, a := range s.appointments {
		if a.ID == s.selected {
			return a, true
		}
	}
	return data.Appointment{}, false
}

// allowed reports whether the diary lets a move to status to; whyNot says
// why not.
func (s *dayScreen) allowed(a data.Appointment, to data.AppointmentStatus) bool {
	return s.whyNot(a, to) == ""
}

// updateButtons enables the moves the diary allows for the selection, and
// gives each of the others its reason.
func (s *dayScreen) updateButtons() {
	if s.printButton == nil {
		return // still being built: the print button is made last
	}
	a, ok := s.current()
	s.undoButton.SetText("Undo check-in")
	if ok && a.Status == data.StatusNoShow {
		s.undoButton.SetText("Undo no-show")
	}
	if !ok {
		for _, b := range []*reasonButton{s.checkInButton, s.noShowButton, s.undoButton, s.cancelButton, s.completeBtn, s.moveButton, s.openButton} {
			b.setEnabled(nothingChosen)
		}
		s.completeBtn.Show()
		s.showOpen()
		return
	}
	s.checkInButton.setEnabled(s.whyNot(a, data.StatusCheckedIn))
	s.noShowButton.setEnabled(s.whyNot(a, data.StatusNoShow))
	s.undoButton.setEnabled(whyNoUndo(a))
	s.cancelButton.setEnabled(s.whyNot(a, data.StatusCancelled))
	// A treatment is completed by logging its session: whoever may not
	// log one does not see the button for it.
	s.completeBtn.Hidden = a.Kind == data.KindTreatment && a.SeriesID != 0 && !can(s.store, data.PermSessions)
	s.completeBtn.setEnabled(s.whyNot(a, data.StatusCompleted))
	s.moveButton.setEnabled(whyNotMovable(a))
	s.openButton.setEnabled("")
	s.showOpen()
}

// showOpen hides Open patient where no record can be opened.
func (s *dayScreen) showOpen() {
	if s.openPatient == nil {
		s.openButton.setEnabled(noRecordHere)
		s.openButton.Hide()
	} else {
		s.openButton.Show()
	}
}

// movable reports whether a can still be moved: booked or checked in.
func movable(a data.Appointment) bool {
	return a.Status == data.StatusBooked || a.Status == data.StatusCheckedIn
}

// enable enables or disables b.
func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}
