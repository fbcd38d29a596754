package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"needlepoint/data"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// This file holds what is PostgreSQL-only: recognising a server address,
// the driver that lets the store's statements (written with ? for their
// arguments, as SQLite takes them) run on PostgreSQL, the schema version,
// and the mapping of PostgreSQL's error codes.

// IsServerAddress reports whether a --db value names a PostgreSQL
// database (postgres://… or postgresql://…) rather than a file.
func IsServerAddress(db string) bool {
	lower := strings.ToLower(strings.TrimSpace(db))
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// pgDriverName is the database/sql driver of PostgreSQL databases: pgx's,
// with each statement's ? placeholders numbered $1, $2, … first.
const pgDriverName = "needlepoint-pgx"

func init() { sql.Register(pgDriverName, pgDriver{stdlib.GetDefaultDriver()}) }

type pgDriver struct{ base driver.Driver }

func (d pgDriver) Open(name string) (driver.Conn, error) {
	c, err := d.base.Open(name)
	if err != nil {
		return nil, err
	}
	return &pgConn{c.(*stdlib.Conn)}, nil
}

// pgConn is a pgx connection that rebinds every statement.
type pgConn struct{ *stdlib.Conn }

func (c *pgConn) Prepare(query string) (driver.Stmt, error) { return c.Conn.Prepare(rebind(query)) }

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// rebind turns SQLite's placeholders into PostgreSQL's: each ? becomes
// the next $n, and a numbered ?n becomes $n. Quoted text, quoted names and
// comments are left as they are.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(q))
			b.WriteString(q[i:end])
			i = end - 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			end := strings.IndexByte(q[i:], '\n')
			if end < 0 {
				end = len(q) - i
			}
			b.WriteString(q[i : i+end])
			i += end - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			if j > i+1 {
				b.WriteString("$" + q[i+1:j])
			} else {
				n++
				b.WriteString("$" + strconv.Itoa(n))
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// serverName is how messages name a server database: its address without
// the password, if one was written into it.
func serverName(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return "the clinic server"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.Redacted()
}

// serverDatabaseName is the name of the database a server address names
// ("needlepoint" when it names none), which its backups are named after.
func serverDatabaseName(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return "needlepoint"
	}
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return -1
		}
		return r
	}, strings.Trim(u.Path, "/"))
	if name == "" {
		return "needlepoint"
	}
	return name
}

// openPostgres opens the PostgreSQL database at address and brings its
// schema up to date; an empty database gets Needlepoint's schema. The
// password comes from PGPASSWORD or the .pgpass file, as for psql.
func openPostgres(ctx context.Context, address string) (*Store, error) {
	s, err := connectPostgres(ctx, address)
	if err != nil {
		return nil, err
	}
	if _, err := s.preparePostgres(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// connectPostgres opens a connection pool to the database at address and
// makes sure the server answers.
func connectPostgres(ctx context.Context, address string) (*Store, error) {
	name := serverName(address)
	db, err := sql.Open(pgDriverName, address)
	if err != nil {
		return nil, wrapf(err, data.EINVALID, "%s is not a PostgreSQL address Needlepoint understands: %v", name, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, wrapf(err, data.EINVALID, "Cannot reach the PostgreSQL database %s: %s", name, pgErrorText(err))
	}
	return &Store{db: db, path: name, pg: true, Now: time.Now}, nil
}

// preparePostgres migrates the schema when it is older than this program,
// runs the schema check and gives the clinic its identity; it returns the
// schema version found before. A current schema is only read, so the
// clinic's PCs, signed in as the application role (server init), which
// may not change the schema, open it as its owner does.
func (s *Store) preparePostgres(ctx context.Context) (before int, err error) {
	before, err = pgReadSchemaVersion(ctx, s.db)
	if err != nil {
		return 0, wrapf(err, data.EINTERNAL, "Cannot read the database %s: %s", s.path, pgErrorText(err))
	}
	scripts, err := migrations("postgres")
	if err != nil {
		return 0, wrapf(err, data.EINTERNAL, "Needlepoint's database scripts are missing.")
	}
	if before > len(scripts) {
		return 0, newerSchemaError(s.path, before)
	}
	if before < len(scripts) {
		if err := s.migrate(ctx); err != nil {
			if pgCode(err) == pgInsufficientPrivilege {
				return 0, s.ownerNeeded(ctx, before, err)
			}
			return 0, err
		}
	}
	if err := s.checkSchema(ctx); err != nil {
		return 0, err
	}
	return before, s.ensureClinicID(ctx)
}

// ownerNeeded explains that the schema must be made or brought up to date
// by the database's owner, which the role signed in is not.
func (s *Store) ownerNeeded(ctx context.Context, version int, cause error) error {
	var role string
	if err := s.db.QueryRowContext(ctx, "SELECT current_user").Scan(&role); err != nil {
		role = "this PC signs in as"
	}
	if version == 0 {
		return wrapf(cause, data.EINVALID, "The database %s has no Needlepoint records yet, and the role %s may not set it up. An administrator must first run: needlepoint server init --db postgres://OWNER@SERVER/DATABASE, with the role that owns the database. Nothing was changed.", s.path, role)
	}
	return wrapf(cause, data.EINVALID, "The database %s is at database version %d and this Needlepoint needs version %d; the role %s may not upgrade it. An administrator must run: needlepoint server init --db postgres://OWNER@SERVER/DATABASE, with the role that owns the database. Nothing was changed.", s.path, version, SchemaVersion(), role)
}

// pgVersionTable keeps the schema version of a PostgreSQL database, as
// PRAGMA user_version does in a SQLite file.
const pgVersionTable = `CREATE TABLE IF NOT EXISTS needlepoint_schema (
	version BIGINT NOT NULL,
	only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row))`

// pgSchemaVersion takes the migration lock, so two PCs starting at once
// migrate one after the other, and reads the version.
func pgSchemaVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	// Another PC's migration may take longer than the usual lock_timeout.
	if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = 0"); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(4923177)"); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, pgVersionTable); err != nil {
		return 0, err
	}
	var v int
	err := tx.QueryRowContext(ctx, "SELECT version FROM needlepoint_schema").Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// pgReadSchemaVersion reads the schema version without taking the
// migration lock or making the version table: 0 for a database without
// Needlepoint's schema.
func pgReadSchemaVersion(ctx context.Context, q queryer) (int, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, "SELECT to_regclass('needlepoint_schema') IS NOT NULL").Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	err := q.QueryRowContext(ctx, "SELECT version FROM needlepoint_schema").Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

func pgSetSchemaVersion(ctx context.Context, tx *sql.Tx, v int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO needlepoint_schema (version) VALUES (?)
		ON CONFLICT (only_row) DO UPDATE SET version = excluded.version`, v)
	return err
}

// pgCode returns PostgreSQL's SQLSTATE of err, or "".
func pgCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// PostgreSQL's error codes the store acts on.
const (
	pgUniqueViolation       = "23505"
	pgExclusionViolation    = "23P01"
	pgRaiseException        = "NP001" // needlepoint_refuse(), the lock triggers
	pgInsufficientPrivilege = "42501"
	pgSerialization         = "40001"
	pgDeadlock              = "40P01"
)

// pgErrorText explains, in a sentence, why the server could not be used.
func pgErrorText(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		switch e.Code {
		case "28P01", "28000":
			return "the user name or password was refused (set PGPASSWORD, or put the password in the .pgpass file)."
		case "3D000":
			return "there is no such database on the server."
		}
		return e.Message + "."
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		if text, ok := certificateProblem(err, ce.Config.Host); ok {
			return strings.ToLower(text[:1]) + text[1:]
		}
		return fmt.Sprintf("the server did not answer (%v). Check that it is running and that this PC may reach it.", errors.Unwrap(ce))
	}
	return err.Error()
}
