package data

import (
	"fmt"
	"strconv"
	"strings"
)

// DowntimeRow is one line of the clinic's downtime guide: for sessions
// whose deepest needle depth is up to UpTo, how long the skin takes to
// settle and from which day after the treatment (the treatment day is day
// 0) each thing the patient must avoid is fine again. The aftercare
// sheet's downtime line, the stages of its day plan and the dates of its
// restrictions all come from one row, so they never disagree.
type DowntimeRow struct {
	UpTo             Depth
	MinDays, MaxDays int // the expected downtime, "about 4 to 5 days"
	// RednessDays are the days after the treatment day while the skin is
	// still red and raw; the skin settles from then until MaxDays.
	RednessDays   int
	MakeupDay     int // mineral makeup
	ExerciseDay   int // exercise that makes one sweat
	SwimmingDay   int // swimming, sauna, steam room and hot baths
	ActivesDay    int // retinoids, acids and vitamin C
	ExfoliatesDay int // scrubs, peels and exfoliating
	SunDay        int // strong sun and sunbeds
}

// DowntimeGuide is the clinic's table of downtime by depth, shallowest
// first; a session deeper than its last row takes the last row.
type DowntimeGuide []DowntimeRow

// FieldDowntimeGuide is the key of the guide in the settings.
const FieldDowntimeGuide = "downtime_guide"

// DefaultDowntimeGuide follows the manufacturer's guide in the package
// documentation (up to 0.5 mm about 2–3 days, 0.8–1.5 mm about 4–5 days,
// 2 mm or more about 6–7 days), with the gaps between its rows halfway
// between their neighbours, and the day-by-day common practice
// (monarchbrowandfacials.com, fifthelementesthetics.com, drpen.net):
// mineral makeup from the next day, actives back once the skin is calm,
// sun protection for weeks.
func DefaultDowntimeGuide() DowntimeGuide {
	return DowntimeGuide{
		{UpTo: 50, MinDays: 2, MaxDays: 3, RednessDays: 2, MakeupDay: 1, ExerciseDay: 3, SwimmingDay: 3, ActivesDay: 3, ExfoliatesDay: 7, SunDay: 14},
		{UpTo: 79, MinDays: 3, MaxDays: 4, RednessDays: 2, MakeupDay: 2, ExerciseDay: 3, SwimmingDay: 4, ActivesDay: 4, ExfoliatesDay: 7, SunDay: 14},
		{UpTo: 150, MinDays: 4, MaxDays: 5, RednessDays: 2, MakeupDay: 2, ExerciseDay: 4, SwimmingDay: 5, ActivesDay: 5, ExfoliatesDay: 10, SunDay: 14},
		{UpTo: 199, MinDays: 5, MaxDays: 6, RednessDays: 3, MakeupDay: 3, ExerciseDay: 5, SwimmingDay: 6, ActivesDay: 6, ExfoliatesDay: 10, SunDay: 21},
		{UpTo: MaxDepth, MinDays: 6, MaxDays: 7, RednessDays: 3, MakeupDay: 3, ExerciseDay: 5, SwimmingDay: 7, ActivesDay: 7, ExfoliatesDay: 14, SunDay: 28},
	}
}

// For returns the row for a session whose deepest depth is deepest.
func (g DowntimeGuide) For(deepest Depth) DowntimeRow {
	if len(g) == 0 {
		g = DefaultDowntimeGuide()
	}
	for _, r := range g {
		if deepest <= r.UpTo {
			return r
		}
	}
	return g[len(g)-1]
}

// Downtime says the row's downtime in plain words: "about 4 to 5 days".
func (r DowntimeRow) Downtime() string {
	if r.MinDays == r.MaxDays {
		return fmt.Sprintf("about %d days", r.MaxDays)
	}
	return fmt.Sprintf("about %d to %d days", r.MinDays, r.MaxDays)
}

// downtimeColumns are the guide's columns as the clinic edits them.
const downtimeColumns = "depth up to | downtime days | red days | makeup | sweaty exercise | swimming, sauna | retinoids, acids | scrubs, peels | strong sun"

// String writes the guide as the clinic edits it: a line of column names,
// then one line a row, the depth in millimetres, the downtime as "4-5",
// and the day from which each thing is fine again.
func (g DowntimeGuide) String() string {
	var b strings.Builder
	b.WriteString("# " + downtimeColumns + "\n")
	for _, r := range g {
		fmt.Fprintf(&b, "%s | %d-%d | %d | %d | %d | %d | %d | %d | %d\n", r.UpTo, r.MinDays, r.MaxDays,
			r.RednessDays, r.MakeupDay, r.ExerciseDay, r.SwimmingDay, r.ActivesDay, r.ExfoliatesDay, r.SunDay)
	}
	return b.String()
}

// ParseDowntimeGuide reads a guide written as String writes it; lines
// starting with # and empty lines are skipped. An empty text is the
// default guide.
func ParseDowntimeGuide(text string) (DowntimeGuide, error) {
	var g DowntimeGuide
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r, err := parseDowntimeRow(line)
		if err != nil {
			var v Validator
			v.Add(FieldDowntimeGuide, fmt.Sprintf("Downtime guide, line %d: %s.", i+1, err.Error()))
			return nil, v.Err()
		}
		g = append(g, r)
	}
	if len(g) == 0 {
		return DefaultDowntimeGuide(), nil
	}
	return g, g.Validate()
}

func parseDowntimeRow(line string) (DowntimeRow, error) {
	cells := strings.Split(line, "|")
	if len(cells) != 9 {
		return DowntimeRow{}, fmt.Errorf("write 9 columns separated by |: %s", downtimeColumns)
	}
	var r DowntimeRow
	depth, err := ParseDepth(cells[0])
	if err != nil {
		return r, err
	}
	r.UpTo = depth
	lo, hi, ok := strings.Cut(strings.TrimSpace(cells[1]), "-")
	if !ok {
		hi = lo
	}
	days := []*int{&r.MinDays, &r.MaxDays, &r.RednessDays, &r.MakeupDay, &r.ExerciseDay, &r.SwimmingDay, &r.ActivesDay, &r.ExfoliatesDay, &r.SunDay}
	for k, text := range append([]string{lo, hi}, cells[2:]...) {
		n, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil {
			return r, fmt.Errorf("%q is not a whole number of days", strings.TrimSpace(text))
		}
		*days[k] = n
	}
	return r, nil
}

// Validate checks that the rows go from shallow to deep and that every
// day is sensible: the skin is red for fewer days than the downtime, and
// nothing comes back later than 90 days.
func (g DowntimeGuide) Validate() error {
	var v Validator
	for i, r := range g {
		line := fmt.Sprintf("Downtime guide, row %d (up to %s): ", i+1, r.UpTo)
		switch {
		case i > 0 && r.UpTo <= g[i-1].UpTo:
			v.Add(FieldDowntimeGuide, line+"list the depths from shallow to deep.")
		case r.MinDays < 1 || r.MaxDays < r.MinDays || r.MaxDays > 30:
			v.Add(FieldDowntimeGuide, line+"the downtime must be from 1 to 30 days, the shorter first.")
		case r.RednessDays < 1 || r.RednessDays >= r.MaxDays:
			v.Add(FieldDowntimeGuide, line+"the red days must be at least 1 and fewer than the downtime.")
		}
		for _, day := range []int{r.MakeupDay, r.ExerciseDay, r.SwimmingDay, r.ActivesDay, r.ExfoliatesDay, r.SunDay} {
			if day < 1 || day > 90 {
				v.Add(FieldDowntimeGuide, line+"each day must be from 1 to 90.")
				break
			}
		}
	}
	return v.Err()
}
