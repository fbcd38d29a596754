package data

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// SignaturePad is the size, in pad units, of the box a signature is drawn
// in; the strokes' points lie inside it.
var SignaturePad = Point{X: 420, Y: 140}

// signatureScale is how many pixels of the image one pad unit becomes, so
// a printed signature is sharp.
const signatureScale = 2

// signatureInk is the colour of a signature: dark blue, like a pen's.
var signatureInk = color.NRGBA{R: 0x10, G: 0x2a, B: 0x6b, A: 0xff}

// NewSignature returns the signature made of strokes drawn in a pad of
// SignaturePad's size, with its image: a PNG, the strokes in dark blue on
// a transparent ground, twice the pad's size.
func NewSignature(strokes []Stroke) (Signature, error) {
	w, h := int(SignaturePad.X*signatureScale), int(SignaturePad.Y*signatureScale)
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for _, st := range strokes {
		for i := range st {
			a := st[i]
			b := a
			if i+1 < len(st) {
				b = st[i+1]
			}
			drawLine(img, a, b)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Signature{}, err
	}
	return Signature{Strokes: strokes, Image: buf.Bytes()}, nil
}

// drawLine draws a round-ended line 3 pixels wide from a to b (pad units).
func drawLine(img *image.NRGBA, a, b Point) {
	const radius = 1.6
	ax, ay := float64(a.X)*signatureScale, float64(a.Y)*signatureScale
	bx, by := float64(b.X)*signatureScale, float64(b.Y)*signatureScale
	steps := int(math.Ceil(math.Hypot(bx-ax, by-ay))) + 1
	for i := 0; i <= steps; i++ {
		t := float64(i) / float64(steps)
		cx, cy := ax+(bx-ax)*t, ay+(by-ay)*t
		for y := int(cy - radius); y <= int(cy+radius)+1; y++ {
			for x := int(cx - radius); x <= int(cx+radius)+1; x++ {
				if math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) <= radius {
					img.SetNRGBA(x, y, signatureInk)
				}
			}
		}
	}
}
