package sqlstore_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

func TestClinicIdentity(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	ours := mustSetUp(t)
	id, err := ours.ClinicIdentity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id.ID) || id.Name != "Skin Studio" {
		t.Fatalf("ClinicIdentity of a new clinic = %+v; want 128 random bits in hex and its name", id)
	}
	t.Run("KeptAcrossOpens", func(t *testing.T) {
		again := mustOpenPath(t, ours.Path())
		if got, _ := again.ClinicIdentity(ctx); got.ID != id.ID {
			t.Errorf("reopened, the clinic is %q, want %q", got.ID, id.ID)
		}
	})
	t.Run("OlderDatabaseGetsOne", func(t *testing.T) {
		s := mustOpen(t)
		mustExec(t, rawDB(t, s.Path()), "DELETE FROM settings WHERE key = 'clinic_id'")
		s.Close()
		again := mustOpenPath(t, s.Path())
		got, _ := again.ClinicIdentity(ctx)
		if got.ID == "" || got.ID == id.ID {
			t.Errorf("a database without a clinic identity got %q on opening, want a new one", got.ID)
		}
	})
	dir := t.TempDir()
	ourBackup, err := ours.Backup(ctx, dir, 5)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := sqlstore.InspectBackup(ctx, ourBackup.Path); err != nil || c.Clinic != id {
		t.Errorf("the backup says its clinic is %+v, %v; want %+v", c.Clinic, err, id)
	}

	theirs := mustOpenPath(t, filepath.Join(t.TempDir(), "clinic.db"))
	if _, err := theirs.SetUpClinic(ctx, data.ClinicDetails{Name: "Glow Rooms", PaperSize: data.PaperA4}, "Nadia Bell", "nadia", "Glow-Rooms-1"); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, theirs, datatest.ValidPatient())
	theirBackup, err := theirs.Backup(ctx, dir, 5)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("ErrOtherClinicRefused", func(t *testing.T) {
		_, err := ours.Restore(ctx, theirBackup.Path)
		if !data.IsOtherClinic(err) || data.ErrorCode(err) != data.ECONFLICT {
			t.Fatalf("Restore of another clinic's backup: %v; want refused", err)
		}
		if msg := data.ErrorMessage(err); !strings.Contains(msg, "Glow Rooms") || !strings.Contains(msg, "Skin Studio") {
			t.Errorf("refusal %q does not name both clinics", msg)
		}
		if got := patientCount(t, ours); got != 0 {
			t.Errorf("the refused restore changed the records: %d patients", got)
		}
		if rows := auditText(t, ours); !strings.Contains(rows, "refused restore of another clinic's backup (Glow Rooms") {
			t.Errorf("the refusal is not in the audit trail:\n%s", rows)
		}
	})
	t.Run("OtherClinicWhenConfirmed", func(t *testing.T) {
		if _, err := ours.RestoreOtherClinic(ctx, theirBackup.Path); err != nil {
			t.Fatal(err)
		}
		if _, err := ours.SignIn(ctx, "nadia", "Glow-Rooms-1"); err != nil {
			t.Fatal(err)
		}
		if got := patientCount(t, ours); got != 1 {
			t.Errorf("after the restore %d patients, want the other clinic's 1", got)
		}
		if got, _ := ours.ClinicIdentity(ctx); got.Name != "Glow Rooms" {
			t.Errorf("after the restore the clinic is %+v, want the backup's", got)
		}
		if rows := auditText(t, ours); !strings.Contains(rows, "a backup of another clinic, Glow Rooms") {
			t.Errorf("the audit trail does not say another clinic's backup was restored:\n%s", rows)
		}
	})
	t.Run("BackupBeforeIdentitiesKeepsOurs", func(t *testing.T) {
		s := mustOpen(t)
		before, _ := s.ClinicIdentity(ctx)
		b, err := s.Backup(ctx, t.TempDir(), 1)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, rawDB(t, b.Path), "DELETE FROM settings WHERE key = 'clinic_id'")
		if _, err := s.Restore(ctx, b.Path); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClinicIdentity(ctx); got.ID != before.ID {
			t.Errorf("after restoring a backup without an identity the clinic is %q, want %q", got.ID, before.ID)
		}
	})
}

// auditText returns the audit trail as "actor action detail" lines, oldest
// first.
func auditText(t *testing.T, s *sqlstore.Store) string {
	t.Helper()
	db := rawDB(t, s.Path())
	rows, err := db.Query("SELECT actor || ' ' || action || ' ' || detail FROM audit_log ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		rows.Scan(&line)
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
