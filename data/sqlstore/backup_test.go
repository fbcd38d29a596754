package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// patientNamed creates a patient whose first name is name.
func patientNamed(t *testing.T, s *sqlstore.Store, name string) data.Patient {
	t.Helper()
	p := datatest.ValidPatient()
	p.FirstName = name
	return mustCreate(t, s, p)
}

func patientCount(t *testing.T, s *sqlstore.Store) int {
	t.Helper()
	c, err := s.CountPatients(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Active + c.Archived
}

func mustBackup(t *testing.T, s *sqlstore.Store, dir string, keep int) sqlstore.BackupFile {
	t.Helper()
	b, err := s.Backup(context.Background(), dir, keep)
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	return b
}

// damage overwrites the middle of a database file, as a failing disk would.
func damage(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
	for off := int64(4096); off < info.Size(); off += 8192 {
		if _, err := f.WriteAt(junk, off); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBackup(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	c := mustClinic(t)
	c.signIn(c.admin)
	dir := filepath.Join(t.TempDir(), "backups")

	t.Run("VerifiedAndListed", func(t *testing.T) {
		b := mustBackup(t, c.s, dir, 14)
		if got, want := filepath.Base(b.Path), "clinic-20261128-103000Z.db"; got != want {
			t.Errorf("backup named %q, want %q", got, want)
		}
		if !b.Verified || b.Size == 0 || !b.Taken.Equal(datatest.Now) {
			t.Errorf("backup = %+v, want verified, non-empty, taken at %v", b, datatest.Now)
		}
		list, err := sqlstore.ListBackups(dir, c.s.Path())
		if err != nil || len(list) != 1 || list[0].Path != b.Path || !list[0].Verified {
			t.Fatalf("ListBackups = %+v, %v; want the one backup", list, err)
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(b.Path + suffix); err == nil {
				t.Errorf("backup left a companion file %s: a backup must be one file", suffix)
			}
		}
		contents, err := sqlstore.InspectBackup(ctx, b.Path)
		if err != nil {
			t.Fatal(err)
		}
		if contents.Patients != 1 || contents.Sessions != 0 || !contents.Taken.Equal(datatest.Now) || contents.Version != sqlstore.SchemaVersion() {
			t.Errorf("InspectBackup = %+v, want 1 patient, 0 sessions, taken %v, version %d", contents, datatest.Now, sqlstore.SchemaVersion())
		}
	})

	t.Run("KeepsTheNewest", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "rotating")
		var made []sqlstore.BackupFile
		for i := range 4 {
			c.s.Now = func() time.Time { return datatest.Now.Add(time.Duration(i) * time.Hour) }
			made = append(made, mustBackup(t, c.s, dir, 2))
		}
		c.s.Now = func() time.Time { return datatest.Now }
		list, err := sqlstore.ListBackups(dir, c.s.Path())
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Path != made[3].Path || list[1].Path != made[2].Path {
			t.Errorf("after 4 backups keeping 2, the folder lists %+v", list)
		}
	})

	t.Run("SameSecondGetsItsOwnName", func(t *testing.T) {
		dir := t.TempDir()
		a, b := mustBackup(t, c.s, dir, 5), mustBackup(t, c.s, dir, 5)
		if a.Path == b.Path {
			t.Errorf("two backups in one second share the name %s", a.Path)
		}
	})

	t.Run("PartialIsNotVerified", func(t *testing.T) {
		dir := t.TempDir()
		partial := filepath.Join(dir, "clinic-20261127-090000Z.db.123.partial")
		os.WriteFile(partial, []byte("half"), 0o600)
		os.WriteFile(filepath.Join(dir, "clinic-demo-20261127-090000Z.db"), []byte("another database's"), 0o600)
		mustBackup(t, c.s, dir, 5)
		list, _ := sqlstore.ListBackups(dir, c.s.Path())
		if len(list) != 1 || !list[0].Verified {
			t.Errorf("list = %+v; want only the verified backup (the partial one is over a day old and removed, the other database's ignored)", list)
		}
		newest, ok, err := sqlstore.NewestVerifiedBackup(dir, c.s.Path())
		if err != nil || !ok || newest.Path != list[0].Path {
			t.Errorf("NewestVerifiedBackup = %+v, %v, %v", newest, ok, err)
		}
	})

	t.Run("ErrKeepNone", func(t *testing.T) {
		if _, err := c.s.Backup(ctx, t.TempDir(), 0); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("Backup keeping 0: err = %v, want invalid", err)
		}
	})

	t.Run("ErrFolderNotWritable", func(t *testing.T) {
		blocker := filepath.Join(t.TempDir(), "a-file")
		os.WriteFile(blocker, nil, 0o600)
		_, err := c.s.Backup(ctx, filepath.Join(blocker, "backups"), 3)
		if got := data.ErrorMessage(err); !strings.Contains(got, "backup folder") {
			t.Errorf("message = %q, want it to name the backup folder", got)
		}
	})
}

func TestRestore(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	c := mustClinic(t)
	c.signIn(c.admin)
	dir := t.TempDir()
	b := mustBackup(t, c.s, dir, 14)
	later := patientNamed(t, c.s, "Added-after-the-backup")

	c.signIn(c.admin)
	safety, err := c.s.Restore(ctx, b.Path)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	c.signIn(c.admin) // a restore signs its user out
	if got := patientCount(t, c.s); got != 1 {
		t.Errorf("after the restore the clinic has %d patients, want the backup's 1", got)
	}
	if _, err := c.s.Patient(ctx, later.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("the patient added after the backup is still there: %v", err)
	}
	if _, err := c.s.Patient(ctx, c.patient.ID); err != nil {
		t.Errorf("the backed-up patient is gone: %v", err)
	}
	patientNamed(t, c.s, "Added-after-the-restore")

	t.Run("SafetyCopyHoldsTheRecordsBefore", func(t *testing.T) {
		if !strings.Contains(filepath.Base(safety), "before-restore") {
			t.Errorf("safety copy named %s", safety)
		}
		kept := mustOpenPath(t, safety)
		if _, err := kept.Patient(ctx, later.ID); err != nil {
			t.Errorf("the safety copy lacks the patient added before the restore: %v", err)
		}
	})

	t.Run("ErrDamagedBackup", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "clinic-20261101-120000Z.db")
		if err := os.WriteFile(bad, mustRead(t, b.Path), 0o600); err != nil {
			t.Fatal(err)
		}
		damage(t, bad)
		before := patientCount(t, c.s)
		_, err := c.s.Restore(ctx, bad)
		if err == nil || data.ErrorCode(err) != data.EINVALID {
			t.Fatalf("Restore of a damaged backup: err = %v, want it refused", err)
		}
		if got := patientCount(t, c.s); got != before {
			t.Errorf("a refused restore changed the clinic: %d patients, had %d", got, before)
		}
	})

	t.Run("ErrNotADatabase", func(t *testing.T) {
		letter := filepath.Join(t.TempDir(), "letter.db")
		os.WriteFile(letter, []byte("Dear clinic"), 0o600)
		if _, err := c.s.Restore(ctx, letter); !strings.Contains(data.ErrorMessage(err), "not a Needlepoint database") {
			t.Errorf("Restore of a letter: %v", err)
		}
	})
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRestoreDamaged(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clinic.db")
	s := mustOpenPath(t, path)
	patientNamed(t, s, "Backed-up")
	b := mustBackup(t, s, filepath.Join(t.TempDir(), "backups"), 3)
	for i := range 300 {
		patientNamed(t, s, fmt.Sprintf("Filler%d", i))
	}
	s.Close()
	damage(t, path)
	damagedHash := fileHash(t, path)

	_, err := sqlstore.Open(ctx, path)
	if err == nil {
		st := mustOpenPath(t, path)
		err = st.QuickCheck(ctx)
	}
	if !sqlstore.IsDamaged(err) {
		t.Fatalf("opening and checking a damaged file: err = %v, want it recognised as damaged", err)
	}
	keptAs, err := sqlstore.RestoreDamaged(ctx, path, b.Path, datatest.Now, testAdmin)
	if err != nil {
		t.Fatalf("RestoreDamaged: %v", err)
	}
	if fileHash(t, keptAs) != damagedHash {
		t.Errorf("the damaged file was not kept as it was under %s", keptAs)
	}
	restored := mustOpenPath(t, path)
	if got := patientCount(t, restored); got != 1 {
		t.Errorf("restored database has %d patients, want the backup's 1", got)
	}
	if err := restored.QuickCheck(ctx); err != nil {
		t.Errorf("restored database fails its check: %v", err)
	}
}

func TestIntegrityCheck(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	c := mustClinic(t)
	c.signIn(c.admin)
	if err := c.s.QuickCheck(ctx); err != nil {
		t.Errorf("QuickCheck of a sound database: %v", err)
	}
	if findings, err := c.s.VerifyDatabase(ctx); err != nil || len(findings) != 0 {
		t.Errorf("Check of a sound database = %q, %v", findings, err)
	}
	// rawDB's connection does not enforce foreign keys, as another program's
	// might not.
	db := rawDB(t, c.s.Path())
	if _, err := db.Exec("INSERT INTO session_prints (session_id, document, printed_by, printed_at) VALUES (4242, 'aftercare', 'Ben', '2026-11-28')"); err != nil {
		t.Fatal(err)
	}
	findings, err := c.s.VerifyDatabase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) == 0 || !strings.Contains(findings[0], "Broken link") {
		t.Errorf("Check after a broken link = %q, want it found", findings)
	}
}

func TestBackupSettings(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	s := mustOpen(t)
	got, err := s.BackupSettings(ctx)
	if err != nil || got != sqlstore.DefaultBackupSettings() {
		t.Fatalf("BackupSettings of a new database = %+v, %v; want the defaults", got, err)
	}
	want := sqlstore.BackupSettings{Folder: filepath.Join(t.TempDir(), "nas"), Keep: 30, EveryHours: 6, OnClose: false}
	if err := s.SaveBackupSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.BackupSettings(ctx); got != want {
		t.Errorf("saved %+v, read back %+v", want, got)
	}
	if got := sqlstore.ReadBackupSettings(ctx, s.Path()); got != want {
		t.Errorf("ReadBackupSettings = %+v, want %+v", got, want)
	}
	for name, b := range map[string]sqlstore.BackupSettings{
		"ErrKeepNone":         {Keep: 0, EveryHours: 24},
		"ErrRelativeFolder":   {Folder: "backups", Keep: 3, EveryHours: 24},
		"ErrLessThanWeekly":   {Keep: 3, EveryHours: 24*7 + 1},
		"ErrNegativeInterval": {Keep: 3, EveryHours: -1},
	} {
		t.Run(name, func(t *testing.T) {
			if err := s.SaveBackupSettings(ctx, b); data.ErrorCode(err) != data.EINVALID {
				t.Errorf("SaveBackupSettings(%+v) = %v, want invalid", b, err)
			}
		})
	}
}

func TestNetworkShare(t *testing.T) {
	sqliteOnly(t)
	if kind, ok := sqlstore.NetworkShare(filepath.Join(t.TempDir(), "clinic.db")); ok {
		t.Errorf("a temporary folder reported as a network share (%s)", kind)
	}
}

// TestRestoreOverDamageFoundAfterOpening restores a backup into a database
// that opened but fails its check, as when the app's background check finds
// damage: the damaged file is kept as a plain copy, since it is too damaged
// for a verified one.
func TestRestoreOverDamageFoundAfterOpening(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clinic.db")
	s := mustOpenPath(t, path)
	patientNamed(t, s, "Backed-up")
	b := mustBackup(t, s, filepath.Join(t.TempDir(), "backups"), 3)
	for i := range 300 {
		patientNamed(t, s, fmt.Sprintf("Filler%d", i))
	}
	s.Close()
	damageEnd(t, path)

	s = mustOpenPath(t, path)
	if err := s.QuickCheck(ctx); !sqlstore.IsDamaged(err) {
		t.Fatalf("QuickCheck of a damaged file = %v, want damage found", err)
	}
	kept, err := s.Restore(ctx, b.Path)
	if err != nil {
		t.Fatalf("Restore over a damaged database: %v", err)
	}
	if !strings.Contains(filepath.Base(kept), "damaged") {
		t.Errorf("the damaged records are kept as %s", kept)
	}
	if err := s.QuickCheck(ctx); err != nil {
		t.Errorf("after the restore: %v", err)
	}
	s.SetActor(testAdmin) // a restore signs its user out
	if got := patientCount(t, s); got != 1 {
		t.Errorf("after the restore %d patients, want the backup's 1", got)
	}
}

// damageEnd overwrites the last pages of a database file, leaving the
// schema readable so the file still opens.
func damageEnd(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
	for off := info.Size() - 6*4096; off < info.Size(); off += 4096 {
		if _, err := f.WriteAt(junk, off); err != nil {
			t.Fatal(err)
		}
	}
}
