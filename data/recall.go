package data

import (
	"io"
	"strconv"
	"time"
)

// FieldCallNote names the note input of the "called" mark.
const FieldCallNote = "call_note"

// RecallEntry is one patient the desk should ring: why, since when, how
// urgently, and when they were last called about it. A patient is listed
// once, with every reason.
type RecallEntry struct {
	PatientID   int64
	PatientName string
	// Phone is the number as typed, PhoneE164 in international form (see
	// Patient).
	Phone           string
	PhoneE164       string
	ReminderConsent bool
	// Reason says why, every reason in one line, most urgent first.
	Reason string
	// Since is the day the most urgent session or review fell due, or the
	// day of the missed appointment; for a patient not yet eligible, the
	// day they may be treated again.
	Since time.Time
	// Urgency is the number of days since Since; the list is sorted by it,
	// most urgent first.
	Urgency int
	// NotYetEligible is set when every reason is a session that the
	// patient's screening holds back beyond today: such patients are listed
	// apart, after those to call, soonest eligible first.
	NotYetEligible bool
	// SeriesID is the series every reason is about, or 0 when they are
	// about several or none.
	SeriesID int64
	// Kinds are the kinds of the reasons, most urgent first, each once.
	Kinds []RecallKind
	// Practitioners are whom the reasons are with, each once: for a series
	// the practitioner of its latest signed session, or of its
	// consultation before the first; for a missed appointment its
	// practitioner.
	Practitioners []RecallPractitioner
	LastCalled    time.Time
	LastCallNote  string
}

// RecallKind is what kind of reason puts a patient on the recall list; the
// desk can list one kind at a time.
type RecallKind string

// The kinds of reason to call, as RecallKinds lists them.
const (
	RecallSessionDue     RecallKind = "session_due"
	RecallSessionOverdue RecallKind = "session_overdue"
	RecallReviewDue      RecallKind = "review_due"
	RecallMissed         RecallKind = "missed"
)

// RecallKinds lists the kinds of reason in the order the desk is offered
// them. A session that the screening holds back is a session due.
var RecallKinds = []RecallKind{RecallSessionDue, RecallSessionOverdue, RecallReviewDue, RecallMissed}

// Label is the kind in the desk's words.
func (k RecallKind) Label() string {
	switch k {
	case RecallSessionDue:
		return "Next session due"
	case RecallSessionOverdue:
		return "Next session overdue"
	case RecallReviewDue:
		return "Six-month review due"
	case RecallMissed:
		return "Missed appointment"
	}
	return string(k)
}

// RecallPractitioner is a practitioner whom a reason to call is with.
type RecallPractitioner struct {
	ID   int64
	Name string
}

// RecallCSV writes the recall list as CSV for a spreadsheet or a texting
// service, one row per patient. encoding/csv quotes names with commas or
// quotes; a cell that a spreadsheet would read as a formula is written as
// text. A patient not yet eligible has no count of days.
func RecallCSV(w io.Writer, list []RecallEntry) error {
	sw := NewSheetWriter(w)
	if err := sw.Write([]string{"Patient", "Phone", "Reminder consent", "Reason", "Since",
		"Days", "Last called", "Call note"}); err != nil {
		return err
	}
	for _, e := range list {
		consent, called, days := "no", "", strconv.Itoa(e.Urgency)
		if e.ReminderConsent {
			consent = "yes"
		}
		if !e.LastCalled.IsZero() {
			called = e.LastCalled.Format("2006-01-02 15:04")
		}
		if e.NotYetEligible {
			days = "not yet eligible"
		}
		if err := sw.Write([]string{e.PatientName, e.Phone, consent, e.Reason,
			e.Since.Format(time.DateOnly), days, called, e.LastCallNote}); err != nil {
			return err
		}
	}
	return sw.Flush()
}
