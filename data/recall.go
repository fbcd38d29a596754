package data

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// FieldCallNote names the note input of the "called" mark.
const FieldCallNote = "call_note"

// callChunk is how many patients one query of the call log asks about,
// well under SQLite's limit on parameters.
const callChunk = 500

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
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
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
	if err := lastCalls(ctx, tx, list); err != nil {
		return nil, s.readError(err)
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

// seriesRecallQuery reads, in one pass, the series that may be due on ?1
// (a date): active ones whose next session is due, the last session plus the
// interval or the start before the first, and completed ones whose last
// session is six months or more ago, counted from the first of its month so
// that no review the exact rule finds is left out, and with no review held
// since. Each comes with how many signed sessions it has and the latest:
// a draft counts only once signed, as in TreatmentSeries.Progress.
const seriesRecallQuery = `WITH c AS (
	SELECT t.id, t.patient_id, t.planned_sessions, t.interval_weeks, t.status, t.started_on,
		(SELECT count(*) FROM sessions x WHERE x.series_id = t.id AND x.signed_at IS NOT NULL) AS done,
		(SELECT max(performed_at) FROM sessions x WHERE x.series_id = t.id AND x.signed_at IS NOT NULL) AS last
	FROM treatment_series t WHERE t.status IN ('active', 'completed'))
SELECT c.id, c.patient_id, c.planned_sessions, c.interval_weeks, c.status, c.started_on, c.done,
	COALESCE(c.last, ''), p.first_name, p.last_name, p.preferred_name, p.phone, p.reminder_consent
FROM c JOIN patients p ON p.id = c.patient_id
WHERE p.archived_at IS NULL AND (
	(c.status = 'active' AND c.done < c.planned_sessions AND CASE WHEN c.last IS NULL THEN c.started_on
		ELSE date(substr(c.last, 1, 10), '+' || (7 * c.interval_weeks) || ' days') END <= ?1)
	OR (c.status = 'completed' AND c.last IS NOT NULL
		AND date(substr(c.last, 1, 10), 'start of month', '+6 months') <= ?1
		AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = c.patient_id
			AND a.starts_at > c.last AND a.kind = 'review' AND a.status = 'completed')))
ORDER BY c.id`

// seriesRecalls applies the series rules: next session due or overdue, and
// the review of a completed series due. SQL picks the candidates; the rules
// themselves are TreatmentSeries.Progress, as everywhere else.
func seriesRecalls(ctx context.Context, tx *sql.Tx, day time.Time, booked map[patientKind]bool) ([]RecallEntry, error) {
	rows, err := tx.QueryContext(ctx, seriesRecallQuery, day.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []RecallEntry
	for rows.Next() {
		var (
			ts           TreatmentSeries
			e            RecallEntry
			p            Patient
			status, last string
			startedOn    sql.NullString
			done         int
		)
		if err := rows.Scan(&ts.ID, &ts.PatientID, &ts.PlannedSessions, &ts.IntervalWeeks, &status,
			&startedOn, &done, &last, &p.FirstName, &p.LastName, &p.PreferredName, &e.Phone,
			&e.ReminderConsent); err != nil {
			return nil, err
		}
		ts.Status = SeriesStatus(status)
		if ts.StartedOn, err = parseDate(startedOn); err != nil {
			return nil, err
		}
		lastSession, err := parseTime(last)
		if err != nil {
			return nil, err
		}
		// Progress counts the sessions and takes the latest; done copies of
		// the latest stand for them all.
		pr := ts.Progress(slices.Repeat([]time.Time{lastSession}, done), day, DefaultOverdueDays)
		e.PatientID, e.PatientName, e.SeriesID = ts.PatientID, p.FullName(), ts.ID
		switch {
		case !pr.NextDue.IsZero() && !pr.NextDue.After(day):
			if booked[patientKind{ts.PatientID, KindTreatment}] {
				continue
			}
			e.Since = pr.NextDue
			e.Reason = fmt.Sprintf("Session %d of %d due since %s, not booked", pr.Done+1, pr.Planned, pr.NextDue.Format("2 Jan 2006"))
			if pr.Overdue {
				e.Reason = fmt.Sprintf("Session %d of %d overdue: due %s, no session for longer than %s and %s",
					pr.Done+1, pr.Planned, pr.NextDue.Format("2 Jan 2006"), plural(ts.IntervalWeeks, "week"), plural(DefaultOverdueDays, "day"))
			}
		case !pr.ReviewDue.IsZero() && !pr.ReviewDue.After(day):
			if booked[patientKind{ts.PatientID, KindReview}] {
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
	return list, rows.Err()
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

// lastCalls fills in the latest call about each entry of list: the call
// log of the listed patients is read in a few queries, not one per entry.
func lastCalls(ctx context.Context, tx *sql.Tx, list []RecallEntry) error {
	type key struct{ patient, series int64 }
	type call struct {
		at   string
		id   int64
		note string
	}
	latest := map[key]call{}
	var ids []any
	seen := map[int64]bool{}
	for _, e := range list {
		if !seen[e.PatientID] {
			seen[e.PatientID] = true
			ids = append(ids, e.PatientID)
		}
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), callChunk)]
		ids = ids[len(chunk):]
		rows, err := tx.QueryContext(ctx, `SELECT patient_id, COALESCE(series_id, 0), called_at, id, note
			FROM recall_calls WHERE patient_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				k key
				c call
			)
			if err := rows.Scan(&k.patient, &k.series, &c.at, &c.id, &c.note); err != nil {
				rows.Close()
				return err
			}
			if old, ok := latest[k]; !ok || c.at > old.at || (c.at == old.at && c.id > old.id) {
				latest[k] = c
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for i := range list {
		e := &list[i]
		c, ok := latest[key{e.PatientID, e.SeriesID}]
		if !ok {
			continue
		}
		at, err := parseTime(c.at)
		if err != nil {
			return err
		}
		e.LastCalled, e.LastCallNote = at, c.note
	}
	return nil
}

// daysBetween counts the calendar days from one date to a later one.
func daysBetween(from, to time.Time) int {
	return int(DateOf(to).Sub(DateOf(from)).Hours() / 24)
}

// MarkCalled records that a member of staff rang a patient from the recall
// list, with what was said; seriesID is the series the call was about, or 0.
// The call log is never changed.
func (s *Store) MarkCalled(ctx context.Context, patientID, seriesID, by int64, note string) error {
	who, err := s.allow(ctx, PermRecall, patientID)
	if err != nil {
		return err
	}
	if err := s.sameStaff(ctx, who, by, "record a call in their own name", patientID); err != nil {
		return err
	}
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
	if err := s.audit(ctx, tx, who, Audit{Action: ActionCalled, PatientID: patientID, Subject: "recall list", Detail: note}); err != nil {
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
