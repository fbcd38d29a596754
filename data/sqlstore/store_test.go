package sqlstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"

	_ "modernc.org/sqlite"
)

// mustOpen opens a new database (a file in a temporary folder, or a
// PostgreSQL database of its own) with a fixed clock, and closes it when
// the test ends.
func mustOpen(tb testing.TB) *sqlstore.Store {
	tb.Helper()
	if testEngine == "postgres" {
		return mustOpenPath(tb, pgAddress(tb))
	}
	return mustOpenPath(tb, filepath.Join(tb.TempDir(), "clinic.db"))
}

func mustOpenPath(tb testing.TB, path string) *sqlstore.Store {
	tb.Helper()
	if !sqlstore.IsServerAddress(path) {
		sqliteOnly(tb)
	}
	return openAnyPath(tb, path)
}

// openAnyPath opens a file or a server database, whatever engine the
// tests run on, as mustOpenPath does.
func openAnyPath(tb testing.TB, path string) *sqlstore.Store {
	tb.Helper()
	s, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	s.Now = func() time.Time { return datatest.Now }
	s.SetActor(testAdmin)
	tb.Cleanup(func() { s.Close() })
	return s
}

// testAdmin is who test stores act as, as the command line would: an
// administrator with no staff record.
var testAdmin = data.Actor{Name: "Test administrator", Role: data.RoleAdmin}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// assertRefused opens path, expects an invalid-input error naming the file
// and containing want, and checks the file is byte-for-byte unchanged.
func assertRefused(t *testing.T, path, want string) {
	t.Helper()
	before := fileHash(t, path)
	s, err := sqlstore.Open(context.Background(), path)
	if err == nil {
		s.Close()
		t.Fatalf("Open(%q) succeeded, want it refused", path)
	}
	if got := data.ErrorCode(err); got != data.EINVALID {
		t.Errorf("ErrorCode = %q, want %q (%v)", got, data.EINVALID, err)
	}
	msg := data.ErrorMessage(err)
	if !strings.Contains(msg, path) || !strings.Contains(msg, want) {
		t.Errorf("message %q should name %q and say %q", msg, path, want)
	}
	if after := fileHash(t, path); after != before {
		t.Errorf("%s was changed by a refused Open", path)
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()

	t.Run("CreatesFolderAndFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new", "folder", "clinic.db")
		s := mustOpenPath(t, path)
		if got, want := s.Path(), path; got != want {
			t.Errorf("Path() = %q, want %q", got, want)
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("database file not created: %v", err)
		}
	})

	t.Run("ReopenKeepsDataAndSchema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		s := mustOpenPath(t, path)
		p := datatest.ValidPatient()
		if err := s.CreatePatient(ctx, &p); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s2 := mustOpenPath(t, path)
		got, err := s2.Patient(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FirstName != p.FirstName {
			t.Errorf("after reopen FirstName = %q, want %q", got.FirstName, p.FirstName)
		}
		var version int
		db := rawDB(t, path)
		if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
			t.Fatal(err)
		}
		if got, want := version, sqlstore.SchemaVersion(); got != want {
			t.Errorf("user_version = %d, want %d", got, want)
		}
	})

	t.Run("UsesWALAndForeignKeys", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		mustOpenPath(t, path)
		var mode string
		if err := rawDB(t, path).QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if got, want := mode, "wal"; got != want {
			t.Errorf("journal_mode = %q, want %q", got, want)
		}
	})

	t.Run("ErrNotADatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.db")
		if err := os.WriteFile(path, []byte("Dear diary, today I registered a patient.\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		assertRefused(t, path, "not a Needlepoint database")
	})

	t.Run("ErrOtherProgramsDatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		db := rawDB(t, path)
		if _, err := db.Exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		assertRefused(t, path, "another program")
	})

	t.Run("ErrNewerSchema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		s := mustOpenPath(t, path)
		s.Close()
		db := rawDB(t, path)
		if _, err := db.Exec("PRAGMA user_version = 999"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		assertRefused(t, path, "newer version of Needlepoint")
	})

	t.Run("ErrDamaged", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		s := mustOpenPath(t, path)
		s.Close()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// Keep the SQLite header but overwrite the rest of the first page,
		// where the schema lives.
		copy(b[100:], bytes.Repeat([]byte{0xA5}, 3000))
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		assertRefused(t, path, "")
	})

	t.Run("ErrTruncatedHeader", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		if err := os.WriteFile(path, []byte("SQLite format 3"), 0o600); err != nil {
			t.Fatal(err)
		}
		assertRefused(t, path, "not a Needlepoint database")
	})

	t.Run("ErrFolderIsAFile", func(t *testing.T) {
		blocker := filepath.Join(t.TempDir(), "blocker")
		if err := os.WriteFile(blocker, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := sqlstore.Open(ctx, filepath.Join(blocker, "clinic.db"))
		if err == nil || !strings.Contains(data.ErrorMessage(err), blocker) {
			t.Errorf("Open under a file: err = %v, want a message naming %s", err, blocker)
		}
	})

	t.Run("ErrReadOnlyFolder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root can write in any folder")
		}
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o700)
		_, err := sqlstore.Open(ctx, filepath.Join(dir, "clinic.db"))
		if got := data.ErrorMessage(err); !strings.Contains(got, "cannot write in the folder") {
			t.Errorf("message = %q, want it to say the folder is not writable", got)
		}
	})

	t.Run("ErrIsAFolder", func(t *testing.T) {
		dir := t.TempDir()
		_, err := sqlstore.Open(ctx, dir)
		if got := data.ErrorMessage(err); !strings.Contains(got, "is a folder") {
			t.Errorf("message = %q, want it to say the path is a folder", got)
		}
	})
}

// rawDB opens path with plain SQL, as another program would.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	sqliteOnly(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
