package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"needlepoint/data"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// applicationID marks a SQLite file as a Needlepoint database ("NDLP"), so
// another program's database is never mistaken for ours.
const applicationID = 0x4E444C50

// Store is the clinic's database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	// pg is set when the database is a PostgreSQL server's.
	pg bool
	// actor is who is signed in; nil until someone is.
	actor atomic.Pointer[data.Actor]
	// schema is what the schema check found at opening or after a repair.
	schema atomic.Pointer[[]SchemaProblem]
	// written holds the hashes of the audit rows this store wrote, so that
	// Watch leaves its own changes out. A hash is unique to its row; one
	// whose transaction was rolled back stays behind, a few bytes per
	// failed save.
	written sync.Map
	// reach is told when the server stops and starts answering (Reach);
	// lostSince is when it stopped, zero while it answers.
	reachMu   sync.Mutex
	reach     func(lostSince time.Time)
	lostSince time.Time

	// Now is the clock used for timestamps and date rules; tests replace it.
	Now func() time.Time
}

// Path returns the database file the store was opened on.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Open opens the Needlepoint database at path, creating it (and its folder)
// when it does not exist, and brings its schema up to date. A file that is
// not a Needlepoint database, is empty, damaged, or comes from a newer
// version of Needlepoint is refused and left exactly as it was.
func Open(ctx context.Context, path string) (*Store, error) {
	if IsServerAddress(path) {
		return openPostgres(ctx, path)
	}
	isNew, err := checkFile(ctx, path)
	if err != nil {
		return nil, err
	}
	if isNew {
		if err := create(ctx, path); err != nil {
			return nil, err
		}
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, wrapf(err, data.EINTERNAL, "Cannot open %s.", path)
	}
	s := &Store{db: db, path: path, Now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.checkSchema(ctx); err != nil {
		db.Close()
		return nil, wrapf(err, openErrorCode(err), "Cannot read the database %s: %s", path, openErrorText(err))
	}
	if err := s.ensureClinicID(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// create makes a new database at path that only the computer's user can
// read (SQLite gives its -wal and -shm files the database's mode). It is
// built under a temporary name beside path and linked into place when
// complete, so nobody ever finds it half made: not another program, nor a
// second copy of Needlepoint creating it at the same moment, whose database
// then wins.
func create(ctx context.Context, path string) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".new-*")
	if err != nil {
		return wrapf(err, data.EINVALID, "Needlepoint cannot write in the folder %s: %s.", dir, osErrorText(err))
	}
	tmp := f.Name()
	f.Close()
	defer removeDatabaseFiles(tmp)
	db, err := sql.Open("sqlite", dsn(tmp))
	if err != nil {
		return wrapf(err, data.EINTERNAL, "Cannot create %s.", path)
	}
	s := &Store{db: db, path: path, Now: time.Now}
	err = s.migrate(ctx)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = wrapf(cerr, openErrorCode(cerr), "Cannot create %s: %s", path, openErrorText(cerr))
	}
	if err != nil {
		return err
	}
	err = os.Link(tmp, path)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		// A file system without hard links (a FAT-formatted drive).
		if _, statErr := os.Stat(path); statErr == nil {
			return nil
		}
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return wrapf(err, data.EINVALID, "Cannot create %s: %s.", path, osErrorText(err))
	}
	return syncDir(dir)
}

// removeDatabaseFiles removes a database file and the files SQLite keeps
// beside it.
func removeDatabaseFiles(path string) {
	os.Remove(path)
	for _, suffix := range JournalSuffixes {
		os.Remove(path + suffix)
	}
}

// migrations returns the embedded migration scripts of an engine
// ("sqlite" or "postgres") in the order they apply.
func migrations(engine string) ([]string, error) {
	names, err := migrationNames(engine)
	if err != nil {
		return nil, err
	}
	scripts := make([]string, len(names))
	for i, name := range names {
		b, err := migrationFiles.ReadFile("migrations/" + engine + "/" + name)
		if err != nil {
			return nil, err
		}
		scripts[i] = string(b)
	}
	return scripts, nil
}

// migrationNames returns the file names of an engine's migrations, such
// as "0001_patients.sql", in the order they apply.
func migrationNames(engine string) ([]string, error) {
	paths, err := fs.Glob(migrationFiles, "migrations/"+engine+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = path.Base(p)
	}
	return names, nil
}

// SchemaVersion is the schema version this build of Needlepoint writes.
func SchemaVersion() int {
	scripts, _ := migrations("sqlite")
	return len(scripts)
}

// engine names the store's migration track.
func (s *Store) engine() string {
	if s.pg {
		return "postgres"
	}
	return "sqlite"
}

// migrate applies, each in its own transaction, every migration the
// database has not had yet. PRAGMA user_version counts the ones applied
// to a file, the needlepoint_schema table those applied on a server.
func (s *Store) migrate(ctx context.Context) error {
	scripts, err := migrations(s.engine())
	if err != nil {
		return wrapf(err, data.EINTERNAL, "Needlepoint's database scripts are missing.")
	}
	names, err := migrationNames(s.engine())
	if err != nil {
		return wrapf(err, data.EINTERNAL, "Needlepoint's database scripts are missing.")
	}
	for {
		done, err := s.migrateOne(ctx, names, scripts)
		if err != nil {
			return wrapf(err, openErrorCode(err), "Cannot prepare the database %s: %s", s.path, openErrorText(err))
		}
		if done {
			return nil
		}
	}
}

func (s *Store) migrateOne(ctx context.Context, names, scripts []string) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	version, err := s.schemaVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	if version > len(scripts) {
		return false, newerSchemaError(s.path, version)
	}
	if version == len(scripts) {
		return true, nil
	}
	if version == 0 && !s.pg {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, scripts[version]); err != nil {
		return false, fmt.Errorf("migration %d: %w", version+1, err)
	}
	if then := afterMigration[names[version]]; then != nil {
		if err := then(s, ctx, tx); err != nil {
			return false, fmt.Errorf("migration %d: %w", version+1, err)
		}
	}
	if err := s.setSchemaVersion(ctx, tx, version+1); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

func (s *Store) schemaVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	if s.pg {
		return pgSchemaVersion(ctx, tx)
	}
	var version int
	err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	return version, err
}

func (s *Store) setSchemaVersion(ctx context.Context, tx *sql.Tx, v int) error {
	if s.pg {
		return pgSetSchemaVersion(ctx, tx, v)
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
	return err
}

// afterMigration is the work in Go that completes a migration, in its
// transaction, by the migration's file name (the same on both engines), so
// that it stays with its migration when others are numbered in before
// it: the seals seal the records already on file, the phone numbers in
// international form are read from those typed.
var afterMigration = map[string]func(*Store, context.Context, *sql.Tx) error{
	"0015_seals.sql":      (*Store).sealEverything,
	"0018_phone_e164.sql": (*Store).fillPhoneE164,
}

func newerSchemaError(path string, version int) error {
	return data.Errorf(data.EINVALID, "%s was written by a newer version of Needlepoint (database version %d; this program knows up to %d). Please update Needlepoint. The file was not changed.", path, version, SchemaVersion())
}

// timeText is how timestamps are stored: UTC, sortable as text.
const timeText = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeText)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

// nullDate stores a calendar date as YYYY-MM-DD, or NULL when unknown.
func nullDate(d time.Time) any {
	if d.IsZero() {
		return nil
	}
	return d.Format(time.DateOnly)
}

func parseDate(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s.String)
}

// notFound maps sql.ErrNoRows to a domain error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return data.Errorf(data.ENOTFOUND, "%s was not found. It may have been removed on another computer.", what)
	}
	return err
}
