package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"needlepoint/data"
)

// patientChunk is how many patients one query asks about, well under
// SQLite's limit on parameters.
const patientChunk = 500

// Recall lists the patients to ring on today: the next session of an
// active series due or overdue (no session for longer than the interval
// plus DefaultOverdueDays), a completed series' six-month review due, and
// missed appointments not rebooked. A patient who already has an
// appointment of the matching kind booked from today on is left out. A
// session that the patient's screening holds back (WaitBefore) falls due
// on the day they may be treated again; until then the patient is listed
// as not yet eligible. Each patient is one entry, with every reason.
// Archived patients are never listed.
func (s *Store) Recall(ctx context.Context, today time.Time) ([]data.RecallEntry, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	day := data.DateOf(today)
	booked, err := bookedKinds(ctx, tx, day)
	if err != nil {
		return nil, s.readError(err)
	}
	list, err := seriesRecalls(ctx, tx, day, booked, s.pg)
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
	return byPatient(list), nil
}

// byPatient joins the reasons of each patient into one entry, listed by
// its most urgent reason, and sorts the patients to call before those not
// yet eligible.
func byPatient(reasons []data.RecallEntry) []data.RecallEntry {
	sort.SliceStable(reasons, func(i, j int) bool { return recallsBefore(reasons[i], reasons[j]) })
	var list []data.RecallEntry
	index := map[int64]int{}
	for _, r := range reasons {
		i, ok := index[r.PatientID]
		if !ok {
			index[r.PatientID] = len(list)
			list = append(list, r)
			continue
		}
		e := &list[i]
		e.Reason += "; " + r.Reason
		for _, k := range r.Kinds {
			if !slices.Contains(e.Kinds, k) {
				e.Kinds = append(e.Kinds, k)
			}
		}
		for _, p := range r.Practitioners {
			if !slices.Contains(e.Practitioners, p) {
				e.Practitioners = append(e.Practitioners, p)
			}
		}
		e.NotYetEligible = e.NotYetEligible && r.NotYetEligible
		if e.SeriesID != r.SeriesID {
			e.SeriesID = 0
		}
		if r.LastCalled.After(e.LastCalled) {
			e.LastCalled, e.LastCallNote = r.LastCalled, r.LastCallNote
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return recallsBefore(list[i], list[j]) })
	return list
}

// recallsBefore orders the list: patients to call before those not yet
// eligible, then the most urgent first, then by name.
func recallsBefore(a, b data.RecallEntry) bool {
	if a.NotYetEligible != b.NotYetEligible {
		return b.NotYetEligible
	}
	if a.Urgency != b.Urgency {
		return a.Urgency > b.Urgency
	}
	return a.PatientName < b.PatientName
}

// patientKind is a patient and a kind of appointment.
type patientKind struct {
	patientID int64
	kind      data.AppointmentKind
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
		k.kind = data.AppointmentKind(kind)
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
// a draft counts only once signed, as in TreatmentSeries.Progress. The
// practitioner is the one of the latest signed session, or of the
// series' consultation before the first.
//
// The two date sums are written in each engine's own terms (recallDueSQL).
const seriesRecallQuery = `WITH c AS (
	SELECT t.id, t.patient_id, t.planned_sessions, t.interval_weeks, t.status, t.started_on,
		(SELECT count(*) FROM sessions x WHERE x.series_id = t.id AND x.signed_at IS NOT NULL) AS done,
		(SELECT max(performed_at) FROM sessions x WHERE x.series_id = t.id AND x.signed_at IS NOT NULL) AS last,
		COALESCE((SELECT x.practitioner_id FROM sessions x WHERE x.series_id = t.id AND x.signed_at IS NOT NULL
			ORDER BY x.performed_at DESC, x.id DESC LIMIT 1),
			(SELECT k.practitioner_id FROM consultations k WHERE k.id = t.consultation_id)) AS practitioner_id
	FROM treatment_series t WHERE t.status IN ('active', 'completed'))
SELECT c.id, c.patient_id, c.planned_sessions, c.interval_weeks, c.status, c.started_on, c.done,
	COALESCE(c.last, ''), p.first_name, p.last_name, p.preferred_name, p.phone, p.phone_e164,
	p.reminder_consent, COALESCE(s.id, 0), COALESCE(s.name, '')
FROM c JOIN patients p ON p.id = c.patient_id LEFT JOIN staff s ON s.id = c.practitioner_id
WHERE p.archived_at IS NULL AND (
	(c.status = 'active' AND c.done < c.planned_sessions AND CASE WHEN c.last IS NULL THEN c.started_on
		ELSE %s END <= ?1)
	OR (c.status = 'completed' AND c.last IS NOT NULL
		AND %s <= ?1
		AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = c.patient_id
			AND a.starts_at > c.last AND a.kind = 'review' AND a.status = 'completed')))
ORDER BY c.id`

// recallDueSQL returns, for seriesRecallQuery, the date of the next
// session after the last (c.last plus the interval) and the first day of
// the month six months after it, as YYYY-MM-DD in SQLite's or
// PostgreSQL's date arithmetic.
func recallDueSQL(pg bool) (next, review string) {
	if pg {
		return "to_char(substr(c.last, 1, 10)::date + (7 * c.interval_weeks)::int, 'YYYY-MM-DD')",
			"to_char(date_trunc('month', substr(c.last, 1, 10)::date) + interval '6 months', 'YYYY-MM-DD')"
	}
	return "date(substr(c.last, 1, 10), '+' || (7 * c.interval_weeks) || ' days')",
		"date(substr(c.last, 1, 10), 'start of month', '+6 months')"
}

// seriesCandidate is a series the query found, with what the rules need.
type seriesCandidate struct {
	series      data.TreatmentSeries
	done        int
	lastSession time.Time
	entry       data.RecallEntry
}

// seriesRecalls applies the series rules: next session due or overdue, or
// held back by the patient's screening, and the review of a completed
// series due. SQL picks the candidates; the rules themselves are
// TreatmentSeries.Progress, as everywhere else.
func seriesRecalls(ctx context.Context, tx *sql.Tx, day time.Time, booked map[patientKind]bool, pg bool) ([]data.RecallEntry, error) {
	candidates, err := seriesCandidates(ctx, tx, day, pg)
	if err != nil {
		return nil, err
	}
	rules, err := readClinicRules(ctx, tx)
	if err != nil {
		return nil, err
	}
	patients := make([]int64, len(candidates))
	for i, c := range candidates {
		patients[i] = c.series.PatientID
	}
	screenings, err := latestScreenings(ctx, tx, patients)
	if err != nil {
		return nil, err
	}
	var list []data.RecallEntry
	for _, c := range candidates {
		ts, e := c.series, c.entry
		// Progress counts the sessions and takes the latest; done copies of
		// the latest stand for them all.
		pr := ts.Progress(slices.Repeat([]time.Time{c.lastSession}, c.done), screenings[ts.PatientID], rules, day, data.DefaultOverdueDays)
		switch {
		case !pr.NextDue.IsZero() && (!pr.NextDue.After(day) || pr.Wait.Holds()):
			if booked[patientKind{ts.PatientID, data.KindTreatment}] {
				continue
			}
			e.Since, e.Reason = pr.NextDue, sessionRecallReason(ts, pr, day)
			e.NotYetEligible = pr.NextDue.After(day)
			e.Kinds = []data.RecallKind{data.RecallSessionDue}
			if pr.Overdue && !e.NotYetEligible {
				e.Kinds = []data.RecallKind{data.RecallSessionOverdue}
			}
		case !pr.ReviewDue.IsZero() && !pr.ReviewDue.After(day):
			if booked[patientKind{ts.PatientID, data.KindReview}] {
				continue
			}
			e.Since, e.Kinds = pr.ReviewDue, []data.RecallKind{data.RecallReviewDue}
			e.Reason = fmt.Sprintf("Six-month review due since %s", pr.ReviewDue.Format("2 Jan 2006"))
		default:
			continue
		}
		e.Urgency = daysBetween(e.Since, day)
		list = append(list, e)
	}
	return list, nil
}

// sessionRecallReason says why the next session of a series is on the list
// on day, with the wait that moved it, if any.
func sessionRecallReason(ts data.TreatmentSeries, pr data.SeriesProgress, day time.Time) string {
	due := pr.NextDue.Format("2 Jan 2006")
	if pr.Wait.Holds() {
		due += " (" + pr.Wait.Note("2 Jan 2006") + ")"
	}
	switch {
	case pr.NextDue.After(day):
		// The date first: the desk reads it in a narrow column.
		note := pr.Wait.Note("2 Jan 2006")
		return fmt.Sprintf("%s%s (session %d of %d)", strings.ToUpper(note[:1]), note[1:], pr.Done+1, pr.Planned)
	case pr.Overdue:
		return fmt.Sprintf("Session %d of %d overdue: due %s, no session for longer than %s and %s",
			pr.Done+1, pr.Planned, due, data.Plural(ts.IntervalWeeks, "week"), data.Plural(data.DefaultOverdueDays, "day"))
	}
	return fmt.Sprintf("Session %d of %d due since %s, not booked", pr.Done+1, pr.Planned, due)
}

// seriesCandidates reads the series seriesRecallQuery finds on day.
func seriesCandidates(ctx context.Context, tx *sql.Tx, day time.Time, pg bool) ([]seriesCandidate, error) {
	next, review := recallDueSQL(pg)
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(seriesRecallQuery, next, review), day.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []seriesCandidate
	for rows.Next() {
		var (
			c            seriesCandidate
			p            data.Patient
			status, last string
			startedOn    sql.NullString
			by           data.RecallPractitioner
		)
		ts, e := &c.series, &c.entry
		if err := rows.Scan(&ts.ID, &ts.PatientID, &ts.PlannedSessions, &ts.IntervalWeeks, &status,
			&startedOn, &c.done, &last, &p.FirstName, &p.LastName, &p.PreferredName, &e.Phone,
			&e.PhoneE164, &e.ReminderConsent, &by.ID, &by.Name); err != nil {
			return nil, err
		}
		ts.Status = data.SeriesStatus(status)
		if ts.StartedOn, err = parseDate(startedOn); err != nil {
			return nil, err
		}
		if c.lastSession, err = parseTime(last); err != nil {
			return nil, err
		}
		e.PatientID, e.PatientName, e.SeriesID = ts.PatientID, p.FullName(), ts.ID
		if by.ID != 0 {
			e.Practitioners = []data.RecallPractitioner{by}
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// missedRecalls lists no-shows with no later appointment of the same kind
// booked, attended or under way.
func missedRecalls(ctx context.Context, tx *sql.Tx, day time.Time) ([]data.RecallEntry, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.patient_id, COALESCE(a.series_id, 0), a.kind,
		a.starts_at, a.zone, p.first_name, p.last_name, p.preferred_name, p.phone, p.phone_e164,
		p.reminder_consent, s.id, s.name
		FROM appointments a JOIN patients p ON p.id = a.patient_id JOIN staff s ON s.id = a.practitioner_id
		WHERE a.status = 'no_show' AND p.archived_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.patient_id = a.patient_id
			AND b.kind = a.kind AND b.starts_at > a.starts_at
			AND b.status IN ('booked', 'checked_in', 'completed'))
		ORDER BY a.starts_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []data.RecallEntry
	for rows.Next() {
		var (
			e                    data.RecallEntry
			p                    data.Patient
			kind, startsAt, zone string
			by                   data.RecallPractitioner
		)
		if err := rows.Scan(&e.PatientID, &e.SeriesID, &kind, &startsAt, &zone, &p.FirstName,
			&p.LastName, &p.PreferredName, &e.Phone, &e.PhoneE164, &e.ReminderConsent, &by.ID, &by.Name); err != nil {
			return nil, err
		}
		at, err := parseTime(startsAt)
		if err != nil {
			return nil, err
		}
		at = at.In(zoneOf(zone))
		e.PatientName, e.Since = p.FullName(), data.DateOf(at)
		e.Reason = fmt.Sprintf("Did not attend the %s on %s, not rebooked",
			strings.ToLower(data.AppointmentKind(kind).Label()), at.Format("2 Jan 2006 15:04"))
		e.Urgency = daysBetween(e.Since, day)
		e.Kinds, e.Practitioners = []data.RecallKind{data.RecallMissed}, []data.RecallPractitioner{by}
		list = append(list, e)
	}
	return list, rows.Err()
}

// recallCall is one row of the call log.
type recallCall struct {
	at   string
	id   int64
	note string
}

// later reports whether call a was made after call b.
func later(a, b recallCall) bool {
	return a.at > b.at || (a.at == b.at && a.id > b.id)
}

// lastCalls fills in the latest call about each entry of list, about its
// series or about no series in particular (a call about several reasons at
// once): the call log of the listed patients is read in a few queries, not
// one per entry.
func lastCalls(ctx context.Context, tx *sql.Tx, list []data.RecallEntry) error {
	type key struct{ patient, series int64 }
	latest := map[key]recallCall{}
	var ids []any
	seen := map[int64]bool{}
	for _, e := range list {
		if !seen[e.PatientID] {
			seen[e.PatientID] = true
			ids = append(ids, e.PatientID)
		}
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), patientChunk)]
		ids = ids[len(chunk):]
		rows, err := tx.QueryContext(ctx, `SELECT patient_id, COALESCE(series_id, 0), called_at, id, note
			FROM recall_calls WHERE patient_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				k key
				c recallCall
			)
			if err := rows.Scan(&k.patient, &k.series, &c.at, &c.id, &c.note); err != nil {
				rows.Close()
				return err
			}
			if old, ok := latest[k]; !ok || later(c, old) {
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
		if general, found := latest[key{e.PatientID, 0}]; found && (!ok || later(general, c)) {
			c, ok = general, true
		}
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
	return int(data.DateOf(to).Sub(data.DateOf(from)).Hours() / 24)
}

// MarkCalled records that a member of staff rang a patient from the recall
// list, with what was said; seriesID is the series the call was about, or 0.
// The call log is never changed.
func (s *Store) MarkCalled(ctx context.Context, patientID, seriesID, by int64, note string) error {
	who, err := s.allow(ctx, data.PermRecall, patientID)
	if err != nil {
		return err
	}
	if err := s.sameStaff(ctx, who, by, "record a call in their own name", patientID); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	var v data.Validator
	v.Text(data.FieldCallNote, "The note", note, data.MaxReasonLength, true)
	if err := v.Err(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := findPatient(ctx, tx, patientID); err != nil {
			return err
		}
		if seriesID != 0 {
			ts, err := findSeries(ctx, tx, seriesID)
			if err != nil {
				return err
			}
			if ts.PatientID != patientID {
				return data.Errorf(data.EINVALID, "That treatment series belongs to another patient.")
			}
		}
		m, err := findStaff(ctx, tx, by)
		if err != nil {
			return err
		}
		if !m.Active {
			return data.Errorf(data.EINVALID, "%s no longer works at the clinic.", m.Name)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO recall_calls (patient_id, series_id, called_at,
		called_by, note) VALUES (?, ?, ?, ?, ?)`,
			patientID, nullID(seriesID), formatTime(s.Now()), by, note); err != nil {
			return s.writeError(err)
		}
		if err := s.audit(ctx, tx, who, data.Audit{Action: data.ActionCalled, PatientID: patientID, Subject: "recall list", Detail: note}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}
