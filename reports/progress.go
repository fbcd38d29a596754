package reports

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // the photos are JPEGs; their size is read before they are placed
	"io"

	"github.com/jung-kurt/gofpdf"
)

// ProgressSheet is the patient's before-and-after sheet: for each angle
// photographed at two visits, the earlier photo beside the later, with
// their dates and session numbers.
type ProgressSheet struct {
	Clinic      Clinic
	PatientName string
	Pairs       []ProgressPair
}

// ProgressPair is one angle, before and after.
type ProgressPair struct {
	Angle         string // "Front", "Left 45°", or a close-up's area
	Before, After ProgressPhoto
}

// ProgressPhoto is a photo of the sheet and what the caption says of it.
type ProgressPhoto struct {
	Caption string // "Session 1 · 16 January 2021"
	JPEG    []byte
}

// Layout of the pairs, in millimetres.
const (
	pairGap       = 6.0
	pairMaxHeight = 85.0
	captionHeight = 6.0
)

// Progress writes the progress sheet as a PDF.
func Progress(w io.Writer, s ProgressSheet) error {
	patient := printableText(oneLine(s.PatientName))
	d, err := newDoc(s.Clinic, "Progress photos for "+patient)
	if err != nil {
		return err
	}
	d.running = "Progress photos"
	d.identity = patient
	d.top = bodyTop + 3
	d.newPage()
	d.title("Your progress, " + patient)
	d.font("", d.bodyPt, colourMuted)
	d.lines(d.wrap("Each photo on the left is the earlier one, taken the same way as the later one beside it.", d.width), marginSide, d.width, d.lh)
	d.pdf.Ln(3)
	for i, p := range s.Pairs {
		if err := d.pair(fmt.Sprintf("progress-%d", i), p); err != nil {
			return err
		}
	}
	return d.finish(w, "the progress sheet")
}

// pair draws one angle's heading and its two photos side by side, scaled
// alike, kept together on one page.
func (d *doc) pair(name string, p ProgressPair) error {
	half := (d.width - pairGap) / 2
	h := 0.0
	for _, ph := range []ProgressPhoto{p.Before, p.After} {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(ph.JPEG))
		if err != nil {
			return fmt.Errorf("a photo of the progress sheet cannot be read: %w", err)
		}
		h = max(h, half*float64(cfg.Height)/float64(cfg.Width))
	}
	h = min(h, pairMaxHeight)
	d.need(d.headLh + 1 + h + captionHeight + 5)
	d.font("B", d.headPt, colourAccent)
	d.lines([]string{printableText(oneLine(p.Angle))}, marginSide, d.width, d.headLh)
	d.pdf.Ln(1)
	top := d.pdf.GetY()
	for i, ph := range []ProgressPhoto{p.Before, p.After} {
		x := marginSide + float64(i)*(half+pairGap)
		id := fmt.Sprintf("%s-%d", name, i)
		opts := gofpdf.ImageOptions{ImageType: "JPG"}
		info := d.pdf.RegisterImageOptionsReader(id, opts, bytes.NewReader(ph.JPEG))
		if info == nil {
			return d.pdf.Error()
		}
		w, ih := half, half*info.Height()/info.Width()
		if ih > h {
			w, ih = h*info.Width()/info.Height(), h
		}
		d.pdf.ImageOptions(id, x+(half-w)/2, top, w, ih, false, opts, 0, "")
		d.font("", smallSize, colourText)
		d.drawLine(x, top+h+1, half, captionHeight-1, printableText(oneLine(ph.Caption)), "C")
	}
	d.pdf.SetY(top + h + captionHeight + 5)
	return d.pdf.Error()
}
