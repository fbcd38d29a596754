package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"needlepoint/data"
)

// The schema check compares the tables, indexes and triggers of a file
// with those its schema version must have, which Needlepoint knows by
// building them from its migrations in memory. A lock trigger dropped by
// a raw SQL client is found at the next start and by `needlepoint check`;
// until an administrator repairs the schema, writes to the records the
// missing object protected are refused.

// SchemaProblem is one object of the schema that is not as Needlepoint
// made it.
type SchemaProblem struct {
	Type  string // "table", "index", "trigger" or "view"
	Name  string
	Table string // the table it belongs to
	What  string // "missing", "altered", "disabled" or "unexpected"
}

// String says what is wrong in a sentence.
func (p SchemaProblem) String() string {
	switch p.What {
	case "missing":
		return fmt.Sprintf("The %s %s (on %s) is missing: it was removed outside Needlepoint.", p.Type, p.Name, p.Table)
	case "altered":
		return fmt.Sprintf("The %s %s (on %s) was altered outside Needlepoint.", p.Type, p.Name, p.Table)
	case "disabled":
		return fmt.Sprintf("The %s %s (on %s) was disabled outside Needlepoint.", p.Type, p.Name, p.Table)
	}
	return fmt.Sprintf("The %s %s (on %s) was added outside Needlepoint.", p.Type, p.Name, p.Table)
}

// repairable reports whether RepairSchema can put it right: indexes,
// triggers and views are remade from their definitions; a table's rows
// are records, which only a backup brings back.
func (p SchemaProblem) repairable() bool { return p.Type != "table" }

type schemaObject struct {
	typ, name, table, sql string
}

// expectedSchema is every object of this version's schema, by name, made
// once per run from the migrations in a database in memory.
var expectedSchema = sync.OnceValues(func() (map[string]schemaObject, error) {
	db, err := sql.Open("sqlite", "file:expected-schema?mode=memory")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	scripts, err := migrations("sqlite")
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	for i, script := range scripts {
		if _, err := db.ExecContext(ctx, script); err != nil {
			return nil, fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return readSchema(ctx, db)
})

func readSchema(ctx context.Context, q queryer) (map[string]schemaObject, error) {
	rows, err := q.QueryContext(ctx, `SELECT type, name, tbl_name, sql FROM sqlite_schema
		WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	objects := map[string]schemaObject{}
	for rows.Next() {
		var o schemaObject
		var text sql.NullString
		if err := rows.Scan(&o.typ, &o.name, &o.table, &text); err != nil {
			return nil, err
		}
		o.sql = text.String
		objects[o.name] = o
	}
	return objects, rows.Err()
}

// schemaProblems compares the schema of the database q reads with the
// expected one, in order of name.
func schemaProblems(ctx context.Context, q queryer) ([]SchemaProblem, error) {
	want, err := expectedSchema()
	if err != nil {
		return nil, err
	}
	got, err := readSchema(ctx, q)
	if err != nil {
		return nil, err
	}
	var list []SchemaProblem
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			list = append(list, SchemaProblem{w.typ, name, w.table, "missing"})
		case g.typ != w.typ || g.table != w.table || g.sql != w.sql:
			list = append(list, SchemaProblem{w.typ, name, w.table, "altered"})
		}
	}
	for name, g := range got {
		if _, ok := want[name]; !ok {
			list = append(list, SchemaProblem{g.typ, name, g.table, "unexpected"})
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	return list, nil
}

// schemaProblems runs the schema check of the store's engine.
func (s *Store) schemaProblems(ctx context.Context, q queryer) ([]SchemaProblem, error) {
	if s.pg {
		return pgSchemaProblems(ctx, q)
	}
	return schemaProblems(ctx, q)
}

// SchemaProblems returns what the last schema check found (at opening,
// or after a repair): nothing when the schema is as Needlepoint made it.
func (s *Store) SchemaProblems() []SchemaProblem {
	if p := s.schema.Load(); p != nil {
		return *p
	}
	return nil
}

// checkSchema runs the schema check at opening, keeps what it found for
// the write guard, and records it in the audit trail when it differs from
// what was recorded last: the same damage is recorded once, however often
// Needlepoint starts. A file Needlepoint cannot write keeps its trail as
// it is; the problems are still reported.
func (s *Store) checkSchema(ctx context.Context) error {
	list, err := s.schemaProblems(ctx, s.db)
	if err != nil {
		return err
	}
	s.schema.Store(&list)
	digest := schemaDigest(list)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil
	}
	defer tx.Rollback()
	var recorded string
	err = tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", schemaProblemsKey).Scan(&recorded)
	if errors.Is(err, sql.ErrNoRows) {
		recorded = schemaDigest(nil)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) || recorded == digest {
		return nil
	}
	if len(list) > 0 {
		e := data.Audit{Action: data.ActionSchemaAltered, Subject: "database schema", Detail: problemText(list)}
		if err := s.audit(ctx, tx, data.Actor{Name: "Needlepoint (start-up check)"}, e); err != nil {
			return nil
		}
	}
	if err := saveSetting(ctx, tx, schemaProblemsKey, digest); err != nil {
		return nil
	}
	tx.Commit()
	return nil
}

// schemaProblemsKey is the setting that holds a digest of the problems
// last recorded.
const schemaProblemsKey = "schema_problems"

func schemaDigest(list []SchemaProblem) string {
	if len(list) == 0 {
		return "none"
	}
	sum := sha256.Sum256([]byte(problemText(list)))
	return hex.EncodeToString(sum[:8])
}

func problemText(list []SchemaProblem) string {
	parts := make([]string, len(list))
	for i, p := range list {
		parts[i] = fmt.Sprintf("%s %s %s", p.Type, p.Name, p.What)
	}
	return strings.Join(parts, "; ")
}

// tablesWritten lists the tables each permission's writes change (an FTS5
// table's own tables are named after it). Every write also appends to the
// audit trail (audit_log, seals, settings).
var tablesWritten = map[data.Permission][]string{
	data.PermPatients:      {"patients", "patient_words", "patient_trigrams", "patient_medical_history", "photo_consents", "consents"},
	data.PermAppointments:  {"appointments"},
	data.PermRecall:        {"recall_calls"},
	data.PermPrint:         {"session_prints"},
	data.PermScreening:     {"screenings"},
	data.PermOverride:      {"sessions"},
	data.PermConsultations: {"consultations"},
	data.PermSessions: {"treatment_series", "series_extensions", "sessions", "session_areas", "lot_keys", "appointments", "photos", "photo_images",
		"consent_templates", "consents", "photo_consents"},
	data.PermSign:     {"consultations", "sessions", "session_areas"},
	data.PermAddenda:  {"consultation_addenda", "session_addenda"},
	data.PermStaff:    {"staff", "accounts"},
	data.PermSettings: {"settings", "consent_templates"},
}

var everyWrite = []string{"audit_log", "seals", "settings"}

// guardWrite refuses a write with permission p while an object that
// protects a table p writes is missing or altered. Backups and the audit
// report stay open: a copy of a damaged file is evidence, and a restore
// is one remedy.
func (s *Store) guardWrite(p data.Permission) error {
	if p == data.PermAudit || p == data.PermBackup {
		return nil
	}
	tables := slices.Concat(tablesWritten[p], everyWrite)
	for _, problem := range s.SchemaProblems() {
		if problem.What == "unexpected" && problem.Type == "table" {
			continue
		}
		for _, t := range tables {
			if problem.Table == t || strings.HasPrefix(problem.Table, t+"_") {
				return data.Errorf(data.ELOCKED, "Changes are paused: %s An administrator must repair the database's protections first (they are shown when an administrator signs in).", problem)
			}
		}
	}
	return nil
}

// RepairSchema puts back, as Needlepoint made them, the indexes, triggers
// and views found missing or altered, removes those added outside
// Needlepoint, and records what it did in the audit trail, all in one
// transaction. A table that is missing or altered cannot be repaired
// here: its records come back only from a backup. Only administrators
// repair.
func (s *Store) RepairSchema(ctx context.Context) ([]SchemaProblem, error) {
	a, err := s.reader()
	if err != nil {
		return nil, err
	}
	if a.Role != data.RoleAdmin {
		return nil, data.Errorf(data.EFORBIDDEN, "Only an administrator can repair the database's protections.")
	}
	want, err := expectedSchema()
	if err != nil {
		return nil, wrapf(err, data.EINTERNAL, "Needlepoint's database scripts are missing.")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.writeError(err)
	}
	defer tx.Rollback()
	list, err := s.schemaProblems(ctx, tx)
	if err != nil {
		return nil, s.readError(err)
	}
	var repaired []SchemaProblem
	for _, p := range list {
		if !p.repairable() {
			if p.What == "unexpected" {
				continue
			}
			return nil, data.Errorf(data.EINVALID, "%s Its records cannot be put back from here: restore the newest verified backup (Clinic → Backups…).", p)
		}
		if err := s.repairObject(ctx, tx, want, p); err != nil {
			return nil, s.writeError(err)
		}
		repaired = append(repaired, p)
	}
	if len(repaired) == 0 {
		return nil, nil
	}
	if err := s.audit(ctx, tx, a, data.Audit{Action: data.ActionSchemaRepaired, Subject: "database schema", Detail: problemText(repaired)}); err != nil {
		return nil, s.writeError(err)
	}
	if err := saveSetting(ctx, tx, schemaProblemsKey, schemaDigest(nil)); err != nil {
		return nil, s.writeError(err)
	}
	left, err := s.schemaProblems(ctx, tx)
	if err != nil {
		return nil, s.writeError(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, s.writeError(err)
	}
	s.schema.Store(&left)
	return repaired, nil
}

// repairObject puts one index, trigger or view right: on a file it is
// dropped when altered or added and remade from want when it belongs; on
// a server, see pgRepair.
func (s *Store) repairObject(ctx context.Context, tx *sql.Tx, want map[string]schemaObject, p SchemaProblem) error {
	if s.pg {
		return pgRepair(ctx, tx, p)
	}
	if p.What != "missing" {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DROP %s IF EXISTS %s`, strings.ToUpper(p.Type), quoteName(p.Name))); err != nil {
			return err
		}
	}
	if p.What == "unexpected" {
		return nil
	}
	_, err := tx.ExecContext(ctx, want[p.Name].sql)
	return err
}
