package app

import (
	"context"
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

// weekScreen is the diary for one week, Monday to Sunday, a column a day,
// so the desk sees at a glance where there is room. Choosing a day or an
// appointment opens that day.
type weekScreen struct {
	win   fyne.Window
	store DayStore
	now   func() time.Time
	// openDay shows a day, with the appointment of that ID selected
	// (0 for none).
	openDay func(day time.Time, appointmentID int64)

	// monday is local midnight of the Monday of the week shown.
	monday time.Time
	days   [7][]data.Appointment

	prevButton     *widget.Button
	nextButton     *widget.Button
	thisWeekButton *widget.Button
	heading        *widget.Label
	summary        *widget.Label
	dayButtons     [7]*widget.Button
	lists          [7]*widget.List
	worker         worker

	header  fyne.CanvasObject
	content fyne.CanvasObject
}

func newWeekScreen(win fyne.Window, store DayStore, now func() time.Time, openDay func(time.Time, int64)) *weekScreen {
	s := &weekScreen{win: win, store: store, now: now, openDay: openDay, monday: mondayOf(now())}
	s.prevButton = widget.NewButton("◀ Previous week", func() { s.showWeek(s.monday.AddDate(0, 0, -7)) })
	s.nextButton = widget.NewButton("Next week ▶", func() { s.showWeek(s.monday.AddDate(0, 0, 7)) })
	s.thisWeekButton = widget.NewButton("This week", func() { s.showWeek(s.now()) })
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.summary = widget.NewLabel("")
	s.header = container.NewBorder(nil, nil, container.NewHBox(s.prevButton, s.nextButton, s.thisWeekButton), nil, s.heading)

	columns := container.NewGridWithColumns(7)
	for i := range s.days {
		s.dayButtons[i] = widget.NewButton("", func() { s.openDay(s.monday.AddDate(0, 0, i), 0) })
		s.lists[i] = s.dayList(i)
		columns.Add(container.NewBorder(s.dayButtons[i], nil, nil, nil, s.lists[i]))
	}
	s.content = container.NewBorder(s.summary, nil, nil, nil, columns)
	return s
}

// dayList lists the appointments of the i-th day of the week, two lines
// each: time and patient in the status's colour, then what and with whom.
func (s *weekScreen) dayList(i int) *widget.List {
	l := widget.NewList(
		func() int { return len(s.days[i]) },
		func() fyne.CanvasObject {
			who := &widget.TextSegment{Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}}}
			what := &widget.TextSegment{Style: widget.RichTextStyleParagraph}
			t := widget.NewRichText(who, what)
			t.Truncation = fyne.TextTruncateEllipsis
			return t
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.days[i]) {
				return
			}
			a := s.days[i][id]
			t := o.(*widget.RichText)
			who, what := t.Segments[0].(*widget.TextSegment), t.Segments[1].(*widget.TextSegment)
			who.Text, who.Style.ColorName = weekWho(a), statusColour(a.Status)
			what.Text = weekWhat(a)
			t.Refresh()
		},
	)
	l.OnSelected = func(id widget.ListItemID) {
		l.UnselectAll()
		if id < len(s.days[i]) {
			s.openDay(s.monday.AddDate(0, 0, i), s.days[i][id].ID)
		}
	}
	return l
}

// statusColour is statusImportance for text in a rich text.
func statusColour(st data.AppointmentStatus) fyne.ThemeColorName {
	switch statusImportance(st) {
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	case widget.LowImportance:
		return theme.ColorNameDisabled
	}
	return theme.ColorNameForeground
}

// weekWho is the first line of an appointment in the week, e.g.
// "09:00 Zoë Kowalski".
func weekWho(a data.Appointment) string {
	return a.Start.Format("15:04") + " " + a.PatientName
}

// weekWhat is the second line, e.g. "Treatment 2/3 · Dr Okafor";
// an appointment that no longer holds its slot says why.
func weekWhat(a data.Appointment) string {
	what := a.Kind.Label()
	if a.Kind == data.KindTreatment && a.SessionNumber > 0 {
		what = "Treatment " + strconv.Itoa(a.SessionNumber) + "/" + strconv.Itoa(a.PlannedSessions)
	}
	what += " · " + shortStaffName(a.PractitionerName)
	if a.Status == data.StatusCancelled || a.Status == data.StatusNoShow {
		what += " · " + a.Status.Label()
	}
	return what
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
		return loadDay(context.Background(), s.store, from, to)
	}, func(l dayLoad, err error) {
		if !s.monday.Equal(from) {
			return // the user has moved on to another week
		}
		if err != nil {
			s.show(nil)
			s.summary.SetText("The appointments did not load.")
			showError(err, s.win)
			return
		}
		s.show(l.appointments)
	})
}

// show sorts a week's appointments into their days.
func (s *weekScreen) show(list []data.Appointment) {
	s.days = [7][]data.Appointment{}
	booked := 0
	for _, a := range list {
		i := int(startOfDay(a.Start).Sub(s.monday).Hours()+12) / 24
		if i < 0 || i >= 7 {
			continue
		}
		s.days[i] = append(s.days[i], a)
		if a.Status != data.StatusCancelled && a.Status != data.StatusNoShow {
			booked++
		}
	}
	for _, l := range s.lists {
		l.Refresh()
	}
	if booked == 0 {
		s.summary.SetText("No appointments this week. Choose a day to open it.")
		return
	}
	s.summary.SetText(plural(booked, "appointment") + " this week. Choose a day or an appointment to open that day.")
}
