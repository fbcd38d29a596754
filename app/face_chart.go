package app

import (
	"image/color"
	"strings"

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

// faceChart draws the treated areas on a face outline, each coloured by
// its needle depth, deeper darker. With OnTapped set, tapping an area
// reports it.
type faceChart struct {
	widget.BaseWidget
	depths    map[data.Area]data.Depth
	OnTapped  func(data.Area)
	chartSize fyne.Size
}

func newFaceChart(depths map[data.Area]data.Depth) *faceChart {
	f := &faceChart{depths: depths, chartSize: fyne.NewSize(210, 260)}
	f.ExtendBaseWidget(f)
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

func (f *faceChart) MinSize() fyne.Size { return f.chartSize }

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
	size := f.Size()
	for _, r := range faceRegions {
		x, y := pos.X/size.Width, pos.Y/size.Height
		if x >= r.x && x <= r.x+r.w && y >= r.y && y <= r.y+r.h {
			return r.area, true
		}
	}
	return "", false
}

// depthColour is the fill of an area treated at d: the theme's primary
// colour, more opaque the deeper the needles went.
func depthColour(d data.Depth) color.Color {
	r, g, b, _ := theme.Color(theme.ColorNamePrimary).RGBA()
	alpha := 70 + int(min(d, 200))*185/200
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(alpha)}
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
	labels  []*canvas.Text      // the depth on each treated region
	extra   *canvas.Text        // treated areas not on the chart
}

func (r *faceRenderer) build() {
	r.outline.StrokeColor = theme.Color(theme.ColorNameForeground)
	r.outline.StrokeWidth = 1.5
	r.shapes, r.labels = nil, nil
	outline := theme.Color(theme.ColorNameDisabled)
	for _, reg := range faceRegions {
		fill := color.Color(color.Transparent)
		text := ""
		if d, ok := r.chart.depths[reg.area]; ok {
			fill, text = depthColour(d), d.String()
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
		label := canvas.NewText(text, theme.Color(theme.ColorNameForeground))
		label.TextSize = theme.CaptionTextSize()
		label.Alignment = fyne.TextAlignCenter
		r.shapes, r.labels = append(r.shapes, shape), append(r.labels, label)
	}
	var other []string
	for _, a := range []data.Area{data.AreaBody, data.AreaOther} {
		if d, ok := r.chart.depths[a]; ok {
			other = append(other, a.Label()+" "+d.String())
		}
	}
	r.extra = canvas.NewText(strings.Join(other, " · "), theme.Color(theme.ColorNameForeground))
	r.extra.TextSize = theme.CaptionTextSize()
}

func (r *faceRenderer) Layout(size fyne.Size) {
	at := func(x, y float32) fyne.Position { return fyne.NewPos(x*size.Width, y*size.Height) }
	r.outline.Move(at(.12, .03))
	r.outline.Resize(fyne.NewSize(.76*size.Width, .67*size.Height))
	seen := map[data.Area]bool{}
	for i, reg := range faceRegions {
		box := fyne.NewSize(reg.w*size.Width, reg.h*size.Height)
		r.shapes[i].Move(at(reg.x, reg.y))
		r.shapes[i].Resize(box)
		// One depth per area, on its first (left) region, where it fits.
		if seen[reg.area] || r.labels[i].MinSize().Width > box.Width {
			r.labels[i].Text = ""
		}
		seen[reg.area] = true
		r.labels[i].Move(at(reg.x, reg.y).Add(fyne.NewPos(0, (box.Height-r.labels[i].MinSize().Height)/2)))
		r.labels[i].Resize(fyne.NewSize(box.Width, r.labels[i].MinSize().Height))
	}
	r.extra.Move(fyne.NewPos(0, size.Height-r.extra.MinSize().Height))
}

func (r *faceRenderer) MinSize() fyne.Size { return r.chart.MinSize() }

func (r *faceRenderer) Refresh() {
	r.build()
	r.Layout(r.chart.Size())
	canvas.Refresh(r.chart)
}

func (r *faceRenderer) Objects() []fyne.CanvasObject {
	objects := append([]fyne.CanvasObject{r.outline}, r.shapes...)
	for _, l := range r.labels {
		objects = append(objects, l)
	}
	return append(objects, r.extra)
}

func (r *faceRenderer) Destroy() {}
