package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// signaturePad is a box to sign in with the mouse, a finger or a stylus.
// It keeps the strokes in the pad units of data.SignaturePad, whatever
// size it is drawn at, and turns them into a data.Signature.
type signaturePad struct {
	widget.BaseWidget
	strokes []data.Stroke
	drawing bool // a stroke is under way
	// OnChanged runs after each stroke and when the pad is cleared.
	OnChanged func()
	hint      string

	lines []fyne.CanvasObject // the drawn segments, for the renderer
}

func newSignaturePad(hint string) *signaturePad {
	p := &signaturePad{hint: hint}
	p.ExtendBaseWidget(p)
	return p
}

// MinSize is the pad's own size, so a signature is drawn at full scale.
func (p *signaturePad) MinSize() fyne.Size {
	return fyne.NewSize(data.SignaturePad.X, data.SignaturePad.Y)
}

// Dragged adds the pointer's new position to the stroke under way, or
// starts one where the drag began.
func (p *signaturePad) Dragged(ev *fyne.DragEvent) {
	at := p.toPad(ev.Position)
	if !p.drawing {
		p.drawing = true
		p.strokes = append(p.strokes, data.Stroke{p.toPad(ev.Position.Subtract(ev.Dragged))})
	}
	last := &p.strokes[len(p.strokes)-1]
	*last = append(*last, at)
	p.Refresh()
}

// DragEnd ends the stroke under way.
func (p *signaturePad) DragEnd() {
	p.drawing = false
	if p.OnChanged != nil {
		p.OnChanged()
	}
}

// Clear rubs the signature out.
func (p *signaturePad) Clear() {
	p.strokes, p.drawing = nil, false
	p.Refresh()
	if p.OnChanged != nil {
		p.OnChanged()
	}
}

// Signed reports whether what is drawn passes for a signature.
func (p *signaturePad) Signed() bool {
	return !data.Signature{Strokes: p.strokes}.Empty()
}

// Signature returns the strokes drawn and their image.
func (p *signaturePad) Signature() (data.Signature, error) {
	if len(p.strokes) == 0 {
		return data.Signature{}, nil
	}
	return data.NewSignature(p.strokes)
}

// toPad turns a position in the widget into pad units, kept inside the pad.
func (p *signaturePad) toPad(pos fyne.Position) data.Point {
	size := p.Size()
	if size.Width <= 0 || size.Height <= 0 {
		size = p.MinSize()
	}
	clamp := func(v, max float32) float32 { return min(max, v) }
	return data.Point{
		X: clamp(max(0, pos.X*data.SignaturePad.X/size.Width), data.SignaturePad.X),
		Y: clamp(max(0, pos.Y*data.SignaturePad.Y/size.Height), data.SignaturePad.Y),
	}
}

func (p *signaturePad) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.White)
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.InputRadiusSize()
	line := canvas.NewLine(color.NRGBA{R: 0x90, G: 0x90, B: 0x90, A: 0xff})
	hint := canvas.NewText(p.hint, color.NRGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xff})
	hint.TextSize = theme.CaptionTextSize()
	return &signatureRenderer{pad: p, bg: bg, baseline: line, hint: hint}
}

type signatureRenderer struct {
	pad      *signaturePad
	bg       *canvas.Rectangle
	baseline *canvas.Line
	hint     *canvas.Text
}

func (r *signatureRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	y := size.Height * 0.78
	r.baseline.Position1 = fyne.NewPos(12, y)
	r.baseline.Position2 = fyne.NewPos(size.Width-12, y)
	r.hint.Move(fyne.NewPos(14, y+4))
	r.layoutStrokes(size)
}

// layoutStrokes draws each stroke as segments scaled to the widget.
func (r *signatureRenderer) layoutStrokes(size fyne.Size) {
	sx, sy := size.Width/data.SignaturePad.X, size.Height/data.SignaturePad.Y
	ink := color.NRGBA{R: 0x10, G: 0x2a, B: 0x6b, A: 0xff}
	var lines []fyne.CanvasObject
	for _, st := range r.pad.strokes {
		for i := 1; i < len(st); i++ {
			l := canvas.NewLine(ink)
			l.StrokeWidth = 2
			l.Position1 = fyne.NewPos(st[i-1].X*sx, st[i-1].Y*sy)
			l.Position2 = fyne.NewPos(st[i].X*sx, st[i].Y*sy)
			lines = append(lines, l)
		}
	}
	r.pad.lines = lines
}

func (r *signatureRenderer) MinSize() fyne.Size { return r.pad.MinSize() }

func (r *signatureRenderer) Refresh() {
	r.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	r.hint.Text = r.pad.hint
	r.Layout(r.pad.Size())
	canvas.Refresh(r.pad)
}

func (r *signatureRenderer) Objects() []fyne.CanvasObject {
	return append([]fyne.CanvasObject{r.bg, r.baseline, r.hint}, r.pad.lines...)
}

func (r *signatureRenderer) Destroy() {}
