package app

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// Sizes of the diary's time grid.
const (
	gridTimeWidth   = 56  // the hours down the left
	gridPerMinute   = 1.4 // a quarter hour is one line of text high
	gridSlotMinutes = 15  // a tap on an empty slot books from its quarter hour
	gridLaneGap     = 2
)

// gridColumn is one column of the diary's grid: the day it shows and the
// clinic's opening hours that day, outside which the grid is shaded.
type gridColumn struct {
	day   time.Time
	hours data.OpeningHours
}

// gridEntry is an appointment to place in the grid: in column col, drawn
// with lines of text, its status last.
type gridEntry struct {
	a     data.Appointment
	col   int
	lines []string
}

// diaryGrid is the diary drawn as a calendar: a column a practitioner, a
// room or a day, the hours down the left, each appointment a block in its
// status's colour spanning its length, and a red line at the current time
// in today's columns. A tap selects an appointment, a double tap or Enter
// opens it, a tap on an empty slot asks to book there, and an appointment
// still to come dragged to another slot asks to move there. Appointments
// that share time in one column stand side by side.
type diaryGrid struct {
	widget.BaseWidget

	now       func() time.Time
	minColumn float32

	onSelect func(id int64)
	onOpen   func(id int64)
	onSlot   func(col int, start time.Time)
	// onDrop moves an appointment dragged to start in column col; nil
	// when nothing can be dragged.
	onDrop func(a data.Appointment, col int, start time.Time)

	columns []gridColumn
	// from and to are the minutes after midnight the grid shows.
	from, to int
	entries  []gridEntry
	// blocks are reused from one show to the next; blocks[i] draws
	// entries[i].
	blocks   []*appointmentBlock
	lanes    [][2]int // lane and lanes of entries[i]
	selected int64
	// dragged is the block being dragged, drawn over the others.
	dragged *appointmentBlock

	nowLine *canvas.Rectangle
	scroll  *container.Scroll
}

func newDiaryGrid(now func() time.Time, minColumn float32) *diaryGrid {
	g := &diaryGrid{now: now, minColumn: minColumn, from: 9 * 60, to: 18 * 60, nowLine: canvas.NewRectangle(nil)}
	g.ExtendBaseWidget(g)
	g.scroll = container.NewVScroll(g)
	return g
}

// show puts entries in the grid's columns, reusing the blocks already
// made, and shows the clinic's hours, widened to whatever is booked
// outside them.
func (g *diaryGrid) show(columns []gridColumn, entries []gridEntry) {
	g.columns, g.entries = columns, entries
	g.from, g.to = gridHours(columns, entries)
	for len(g.blocks) < len(entries) {
		g.blocks = append(g.blocks, newAppointmentBlock(g))
	}
	g.blocks = g.blocks[:len(entries)]
	for i, e := range entries {
		b := g.blocks[i]
		b.a, b.lines, b.selected = e.a, e.lines, e.a.ID == g.selected && g.selected != 0
	}
	g.lanes = entryLanes(entries)
	g.Refresh()
}

// gridHours is the span of the day the grid shows: from the earliest
// opening to the latest closing of its columns (09:00–18:00 when all are
// closed), widened to the whole hours of any appointment outside it.
func gridHours(columns []gridColumn, entries []gridEntry) (from, to int) {
	from, to = 24*60, 0
	for _, c := range columns {
		if c.hours.Open {
			from, to = min(from, c.hours.Opens), max(to, c.hours.Closes)
		}
	}
	if from >= to {
		from, to = 9*60, 18*60
	}
	for _, e := range entries {
		start := clockMinutes(e.a.Start)
		end := min(start+e.a.DurationMinutes, 24*60)
		from, to = min(from, start/60*60), max(to, (end+59)/60*60)
	}
	return from, to
}

// clockMinutes is the wall-clock time of t in minutes after midnight.
func clockMinutes(t time.Time) int {
	t = t.Local()
	return t.Hour()*60 + t.Minute()
}

// entryLanes gives each entry its lane among the entries of its column it
// shares time with, and how many lanes that group needs.
func entryLanes(entries []gridEntry) [][2]int {
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := entries[i], entries[j]
		if a.col != b.col {
			return a.col - b.col
		}
		return a.a.Start.Compare(b.a.Start)
	})
	lanes := make([][2]int, len(entries))
	var group []int
	var laneEnds []time.Time
	closeGroup := func() {
		for _, i := range group {
			lanes[i][1] = len(laneEnds)
		}
		group, laneEnds = group[:0], laneEnds[:0]
	}
	groupEnd, col := time.Time{}, -1
	for _, i := range order {
		e := entries[i]
		if e.col != col || !e.a.Start.Before(groupEnd) {
			closeGroup()
			col = e.col
		}
		lane := slices.IndexFunc(laneEnds, func(end time.Time) bool { return !end.After(e.a.Start) })
		if lane < 0 {
			lane = len(laneEnds)
			laneEnds = append(laneEnds, time.Time{})
		}
		laneEnds[lane] = e.a.End()
		lanes[i][0] = lane
		group = append(group, i)
		if e.a.End().After(groupEnd) || len(group) == 1 {
			groupEnd = e.a.End()
		}
	}
	closeGroup()
	return lanes
}

// setSelected marks the appointment of id as the selected one.
func (g *diaryGrid) setSelected(id int64) {
	g.selected = id
	for _, b := range g.blocks {
		if on := id != 0 && b.a.ID == id; on != b.selected {
			b.selected = on
			b.Refresh()
		}
	}
}

// choose selects the appointment of id as a tap does, and takes the
// keyboard so the arrows and Enter work on.
func (g *diaryGrid) choose(id int64) {
	g.setSelected(id)
	if g.onSelect != nil {
		g.onSelect(id)
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(g); c != nil {
		c.Focus(g)
	}
}

// block returns the block drawing the appointment of id, or nil.
func (g *diaryGrid) block(id int64) *appointmentBlock {
	for _, b := range g.blocks {
		if b.a.ID == id {
			return b
		}
	}
	return nil
}

// columnWidth is the width of each column when the grid is width wide.
func (g *diaryGrid) columnWidth(width float32) float32 {
	if len(g.columns) == 0 {
		return width - gridTimeWidth
	}
	return (width - gridTimeWidth) / float32(len(g.columns))
}

// y is where minute (after midnight) is drawn.
func (g *diaryGrid) y(minute int) float32 { return float32(minute-g.from) * gridPerMinute }

// slotAt is the column and the start of the quarter hour at pos, or false
// beside the columns.
func (g *diaryGrid) slotAt(pos fyne.Position) (int, time.Time, bool) {
	w := g.columnWidth(g.Size().Width)
	if pos.X < gridTimeWidth || w <= 0 || len(g.columns) == 0 {
		return 0, time.Time{}, false
	}
	col := int((pos.X - gridTimeWidth) / w)
	minute := g.from + int(pos.Y/gridPerMinute)/gridSlotMinutes*gridSlotMinutes
	if col >= len(g.columns) || minute >= g.to {
		return 0, time.Time{}, false
	}
	d := g.columns[col].day
	return col, time.Date(d.Year(), d.Month(), d.Day(), 0, minute, 0, 0, time.Local), true
}

// dropAt is the column and the start, to the nearest quarter hour, of a
// block whose top is at top when the pointer is at x; false off the
// columns.
func (g *diaryGrid) dropAt(x, top float32) (int, time.Time, bool) {
	top = max(0, top)
	quarter := int(top/gridPerMinute/gridSlotMinutes + 0.5)
	return g.slotAt(fyne.NewPos(x, float32(quarter*gridSlotMinutes)*gridPerMinute))
}

// Tapped on an empty slot asks to book there.
func (g *diaryGrid) Tapped(e *fyne.PointEvent) {
	if col, start, ok := g.slotAt(e.Position); ok && g.onSlot != nil {
		g.onSlot(col, start)
	}
}

// FocusGained and FocusLost let the grid take the keyboard.
func (g *diaryGrid) FocusGained() {}

// FocusLost is part of fyne.Focusable.
func (g *diaryGrid) FocusLost() {}

// TypedRune is part of fyne.Focusable.
func (g *diaryGrid) TypedRune(rune) {}

// TypedKey moves the selection to the next or previous appointment in
// time with the arrows, and opens it with Enter.
func (g *diaryGrid) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if g.selected != 0 && g.onOpen != nil {
			g.onOpen(g.selected)
		}
	case fyne.KeyDown, fyne.KeyUp, fyne.KeyRight, fyne.KeyLeft:
		order := g.timeOrder()
		if len(order) == 0 {
			return
		}
		i := slices.IndexFunc(order, func(a data.Appointment) bool { return a.ID == g.selected })
		switch {
		case i < 0:
			i = 0
		case e.Name == fyne.KeyDown || e.Name == fyne.KeyRight:
			i = min(i+1, len(order)-1)
		default:
			i = max(i-1, 0)
		}
		g.choose(order[i].ID)
		g.showMinute(clockMinutes(order[i].Start), order[i].DurationMinutes)
	}
}

// timeOrder is the grid's appointments by start, then by column.
func (g *diaryGrid) timeOrder() []data.Appointment {
	entries := slices.Clone(g.entries)
	slices.SortStableFunc(entries, func(a, b gridEntry) int {
		if c := a.a.Start.Compare(b.a.Start); c != 0 {
			return c
		}
		return a.col - b.col
	})
	order := make([]data.Appointment, len(entries))
	for i, e := range entries {
		order[i] = e.a
	}
	return order
}

// showMinute scrolls the grid, if it must, so that the minutes from
// minute on are in view.
func (g *diaryGrid) showMinute(minute, minutes int) {
	top, bottom := g.y(minute), g.y(minute+minutes)
	off := g.scroll.Offset
	view := g.scroll.Size().Height
	switch {
	case top < off.Y:
		off.Y = top
	case bottom > off.Y+view:
		off.Y = min(top, bottom-view)
	default:
		return
	}
	g.scroll.ScrollToOffset(off)
}

// scrollToStart shows the grid from an hour before the current time when
// today is in it, else from its first appointment, else from the top.
func (g *diaryGrid) scrollToStart() {
	minute := g.from
	today := startOfDay(g.now())
	if slices.ContainsFunc(g.columns, func(c gridColumn) bool { return c.day.Equal(today) }) {
		minute = clockMinutes(g.now()) - 60
	} else if order := g.timeOrder(); len(order) > 0 {
		minute = clockMinutes(order[0].Start) - 15
	}
	g.scroll.ScrollToOffset(fyne.NewPos(0, max(0, g.y(minute))))
}
