package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
)

// The page engine every document shares: paper, fonts, the clinic's
// header and the footer on every page (this file), text set line by line
// rather than by the PDF library (text.go), so that a letter the main font
// lacks is drawn in another, right-to-left names read the right way and a
// phone number never breaks, and the blocks of the body (blocks.go), so
// that a heading is never left alone at the foot of a page and a bullet is
// never cut in two.

// now and compress are seams for tests, which need the same bytes on every
// run and streams that can be read without inflating them.
var (
	now      = time.Now
	compress = true
)

// Page layout in millimetres and points.
const (
	marginSide   = 20.0
	marginBottom = 22.0
	headerTop    = 13.0
	logoHeight   = 15.0
	headerRule   = 33.0
	bodyTop      = 40.0

	titleSize = 18.0
	smallSize = 9.0
)

// Colours: a calm teal for structure, near black for reading.
var (
	colourText    = [3]int{34, 38, 41}
	colourMuted   = [3]int{96, 104, 110}
	colourAccent  = [3]int{38, 112, 116}
	colourPanel   = [3]int{238, 245, 245}
	colourRule    = [3]int{190, 214, 214}
	colourOnPanel = [3]int{255, 255, 255}
	colourWarn    = [3]int{253, 243, 228}
	colourWarnBar = [3]int{196, 120, 30}
)

// doc is one document being laid out.
type doc struct {
	pdf                 *gofpdf.Fpdf
	pageW, pageH, width float64
	clinic, address     string
	phone               string // printable, never broken across lines
	running             string // what the page header says after page 1, before ", continued"
	// identity, when set, names the patient under the header of every
	// page (the session record's name, date of birth and clinic number).
	identity string
	// footer, when set, replaces the "Questions? Call us" line.
	footer    string
	top       float64 // where the body starts on every page
	logo      string
	logoRatio float64
	faces     map[string]bool // the faces registered so far
	style     string
	size      float64
	sizes
}

// sizes are the type sizes (points) and spacing (millimetres) of the body.
type sizes struct {
	bodyPt, headPt                    float64
	lh, headLh, headBefore, paraAfter float64
}

// Type and spacing: normalSizes first; a document that would run one page
// over with them is set again in tightSizes.
var (
	normalSizes = sizes{bodyPt: 10.5, headPt: 12.5, lh: 5.0, headLh: 6.5, headBefore: 3.0, paraAfter: 2.0}
	tightSizes  = sizes{bodyPt: 10, headPt: 12, lh: 4.6, headLh: 6.0, headBefore: 2.4, paraAfter: 1.5}
)

// newDoc starts a document for the clinic: paper, fonts, logo, metadata and
// the header on every page. title names the document in its metadata and,
// with ", continued", at the top of every page after the first; it must
// already be printable. The caller adds the first page.
func newDoc(clinic Clinic, title string) (*doc, error) {
	size := "A4"
	switch strings.ToLower(strings.TrimSpace(clinic.PaperSize)) {
	case "", "a4":
	case "letter":
		size = "Letter"
	default:
		return nil, fmt.Errorf("paper size %q: choose A4 or Letter", clinic.PaperSize)
	}

	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: size})
	d := &doc{
		pdf:     pdf,
		running: title,
		clinic:  printableText(oneLine(clinic.Name)),
		address: printableText(oneLine(clinic.Address)),
		phone:   nobreak(printableText(oneLine(clinic.Phone))),
		top:     bodyTop,
		faces:   map[string]bool{},
		sizes:   normalSizes,
	}
	d.pageW, d.pageH = pdf.GetPageSize()
	d.width = d.pageW - 2*marginSide

	pdf.SetCompression(compress)
	t := now()
	pdf.SetCreationDate(t)
	pdf.SetModificationDate(t)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(d.clinic, true)
	pdf.SetCreator(creator, true)
	d.register(embeddedFaces()[0])
	pdf.SetMargins(marginSide, bodyTop, marginSide)
	pdf.SetAutoPageBreak(false, marginBottom)
	pdf.SetCellMargin(0)
	if img, ok := logoPNG(clinic.Logo); ok {
		info := pdf.RegisterImageOptionsReader("logo", gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(img))
		if info != nil && info.Height() > 0 {
			d.logo, d.logoRatio = "logo", info.Width()/info.Height()
		}
	}
	pdf.SetHeaderFuncMode(d.header, true)
	return d, nil
}

// register adds a face to the document the first time it is used.
func (d *doc) register(f *face) {
	if d.faces[f.family] {
		return
	}
	d.faces[f.family] = true
	// gofpdf writes into the font bytes it is given; each document needs
	// its own copy or concurrent documents race.
	d.pdf.AddUTF8FontFromBytes(f.family, "", bytes.Clone(f.regular))
	if f.bold != nil {
		d.pdf.AddUTF8FontFromBytes(f.family, "B", bytes.Clone(f.bold))
	}
}

// newPage starts a page; the header sets the body's top.
func (d *doc) newPage() {
	d.pdf.AddPage()
	d.pdf.SetY(d.top)
}

// finish writes the footers and the document; what names it in an error.
func (d *doc) finish(w io.Writer, what string) error {
	d.footers()
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("printing %s: %w", what, err)
	}
	return d.pdf.Output(w)
}

// font sets the style and size the next text is measured and drawn in.
func (d *doc) font(style string, size float64, colour [3]int) {
	d.style, d.size = style, size
	d.pdf.SetTextColor(colour[0], colour[1], colour[2])
}

// setFace makes f the PDF's current font in the current style and size.
func (d *doc) setFace(f *face) {
	d.register(f)
	style := d.style
	if f.bold == nil {
		style = "" // a system font in one weight
	}
	d.pdf.SetFont(f.family, style, d.size)
}

// room is how much of the page is left below the current position.
func (d *doc) room() float64 { return d.pageH - marginBottom - d.pdf.GetY() }

// atTop reports whether nothing is drawn yet on the page's body.
func (d *doc) atTop() bool { return d.pdf.GetY() <= d.top+0.5 }

// need starts a new page unless h more millimetres fit on this one, or
// this page is still empty (where nothing taller would fit either).
func (d *doc) need(h float64) {
	if h > d.room() && !d.atTop() {
		d.newPage()
	}
}

// header draws the clinic's name, address and phone at the top of every
// page, the patient's identity when the document has one, and says whose
// document continues on the pages after the first.
func (d *doc) header() {
	pdf := d.pdf
	x := marginSide
	if d.logo != "" {
		w, h := logoHeight*d.logoRatio, logoHeight
		if w > 45 {
			w, h = 45, 45/d.logoRatio
		}
		pdf.ImageOptions(d.logo, x, headerTop+(logoHeight-h)/2, w, h, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		x += w + 5
	} else {
		r := logoHeight / 2
		pdf.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
		pdf.Circle(x+r, headerTop+r, r, "F")
		d.font("B", 12, colourOnPanel)
		d.drawLine(x, headerTop, 2*r, 2*r, initials(d.clinic), "C")
		x += 2*r + 5
	}
	avail := d.pageW - marginSide - x
	d.font("B", 14, colourText)
	d.drawLine(x, headerTop-0.5, avail, 6.5, d.fit(d.clinic, avail), "L")
	d.font("", smallSize, colourMuted)
	y := headerTop + 6
	for _, line := range []string{d.address, labelled("Phone", d.phone)} {
		if line != "" {
			d.drawLine(x, y, avail, 4.5, d.fit(line, avail), "L")
			y += 4.5
		}
	}
	pdf.SetDrawColor(colourRule[0], colourRule[1], colourRule[2])
	pdf.SetLineWidth(0.4)
	pdf.Line(marginSide, headerRule, d.pageW-marginSide, headerRule)
	d.font("", smallSize, colourMuted)
	right := ""
	if pdf.PageNo() > 1 {
		right = d.running + ", continued"
	}
	if d.identity != "" {
		w := d.width
		if right != "" {
			w -= d.measure(right) + 4
		}
		d.font("B", smallSize, colourText)
		d.drawLine(marginSide, headerRule+1.5, w, 5, d.fit(d.identity, w), "L")
		d.font("", smallSize, colourMuted)
		if right != "" {
			d.drawLine(marginSide+w, headerRule+1.5, d.width-w, 5, right, "R")
		}
	} else if right != "" {
		d.drawLine(marginSide, headerRule+1.5, d.width, 5, d.fit(right, d.width), "R")
	}
	pdf.SetY(d.top)
}

// footers write "Page 1 of 2" and the clinic's phone, or the document's
// own footer, at the foot of each page once the number of pages is known.
func (d *doc) footers() {
	pdf := d.pdf
	n := pdf.PageCount()
	y := d.pageH - 14
	left := d.footer
	if left == "" {
		left = d.clinic
		if d.phone != "" {
			left = "Questions? Call us on " + d.phone
		}
	}
	for p := 1; p <= n; p++ {
		pdf.SetPage(p)
		// gofpdf skips a font change it thinks is a no-op, but this page
		// may have ended in another font: change it twice to be sure.
		pdf.SetFont(fontFamily, "B", smallSize+1)
		d.font("", smallSize, colourMuted)
		pdf.SetDrawColor(colourRule[0], colourRule[1], colourRule[2])
		pdf.SetLineWidth(0.3)
		pdf.Line(marginSide, y-2, d.pageW-marginSide, y-2)
		d.drawLine(marginSide, y, d.width-32, 5, d.fit(left, d.width-32), "L")
		d.drawLine(d.pageW-marginSide-30, y, 30, 5, fmt.Sprintf("Page %d of %d", p, n), "R")
	}
}

// title draws the document's title.
func (d *doc) title(text string) {
	d.font("B", titleSize, colourText)
	d.lines(d.wrap(text, d.width), marginSide, d.width, 8.5)
	d.pdf.Ln(2.5)
}

// nobreak keeps a phone number or other short value on one line.
func nobreak(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }

func labelled(label, value string) string {
	if value == "" {
		return ""
	}
	return label + " " + value
}

// initials are the default logo: the first letters of the first two words
// of the clinic's name.
func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if r != '?' && len(out) < 2 {
			out = append(out, r)
		}
	}
	return printableText(strings.ToUpper(string(out)))
}

// logoCache keeps the last logo converted, since a clinic prints every
// sheet with the same one.
var logoCache struct {
	sync.Mutex
	raw, png []byte
	ok       bool
}

// logoPNG returns the logo as a plain 8-bit PNG that gofpdf reads (it does
// not read interlaced or 16-bit ones), and false when there is no logo or
// it is not a PNG, so that the default stands in rather than no sheet.
func logoPNG(raw []byte) ([]byte, bool) {
	if len(raw) == 0 {
		return nil, false
	}
	logoCache.Lock()
	defer logoCache.Unlock()
	if bytes.Equal(raw, logoCache.raw) {
		return logoCache.png, logoCache.ok
	}
	logoCache.raw, logoCache.png, logoCache.ok = bytes.Clone(raw), nil, false
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, false
	}
	b := img.Bounds()
	plain := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			plain.Set(x-b.Min.X, y-b.Min.Y, img.At(x, y))
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, plain); err != nil {
		return nil, false
	}
	logoCache.png, logoCache.ok = buf.Bytes(), true
	return logoCache.png, true
}
