package app

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// demoDatabase makes a database of made-up patients with sessions.
func demoDatabase(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clinic.db")
	if code, _, errOut, _ := runCLI(t, "demo", "--db", path, "--patients", "60"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	return path
}

func countPatients(t *testing.T, path string) int {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.SetActor(data.CommandLine("test"))
	defer s.Close()
	c, err := s.CountPatients(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Active + c.Archived
}

func addPatient(t *testing.T, path, name string) {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.SetActor(data.CommandLine("test"))
	defer s.Close()
	p := data.Patient{FirstName: name, LastName: "Added-later"}
	if err := s.CreatePatient(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
}

// breakFile overwrites most pages of a database file, as a failing disk
// would.
func breakFile(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	junk := bytes.Repeat([]byte{0xde, 0xad}, 2048)
	for off := int64(4096); off < info.Size(); off += 8192 {
		f.WriteAt(junk, off)
	}
}

func TestBackupCommands(t *testing.T) {
	db := demoDatabase(t)
	dir := filepath.Join(t.TempDir(), "backups")
	code, out, errOut, _ := runCLI(t, "backup", "--db", db, "--to", dir, "--keep", "3")
	if code != 0 || !strings.Contains(out, "verified") {
		t.Fatalf("backup: exit %d, out %q, err %q", code, out, errOut)
	}
	backups, err := sqlstore.ListBackups(dir, db)
	if err != nil || len(backups) != 1 || !backups[0].Verified {
		t.Fatalf("backup folder holds %+v, %v", backups, err)
	}
	before := countPatients(t, db)
	addPatient(t, db, "Ada")

	t.Run("Restore", func(t *testing.T) {
		code, out, errOut := runCLIInput(t, "Admin-2026\n", "restore", "--db", db, "--from", backups[0].Path, "--user", "fiona")
		if code != 0 {
			t.Fatalf("restore: exit %d, err %q", code, errOut)
		}
		if !strings.Contains(out, "Backup of ") || !strings.Contains(out, "60 patients") || !strings.Contains(out, "before-restore") {
			t.Errorf("restore output %q; want the backup's date and contents and the safety copy", out)
		}
		if got := countPatients(t, db); got != before {
			t.Errorf("after the restore %d patients, want the backup's %d", got, before)
		}
	})

	t.Run("CheckSound", func(t *testing.T) {
		code, out, _, _ := runCLI(t, "check", "--db", db)
		if code != 0 || !strings.Contains(out, "all is well") {
			t.Errorf("check: exit %d, out %q", code, out)
		}
	})

	t.Run("RestoreDamaged", func(t *testing.T) {
		breakFile(t, db)
		code, out, _, _ := runCLI(t, "check", "--db", db)
		if code != 1 || !strings.Contains(out, "damaged") {
			t.Errorf("check of a damaged file: exit %d, out %q", code, out)
		}
		code, out, errOut := runCLIInput(t, "Admin-2026\n", "restore", "--db", db, "--from", backups[0].Path, "--user", "fiona")
		if code != 0 || !strings.Contains(out, "kept, unchanged, as") {
			t.Fatalf("restore over a damaged file: exit %d, out %q, err %q", code, out, errOut)
		}
		if got := countPatients(t, db); got != before {
			t.Errorf("after the restore %d patients, want the backup's %d", got, before)
		}
		if got := lastRestoredBy(t, db); got != "Fiona Byrne" {
			t.Errorf("the restore is recorded under %q, want the administrator who gave their password", got)
		}
	})

	t.Run("ErrDamagedBackup", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "clinic-20261101-120000Z.db")
		b, _ := os.ReadFile(backups[0].Path)
		os.WriteFile(bad, b, 0o600)
		breakFile(t, bad)
		code, _, errOut, _ := runCLI(t, "restore", "--db", db, "--from", bad)
		if code != 1 || !strings.Contains(errOut, "damaged") {
			t.Errorf("restore of a damaged backup: exit %d, err %q", code, errOut)
		}
		if got := countPatients(t, db); got != before {
			t.Errorf("a refused restore changed the database: %d patients, want %d", got, before)
		}
	})

	for _, args := range [][]string{{"backup"}, {"restore", "--db", db}, {"check"}, {"backup", "--db", db, "extra"}} {
		t.Run("ErrUsage "+strings.Join(args, " "), func(t *testing.T) {
			if code, _, errOut, _ := runCLI(t, args...); code != 2 || !strings.Contains(errOut, "Usage:") {
				t.Errorf("exit %d, stderr %q; want 2 with usage", code, errOut)
			}
		})
	}
}

func TestCheckCommandFindsBrokenLinks(t *testing.T) {
	db := demoDatabase(t)
	s, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw := rawSQL(t, db)
	if _, err := raw.Exec("INSERT INTO session_prints (session_id, document, printed_by, printed_at) VALUES (987654, 'aftercare', 'Ben', '2026-11-28')"); err != nil {
		t.Fatal(err)
	}
	code, out, _, _ := runCLI(t, "check", "--db", db)
	if code != 1 || !strings.Contains(out, "Broken link") || !strings.Contains(out, "session_prints") {
		t.Errorf("check: exit %d, out %q; want the broken link found", code, out)
	}
}

func TestDamagedDatabaseStartsRecovery(t *testing.T) {
	db := demoDatabase(t)
	breakFile(t, db)
	var out, errOut bytes.Buffer
	var recovering string
	c := cli{stdout: &out, stderr: &errOut,
		runGUI: func(*sqlstore.Store, bool) { t.Error("the main window opened on a damaged file") },
		runRecovery: func(path string, cause error, demo bool) int {
			recovering = path
			return 0
		}}
	c.run([]string{"--db", db})
	if recovering != db {
		t.Errorf("recovery started on %q, want %q (stderr %q)", recovering, db, errOut.String())
	}
}

// rawSQL opens path with plain SQL, as another program would, without
// enforcing foreign keys.
func rawSQL(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestBackupKeepsBackupOfLargerDatabase: backing up a new, empty database
// under the clinic's name never rotates the real records' backup away.
func TestBackupKeepsBackupOfLargerDatabase(t *testing.T) {
	dir := t.TempDir()
	real := demoDatabase(t)
	if code, _, errOut, _ := runCLI(t, "backup", "--db", real, "--to", dir, "--keep", "1"); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	empty := filepath.Join(t.TempDir(), "clinic.db")
	if code, _, errOut, _ := runCLI(t, "--db", empty); code != 0 {
		t.Fatalf("new database: %s", errOut)
	}
	code, out, errOut, _ := runCLI(t, "backup", "--db", empty, "--to", dir, "--keep", "1")
	if code != 0 || !strings.Contains(out, "60 patients, was kept") || !strings.Contains(out, "only 0 patients") {
		t.Fatalf("exit %d, output %q %q; want it to say why the old backup was kept", code, out, errOut)
	}
	if list, _ := sqlstore.ListBackups(dir, real); len(list) != 2 {
		t.Errorf("%d backups in the folder, want the new one and the real records' one", len(list))
	}
}
