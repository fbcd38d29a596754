package data

import (
	"strings"
	"time"
)

// GS1 is what a GS1 barcode on a needle cartridge's pack says: the
// product's GTIN, its lot and expiry, and a serial number when it has one.
type GS1 struct {
	GTIN   string
	Lot    string
	Serial string
	Expiry time.Time // calendar date; zero when the code has none
}

// gs is the group separator that ends a variable-length field (FNC1 in the
// barcode).
const gs = "\x1d"

// gs1Prefixes are the symbology identifiers a scanner may type before a
// GS1 code: DataMatrix, GS1-128, DataBar and QR Code.
var gs1Prefixes = []string{"]d2", "]C1", "]e0", "]Q3"}

// gs1Fixed are the application identifiers with a fixed length that a
// medical device's code carries: GTIN, and production, packaging,
// best-before and expiry dates.
var gs1Fixed = map[string]int{"01": 14, "11": 6, "13": 6, "15": 6, "16": 6, "17": 6}

// gs1Variable are the identifiers of variable length, at most 20
// characters: lot and serial number.
var gs1Variable = map[string]bool{"10": true, "21": true}

// ParseGS1 reads what a keyboard-wedge scanner types for a GS1 DataMatrix
// or GS1-128 code: an optional symbology prefix such as "]d2", then
// application identifiers run together, a variable-length field ended by
// the group separator or the end of input; or the printed form with the
// identifiers in parentheses. It reports false for anything else, such as
// a lot typed by hand: a plain lot that happens to start with "10" is not
// taken for a code unless it also starts with a valid GTIN.
func ParseGS1(scan string) (GS1, bool) {
	s := strings.TrimSpace(scan)
	if strings.HasPrefix(s, "(") {
		return parseGS1Printed(s)
	}
	prefixed := false
	for _, p := range gs1Prefixes {
		if strings.HasPrefix(s, p) {
			s, prefixed = s[len(p):], true
			break
		}
	}
	s = strings.TrimPrefix(s, gs)
	if !prefixed && !strings.HasPrefix(s, "01") {
		return GS1{}, false
	}
	var g GS1
	for s != "" {
		if len(s) < 2 {
			return GS1{}, false
		}
		ai, rest := s[:2], s[2:]
		var value string
		if n, ok := gs1Fixed[ai]; ok {
			if len(rest) < n {
				return GS1{}, false
			}
			value, s = rest[:n], strings.TrimPrefix(rest[n:], gs)
		} else if gs1Variable[ai] {
			value, s, _ = strings.Cut(rest, gs)
		} else {
			return GS1{}, false
		}
		if !g.set(ai, value) {
			return GS1{}, false
		}
	}
	return g, g.GTIN != "" || g.Lot != "" || !g.Expiry.IsZero()
}

// parseGS1Printed reads the form printed under a barcode, such as
// "(01)05012345678900(17)270630(10)DP4-2612C".
func parseGS1Printed(s string) (GS1, bool) {
	var g GS1
	for s != "" {
		ai, rest, ok := strings.Cut(strings.TrimPrefix(s, "("), ")")
		if !ok || !strings.HasPrefix(s, "(") {
			return GS1{}, false
		}
		value := rest
		if i := strings.IndexByte(rest, '('); i >= 0 {
			value = rest[:i]
		}
		s = rest[len(value):]
		if n, fixed := gs1Fixed[ai]; fixed && len(value) != n || !fixed && !gs1Variable[ai] {
			return GS1{}, false
		}
		if !g.set(ai, strings.TrimSpace(value)) {
			return GS1{}, false
		}
	}
	return g, g.GTIN != "" || g.Lot != "" || !g.Expiry.IsZero()
}

// set keeps one field of a code, and reports whether it is valid.
func (g *GS1) set(ai, value string) bool {
	switch ai {
	case "01":
		g.GTIN = value
		return validGTIN(value)
	case "10", "21":
		if value == "" || len(value) > 20 || strings.ContainsFunc(value, func(r rune) bool { return r < '!' || r > '~' }) {
			return false
		}
		if ai == "10" {
			g.Lot = value
		} else {
			g.Serial = value
		}
		return true
	}
	d, ok := gs1Date(value)
	if ai == "17" {
		g.Expiry = d
	}
	return ok
}

// gs1Date reads a YYMMDD date of the years 2000 to 2099; day 00 means the
// last day of the month.
func gs1Date(s string) (time.Time, bool) {
	if len(s) != 6 || !digits(s) {
		return time.Time{}, false
	}
	y, m, d := 2000+atoi2(s[0:2]), time.Month(atoi2(s[2:4])), atoi2(s[4:6])
	if m < time.January || m > time.December {
		return time.Time{}, false
	}
	if d == 0 {
		return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC), true
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

// validGTIN reports whether s is 14 digits ending in the right check digit.
func validGTIN(s string) bool {
	if len(s) != 14 || !digits(s) {
		return false
	}
	sum := 0
	for i := range 13 {
		n := int(s[i] - '0')
		if i%2 == 0 {
			n *= 3
		}
		sum += n
	}
	return int(s[13]-'0') == (10-sum%10)%10
}

func digits(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }
