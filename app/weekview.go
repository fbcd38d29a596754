package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// weekScreen is the diary for one week, Monday to Sunday, a column a day
// on the same time grid as the day, so the desk sees at a glance where
// there is room. A tap selects an appointment, a double tap opens its day
// with it selected, a day's heading opens that day, a tap on an empty
// slot books there, and a drag moves an appointment to another day or
// time.
type weekScreen struct {
	win   fyne.Window
	store DayStore
	now   func() time.Time
	// openDay shows a day, with the appointment of that ID selected
	// (0 for none).
	openDay func(day time.Time, appointmentID int64)
	// book opens the booking form on a new appointment; move opens it to
	// move an appointment, as dragged.
	book func(a data.Appointment)
	move func(a data.Appointment)

	// monday is local midnight of the Monday of the week shown.
	monday time.Time
	// loaded is the week as read; appointments are those of the
	// practitioner chosen, or all.
	loaded       dayLoad
	appointments []data.Appointment
	selected     int64
	// scrolledTo is the Monday of the week last scrolled to its start.
	scrolledTo time.Time

	prevButton     *widget.Button
	nextButton     *widget.Button
	thisWeekButton *widget.Button
	heading        *widget.Label
	summary        *widget.Label
	dayButtons     [7]*widget.Button
	practitioner   *widget.Select
	// practitioners are those practitioner offers, in its order after
	// "All practitioners".
	practitioners []dayColumn
	grid          *diaryGrid
	worker        worker

	header  fyne.CanvasObject
	content fyne.CanvasObject
}

func newWeekScreen(win fyne.Window, store DayStore, now func() time.Time, openDay func(time.Time, int64), book, move func(data.Appointment)) *weekScreen {
	s := &weekScreen{win: win, store: store, now: now, openDay: openDay, book: book, move: move, monday: mondayOf(now()),
		loaded: dayLoad{diary: data.DefaultDiarySettings()}}
	s.prevButton = widget.NewButtonWithIcon("Previous week", theme.NavigateBackIcon(), func() { s.showWeek(s.monday.AddDate(0, 0, -7)) })
	s.nextButton = widget.NewButtonWithIcon("Next week", theme.NavigateNextIcon(), func() { s.showWeek(s.monday.AddDate(0, 0, 7)) })
	s.nextButton.IconPlacement = widget.ButtonIconTrailingText
	s.thisWeekButton = widget.NewButton("This week", func() { s.showWeek(s.now()) })
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.header = container.NewBorder(nil, nil, container.NewHBox(s.prevButton, s.nextButton, s.thisWeekButton), nil, s.heading)

	s.grid = newDiaryGrid(func() time.Time { return s.now() }, 110)
	s.grid.onSelect = s.onSelect
	s.grid.onOpen = func(id int64) {
		for _, a := range s.appointments {
			if a.ID == id {
				s.openDay(startOfDay(a.Start), id)
			}
		}
	}
	s.grid.onSlot = func(_ int, start time.Time) { s.book(data.Appointment{Start: start, PractitionerID: s.chosen()}) }
	s.grid.onDrop = func(a data.Appointment, _ int, start time.Time) {
		a.Start = start
		s.move(a)
	}
	headings := container.New(&columnsLayout{minColumn: 110})
	for i := range s.dayButtons {
		s.dayButtons[i] = widget.NewButton("", func() { s.openDay(s.monday.AddDate(0, 0, i), 0) })
		headings.Add(s.dayButtons[i])
	}
	s.practitioner = widget.NewSelect([]string{allPractitioners}, func(string) { s.layOut() })
	s.practitioner.SetSelectedIndex(0)
	choice := container.NewGridWrap(fyne.NewSize(220, s.practitioner.MinSize().Height), s.practitioner)
	top := container.NewBorder(nil, nil, choice, newStatusLegend(), s.summary)
	s.content = container.NewBorder(top, nil, nil, nil, gridFrame(s.grid, headings))
	return s
}

// allPractitioners is the choice of the whole clinic's week.
const allPractitioners = "All practitioners"

// chosen is the ID of the practitioner whose week is shown, 0 for all.
func (s *weekScreen) chosen() int64 {
	if i := s.practitioner.SelectedIndex() - 1; i >= 0 && i < len(s.practitioners) {
		return s.practitioners[i].practitionerID
	}
	return 0
}

// onSelect says which appointment is selected and how to open it.
func (s *weekScreen) onSelect(id int64) {
	s.selected = id
	for _, a := range s.appointments {
		if a.ID == id {
			s.summary.SetText(a.Start.Format("Mon 2 Jan ") + a.TimeRange() + ": " + a.PatientName + ", " + a.What() + " with " +
				a.PractitionerName + " (" + a.Status.Label() + "). Double-click or press Enter to open it in its day.")
		}
	}
}

// weekWho is the first line of an appointment in the week, e.g.
// "09:00 Zoë Kowalski".
func weekWho(a data.Appointment) string {
	return a.Start.Format("15:04") + " " + a.PatientName
}

// weekWhat is the second line, e.g. "Treatment 2/3 · Dr Okafor".
func weekWhat(a data.Appointment) string {
	what := a.Kind.Label()
	if a.Kind == data.KindTreatment && a.SessionNumber > 0 {
		what = "Treatment " + strconv.Itoa(a.SessionNumber) + "/" + strconv.Itoa(a.PlannedSessions)
	}
	return what + " · " + shortStaffName(a.PractitionerName)
}

// shortStaffName is how the desk names a colleague in a narrow column:
// "Dr Okafor" for "Dr Amara Okafor", "Marta K." for "Marta Kowalska".
func shortStaffName(name string) string {
	words := strings.Fields(name)
	if len(words) < 2 {
		return name
	}
	last := words[len(words)-1]
	switch strings.ToLower(strings.TrimSuffix(words[0], ".")) {
	case "dr", "prof", "mr", "mrs", "ms", "miss", "mx":
		return words[0] + " " + last
	}
	r, _ := utf8.DecodeRuneInString(last)
	return words[0] + " " + string(r) + "."
}

// mondayOf is local midnight of the Monday of t's week.
func mondayOf(t time.Time) time.Time {
	d := startOfDay(t)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// weekHeading writes a week the way the header shows it, e.g.
// "30 November – 6 December 2026".
func weekHeading(monday time.Time) string {
	sunday := monday.AddDate(0, 0, 6)
	switch {
	case monday.Year() != sunday.Year():
		return monday.Format("2 January 2006") + " – " + sunday.Format("2 January 2006")
	case monday.Month() != sunday.Month():
		return monday.Format("2 January") + " – " + sunday.Format("2 January 2006")
	}
	return monday.Format("2") + " – " + sunday.Format("2 January 2006")
}

// showWeek moves to the week of day and loads it.
func (s *weekScreen) showWeek(day time.Time) {
	s.monday = mondayOf(day)
	s.load()
}

// load reads the week shown off the UI goroutine.
func (s *weekScreen) load() {
	from := s.monday
	to := from.AddDate(0, 0, 7)
	s.heading.SetText("Week of " + weekHeading(from))
	s.summary.SetText("Loading the week…")
	today := startOfDay(s.now())
	for i, b := range s.dayButtons {
		d := from.AddDate(0, 0, i)
		b.SetText(d.Format("Mon 2 Jan"))
		b.Importance = widget.MediumImportance
		if d.Equal(today) {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
	background(&s.worker, func() (dayLoad, error) {
		return loadDiary(context.Background(), s.store, from, to)
	}, func(l dayLoad, err error) {
		if !s.monday.Equal(from) {
			return // the user has moved on to another week
		}
		if err != nil {
			s.show(dayLoad{diary: s.loaded.diary})
			s.summary.SetText("The appointments did not load.")
			showError(err, s.win)
			return
		}
		s.show(l)
	})
}

// show puts a week's appointments in their days' columns and offers
// the practitioners among them, keeping the one chosen.
func (s *weekScreen) show(l dayLoad) {
	s.loaded = l
	chosen := s.practitioner.Selected
	s.practitioners = slices.DeleteFunc(dayColumnsFor(l.appointments, l.practitioners, false),
		func(c dayColumn) bool { return c.practitionerID == 0 })
	options := []string{allPractitioners}
	for _, c := range s.practitioners {
		options = append(options, c.title)
	}
	s.practitioner.OnChanged = nil
	s.practitioner.SetOptions(options)
	if !slices.Contains(options, chosen) {
		chosen = allPractitioners
	}
	s.practitioner.SetSelected(chosen)
	s.practitioner.OnChanged = func(string) { s.layOut() }
	s.layOut()
	if !s.scrolledTo.Equal(s.monday) {
		s.scrolledTo = s.monday
		s.grid.scrollToStart()
	}
}

// layOut puts the appointments of the practitioner chosen, or of all, in
// their days' columns.
func (s *weekScreen) layOut() {
	cols := make([]gridColumn, 7)
	for i := range cols {
		d := s.monday.AddDate(0, 0, i)
		cols[i] = gridColumn{day: d, hours: s.loaded.diary.Hours[d.Weekday()]}
	}
	who := s.chosen()
	s.appointments = nil
	var entries []gridEntry
	booked := 0
	for _, a := range s.loaded.appointments {
		i := int(startOfDay(a.Start).Sub(s.monday).Hours()+12) / 24
		if i < 0 || i >= 7 || (who != 0 && a.PractitionerID != who) {
			continue
		}
		s.appointments = append(s.appointments, a)
		entries = append(entries, gridEntry{a: a, col: i, lines: []string{weekWho(a), weekWhat(a), a.Status.Label()}})
		if a.Status.HoldsSlot() {
			booked++
		}
	}
	if !slices.ContainsFunc(s.appointments, func(a data.Appointment) bool { return a.ID == s.selected }) {
		s.selected = 0
	}
	s.grid.selected = s.selected
	s.grid.show(cols, entries)
	if booked == 0 {
		s.summary.SetText("No appointments this week. Choose a day to open it, or click a free time to book there.")
		return
	}
	s.summary.SetText(plural(booked, "appointment") + " this week. Double-click an appointment to open its day, or click a free time to book there.")
}
