package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"needlepoint/data/sqlstore"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the tests' own connection
)

// The store's tests run once on SQLite and, when a PostgreSQL server is
// reachable through the standard PG* variables (pg_virtualenv sets them),
// once more on PostgreSQL, each test in a database of its own copied from
// a template that already has the schema.

// testEngine is the engine the running pass of the tests uses.
var testEngine = "sqlite"

var pgTests struct {
	once     sync.Once
	err      error
	admin    *sql.DB
	template string
	n        atomic.Int64
}

// pgReachable reports whether a PostgreSQL server answers, and why not.
func pgReachable() (bool, string) {
	if os.Getenv("PGHOST") == "" && os.Getenv("PGDATABASE") == "" && os.Getenv("PGPORT") == "" {
		return false, "no PG* variables set"
	}
	db, err := sql.Open("pgx", "")
	if err != nil {
		return false, err.Error()
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return false, err.Error()
	}
	return true, ""
}

// sqliteOnly skips a test of what only a SQLite file has (its bytes, its
// journal, the sqlite3 shell) when the tests run on PostgreSQL.
func sqliteOnly(tb testing.TB) {
	tb.Helper()
	if testEngine == "postgres" {
		tb.Skip("about SQLite files only")
	}
}

// pgAddress makes a new database for one test, copied from the template,
// and returns its address; the database is dropped when the test ends.
func pgAddress(tb testing.TB) string {
	tb.Helper()
	admin := pgAdmin(tb)
	name := fmt.Sprintf("needlepoint_test_%d_%d", os.Getpid(), pgTests.n.Add(1))
	if _, err := admin.Exec("CREATE DATABASE " + name + " TEMPLATE " + pgTests.template); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return "postgres:///" + name
}

// pgAdmin returns the tests' own connection to the server, as the
// superuser pg_virtualenv made, and makes the template on first use.
func pgAdmin(tb testing.TB) *sql.DB {
	tb.Helper()
	pgTests.once.Do(func() { pgTests.err = makePGTemplate(context.Background()) })
	if pgTests.err != nil {
		tb.Fatal(pgTests.err)
	}
	return pgTests.admin
}

// makePGTemplate makes the template database with Needlepoint's schema.
func makePGTemplate(ctx context.Context) error {
	admin, err := sql.Open("pgx", "")
	if err != nil {
		return err
	}
	pgTests.admin = admin
	pgTests.template = fmt.Sprintf("needlepoint_template_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pgTests.template); err != nil {
		return err
	}
	s, err := sqlstore.Open(ctx, "postgres:///"+pgTests.template)
	if err != nil {
		return err
	}
	return s.Close()
}

// dropPGTemplate removes the template, and the benchmarks' database at
// address when there is one, once the PostgreSQL pass is over.
func dropPGTemplate(address string) {
	ctx := context.Background()
	if address != "" {
		if admin, err := sql.Open("pgx", ""); err == nil {
			admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+strings.TrimPrefix(address, "postgres:///")+" WITH (FORCE)")
			admin.Close()
		}
	}
	if pgTests.admin == nil {
		return
	}
	pgTests.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pgTests.template+" WITH (FORCE)")
	pgTests.admin.Close()
}
