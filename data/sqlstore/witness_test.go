package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// witnessedClinic is an audited clinic with a witness key of its own, one
// verified backup in dir, and audit rows written after it. anchored is the
// newest audit row when the backup was taken.
func witnessedClinic(t *testing.T) (s *sqlstore.Store, dir string, anchored int64) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	ctx := context.Background()
	s = auditedClinic(t)
	db := rawDB(t, s.Path())
	if err := db.QueryRow("SELECT max(id) FROM audit_log").Scan(&anchored); err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(t.TempDir(), "backups")
	if _, err := s.Backup(ctx, dir, 3); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := s.SignIn(ctx, "ben", "Reception-1"); err != nil {
			t.Fatal(err)
		}
	}
	return s, dir, anchored
}

// unlockAudit drops the triggers that keep audit rows as written, as an
// attacker with the sqlite3 shell would.
func unlockAudit(t *testing.T, db *sql.DB) {
	t.Helper()
	mustExec(t, db, "DROP TRIGGER audit_log_locked")
	mustExec(t, db, "DROP TRIGGER audit_log_kept")
}

// recomputeChain recomputes every row's hash and link from the first row
// on, with the formula of the source, as an attacker covering a rewrite
// would, and sets the newest row's number where the store keeps it.
func recomputeChain(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT id, at, coalesce(staff_id, ''), actor, action,
		coalesce(patient_id, ''), subject, detail, seal FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ id, at, staff, actor, action, patient, subject, detail, seal string }
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.at, &r.staff, &r.actor, &r.action, &r.patient, &r.subject, &r.detail, &r.seal); err != nil {
			t.Fatal(err)
		}
		list = append(list, r)
	}
	rows.Close()
	prev := ""
	for _, r := range list {
		h := sha256.New()
		fields := []string{r.id, r.at, r.staff, r.actor, r.action, r.patient, r.subject, r.detail, prev}
		if r.seal != "" {
			fields = append(fields, "seal", r.seal)
		}
		for _, f := range fields {
			fmt.Fprintf(h, "%d:%s;", len(f), f)
		}
		hash := hex.EncodeToString(h.Sum(nil))
		mustExec(t, db, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", prev, hash, r.id)
		prev = hash
	}
	mustExec(t, db, "UPDATE settings SET value = (SELECT max(id) FROM audit_log) WHERE key = 'audit_head'")
}

// mustCheck runs VerifyDatabase reading the witnesses in dir, after making sure the
// chain check alone finds nothing: the attack covered its tracks.
func mustCheck(t *testing.T, s *sqlstore.Store, dir string) string {
	t.Helper()
	ctx := context.Background()
	if v, err := s.VerifyAudit(ctx); err != nil || !v.OK() {
		t.Fatalf("VerifyAudit = %+v, %v; the attack should pass the chain check", v, err)
	}
	findings, err := s.VerifyDatabase(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(findings, "\n")
}

func TestWitnessFindsRewrittenHistory(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	t.Run("IntactChainIsWell", func(t *testing.T) {
		s, dir, _ := witnessedClinic(t)
		if got := mustCheck(t, s, dir); got != "" {
			t.Errorf("Check of an untouched clinic = %q", got)
		}
		witness, err := os.ReadFile(filepath.Join(dir, sqlstore.WitnessFileName))
		if err != nil || strings.Count(string(witness), "\n") != 3 {
			t.Errorf("witness file %q, %v; want a header and one line", witness, err)
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		s, dir, anchored := witnessedClinic(t)
		db := rawDB(t, s.Path())
		unlockAudit(t, db)
		mustExec(t, db, "DELETE FROM audit_log WHERE id >= ?", anchored-1)
		mustExec(t, db, "UPDATE settings SET value = ? WHERE key = 'audit_head'", strconv.FormatInt(anchored-2, 10))
		got := mustCheck(t, s, dir)
		want := fmt.Sprintf("cut short: row %d, recorded by the backup clinic-", anchored)
		if !strings.Contains(got, want) || !strings.Contains(got, "and 1 other anchor,") {
			t.Errorf("Check = %q; want %q, from the witness line and the backup", got, want)
		}
		// Without the witness file, the anchor inside the backup still
		// tells.
		if err := os.Remove(filepath.Join(dir, sqlstore.WitnessFileName)); err != nil {
			t.Fatal(err)
		}
		got = mustCheck(t, s, dir)
		if want := fmt.Sprintf("cut short: row %d, recorded by the anchor inside the backup %s", anchored, dir); !strings.Contains(got, want) {
			t.Errorf("Check = %q; want %q", got, want)
		}
	})
	t.Run("ErrRewrittenAndRecomputed", func(t *testing.T) {
		s, dir, anchored := witnessedClinic(t)
		db := rawDB(t, s.Path())
		unlockAudit(t, db)
		mustExec(t, db, "UPDATE audit_log SET detail = 'nothing happened' WHERE id = 4")
		recomputeChain(t, db)
		got := mustCheck(t, s, dir)
		if want := fmt.Sprintf("rewritten: row %d is not the row the backup", anchored); !strings.Contains(got, want) {
			t.Errorf("Check = %q; want %q", got, want)
		}
	})
	t.Run("ErrRenumberedAndRecomputed", func(t *testing.T) {
		s, dir, anchored := witnessedClinic(t)
		db := rawDB(t, s.Path())
		unlockAudit(t, db)
		mustExec(t, db, "DELETE FROM audit_log WHERE id = 3")
		mustExec(t, db, "UPDATE audit_log SET id = -(id - 1) WHERE id > 3")
		mustExec(t, db, "UPDATE audit_log SET id = -id WHERE id < 0")
		recomputeChain(t, db)
		got := mustCheck(t, s, dir)
		if want := fmt.Sprintf("rewritten: row %d", anchored); !strings.Contains(got, want) {
			t.Errorf("Check = %q; want %q", got, want)
		}
	})
	t.Run("ErrForgedWitness", func(t *testing.T) {
		s, dir, anchored := witnessedClinic(t)
		db := rawDB(t, s.Path())
		unlockAudit(t, db)
		mustExec(t, db, "DELETE FROM audit_log WHERE id >= ?", anchored-1)
		recomputeChain(t, db)
		// The attacker removes the backups and writes the witness file
		// anew, anchoring the shortened trail without the key.
		var clinic, hash string
		db.QueryRow("SELECT value FROM settings WHERE key = 'clinic_id'").Scan(&clinic)
		db.QueryRow("SELECT hash FROM audit_log WHERE id = ?", anchored-2).Scan(&hash)
		list, _ := sqlstore.ListBackups(dir, s.Path())
		for _, b := range list {
			os.Remove(b.Path)
		}
		sum := sha256.Sum256([]byte(clinic + "|" + hash))
		line := fmt.Sprintf("2026-11-28T10:30:00Z\t%s\t%d\t%s\tclinic-20261128-103000Z.db\t%x\n", clinic, anchored-2, hash, sum)
		if err := os.WriteFile(filepath.Join(dir, sqlstore.WitnessFileName), []byte(line), 0o600); err != nil {
			t.Fatal(err)
		}
		got := mustCheck(t, s, dir)
		if want := fmt.Sprintf("Forged witness: the backup clinic-20261128-103000Z.db of 28 Nov 2026 10:30 UTC (line 1 of %s) (audit row %d)", filepath.Join(dir, sqlstore.WitnessFileName), anchored-2); !strings.Contains(got, want) {
			t.Errorf("Check = %q; want %q", got, want)
		}
	})
	t.Run("OtherClinicIgnored", func(t *testing.T) {
		s, dir, _ := witnessedClinic(t)
		f, err := os.OpenFile(filepath.Join(dir, sqlstore.WitnessFileName), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, "2026-11-28T11:00:00Z\t%s\t99999\t%x\tdemo-20261128-110000Z.db\t%x\n", strings.Repeat("ab", 16), sha256.Sum256(nil), sha256.Sum256(nil))
		f.Close()
		if got := mustCheck(t, s, dir); got != "" {
			t.Errorf("Check with another clinic's witness line = %q; want nothing", got)
		}
	})
	t.Run("ErrKeyMissing", func(t *testing.T) {
		s, dir, _ := witnessedClinic(t)
		if err := os.Remove(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "needlepoint", "witness.key")); err != nil {
			t.Fatal(err)
		}
		if got := mustCheck(t, s, dir); !strings.Contains(got, "Witness key missing") {
			t.Errorf("Check without the key = %q", got)
		}
	})
	t.Run("KeyOwnerOnly", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("Windows keeps a user's configuration folder private with its own permissions")
		}
		witnessedClinic(t)
		folder := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "needlepoint")
		for path, want := range map[string]os.FileMode{folder: 0o700, filepath.Join(folder, "witness.key"): 0o600} {
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode().Perm(); got != want {
				t.Errorf("%s has mode %o, want %o", path, got, want)
			}
		}
		if info, _ := os.Stat(filepath.Join(folder, "witness.key")); info.Size() != 32 {
			t.Errorf("the witness key holds %d bytes, want 32", info.Size())
		}
	})
	t.Run("BackupFolderOfSettingsRead", func(t *testing.T) {
		s, dir, anchored := witnessedClinic(t)
		if _, err := s.SignIn(ctx, "owner", "Clinic-2026"); err != nil {
			t.Fatal(err)
		}
		set, err := s.BackupSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		set.Folder = dir
		if err := s.SaveBackupSettings(ctx, set); err != nil {
			t.Fatal(err)
		}
		db := rawDB(t, s.Path())
		unlockAudit(t, db)
		mustExec(t, db, "DELETE FROM audit_log WHERE id >= ?", anchored)
		recomputeChain(t, db)
		findings, err := s.VerifyDatabase(ctx)
		if err != nil || !strings.Contains(strings.Join(findings, "\n"), fmt.Sprintf("cut short: row %d", anchored)) {
			t.Errorf("Check = %q, %v; want the witness in the settings' backup folder read", findings, err)
		}
	})
	t.Run("RestoreIsNoAlarm", func(t *testing.T) {
		s, dir, _ := witnessedClinic(t)
		if _, err := s.SignIn(ctx, "owner", "Clinic-2026"); err != nil {
			t.Fatal(err)
		}
		list, err := sqlstore.ListBackups(dir, s.Path())
		if err != nil || len(list) != 1 {
			t.Fatalf("backups %+v, %v", list, err)
		}
		s.Now = func() time.Time { return datatest.Now.Add(time.Hour) }
		if _, err := s.Backup(ctx, dir, 3); err != nil {
			t.Fatal(err)
		}
		s.Now = func() time.Time { return datatest.Now.Add(2 * time.Hour) }
		if _, err := s.Restore(ctx, list[0].Path); err != nil {
			t.Fatal(err)
		}
		s.SetActor(testAdmin)
		if got := mustCheck(t, s, dir); got != "" {
			t.Errorf("Check after restoring the older backup = %q; want the newer backup's anchor passed over", got)
		}
	})
}
