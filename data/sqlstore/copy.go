package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"needlepoint/data"
)

// Copying a clinic from one database to another, of either engine: every
// record, the audit trail and the seals included, exactly as stored, so
// the chain and every seal verify on the copy. `needlepoint migrate` moves
// a clinic between a file and a server with it.

// copyTables are the tables a copy carries, each after those it refers
// to. The search tables (SQLite's FTS5 tables, PostgreSQL's
// patient_search) and lot_keys are filled by the copy's own database as
// the rows arrive, and the schema version belongs to the migrations.
var copyTables = []string{
	"patients", "staff", "screenings", "settings", "consultations", "consultation_addenda",
	"treatment_series", "series_extensions", "sessions", "session_areas", "session_addenda",
	"session_prints", "appointments", "recall_calls", "accounts", "audit_log", "seals",
	"patient_medical_history", "photo_consents", "photos", "photo_images",
	"consent_templates", "consents",
}

// generatedColumns are computed by the database and never written.
var generatedColumns = map[string]bool{"cartridge_lot_key": true, "product_lot_key": true}

// identityTables are those whose id PostgreSQL numbers itself: after a
// copy their counters must pass the highest id copied.
var identityTables = []string{
	"patients", "staff", "screenings", "consultations", "consultation_addenda",
	"treatment_series", "series_extensions", "sessions", "session_addenda", "session_prints",
	"appointments", "recall_calls", "photo_consents", "photos", "consent_templates", "consents",
}

// CopyCounts is how many rows of each table a copy carried.
type CopyCounts map[string]int64

// CopyTo copies every record of s into dst, which must hold no records
// (a new file, or a server database Needlepoint just set up): from one
// consistent snapshot of s, in one transaction on dst, which is then
// checked row for row, with its audit chain. Nothing is left in dst when
// the copy fails.
func (s *Store) CopyTo(ctx context.Context, dst *Store) (CopyCounts, error) {
	if err := dst.mustBeEmpty(ctx); err != nil {
		return nil, err
	}
	src, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: snapshotLevel(s)})
	if err != nil {
		return nil, s.readError(err)
	}
	defer src.Rollback()
	tx, err := dst.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, dst.writeError(err)
	}
	defer tx.Rollback()
	counts := CopyCounts{}
	if _, err := tx.ExecContext(ctx, "DELETE FROM settings"); err != nil {
		return nil, dst.writeError(err)
	}
	for _, table := range copyTables {
		n, err := copyTable(ctx, src, tx, dst.pg, table)
		if err != nil {
			return nil, wrapf(err, data.EINTERNAL, "Copying %s: %v", table, err)
		}
		counts[table] = n
		if table == "session_areas" {
			if err := signCopiedSessions(ctx, src, tx); err != nil {
				return nil, wrapf(err, data.EINTERNAL, "Copying the signatures of sessions: %v", err)
			}
		}
	}
	if err := indexCopiedPatients(ctx, tx, dst.pg); err != nil {
		return nil, wrapf(err, data.EINTERNAL, "Indexing the copied patients for search: %v", err)
	}
	if dst.pg {
		for _, table := range identityTables {
			if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'),
				GREATEST((SELECT max(id) FROM `+table+`), 1))`); err != nil {
				return nil, dst.writeError(err)
			}
		}
	}
	if err := verifyCopy(ctx, tx, counts); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, dst.writeError(err)
	}
	return counts, dst.UpdateStatistics(ctx)
}

// UpdateStatistics has a server count what its tables hold, as PostgreSQL
// does by itself from time to time, so that a database just filled by a
// copy or the demo is searched quickly at once rather than after its next
// automatic count. A file needs nothing.
func (s *Store) UpdateStatistics(ctx context.Context) error {
	if !s.pg {
		return nil
	}
	_, err := s.db.ExecContext(ctx, "ANALYZE")
	return s.writeError(err)
}

// snapshotLevel is the isolation that reads one consistent snapshot: a
// SQLite read transaction always does; PostgreSQL needs repeatable read.
func snapshotLevel(s *Store) sql.IsolationLevel {
	if s.pg {
		return sql.LevelRepeatableRead
	}
	return sql.LevelDefault
}

// mustBeEmpty refuses a copy into a database that holds records.
func (s *Store) mustBeEmpty(ctx context.Context) error {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM patients) + (SELECT count(*) FROM staff)
		+ (SELECT count(*) FROM audit_log)`).Scan(&n)
	if err != nil {
		return s.readError(err)
	}
	if n > 0 {
		return data.Errorf(data.EINVALID, "%s already holds records; a clinic is copied only into an empty database, so no records mix or are lost.", s.path)
	}
	return nil
}

// copyTable copies one table's rows, sessions unsigned (see
// signCopiedSessions), and returns how many.
func copyTable(ctx context.Context, src, dst *sql.Tx, toPG bool, table string) (int64, error) {
	rows, err := src.QueryContext(ctx, "SELECT * FROM "+table)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	all, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	var cols []string
	var keep []int
	for i, c := range all {
		if !generatedColumns[c] {
			cols, keep = append(cols, c), append(keep, i)
		}
	}
	booleans := map[int]bool{}
	if toPG {
		kinds, err := pgBooleanColumns(ctx, dst, table)
		if err != nil {
			return 0, err
		}
		for i, c := range cols {
			booleans[i] = kinds[c]
		}
	}
	ins, err := dst.PrepareContext(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES (?"+
		strings.Repeat(", ?", len(cols)-1)+")")
	if err != nil {
		return 0, err
	}
	defer ins.Close()
	vals := make([]any, len(all))
	ptrs := make([]any, len(all))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	args := make([]any, len(cols))
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, k := range keep {
			args[i] = vals[k]
			if booleans[i] {
				args[i] = truthy(vals[k])
			}
			if table == "sessions" && (cols[i] == "signed_at" || cols[i] == "signed_by") {
				args[i] = nil
			}
		}
		if _, err := ins.ExecContext(ctx, args...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// truthy reads a yes/no flag as either engine returns it.
func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int64:
		return x != 0
	}
	return false
}

// pgBooleanColumns names the BOOLEAN columns of a PostgreSQL table, whose
// values SQLite keeps as 0 and 1.
func pgBooleanColumns(ctx context.Context, tx *sql.Tx, table string) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? AND data_type = 'boolean'`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		m[c] = true
	}
	return m, rows.Err()
}

// signCopiedSessions puts back the signatures of the sessions copied
// unsigned: a signed session takes no treated areas, so its areas go in
// first, as when it was logged.
func signCopiedSessions(ctx context.Context, src, dst *sql.Tx) error {
	rows, err := src.QueryContext(ctx, "SELECT id, signed_at, signed_by FROM sessions WHERE signed_at IS NOT NULL")
	if err != nil {
		return err
	}
	defer rows.Close()
	upd, err := dst.PrepareContext(ctx, "UPDATE sessions SET signed_at = ?, signed_by = ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer upd.Close()
	for rows.Next() {
		var (
			id, by int64
			at     string
		)
		if err := rows.Scan(&id, &at, &by); err != nil {
			return err
		}
		if _, err := upd.ExecContext(ctx, at, by, id); err != nil {
			return err
		}
	}
	return rows.Err()
}

// indexCopiedPatients writes the search words of every copied patient.
func indexCopiedPatients(ctx context.Context, tx *sql.Tx, pg bool) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, first_name, last_name, preferred_name, email FROM patients ORDER BY id")
	if err != nil {
		return err
	}
	var list []data.Patient
	for rows.Next() {
		var p data.Patient
		if err := rows.Scan(&p.ID, &p.FirstName, &p.LastName, &p.PreferredName, &p.Email); err != nil {
			rows.Close()
			return err
		}
		list = append(list, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ins, err := prepareInsert(ctx, tx, pg)
	if err != nil {
		return err
	}
	defer ins.close()
	for i := range list {
		if err := ins.index(ctx, &list[i]); err != nil {
			return err
		}
	}
	return nil
}

// verifyCopy counts every copied table again inside the copy's
// transaction and walks the copied audit chain.
func verifyCopy(ctx context.Context, tx *sql.Tx, counts CopyCounts) error {
	for table, want := range counts {
		var got int64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&got); err != nil {
			return err
		}
		if got != want {
			return data.Errorf(data.EINTERNAL, "The copy of %s holds %d rows where the original has %d; nothing was kept.", table, got, want)
		}
	}
	v, err := verifyAudit(ctx, tx, nil)
	if err != nil {
		return err
	}
	if !v.OK() {
		return data.Errorf(data.EINTERNAL, "The copied audit trail does not verify (%s); nothing was kept.", v.Problem)
	}
	return nil
}

// String lists the counts for a person: "1,204 patients, 3 staff, …".
func (c CopyCounts) String() string {
	parts := make([]string, 0, len(copyTables))
	for _, t := range copyTables {
		parts = append(parts, fmt.Sprintf("%d %s", c[t], strings.ReplaceAll(t, "_", " ")))
	}
	return strings.Join(parts, ", ")
}

// copyServerTo writes a backup of a server database as a Needlepoint
// file at path, one format for every backup, that opens on any PC: a new
// file with this version's schema, filled by CopyTo from one snapshot of
// the server. It returns the file's row counts and the head of its audit
// trail, for the backup's checks and its witness.
func (s *Store) copyServerTo(ctx context.Context, path string) (tableCounts, chainHead, error) {
	removeDatabaseFiles(path)
	file, err := Open(ctx, path)
	if err != nil {
		return nil, chainHead{}, err
	}
	defer file.Close()
	if _, err := s.CopyTo(ctx, file); err != nil {
		return nil, chainHead{}, err
	}
	counts, err := countRows(ctx, file.db)
	if err != nil {
		return nil, chainHead{}, err
	}
	head, err := readChainHead(ctx, file.db)
	return counts, head, err
}

// restoreIntoServer loads the backup file at backupPath into an empty
// server database, and records who did. The backup itself is never
// written: a copy of it, brought up to this version's schema, is read.
func (s *Store) restoreIntoServer(ctx context.Context, who data.Actor, backupPath string) error {
	if err := s.mustBeEmpty(ctx); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "needlepoint-restore-")
	if err != nil {
		return wrapf(err, data.EINVALID, "Cannot make a working copy of the backup: %s.", osErrorText(err))
	}
	defer os.RemoveAll(dir)
	work := filepath.Join(dir, filepath.Base(backupPath))
	if err := copyFile(backupPath, work); err != nil {
		return wrapf(err, data.EINVALID, "Cannot make a working copy of the backup: %s.", osErrorText(err))
	}
	from, err := Open(ctx, work)
	if err != nil {
		return err
	}
	defer from.Close()
	if _, err := from.CopyTo(ctx, s); err != nil {
		return err
	}
	e := data.Audit{Action: data.ActionRestoredBackup, Subject: filepath.Base(backupPath), Detail: "into an empty server database"}
	return s.auditAlone(ctx, who, e)
}
