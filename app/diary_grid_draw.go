package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// CreateRenderer draws the grid.
func (g *diaryGrid) CreateRenderer() fyne.WidgetRenderer {
	r := &gridRenderer{g: g}
	r.build()
	return r
}

// gridRenderer draws the hours, the shading outside opening hours, the
// lines between columns, the blocks and the line at the current time.
type gridRenderer struct {
	g       *diaryGrid
	shades  []*canvas.Rectangle // two per column: before opening, after closing
	lines   []*canvas.Line      // hours and half hours, then column edges
	hours   []*canvas.Text
	objects []fyne.CanvasObject
}

func (r *gridRenderer) Destroy() {}

func (r *gridRenderer) MinSize() fyne.Size {
	g := r.g
	return fyne.NewSize(gridTimeWidth+float32(max(1, len(g.columns)))*g.minColumn, g.y(g.to)+theme.Padding())
}

func (r *gridRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Refresh remakes the hours and lines, which are few, and refreshes the
// blocks, which are kept.
func (r *gridRenderer) Refresh() {
	r.build()
	for _, b := range r.g.blocks {
		b.Refresh()
	}
	r.Layout(r.g.Size())
	canvas.Refresh(r.g)
}

// build makes the objects of the hours and lines for the grid's span and
// columns.
func (r *gridRenderer) build() {
	g := r.g
	r.shades = r.shades[:0]
	for range g.columns {
		for range 2 {
			r.shades = append(r.shades, canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)))
		}
	}
	r.lines, r.hours = r.lines[:0], r.hours[:0]
	for m := g.from; m <= g.to; m += 30 {
		l := canvas.NewLine(theme.Color(theme.ColorNameSeparator))
		l.StrokeWidth = 1
		if m%60 != 0 {
			l.StrokeColor = theme.Color(theme.ColorNameInputBorder)
			l.StrokeWidth = 0.5
		} else if m < g.to {
			t := canvas.NewText(time.Date(2000, 1, 1, 0, m, 0, 0, time.UTC).Format("15:04"), theme.Color(theme.ColorNameForeground))
			t.TextSize = theme.CaptionTextSize()
			r.hours = append(r.hours, t)
		}
		r.lines = append(r.lines, l)
	}
	for range len(g.columns) + 1 {
		r.lines = append(r.lines, canvas.NewLine(theme.Color(theme.ColorNameSeparator)))
	}
	r.objects = r.objects[:0]
	for _, o := range r.shades {
		r.objects = append(r.objects, o)
	}
	for _, o := range r.lines {
		r.objects = append(r.objects, o)
	}
	for _, o := range r.hours {
		r.objects = append(r.objects, o)
	}
	for _, b := range g.blocks {
		if b != g.dragged {
			r.objects = append(r.objects, b)
		}
	}
	if g.dragged != nil {
		r.objects = append(r.objects, g.dragged)
	}
	g.nowLine.FillColor = nowColours[darkAppearance()]
	r.objects = append(r.objects, g.nowLine)
}

func (r *gridRenderer) Layout(size fyne.Size) {
	g := r.g
	w := g.columnWidth(size.Width)
	x := func(col int) float32 { return gridTimeWidth + float32(col)*w }
	for i, c := range g.columns {
		before, after := r.shades[2*i], r.shades[2*i+1]
		opens, closes := g.to, g.to
		if c.hours.Open {
			opens, closes = max(c.hours.Opens, g.from), min(c.hours.Closes, g.to)
		}
		before.Move(fyne.NewPos(x(i), 0))
		before.Resize(fyne.NewSize(w, g.y(opens)))
		after.Move(fyne.NewPos(x(i), g.y(closes)))
		after.Resize(fyne.NewSize(w, max(0, g.y(g.to)-g.y(closes))))
	}
	n := 0
	for m := g.from; m <= g.to; m += 30 {
		y := g.y(m)
		start := float32(gridTimeWidth)
		if m%60 == 0 {
			start = gridTimeWidth - 8
		}
		r.lines[n].Position1, r.lines[n].Position2 = fyne.NewPos(start, y), fyne.NewPos(size.Width, y)
		n++
	}
	for i := range len(g.columns) + 1 {
		r.lines[n+i].Position1, r.lines[n+i].Position2 = fyne.NewPos(x(i), 0), fyne.NewPos(x(i), g.y(g.to))
	}
	for i, t := range r.hours {
		t.Move(fyne.NewPos(4, g.y(g.from+i*60)+2))
	}
	for i, b := range g.blocks {
		e, lane := g.entries[i], g.lanes[i]
		laneWidth := (w - 2*gridLaneGap) / float32(max(1, lane[1]))
		start := clockMinutes(e.a.Start)
		end := min(start+e.a.DurationMinutes, g.to)
		b.Move(fyne.NewPos(x(e.col)+gridLaneGap+float32(lane[0])*laneWidth, g.y(start)+1))
		b.Resize(fyne.NewSize(laneWidth-gridLaneGap, max(g.y(end)-g.y(start)-2, 4)))
	}
	r.layoutNow(size, x, w)
}

// layoutNow puts the line at the current time across today's columns,
// and hides it when today is not shown or the time is off the grid.
func (r *gridRenderer) layoutNow(size fyne.Size, x func(int) float32, w float32) {
	g := r.g
	now := g.now()
	today := startOfDay(now)
	first, last := -1, -1
	for i, c := range g.columns {
		if c.day.Equal(today) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	minute := clockMinutes(now)
	if first < 0 || minute < g.from || minute > g.to {
		g.nowLine.Hide()
		return
	}
	g.nowLine.Move(fyne.NewPos(x(first)-6, g.y(minute)-1))
	g.nowLine.Resize(fyne.NewSize(x(last)+w-x(first)+6, 2))
	g.nowLine.Show()
}

// ellipsize shortens text with an ellipsis to fit width at size and style.
func ellipsize(text string, width, size float32, style fyne.TextStyle) string {
	if fyne.MeasureText(text, size, style).Width <= width {
		return text
	}
	runes := []rune(text)
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(strings.TrimSpace(string(runes[:mid]))+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return strings.TrimSpace(string(runes[:lo])) + "…"
}
