package data

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// FieldCallNote names the note input of the "called" mark.
const FieldCallNote = "call_note"

// RecallEntry is one patient the desk should ring: why, since when, how
// urgently, and when they were last called about it.
type RecallEntry struct {
	PatientID       int64
	PatientName     string
	Phone           string
	ReminderConsent bool
	Reason          string
	// Since is the day the session or review fell due, or the day of the
	// missed appointment.
	Since time.Time
	// Urgency is the number of days since Since; the list is sorted by it,
	// most urgent first.
	Urgency      int
	SeriesID     int64 // 0 for a missed appointment outside a series
	LastCalled   time.Time
	LastCallNote string
}

// Recall lists the patients to ring on today: the next session of an
// active series due or overdue (no session for longer than the interval
// plus DefaultOverdueDays), a completed series' six-month review due, and
// missed appointments not rebooked. A patient who already has an
// appointment of the matching kind booked from today on is left out.
// Archived patients are never listed.
func (s *Store) Recall(ctx context.Context, today time.Time) ([]RecallEntry, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.readError(err)
	}
	defer tx.Rollback()
	day := DateOf(today)
	booked, err := bookedKinds(ctx, tx, day)
	if err != nil {
		return nil, s.readError(err)
	}
	list, err := seriesRecalls(ctx, tx, day, booked)
	if err != nil {
		return nil, s.readError(err)
	}
	missed, err := missedRecalls(ctx, tx, day)
	if err != nil {
		return nil, s.readError(err)
	}
	list = append(list, missed...)
	for i := range list {
		e := &list[i]
		var calledAt string
		err := tx.QueryRowContext(ctx, `SELECT called_at, note FROM recall_calls
			WHERE patient_id = ? AND COALESCE(series_id, 0) = ?
			ORDER BY called_at DESC, id DESC LIMIT 1`, e.PatientID, e.SeriesID).Scan(&calledAt, &e.LastCallNote)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, s.readError(err)
		}
		if e.LastCalled, err = parseTime(calledAt); err != nil {
			return nil, s.readError(err)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Urgency != list[j].Urgency {
			return list[i].Urgency > list[j].Urgency
		}
		return list[i].PatientName < list[j].PatientName
	})
	return list, nil
}

// patientKind is a patient and a kind of appointment.
type patientKind struct {
	patientID int64
	kind      AppointmentKind
}

// bookedKinds returns which kinds of appointment each patient has booked
// from day on.
func bookedKinds(ctx context.Context, tx *sql.Tx, day time.Time) (map[patientKind]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT patient_id, kind FROM appointments
		WHERE status IN ('booked', 'checked_in') AND starts_at >= ?`, formatTime(day))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	booked := map[patientKind]bool{}
	for rows.Next() {
		var (
			k    patientKind
			kind string
		)
		if err := rows.Scan(&k.patientID, &kind); err != nil {
			return nil, err
		}
		k.kind = AppointmentKind(kind)
		booked[k] = true
	}
	return booked, rows.Err()
}

// seriesRecalls applies the series rules: next session due or overdue, and
// the review of a completed series due.
func seriesRecalls(ctx context.Context, tx *sql.Tx, day time.Time, booked map[patientKind]bool) ([]RecallEntry, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.patient_id, t.planned_sessions,
		t.interval_weeks, t.status, t.started_on, p.first_name, p.last_name, p.preferred_name,
		p.phone, p.reminder_consent
		FROM treatment_series t JOIN patients p ON p.id = t.patient_id
		WHERE p.archived_at IS NULL AND t.status IN ('active', 'completed')
		ORDER BY t.id`)
	if err != nil {
		return nil, err
	}
	type candidate struct {
		ts    TreatmentSeries
		entry RecallEntry
	}
	var candidates []candidate
	for rows.Next() {
		var (
			c         candidate
			p         Patient
			status    string
			startedOn sql.NullString
		)
		if err := rows.Scan(&c.ts.ID, &c.ts.PatientID, &c.ts.PlannedSessions, &c.ts.IntervalWeeks,
			&status, &startedOn, &p.FirstName, &p.LastName, &p.PreferredName, &c.entry.Phone,
			&c.entry.ReminderConsent); err != nil {
			rows.Close()
			return nil, err
		}
		c.ts.Status = SeriesStatus(status)
		if c.ts.StartedOn, err = parseDate(startedOn); err != nil {
			rows.Close()
			return nil, err
		}
		c.entry.PatientID, c.entry.PatientName, c.entry.SeriesID = c.ts.PatientID, p.FullName(), c.ts.ID
		candidates = append(candidates, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var list []RecallEntry
	for _, c := range candidates {
		dates, err := sessionDates(ctx, tx, c.ts.ID)
		if err != nil {
			return nil, err
		}
		pr := c.ts.Progress(dates, day, DefaultOverdueDays)
		e := c.entry
		switch {
		case !pr.NextDue.IsZero() && !pr.NextDue.After(day):
			if booked[patientKind{c.ts.PatientID, KindTreatment}] {
				continue
			}
			e.Since = pr.NextDue
			e.Reason = fmt.Sprintf("Session %d of %d due since %s, not booked", pr.Done+1, pr.Planned, pr.NextDue.Format("2 Jan 2006"))
			if pr.Overdue {
				e.Reason = fmt.Sprintf("Session %d of %d overdue: due %s, no session for longer than %s and %s",
					pr.Done+1, pr.Planned, pr.NextDue.Format("2 Jan 2006"), plural(c.ts.IntervalWeeks, "week"), plural(DefaultOverdueDays, "day"))
			}
		case !pr.ReviewDue.IsZero() && !pr.ReviewDue.After(day):
			if booked[patientKind{c.ts.PatientID, KindReview}] {
				continue
			}
			var reviewed bool
			err := tx.QueryRowContext(ctx, `SELECT count(*) > 0 FROM appointments
				WHERE patient_id = ? AND kind = 'review' AND status = 'completed' AND starts_at > ?`,
				c.ts.PatientID, formatTime(pr.LastSession)).Scan(&reviewed)
			if err != nil {
				return nil, err
			}
			if reviewed {
				continue
			}
			e.Since = pr.ReviewDue
			e.Reason = fmt.Sprintf("Six-month review due since %s", pr.ReviewDue.Format("2 Jan 2006"))
		default:
			continue
		}
		e.Urgency = daysBetween(e.Since, day)
		list = append(list, e)
	}
	return list, nil
}

func sessionDates(ctx context.Context, tx *sql.Tx, seriesID int64) ([]time.Time, error) {
	rows, err := tx.QueryContext(ctx, "SELECT performed_at FROM sessions WHERE series_id = ?", seriesID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var dates []time.Time
	for rows.Next() {
		var at string
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		t, err := parseTime(at)
		if err != nil {
			return nil, err
		}
		dates = append(dates, t)
	}
	return dates, rows.Err()
}

// missedRecalls lists no-shows with no later appointment of the same kind
// booked, attended or under way.
func missedRecalls(ctx context.Context, tx *sql.Tx, day time.Time) ([]RecallEntry, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.patient_id, COALESCE(a.series_id, 0), a.kind,
		a.starts_at, a.zone, p.first_name, p.last_name, p.preferred_name, p.phone, p.reminder_consent
		FROM appointments a JOIN patients p ON p.id = a.patient_id
		WHERE a.status = 'no_show' AND p.archived_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.patient_id = a.patient_id
			AND b.kind = a.kind AND b.starts_at > a.starts_at
			AND b.status IN ('booked', 'checked_in', 'completed'))
		ORDER BY a.starts_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []RecallEntry
	for rows.Next() {
		var (
			e                    RecallEntry
			p                    Patient
			kind, startsAt, zone string
		)
		if err := rows.Scan(&e.PatientID, &e.SeriesID, &kind, &startsAt, &zone, &p.FirstName,
			&p.LastName, &p.PreferredName, &e.Phone, &e.ReminderConsent); err != nil {
			return nil, err
		}
		at, err := parseTime(startsAt)
		if err != nil {
			return nil, err
		}
		at = at.In(zoneOf(zone))
		e.PatientName, e.Since = p.FullName(), DateOf(at)
		e.Reason = fmt.Sprintf("Did not attend the %s on %s, not rebooked",
			strings.ToLower(AppointmentKind(kind).Label()), at.Format("2 Jan 2006 15:04"))
		e.Urgency = daysBetween(e.Since, day)
		list = append(list, e)
	}
	return list, rows.Err()
}

// daysBetween counts the calendar days from one date to a later one.
func daysBetween(from, to time.Time) int {
	return int(DateOf(to).Sub(DateOf(from)).Hours() / 24)
}

// MarkCalled records that a member of staff rang a patient from the recall
// list, with what was said; seriesID is the series the call was about, or 0.
// The call log is never changed.
func (s *Store) MarkCalled(ctx context.Context, patientID, seriesID, by int64, note string) error {
	note = strings.TrimSpace(note)
	var v validator
	v.text(FieldCallNote, "The note", note, MaxReasonLength, true)
	if err := v.err(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.writeError(err)
	}
	defer tx.Rollback()
	if _, err := findPatient(ctx, tx, patientID); err != nil {
		return err
	}
	if seriesID != 0 {
		ts, err := findSeries(ctx, tx, seriesID)
		if err != nil {
			return err
		}
		if ts.PatientID != patientID {
			return Errorf(EINVALID, "That treatment series belongs to another patient.")
		}
	}
	m, err := findStaff(ctx, tx, by)
	if err != nil {
		return err
	}
	if !m.Active {
		return Errorf(EINVALID, "%s no longer works at the clinic.", m.Name)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO recall_calls (patient_id, series_id, called_at,
		called_by, note) VALUES (?, ?, ?, ?, ?)`,
		patientID, nullID(seriesID), formatTime(s.Now()), by, note); err != nil {
		return s.writeError(err)
	}
	return s.writeError(tx.Commit())
}

// RecallCSV writes the recall list as CSV for a spreadsheet or a texting
// service. encoding/csv quotes names with commas or quotes.
func RecallCSV(w io.Writer, list []RecallEntry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"Patient", "Phone", "Reminder consent", "Reason", "Since",
		"Days", "Last called", "Call note"}); err != nil {
		return err
	}
	for _, e := range list {
		consent, called := "no", ""
		if e.ReminderConsent {
			consent = "yes"
		}
		if !e.LastCalled.IsZero() {
			called = e.LastCalled.Format("2006-01-02 15:04")
		}
		if err := cw.Write([]string{e.PatientName, e.Phone, consent, e.Reason,
			e.Since.Format(time.DateOnly), strconv.Itoa(e.Urgency), called, e.LastCallNote}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
