package sqlstore

import (
	"strings"
	"unicode"

	"needlepoint/data"
)

// searchWords splits folded text into words of letters and digits; every
// other character separates.
func searchWords(s string) []string {
	return strings.FieldsFunc(data.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
