package app

import (
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// faceRegion is where an area sits on the face chart, as fractions of the
// chart's width and height; an area may have two (left and right).
type faceRegion struct {
	area       data.Area
	x, y, w, h float32
	oval       bool
}

// faceRegions are the areas of the face, neck and chest on the chart,
// the small ones first so a tap finds them before the larger ones around.
var faceRegions = []faceRegion{
	{data.AreaAroundEyes, .22, .27, .18, .07, true},
	{data.AreaAroundEyes, .60, .27, .18, .07, true},
	{data.AreaNose, .45, .31, .10, .16, false},
	{data.AreaUpperLip, .38, .495, .24, .045, false},
	{data.AreaChin, .39, .595, .22, .07, true},
	{data.AreaCheeks, .17, .37, .22, .15, true},
	{data.AreaCheeks, .61, .37, .22, .15, true},
	{data.AreaJawline, .17, .545, .16, .06, true},
	{data.AreaJawline, .67, .545, .16, .06, true},
	{data.AreaForehead, .26, .09, .48, .14, true},
	{data.AreaScalp, .30, .005, .40, .065, true},
	{data.AreaNeck, .40, .72, .20, .08, false},
	{data.AreaDecolletage, .20, .82, .60, .08, false},
}

// faceFigureAspect is the width over the height of the drawing that the
// regions' fractions refer to; the figure keeps it at any chart size.
const faceFigureAspect = 210.0 / 260

// faceLeaderGap is the room between a depth written beside the face and
// the figure, crossed by the leader line.
const faceLeaderGap = 8

// faceChartSize is the chart's least size in a form; recordFaceChartSize
// is its size on the clinical record, where it is read at a glance.
var (
	faceChartSize       = fyne.NewSize(270, 260)
	recordFaceChartSize = fyne.NewSize(300, 300)
)

// faceChart draws the treated areas on a face outline, each coloured by
// its needle depth, deeper darker, and each with its depth written on it,
// or beside the face with a line to it where it does not fit. Areas off
// the face (body, other) are listed below. With OnTapped set, tapping an
// area reports it.
type faceChart struct {
	widget.BaseWidget
	depths    map[data.Area]data.Depth
	OnTapped  func(data.Area)
	chartSize fyne.Size
}

func newFaceChart(depths map[data.Area]data.Depth) *faceChart {
	f := &faceChart{depths: depths, chartSize: faceChartSize}
	f.ExtendBaseWidget(f)
	return f
}

// sized sets the chart's least size.
func (f *faceChart) sized(s fyne.Size) *faceChart {
	f.chartSize = s
	return f
}

// SetDepths shows another set of treated areas.
func (f *faceChart) SetDepths(depths map[data.Area]data.Depth) {
	f.depths = depths
	f.Refresh()
}

// sessionDepths returns the deepest depth used on each area of a session.
func sessionDepths(x data.Session) map[data.Area]data.Depth {
	depths := map[data.Area]data.Depth{}
	for _, a := range x.Areas {
		depths[a.Area] = max(depths[a.Area], a.Depth)
	}
	return depths
}

// offFaceLines are the treated areas that have no place on the chart, one
// line each, such as "Body (e.g. stretch marks) 1 mm".
func offFaceLines(depths map[data.Area]data.Depth) []string {
	var lines []string
	for _, a := range []data.Area{data.AreaBody, data.AreaOther} {
		if d, ok := depths[a]; ok {
			lines = append(lines, a.Label()+" "+d.String())
		}
	}
	return lines
}

// offFaceSize is the room the off-face lines take, at the theme's text size.
func offFaceSize(lines []string) fyne.Size {
	var s fyne.Size
	for _, l := range lines {
		m := fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{})
		s = fyne.NewSize(max(s.Width, m.Width), s.Height+m.Height)
	}
	return s
}

// faceMargin is the room kept on each side of the figure for depths that
// do not fit in their area.
func faceMargin() float32 {
	return fyne.MeasureText("0.75 mm", theme.CaptionTextSize(), fyne.TextStyle{}).Width + faceLeaderGap + 2
}

func (f *faceChart) MinSize() fyne.Size {
	extra := offFaceSize(offFaceLines(f.depths))
	return fyne.NewSize(max(f.chartSize.Width, extra.Width), f.chartSize.Height+extra.Height)
}

// figure is where the face is drawn in a chart of size: between the
// margins, above the off-face lines, at its own aspect.
func (f *faceChart) figure(size fyne.Size) (fyne.Position, fyne.Size) {
	m := faceMargin()
	w, h := size.Width-2*m, size.Height-offFaceSize(offFaceLines(f.depths)).Height
	if w/h > faceFigureAspect {
		w = h * faceFigureAspect
	} else {
		h = w / faceFigureAspect
	}
	return fyne.NewPos((size.Width-w)/2, 0), fyne.NewSize(max(w, 0), max(h, 0))
}

// regionBox is where reg is drawn on a figure at pos of size.
func regionBox(reg faceRegion, pos fyne.Position, size fyne.Size) (fyne.Position, fyne.Size) {
	return pos.Add(fyne.NewPos(reg.x*size.Width, reg.y*size.Height)), fyne.NewSize(reg.w*size.Width, reg.h*size.Height)
}

// Tapped reports the area under the pointer, if any.
func (f *faceChart) Tapped(ev *fyne.PointEvent) {
	if f.OnTapped == nil {
		return
	}
	if a, ok := f.areaAt(ev.Position); ok {
		f.OnTapped(a)
	}
}

// areaAt returns the area drawn at pos.
func (f *faceChart) areaAt(pos fyne.Position) (data.Area, bool) {
	at, size := f.figure(f.Size())
	for _, r := range faceRegions {
		p, s := regionBox(r, at, size)
		if pos.X >= p.X && pos.X <= p.X+s.Width && pos.Y >= p.Y && pos.Y <= p.Y+s.Height {
			return r.area, true
		}
	}
	return "", false
}

// depthColour is the fill of an area treated at d: the theme's primary
// colour, more opaque the deeper the needles went.
func depthColour(d data.Depth) color.NRGBA {
	r, g, b, _ := theme.Color(theme.ColorNamePrimary).RGBA()
	alpha := 70 + int(min(d, 200))*185/200
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(alpha)}
}

// depthTextColour is the colour of a depth written on an area treated at
// d: the theme's text colour where it reads at 4.5:1 or better on the
// fill as seen over the background, else the background's colour, else
// black or white, whichever reads better.
func depthTextColour(d data.Depth) color.Color {
	fill := over(depthColour(d), theme.Color(theme.ColorNameBackground))
	best, bestRatio := color.Color(nil), 0.0
	for _, c := range []color.Color{theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNameBackground),
		color.Black, color.White} {
		if r := contrast(c, fill); r >= 4.5 {
			return c
		} else if r > bestRatio {
			best, bestRatio = c, r
		}
	}
	return best
}

// over is fg, partly transparent, as seen over the opaque bg.
func over(fg color.NRGBA, bg color.Color) color.NRGBA {
	br, bgg, bb, _ := bg.RGBA()
	a := float64(fg.A) / 255
	mix := func(f uint8, b uint32) uint8 { return uint8(a*float64(f) + (1-a)*float64(b>>8) + 0.5) }
	return color.NRGBA{R: mix(fg.R, br), G: mix(fg.G, bgg), B: mix(fg.B, bb), A: 0xff}
}

// contrast is the WCAG 2 contrast ratio of two colours, from 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := relativeLuminance(a), relativeLuminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// placedLabel is where the depth of one treated region is written: inside
// the region where it fits, otherwise in the margin on the region's side
// with a leader line from the label to the region's edge.
type placedLabel struct {
	region   int // in faceRegions
	text     string
	pos      fyne.Position
	size     fyne.Size
	inside   bool
	from, to fyne.Position // the leader line, when not inside
}

// fitsInside reports whether text of size t fits within reg's shape of
// size s: within the rectangle, or within the ellipse for an oval.
func fitsInside(reg faceRegion, t, s fyne.Size) bool {
	if reg.oval {
		x, y := t.Width/s.Width, t.Height/s.Height
		return x*x+y*y <= 1
	}
	return t.Width <= s.Width-4 && t.Height <= s.Height
}

// placeLabels writes the depth of every treated region of the figure in a
// chart of size: each region its own, so both cheeks say their depth.
// Depths beside the face are stacked down their margin without
// overlapping, in the order of the regions they point to.
func (f *faceChart) placeLabels(size fyne.Size) []placedLabel {
	at, fig := f.figure(size)
	var placed []placedLabel
	var columns [2][]int // left, right: indexes in placed
	for i, reg := range faceRegions {
		d, ok := f.depths[reg.area]
		if !ok {
			continue
		}
		l := placedLabel{region: i, text: d.String()}
		l.size = fyne.MeasureText(l.text, theme.CaptionTextSize(), fyne.TextStyle{})
		p, s := regionBox(reg, at, fig)
		centre := p.Add(fyne.NewPos(s.Width/2, s.Height/2))
		if fitsInside(reg, l.size, s) {
			l.inside = true
			l.pos = centre.Subtract(fyne.NewPos(l.size.Width/2, l.size.Height/2))
			placed = append(placed, l)
			continue
		}
		side := 0
		switch mid := reg.x + reg.w/2; {
		case mid > .5:
			side = 1
		case mid == .5 && len(columns[1]) < len(columns[0]):
			side = 1
		}
		if side == 0 {
			l.pos = fyne.NewPos(max(at.X-faceLeaderGap-l.size.Width, 0), centre.Y-l.size.Height/2)
			l.to = fyne.NewPos(p.X, centre.Y)
		} else {
			l.pos = fyne.NewPos(min(at.X+fig.Width+faceLeaderGap, size.Width-l.size.Width), centre.Y-l.size.Height/2)
			l.to = fyne.NewPos(p.X+s.Width, centre.Y)
		}
		columns[side] = append(columns[side], len(placed))
		placed = append(placed, l)
	}
	for side, column := range columns {
		stack(placed, column, fig.Height)
		for _, i := range column {
			l := &placed[i]
			l.from = l.pos.Add(fyne.NewPos(0, l.size.Height/2))
			if side == 0 {
				l.from.X += l.size.Width
			}
		}
	}
	return placed
}

// stack moves the labels of one margin apart, down first and then, if the
// last ran past bottom, back up, so that none overlaps another.
func stack(placed []placedLabel, column []int, bottom float32) {
	const gap = 1
	sort.SliceStable(column, func(i, j int) bool { return placed[column[i]].pos.Y < placed[column[j]].pos.Y })
	next := float32(0)
	for _, i := range column {
		placed[i].pos.Y = max(placed[i].pos.Y, next)
		next = placed[i].pos.Y + placed[i].size.Height + gap
	}
	for k := len(column) - 1; k >= 0; k-- {
		l := &placed[column[k]]
		l.pos.Y = max(min(l.pos.Y, bottom-l.size.Height), 0)
		bottom = l.pos.Y - gap
	}
}

func (f *faceChart) CreateRenderer() fyne.WidgetRenderer {
	r := &faceRenderer{chart: f, outline: canvas.NewCircle(color.Transparent)}
	r.build()
	return r
}

type faceRenderer struct {
	chart   *faceChart
	outline *canvas.Circle
	shapes  []fyne.CanvasObject // one per region
	labels  []*canvas.Text      // the depth of each treated region
	leaders []*canvas.Line      // from a depth beside the face to its region
	extra   []*canvas.Text      // treated areas not on the chart
	objects []fyne.CanvasObject
}

func (r *faceRenderer) build() {
	r.outline.StrokeColor = theme.Color(theme.ColorNameForeground)
	r.outline.StrokeWidth = 1.5
	r.shapes, r.labels, r.leaders, r.extra = nil, nil, nil, nil
	outline := theme.Color(theme.ColorNameDisabled)
	for _, reg := range faceRegions {
		fill := color.Color(color.Transparent)
		if d, ok := r.chart.depths[reg.area]; ok {
			fill = depthColour(d)
		}
		var shape fyne.CanvasObject
		if reg.oval {
			c := canvas.NewCircle(fill)
			c.StrokeColor, c.StrokeWidth = outline, 1
			shape = c
		} else {
			rect := canvas.NewRectangle(fill)
			rect.StrokeColor, rect.StrokeWidth, rect.CornerRadius = outline, 1, 3
			shape = rect
		}
		r.shapes = append(r.shapes, shape)
	}
	for _, line := range offFaceLines(r.chart.depths) {
		r.extra = append(r.extra, canvas.NewText(line, theme.Color(theme.ColorNameForeground)))
	}
	// Leaders under the shapes, which they may cross; text on top.
	r.objects = []fyne.CanvasObject{r.outline}
	for range faceRegions {
		line := canvas.NewLine(theme.Color(theme.ColorNameForeground))
		line.StrokeWidth = 1
		r.leaders = append(r.leaders, line)
		r.objects = append(r.objects, line)
	}
	r.objects = append(r.objects, r.shapes...)
	for range faceRegions {
		label := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		label.TextSize = theme.CaptionTextSize()
		r.labels = append(r.labels, label)
		r.objects = append(r.objects, label)
	}
	for _, t := range r.extra {
		r.objects = append(r.objects, t)
	}
}

func (r *faceRenderer) Layout(size fyne.Size) {
	at, fig := r.chart.figure(size)
	r.outline.Move(at.Add(fyne.NewPos(.12*fig.Width, .03*fig.Height)))
	r.outline.Resize(fyne.NewSize(.76*fig.Width, .67*fig.Height))
	for i, reg := range faceRegions {
		p, s := regionBox(reg, at, fig)
		r.shapes[i].Move(p)
		r.shapes[i].Resize(s)
		r.labels[i].Text = ""
		r.leaders[i].Hidden = true
	}
	for _, l := range r.chart.placeLabels(size) {
		text := r.labels[l.region]
		text.Text, text.Color = l.text, theme.Color(theme.ColorNameForeground)
		if l.inside {
			text.Color = depthTextColour(r.chart.depths[faceRegions[l.region].area])
		} else {
			line := r.leaders[l.region]
			line.Position1, line.Position2, line.Hidden = l.from, l.to, false
		}
		text.Move(l.pos)
		text.Resize(l.size)
	}
	y := fig.Height
	for _, t := range r.extra {
		t.Move(fyne.NewPos(0, y))
		y += t.MinSize().Height
	}
}

func (r *faceRenderer) MinSize() fyne.Size { return r.chart.MinSize() }

func (r *faceRenderer) Refresh() {
	r.build()
	r.Layout(r.chart.Size())
	canvas.Refresh(r.chart)
}

func (r *faceRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *faceRenderer) Destroy() {}
