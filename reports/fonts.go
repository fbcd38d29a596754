package reports

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// fontFamily is the name the handouts register the Go fonts under. The core
// PDF fonts are cp1252 and would silently drop letters such as Ł or Д.
const fontFamily = "go"

// fontFaces are the embedded faces, by gofpdf style.
var fontFaces = []struct {
	style string
	ttf   []byte
}{
	{"", goregular.TTF},
	{"B", gobold.TTF},
}

// coverage reports, for every rune of the Basic Multilingual Plane, whether
// all the embedded faces have a glyph for it. It is built once, on first use,
// so that programs that never print pay nothing.
var coverage = sync.OnceValue(func() *[1 << 16]bool {
	var has [1 << 16]bool
	for r := range has {
		has[r] = true
	}
	for _, face := range fontFaces {
		f, err := sfnt.Parse(face.ttf)
		if err != nil {
			panic("reports: the embedded Go font does not parse: " + err.Error())
		}
		var buf sfnt.Buffer
		for r := range has {
			if has[r] {
				g, err := f.GlyphIndex(&buf, rune(r))
				has[r] = err == nil && g != 0
			}
		}
	}
	return &has
})

// printable reports whether the embedded fonts can draw r. gofpdf indexes
// its width tables by rune, so anything outside the BMP must never reach it.
func printable(r rune) bool {
	return r >= 0 && r < 1<<16 && coverage()[r]
}

// missingGlyph stands in for a letter no embedded font can draw. A question
// mark is plain, prints everywhere and tells the reader a letter is missing.
const missingGlyph = '?'

// printableText rewrites s so that every rune is one the embedded fonts can
// draw: it keeps what the fonts have, falls back to the letter without its
// accent when only the accent is missing (NFKD), and writes a question mark
// for a letter of a script the fonts lack (CJK, Arabic, Hebrew, emoji…).
// Line breaks are kept; tabs become spaces; other control and invisible
// formatting characters are dropped. It never fails, so that any name or
// note prints legibly as far as the fonts allow.
func printableText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune('\n')
		case r == '\r':
			b.WriteRune('\n')
		case r == '\t':
			b.WriteRune(' ')
		case r == unicode.ReplacementChar, unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r),
			unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r):
			// Invalid UTF-8, controls, invisible formatting and private use
			// carry nothing a reader could see.
			if r == unicode.ReplacementChar {
				b.WriteRune(missingGlyph)
			}
		case printable(r):
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteString(fallback(r))
		}
	}
	return b.String()
}

// fallback returns what to print for a rune the fonts lack. It decomposes
// the rune (NFKD) and puts back as many of its accents as the fonts have a
// ready-made letter for, so "ặ" prints as "ă" and "ǅ" as "Dž": the letter
// is never lost for want of an accent. With nothing printable it returns a
// question mark.
func fallback(r rune) string {
	var b strings.Builder
	base := rune(-1)
	flush := func() {
		if base >= 0 {
			b.WriteRune(base)
		}
	}
	for _, d := range norm.NFKD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			// Combining marks print badly without shaping: keep an accent
			// only when base and accent make one printable letter.
			if base >= 0 {
				if c := []rune(norm.NFC.String(string([]rune{base, d}))); len(c) == 1 && printable(c[0]) {
					base = c[0]
				}
			}
			continue
		}
		flush()
		base = -1
		if printable(d) {
			base = d
		}
	}
	flush()
	if b.Len() == 0 {
		return string(missingGlyph)
	}
	return b.String()
}

// Unprintable returns, once each and in order, the letters of s that a
// handout cannot draw and prints as a question mark (such as Chinese,
// Arabic or emoji), so that a screen can warn before printing a name or
// note that would come out as "???".
func Unprintable(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range norm.NFC.String(s) {
		if r == unicode.ReplacementChar || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
			unicode.Is(unicode.Co, r) || unicode.IsSpace(r) || printable(r) || seen[r] {
			continue
		}
		if fallback(r) == string(missingGlyph) {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}
