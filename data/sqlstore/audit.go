package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"needlepoint/data"
)

// audit writes e, done by a, as the next row of the audit trail inside tx.
// Each action's own transaction writes its row, so the row exists exactly
// when the action happened.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, a data.Actor, e data.Audit) error {
	return s.auditSealed(ctx, tx, a, e)
}

// appendAudit writes e as the next audit row with the aggregate hash of
// the seals written with it ("" for none), and returns the row's number.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, a data.Actor, e data.Audit, seal string) (int64, error) {
	if s.pg {
		// SQLite lets one writer in at a time; on a server the appends
		// of concurrent transactions are put in line here, so the chain
		// stays one chain.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(4923178)"); err != nil {
			return 0, err
		}
	}
	var (
		lastID int64
		prev   string
	)
	err := tx.QueryRowContext(ctx, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&lastID, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	r := auditRow{
		id: lastID + 1, at: formatTime(s.Now()), staffID: nullID(a.StaffID), actor: a.Name,
		action: string(e.Action), patientID: nullID(e.PatientID), subject: e.Subject,
		detail: e.Detail, seal: seal, prevHash: prev,
	}
	hash := r.hash()
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (id, at, staff_id, actor, action,
		patient_id, subject, detail, seal, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.id, r.at, r.staffID, r.actor, r.action, r.patientID, r.subject, r.detail, r.seal, r.prevHash, hash)
	if err != nil {
		return 0, err
	}
	s.written.Store(hash, struct{}{})
	if s.pg {
		// Delivered when the transaction commits, and only then, to
		// every PC listening (Watch).
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify(?, '')", pgChangesChannel); err != nil {
			return 0, err
		}
	}
	return r.id, saveSetting(ctx, tx, auditHeadKey, strconv.FormatInt(r.id, 10))
}

// auditHeadKey is the setting that holds the number of the newest audit
// row, so rows removed from the end of the trail are missed too.
const auditHeadKey = "audit_head"

// auditAlone writes one audit row in a transaction of its own, for events
// with no other writes: a refusal, a failed sign-in, a view.
func (s *Store) auditAlone(ctx context.Context, a data.Actor, e data.Audit) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error { return s.audit(ctx, tx, a, e) })
}

// auditRow is an audit row as stored, the text the chain's hash covers.
type auditRow struct {
	id                 int64
	at                 string
	staffID, patientID any // int64 or nil
	actor, action      string
	subject, detail    string
	seal               string
	prevHash, stored   string
}

// hash is the SHA-256 of the row's fields, each prefixed with its length so
// that no two rows run together the same way, and the previous row's hash.
// A row with seals covers their aggregate too; rows without, written
// before seals existed among them, hash as they always did.
func (r auditRow) hash() string {
	h := sha256.New()
	fields := []string{
		strconv.FormatInt(r.id, 10), r.at, idText(r.staffID), r.actor, r.action,
		idText(r.patientID), r.subject, r.detail, r.prevHash,
	}
	if r.seal != "" {
		fields = append(fields, "seal", r.seal)
	}
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func idText(v any) string {
	switch id := v.(type) {
	case int64:
		return strconv.FormatInt(id, 10)
	case sql.NullInt64:
		if id.Valid {
			return strconv.FormatInt(id.Int64, 10)
		}
	}
	return ""
}

// VerifyAudit walks the audit trail from its first row and reports the
// first row that was altered, follows removed rows, or was inserted out of
// order, and whether the newest rows were removed. The chain proves the
// trail was not changed by hand or by another program that does not also
// recompute every later hash.
func (s *Store) VerifyAudit(ctx context.Context) (data.AuditVerdict, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return data.AuditVerdict{}, s.readError(err)
	}
	defer tx.Rollback()
	v, err := verifyAudit(ctx, tx, nil)
	return v, s.readError(err)
}

// verifyAudit walks the chain; when seals is not nil, it also collects
// each row's seal aggregate by row number.
func verifyAudit(ctx context.Context, tx *sql.Tx, seals map[int64]string) (data.AuditVerdict, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, at, staff_id, actor, action, patient_id,
		subject, detail, seal, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return data.AuditVerdict{}, err
	}
	defer rows.Close()
	// The order is the chain's, not the clock's: two PCs' clocks may
	// differ by a little, and a PC's clock may be set back.
	var (
		v      data.AuditVerdict
		prevID int64
		prev   string
	)
	for rows.Next() {
		var r auditRow
		var staffID, patientID sql.NullInt64
		if err := rows.Scan(&r.id, &r.at, &staffID, &r.actor, &r.action, &patientID,
			&r.subject, &r.detail, &r.seal, &r.prevHash, &r.stored); err != nil {
			return v, err
		}
		r.staffID, r.patientID = staffID, patientID
		switch {
		case r.prevHash != prev && r.id != prevID+1:
			v.BadRow, v.Problem = r.id, fmt.Sprintf("rows %d to %d were removed from the audit trail.", prevID+1, r.id-1)
		case r.prevHash != prev:
			v.BadRow, v.Problem = r.id, fmt.Sprintf("row %d does not follow row %d: it was inserted out of order, or row %d was replaced.", r.id, prevID, prevID)
		case r.hash() != r.stored:
			v.BadRow, v.Problem = r.id, fmt.Sprintf("row %d (%s, %s) was altered after it was written.", r.id, r.at, r.actor)
		}
		if !v.OK() {
			return v, nil
		}
		v.Rows++
		prevID, prev = r.id, r.stored
		if seals != nil && r.seal != "" {
			seals[r.id] = r.seal
		}
	}
	if err := rows.Err(); err != nil {
		return v, err
	}
	var head sql.NullString
	err = tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", auditHeadKey).Scan(&head)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, err
	}
	if n, _ := strconv.ParseInt(head.String, 10, 64); n > prevID {
		v.BadRow, v.Problem = prevID+1, fmt.Sprintf("rows %d to %d, the newest, were removed from the audit trail.", prevID+1, n)
	}
	return v, nil
}

// AuditTrail returns the audit rows that match f, newest first, at most
// MaxAuditRows. Only administrators may read the audit trail.
func (s *Store) AuditTrail(ctx context.Context, f data.AuditFilter) ([]data.Audit, error) {
	if _, err := s.allow(ctx, data.PermAudit, f.PatientID); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.readError(err)
	}
	defer tx.Rollback()
	list, err := queryAudit(ctx, tx, f, data.MaxAuditRows)
	return list, s.readError(err)
}

// ExportAudit writes the audit rows that match f as CSV, oldest first, and
// records the export in the audit trail. The rows are read and the export
// recorded in two short transactions, and only then is w written: a slow
// destination (a USB stick, a network folder) never keeps other PCs from
// saving. A failed read or record writes nothing to w.
func (s *Store) ExportAudit(ctx context.Context, f data.AuditFilter, w io.Writer) error {
	a, err := s.allow(ctx, data.PermAudit, f.PatientID)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.readError(err)
	}
	list, err := queryAudit(ctx, tx, f, 0)
	tx.Rollback()
	if err != nil {
		return s.readError(err)
	}
	var csv bytes.Buffer
	if err := writeAuditCSV(&csv, list); err != nil {
		return wrapf(err, data.EINTERNAL, "Cannot write the audit report.")
	}
	e := data.Audit{Action: data.ActionExported, PatientID: f.PatientID, Subject: "audit report",
		Detail: fmt.Sprintf("%d rows", len(list))}
	if err := s.auditAlone(ctx, a, e); err != nil {
		return err
	}
	if _, err := csv.WriteTo(w); err != nil {
		return wrapf(err, data.EINVALID, "The audit report could not be written: %s.", osErrorText(err))
	}
	return nil
}

func queryAudit(ctx context.Context, tx *sql.Tx, f data.AuditFilter, limit int) ([]data.Audit, error) {
	var (
		where []string
		args  []any
	)
	if !f.From.IsZero() {
		where, args = append(where, "l.at >= ?"), append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "l.at < ?"), append(args, formatTime(f.To))
	}
	if f.StaffID != 0 {
		where, args = append(where, "l.staff_id = ?"), append(args, f.StaffID)
	}
	if f.PatientID != 0 {
		where, args = append(where, "l.patient_id = ?"), append(args, f.PatientID)
	}
	q := `SELECT l.id, l.at, l.staff_id, l.actor, l.action, l.patient_id, l.subject, l.detail,
		p.first_name, p.last_name, p.preferred_name FROM audit_log l
		LEFT JOIN patients p ON p.id = l.patient_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if limit > 0 {
		q += fmt.Sprintf(" ORDER BY l.id DESC LIMIT %d", limit)
	} else {
		q += " ORDER BY l.id"
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []data.Audit
	for rows.Next() {
		var (
			e                  data.Audit
			at, action         string
			staffID, patientID sql.NullInt64
			first, last, pref  sql.NullString
		)
		if err := rows.Scan(&e.ID, &at, &staffID, &e.Actor, &action, &patientID, &e.Subject,
			&e.Detail, &first, &last, &pref); err != nil {
			return nil, err
		}
		e.StaffID, e.PatientID, e.Action = staffID.Int64, patientID.Int64, data.AuditAction(action)
		if patientID.Valid {
			p := data.Patient{FirstName: first.String, LastName: last.String, PreferredName: pref.String}
			e.PatientName = p.FullName()
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// writeAuditCSV writes rows with their times in UTC, as stored.
func writeAuditCSV(w io.Writer, list []data.Audit) error {
	sw := data.NewSheetWriter(w)
	if err := sw.Write([]string{"Row", "Time (UTC)", "Staff", "Action", "Patient", "Record", "Detail"}); err != nil {
		return err
	}
	for _, e := range list {
		err := sw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339),
			e.Actor, e.Action.Label(), e.PatientName, e.Subject, e.Detail})
		if err != nil {
			return err
		}
	}
	return sw.Flush()
}
