package data

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateOrder says how a region writes numeric dates: 02/03/1990 is
// 2 March in most of the world and February 3rd in the United States.
type DateOrder int

// Numeric date orders.
const (
	DayFirst DateOrder = iota
	MonthFirst
)

// DateOrderFor returns the date order used in a locale such as "en-US",
// "en_GB" or "de-DE".
func DateOrderFor(locale string) DateOrder {
	region := ""
	if i := strings.IndexAny(locale, "-_"); i >= 0 {
		region = locale[i+1:]
		if j := strings.IndexAny(region, ".@"); j >= 0 {
			region = region[:j]
		}
	}
	return DateOrderIn(region)
}

// DateOrderIn returns the date order used in a country, given by its
// ISO 3166 code as the clinic's details keep it ("GB", "US").
func DateOrderIn(country string) DateOrder {
	switch strings.ToUpper(strings.TrimSpace(country)) {
	case "US", "PH", "FM", "MH", "PW", "BZ":
		return MonthFirst
	}
	return DayFirst
}

// Layout returns the Go time layout of the order's numeric form.
func (o DateOrder) Layout() string {
	if o == MonthFirst {
		return "01/02/2006"
	}
	return "02/01/2006"
}

// Pattern returns the order's numeric form as people read it: DD/MM/YYYY.
func (o DateOrder) Pattern() string {
	if o == MonthFirst {
		return "MM/DD/YYYY"
	}
	return "DD/MM/YYYY"
}

// Hint returns how a user should type a date, for placeholders and messages.
func (o DateOrder) Hint() string {
	return o.Pattern() + " or YYYY-MM-DD"
}

// Format writes a date the way the region reads it; a zero date is empty.
func (o DateOrder) Format(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(o.Layout())
}

// DateOf returns the calendar day of t as midnight UTC, the form dates are
// kept in.
func DateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate reads a date typed by a user: ISO (1990-03-02), or numeric in
// the region's order with /, . or - between the parts and a four-digit
// year. Empty input gives the zero time and no error.
func ParseDate(s string, order DateOrder) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	bad := fmt.Errorf("%q is not a date; type it as %s", s, order.Hint())
	if len(parts) != 3 {
		return time.Time{}, bad
	}
	n := [3]int{}
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return time.Time{}, bad
		}
		n[i] = v
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4:
		y, m, d = n[0], n[1], n[2]
	case len(parts[2]) == 4 && order == MonthFirst:
		m, d, y = n[0], n[1], n[2]
	case len(parts[2]) == 4:
		d, m, y = n[0], n[1], n[2]
	default:
		return time.Time{}, fmt.Errorf("%q: please write the year with four digits (%s)", s, order.Hint())
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1 || m < 1 || m > 12 || d < 1 || t.Day() != d {
		return time.Time{}, fmt.Errorf("%q is not a real calendar date; type it as %s", s, order.Hint())
	}
	return t, nil
}
