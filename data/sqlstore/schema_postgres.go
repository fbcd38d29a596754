package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// The schema check on PostgreSQL: the lock triggers of the PostgreSQL
// track must all be there, enabled, and no others; the tables must all be
// there. A trigger is remade from its own statement in the migrations.

// pgTrigger is a trigger of the PostgreSQL track and the statement that
// makes it.
type pgTrigger struct {
	table, sql string
}

// pgTriggerStatement matches a CREATE TRIGGER statement of the migrations,
// which ends with the function it runs and that function's argument, a
// quoted message that may hold a semicolon.
var pgTriggerStatement = regexp.MustCompile(`(?s)CREATE TRIGGER (\w+)\s.*?\bON (\w+)\b.*?EXECUTE FUNCTION \w+\((?:'(?:[^']|'')*')?\);`)

// pgExpectedTriggers reads the triggers out of the PostgreSQL migrations.
var pgExpectedTriggers = sync.OnceValues(func() (map[string]pgTrigger, error) {
	scripts, err := migrations("postgres")
	if err != nil {
		return nil, err
	}
	triggers := map[string]pgTrigger{}
	for _, script := range scripts {
		for _, m := range pgTriggerStatement.FindAllStringSubmatch(script, -1) {
			triggers[m[1]] = pgTrigger{table: m[2], sql: m[0]}
		}
	}
	return triggers, nil
})

// pgExpectedTables are the tables of this version's schema on a server:
// SQLite's, without its FTS5 tables, with PostgreSQL's search tables.
func pgExpectedTables() (map[string]bool, error) {
	want, err := expectedSchema()
	if err != nil {
		return nil, err
	}
	tables := map[string]bool{"patient_search": true, "patient_search_words": true}
	for name, o := range want {
		if o.typ == "table" && !isFTS5(name, want) {
			tables[name] = true
		}
	}
	return tables, nil
}

// isFTS5 reports whether a SQLite table is an FTS5 table or one of the
// tables it keeps its index in.
func isFTS5(name string, schema map[string]schemaObject) bool {
	for _, o := range schema {
		if strings.HasPrefix(o.sql, "CREATE VIRTUAL TABLE") && (name == o.name || strings.HasPrefix(name, o.name+"_")) {
			return true
		}
	}
	return false
}

// quoteName quotes an SQL name.
func quoteName(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// pgSchemaProblems compares the server schema q reads with the expected
// one, in order of name.
func pgSchemaProblems(ctx context.Context, q queryer) ([]SchemaProblem, error) {
	triggers, err := pgExpectedTriggers()
	if err != nil {
		return nil, err
	}
	tables, err := pgExpectedTables()
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT t.tgname, c.relname, t.tgenabled::text FROM pg_trigger t
		JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT t.tgisinternal AND n.nspname = current_schema()`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []SchemaProblem
	seen := map[string]bool{}
	for rows.Next() {
		var name, table, enabled string
		if err := rows.Scan(&name, &table, &enabled); err != nil {
			return nil, err
		}
		seen[name] = true
		switch _, ok := triggers[name]; {
		case !ok:
			list = append(list, SchemaProblem{"trigger", name, table, "unexpected"})
		case enabled == "D":
			list = append(list, SchemaProblem{"trigger", name, table, "disabled"})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for name, t := range triggers {
		if !seen[name] {
			list = append(list, SchemaProblem{"trigger", name, t.table, "missing"})
		}
	}
	have := map[string]bool{}
	trows, err := q.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var name string
		if err := trows.Scan(&name); err != nil {
			return nil, err
		}
		have[name] = true
	}
	if err := trows.Err(); err != nil {
		return nil, err
	}
	for name := range tables {
		if !have[name] {
			list = append(list, SchemaProblem{"table", name, name, "missing"})
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	return list, nil
}

// pgRepair puts one trigger right on a server: remade when missing,
// enabled when disabled, dropped when added outside Needlepoint.
func pgRepair(ctx context.Context, tx *sql.Tx, p SchemaProblem) error {
	triggers, err := pgExpectedTriggers()
	if err != nil {
		return err
	}
	var stmt string
	switch p.What {
	case "missing":
		stmt = triggers[p.Name].sql
	case "disabled":
		stmt = fmt.Sprintf(`ALTER TABLE %s ENABLE TRIGGER %s`, quoteName(p.Table), quoteName(p.Name))
	default:
		stmt = fmt.Sprintf(`DROP TRIGGER IF EXISTS %s ON %s`, quoteName(p.Name), quoteName(p.Table))
	}
	_, err = tx.ExecContext(ctx, stmt)
	return err
}
