package data

import (
	"fmt"
	"strings"
	"time"
)

// SeriesStatus is where a treatment series stands.
type SeriesStatus string

// Series statuses.
const (
	SeriesActive       SeriesStatus = "active"
	SeriesCompleted    SeriesStatus = "completed"
	SeriesDiscontinued SeriesStatus = "discontinued"
)

// Defaults for a new series (see the package documentation): three
// sessions four weeks apart, counted overdue a week after the due date,
// reviewed six months after the last session, when results have fully
// shown.
const (
	DefaultPlannedSessions = 3
	DefaultIntervalWeeks   = 4
	DefaultOverdueDays     = 7
	ReviewAfterMonths      = 6
)

// TreatmentSeries is a planned course of microneedling sessions for one
// patient, usually three or more about four weeks apart.
type TreatmentSeries struct {
	ID              int64
	PatientID       int64
	ConsultationID  int64 // 0 when started directly
	Areas           []Area
	PlannedSessions int
	IntervalWeeks   int
	Status          SeriesStatus
	StatusReason    string // why it was discontinued
	StartedOn       time.Time
	// RepeatReason is why the series was started from a consultation's
	// plan that had already started one; empty for the first.
	RepeatReason string
}

// SeriesProgress is derived from the signed sessions and the patient's
// screening, never typed in.
type SeriesProgress struct {
	Done, Planned int
	LastSession   time.Time // zero before the first session
	// NextDue is the day the next session is due: the last session plus the
	// interval, or the start of the series before the first session, moved
	// to the end of any Wait. Zero once no more sessions are planned.
	NextDue time.Time
	// Wait is what moved NextDue later than the interval alone would.
	Wait Wait
	// Overdue is set when today is more than the grace days past NextDue.
	Overdue bool
	// ReviewDue is six months after the last session of a completed series.
	ReviewDue time.Time
}

// Progress works out where the series stands on today from the dates of
// its logged sessions (in any order) and the patient's screening in force
// (nil when there is none), under the clinic's rules: the next session is
// never due before the patient may be treated again (WaitBefore).
// overdueDays is the clinic's grace before a due session counts as overdue,
// counted from the day the patient may be treated.
func (s *TreatmentSeries) Progress(sessions []time.Time, screening *Screening, rules ClinicRules, today time.Time, overdueDays int) SeriesProgress {
	p := SeriesProgress{Done: len(sessions), Planned: s.PlannedSessions}
	for _, d := range sessions {
		if d.After(p.LastSession) {
			p.LastSession = d
		}
	}
	last := DateOf(p.LastSession)
	switch {
	case s.Status == SeriesCompleted && !p.LastSession.IsZero():
		p.ReviewDue = AddMonths(last, ReviewAfterMonths)
	case s.Status != SeriesActive || p.Done >= p.Planned:
	case p.LastSession.IsZero():
		p.NextDue = DateOf(s.StartedOn)
	default:
		p.NextDue = last.AddDate(0, 0, 7*s.IntervalWeeks)
	}
	if !p.NextDue.IsZero() {
		if p.Wait = WaitBefore(p.NextDue, screening, rules); p.Wait.Holds() {
			p.NextDue = p.Wait.Until
		}
		p.Overdue = DateOf(today).After(p.NextDue.AddDate(0, 0, overdueDays))
	}
	return p
}

// Summary is the one line a practitioner reads first, e.g.
// "Session 2 of 3 · next due around 14 Jan 2027", or, when the screening
// holds the session back, "Session 2 of 3 · not before 2 Apr 2027:
// isotretinoin".
func (p SeriesProgress) Summary() string {
	switch {
	case !p.ReviewDue.IsZero():
		return fmt.Sprintf("Completed: %d of %d sessions · review due around %s", p.Done, p.Planned, p.ReviewDue.Format("2 Jan 2006"))
	case p.NextDue.IsZero():
		return fmt.Sprintf("%d of %d sessions done", p.Done, p.Planned)
	case p.Overdue && p.Wait.Holds():
		return fmt.Sprintf("Session %d of %d · overdue since %s (%s)", p.Done+1, p.Planned, p.NextDue.Format("2 Jan 2006"), p.Wait.Note("2 Jan 2006"))
	case p.Overdue:
		return fmt.Sprintf("Session %d of %d · overdue since %s", p.Done+1, p.Planned, p.NextDue.Format("2 Jan 2006"))
	case p.Wait.Holds():
		return fmt.Sprintf("Session %d of %d · %s", p.Done+1, p.Planned, p.Wait.Note("2 Jan 2006"))
	}
	return fmt.Sprintf("Session %d of %d · next due around %s", p.Done+1, p.Planned, p.NextDue.Format("2 Jan 2006"))
}

// SummaryBooked is Summary for a series whose next session is booked to
// start at start: "Session 2 of 3 · booked Fri 4 Dec 2026 15:30, due
// since 27 Aug 2026". A series with nothing left to book reads as Summary.
func (p SeriesProgress) SummaryBooked(start time.Time) string {
	if p.NextDue.IsZero() {
		return p.Summary()
	}
	line := fmt.Sprintf("Session %d of %d · booked %s", p.Done+1, p.Planned, start.Format("Mon 2 Jan 2006 15:04"))
	if p.Overdue {
		line += ", due since " + p.NextDue.Format("2 Jan 2006")
	}
	if p.Wait.Holds() {
		line += " (" + p.Wait.Note("2 Jan 2006") + ")"
	}
	return line
}

// AddMonths moves a calendar date by whole months, keeping to the last day
// of a shorter month: 31 August plus six months is 28 February, not 3 March.
func AddMonths(d time.Time, months int) time.Time {
	first := time.Date(d.Year(), d.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	lastDay := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d.Day(), lastDay)-1)
}

// SessionDates returns when each signed session took place, what Progress
// counts. A draft does not count until it is signed: it may still be
// changed, or be a second copy of a session logged twice.
func SessionDates(sessions []Session) []time.Time {
	var dates []time.Time
	for _, x := range sessions {
		if x.Signed() {
			dates = append(dates, x.PerformedAt)
		}
	}
	return dates
}

// Drafts returns the sessions that are not signed yet.
func Drafts(sessions []Session) []Session {
	var list []Session
	for _, x := range sessions {
		if !x.Signed() {
			list = append(list, x)
		}
	}
	return list
}

// Fields of the series forms.
const (
	FieldSeriesReason = "series_reason"
	FieldStartedOn    = "started_on"
)

// SeriesExtension records one session added to a series beyond its plan:
// who added it, when and why.
type SeriesExtension struct {
	ID            int64
	AddedSessions int
	Reason        string
	StaffID       int64
	StaffName     string
	ExtendedAt    time.Time
}

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
