package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"needlepoint/data"
)

const appointmentColumns = `a.id, a.kind, a.patient_id, a.practitioner_id, a.series_id, a.room,
	a.starts_at, a.zone, a.duration_minutes, a.notes, a.status, a.status_reason, a.created_at,
	a.updated_at, a.version, p.first_name, p.last_name, p.preferred_name, s.name`

const appointmentFrom = ` FROM appointments a JOIN patients p ON p.id = a.patient_id
	JOIN staff s ON s.id = a.practitioner_id`

// Book puts a new appointment in the diary and sets its ID, status,
// timestamps and version. An appointment with no length gets its kind's
// default. Double-booking the practitioner or the room is refused with
// ECONFLICT naming the appointment in the way; a treatment session beyond
// the series' plan is refused until the series is extended.
func (s *Store) Book(ctx context.Context, a *data.Appointment) error {
	who, err := s.allow(ctx, data.PermAppointments, a.PatientID)
	if err != nil {
		return err
	}
	q := *a
	q.Room, q.Notes = strings.TrimSpace(q.Room), strings.TrimSpace(q.Notes)
	q.Status, q.StatusReason = data.StatusBooked, ""
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if q.DurationMinutes == 0 {
			d, err := readDiarySettings(ctx, tx)
			if err != nil {
				return s.writeError(err)
			}
			q.DurationMinutes = d.DefaultMinutes(q.Kind)
		}
		m, err := checkSlot(ctx, tx, q)
		if err != nil {
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
		if err := s.audit(ctx, tx, who, data.Audit{Action: data.ActionBooked, PatientID: q.PatientID, Subject: appointmentSubject(q.ID),
			Detail: q.Kind.Label() + " " + q.Start.Format("2 Jan 2006 15:04") + " with " + m.Name}); err != nil {
			return s.writeError(err)
		}
		q.PractitionerName = m.Name
		return nil
	}); err != nil {
		return err
	}
	*a = q
	return nil
}

// checkSlot checks that q may take its place in the diary: a valid
// appointment of a patient on file, with a practitioner who works here, in
// a series with room for it, clashing with nobody. It returns the
// practitioner.
func checkSlot(ctx context.Context, tx *sql.Tx, q data.Appointment) (data.StaffMember, error) {
	if err := q.Validate(); err != nil {
		return data.StaffMember{}, err
	}
	if err := checkTreatable(ctx, tx, q.PatientID); err != nil {
		return data.StaffMember{}, err
	}
	m, err := findBookable(ctx, tx, q.PractitionerID)
	if err != nil {
		return m, err
	}
	if q.SeriesID != 0 {
		if err := checkBookable(ctx, tx, q); err != nil {
			return m, err
		}
	}
	return m, checkClash(ctx, tx, q, m.Name)
}

// findBookable returns the staff member an appointment is with, refusing
// one who has left or who works at reception.
func findBookable(ctx context.Context, tx *sql.Tx, id int64) (data.StaffMember, error) {
	m, err := findStaff(ctx, tx, id)
	if err != nil {
		return m, err
	}
	if !m.Active {
		return m, data.Errorf(data.EINVALID, "%s no longer works at the clinic; choose another practitioner.", m.Name)
	}
	if m.Role == data.RoleReception {
		return m, data.Errorf(data.EINVALID, "%s is reception staff; book the appointment with a practitioner.", m.Name)
	}
	return m, nil
}

// checkBookable refuses an appointment in another patient's series, in a
// series that has ended, and a treatment session beyond the series' plan:
// sessions logged and other treatments still to come count against it.
func checkBookable(ctx context.Context, tx *sql.Tx, a data.Appointment) error {
	ts, err := findSeries(ctx, tx, a.SeriesID)
	if err != nil {
		return err
	}
	if ts.PatientID != a.PatientID {
		return data.Errorf(data.EINVALID, "That treatment series belongs to another patient.")
	}
	if a.Kind != data.KindTreatment {
		return nil
	}
	if err := checkSeriesActive(ts, "booked"); err != nil {
		return err
	}
	var done, booked int
	err = tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sessions WHERE series_id = ?1),
		(SELECT count(*) FROM appointments WHERE series_id = ?1 AND kind = 'treatment'
			AND status IN ('booked', 'checked_in') AND id <> ?2)`, ts.ID, a.ID).Scan(&done, &booked)
	if err != nil {
		return err
	}
	if done+booked >= ts.PlannedSessions {
		return data.Errorf(data.EINVALID, "All %d planned sessions of this series are logged or booked (%d logged, %d booked); extend the series first.",
			ts.PlannedSessions, done, booked)
	}
	return nil
}

// checkClash refuses an appointment that overlaps another one of the same
// practitioner or in the same room. Appointments that only touch are fine.
func checkClash(ctx context.Context, tx *sql.Tx, a data.Appointment, practitioner string) error {
	list, err := findAppointmentsAround(ctx, tx, a.Start, a.End())
	if err != nil {
		return err
	}
	for _, b := range list {
		if b.ID == a.ID || !b.Status.HoldsSlot() || !a.Overlaps(&b) {
			continue
		}
		b.Start = b.Start.In(a.Start.Location())
		switch {
		case b.PractitionerID == a.PractitionerID:
			return data.Errorf(data.ECONFLICT, "%s already has %s %s. Choose another time.", practitioner, b.PatientName, b.TimeRange())
		case a.Room != "" && strings.EqualFold(b.Room, a.Room):
			return data.Errorf(data.ECONFLICT, "%s is already booked for %s with %s %s. Choose another room or time.",
				b.Room, b.PatientName, b.PractitionerName, b.TimeRange())
		}
	}
	return nil
}

// findAppointmentsAround returns the appointments that may overlap the
// time from start to end: those starting before end, no longer ago than the
// longest appointment.
func findAppointmentsAround(ctx context.Context, tx *sql.Tx, start, end time.Time) ([]data.Appointment, error) {
	return queryAppointments(ctx, tx, " WHERE a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.id",
		formatTime(start.Add(-data.MaxAppointmentMinutes*time.Minute)), formatTime(end))
}

// BookingWarnings returns what the desk should know before booking a, without
// refusing it: for a treatment, each contraindication that the patient's
// screening shows for that day, with the date it ends when it ends by itself,
// and a session of the series booked twice (see bookedTwice).
func (s *Store) BookingWarnings(ctx context.Context, a data.Appointment) ([]string, error) {
	if _, err := s.reader(); err != nil {
		return nil, err
	}
	if a.Kind != data.KindTreatment || a.Start.IsZero() {
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
	var latest *data.Screening
	if len(screenings) > 0 {
		latest = &screenings[0]
	}
	rules, err := readClinicRules(ctx, tx)
	if err != nil {
		return nil, s.readError(err)
	}
	day := data.DateOf(a.Start)
	var warnings []string
	for _, r := range data.Check(latest, day, rules).Reasons {
		if r.Status != data.CheckContraindicated {
			continue
		}
		w := fmt.Sprintf("Treatment on %s is contraindicated: %s", day.Format("2 Jan 2006"), r.Message)
		if !r.EligibleFrom.IsZero() {
			w += fmt.Sprintf(" Eligible from %s.", r.EligibleFrom.Format("2 Jan 2006"))
		}
		warnings = append(warnings, w)
	}
	// A consent that will have lapsed or was withdrawn by the day is said
	// now, so time is booked to take it again; a patient who never signed
	// signs at the first visit, as usual.
	consent, err := consentStatus(ctx, tx, a.PatientID, data.ConsentMicroneedling, day)
	if err != nil {
		return nil, s.readError(err)
	}
	if consent.State == data.ConsentExpired || consent.State == data.ConsentWithdrawn {
		warnings = append(warnings, consent.Message())
	}
	twice, err := bookedTwice(ctx, tx, a, s.Now())
	if err != nil {
		return nil, s.readError(err)
	}
	return append(warnings, twice...), nil
}

// SetStatus moves an appointment to a new status: checked in, completed,
// cancelled (reason required) or no-show. version must be the version that
// was read. A move the diary does not allow, such as completing a cancelled
// appointment, is refused, and so is a no-show before the appointment's
// start: the patient may still come.
func (s *Store) SetStatus(ctx context.Context, id, version int64, status data.AppointmentStatus, reason string) error {
	who, err := s.allow(ctx, data.PermAppointments, 0)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		current, err := findAppointment(ctx, tx, id)
		if err != nil {
			return err
		}
		if current.Version != version {
			return data.Errorf(data.ECONFLICT, "This appointment was changed on another computer. Reopen the diary and try again.")
		}
		if !data.CanMove(current.Status, status) {
			return data.Errorf(data.EINVALID, "A %s appointment cannot be marked %s.",
				strings.ToLower(current.Status.Label()), strings.ToLower(status.Label()))
		}
		if status == data.StatusNoShow && s.Now().Before(current.Start) {
			return data.NotStartedYet(current)
		}
		q := current
		q.Status, q.StatusReason = status, reason
		if err := q.Validate(); err != nil {
			return err
		}
		err = updateVersion(ctx, tx, current.Version, staleAppointment(nil), `UPDATE appointments SET status = ?, status_reason = ?,
		updated_at = ?, version = version + 1 WHERE id = ?`,
			string(status), reason, formatTime(s.Now()), id)
		if err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionChanged, PatientID: current.PatientID, Subject: appointmentSubject(id),
			Detail: strings.TrimSpace(strings.ToLower(status.Label()) + " " + reason)}
		if err := s.audit(ctx, tx, who, e); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// UpdateAppointment moves or edits a booked or checked-in appointment: its
// start, length, practitioner, room and notes. Its kind, patient and series
// stay as they were booked. a.Version must be the version that was read;
// the same clash and series rules as Book apply, and on success a holds
// what was saved, with its new version.
func (s *Store) UpdateAppointment(ctx context.Context, a *data.Appointment) error {
	who, err := s.allow(ctx, data.PermAppointments, a.PatientID)
	if err != nil {
		return err
	}
	var saved []data.Appointment
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		q, err := findAppointment(ctx, tx, a.ID)
		if err != nil {
			return s.writeError(err)
		}
		if q.Version != a.Version {
			return data.Errorf(data.ECONFLICT, "This appointment was changed on another computer. Close it, open it again and make your change once more.")
		}
		if q.Status != data.StatusBooked && q.Status != data.StatusCheckedIn {
			state := strings.ToLower(q.Status.Label())
			if q.Status == data.StatusNoShow {
				state = "marked as did not attend"
			}
			return data.Errorf(data.ELOCKED, "This appointment is %s, so it cannot be moved or changed; book a new one instead.", state)
		}
		q.Start, q.DurationMinutes, q.PractitionerID = a.Start, a.DurationMinutes, a.PractitionerID
		q.Room, q.Notes = strings.TrimSpace(a.Room), strings.TrimSpace(a.Notes)
		m, err := checkSlot(ctx, tx, q)
		if err != nil {
			return err
		}
		now := s.Now()
		err = updateVersion(ctx, tx, q.Version, staleAppointment(nil), `UPDATE appointments SET practitioner_id = ?, room = ?, starts_at = ?,
		zone = ?, duration_minutes = ?, notes = ?, updated_at = ?, version = version + 1
		WHERE id = ?`,
			q.PractitionerID, q.Room, formatTime(q.Start), q.Start.Location().String(), q.DurationMinutes,
			q.Notes, formatTime(now), q.ID)
		if err != nil {
			return s.writeError(err)
		}
		q.PractitionerName, q.UpdatedAt, q.Version = m.Name, now, q.Version+1
		e := data.Audit{Action: data.ActionChanged, PatientID: q.PatientID, Subject: appointmentSubject(q.ID),
			Detail: "moved to " + q.Start.Format("2 Jan 2006 15:04") + " with " + m.Name}
		if err := s.audit(ctx, tx, who, e); err != nil {
			return s.writeError(err)
		}
		saved = []data.Appointment{q}
		if err := numberSessions(ctx, tx, saved); err != nil {
			return s.writeError(err)
		}
		return nil
	}); err != nil {
		return err
	}
	*a = saved[0]
	return nil
}

// Appointment returns an appointment.
func (s *Store) Appointment(ctx context.Context, id int64) (data.Appointment, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.Appointment{}, err
	}
	defer tx.Rollback()
	a, err := findAppointment(ctx, tx, id)
	if err != nil {
		return a, s.readError(err)
	}
	list := []data.Appointment{a}
	err = numberSessions(ctx, tx, list)
	return list[0], s.readError(err)
}

// Appointments returns the diary from from until to, cancelled ones
// included, ordered by start and practitioner.
func (s *Store) Appointments(ctx context.Context, from, to time.Time) ([]data.Appointment, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	list, err := queryAppointments(ctx, tx, " WHERE a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, s.name, a.id",
		formatTime(from), formatTime(to))
	if err == nil {
		err = numberSessions(ctx, tx, list)
	}
	return list, s.readError(err)
}

// PatientAppointments returns a patient's appointments, newest first.
func (s *Store) PatientAppointments(ctx context.Context, patientID int64) ([]data.Appointment, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	list, err := queryAppointments(ctx, tx, " WHERE a.patient_id = ? ORDER BY a.starts_at DESC, a.id DESC", patientID)
	if err == nil {
		err = numberSessions(ctx, tx, list)
	}
	return list, s.readError(err)
}

// numberSessions fills in SessionNumber and PlannedSessions of the
// treatment appointments in list that hold their slot (booked, checked in
// or completed). Bookings still to come follow every session logged, in
// date order, drafts included: a draft is a treatment given, takes its
// place in the plan and completes its appointment, so the bookings after it
// are numbered after it even while the series' progress waits for its
// signature. A booked or checked-in treatment's number is 1 + the sessions
// of its series logged + the treatments of its series still booked or
// checked in that start before it. A completed appointment is the session
// logged on its day: its number is 1 + the sessions logged on earlier
// days, so it is never counted twice, and a session logged a little before
// its appointment's start does not count against it.
func numberSessions(ctx context.Context, tx *sql.Tx, list []data.Appointment) error {
	type seriesTimes struct {
		planned  int
		sessions []time.Time // performed
		booked   []data.Appointment
	}
	series := map[int64]*seriesTimes{}
	var ids []any
	for _, a := range list {
		if a.Kind == data.KindTreatment && a.SeriesID != 0 && series[a.SeriesID] == nil {
			series[a.SeriesID] = &seriesTimes{}
			ids = append(ids, a.SeriesID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
	rows, err := tx.QueryContext(ctx, `SELECT ts.id, ts.planned_sessions, 's', x.performed_at, 0
		FROM treatment_series ts JOIN sessions x ON x.series_id = ts.id WHERE ts.id IN `+in+`
		UNION ALL SELECT ts.id, ts.planned_sessions, 'a', a.starts_at, a.id
		FROM treatment_series ts JOIN appointments a ON a.series_id = ts.id
		WHERE ts.id IN `+in+` AND a.kind = 'treatment' AND a.status IN ('booked', 'checked_in')
		UNION ALL SELECT ts.id, ts.planned_sessions, '', '', 0 FROM treatment_series ts WHERE ts.id IN `+in,
		append(append(ids, ids...), ids...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id, other   int64
			planned     int
			what, stamp string
		)
		if err := rows.Scan(&id, &planned, &what, &stamp, &other); err != nil {
			return err
		}
		st := series[id]
		st.planned = planned
		if what == "" {
			continue
		}
		at, err := parseTime(stamp)
		if err != nil {
			return err
		}
		if what == "s" {
			st.sessions = append(st.sessions, at)
		} else {
			st.booked = append(st.booked, data.Appointment{ID: other, Start: at})
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range list {
		a := &list[i]
		st := series[a.SeriesID]
		if st == nil || !a.Status.HoldsSlot() {
			continue
		}
		y, m, d := a.Start.Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, a.Start.Location())
		n := 1
		for _, at := range st.sessions {
			if at.Before(day) || a.Status != data.StatusCompleted {
				n++
			}
		}
		for _, b := range st.booked {
			if b.ID != a.ID && (b.Start.Before(a.Start) || b.Start.Equal(a.Start) && b.ID < a.ID) {
				n++
			}
		}
		a.SessionNumber, a.PlannedSessions = n, st.planned
	}
	return nil
}

func findAppointment(ctx context.Context, tx *sql.Tx, id int64) (data.Appointment, error) {
	a, err := scanAppointment(tx.QueryRowContext(ctx, "SELECT "+appointmentColumns+appointmentFrom+" WHERE a.id = ?", id))
	return a, notFound(err, "The appointment")
}

func queryAppointments(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]data.Appointment, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+appointmentColumns+appointmentFrom+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []data.Appointment
	for rows.Next() {
		a, err := scanAppointment(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

func scanAppointment(row interface{ Scan(...any) error }) (data.Appointment, error) {
	var (
		a                               data.Appointment
		p                               data.Patient
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
	a.Kind, a.Status, a.SeriesID = data.AppointmentKind(kind), data.AppointmentStatus(status), series.Int64
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

// appointmentSubject names an appointment in the audit trail.
func appointmentSubject(id int64) string { return fmt.Sprintf("appointment %d", id) }

// ImportAppointments stores many appointments in one transaction as they
// are given (status, creation and update times, version), without the
// desk's checks: the demo generator uses it for a diary it placed free of
// clashes. Each appointment's zone is its Start's.
func (s *Store) ImportAppointments(ctx context.Context, list []data.Appointment) error {
	who, err := s.allow(ctx, data.PermAppointments, 0)
	if err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO appointments (patient_id, practitioner_id,
		series_id, kind, room, starts_at, zone, duration_minutes, notes, status, status_reason,
		created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return s.writeError(err)
		}
		defer ins.Close()
		for _, a := range list {
			if _, err := ins.ExecContext(ctx, a.PatientID, a.PractitionerID, nullID(a.SeriesID), string(a.Kind),
				a.Room, formatTime(a.Start), a.Start.Location().String(), a.DurationMinutes, a.Notes, string(a.Status),
				a.StatusReason, formatTime(a.CreatedAt), formatTime(a.UpdatedAt), a.Version); err != nil {
				return s.writeError(err)
			}
		}
		e := data.Audit{Action: data.ActionBooked, Subject: "appointments", Detail: fmt.Sprintf("imported %d appointments", len(list))}
		if err := s.audit(ctx, tx, who, e); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}
