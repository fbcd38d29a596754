package reports

import "strings"

// The blocks of a document's body (panels, headings, paragraphs, bullets,
// warnings and tables of pairs) and how they are kept together on a page.

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

// blocksHeight is the room blocks take when none is cut across pages.
func (d *doc) blocksHeight(blocks []block) float64 {
	var h float64
	for _, b := range blocks {
		h += d.lay(b).height(0)
	}
	return h
}
