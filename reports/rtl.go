package reports

import (
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// The PDF library draws letters one after the other, left to right, each
// in the shape it has on its own. Hebrew and Arabic are written right to
// left, and Arabic letters take another shape when joined to the letters
// beside them; both are done here, before a line is drawn, so that a name
// such as "نور" or "כהן" prints as its owner writes it.

// arabicForms are the presentation forms of the Arabic letters: isolated,
// final, initial and medial. A letter with two forms joins only to the
// letter before it; one with four joins on both sides.
var arabicForms = func() map[rune][]rune {
	m := map[rune][]rune{}
	// U+0621 to U+064A and their forms from U+FE80, in the same order.
	counts := []int{1, 2, 2, 2, 2, 4, 2, 4, 2, 4, 4, 4, 4, 4, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4}
	form := rune(0xFE80)
	for i, n := range counts {
		m[0x0621+rune(i)] = forms(form, n)
		form += rune(n)
	}
	for i, n := range []int{4, 4, 4, 4, 4, 4, 4, 2, 2, 4} { // U+0641 to U+064A
		m[0x0641+rune(i)] = forms(form, n)
		form += rune(n)
	}
	// Letters of Persian and Urdu names.
	for r, first := range map[rune]rune{0x067E: 0xFB56, 0x0686: 0xFB7A, 0x06A9: 0xFB8E, 0x06AF: 0xFB92, 0x06CC: 0xFBFC} {
		m[r] = forms(first, 4)
	}
	m[0x0698] = forms(0xFB8A, 2)
	return m
}()

func forms(first rune, n int) []rune {
	f := make([]rune, n)
	for i := range f {
		f[i] = first + rune(i)
	}
	return f
}

// lamAlef are the ligatures of lam with an alef, isolated; final is one on.
var lamAlef = map[rune]rune{0x0622: 0xFEF5, 0x0623: 0xFEF7, 0x0625: 0xFEF9, 0x0627: 0xFEFB}

// shapeArabic gives each Arabic letter of s, in logical order, the form
// its neighbours call for, and joins lam and alef into their ligature.
func shapeArabic(s string) string {
	in := []rune(s)
	has := false
	for _, r := range in {
		if arabicForms[r] != nil {
			has = true
			break
		}
	}
	if !has {
		return s
	}
	// neighbour finds the next letter from i in direction step, skipping
	// the vowel marks that sit on letters.
	neighbour := func(i, step int) rune {
		for j := i + step; j >= 0 && j < len(in); j += step {
			if !unicode.Is(unicode.Mn, in[j]) {
				return in[j]
			}
		}
		return 0
	}
	joinsOn := func(r rune) bool { return len(arabicForms[r]) == 4 }
	out := make([]rune, 0, len(in))
	for i := 0; i < len(in); i++ {
		r := in[i]
		f := arabicForms[r]
		if f == nil {
			out = append(out, r)
			continue
		}
		prev := neighbour(i, -1)
		afterPrev := arabicForms[prev] != nil && joinsOn(prev)
		if r == 0x0644 {
			if lig, ok := lamAlef[neighbour(i, 1)]; ok {
				if afterPrev {
					lig++
				}
				out = append(out, lig)
				for i++; unicode.Is(unicode.Mn, in[i]); i++ {
					out = append(out, in[i])
				}
				continue
			}
		}
		next := neighbour(i, 1)
		beforeNext := len(f) == 4 && arabicForms[next] != nil
		switch {
		case len(f) == 1:
			out = append(out, f[0])
		case afterPrev && beforeNext:
			out = append(out, f[3])
		case afterPrev:
			out = append(out, f[1])
		case beforeNext:
			out = append(out, f[2])
		default:
			out = append(out, f[0])
		}
	}
	return string(out)
}

// rightToLeft reports whether r is a letter written right to left.
func rightToLeft(r rune) bool {
	p, _ := bidi.LookupRune(r)
	c := p.Class()
	return c == bidi.R || c == bidi.AL
}

// weak reports whether r takes its direction from the letters around it:
// spaces, punctuation, vowel marks and Arabic digits.
func weak(r rune) bool {
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.WS, bidi.ON, bidi.NSM, bidi.CS, bidi.ES, bidi.ET, bidi.AN, bidi.BN:
		return true
	}
	return false
}

// visualOrder rewrites one line, in logical order, in the order its letters
// are drawn from left to right: every stretch of right-to-left words
// (with the spaces and marks between them) is reversed in place, the line
// itself being English and so left to right. A vowel mark stays after
// the letter it sits on.
func visualOrder(line string) string {
	in := []rune(line)
	any := false
	for _, r := range in {
		if rightToLeft(r) {
			any = true
			break
		}
	}
	if !any {
		return line
	}
	out := make([]rune, 0, len(in))
	for i := 0; i < len(in); {
		if !rightToLeft(in[i]) {
			out = append(out, in[i])
			i++
			continue
		}
		// The stretch runs to the last right-to-left letter before a
		// left-to-right one.
		end, last := i, i
		for end < len(in) && (rightToLeft(in[end]) || weak(in[end])) {
			if rightToLeft(in[end]) || unicode.Is(unicode.Mn, in[end]) {
				last = end
			}
			end++
		}
		stretch := in[i : last+1]
		// Reverse by cluster: a letter and the marks on it stay together.
		var clusters [][]rune
		for _, r := range stretch {
			if unicode.Is(unicode.Mn, r) && len(clusters) > 0 {
				clusters[len(clusters)-1] = append(clusters[len(clusters)-1], r)
				continue
			}
			clusters = append(clusters, []rune{r})
		}
		for k := len(clusters) - 1; k >= 0; k-- {
			out = append(out, mirror(clusters[k])...)
		}
		i = last + 1
	}
	return string(out)
}

// mirror swaps brackets drawn inside right-to-left text.
func mirror(c []rune) []rune {
	if len(c) == 1 {
		switch c[0] {
		case '(':
			return []rune{')'}
		case ')':
			return []rune{'('}
		case '[':
			return []rune{']'}
		case ']':
			return []rune{'['}
		}
	}
	return c
}
