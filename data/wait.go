package data

import (
	"strings"
	"time"
)

// Wait is what holds a patient's next session back: the contraindications
// on their screening that end by themselves (the clinic's wait after
// isotretinoin, radiation therapy, a retinoid cream, filler or surgery, or
// a birth). The zero Wait holds nothing back.
//
// Every next date the program offers (the series progress line, the
// proposed booking, the plan handout, the aftercare sheet, the recall list)
// goes through WaitBefore, so none of them proposes a day on which the
// check would stop the session.
type Wait struct {
	// Until is the first day the patient may be treated again.
	Until time.Time
	// Rules names what the patient waits for, as the check's badge does:
	// "isotretinoin", "filler or surgery".
	Rules []string
}

// WaitBefore returns what a patient with screening s must wait for before a
// session on day, under the clinic's rules: every contraindication on day
// that ends by itself, and the day the last of them ends. A contraindication
// that does not end by itself (no screening, keloid scarring, isotretinoin
// still being taken) is no date to wait for; the check before every
// session stops it.
func WaitBefore(day time.Time, s *Screening, rules ClinicRules) Wait {
	var w Wait
	for _, r := range Check(s, day, rules).Reasons {
		if r.Status != CheckContraindicated || r.EligibleFrom.IsZero() {
			continue
		}
		w.Rules = append(w.Rules, ruleLabel(r.Rule))
		if r.EligibleFrom.After(w.Until) {
			w.Until = r.EligibleFrom
		}
	}
	return w
}

// Holds reports whether the wait moves the session to a later day.
func (w Wait) Holds() bool { return !w.Until.IsZero() }

// Note says why the session is no earlier, with the date in layout:
// "not before 2 Apr 2027: isotretinoin". It is "" when nothing is waited
// for.
func (w Wait) Note(layout string) string {
	if !w.Holds() {
		return ""
	}
	return "not before " + w.Until.Format(layout) + ": " + strings.Join(w.Rules, ", ")
}
