package data

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// letterFolds spells out letters that Unicode does not decompose into a base
// letter and an accent, so "lukasz" still finds Łukasz.
var letterFolds = map[rune]string{
	'ł': "l", 'ø': "o", 'đ': "d", 'ß': "ss", 'æ': "ae", 'œ': "oe",
	'ı': "i", 'þ': "th", 'ð': "d", 'ħ': "h", 'ŀ': "l",
}

// Fold lower-cases s and strips accents, the form names are compared and
// searched in: Fold("Zoë Łukasz") == "zoe lukasz". Letters of other scripts
// keep their own alphabet.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := letterFolds[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// searchWords splits folded text into words of letters and digits; every
// other character separates.
func searchWords(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
