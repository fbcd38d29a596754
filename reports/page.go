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
	"unicode"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
)

// The page engine every document shares: paper, fonts, the clinic's
// header and the footer on every page, labelled panels, and text that is
// set line by line here rather than by the PDF library, so that a letter
// the main font lacks is drawn in another, right-to-left names read the
// right way, a heading is never left alone at the foot of a page, a
// bullet is never cut in two and a phone number never breaks.

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

// span is a piece of a line drawn in one face.
type span struct {
	face *face
	text string
}

// spans cuts a line, already in the order it is drawn, by face.
func spans(line string) []span {
	main := embeddedFaces()[0]
	var out []span
	var cur *face
	start := 0
	for i, r := range line {
		f := faceFor(r)
		if f == nil || (r == ' ' || r == '\u00a0') {
			f = main
			if cur != nil {
				f = cur
			}
		}
		if f != cur {
			if cur != nil && i > start {
				out = append(out, span{cur, line[start:i]})
			}
			cur, start = f, i
		}
	}
	if cur != nil && start < len(line) {
		out = append(out, span{cur, line[start:]})
	}
	return out
}

// visual is a line as it is drawn: Arabic letters joined, and right-to-left
// words in the order they are drawn.
func visual(line string) string { return visualOrder(shapeArabic(line)) }

// measure is the width of a line in the current style and size.
func (d *doc) measure(line string) float64 {
	var w float64
	for _, s := range spans(visual(line)) {
		d.setFace(s.face)
		w += d.pdf.GetStringWidth(s.text)
	}
	return w
}

// drawLine draws one line at x, its top at y, in a box h high and w wide,
// aligned "L", "R" or "C".
func (d *doc) drawLine(x, y, w, h float64, line, align string) {
	parts := spans(visual(line))
	widths := make([]float64, len(parts))
	var total float64
	for i, s := range parts {
		d.setFace(s.face)
		widths[i] = d.pdf.GetStringWidth(s.text)
		total += widths[i]
	}
	switch align {
	case "R":
		x += w - total
	case "C":
		x += (w - total) / 2
	}
	for i, s := range parts {
		d.setFace(s.face)
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(widths[i], h, s.text, "", 0, "L", false, 0, "")
		x += widths[i]
	}
}

// wrap breaks printable text into lines no wider than w in the current
// style and size. It breaks at spaces (never at a no-break space, which
// holds a phone number together), between Chinese, Japanese or Korean
// letters, and inside a word only when the word alone is wider than w.
func (d *doc) wrap(text string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		var cur string
		for _, word := range words(para) {
			switch {
			case cur == "":
				cur = strings.TrimLeft(word, " ")
			case d.measure(cur+word) <= w:
				cur += word
			default:
				lines = append(lines, cur)
				cur = strings.TrimLeft(word, " ")
			}
			for d.measure(cur) > w {
				head := d.longestFit(cur, w)
				lines = append(lines, head)
				cur = cur[len(head):]
			}
		}
		lines = append(lines, cur)
	}
	return lines
}

// words cuts a paragraph where a line may break: each word keeps the space
// before it, and each CJK letter is a word of its own. A space between two
// digits is no place to break, so that a phone number in a note stays
// whole ("01273 555 012").
func words(para string) []string {
	var out []string
	start := 0
	prev := rune(0)
	r := []rune(para)
	i := 0
	for k, c := range para {
		nextDigit := i+1 < len(r) && unicode.IsDigit(r[i+1])
		if k > start && (c == ' ' && !(unicode.IsDigit(prev) && nextDigit) || needsSystemFont(c)) {
			out = append(out, para[start:k])
			start = k
		}
		if needsSystemFont(c) {
			out = append(out, para[start:k+len(string(c))])
			start = k + len(string(c))
		}
		prev = c
		i++
	}
	if start < len(para) {
		out = append(out, para[start:])
	}
	return out
}

// longestFit is the longest start of s, at least one letter, that fits w.
func (d *doc) longestFit(s string, w float64) string {
	r := []rune(s)
	n := 1
	for n < len(r) && d.measure(string(r[:n+1])) <= w {
		n++
	}
	return string(r[:n])
}

// lines draws wrapped lines from the current position at x, h apart.
func (d *doc) lines(lines []string, x, w, h float64) {
	y := d.pdf.GetY()
	for _, l := range lines {
		d.drawLine(x, y, w, h, l, "L")
		y += h
	}
	d.pdf.SetY(y)
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

// fit shortens s with an ellipsis to fit width w in the current style, for
// the one-line parts of headers, footers and tables.
func (d *doc) fit(s string, w float64) string {
	if d.measure(s) <= w {
		return s
	}
	more := "…"
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi { // the longest prefix that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if d.measure(string(r[:mid])+more) <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(r[:lo]), " ,") + more
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

// row is one labelled fact in a panel.
type row struct{ label, value string }

// panelRow is a row of a panel broken into lines.
type panelRow struct {
	label string
	lines []string
	bold  bool
}

// Sizes of panels, in millimetres.
const (
	panelLabelW = 42.0
	panelGap    = 1.0
)

// panelPads are the inner padding, side padding and space after a panel.
func panelPads(tint bool) (pad, padX, after float64) {
	if tint {
		return 4.5, 5.0, 4.0
	}
	return 0.5, 0, 1.5
}

// layPanel breaks a panel's rows into lines, leaving out empty values, and
// returns them with the panel's height.
func (d *doc) layPanel(rows []row, tint bool) ([]panelRow, float64) {
	pad, padX, after := panelPads(tint)
	valueW := d.width - 2*padX - panelLabelW
	var kept []panelRow
	height := 2*pad + after - panelGap
	for i, r := range rows {
		value := printableText(strings.TrimSpace(r.value))
		if value == "" {
			continue
		}
		bold := i == 0 && tint
		style := ""
		if bold {
			style = "B"
		}
		d.font(style, d.bodyPt, colourText)
		l := panelRow{printableText(oneLine(r.label)), d.wrap(value, valueW), bold}
		height += float64(len(l.lines))*d.lh + panelGap
		kept = append(kept, l)
	}
	if len(kept) == 0 {
		return nil, 0
	}
	return kept, height
}

// panel draws labelled facts, the label in small muted type beside the
// value; rows with an empty value are left out. With tint a tinted box goes
// behind them, and the panel is kept on one page when it fits on one.
func (d *doc) panel(rows []row, tint bool) {
	pdf := d.pdf
	pad, padX, after := panelPads(tint)
	valueW := d.width - 2*padX - panelLabelW
	kept, height := d.layPanel(rows, tint)
	if len(kept) == 0 {
		return
	}
	// A panel stays whole on a page; one taller than half a page may be
	// cut between rows.
	if height <= (d.pageH-d.top-marginBottom)/2 {
		d.need(height - after)
	} else {
		d.need(float64(len(kept[0].lines))*d.lh + pad)
	}
	top := pdf.GetY()
	if tint && height-after <= d.room() {
		pdf.SetFillColor(colourPanel[0], colourPanel[1], colourPanel[2])
		pdf.RoundedRect(marginSide, top, d.width, height-after, 2.5, "1234", "F")
	}
	pdf.SetY(top + pad)
	for _, l := range kept {
		d.need(float64(len(l.lines)) * d.lh)
		y := pdf.GetY()
		d.font("", smallSize+0.5, colourMuted)
		// Sit the smaller label on the value's baseline.
		d.drawLine(marginSide+padX, y+0.3, panelLabelW, d.lh, d.fit(l.label, panelLabelW-1), "L")
		style := ""
		if l.bold {
			style = "B"
		}
		d.font(style, d.bodyPt, colourText)
		pdf.SetY(y)
		d.lines(l.lines, marginSide+padX+panelLabelW, valueW, d.lh)
		pdf.SetY(pdf.GetY() + panelGap)
	}
	pdf.SetY(pdf.GetY() - panelGap + pad + after)
}

// blockKind is what a block of text becomes on the page.
type blockKind int

const (
	paragraph blockKind = iota
	bullet
	heading
	// warning is a paragraph set apart in a tinted box with a bar, for
	// what the reader must not miss (a cold-sore history).
	warning
	pair
)

// block is one heading, bullet or paragraph, already filled in; a pair
// is a value with its label beside it ("Swimming and sauna": "from …").
type block struct {
	kind  blockKind
	text  string
	label string
}

// Indents and spacing of blocks, in millimetres.
const (
	bulletIndent = 6.5
	pairLabelW   = 64.0
	warningPad   = 2.5
)

// laidBlock is a block broken into lines, ready to draw.
type laidBlock struct {
	block
	lines, labelLines []string
	sizes
}

// lay breaks a block into lines in its own style.
func (d *doc) lay(b block) laidBlock {
	l := d.layLines(b)
	l.sizes = d.sizes
	return l
}

func (d *doc) layLines(b block) laidBlock {
	text := printableText(b.text)
	switch b.kind {
	case heading:
		d.font("B", d.headPt, colourAccent)
		return laidBlock{block: b, lines: d.wrap(text, d.width)}
	case bullet:
		d.font("", d.bodyPt, colourText)
		return laidBlock{block: b, lines: d.wrap(text, d.width-bulletIndent)}
	case warning:
		d.font("", d.bodyPt, colourText)
		return laidBlock{block: b, lines: d.wrap(text, d.width-2*warningPad-3)}
	case pair:
		d.font("B", d.bodyPt, colourText)
		l := laidBlock{block: b, lines: d.wrap(text, d.width-pairLabelW)}
		d.font("", d.bodyPt, colourText)
		l.labelLines = d.wrap(printableText(b.label), pairLabelW-3)
		return l
	}
	d.font("", d.bodyPt, colourText)
	return laidBlock{block: b, lines: d.wrap(text, d.width)}
}

// height is the room a block takes with the space after it; first is how
// many of its lines count (0 for all).
func (l laidBlock) height(first int) float64 {
	n := len(l.lines)
	if first > 0 {
		n = min(n, first)
	}
	switch l.kind {
	case heading:
		return l.headBefore + float64(n)*l.headLh + 0.8
	case bullet:
		return float64(n)*l.lh + 0.8
	case warning:
		return float64(n)*l.lh + 2*warningPad + 2.5
	case pair:
		return float64(max(n, len(l.labelLines)))*l.lh + 1.6
	}
	return float64(n)*l.lh + l.paraAfter
}

// body lays out blocks: a heading stays with what follows it (the whole
// section when it is short, else at least its first block or two lines),
// a bullet or warning is never cut in two, and a paragraph is cut only
// with two lines or more on each page.
func (d *doc) body(blocks []block) {
	laid := make([]laidBlock, len(blocks))
	for i, b := range blocks {
		laid[i] = d.lay(b)
	}
	for i, l := range laid {
		switch l.kind {
		case heading:
			d.need(d.keepWith(laid, i))
			if !d.atTop() {
				d.pdf.Ln(d.headBefore)
			}
			d.font("B", d.headPt, colourAccent)
			d.lines(l.lines, marginSide, d.width, d.headLh)
			d.pdf.Ln(0.8)
		case bullet:
			d.need(l.height(0))
			y := d.pdf.GetY()
			d.pdf.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
			d.pdf.Circle(marginSide+2, y+d.lh/2, 0.9, "F")
			d.font("", d.bodyPt, colourText)
			d.lines(l.lines, marginSide+bulletIndent, d.width-bulletIndent, d.lh)
			d.pdf.Ln(0.8)
		case warning:
			d.need(l.height(0))
			pdf := d.pdf
			y := pdf.GetY()
			h := float64(len(l.lines))*d.lh + 2*warningPad
			pdf.SetFillColor(colourWarn[0], colourWarn[1], colourWarn[2])
			pdf.Rect(marginSide, y, d.width, h, "F")
			pdf.SetFillColor(colourWarnBar[0], colourWarnBar[1], colourWarnBar[2])
			pdf.Rect(marginSide, y, 1.5, h, "F")
			pdf.SetY(y + warningPad)
			d.font("", d.bodyPt, colourText)
			d.lines(l.lines, marginSide+warningPad+3, d.width-2*warningPad-3, d.lh)
			pdf.SetY(y + h + 2.5)
		case pair:
			if i == 0 || laid[i-1].kind != pair {
				// A table of pairs stays whole when it is short.
				var run float64
				for j := i; j < len(laid) && laid[j].kind == pair; j++ {
					run += laid[j].height(0)
				}
				if run <= 60 {
					d.need(run)
				}
			}
			d.need(l.height(0))
			pdf := d.pdf
			y := pdf.GetY()
			d.font("", d.bodyPt, colourText)
			d.lines(l.labelLines, marginSide, pairLabelW-3, d.lh)
			pdf.SetY(y)
			d.font("B", d.bodyPt, colourText)
			d.lines(l.lines, marginSide+pairLabelW, d.width-pairLabelW, d.lh)
			y += float64(max(len(l.lines), len(l.labelLines)))*d.lh + 0.6
			pdf.SetDrawColor(colourRule[0], colourRule[1], colourRule[2])
			pdf.SetLineWidth(0.2)
			pdf.Line(marginSide, y, d.pageW-marginSide, y)
			pdf.SetY(y + 1)
		default:
			d.font("", d.bodyPt, colourText)
			lines := l.lines
			for {
				fits := int((d.room() + 0.01) / d.lh)
				if fits >= len(lines) {
					d.lines(lines, marginSide, d.width, d.lh)
					break
				}
				take := min(fits, len(lines)-2) // two lines at least go over
				switch {
				case d.atTop():
					take = max(fits, 1)
				case take < 2: // and two at least stay
					take = 0
				}
				d.lines(lines[:take], marginSide, d.width, d.lh)
				lines = lines[take:]
				d.newPage()
				d.font("", d.bodyPt, colourText)
			}
			d.pdf.Ln(d.paraAfter)
		}
	}
}

// keepWith is the room a heading needs on its page: the heading with its
// whole section when the section is short, else with its first block (two
// lines of it when that is a long paragraph).
func (d *doc) keepWith(laid []laidBlock, i int) float64 {
	h := laid[i].height(0)
	var section float64
	for j := i + 1; j < len(laid) && laid[j].kind != heading; j++ {
		section += laid[j].height(0)
	}
	if section <= 24 {
		return h + section - d.paraAfter
	}
	if i+1 < len(laid) && laid[i+1].kind == pair {
		for j := i + 1; j < len(laid) && laid[j].kind == pair; j++ {
			h += laid[j].height(0)
		}
		return h
	}
	if i+1 < len(laid) {
		next := laid[i+1]
		if next.kind == paragraph && len(next.lines) > 3 {
			return h + next.height(2)
		}
		return h + next.height(0)
	}
	return h
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

// blocksHeight is the room blocks take when none is cut across pages.
func (d *doc) blocksHeight(blocks []block) float64 {
	var h float64
	for _, b := range blocks {
		h += d.lay(b).height(0)
	}
	return h
}
