package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

const appointmentColumns = `a.id, a.kind, a.patient_id, a.practitioner_id, a.series_id, a.room,
	a.starts_at, a.zone, a.duration_minutes, a.notes, a.status, a.status_reason, a.created_at,
	a.updated_at, a.version, p.first_name, p.last_name, p.preferred_name, s.name`

const appointmentFrom = ` FROM appointments a JOIN patients p ON p.id = a.patient_id
	JOIN staff s ON s.id = a.practitioner_id`

// Working day searched for an open slot, and the step between slots.
const (
	dayStartsHour = 9
	dayEndsHour   = 18
	slotMinutes   = 15
	searchDays    = 14
)

// Book puts a new appointment in the diary and sets its ID, status,
// timestamps and version. An appointment with no length gets its kind's
// default. Double-booking the practitioner or the room is refused with
// ECONFLICT naming the appointment in the way; a treatment session beyond
// the series' plan is refused until the series is extended.
func (s *Store) Book(ctx context.Context, a *Appointment) error {
	q := *a
	if q.DurationMinutes == 0 {
		q.DurationMinutes = q.Kind.DefaultMinutes()
	}
	q.Room, q.Notes = strings.TrimSpace(q.Room), strings.TrimSpace(q.Notes)
	q.Status, q.StatusReason = StatusBooked, ""
	if err := q.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.writeError(err)
	}
	defer tx.Rollback()
	if err := checkTreatable(ctx, tx, q.PatientID); err != nil {
		return err
	}
	m, err := findStaff(ctx, tx, q.PractitionerID)
	if err != nil {
		return err
	}
	if !m.Active {
		return Errorf(EINVALID, "%s no longer works at the clinic; choose another practitioner.", m.Name)
	}
	if m.Role == RoleReception {
		return Errorf(EINVALID, "%s is reception staff; book the appointment with a practitioner.", m.Name)
	}
	if q.SeriesID != 0 {
		if err := checkBookable(ctx, tx, q); err != nil {
			return err
		}
	}
	if err := checkClash(ctx, tx, q, m.Name); err != nil {
		return err
	}
	now := s.Now()
	q.CreatedAt, q.UpdatedAt, q.Version = now, now, 1
	err = tx.QueryRowContext(ctx, `INSERT INTO appointments (patient_id, practitioner_id,
		series_id, kind, room, starts_at, zone, duration_minutes, notes, status, status_reason,
		created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		q.PatientID, q.PractitionerID, nullID(q.SeriesID), string(q.Kind), q.Room,
		formatTime(q.Start), q.Start.Location().String(), q.DurationMinutes, q.Notes,
		string(q.Status), q.StatusReason, formatTime(now), formatTime(now), q.Version).Scan(&q.ID)
	if err != nil {
		return s.writeError(err)
	}
	if err := tx.Commit(); err != nil {
		return s.writeError(err)
	}
	q.PractitionerName = m.Name
	*a = q
	return nil
}

// checkBookable refuses an appointment in another patient's series, in a
// series that has ended, and a treatment session beyond the series' plan:
// sessions logged and treatments still to come count against it.
func checkBookable(ctx context.Context, tx *sql.Tx, a Appointment) error {
	ts, err := findSeries(ctx, tx, a.SeriesID)
	if err != nil {
		return err
	}
	if ts.PatientID != a.PatientID {
		return Errorf(EINVALID, "That treatment series belongs to another patient.")
	}
	if a.Kind != KindTreatment {
		return nil
	}
	if err := checkSeriesActive(ts, "booked"); err != nil {
		return err
	}
	var done, booked int
	err = tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sessions WHERE series_id = ?1),
		(SELECT count(*) FROM appointments WHERE series_id = ?1 AND kind = 'treatment'
			AND status IN ('booked', 'checked_in'))`, ts.ID).Scan(&done, &booked)
	if err != nil {
		return err
	}
	if done+booked >= ts.PlannedSessions {
		return Errorf(EINVALID, "All %d planned sessions of this series are logged or booked (%d logged, %d booked); extend the series first.",
			ts.PlannedSessions, done, booked)
	}
	return nil
}

// checkClash refuses an appointment that overlaps another one of the same
// practitioner or in the same room. Appointments that only touch are fine.
func checkClash(ctx context.Context, tx *sql.Tx, a Appointment, practitioner string) error {
	list, err := findAppointmentsAround(ctx, tx, a.Start, a.End())
	if err != nil {
		return err
	}
	for _, b := range list {
		if b.ID == a.ID || !b.Status.holdsSlot() || !a.Overlaps(&b) {
			continue
		}
		b.Start = b.Start.In(a.Start.Location())
		switch {
		case b.PractitionerID == a.PractitionerID:
			return Errorf(ECONFLICT, "%s already has %s %s. Choose another time.", practitioner, b.PatientName, b.TimeRange())
		case a.Room != "" && strings.EqualFold(b.Room, a.Room):
			return Errorf(ECONFLICT, "%s is already booked for %s with %s %s. Choose another room or time.",
				b.Room, b.PatientName, b.PractitionerName, b.TimeRange())
		}
	}
	return nil
}

// findAppointmentsAround returns the appointments that may overlap the
// time from start to end: those starting before end, no longer ago than the
// longest appointment.
func findAppointmentsAround(ctx context.Context, tx *sql.Tx, start, end time.Time) ([]Appointment, error) {
	return queryAppointments(ctx, tx, " WHERE a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.id",
		formatTime(start.Add(-MaxAppointmentMinutes*time.Minute)), formatTime(end))
}

// BookingWarnings returns what the desk should know before booking a, without
// refusing it: for a treatment, each contraindication that the patient's
// screening shows for that day, with the date it ends when it ends by itself.
func (s *Store) BookingWarnings(ctx context.Context, a Appointment) ([]string, error) {
	if a.Kind != KindTreatment || a.Start.IsZero() {
		return nil, nil
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.readError(err)
	}
	defer tx.Rollback()
	screenings, err := findScreenings(ctx, tx, a.PatientID)
	if err != nil {
		return nil, s.readError(err)
	}
	var latest *Screening
	if len(screenings) > 0 {
		latest = &screenings[0]
	}
	rules, err := readClinicRules(ctx, tx)
	if err != nil {
		return nil, s.readError(err)
	}
	day := DateOf(a.Start)
	var warnings []string
	for _, r := range Check(latest, day, rules).Reasons {
		if r.Status != CheckContraindicated {
			continue
		}
		w := fmt.Sprintf("Treatment on %s is contraindicated: %s", day.Format("2 Jan 2006"), r.Message)
		if !r.EligibleFrom.IsZero() {
			w += fmt.Sprintf(" Eligible from %s.", r.EligibleFrom.Format("2 Jan 2006"))
		}
		warnings = append(warnings, w)
	}
	return warnings, nil
}

// SetStatus moves an appointment to a new status: checked in, completed,
// cancelled (reason required) or no-show. version must be the version that
// was read. A move the diary does not allow, such as completing a cancelled
// appointment, is refused.
func (s *Store) SetStatus(ctx context.Context, id, version int64, status AppointmentStatus, reason string) error {
	reason = strings.TrimSpace(reason)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.writeError(err)
	}
	defer tx.Rollback()
	current, err := findAppointment(ctx, tx, id)
	if err != nil {
		return err
	}
	if current.Version != version {
		return Errorf(ECONFLICT, "This appointment was changed on another computer. Reopen the diary and try again.")
	}
	if !CanMove(current.Status, status) {
		return Errorf(EINVALID, "A %s appointment cannot be marked %s.",
			strings.ToLower(current.Status.Label()), strings.ToLower(status.Label()))
	}
	q := current
	q.Status, q.StatusReason = status, reason
	if err := q.Validate(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE appointments SET status = ?, status_reason = ?,
		updated_at = ?, version = version + 1 WHERE id = ?`,
		string(status), reason, formatTime(s.Now()), id)
	if err != nil {
		return s.writeError(err)
	}
	return s.writeError(tx.Commit())
}

// Appointment returns an appointment.
func (s *Store) Appointment(ctx context.Context, id int64) (Appointment, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Appointment{}, s.readError(err)
	}
	defer tx.Rollback()
	a, err := findAppointment(ctx, tx, id)
	return a, s.readError(err)
}

// Appointments returns the diary from from until to, cancelled ones
// included, ordered by start and practitioner.
func (s *Store) Appointments(ctx context.Context, from, to time.Time) ([]Appointment, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.readError(err)
	}
	defer tx.Rollback()
	list, err := queryAppointments(ctx, tx, " WHERE a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, s.name, a.id",
		formatTime(from), formatTime(to))
	return list, s.readError(err)
}

// PatientAppointments returns a patient's appointments, newest first.
func (s *Store) PatientAppointments(ctx context.Context, patientID int64) ([]Appointment, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.readError(err)
	}
	defer tx.Rollback()
	list, err := queryAppointments(ctx, tx, " WHERE a.patient_id = ? ORDER BY a.starts_at DESC, a.id DESC", patientID)
	return list, s.readError(err)
}

func findAppointment(ctx context.Context, tx *sql.Tx, id int64) (Appointment, error) {
	a, err := scanAppointment(tx.QueryRowContext(ctx, "SELECT "+appointmentColumns+appointmentFrom+" WHERE a.id = ?", id))
	return a, notFound(err, "The appointment")
}

func queryAppointments(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]Appointment, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+appointmentColumns+appointmentFrom+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Appointment
	for rows.Next() {
		a, err := scanAppointment(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

func scanAppointment(row interface{ Scan(...any) error }) (Appointment, error) {
	var (
		a                               Appointment
		p                               Patient
		series                          sql.NullInt64
		kind, status, startsAt, zone    string
		createdAt, updatedAt, staffName string
	)
	err := row.Scan(&a.ID, &kind, &a.PatientID, &a.PractitionerID, &series, &a.Room, &startsAt,
		&zone, &a.DurationMinutes, &a.Notes, &status, &a.StatusReason, &createdAt, &updatedAt,
		&a.Version, &p.FirstName, &p.LastName, &p.PreferredName, &staffName)
	if err != nil {
		return a, err
	}
	a.Kind, a.Status, a.SeriesID = AppointmentKind(kind), AppointmentStatus(status), series.Int64
	a.PatientName, a.PractitionerName = p.FullName(), staffName
	if a.Start, err = parseTime(startsAt); err != nil {
		return a, err
	}
	a.Start = a.Start.In(zoneOf(zone))
	if a.CreatedAt, err = parseTime(createdAt); err != nil {
		return a, err
	}
	a.UpdatedAt, err = parseTime(updatedAt)
	return a, err
}

// zoneOf returns the zone an appointment was booked in, or UTC when this
// computer does not know it.
func zoneOf(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Proposal is a suggested time for the next session of a series, with the
// reason in the desk's words, e.g. "4 weeks after 16 Dec".
type Proposal struct {
	Start          time.Time
	PractitionerID int64
	Why            string
}

// ProposeNextSession suggests when to book the next session of a series:
// the interval after the last session, or after the last treatment already
// booked, at the same wall-clock time in loc, by the same practitioner. A
// taken time moves to that practitioner's nearest open 15-minute slot in the
// working day (09:00–18:00), searching up to two weeks ahead.
func (s *Store) ProposeNextSession(ctx context.Context, seriesID int64, loc *time.Location) (Proposal, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Proposal{}, s.readError(err)
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
	b.DurationMinutes = KindTreatment.DefaultMinutes()
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
		want = time.Date(y, m, d, dayStartsHour, 0, 0, 0, loc)
		why = "first session of the series started " + ts.StartedOn.Format("2 Jan")
	} else {
		y, m, d := anchor.Date()
		want = time.Date(y, m, d+7*ts.IntervalWeeks, anchor.Hour(), anchor.Minute(), 0, 0, loc)
		why = fmt.Sprintf("%s after %s", plural(ts.IntervalWeeks, "week"), after)
	}
	now := s.Now().In(loc)
	if want.Before(now) {
		y, m, d := now.Date()
		day := time.Date(y, m, d, want.Hour(), want.Minute(), 0, 0, loc)
		if day.Before(now) {
			day = time.Date(y, m, d+1, want.Hour(), want.Minute(), 0, 0, loc)
		}
		why += ", a date already past"
		want = day
	}
	if b.PractitionerID == 0 {
		return Proposal{Start: want, Why: why}, nil
	}
	y, m, d := want.Date()
	busy, err := findAppointmentsAround(ctx, tx, time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+searchDays+1, 0, 0, 0, 0, loc))
	if err != nil {
		return Proposal{}, s.readError(err)
	}
	start, ok := openSlot(want, now, b, busy)
	if !ok {
		return Proposal{}, Errorf(ENOTFOUND, "No open hour in the %d days from %s (%s); choose a time by hand.",
			searchDays, want.Format("2 Jan"), why)
	}
	if !start.Equal(want) {
		why += fmt.Sprintf("; %s was taken, so the nearest open slot", want.Format("Mon 2 Jan 15:04"))
	}
	return Proposal{Start: start, PractitionerID: b.PractitionerID, Why: why}, nil
}

// openSlot returns the free start nearest to want of the practitioner of b,
// on want's day or, failing that, the next days. Each day's slots are tried
// closest to want's wall-clock time first, earlier before later on a tie;
// slots before now are never offered.
func openSlot(want, now time.Time, b Appointment, busy []Appointment) (time.Time, bool) {
	loc := want.Location()
	wantMinute := want.Hour()*60 + want.Minute()
	y, m, d := want.Date()
	for day := 0; day <= searchDays; day++ {
		best, found := 0, false
		for minute := dayStartsHour * 60; minute+b.DurationMinutes <= dayEndsHour*60; minute += slotMinutes {
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

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
