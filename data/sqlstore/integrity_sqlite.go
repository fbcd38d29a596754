package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"needlepoint/data"

	sqlite3 "modernc.org/sqlite/lib"
)

// This file holds the SQLite-only checks of a database file: SQLite's own
// integrity and foreign key checks, and telling damage from other failures.

// errDamaged is the cause kept in the errors of a check that found damage,
// so IsDamaged recognises them.
var errDamaged = errors.New("database damaged")

// IsDamaged reports whether err says a database file is damaged (as
// opposed to missing, locked, foreign or from a newer version), the case
// in which restoring a backup is the remedy.
func IsDamaged(err error) bool {
	if errors.Is(err, errDamaged) {
		return true
	}
	switch sqliteCode(err) {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// integrityProblems runs pragma (integrity_check or quick_check) and
// returns what it found, or nothing when the file is sound.
func integrityProblems(ctx context.Context, q queryer, pragma string) ([]string, error) {
	rows, err := q.QueryContext(ctx, "PRAGMA "+pragma)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}

// QuickCheck runs SQLite's quick check of the whole file, which finds
// damaged pages but skips the slower comparison of indexes with their
// tables. It reads from one snapshot and does not hold up anyone's work,
// so the app runs it in the background once the window is open. A damaged
// database gives an error for which IsDamaged is true.
func (s *Store) QuickCheck(ctx context.Context) error {
	if s.pg {
		// The server keeps its own files sound; that it answers is what
		// the app can check.
		return s.readError(s.db.PingContext(ctx))
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.damageError(err)
	}
	defer tx.Rollback()
	problems, err := integrityProblems(ctx, tx, "quick_check")
	if err != nil {
		return s.damageError(err)
	}
	if len(problems) > 0 {
		return s.damageError(fmt.Errorf("%w: %s", errDamaged, problems[0]))
	}
	return nil
}

func (s *Store) damageError(err error) error {
	if IsDamaged(err) {
		return wrapf(err, data.EINVALID, "The database %s is damaged. Stop entering records and restore the newest verified backup (Clinic → Backups…). The damaged file is kept aside, never overwritten.", s.path)
	}
	return s.readError(err)
}

// VerifyDatabase runs SQLite's full integrity check, its foreign key check, the
// schema check, the audit trail's chain check and the check of every seal,
// compares the trail with the anchors kept outside the database (in the
// clinic's backup folder and in witnessDirs), and returns what they found,
// one finding a line, or nothing when all is well.
// It is slower than QuickCheck and meant for `needlepoint check`.
func (s *Store) VerifyDatabase(ctx context.Context, witnessDirs ...string) ([]string, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.readError(err)
	}
	defer tx.Rollback()
	var findings []string
	if !s.pg {
		problems, err := integrityProblems(ctx, tx, "integrity_check")
		if IsDamaged(err) {
			return []string{"The file is damaged: " + openErrorText(err)}, nil
		}
		if err != nil {
			return nil, s.readError(err)
		}
		for _, p := range problems {
			findings = append(findings, "Damage: "+p)
		}
	}
	schema, err := s.schemaProblems(ctx, tx)
	if err != nil {
		return nil, s.readError(err)
	}
	for _, p := range schema {
		findings = append(findings, "Schema: "+p.String())
	}
	if !s.pg {
		fk, err := foreignKeyProblems(ctx, tx)
		if err != nil {
			return nil, s.readError(err)
		}
		findings = append(findings, fk...)
	}
	seals := map[int64]string{}
	chain, err := verifyAudit(ctx, tx, seals)
	if err != nil {
		return nil, s.readError(err)
	}
	if !chain.OK() {
		findings = append(findings, "Audit trail altered: "+chain.Problem)
	}
	sealed, err := sealFindings(ctx, tx, seals)
	if err != nil {
		return nil, s.readError(err)
	}
	findings = append(findings, sealed...)
	witnessed, err := s.witnessFindings(ctx, tx, witnessDirs)
	if err != nil {
		return nil, s.readError(err)
	}
	return append(findings, witnessed...), nil
}

// foreignKeyProblems lists rows that refer to a record that does not exist.
func foreignKeyProblems(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var findings []string
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, err
		}
		findings = append(findings, fmt.Sprintf("Broken link: row %d of %s refers to a record of %s that does not exist.", rowid.Int64, table, parent))
	}
	return findings, rows.Err()
}
