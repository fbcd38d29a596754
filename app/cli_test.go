package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// runCLI runs the command line with a GUI that only records that it was
// started, and returns the exit status and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string, guiStarted bool) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := cli{stdout: &out, stderr: &errOut, runGUI: func(s *sqlstore.Store, demo bool) { guiStarted = true }}
	code = c.run(args)
	return code, out.String(), errOut.String(), guiStarted
}

func TestCommandLine(t *testing.T) {
	t.Run("Version", func(t *testing.T) {
		code, out, _, _ := runCLI(t, "version")
		if code != 0 || !strings.HasPrefix(out, "needlepoint "+Version) {
			t.Errorf("version: exit %d, output %q", code, out)
		}
	})

	for _, args := range [][]string{{"--colour"}, {"frobnicate"}, {"version", "extra"}, {"demo", "--db", "x.db"}, {"--demo", "--db", "x.db"}} {
		t.Run("ErrUsage "+strings.Join(args, " "), func(t *testing.T) {
			code, _, errOut, gui := runCLI(t, args...)
			if code != 2 || !strings.Contains(errOut, "Usage:") || gui {
				t.Errorf("exit %d, gui %v, stderr %q; want 2 with usage", code, gui, errOut)
			}
		})
	}

	t.Run("OpensGivenDatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		code, _, errOut, gui := runCLI(t, "--db", path)
		if code != 0 || !gui {
			t.Fatalf("exit %d, gui %v, stderr %q", code, gui, errOut)
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("database not created: %v", err)
		}
	})

	t.Run("ErrNotADatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "letter.txt")
		os.WriteFile(path, []byte("not a database"), 0o600)
		code, _, errOut, gui := runCLI(t, "--db", path)
		if code != 1 || gui || !strings.Contains(errOut, "is not a Needlepoint database") {
			t.Errorf("exit %d, gui %v, stderr %q", code, gui, errOut)
		}
	})

	t.Run("DemoFillsNewFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "demo.db")
		code, out, errOut, _ := runCLI(t, "demo", "--db", path, "--patients", "300", "--seed", "7")
		if code != 0 {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		if !strings.Contains(out, "300 of 300 patients") {
			t.Errorf("no progress in output %q", out)
		}
		s, err := sqlstore.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		s.SetActor(data.CommandLine("test"))
		defer s.Close()
		c, _ := s.CountPatients(context.Background())
		if got := c.Active + c.Archived; got != 300 {
			t.Errorf("demo database has %d patients, want 300", got)
		}
	})

	t.Run("ErrDemoIntoExistingFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		os.WriteFile(path, []byte("real records"), 0o600)
		code, _, errOut, _ := runCLI(t, "demo", "--db", path, "--patients", "10")
		if code != 1 || !strings.Contains(errOut, "already exists") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
		if b, _ := os.ReadFile(path); string(b) != "real records" {
			t.Error("existing file was changed")
		}
	})

	t.Run("DemoFlagCreatesDemoDatabaseOnce", func(t *testing.T) {
		t.Setenv("XDG_DATA_HOME", t.TempDir())
		t.Setenv("HOME", t.TempDir())
		code, out, errOut, gui := runCLI(t, "--demo")
		if code != 0 || !gui || !strings.Contains(out, "demo patients") {
			t.Fatalf("first --demo: exit %d, gui %v, out %q, err %q", code, gui, out, errOut)
		}
		code, out, _, gui = runCLI(t, "--demo")
		if code != 0 || !gui || out != "" {
			t.Errorf("second --demo: exit %d, gui %v, out %q; want it to reuse the demo database", code, gui, out)
		}
	})
}

func TestRecallCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errOut, _ := runCLI(t, "demo", "--db", db, "--patients", "300"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	code, out, errOut, _ := runCLI(t, "recall", "--db", db)
	if code != 0 || !strings.Contains(out, "PATIENT") || !strings.Contains(out, "to call.") {
		t.Fatalf("recall: exit %d, out %q, err %q", code, out, errOut)
	}
	if strings.HasPrefix(out[strings.LastIndex(out[:len(out)-1], "\n")+1:], "0 patients") {
		t.Errorf("the demo database has nobody to recall:\n%s", out)
	}
	// One row per patient, and the count is of the patients to call.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	names, toCall := map[string]bool{}, 0
	for _, line := range lines[1:] {
		if strings.Contains(line, " to call.") || strings.Contains(line, "not yet eligible, listed last") {
			continue
		}
		if !strings.HasPrefix(line, "not yet eligible") {
			toCall++
		}
		fields := regexp.MustCompile(`\s{2,}`).Split(line, 4)
		if len(fields) < 3 {
			t.Fatalf("not a row of the table: %q", line)
		}
		if who := fields[1] + " " + fields[2]; names[who] {
			t.Errorf("listed twice: %q", line)
		} else {
			names[who] = true
		}
	}
	if want := plural(toCall, "patient") + " to call."; !strings.Contains(out, want) {
		t.Errorf("recall lists %d patients to call; its count says otherwise:\n%s", toCall, out)
	}
	code, csvOut, _, _ := runCLI(t, "recall", "--db", db, "--csv")
	if code != 0 || !strings.HasPrefix(csvOut, "Patient,Phone,Reminder consent,Reason") {
		t.Errorf("recall --csv: exit %d, out %q", code, csvOut)
	}
	if code, _, _, _ := runCLI(t, "recall"); code != 2 {
		t.Errorf("recall without --db: exit %d, want 2", code)
	}
	if code, _, errOut, _ := runCLI(t, "recall", "--db", filepath.Join(t.TempDir(), "none.db")); code != 1 || !strings.Contains(errOut, "does not exist") {
		t.Errorf("recall on a missing file: exit %d, %q", code, errOut)
	}
}

// TestEmptyDatabaseFileRefused: no command turns an empty file into a new,
// empty clinic; each refuses it, names it, and leaves it as it is.
func TestEmptyDatabaseFileRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clinic.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--db", path},
		{"check", "--db", path},
		{"recall", "--db", path},
		{"backup", "--db", path, "--to", t.TempDir()},
		{"aftercare", "--db", path, "--latest", "--out", filepath.Join(t.TempDir(), "sheet.pdf")},
		{"audit", "verify", "--db", path},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, out, errOut, gui := runCLI(t, args...)
			if code != 1 || gui || !strings.Contains(out+errOut, path+" is empty") {
				t.Errorf("exit %d, gui %v, output %q %q; want status 1 naming the empty file", code, gui, out, errOut)
			}
			if info, err := os.Stat(path); err != nil || info.Size() != 0 {
				t.Fatalf("the empty file was changed: %v", err)
			}
		})
	}
}

// TestHelpPrintsUsage: asking for help is no mistake: the usage goes to
// standard output and the status is 0.
func TestHelpPrintsUsage(t *testing.T) {
	for _, arg := range []string{"help", "--help", "-h"} {
		code, stdout, stderr, gui := runCLI(t, arg)
		if code != 0 || !strings.Contains(stdout, "Usage:") || !strings.Contains(stdout, "needlepoint loadtest") || stderr != "" || gui {
			t.Errorf("needlepoint %s: status %d, stdout %q, stderr %q, window %v", arg, code, stdout, stderr, gui)
		}
	}
}
