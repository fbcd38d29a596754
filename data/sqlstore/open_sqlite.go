package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"needlepoint/data"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// This file holds what is SQLite-only about opening a database: the DSN,
// the file header checks and the mapping of SQLite's result codes.

// sqliteMagic starts every SQLite 3 database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// dsn returns the connection string for the clinic database. busy_timeout
// comes first so the other pragmas wait for a busy file instead of failing;
// _txlock=immediate takes the write lock at BEGIN, which a busy timeout
// needs to work for read-then-write transactions. temp_store keeps statement
// journals in memory rather than in temporary files, and a 64 MiB page cache
// holds a large clinic's indexes.
func dsn(path string) string {
	return fileURI(path) + "?_pragma=busy_timeout(10000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(FULL)" +
		"&_pragma=temp_store(MEMORY)" +
		"&_pragma=cache_size(-65536)" +
		"&_txlock=immediate"
}

// readOnlyDSN opens path for reading only. Its busy timeout makes the
// first look at a file wait while another program holds it (a second PC
// opening, a backup being restored) instead of failing.
func readOnlyDSN(path string) string {
	return fileURI(path) + "?mode=ro&_pragma=busy_timeout(10000)"
}

// fileURI turns a file path into an SQLite URI path, escaping the characters
// a URI would read as delimiters.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if runtime.GOOS == "windows" && filepath.VolumeName(path) != "" {
		p = "/" + p
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	return "file:" + p
}

// checkFile makes sure path can become, or already is, a Needlepoint
// database before anything is written to it, and reports whether it names
// nothing yet: only then does it become a new database. An existing file
// is read with a read-only connection; an empty one is refused, as it may
// be a clinic's database that something cut short.
func checkFile(ctx context.Context, path string) (isNew bool, err error) {
	if strings.TrimSpace(path) == "" {
		return false, data.Errorf(data.EINVALID, "No database file was given.")
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := checkLeftovers(path); err != nil {
			return false, err
		}
		return true, checkFolder(filepath.Dir(path))
	case err != nil:
		return false, wrapf(err, data.EINVALID, "Cannot read %s: %s.", path, osErrorText(err))
	case info.IsDir():
		return false, data.Errorf(data.EINVALID, "%s is a folder, not a database file.", path)
	case info.Size() == 0:
		// Counted as damaged: restoring a backup is the remedy the app
		// and needlepoint restore offer, setting the file aside as it is.
		return false, wrapf(errDamaged, data.EINVALID, "%s is empty (0 bytes): it holds no records, so Needlepoint does not use it. The file was not changed. If it should hold the clinic's records, restore the newest backup; to start a new database, give the name of a file that does not exist yet.", path)
	}
	if err := checkHeader(path); err != nil {
		return false, err
	}
	if err := probe(ctx, path); err != nil {
		return false, err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false, wrapf(err, data.EINVALID, "%s cannot be changed: %s. Ask your administrator for write access to the file and its folder.", path, osErrorText(err))
	}
	f.Close()
	return false, checkFolder(filepath.Dir(path))
}

// checkLeftovers refuses to make a new database at path while the log or
// journal of an earlier database of that name is still beside it: SQLite
// would read it into the new file and damage it.
func checkLeftovers(path string) error {
	for _, suffix := range []string{"-wal", "-journal"} {
		if info, err := os.Stat(path + suffix); err == nil && info.Size() > 0 {
			return data.Errorf(data.EINVALID, "%s does not exist, but %s%s, left by an earlier database of that name, does: "+
				"it would be read into a new database and damage it, so nothing was created. Move that file away "+
				"(it may belong with a copy of the earlier database), or choose another name.", path, filepath.Base(path), suffix)
		}
	}
	return nil
}

// checkFolder creates the folder if needed and proves that files can be
// created in it, as SQLite must create its journal beside the database.
func checkFolder(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return wrapf(err, data.EINVALID, "Cannot create the folder %s: %s.", dir, osErrorText(err))
	}
	f, err := os.CreateTemp(dir, ".needlepoint-write-test-*")
	if err != nil {
		return wrapf(err, data.EINVALID, "Needlepoint cannot write in the folder %s: %s. Choose another folder, or ask your administrator for write access.", dir, osErrorText(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// IsDatabaseFile reports whether the file at path is an SQLite database,
// which nothing Needlepoint saves may replace.
func IsDatabaseFile(path string) bool {
	return checkHeader(path) == nil
}

// JournalSuffixes end the names of the files SQLite keeps beside a
// database (its write-ahead log, shared memory and rollback journal).
var JournalSuffixes = []string{"-wal", "-shm", "-journal"}

// checkHeader reads the 100-byte SQLite header without SQLite, so that a
// foreign file is refused before any library could touch it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return wrapf(err, data.EINVALID, "Cannot read %s: %s.", path, osErrorText(err))
	}
	defer f.Close()
	header := make([]byte, 100)
	if _, err := io.ReadFull(f, header); err != nil || !bytes.HasPrefix(header, sqliteMagic) {
		return data.Errorf(data.EINVALID, "%s is not a Needlepoint database (it is not a database file at all). The file was not changed.", path)
	}
	return nil
}

// probe opens the file read-only and checks its identity and version, so a
// foreign, damaged or newer database is refused byte-for-byte unchanged.
func probe(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return wrapf(err, data.EINTERNAL, "Cannot open %s.", path)
	}
	defer db.Close()
	var appID, version, tables int
	err = db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID)
	if err == nil {
		err = db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	}
	if err == nil {
		err = db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables)
	}
	switch {
	case err != nil:
		return wrapf(err, openErrorCode(err), "Cannot open %s: %s The file was not changed.", path, openErrorText(err))
	case appID != applicationID && (appID != 0 || tables > 0):
		return data.Errorf(data.EINVALID, "%s is a database of another program, not of Needlepoint. The file was not changed.", path)
	case version > SchemaVersion():
		return newerSchemaError(path, version)
	}
	return nil
}

// sqliteCode returns SQLite's primary result code of err, or 0.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code() & 0xff
	}
	return 0
}

// isUniqueViolation reports whether err is a UNIQUE constraint failure.
func isUniqueViolation(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && (e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) ||
		pgCode(err) == pgUniqueViolation
}

// isTriggerAbort reports whether a trigger refused the change, as the
// triggers that lock signed notes do.
func isTriggerAbort(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_TRIGGER || pgCode(err) == pgRaiseException
}

func openErrorCode(err error) string {
	var e *data.Error
	if errors.As(err, &e) {
		return e.Code
	}
	switch sqliteCode(err) {
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_READONLY,
		sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_FULL, sqlite3.SQLITE_PERM, sqlite3.SQLITE_BUSY:
		return data.EINVALID
	}
	return data.EINTERNAL
}

// openErrorText explains, in a sentence, why SQLite could not use a file.
func openErrorText(err error) string {
	var e *data.Error
	if errors.As(err, &e) {
		return e.Message
	}
	switch sqliteCode(err) {
	case sqlite3.SQLITE_NOTADB:
		return "it is not a Needlepoint database, or it is damaged."
	case sqlite3.SQLITE_CORRUPT:
		return "the file is damaged; restore it from a backup."
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
		return "the file or its folder is read-only."
	case sqlite3.SQLITE_CANTOPEN:
		return "the file or its folder cannot be opened."
	case sqlite3.SQLITE_FULL:
		return "the disk is full."
	case sqlite3.SQLITE_BUSY:
		return "another program is holding the database; close it and try again."
	}
	return "an unexpected database error occurred."
}

// osErrorText gives the operating system's reason without the path, which
// the caller's sentence already names.
func osErrorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, fs.ErrNotExist):
		return "it does not exist"
	}
	return err.Error()
}
