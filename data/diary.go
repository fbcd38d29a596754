package data

import (
	"context"
	"database/sql"
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
}

// Field names of the appointment lengths, used in FieldError and as the keys
// under which they are stored in the settings.
const (
	FieldConsultationMinutes = "consultation_minutes"
	FieldTreatmentMinutes    = "treatment_minutes"
	FieldReviewMinutes       = "review_minutes"
	FieldOtherMinutes        = "other_minutes"
)

// FieldOpeningHours names the opening hours of day, as used in FieldError
// and as the key under which they are stored, e.g. "opening_hours_monday".
func FieldOpeningHours(day time.Weekday) string {
	return "opening_hours_" + strings.ToLower(day.String())
}

// DefaultDiarySettings returns Monday to Friday 09:00–18:00, Saturday
// 09:00–13:00, closed on Sunday, and the lengths of AppointmentKind's
// DefaultMinutes.
func DefaultDiarySettings() DiarySettings {
	d := DiarySettings{
		ConsultationMinutes: KindConsultation.DefaultMinutes(),
		TreatmentMinutes:    KindTreatment.DefaultMinutes(),
		ReviewMinutes:       KindReview.DefaultMinutes(),
		OtherMinutes:        KindOther.DefaultMinutes(),
	}
	for day := time.Monday; day <= time.Friday; day++ {
		d.Hours[day] = OpeningHours{Open: true, Opens: 9 * 60, Closes: 18 * 60}
	}
	d.Hours[time.Saturday] = OpeningHours{Open: true, Opens: 9 * 60, Closes: 13 * 60}
	return d
}

// diaryLength describes one appointment length of DiarySettings.
type diaryLength struct {
	key   string
	kind  AppointmentKind
	value *int
}

func (d *DiarySettings) lengths() []diaryLength {
	return []diaryLength{
		{FieldConsultationMinutes, KindConsultation, &d.ConsultationMinutes},
		{FieldTreatmentMinutes, KindTreatment, &d.TreatmentMinutes},
		{FieldReviewMinutes, KindReview, &d.ReviewMinutes},
		{FieldOtherMinutes, KindOther, &d.OtherMinutes},
	}
}

// DefaultMinutes is the clinic's usual length of an appointment of kind k.
func (d DiarySettings) DefaultMinutes(k AppointmentKind) int {
	for _, l := range d.lengths() {
		if l.kind == k {
			return *l.value
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

// Validate checks that each open day closes after it opens and that every
// length is one an appointment may have, and returns an *Error with one
// message per day or length, or nil.
func (d DiarySettings) Validate() error {
	var v validator
	for day := time.Sunday; day <= time.Saturday; day++ {
		h := d.Hours[day]
		switch {
		case !h.Open:
		case h.Opens < 0 || h.Closes > 24*60:
			v.add(FieldOpeningHours(day), day.String()+": opening hours are times of the day, from 00:00 to 24:00.")
		case h.Closes <= h.Opens:
			v.add(FieldOpeningHours(day), day.String()+": the clinic must close after it opens.")
		}
	}
	for _, l := range d.lengths() {
		if n := *l.value; n < MinAppointmentMinutes || n > MaxAppointmentMinutes {
			v.add(l.key, fmt.Sprintf("A %s lasts from %d to %d minutes.",
				strings.ToLower(l.kind.Label()), MinAppointmentMinutes, MaxAppointmentMinutes))
		}
	}
	return v.err()
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

// DiarySettings returns the clinic's opening hours and appointment lengths,
// with the default for each one the clinic has not set. A stored value this
// program cannot read is refused with a message naming it; saving the
// settings repairs it.
func (s *Store) DiarySettings(ctx context.Context) (DiarySettings, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return DiarySettings{}, err
	}
	defer tx.Rollback()
	d, err := readDiarySettings(ctx, tx)
	return d, s.readError(err)
}

func readDiarySettings(ctx context.Context, tx *sql.Tx) (DiarySettings, error) {
	stored, err := readSettings(ctx, tx)
	if err != nil {
		return DiarySettings{}, err
	}
	d := DefaultDiarySettings()
	for day := time.Sunday; day <= time.Saturday; day++ {
		text, ok := stored[FieldOpeningHours(day)]
		if !ok {
			continue
		}
		h, err := parseOpeningHours(text)
		if err != nil {
			return DiarySettings{}, Errorf(EINVALID, "The opening hours for %s hold %q, which this program cannot read. Open the opening hours, check them and save them again.",
				day, text)
		}
		d.Hours[day] = h
	}
	for _, l := range d.lengths() {
		text, ok := stored[l.key]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(text)
		if err != nil {
			return DiarySettings{}, Errorf(EINVALID, "The usual length of a %s holds %q, which is not a number of minutes. Open the appointment lengths, check them and save them again.",
				strings.ToLower(l.kind.Label()), text)
		}
		*l.value = n
	}
	if err := d.Validate(); err != nil {
		return DiarySettings{}, Errorf(EINVALID, "The saved opening hours or appointment lengths break a rule: %s Open them, correct them and save them again.",
			ErrorMessage(err))
	}
	return d, nil
}

// formatOpeningHours stores h as "09:00-18:00", or "closed".
func formatOpeningHours(h OpeningHours) string {
	if !h.Open {
		return "closed"
	}
	return Clock(h.Opens) + "-" + Clock(h.Closes)
}

func parseOpeningHours(text string) (OpeningHours, error) {
	if text == "closed" {
		return OpeningHours{}, nil
	}
	from, to, ok := strings.Cut(text, "-")
	opens, err := ParseClock(from)
	if err != nil || !ok {
		return OpeningHours{}, Errorf(EINVALID, "unreadable opening hours")
	}
	closes, err := ParseClock(to)
	return OpeningHours{Open: true, Opens: opens, Closes: closes}, err
}

// SaveDiarySettings validates d and stores it. Every day and length is
// written, defaults included, so a later change of a default does not change
// the clinic's diary unasked.
func (s *Store) SaveDiarySettings(ctx context.Context, d DiarySettings) error {
	a, err := s.allow(ctx, PermSettings, 0)
	if err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.writeError(err)
	}
	defer tx.Rollback()
	for day := time.Sunday; day <= time.Saturday; day++ {
		if err := saveSetting(ctx, tx, FieldOpeningHours(day), formatOpeningHours(d.Hours[day])); err != nil {
			return s.writeError(err)
		}
	}
	for _, l := range d.lengths() {
		if err := saveSetting(ctx, tx, l.key, strconv.Itoa(*l.value)); err != nil {
			return s.writeError(err)
		}
	}
	if err := s.audit(ctx, tx, a, Audit{Action: ActionSettingChanged, Subject: "opening hours and appointment lengths"}); err != nil {
		return s.writeError(err)
	}
	return s.writeError(tx.Commit())
}

// The step between the open slots a proposal tries, and how many days ahead
// it looks.
const (
	slotMinutes = 15
	searchDays  = 14
)

// Proposal is a suggested time for the next session of a series, with the
// reason in the desk's words, e.g. "4 weeks after 16 Dec".
type Proposal struct {
	Start          time.Time
	PractitionerID int64
	Why            string
}

// ProposeNextSession suggests when to book the next session of a series:
// the interval after the last session, or after the last treatment already
// booked, at the same wall-clock time in loc, by the same practitioner, for
// the clinic's usual treatment length, and never before the patient's
// screening allows (WaitBefore). A taken time, or one outside the
// opening hours, moves to that practitioner's nearest open 15-minute slot
// within the opening hours, skipping closed days and searching up to two
// weeks ahead.
func (s *Store) ProposeNextSession(ctx context.Context, seriesID int64, loc *time.Location) (Proposal, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return Proposal{}, err
	}
	defer tx.Rollback()
	ts, err := findSeries(ctx, tx, seriesID)
	if err != nil {
		return Proposal{}, s.readError(err)
	}
	if err := checkSeriesActive(ts, "booked"); err != nil {
		return Proposal{}, err
	}
	b := Appointment{Kind: KindTreatment, PatientID: ts.PatientID, SeriesID: ts.ID}
	if err := checkBookable(ctx, tx, b); err != nil {
		return Proposal{}, s.readError(err)
	}
	sessions, err := findSeriesSessions(ctx, tx, seriesID)
	if err != nil {
		return Proposal{}, s.readError(err)
	}
	booked, err := queryAppointments(ctx, tx, ` WHERE a.series_id = ? AND a.kind = 'treatment'
		AND a.status IN ('booked', 'checked_in') ORDER BY a.starts_at DESC, a.id DESC LIMIT 1`, seriesID)
	if err != nil {
		return Proposal{}, s.readError(err)
	}
	var (
		anchor time.Time
		after  string
	)
	diary, err := readDiarySettings(ctx, tx)
	if err != nil {
		return Proposal{}, s.readError(err)
	}
	b.DurationMinutes = diary.TreatmentMinutes
	if n := len(sessions); n > 0 {
		last := sessions[n-1]
		anchor, b.PractitionerID = last.PerformedAt.In(loc), last.PractitionerID
		after = anchor.Format("2 Jan")
	}
	if len(booked) > 0 && booked[0].Start.After(anchor) {
		last := booked[0]
		anchor, b.PractitionerID, b.DurationMinutes = last.Start.In(loc), last.PractitionerID, last.DurationMinutes
		after = "the session booked for " + anchor.Format("2 Jan")
	}
	var want time.Time
	var why string
	if anchor.IsZero() {
		y, m, d := ts.StartedOn.Date()
		want = time.Date(y, m, d, 0, diary.firstOpening(), 0, 0, loc)
		why = "first session of the series started " + ts.StartedOn.Format("2 Jan")
	} else {
		y, m, d := anchor.Date()
		want = time.Date(y, m, d+7*ts.IntervalWeeks, anchor.Hour(), anchor.Minute(), 0, 0, loc)
		why = fmt.Sprintf("%s after %s", plural(ts.IntervalWeeks, "week"), after)
	}
	now := s.Now().In(loc)
	past := want.Before(now)
	if past {
		y, m, d := now.Date()
		day := time.Date(y, m, d, want.Hour(), want.Minute(), 0, 0, loc)
		if day.Before(now) {
			day = time.Date(y, m, d+1, want.Hour(), want.Minute(), 0, 0, loc)
		}
		want = day
	}
	screening, err := latestScreening(ctx, tx, ts.PatientID)
	if err != nil {
		return Proposal{}, s.readError(err)
	}
	rules, err := readClinicRules(ctx, tx)
	if err != nil {
		return Proposal{}, s.readError(err)
	}
	if wait := WaitBefore(DateOf(want), screening, rules); wait.Holds() {
		y, m, d := wait.Until.Date()
		want = time.Date(y, m, d, want.Hour(), want.Minute(), 0, 0, loc)
		why += "; " + wait.Note("2 Jan 2006")
	} else if past {
		why += ", a date already past"
	}
	var busy []Appointment
	if b.PractitionerID != 0 {
		y, m, d := want.Date()
		busy, err = findAppointmentsAround(ctx, tx, time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+searchDays+1, 0, 0, 0, 0, loc))
		if err != nil {
			return Proposal{}, s.readError(err)
		}
	}
	start, ok := diary.openSlot(want, now, b, busy)
	if !ok {
		return Proposal{}, Errorf(ENOTFOUND, "No open hour in the %d days from %s (%s); choose a time by hand.",
			searchDays, want.Format("2 Jan"), why)
	}
	if !start.Equal(want) {
		reason := "was taken"
		if diary.OutsideHours(Appointment{Start: want, DurationMinutes: b.DurationMinutes}) != "" {
			reason = "is outside the opening hours"
		}
		why += fmt.Sprintf("; %s %s, so the nearest open slot", want.Format("Mon 2 Jan 15:04"), reason)
	}
	return Proposal{Start: start, PractitionerID: b.PractitionerID, Why: why}, nil
}

// openSlot returns the free start nearest to want of the practitioner of b
// within the opening hours, on want's day or, failing that, the next open
// days. Each day's slots, from opening time in steps of slotMinutes, are
// tried closest to want's wall-clock time first, earlier before later on a
// tie; slots before now are never offered.
func (diary DiarySettings) openSlot(want, now time.Time, b Appointment, busy []Appointment) (time.Time, bool) {
	loc := want.Location()
	wantMinute := want.Hour()*60 + want.Minute()
	y, m, d := want.Date()
	for day := 0; day <= searchDays; day++ {
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

// free reports whether b's practitioner has nothing else at b's time.
func free(b Appointment, busy []Appointment) bool {
	for _, x := range busy {
		if x.PractitionerID == b.PractitionerID && x.Status.holdsSlot() && b.Overlaps(&x) {
			return false
		}
	}
	return true
}

// firstOpening returns the opening time of the earliest-opening day, used
// when a proposal has no session to take the time of day from.
func (diary DiarySettings) firstOpening() int {
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
