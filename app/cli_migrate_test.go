package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrateCommand(t *testing.T) {
	db := demoDatabase(t)
	to := filepath.Join(t.TempDir(), "moved.db")
	code, out, errOut, _ := runCLI(t, "migrate", "--from", db, "--to", to)
	if code != 0 || !strings.Contains(out, "Checked: every table holds as many rows as the original") {
		t.Fatalf("migrate: exit %d, out %q, err %q", code, out, errOut)
	}
	if _, err := os.Stat(to + ".copying"); err == nil {
		t.Error("the temporary copy was left behind")
	}
	code, out, _, _ = runCLI(t, "check", "--db", to)
	if code != 0 || !strings.Contains(out, "all is well") {
		t.Errorf("check of the copy: exit %d, out %q", code, out)
	}
	t.Run("ErrTargetExists", func(t *testing.T) {
		before, err := os.ReadFile(to)
		if err != nil {
			t.Fatal(err)
		}
		code, _, errOut, _ := runCLI(t, "migrate", "--from", db, "--to", to)
		after, _ := os.ReadFile(to)
		if code != 1 || !strings.Contains(errOut, "already exists") || string(before) != string(after) {
			t.Errorf("migrate onto an existing file: exit %d, err %q, file changed %v", code, errOut, string(before) != string(after))
		}
	})
	t.Run("ErrNoTarget", func(t *testing.T) {
		if code, _, _, _ := runCLI(t, "migrate", "--from", db); code != 2 {
			t.Errorf("migrate without --to: exit %d, want 2", code)
		}
	})
}
