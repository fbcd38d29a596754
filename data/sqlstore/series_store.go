package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"needlepoint/data"
)

const seriesColumns = `id, patient_id, consultation_id, areas, planned_sessions, interval_weeks,
	status, status_reason, started_on, repeat_reason`

// CreateSeries starts a treatment series for an active patient and sets its
// ID. Started from a consultation (ConsultationID set), the series takes the
// consultation's areas, number of sessions and interval wherever it leaves
// them empty; what is still empty gets the defaults, three sessions four
// weeks apart, starting today. A plan starts one series: another from the
// same consultation is refused with ECONFLICT unless RepeatReason says why.
func (s *Store) CreateSeries(ctx context.Context, ts *data.TreatmentSeries) error {
	a, err := s.allow(ctx, data.PermSessions, ts.PatientID)
	if err != nil {
		return err
	}
	var q data.TreatmentSeries
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		q = *ts
		if err := checkTreatable(ctx, tx, q.PatientID); err != nil {
			return err
		}
		q.RepeatReason = strings.TrimSpace(q.RepeatReason)
		repeat := false
		if q.ConsultationID != 0 {
			c, err := findConsultation(ctx, tx, q.ConsultationID)
			if err != nil {
				return err
			}
			if c.PatientID != q.PatientID {
				return data.Errorf(data.EINVALID, "That consultation belongs to another patient.")
			}
			if len(q.Areas) == 0 {
				q.Areas = c.Areas
			}
			if q.PlannedSessions == 0 {
				q.PlannedSessions = c.PlannedSessions
			}
			if q.IntervalWeeks == 0 {
				q.IntervalWeeks = c.IntervalWeeks
			}
			if repeat, err = checkRepeat(ctx, tx, c, q.RepeatReason); err != nil {
				return err
			}
		}
		if !repeat {
			q.RepeatReason = ""
		}
		if q.PlannedSessions == 0 {
			q.PlannedSessions = data.DefaultPlannedSessions
		}
		if q.IntervalWeeks == 0 {
			q.IntervalWeeks = data.DefaultIntervalWeeks
		}
		if q.StartedOn.IsZero() {
			q.StartedOn = data.DateOf(s.Now())
		}
		q.Status, q.StatusReason = data.SeriesActive, ""
		if err := validateSeries(&q); err != nil {
			return err
		}
		now := formatTime(s.Now())
		var consultation any
		if q.ConsultationID != 0 {
			consultation = q.ConsultationID
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO treatment_series (patient_id, consultation_id,
		areas, planned_sessions, interval_weeks, status, started_on, repeat_reason, created_at,
		updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			q.PatientID, consultation, joinList(q.Areas), q.PlannedSessions, q.IntervalWeeks,
			string(q.Status), nullDate(q.StartedOn), q.RepeatReason, now, now).Scan(&q.ID)
		if err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionCreated, PatientID: q.PatientID, Subject: seriesSubject(q.ID),
			Detail: fmt.Sprintf("%d sessions, %d weeks apart", q.PlannedSessions, q.IntervalWeeks)}
		if q.RepeatReason != "" {
			e.Detail += "; another series from the same plan: " + q.RepeatReason
		}
		if err := s.audit(ctx, tx, a, e); err != nil {
			return s.writeError(err)
		}
		return nil
	}); err != nil {
		return err
	}
	*ts = q
	return nil
}

// checkRepeat reports whether consultation c's plan has started a series
// already, and refuses another one without a reason: a second series by
// mistake would double the patient's sessions on the diary and the recall
// list.
func checkRepeat(ctx context.Context, tx *sql.Tx, c data.Consultation, reason string) (bool, error) {
	var (
		started sql.NullString
		status  data.SeriesStatus
	)
	err := tx.QueryRowContext(ctx, `SELECT started_on, status FROM treatment_series
		WHERE consultation_id = ? ORDER BY started_on DESC, id DESC LIMIT 1`, c.ID).Scan(&started, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, err
	case strings.TrimSpace(reason) != "":
		return true, nil
	}
	day, err := parseDate(started)
	if err != nil {
		return true, err
	}
	msg := fmt.Sprintf("The plan of the consultation of %s already started a treatment series on %s (%s). Starting another one from the same plan needs a reason.",
		c.ConsultedOn.Format("2 Jan 2006"), day.Format("2 Jan 2006"), status)
	return true, &data.Error{Code: data.ECONFLICT, Message: msg,
		Fields: []data.FieldError{{Field: data.FieldSeriesReason, Message: "Say why this patient needs another series from the same plan."}}}
}

func validateSeries(ts *data.TreatmentSeries) error {
	var v data.Validator
	v.Text(data.FieldSeriesReason, "The reason", ts.RepeatReason, data.MaxReasonLength, true)
	for _, a := range ts.Areas {
		if !slices.Contains(data.Areas, a) {
			v.Add(data.FieldAreas, "Unknown treatment area "+string(a)+".")
			break
		}
	}
	if ts.PlannedSessions < 1 || ts.PlannedSessions > data.MaxPlannedSessions {
		v.Add(data.FieldPlannedSessions, "Plan between 1 and 20 sessions.")
	}
	if ts.IntervalWeeks < 1 || ts.IntervalWeeks > data.MaxIntervalWeeks {
		v.Add(data.FieldIntervalWeeks, "The interval between sessions should be 1 to 26 weeks.")
	}
	return v.Err()
}

// Series returns a treatment series.
func (s *Store) Series(ctx context.Context, id int64) (data.TreatmentSeries, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.TreatmentSeries{}, err
	}
	defer tx.Rollback()
	ts, err := findSeries(ctx, tx, id)
	return ts, s.readError(err)
}

// PatientSeries returns a patient's treatment series, newest first.
func (s *Store) PatientSeries(ctx context.Context, patientID int64) ([]data.TreatmentSeries, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT "+seriesColumns+
		" FROM treatment_series WHERE patient_id = ? ORDER BY started_on DESC, id DESC", patientID)
	if err != nil {
		return nil, s.readError(err)
	}
	defer rows.Close()
	var list []data.TreatmentSeries
	for rows.Next() {
		ts, err := scanSeries(rows)
		if err != nil {
			return nil, s.readError(err)
		}
		list = append(list, ts)
	}
	return list, s.readError(rows.Err())
}

// ExtendSeries adds one session to an active series' plan and records who
// added it and why.
func (s *Store) ExtendSeries(ctx context.Context, seriesID, staffID int64, reason string) error {
	a, err := s.allow(ctx, data.PermSessions, 0)
	if err != nil {
		return err
	}
	if err := s.sameStaff(ctx, a, staffID, "extend a series in their own name", 0); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var v data.Validator
	if reason == "" {
		v.Add(data.FieldSeriesReason, "Say why the series needs another session.")
	} else {
		v.Text(data.FieldSeriesReason, "The reason", reason, data.MaxReasonLength, true)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		ts, err := findSeries(ctx, tx, seriesID)
		if err != nil {
			return err
		}
		if err := checkSeriesActive(ts, "extended"); err != nil {
			return err
		}
		if ts.PlannedSessions >= data.MaxPlannedSessions {
			return data.Errorf(data.EINVALID, "A series has at most %d sessions; start a new series instead.", data.MaxPlannedSessions)
		}
		if _, err := findClinician(ctx, tx, staffID); err != nil {
			return err
		}
		now := formatTime(s.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO series_extensions (series_id, added_sessions,
		reason, staff_id, extended_at) VALUES (?, 1, ?, ?, ?)`, seriesID, reason, staffID, now); err != nil {
			return s.writeError(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE treatment_series SET planned_sessions = planned_sessions + 1,
		updated_at = ?, version = version + 1 WHERE id = ?`, now, seriesID); err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionChanged, PatientID: ts.PatientID, Subject: seriesSubject(seriesID),
			Detail: "extended by one session: " + reason}
		if err := s.audit(ctx, tx, a, e); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// SeriesExtensions returns the sessions added to a series, oldest first.
func (s *Store) SeriesExtensions(ctx context.Context, seriesID int64) ([]data.SeriesExtension, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.added_sessions, e.reason, e.staff_id, s.name,
		e.extended_at FROM series_extensions e JOIN staff s ON s.id = e.staff_id
		WHERE e.series_id = ? ORDER BY e.id`, seriesID)
	if err != nil {
		return nil, s.readError(err)
	}
	defer rows.Close()
	var list []data.SeriesExtension
	for rows.Next() {
		var (
			e  data.SeriesExtension
			at string
		)
		if err := rows.Scan(&e.ID, &e.AddedSessions, &e.Reason, &e.StaffID, &e.StaffName, &at); err != nil {
			return nil, s.readError(err)
		}
		if e.ExtendedAt, err = parseTime(at); err != nil {
			return nil, s.readError(err)
		}
		list = append(list, e)
	}
	return list, s.readError(rows.Err())
}

// CompleteSeries marks an active series completed; its review falls due six
// months after the last session.
func (s *Store) CompleteSeries(ctx context.Context, seriesID int64) error {
	return s.closeSeries(ctx, seriesID, data.SeriesCompleted, "")
}

// DiscontinueSeries stops an active series early, for the reason given.
func (s *Store) DiscontinueSeries(ctx context.Context, seriesID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	var v data.Validator
	if reason == "" {
		v.Add(data.FieldSeriesReason, "Say why the series is discontinued.")
	} else {
		v.Text(data.FieldSeriesReason, "The reason", reason, data.MaxReasonLength, true)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.closeSeries(ctx, seriesID, data.SeriesDiscontinued, reason)
}

func (s *Store) closeSeries(ctx context.Context, seriesID int64, status data.SeriesStatus, reason string) error {
	a, err := s.allow(ctx, data.PermSessions, 0)
	if err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		ts, err := findSeries(ctx, tx, seriesID)
		if err != nil {
			return err
		}
		if err := checkSeriesActive(ts, string(status)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE treatment_series SET status = ?, status_reason = ?,
		updated_at = ?, version = version + 1 WHERE id = ?`, string(status), reason, formatTime(s.Now()), seriesID)
		if err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionChanged, PatientID: ts.PatientID, Subject: seriesSubject(seriesID),
			Detail: strings.TrimSpace(string(status) + " " + reason)}
		if err := s.audit(ctx, tx, a, e); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// SeriesProgress works out where a series stands on today from the dates
// of its signed sessions and the patient's screening in force.
func (s *Store) SeriesProgress(ctx context.Context, seriesID int64, today time.Time) (data.SeriesProgress, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.SeriesProgress{}, err
	}
	defer tx.Rollback()
	ts, list, err := seriesWithSessions(ctx, tx, seriesID)
	if err != nil {
		return data.SeriesProgress{}, s.readError(err)
	}
	screening, err := latestScreening(ctx, tx, ts.PatientID)
	if err != nil {
		return data.SeriesProgress{}, s.readError(err)
	}
	rules, err := readClinicRules(ctx, tx)
	if err != nil {
		return data.SeriesProgress{}, s.readError(err)
	}
	return ts.Progress(data.SessionDates(list), screening, rules, today, data.DefaultOverdueDays), nil
}

// PrefillSession returns a new, unsaved session for a series, filled in
// from the previous session of the series: practitioner, areas with their
// depths and passes, device, product and its lot, and numbing cream. The
// needle cartridge's lot and expiry are never copied: each session opens a
// new single-use cartridge, and a lot carried over unseen would send a
// recall to the wrong patients (RecentCartridgeLots offers them instead).
// Times, reactions, notes and signatures are never copied either. Before the first session, it lists the series' areas. A
// practitioner who is signed in is proposed as the session's practitioner,
// since the one who logs a session is the one who signs it.
func (s *Store) PrefillSession(ctx context.Context, seriesID int64) (data.Session, error) {
	me, _ := s.Actor()
	x, err := s.prefillSession(ctx, seriesID)
	if err == nil && me.Role == data.RolePractitioner {
		x.PractitionerID = me.StaffID
	}
	return x, err
}

// seriesWithSessions reads a series and its sessions, oldest first.
func seriesWithSessions(ctx context.Context, tx *sql.Tx, seriesID int64) (data.TreatmentSeries, []data.Session, error) {
	ts, err := findSeries(ctx, tx, seriesID)
	if err != nil {
		return ts, nil, err
	}
	list, err := findSeriesSessions(ctx, tx, seriesID)
	return ts, list, err
}

func (s *Store) prefillSession(ctx context.Context, seriesID int64) (data.Session, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.Session{}, err
	}
	defer tx.Rollback()
	ts, list, err := seriesWithSessions(ctx, tx, seriesID)
	if err != nil {
		return data.Session{}, s.readError(err)
	}
	x := data.Session{SeriesID: ts.ID, PatientID: ts.PatientID}
	if len(list) == 0 {
		for _, a := range ts.Areas {
			x.Areas = append(x.Areas, data.SessionArea{Area: a, Passes: 1})
		}
		return x, nil
	}
	prev := list[len(list)-1]
	x.PractitionerID, x.NumbingProduct, x.Device = prev.PractitionerID, prev.NumbingProduct, prev.Device
	x.Product, x.ProductLot = prev.Product, prev.ProductLot
	x.Areas = append([]data.SessionArea(nil), prev.Areas...)
	return x, nil
}

// checkSeriesActive refuses a change to a series that is no longer active;
// what says what was attempted, e.g. "extended".
func checkSeriesActive(ts data.TreatmentSeries, what string) error {
	if ts.Status != data.SeriesActive {
		return data.Errorf(data.ELOCKED, "This series is %s and cannot be %s. Start a new series instead.", ts.Status, what)
	}
	return nil
}

func findSeries(ctx context.Context, tx *sql.Tx, id int64) (data.TreatmentSeries, error) {
	ts, err := scanSeries(tx.QueryRowContext(ctx, "SELECT "+seriesColumns+" FROM treatment_series WHERE id = ?", id))
	return ts, notFound(err, "The treatment series")
}

func scanSeries(row interface{ Scan(...any) error }) (data.TreatmentSeries, error) {
	var (
		ts           data.TreatmentSeries
		consultation sql.NullInt64
		areas        string
		status       string
		startedOn    sql.NullString
	)
	err := row.Scan(&ts.ID, &ts.PatientID, &consultation, &areas, &ts.PlannedSessions,
		&ts.IntervalWeeks, &status, &ts.StatusReason, &startedOn, &ts.RepeatReason)
	if err != nil {
		return ts, err
	}
	ts.ConsultationID, ts.Areas, ts.Status = consultation.Int64, splitList[data.Area](areas), data.SeriesStatus(status)
	ts.StartedOn, err = parseDate(startedOn)
	return ts, err
}

// seriesSubject names a series in the audit trail.
func seriesSubject(id int64) string { return fmt.Sprintf("treatment series %d", id) }
