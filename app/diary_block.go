package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// appointmentBlock is one appointment in the diary's grid: a block in its
// status's colour with as many of its lines of text as its length leaves
// room for. A tap selects the whole appointment, a double tap opens it;
// one still to come can be dragged to another slot.
type appointmentBlock struct {
	widget.BaseWidget
	grid     *diaryGrid
	a        data.Appointment
	lines    []string
	selected bool

	// While dragged: where in the block it was taken, and the slot it
	// would go to.
	dragging bool
	grabY    float32
	dropCol  int
	dropAt   time.Time
}

func newAppointmentBlock(g *diaryGrid) *appointmentBlock {
	b := &appointmentBlock{grid: g}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped selects the appointment.
func (b *appointmentBlock) Tapped(*fyne.PointEvent) { b.grid.choose(b.a.ID) }

// MouseDown selects the appointment as the button goes down: Fyne holds a
// tap back until a double tap can no longer come, which made the diary
// seem slow to follow the mouse.
func (b *appointmentBlock) MouseDown(e *desktop.MouseEvent) {
	if e.Button == desktop.MouseButtonPrimary {
		b.grid.choose(b.a.ID)
	}
}

// MouseUp is part of desktop.Mouseable; the tap that follows does the rest.
func (b *appointmentBlock) MouseUp(*desktop.MouseEvent) {}

// DoubleTapped selects and opens the appointment.
func (b *appointmentBlock) DoubleTapped(*fyne.PointEvent) {
	b.grid.choose(b.a.ID)
	if b.grid.onOpen != nil {
		b.grid.onOpen(b.a.ID)
	}
}

// Dragged moves the block with the pointer, snapped to the slot it would
// go to.
func (b *appointmentBlock) Dragged(e *fyne.DragEvent) {
	g := b.grid
	if g.onDrop == nil || !movable(b.a) {
		return
	}
	if !b.dragging {
		b.dragging, b.grabY = true, e.Position.Y-e.Dragged.DY
		g.choose(b.a.ID)
		g.dragged = b
		g.Refresh()
	}
	pointer := b.Position().Add(e.Position)
	col, start, ok := g.dropAt(pointer.X, pointer.Y-b.grabY)
	if !ok {
		return
	}
	b.dropCol, b.dropAt = col, start
	w := g.columnWidth(g.Size().Width)
	b.Move(fyne.NewPos(gridTimeWidth+float32(col)*w+gridLaneGap, g.y(clockMinutes(start))+1))
	b.Resize(fyne.NewSize(w-2*gridLaneGap, b.Size().Height))
}

// DragEnd asks to move the appointment to the slot it was dropped on,
// and puts the block back in its place meanwhile.
func (b *appointmentBlock) DragEnd() {
	if !b.dragging {
		return
	}
	b.dragging = false
	g := b.grid
	g.dragged = nil
	g.Refresh()
	for _, e := range g.entries {
		if e.a.ID == b.a.ID && (e.col != b.dropCol || !e.a.Start.Equal(b.dropAt)) {
			g.onDrop(b.a, b.dropCol, b.dropAt)
		}
	}
}

// text is what the block shows when it has room for n lines: all its
// lines when they fit; else the first ones, the status (which is last)
// always kept, put first on the last line shown.
func (b *appointmentBlock) text(n int) []string {
	last := len(b.lines) - 1
	switch {
	case len(b.lines) <= n:
		return b.lines
	case n <= 1:
		return []string{b.lines[0] + " · " + b.lines[last]}
	}
	return append(b.lines[:n-1:n-1], b.lines[last]+" · "+b.lines[n-1])
}

func (b *appointmentBlock) CreateRenderer() fyne.WidgetRenderer {
	r := &blockRenderer{b: b, back: canvas.NewRectangle(nil), stripe: canvas.NewRectangle(nil)}
	r.back.CornerRadius = 3
	return r
}

// blockRenderer draws a block: its background, the stripe of its status,
// and its lines of text, the first in bold.
type blockRenderer struct {
	b            *appointmentBlock
	back, stripe *canvas.Rectangle
	texts        []*canvas.Text
	objects      []fyne.CanvasObject
}

func (r *blockRenderer) Destroy() {}

func (r *blockRenderer) MinSize() fyne.Size { return fyne.NewSize(0, 0) }

func (r *blockRenderer) Objects() []fyne.CanvasObject { return r.objects }

// lineHeight is the height of one line of a block's text.
func lineHeight() float32 {
	return fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{Bold: true}).Height
}

func (r *blockRenderer) Layout(size fyne.Size) {
	r.back.Resize(size)
	r.stripe.Resize(fyne.NewSize(4, size.Height))
	lh := lineHeight()
	n := max(1, int(size.Height/lh))
	lines := r.b.text(n)
	top := float32(1)
	if n == 1 {
		top = (size.Height - lh) / 2
	}
	if size.Height < lh*0.75 {
		lines = nil // too short to write in: the colour and a tap tell
	}
	for len(r.texts) < len(lines) {
		t := canvas.NewText("", nil)
		r.texts = append(r.texts, t)
	}
	r.objects = append(r.objects[:0], r.back, r.stripe)
	look := lookOf(r.b.a.Status)
	for i, line := range lines {
		t := r.texts[i]
		t.TextSize = theme.TextSize()
		t.TextStyle = fyne.TextStyle{Bold: i == 0}
		t.Color = look.text
		t.Text = ellipsize(line, size.Width-12, t.TextSize, t.TextStyle)
		t.Move(fyne.NewPos(8, top+float32(i)*lh))
		t.Resize(fyne.NewSize(size.Width-12, lh))
		r.objects = append(r.objects, t)
	}
}

func (r *blockRenderer) Refresh() {
	look := lookOf(r.b.a.Status)
	r.back.FillColor, r.stripe.FillColor = look.fill, look.stripe
	r.back.StrokeWidth = 0
	if r.b.selected {
		r.back.StrokeColor, r.back.StrokeWidth = theme.Color(theme.ColorNameForeground), 2
	}
	r.Layout(r.b.Size())
	r.back.Refresh()
	r.stripe.Refresh()
	for _, t := range r.texts {
		t.Refresh()
	}
}

// statusLegend names the colour of each status, each name written on its
// own colour, and follows the appearance when it changes.
type statusLegend struct{ widget.BaseWidget }

func newStatusLegend() *statusLegend {
	l := &statusLegend{}
	l.ExtendBaseWidget(l)
	return l
}

func (l *statusLegend) CreateRenderer() fyne.WidgetRenderer {
	r := &legendRenderer{box: container.NewHBox()}
	for _, st := range diaryStatuses {
		back := canvas.NewRectangle(nil)
		back.CornerRadius = 3
		text := canvas.NewText(st.Label(), nil)
		text.TextSize = theme.CaptionTextSize()
		r.swatches = append(r.swatches, legendSwatch{st, back, text})
		r.box.Add(container.NewStack(back, container.New(&paddedLayout{6, 2}, text)))
	}
	r.Refresh()
	return r
}

type legendSwatch struct {
	status data.AppointmentStatus
	back   *canvas.Rectangle
	text   *canvas.Text
}

type legendRenderer struct {
	box      *fyne.Container
	swatches []legendSwatch
}

func (r *legendRenderer) Destroy()                     {}
func (r *legendRenderer) Layout(size fyne.Size)        { r.box.Resize(size) }
func (r *legendRenderer) MinSize() fyne.Size           { return r.box.MinSize() }
func (r *legendRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.box} }

func (r *legendRenderer) Refresh() {
	for _, s := range r.swatches {
		look := lookOf(s.status)
		s.back.FillColor, s.back.StrokeColor, s.back.StrokeWidth = look.fill, look.stripe, 1
		s.text.Color = look.text
		s.back.Refresh()
		s.text.Refresh()
	}
}

// paddedLayout keeps h points of room left and right of its objects, v
// above and below.
type paddedLayout struct{ h, v float32 }

func (p *paddedLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(p.h, p.v))
		o.Resize(fyne.NewSize(size.Width-2*p.h, size.Height-2*p.v))
	}
}

func (p *paddedLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s.Add(fyne.NewSize(2*p.h, 2*p.v))
}

// columnsLayout lays headings out over the columns of a diaryGrid of the
// same width, after the grid's hours.
type columnsLayout struct{ minColumn float32 }

func (c *columnsLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if len(objects) == 0 {
		return
	}
	w := (size.Width - gridTimeWidth) / float32(len(objects))
	for i, o := range objects {
		o.Move(fyne.NewPos(gridTimeWidth+float32(i)*w, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func (c *columnsLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(gridTimeWidth+float32(max(1, len(objects)))*c.minColumn, h)
}

// gridFrame is a grid under its column headings; when the columns do not
// fit, the whole scrolls sideways.
func gridFrame(g *diaryGrid, headings *fyne.Container) fyne.CanvasObject {
	return container.NewHScroll(container.NewBorder(headings, nil, nil, nil, g.scroll))
}
