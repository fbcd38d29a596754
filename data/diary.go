package data

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// OpeningHours are the clinic's hours on one day of the week. Opens and
// Closes are minutes after midnight, so 13:30 is 810.
type OpeningHours struct {
	Open   bool
	Opens  int
	Closes int
}

// DiarySettings are the clinic's opening hours for each day of the week and
// the usual length of each kind of appointment. The booking form proposes
// the lengths; the desk is asked to confirm a booking outside the hours.
type DiarySettings struct {
	// Hours holds one day per time.Weekday, Sunday first.
	Hours               [7]OpeningHours
	ConsultationMinutes int
	TreatmentMinutes    int // numbing time included
	ReviewMinutes       int
	OtherMinutes        int
	// RecallCutoffMonths is how long overdue a patient may be and still be
	// on the list to call: those gone longer drop off it unless the desk
	// asks for everyone. 0 lists everyone.
	RecallCutoffMonths int
}

// Field names of the appointment lengths, used in FieldError and as the keys
// under which they are stored in the settings.
const (
	FieldConsultationMinutes = "consultation_minutes"
	FieldTreatmentMinutes    = "treatment_minutes"
	FieldReviewMinutes       = "review_minutes"
	FieldOtherMinutes        = "other_minutes"
	FieldRecallCutoffMonths  = "recall_cutoff_months"
)

// DefaultRecallCutoffMonths is the cut-off of the list to call until the
// clinic sets its own: patients gone for two years drop off it.
const DefaultRecallCutoffMonths = 24

// MaxRecallCutoffMonths is the longest cut-off a clinic may set, ten years.
const MaxRecallCutoffMonths = 120

// FieldOpeningHours names the opening hours of day, as used in FieldError
// and as the key under which they are stored, e.g. "opening_hours_monday".
func FieldOpeningHours(day time.Weekday) string {
	return "opening_hours_" + strings.ToLower(day.String())
}

// DefaultDiarySettings returns Monday to Friday 09:00–18:00, Saturday
// 09:00–13:00, closed on Sunday, the lengths of AppointmentKind's
// DefaultMinutes and the recall cut-off of DefaultRecallCutoffMonths.
func DefaultDiarySettings() DiarySettings {
	d := DiarySettings{
		ConsultationMinutes: KindConsultation.DefaultMinutes(),
		TreatmentMinutes:    KindTreatment.DefaultMinutes(),
		ReviewMinutes:       KindReview.DefaultMinutes(),
		OtherMinutes:        KindOther.DefaultMinutes(),
		RecallCutoffMonths:  DefaultRecallCutoffMonths,
	}
	for day := time.Monday; day <= time.Friday; day++ {
		d.Hours[day] = OpeningHours{Open: true, Opens: 9 * 60, Closes: 18 * 60}
	}
	d.Hours[time.Saturday] = OpeningHours{Open: true, Opens: 9 * 60, Closes: 13 * 60}
	return d
}

// DiaryLength describes one appointment length of DiarySettings.
type DiaryLength struct {
	Key   string
	Kind  AppointmentKind
	Value *int
}

// Lengths lists the appointment lengths of the settings, each with its
// field and kind.
func (d *DiarySettings) Lengths() []DiaryLength {
	return []DiaryLength{
		{FieldConsultationMinutes, KindConsultation, &d.ConsultationMinutes},
		{FieldTreatmentMinutes, KindTreatment, &d.TreatmentMinutes},
		{FieldReviewMinutes, KindReview, &d.ReviewMinutes},
		{FieldOtherMinutes, KindOther, &d.OtherMinutes},
	}
}

// DefaultMinutes is the clinic's usual length of an appointment of kind k.
func (d DiarySettings) DefaultMinutes(k AppointmentKind) int {
	for _, l := range d.Lengths() {
		if l.Kind == k {
			return *l.Value
		}
	}
	return d.OtherMinutes
}

// Clock writes minutes after midnight as a 24-hour time, e.g. "09:30".
func Clock(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}

// ParseClock reads a 24-hour time such as "9:30" or "09:30" as minutes
// after midnight. "24:00" is midnight at the end of the day.
func ParseClock(text string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(text), ":")
	hours, errH := strconv.Atoi(h)
	minutes, errM := strconv.Atoi(m)
	if !ok || errH != nil || errM != nil || len(m) != 2 || hours < 0 || minutes < 0 || minutes > 59 ||
		hours > 24 || (hours == 24 && minutes > 0) {
		return 0, Errorf(EINVALID, "Type the time as HH:MM, e.g. 09:00 or 17:30.")
	}
	return hours*60 + minutes, nil
}

// Validate checks that each open day closes after it opens, that every
// length is one an appointment may have and that the recall cut-off is in
// range, and returns an *Error with one message per day, length or
// cut-off, or nil.
func (d DiarySettings) Validate() error {
	var v Validator
	for day := time.Sunday; day <= time.Saturday; day++ {
		h := d.Hours[day]
		switch {
		case !h.Open:
		case h.Opens < 0 || h.Closes > 24*60:
			v.Add(FieldOpeningHours(day), day.String()+": opening hours are times of the day, from 00:00 to 24:00.")
		case h.Closes <= h.Opens:
			v.Add(FieldOpeningHours(day), day.String()+": the clinic must close after it opens.")
		}
	}
	for _, l := range d.Lengths() {
		if n := *l.Value; n < MinAppointmentMinutes || n > MaxAppointmentMinutes {
			v.Add(l.Key, fmt.Sprintf("A %s lasts from %d to %d minutes.",
				strings.ToLower(l.Kind.Label()), MinAppointmentMinutes, MaxAppointmentMinutes))
		}
	}
	if n := d.RecallCutoffMonths; n < 0 || n > MaxRecallCutoffMonths {
		v.Add(FieldRecallCutoffMonths, fmt.Sprintf("The list to call leaves patients off after 0 to %d months; 0 keeps everyone on it.", MaxRecallCutoffMonths))
	}
	return v.Err()
}

// RecallCutoffDays is how many days overdue a patient may be on today and
// still be on the list to call, or 0 when everyone is listed.
func RecallCutoffDays(months int, today time.Time) int {
	if months <= 0 {
		return 0
	}
	day := DateOf(today)
	return int(day.Sub(day.AddDate(0, -months, 0)).Hours() / 24)
}

// OutsideHours says, in the desk's words, why a falls outside the clinic's
// opening hours, or returns "" when it is within them. Times are a's own
// wall-clock times. An appointment that touches opening or closing time is
// within the hours.
func (d DiarySettings) OutsideHours(a Appointment) string {
	day := a.Start.Weekday()
	h := d.Hours[day]
	if !h.Open {
		return fmt.Sprintf("The clinic is closed on %ss.", day)
	}
	starts := a.Start.Hour()*60 + a.Start.Minute()
	when := a.Start.Format("Monday 2 Jan")
	if starts < h.Opens {
		return fmt.Sprintf("%s: the clinic opens at %s; this appointment starts at %s.", when, Clock(h.Opens), a.Start.Format("15:04"))
	}
	if starts+a.DurationMinutes > h.Closes {
		return fmt.Sprintf("%s: the clinic closes at %s; this appointment ends at %s.", when, Clock(h.Closes),
			a.End().In(a.Start.Location()).Format("15:04"))
	}
	return ""
}

// The step between the open slots a proposal tries, and how many days ahead
// it looks.
const (
	slotMinutes = 15
	SearchDays  = 14
)

// Proposal is a suggested time for the next session of a series, with the
// reason in the desk's words, e.g. "4 weeks after 16 Dec".
type Proposal struct {
	Start          time.Time
	PractitionerID int64
	Why            string
}

// OpenSlot returns the free start nearest to want of the practitioner of b
// within the opening hours, on want's day or, failing that, the next open
// days. Each day's slots, from opening time in steps of slotMinutes, are
// tried closest to want's wall-clock time first, earlier before later on a
// tie; slots before now are never offered.
func (diary DiarySettings) OpenSlot(want, now time.Time, b Appointment, busy []Appointment) (time.Time, bool) {
	loc := want.Location()
	wantMinute := want.Hour()*60 + want.Minute()
	y, m, d := want.Date()
	for day := 0; day <= SearchDays; day++ {
		hours := diary.Hours[time.Date(y, m, d+day, 12, 0, 0, 0, loc).Weekday()]
		if !hours.Open {
			continue
		}
		best, found := 0, false
		for minute := hours.Opens; minute+b.DurationMinutes <= hours.Closes; minute += slotMinutes {
			b.Start = time.Date(y, m, d+day, 0, minute, 0, 0, loc)
			if b.Start.Before(now) || !free(b, busy) {
				continue
			}
			if !found || abs(minute-wantMinute) < abs(best-wantMinute) {
				best, found = minute, true
			}
		}
		if found {
			return time.Date(y, m, d+day, 0, best, 0, 0, loc), true
		}
	}
	return time.Time{}, false
}

// FirstOpening returns the opening time of the earliest-opening day, used
// when a proposal has no session to take the time of day from.
func (diary DiarySettings) FirstOpening() int {
	first := 24 * 60
	for _, h := range diary.Hours {
		if h.Open && h.Opens < first {
			first = h.Opens
		}
	}
	if first == 24*60 {
		return 9 * 60
	}
	return first
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
