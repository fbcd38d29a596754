package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// These tests hold the PostgreSQL migration track to the SQLite one: the
// same tables and columns in the same order, the same triggers refusing
// the same changes with the same words, the same lot keys, and indexes
// the search can use (engines_booking_test.go has the double bookings).
// They run when the PG* variables name a reachable server, each in a
// schema of its own.

// enginesSQLite returns a database file made by the SQLite migrations,
// applied as plain scripts.
func enginesSQLite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "schema.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	for _, script := range enginesScripts(t, "sqlite") {
		if _, err := db.Exec(script); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// enginesPostgres returns a connection pool to a new schema, made by the
// PostgreSQL migrations, each in its own transaction. The schema is
// dropped when the test ends. It skips the test when no server is
// reachable.
func enginesPostgres(t *testing.T) *sql.DB {
	t.Helper()
	named := false
	for _, v := range []string{"PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"} {
		named = named || os.Getenv(v) != ""
	}
	if !named {
		t.Skip("no PostgreSQL server: PGHOST and the other PG* variables are unset")
	}
	admin, err := sql.Open("pgx", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		t.Skipf("no PostgreSQL server reachable: %v", err)
	}
	schema := "engines_" + strings.ToLower(rand.Text())
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Error(err)
		}
	})
	db, err := sql.Open("pgx", "search_path="+schema+",public")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i, script := range enginesScripts(t, "postgres") {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(script); err != nil {
			tx.Rollback()
			t.Fatalf("migration %d: %v", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// enginesScripts returns an engine's migration scripts in the order they
// apply, checking that both tracks number and name them alike.
func enginesScripts(t *testing.T, engine string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("migrations", engine, "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	other := map[string]string{"sqlite": "postgres", "postgres": "sqlite"}[engine]
	scripts := make([]string, len(names))
	for i, name := range names {
		if _, err := os.Stat(filepath.Join("migrations", other, filepath.Base(name))); err != nil {
			t.Errorf("%s has no counterpart in migrations/%s", name, other)
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		scripts[i] = string(b)
	}
	return scripts
}

// enginesStrings returns the single text column of every row of a query.
func enginesStrings(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		list = append(list, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return list
}

// sqliteTables are the tables of the SQLite schema, without SQLite's own,
// the FTS5 tables (which PostgreSQL replaces by indexes) and their shadow
// tables.
func sqliteTables(t *testing.T, db *sql.DB) []string {
	virtual := enginesStrings(t, db, `SELECT name FROM sqlite_schema
		WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`)
	var tables []string
	for _, name := range enginesStrings(t, db, `SELECT name FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`) {
		if !slices.ContainsFunc(virtual, func(v string) bool { return name == v || strings.HasPrefix(name, v+"_") }) {
			tables = append(tables, name)
		}
	}
	return tables
}

// A column as both engines describe it: SQLite's type, whether it may be
// NULL, its default as SQLite writes it, its place in the primary key and
// whether it is generated. PostgreSQL's BIGINT and BOOLEAN are SQLite's
// INTEGER, and its false and true are 0 and 1.
type enginesColumn struct {
	Name, Type string
	Nullable   bool
	Default    string
	PK         int
	Generated  bool
}

func sqliteColumns(t *testing.T, db *sql.DB, table string) []enginesColumn {
	rows, err := db.Query(`SELECT name, type, "notnull", coalesce(dflt_value, ''), pk, hidden
		FROM pragma_table_xinfo(?) ORDER BY cid`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var list []enginesColumn
	for rows.Next() {
		var c enginesColumn
		var notNull bool
		var hidden int
		if err := rows.Scan(&c.Name, &c.Type, &notNull, &c.Default, &c.PK, &hidden); err != nil {
			t.Fatal(err)
		}
		// A primary key column never holds NULL on PostgreSQL; SQLite
		// lets a TEXT one in a rowid table, but the store never writes it.
		c.Nullable = !notNull && c.PK == 0
		c.Generated = hidden == 2 || hidden == 3
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return list
}

func postgresColumns(t *testing.T, db *sql.DB, table string) []enginesColumn {
	rows, err := db.Query(`SELECT c.column_name, c.data_type, c.is_nullable = 'YES',
			coalesce(c.column_default, ''), coalesce(array_position(k.conkey, c.ordinal_position::smallint), 0),
			c.is_generated = 'ALWAYS'
		FROM information_schema.columns c
		LEFT JOIN pg_constraint k ON k.conrelid = $1::text::regclass AND k.contype = 'p'
		WHERE c.table_schema = current_schema() AND c.table_name = $1::text
		ORDER BY c.ordinal_position`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var list []enginesColumn
	for rows.Next() {
		var c enginesColumn
		if err := rows.Scan(&c.Name, &c.Type, &c.Nullable, &c.Default, &c.PK, &c.Generated); err != nil {
			t.Fatal(err)
		}
		c.Type = map[string]string{"bigint": "INTEGER", "boolean": "INTEGER", "text": "TEXT", "bytea": "BLOB"}[c.Type]
		c.Default = strings.TrimSuffix(c.Default, "::text")
		switch c.Default {
		case "false":
			c.Default = "0"
		case "true":
			c.Default = "1"
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return list
}

// sqliteForeignKeys and postgresForeignKeys list a table's foreign keys as
// "column -> table (column)".
func sqliteForeignKeys(t *testing.T, db *sql.DB, table string) []string {
	list := enginesStrings(t, db, `SELECT "from" || ' -> ' || "table" || ' (' || "to" || ')'
		FROM pragma_foreign_key_list(?)`, table)
	slices.Sort(list)
	return list
}

func postgresForeignKeys(t *testing.T, db *sql.DB, table string) []string {
	list := enginesStrings(t, db, `SELECT a.attname || ' -> ' || f.relname || ' (' || fa.attname || ')'
		FROM pg_constraint k
		JOIN pg_class f ON f.oid = k.confrelid
		JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
		JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1]
		WHERE k.contype = 'f' AND k.conrelid = $1::regclass AND cardinality(k.conkey) = 1`, table)
	slices.Sort(list)
	return list
}

func TestEnginesSchemasMatch(t *testing.T) {
	pg := enginesPostgres(t)
	lite := enginesSQLite(t)

	t.Run("Tables", func(t *testing.T) {
		want := sqliteTables(t, lite)
		// patient_search and patient_search_words are PostgreSQL's
		// counterpart of the FTS5 tables left out on the SQLite side.
		got := enginesStrings(t, pg, `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
			AND table_name NOT IN ('patient_search', 'patient_search_words') ORDER BY table_name COLLATE "C"`)
		if !slices.Equal(got, want) {
			t.Fatalf("PostgreSQL tables = %q, SQLite tables = %q", got, want)
		}
	})
	t.Run("Columns", func(t *testing.T) {
		for _, table := range sqliteTables(t, lite) {
			want, got := sqliteColumns(t, lite, table), postgresColumns(t, pg, table)
			for i := range max(len(want), len(got)) {
				switch {
				case i >= len(got):
					t.Errorf("%s: PostgreSQL lacks column %d %+v", table, i+1, want[i])
				case i >= len(want):
					t.Errorf("%s: PostgreSQL has an extra column %d %+v", table, i+1, got[i])
				case got[i] != want[i]:
					t.Errorf("%s column %d: PostgreSQL %+v, SQLite %+v", table, i+1, got[i], want[i])
				}
			}
		}
	})
	t.Run("ForeignKeys", func(t *testing.T) {
		for _, table := range sqliteTables(t, lite) {
			if got, want := postgresForeignKeys(t, pg, table), sqliteForeignKeys(t, lite, table); !slices.Equal(got, want) {
				t.Errorf("%s: PostgreSQL foreign keys %q, SQLite %q", table, got, want)
			}
		}
	})
	t.Run("Indexes", func(t *testing.T) {
		have := enginesStrings(t, pg, `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()`)
		for _, name := range enginesStrings(t, lite, `SELECT name FROM sqlite_schema
			WHERE type = 'index' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`) {
			if !slices.Contains(have, name) {
				t.Errorf("PostgreSQL lacks the index %s", name)
			}
		}
	})
	t.Run("Triggers", func(t *testing.T) {
		want := enginesStrings(t, lite, `SELECT tbl_name || '.' || name FROM sqlite_schema
			WHERE type = 'trigger'`)
		got := enginesStrings(t, pg, `SELECT c.relname || '.' || g.tgname FROM pg_trigger g
			JOIN pg_class c ON c.oid = g.tgrelid
			WHERE NOT g.tgisinternal AND c.relnamespace = current_schema()::regnamespace`)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("PostgreSQL triggers = %q, SQLite triggers = %q", got, want)
		}
	})
}

// enginesFixture is one record of each kind the lock triggers guard, in
// SQL both engines take: consultation 2 and session 2 are signed,
// consultation 1 and sessions 1 and 3 are drafts.
var enginesFixture = []string{
	`INSERT INTO patients (id, first_name, last_name, created_at, updated_at, name_key)
		VALUES (1, 'Ada', 'Lovelace', 't0', 't0', 'lovelace ada')`,
	`INSERT INTO staff (id, name, role, created_at, updated_at) VALUES (1, 'Grace', 'practitioner', 't0', 't0')`,
	`INSERT INTO screenings (id, patient_id, screened_on, recorded_by, created_at)
		VALUES (1, 1, '2024-01-01', 'Grace', 't0')`,
	`INSERT INTO consultations (id, patient_id, consulted_on, practitioner_id, created_at, updated_at)
		VALUES (1, 1, '2024-01-01', 1, 't0', 't0'), (3, 1, '2024-01-01', 1, 't0', 't0')`,
	`INSERT INTO consultations (id, patient_id, consulted_on, practitioner_id, signed_at, signed_by, created_at, updated_at)
		VALUES (2, 1, '2024-01-01', 1, 't1', 1, 't0', 't0')`,
	`INSERT INTO consultation_addenda (id, consultation_id, author_id, written_at, reason, text)
		VALUES (1, 2, 1, 't1', 'why', 'what')`,
	`INSERT INTO treatment_series (id, patient_id, planned_sessions, interval_weeks, started_on, created_at, updated_at)
		VALUES (1, 1, 3, 4, '2024-01-01', 't0', 't0')`,
	`INSERT INTO series_extensions (id, series_id, added_sessions, reason, staff_id, extended_at)
		VALUES (1, 1, 1, 'why', 1, 't1')`,
	`INSERT INTO sessions (id, series_id, performed_at, practitioner_id, check_status, created_at, updated_at)
		VALUES (1, 1, 't0', 1, 'clear', 't0', 't0'), (2, 1, 't0', 1, 'clear', 't0', 't0'),
		(3, 1, 't0', 1, 'clear', 't0', 't0')`,
	`INSERT INTO session_areas (session_id, position, area, depth, passes)
		VALUES (1, 1, 'cheek', 50, 2), (1, 2, 'chin', 50, 2), (2, 1, 'cheek', 50, 2)`,
	`UPDATE sessions SET signed_at = 't1', signed_by = 1 WHERE id = 2`,
	`INSERT INTO session_addenda (id, session_id, author_id, written_at, reason, text)
		VALUES (1, 2, 1, 't1', 'why', 'what')`,
	`INSERT INTO session_prints (id, session_id, document, printed_by, printed_at)
		VALUES (1, 2, 'aftercare', 'Grace', 't1')`,
	`INSERT INTO recall_calls (id, patient_id, called_at, called_by) VALUES (1, 1, 't1', 1)`,
	`INSERT INTO accounts (staff_id, username, password_hash, created_at, updated_at)
		VALUES (1, 'grace', 'hash', 't0', 't0')`,
	`INSERT INTO audit_log (id, at, actor, action, prev_hash, hash) VALUES (1, 't1', 'Grace', 'test', '', 'h')`,
	`INSERT INTO seals (kind, record_id, audit_id, hash) VALUES ('session', 2, 1, 'h')`,
	`INSERT INTO patient_medical_history (patient_id, audit_id, allergies, medications, medical_notes)
		VALUES (1, 1, '', '', '')`,
	`INSERT INTO photo_consents (id, patient_id, scope, recorded_by, recorded_at) VALUES (1, 1, 'record', 'Grace', 't1')`,
	`INSERT INTO photos (id, patient_id, series_id, session_id, angle, width, height, imported_by, imported_at, thumbnail)
		VALUES (1, 1, 1, 2, 'front', 4, 3, 'Grace', 't1', 'x'), (2, 1, 1, 2, 'left45', 4, 3, 'Grace', 't1', 'x')`,
	`UPDATE photos SET hidden_at = 't2', hidden_by = 'Grace', hidden_reason = 'wrong patient' WHERE id = 2`,
	`INSERT INTO photo_images (photo_id, image) VALUES (1, 'jpeg'), (2, 'jpeg')`,
	`INSERT INTO consent_templates (id, kind, version, title, body, confirmations, created_by, created_at)
		VALUES (1, 'microneedling', 1, 'Consent', 'Risks', '[]', 'Grace', 't0')`,
	`INSERT INTO consents (id, patient_id, template_id, confirmed, patient_strokes, patient_signature, patient_signed_at,
		witness_id, witness_strokes, witness_signature, witness_signed_at)
		VALUES (1, 1, 1, '[]', '[]', 'png', 't1', 1, '[]', 'png', 't1'), (2, 1, 1, '[]', '[]', 'png', 't1', 1, '[]', 'png', 't1')`,
	`UPDATE consents SET withdrawn_at = 't2', withdrawn_by = 'Grace', withdrawn_reason = 'changed her mind' WHERE id = 2`,
}

// enginesLockCases are, for each lock trigger, changes it refuses and
// changes it lets through.
var enginesLockCases = []struct {
	trigger string
	refused []string
	allowed []string
}{
	{"staff_never_deleted", []string{"DELETE FROM staff WHERE id = 1"}, nil},
	{"screenings_never_updated", []string{"UPDATE screenings SET notes = 'x' WHERE id = 1"}, nil},
	{"screenings_never_deleted", []string{"DELETE FROM screenings WHERE id = 1"}, nil},
	{"consultations_signed_locked",
		[]string{"UPDATE consultations SET notes = 'x' WHERE id = 2"},
		[]string{"UPDATE consultations SET notes = 'x' WHERE id = 1"}},
	{"consultations_signed_kept",
		[]string{"DELETE FROM consultations WHERE id = 2"},
		[]string{"DELETE FROM consultations WHERE id = 3"}},
	{"consultation_addenda_only_when_signed",
		[]string{`INSERT INTO consultation_addenda (id, consultation_id, author_id, written_at, reason, text)
			VALUES (2, 1, 1, 't1', 'why', 'what')`},
		[]string{`INSERT INTO consultation_addenda (id, consultation_id, author_id, written_at, reason, text)
			VALUES (3, 2, 1, 't1', 'why', 'what')`}},
	{"consultation_addenda_locked", []string{"UPDATE consultation_addenda SET text = 'x' WHERE id = 1"}, nil},
	{"consultation_addenda_kept", []string{"DELETE FROM consultation_addenda WHERE id = 1"}, nil},
	{"series_extensions_locked", []string{"UPDATE series_extensions SET reason = 'x' WHERE id = 1"}, nil},
	{"series_extensions_kept", []string{"DELETE FROM series_extensions WHERE id = 1"}, nil},
	{"sessions_signed_locked",
		[]string{"UPDATE sessions SET notes = 'x' WHERE id = 2"},
		[]string{"UPDATE sessions SET notes = 'x' WHERE id = 1"}},
	{"sessions_signed_kept",
		[]string{"DELETE FROM sessions WHERE id = 2"},
		[]string{"DELETE FROM sessions WHERE id = 3"}},
	{"session_areas_signed_insert",
		[]string{"INSERT INTO session_areas (session_id, position, area, depth, passes) VALUES (2, 2, 'chin', 50, 2)"},
		[]string{"INSERT INTO session_areas (session_id, position, area, depth, passes) VALUES (1, 3, 'nose', 50, 2)"}},
	{"session_areas_signed_locked",
		[]string{
			"UPDATE session_areas SET depth = 60 WHERE session_id = 2",
			"UPDATE session_areas SET session_id = 2, position = 9 WHERE session_id = 1 AND position = 1",
		},
		[]string{"UPDATE session_areas SET depth = 60 WHERE session_id = 1 AND position = 1"}},
	{"session_areas_signed_kept",
		[]string{"DELETE FROM session_areas WHERE session_id = 2"},
		[]string{"DELETE FROM session_areas WHERE session_id = 1 AND position = 2"}},
	{"session_addenda_only_when_signed",
		[]string{`INSERT INTO session_addenda (id, session_id, author_id, written_at, reason, text)
			VALUES (2, 1, 1, 't1', 'why', 'what')`},
		[]string{`INSERT INTO session_addenda (id, session_id, author_id, written_at, reason, text)
			VALUES (3, 2, 1, 't1', 'why', 'what')`}},
	{"session_addenda_locked", []string{"UPDATE session_addenda SET text = 'x' WHERE id = 1"}, nil},
	{"session_addenda_kept", []string{"DELETE FROM session_addenda WHERE id = 1"}, nil},
	{"session_prints_locked", []string{"UPDATE session_prints SET document = 'x' WHERE id = 1"}, nil},
	{"session_prints_kept", []string{"DELETE FROM session_prints WHERE id = 1"}, nil},
	{"recall_calls_locked", []string{"UPDATE recall_calls SET note = 'x' WHERE id = 1"}, nil},
	{"recall_calls_kept", []string{"DELETE FROM recall_calls WHERE id = 1"}, nil},
	{"accounts_never_deleted", []string{"DELETE FROM accounts WHERE staff_id = 1"}, nil},
	{"audit_log_locked", []string{"UPDATE audit_log SET detail = 'x' WHERE id = 1"}, nil},
	{"audit_log_kept", []string{"DELETE FROM audit_log WHERE id = 1"}, nil},
	{"seals_locked", []string{"UPDATE seals SET hash = 'x'"}, nil},
	{"seals_kept", []string{"DELETE FROM seals"}, nil},
	{"patient_medical_history_locked", []string{"UPDATE patient_medical_history SET allergies = 'x'"}, nil},
	{"patient_medical_history_kept", []string{"DELETE FROM patient_medical_history"}, nil},
	{"photo_consents_locked", []string{"UPDATE photo_consents SET scope = 'marketing'"}, nil},
	{"photo_consents_kept", []string{"DELETE FROM photo_consents"}, nil},
	{"photos_kept", []string{"DELETE FROM photos WHERE id = 1"}, nil},
	{"photos_locked",
		[]string{
			"UPDATE photos SET angle = 'right45' WHERE id = 1",
			"UPDATE photos SET thumbnail = 'y' WHERE id = 1",
			"UPDATE photos SET hidden_reason = 'another reason' WHERE id = 2",
		},
		[]string{"UPDATE photos SET hidden_at = 't2', hidden_by = 'Grace', hidden_reason = 'blurred' WHERE id = 1"}},
	{"photo_images_locked", []string{"UPDATE photo_images SET image = 'other' WHERE photo_id = 1"}, nil},
	{"photo_images_kept", []string{"DELETE FROM photo_images WHERE photo_id = 1"}, nil},
	{"consent_templates_locked", []string{"UPDATE consent_templates SET body = 'No risks' WHERE id = 1"}, nil},
	{"consent_templates_kept", []string{"DELETE FROM consent_templates WHERE id = 1"}, nil},
	{"consents_kept", []string{"DELETE FROM consents WHERE id = 1"}, nil},
	{"consents_locked",
		[]string{
			"UPDATE consents SET confirmed = '[true]' WHERE id = 1",
			"UPDATE consents SET patient_signature = 'other' WHERE id = 1",
			"UPDATE consents SET withdrawn_reason = 'another reason' WHERE id = 2",
		},
		[]string{"UPDATE consents SET withdrawn_at = 't3', withdrawn_by = 'Grace', withdrawn_reason = 'moving away' WHERE id = 1"}},
}

// sqliteLockMessages returns, by trigger name, the message of each
// RAISE(ABORT, ...) in the SQLite migrations.
func sqliteLockMessages(t *testing.T) map[string]string {
	raise := regexp.MustCompile(`CREATE TRIGGER (\w+)[^;]*?RAISE\(ABORT, '([^']*)'\)`)
	messages := map[string]string{}
	for _, script := range enginesScripts(t, "sqlite") {
		for _, m := range raise.FindAllStringSubmatch(script, -1) {
			messages[m[1]] = m[2]
		}
	}
	return messages
}

func TestEnginesLockTriggers(t *testing.T) {
	pg := enginesPostgres(t)
	lite := enginesSQLite(t)
	messages := sqliteLockMessages(t)
	for _, db := range []*sql.DB{lite, pg} {
		for _, stmt := range enginesFixture {
			if _, err := db.Exec(stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
	}
	covered := map[string]bool{}
	for _, tc := range enginesLockCases {
		covered[tc.trigger] = true
		t.Run(tc.trigger, func(t *testing.T) {
			want, ok := messages[tc.trigger]
			if !ok {
				t.Fatalf("no RAISE(ABORT, ...) for %s in the SQLite migrations", tc.trigger)
			}
			for _, stmt := range tc.refused {
				if _, err := lite.Exec(stmt); err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("SQLite %s: error %v, want %q", stmt, err, want)
				}
				_, err := pg.Exec(stmt)
				var pgErr *pgconn.PgError
				if !errors.As(err, &pgErr) || pgErr.Code != "NP001" || pgErr.Message != want {
					t.Errorf("PostgreSQL %s: error %v, want %q with SQLSTATE NP001", stmt, err, want)
				}
			}
			for _, stmt := range tc.allowed {
				for name, db := range map[string]*sql.DB{"SQLite": lite, "PostgreSQL": pg} {
					res, err := db.Exec(stmt)
					if err != nil {
						t.Errorf("%s %s: %v", name, stmt, err)
						continue
					}
					if n, _ := res.RowsAffected(); n != 1 {
						t.Errorf("%s %s changed %d rows, want 1", name, stmt, n)
					}
				}
			}
		})
	}
	for name := range messages {
		if !covered[name] {
			t.Errorf("the lock trigger %s has no case here", name)
		}
	}
}

func TestEnginesLotKeys(t *testing.T) {
	pg := enginesPostgres(t)
	lite := enginesSQLite(t)
	steps := []string{
		`INSERT INTO sessions (id, series_id, performed_at, practitioner_id, check_status, created_at, updated_at,
			cartridge_lot, product_lot)
			VALUES (4, 1, 't0', 1, 'clear', 't0', 't0', 'dp4–2612c', 'é lot-1')`,
		`UPDATE sessions SET product_lot = 'ab` + "\u00a0" + `12—x' WHERE id = 4`,
	}
	lots := func(db *sql.DB) string {
		keys := enginesStrings(t, db, `SELECT cartridge_lot_key || ' ' || product_lot_key FROM sessions WHERE id = 4`)
		return fmt.Sprint(keys, enginesStrings(t, db, "SELECT lot_key FROM lot_keys ORDER BY lot_key"))
	}
	for _, db := range []*sql.DB{lite, pg} {
		for _, stmt := range enginesFixture {
			if _, err := db.Exec(stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
	}
	for _, stmt := range steps {
		for _, db := range []*sql.DB{lite, pg} {
			if _, err := db.Exec(stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		if got, want := lots(pg), lots(lite); got != want {
			t.Errorf("after %s: PostgreSQL lot keys %s, SQLite %s", stmt, got, want)
		}
	}
	if got, want := lots(pg), "[DP42612C AB12X] [AB12X DP42612C éLOT1]"; got != want {
		t.Errorf("lot keys = %s, want %s", got, want)
	}
}

func TestEnginesSearchIndexes(t *testing.T) {
	pg := enginesPostgres(t)
	ctx := context.Background()
	conn, err := pg.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// An empty table is read whole whatever its indexes; this asks the
	// planner whether an index can serve each search at all.
	if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	// The statements of data/sqlstore/search_postgres.go and data/sqlstore/search.go.
	for _, tc := range []struct{ query, index string }{
		{"SELECT patient_id FROM patient_search_words WHERE word = 'lovelace'", "patient_search_words_pkey"},
		{"SELECT patient_id FROM patient_search_words WHERE word LIKE 'lov%'", "patient_search_words_pkey"},
		{"SELECT patient_id FROM patient_search WHERE text LIKE '%velac%'", "patient_search_text"},
		{"SELECT id FROM patients WHERE phone_key_reversed >= '3210' AND phone_key_reversed < '3210:'", "patients_by_phone_ending"},
		{"SELECT id FROM patients WHERE phone_key >= '0770' AND phone_key < '0770:'", "patients_by_phone"},
		{"SELECT id FROM patients WHERE phone_e164 = '+447700900123'", "patients_by_phone_e164"},
		{"SELECT id FROM patients WHERE date_of_birth = '1990-03-02'", "patients_by_dob"},
	} {
		rows, err := conn.QueryContext(ctx, "EXPLAIN "+tc.query)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, line)
		}
		rows.Close()
		if text := strings.Join(plan, "\n"); !strings.Contains(text, tc.index) {
			t.Errorf("%s is not served by %s:\n%s", tc.query, tc.index, text)
		}
	}
}
