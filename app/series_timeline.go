package app

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// markState is where one planned session of a series stands.
type markState int

const (
	markDone    markState = iota // logged and signed
	markDraft                    // logged, not signed yet
	markBooked                   // an appointment is booked for it
	markDue                      // the next one, not booked yet
	markOverdue                  // the next one, past its time
	markPlanned                  // later in the plan
)

// timelineMark is one planned session as the series' timeline shows it.
type timelineMark struct {
	n     int
	state markState
	text  string // the lines under the number
}

// label is the mark's words, for the screen and for tests.
func (m timelineMark) label() string {
	return fmt.Sprintf("%d · %s", m.n, m.text)
}

// seriesMarks lays out a series as one mark per planned session: those
// logged, oldest first, with their dates and depths; the booked ones with
// their dates; the next one due or overdue; the rest planned. Sessions
// beyond the plan get marks of their own.
func seriesMarks(s seriesRecord, p data.SeriesProgress, booked []data.Appointment, active bool) []timelineMark {
	sessions := slices.Clone(s.sessions)
	slices.SortFunc(sessions, func(a, b data.Session) int { return a.PerformedAt.Compare(b.PerformedAt) })
	var marks []timelineMark
	for i, x := range sessions {
		m := timelineMark{n: i + 1, state: markDone, text: x.PerformedAt.Local().Format("2 Jan") + "\n" + depthRange(x)}
		if !x.Signed() {
			m.state, m.text = markDraft, m.text+" · draft"
		}
		marks = append(marks, m)
	}
	next := true
	for n := len(sessions) + 1; n <= s.series.PlannedSessions; n++ {
		m := timelineMark{n: n, state: markPlanned, text: "planned"}
		switch {
		case !active:
			m.text = "not given"
		case len(booked) > 0:
			m.state, m.text = markBooked, "booked\n"+booked[0].Start.Local().Format("2 Jan 15:04")
			booked = booked[1:]
			next = false
		case next && p.Overdue:
			m.state, m.text = markOverdue, "overdue\nsince "+p.NextDue.Format("2 Jan")
			next = false
		case next && !p.NextDue.IsZero():
			m.state, m.text = markDue, "due\n"+p.NextDue.Format("2 Jan")
			next = false
		}
		marks = append(marks, m)
	}
	return marks
}

// depthRange writes the depths of a session's areas: "1 mm", "0.5–1.5 mm".
func depthRange(x data.Session) string {
	if len(x.Areas) == 0 {
		return "no areas"
	}
	lo, hi := x.Areas[0].Depth, x.Areas[0].Depth
	for _, a := range x.Areas[1:] {
		lo, hi = min(lo, a.Depth), max(hi, a.Depth)
	}
	if lo == hi {
		return lo.String()
	}
	return strings.TrimSuffix(lo.String(), " mm") + "–" + hi.String()
}

// bookedFor returns the series' treatments still to come, soonest first.
func bookedFor(seriesID int64, list []data.Appointment, now time.Time) []data.Appointment {
	var out []data.Appointment
	for _, a := range list {
		if a.SeriesID == seriesID && a.Kind == data.KindTreatment &&
			(a.Status == data.StatusBooked || a.Status == data.StatusCheckedIn) && !a.End().Before(now) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b data.Appointment) int { return a.Start.Compare(b.Start) })
	return out
}

// timeline draws the marks side by side, each a coloured box, wrapping
// onto more rows when the series is long.
func timeline(marks []timelineMark) fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, 0, len(marks))
	for _, m := range marks {
		label := widget.NewLabel(m.label())
		label.Alignment = fyne.TextAlignCenter
		label.Importance = markImportance(m.state)
		label.TextStyle.Bold = m.state == markDue || m.state == markOverdue || m.state == markBooked
		box := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
		box.StrokeColor = theme.Color(markColour(m.state))
		box.StrokeWidth = 2
		box.CornerRadius = theme.InputRadiusSize()
		cells = append(cells, container.NewStack(box, label))
	}
	return container.NewGridWrap(fyne.NewSize(130, 76), cells...)
}

func markImportance(s markState) widget.Importance {
	switch s {
	case markDone:
		return widget.SuccessImportance
	case markDraft, markDue:
		return widget.WarningImportance
	case markOverdue:
		return widget.DangerImportance
	case markBooked:
		return widget.HighImportance
	}
	return widget.LowImportance
}

func markColour(s markState) fyne.ThemeColorName {
	switch s {
	case markDone:
		return theme.ColorNameSuccess
	case markDraft, markDue:
		return theme.ColorNameWarning
	case markOverdue:
		return theme.ColorNameError
	case markBooked:
		return theme.ColorNamePrimary
	}
	return theme.ColorNameDisabled
}
