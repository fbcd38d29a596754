package reports

import (
	"strings"
	"unicode"
)

// Text is set here line by line, not by the PDF library: each letter in a
// face that has it, right-to-left words in their order, and lines broken
// where a reader expects them.

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
