package app

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"needlepoint/data/sqlstore"
)

// runCLIInput runs the command line with stdin as its standard input,
// which is not a terminal.
func runCLIInput(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := cli{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, runGUI: func(*sqlstore.Store, bool) {}}
	code = c.run(args)
	return code, out.String(), errOut.String()
}

// runCLITerminal runs the command line as if at a terminal where the user
// types the lines of typed and then, unseen, password.
func runCLITerminal(t *testing.T, typed, password string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := cli{stdin: strings.NewReader(typed), stdout: &out, stderr: &errOut, runGUI: func(*sqlstore.Store, bool) {},
		readSecret: func() (string, error) { return password, nil }}
	code = c.run(args)
	return code, out.String(), errOut.String()
}

// lastRestoredBy returns who the newest restore in the audit trail of the
// database at path is recorded under.
func lastRestoredBy(t *testing.T, path string) string {
	t.Helper()
	var actor string
	err := rawSQL(t, path).QueryRow("SELECT actor FROM audit_log WHERE action = 'restored_backup' ORDER BY id DESC LIMIT 1").Scan(&actor)
	if err != nil {
		t.Fatal(err)
	}
	return actor
}

// backedUpDemo returns a demo database with one patient added after its
// one verified backup.
func backedUpDemo(t *testing.T) (db, backup string) {
	t.Helper()
	db = demoDatabase(t)
	dir := filepath.Join(t.TempDir(), "backups")
	if code, _, errOut, _ := runCLI(t, "backup", "--db", db, "--to", dir); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	list, err := sqlstore.ListBackups(dir, db)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups %+v, %v", list, err)
	}
	addPatient(t, db, "Ada")
	return db, list[0].Path
}

func TestRestoreNeedsAnAdministrator(t *testing.T) {
	db, backup := backedUpDemo(t)
	after := countPatients(t, db)
	for _, tc := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"ErrNoTerminal", "fiona\nAdmin-2026\n", nil, "run it at a terminal"},
		{"ErrNoPassword", "", []string{"--user", "fiona"}, "No password came on standard input"},
		{"ErrWrongPassword", "Admin-2025\n", []string{"--user", "fiona"}, "username or password is not right"},
		{"ErrNotAdministrator", "Desk-2026\n", []string{"--user", "jamal"}, "Jamal Reid is signed in as reception and may not make or restore backups"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"restore", "--db", db, "--from", backup}, tc.args...)
			code, _, errOut := runCLIInput(t, tc.stdin, args...)
			if code != 1 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, errOut, tc.want)
			}
			if got := countPatients(t, db); got != after {
				t.Errorf("a refused restore changed the database: %d patients, want %d", got, after)
			}
		})
	}
	t.Run("AtTerminal", func(t *testing.T) {
		code, out, errOut := runCLITerminal(t, "fiona\n", "Admin-2026", "restore", "--db", db, "--from", backup)
		if code != 0 || !strings.Contains(out, "Restored") {
			t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
		}
		if !strings.Contains(errOut, "Administrator's username: ") || !strings.Contains(errOut, "Password for fiona: ") || strings.Contains(errOut, "Admin-2026") {
			t.Errorf("the terminal showed %q; want both questions and never the password", errOut)
		}
		if got := lastRestoredBy(t, db); got != "Fiona Byrne" {
			t.Errorf("the restore is recorded under %q, want the administrator who gave their password", got)
		}
		if got := countPatients(t, db); got != after-1 {
			t.Errorf("after the restore %d patients, want the backup's %d", got, after-1)
		}
	})
	t.Run("ErrDamagedNotAdministrator", func(t *testing.T) {
		breakFile(t, db)
		code, _, errOut := runCLIInput(t, "Desk-2026\n", "restore", "--db", db, "--from", backup, "--user", "jamal")
		if code != 1 || !strings.Contains(errOut, "Jamal Reid is reception in the backup and may not make or restore backups") {
			t.Errorf("exit %d, stderr %q; want the receptionist refused by the backup's accounts", code, errOut)
		}
	})
}

func TestRestoreRefusesAnotherClinic(t *testing.T) {
	db, _ := backedUpDemo(t)
	_, theirs := backedUpDemo(t)
	after := countPatients(t, db)
	code, _, errOut := runCLIInput(t, "Admin-2026\n", "restore", "--db", db, "--from", theirs, "--user", "fiona")
	ours := sqlstore.ReadClinicIdentity(t.Context(), db)
	other := sqlstore.ReadClinicIdentity(t.Context(), theirs)
	if code != 1 || !strings.Contains(errOut, "another clinic, "+other.String()) || !strings.Contains(errOut, "those of "+ours.String()) || !strings.Contains(errOut, "--other-clinic") {
		t.Errorf("exit %d, stderr %q; want both clinics named and --other-clinic offered", code, errOut)
	}
	if got := countPatients(t, db); got != after {
		t.Errorf("a refused restore changed the database: %d patients, want %d", got, after)
	}
	code, _, errOut = runCLIInput(t, "Admin-2026\n", "restore", "--db", db, "--from", theirs, "--user", "fiona", "--other-clinic")
	if code != 0 {
		t.Fatalf("restore --other-clinic: exit %d, stderr %q", code, errOut)
	}
	if got := sqlstore.ReadClinicIdentity(t.Context(), db); got.ID != other.ID {
		t.Errorf("after restoring the other clinic's backup the clinic is %q, want %q", got.ID, other.ID)
	}
	if got := lastRestoredBy(t, db); got != "Fiona Byrne" {
		t.Errorf("the restore is recorded under %q", got)
	}
}
