package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// TestOpenWhileAnotherHoldsTheFile opens a database another program holds
// locked for a moment, as a second PC starting Needlepoint while the first
// writes: the first look at the file waits for the lock instead of failing.
func TestOpenWhileAnotherHoldsTheFile(t *testing.T) {
	sqliteOnly(t)
	path := filepath.Join(t.TempDir(), "clinic.db")
	mustOpenPath(t, path).Close()
	// A database in rollback-journal mode (a restored backup is one until
	// Needlepoint opens it) is unreadable while a writer holds it.
	db := rawDB(t, path)
	if _, err := db.Exec("PRAGMA journal_mode = DELETE"); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(300 * time.Millisecond)
		conn.ExecContext(context.Background(), "COMMIT")
	}()
	s, err := sqlstore.Open(context.Background(), path)
	wg.Wait()
	if err != nil {
		t.Fatalf("Open while another program held the file for 0.3 s: %v", err)
	}
	s.Close()
}

// TestOpenRefusesEmptyFile: only a path that names nothing becomes a new
// database; an empty file is refused and left as it is.
func TestOpenRefusesEmptyFile(t *testing.T) {
	sqliteOnly(t)
	path := filepath.Join(t.TempDir(), "clinic.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	assertRefused(t, path, "empty")
	if info, err := os.Stat(path); err != nil || info.Size() != 0 {
		t.Fatalf("the empty file was changed: %v, %v", info, err)
	}
	for _, companion := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + companion); err == nil {
			t.Errorf("Open left %s beside the refused file", filepath.Base(path+companion))
		}
	}
}

// TestOpenRefusesLeftoverLog: a new database is not made where the
// write-ahead log of an earlier one of that name is left behind, since
// SQLite would read the log into it; the log is left as it was.
func TestOpenRefusesLeftoverLog(t *testing.T) {
	sqliteOnly(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "clinic.db")
	s := mustOpenPath(t, path)
	mustCreate(t, s, data.Patient{FirstName: "Zoë", LastName: "Adams"})
	log, err := os.ReadFile(path + "-wal")
	if err != nil || len(log) == 0 {
		t.Fatalf("no write-ahead log to leave behind: %d bytes, %v", len(log), err)
	}
	s.Close()
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(name)
	}
	if err := os.WriteFile(path+"-wal", log, 0o600); err != nil {
		t.Fatal(err)
	}

	_, err = sqlstore.Open(context.Background(), path)
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), "clinic.db-wal, left by an earlier database") {
		t.Fatalf("Open beside a leftover log: %v, want it refused in words", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a database was made beside the leftover log")
	}
	if kept, err := os.ReadFile(path + "-wal"); err != nil || len(kept) != len(log) {
		t.Errorf("the leftover log was changed: %d bytes, %v", len(kept), err)
	}

	os.Remove(path + "-wal")
	mustOpenPath(t, path).Close()
}

// TestNewFilesAreOwnerOnly: a new database, its write-ahead log and shared
// memory, and its backups can be read by the computer's user only.
func TestNewFilesAreOwnerOnly(t *testing.T) {
	sqliteOnly(t)
	dir := filepath.Join(t.TempDir(), "clinic")
	path := filepath.Join(dir, "clinic.db")
	s := mustOpenPath(t, path)
	patientNamed(t, s, "Ada")
	b := mustBackup(t, s, filepath.Join(t.TempDir(), "backups"), 3)
	for _, f := range []string{path, path + "-wal", path + "-shm", b.Path} {
		info, err := os.Stat(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if got := info.Mode().Perm(); got != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(f), got)
		}
	}
	for _, d := range []string{dir, filepath.Dir(b.Path)} {
		info, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != 0o700 {
			t.Errorf("folder %s has mode %o, want 700", d, got)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("creating the database left %q", leftovers)
	}
}
