package app

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// This file lays the day out as a calendar: a column for each practitioner
// on the day, or for each room when the desk asks and the day's
// appointments name rooms; and what a tap, a double tap, a tap on an
// empty slot and a drag do.

// The choices of what the day's columns are.
const (
	columnsByPractitioner = "Practitioners"
	columnsByRoom         = "Rooms"
)

// noRoom heads the column of appointments booked without a room.
const noRoom = "No room"

// dayColumn is what one column of the day holds: a practitioner's
// appointments, or a room's.
type dayColumn struct {
	title          string
	practitionerID int64
	room           string
}

// dayColumnsFor is the day's columns: each active practitioner, then
// anyone else with an appointment on the day; or with byRoom, each room
// the day's appointments name, then those with none.
func dayColumnsFor(list []data.Appointment, practitioners []data.StaffMember, byRoom bool) []dayColumn {
	var cols []dayColumn
	if byRoom {
		var rooms []string
		unplaced := false
		for _, a := range list {
			room := strings.TrimSpace(a.Room)
			if room == "" {
				unplaced = true
			} else if !slices.Contains(rooms, room) {
				rooms = append(rooms, room)
			}
		}
		slices.SortFunc(rooms, func(a, b string) int { return cmp.Compare(data.Fold(a), data.Fold(b)) })
		for _, r := range rooms {
			cols = append(cols, dayColumn{title: r, room: r})
		}
		if unplaced {
			cols = append(cols, dayColumn{title: noRoom})
		}
		return cols
	}
	for _, m := range practitioners {
		cols = append(cols, dayColumn{title: m.Name, practitionerID: m.ID})
	}
	for _, a := range list {
		if !slices.ContainsFunc(cols, func(c dayColumn) bool { return c.practitionerID == a.PractitionerID }) {
			cols = append(cols, dayColumn{title: a.PractitionerName, practitionerID: a.PractitionerID})
		}
	}
	if len(cols) == 0 {
		cols = append(cols, dayColumn{title: "No practitioner"})
	}
	return cols
}

// columnOf is the index of a's column among cols.
func columnOf(cols []dayColumn, a data.Appointment, byRoom bool) int {
	return max(0, slices.IndexFunc(cols, func(c dayColumn) bool {
		if byRoom {
			return c.room == strings.TrimSpace(a.Room)
		}
		return c.practitionerID == a.PractitionerID
	}))
}

// roomsUsed reports whether any of the appointments names a room.
func roomsUsed(list []data.Appointment) bool {
	return slices.ContainsFunc(list, func(a data.Appointment) bool { return strings.TrimSpace(a.Room) != "" })
}

// dayLines are the lines an appointment's block shows in the day: when
// and who, what (with the room, or the practitioner in a room's column),
// the notes, and the status with the reason of a cancellation.
func dayLines(a data.Appointment, byRoom bool) []string {
	what := a.What()
	switch {
	case byRoom:
		what += " · " + shortStaffName(a.PractitionerName)
	case strings.TrimSpace(a.Room) != "":
		what += " · " + strings.TrimSpace(a.Room)
	}
	lines := []string{a.Start.Local().Format("15:04") + " " + a.PatientName, what}
	if notes := strings.Join(strings.Fields(a.Notes), " "); notes != "" {
		lines = append(lines, notes)
	}
	status := a.Status.Label()
	if reason := strings.Join(strings.Fields(a.StatusReason), " "); a.Status == data.StatusCancelled && reason != "" {
		status += ": " + reason
	}
	return append(lines, status)
}

// layOut puts the day's appointments in their columns, by practitioner
// or, when the desk chooses it on a day that names rooms, by room.
func (s *dayScreen) layOut() {
	rooms := roomsUsed(s.appointments)
	if rooms {
		s.columnsBy.Show()
	} else {
		s.columnsBy.Hide()
	}
	byRoom := rooms && s.columnsBy.Selected == columnsByRoom
	s.byRoom = byRoom
	s.columns = dayColumnsFor(s.appointments, s.practitioners, byRoom)
	// The headings are kept from one refresh to the next while the
	// columns stay the same.
	headings := s.headings.Objects
	changed := len(headings) != len(s.columns)
	for len(headings) < len(s.columns) {
		l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		headings = append(headings, l)
	}
	headings = headings[:len(s.columns)]
	cols := make([]gridColumn, len(s.columns))
	for i, c := range s.columns {
		if l := headings[i].(*widget.Label); l.Text != c.title {
			l.SetText(c.title)
		}
		cols[i] = gridColumn{day: s.day, hours: s.diary.Hours[s.day.Weekday()]}
	}
	if changed {
		s.headings.Objects = headings
		s.headings.Refresh()
	}
	entries := make([]gridEntry, len(s.appointments))
	for i, a := range s.appointments {
		entries[i] = gridEntry{a: a, col: columnOf(s.columns, a, byRoom), lines: dayLines(a, byRoom)}
	}
	s.grid.selected = s.selected
	s.grid.show(cols, entries)
}

// onOpen opens an appointment, as a double click or Enter on it does:
// one still to come or under way in the booking form, to move or change
// it; any other in its patient's record.
func (s *dayScreen) onOpen(id int64) {
	s.selected = id
	s.updateButtons()
	a, ok := s.current()
	switch {
	case !ok:
	case movable(a):
		s.moveTo(a)
	case s.openPatient != nil:
		s.openPatient(a.PatientID)
	}
}

// onDrop moves a, dragged to start in the column col, to that column's
// practitioner or room, through the booking form.
func (s *dayScreen) onDrop(a data.Appointment, col int, start time.Time) {
	c := s.columns[col]
	if s.byRoom {
		a.Room = c.room
	} else {
		a.PractitionerID, a.PractitionerName = c.practitionerID, c.title
	}
	a.Start = start
	s.moveTo(a)
}

// onSlot books at start in the column col, with its practitioner or room
// filled in.
func (s *dayScreen) onSlot(col int, start time.Time) {
	s.selected = 0
	s.grid.setSelected(0)
	s.updateButtons()
	c := s.columns[col]
	s.book(data.Appointment{Start: start, PractitionerID: c.practitionerID, Room: c.room})
}

// book opens the booking form on a, the patient still to be found. Once
// booked, the diary shows the appointment's day with it selected.
func (s *dayScreen) book(a data.Appointment) {
	s.newForm = openAppointmentForm(&s.worker, s.win, s.store, a, s.order, s.now, func(booked data.Appointment) {
		s.newForm = nil
		s.selected = booked.ID
		s.setMode(false)
		s.showDay(booked.Start)
	})
}

// tick moves the line at the current time.
func (s *dayScreen) tick() {
	s.grid.Refresh()
	s.week.grid.Refresh()
}
