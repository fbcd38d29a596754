package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// recallFilters narrow the list of patients to call: a name or phone
// number, the kind of reason, the practitioner and how long overdue.
type recallFilters struct {
	search       *widget.Entry
	reason       *widget.Select // "Any reason", then data.RecallKinds
	practitioner *widget.Select // "Any practitioner", then practitioners
	cutoff       *widget.Select // cutoffs

	practitioners []data.RecallPractitioner
	cutoffs       []recallCutoff
	// cutoffChosen is set once the desk picks a cut-off of their own,
	// which then outlasts a refresh; until then the clinic's applies.
	cutoffChosen bool
	// offering is set while the choices are being replaced, so that the
	// list is filtered once, not on each change.
	offering bool
}

// recallCutoff is a choice of how long overdue a patient may be and still
// be listed; 0 months lists everyone.
type recallCutoff struct {
	label  string
	months int
}

// recallCutoffMonths are the cut-offs offered besides the clinic's own.
var recallCutoffMonths = []int{6, 12, 24}

// recallCutoffs lists the cut-offs the window offers, shortest first and
// everyone last, the clinic's own (clinic months, 0 for everyone) marked.
func recallCutoffs(clinic int) []recallCutoff {
	months := slices.Clone(recallCutoffMonths)
	if clinic > 0 && !slices.Contains(months, clinic) {
		months = append(months, clinic)
		slices.Sort(months)
	}
	var list []recallCutoff
	for _, m := range append(months, 0) {
		label := "Everyone, however long ago"
		switch {
		case m == 0:
		case m%12 == 0:
			label = "Overdue up to " + plural(m/12, "year")
		default:
			label = "Overdue up to " + plural(m, "month")
		}
		if m == clinic {
			label += " (clinic's cut-off)"
		}
		list = append(list, recallCutoff{label, m})
	}
	return list
}

// newFilters builds the filters, each calling changed when the desk
// changes it. The cut-off starts at the default until the clinic's is read.
func (f *recallFilters) newFilters(changed func()) {
	f.search = widget.NewEntry()
	f.search.SetPlaceHolder("Find a name or phone number in the list")
	reasons := []string{"Any reason"}
	for _, k := range data.RecallKinds {
		reasons = append(reasons, k.Label())
	}
	f.reason = widget.NewSelect(reasons, nil)
	f.reason.SetSelectedIndex(0)
	f.practitioner = widget.NewSelect(nil, nil)
	f.cutoff = widget.NewSelect(nil, nil)
	f.offer(nil, data.DefaultRecallCutoffMonths)

	onChange := func(string) {
		if !f.offering {
			changed()
		}
	}
	f.search.OnChanged, f.reason.OnChanged, f.practitioner.OnChanged = onChange, onChange, onChange
	f.cutoff.OnChanged = func(text string) {
		if !f.offering {
			f.cutoffChosen = true
		}
		onChange(text)
	}
}

// offer replaces the choices after a load: the practitioners of list, and
// the cut-offs with the clinic's (in months) chosen unless the desk chose
// another. A practitioner still listed stays chosen.
func (f *recallFilters) offer(list []data.RecallEntry, clinic int) {
	f.offering = true
	defer func() { f.offering = false }()

	chosen := f.chosenPractitioner()
	f.practitioners = nil
	for _, e := range list {
		for _, p := range e.Practitioners {
			if !slices.Contains(f.practitioners, p) {
				f.practitioners = append(f.practitioners, p)
			}
		}
	}
	slices.SortFunc(f.practitioners, func(a, b data.RecallPractitioner) int { return strings.Compare(a.Name, b.Name) })
	f.practitioner.SetOptions(append([]string{"Any practitioner"},
		labels(f.practitioners, func(p data.RecallPractitioner) string { return p.Name })...))
	f.practitioner.SetSelectedIndex(0)
	for i, p := range f.practitioners {
		if p.ID == chosen {
			f.practitioner.SetSelectedIndex(i + 1)
		}
	}

	want := clinic
	if i := f.cutoff.SelectedIndex(); f.cutoffChosen && i >= 0 {
		want = f.cutoffs[i].months
	}
	f.cutoffs = recallCutoffs(clinic)
	f.cutoff.SetOptions(labels(f.cutoffs, func(c recallCutoff) string { return c.label }))
	f.cutoff.SetSelectedIndex(slices.IndexFunc(f.cutoffs, func(c recallCutoff) bool { return c.months == want }))
	if f.cutoff.SelectedIndex() < 0 {
		f.cutoff.SetSelectedIndex(slices.IndexFunc(f.cutoffs, func(c recallCutoff) bool { return c.months == clinic }))
	}
}

// chosenPractitioner is the ID of the practitioner chosen, or 0 for any.
func (f *recallFilters) chosenPractitioner() int64 {
	if i := f.practitioner.SelectedIndex(); i > 0 && i <= len(f.practitioners) {
		return f.practitioners[i-1].ID
	}
	return 0
}

// cutoffMonths is the cut-off chosen, 0 for everyone.
func (f *recallFilters) cutoffMonths() int {
	if i := f.cutoff.SelectedIndex(); i >= 0 && i < len(f.cutoffs) {
		return f.cutoffs[i].months
	}
	return 0
}

// matches reports whether e is of the reason and practitioner chosen and
// has the name or phone number searched for.
func (f *recallFilters) matches(e data.RecallEntry, country string) bool {
	if i := f.reason.SelectedIndex(); i > 0 && !slices.Contains(e.Kinds, data.RecallKinds[i-1]) {
		return false
	}
	if id := f.chosenPractitioner(); id != 0 &&
		!slices.ContainsFunc(e.Practitioners, func(p data.RecallPractitioner) bool { return p.ID == id }) {
		return false
	}
	query := data.Fold(strings.TrimSpace(f.search.Text))
	digits := data.PhoneDigits(query)
	return query == "" || strings.Contains(data.Fold(e.PatientName), query) || phoneHas(e, digits, country)
}

// filter shows the patients of the list the filters leave, and says how
// many the cut-off leaves out.
func (s *recallScreen) filter() {
	if s.table == nil {
		return // still being built
	}
	days := data.RecallCutoffDays(s.cutoffMonths(), s.now())
	var shown []data.RecallEntry
	left := 0
	for _, e := range s.all {
		if !s.matches(e, s.country) {
			continue
		}
		if days > 0 && !e.NotYetEligible && e.Urgency > days {
			left++
			continue
		}
		shown = append(shown, e)
	}
	s.show(shown)
	summary := recallSummary(shown)
	if left > 0 {
		summary += fmt.Sprintf(" Left out: %s overdue for longer (choose Everyone to see them).", plural(left, "patient"))
	}
	s.summary.SetText(summary)
}
