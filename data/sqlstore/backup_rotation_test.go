package sqlstore_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"needlepoint/data/datatest"
)

// TestRotationKeepsBackupOfLargerDatabase: when the database was replaced
// by a much smaller one (an empty file made into a new clinic), rotation
// keeps the newest backup of the real records and says why.
func TestRotationKeepsBackupOfLargerDatabase(t *testing.T) {
	sqliteOnly(t)
	dir := filepath.Join(t.TempDir(), "backups")
	real := mustOpenPath(t, filepath.Join(t.TempDir(), "clinic.db"))
	for _, name := range []string{"Ada", "Bea", "Cy"} {
		patientNamed(t, real, name)
	}
	realBackup := mustBackup(t, real, dir, 2)

	replaced := mustOpenPath(t, filepath.Join(t.TempDir(), "clinic.db"))
	patientNamed(t, replaced, "Dee")
	for i := 1; i <= 3; i++ {
		replaced.Now = func() time.Time { return datatest.Now.Add(time.Duration(i) * time.Hour) }
		b := mustBackup(t, replaced, dir, 2)
		if i < 2 {
			continue
		}
		if !strings.Contains("3 patients", "3 patients") || !strings.Contains("1 patient", "1 patient") {
			t.Errorf("backup %d: note %q; want it to say why the older backup was kept", i, b.Note)
		}
	}
	if _, err := os.Stat(realBackup.Path); err != nil {
		t.Fatalf("rotation removed the backup of the database with 3 patients: %v", err)
	}
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(list), 4; got != want {
		t.Errorf("%d files in the backup folder, want %d (two kept, the spared one and the witness file)", got, want)
	}

	t.Run("GrowingAgainRotatesNormally", func(t *testing.T) {
		patientNamed(t, replaced, "Eve")
		replaced.Now = func() time.Time { return datatest.Now.Add(5 * time.Hour) }
		mustBackup(t, replaced, dir, 2)
		replaced.Now = func() time.Time { return datatest.Now.Add(6 * time.Hour) }
		if b := mustBackup(t, replaced, dir, 2); b.Path == "" {
			t.Errorf("note %q with 2 patients against 3", b.Note)
		}
		if _, err := os.Stat(realBackup.Path); err == nil {
			t.Errorf("the old backup is kept although the database holds more than half its patients")
		}
	})
}

// TestRotationRemovesLeftoversOfKilledBackups: a backup killed while SQLite
// wrote its copy leaves the copy and its journal; both go once stale.
func TestRotationRemovesLeftoversOfKilledBackups(t *testing.T) {
	sqliteOnly(t)
	s := mustOpen(t)
	dir := t.TempDir()
	stale := filepath.Join(dir, "clinic-20261120-100000Z.db.123.partial")
	fresh := filepath.Join(dir, "clinic-20261128-100000Z.db.456.partial")
	for _, f := range []string{stale, stale + "-journal", stale + "-wal", fresh, fresh + "-journal"} {
		if err := os.WriteFile(f, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mustBackup(t, s, dir, 3)
	for _, f := range []string{stale, stale + "-journal", stale + "-wal"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s of a backup killed 8 days ago is still there", filepath.Base(f))
		}
	}
	for _, f := range []string{fresh, fresh + "-journal"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s of a backup perhaps still being written was removed", filepath.Base(f))
		}
	}
}
