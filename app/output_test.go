package app

import (
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"needlepoint/data/sqlstore"
)

func hashFile(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestAftercareOutRefusesWhatItMustNot: --out never overwrites the
// database, its companions, a backup or a file Needlepoint did not write;
// its own PDF is replaced only with --force.
func TestAftercareOutRefusesWhatItMustNot(t *testing.T) {
	db := demoDatabase(t)
	dir := filepath.Dir(db)
	backups := filepath.Join(dir, "backups")
	if code, _, errOut, _ := runCLI(t, "backup", "--db", db, "--to", backups); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	list, err := sqlstore.ListBackups(backups, db)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups: %v, %v", list, err)
	}
	notes := filepath.Join(dir, "notes.pdf")
	if err := os.WriteFile(notes, []byte("%PDF-1.4 the clinic's price list"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, out, want string }{
		{"Database", db, "is the clinic's database"},
		{"WriteAheadLog", db + "-wal", "belongs to the database"},
		{"SharedMemory", db + "-shm", "belongs to the database"},
		{"Backup", list[0].Path, "backup of the clinic's database"},
		{"OtherPDF", notes, "not a PDF that Needlepoint printed"},
	} {
		t.Run("Err"+tc.name, func(t *testing.T) {
			_, statErr := os.Stat(tc.out)
			var before [32]byte
			if statErr == nil {
				before = hashFile(t, tc.out)
			}
			code, _, errOut, _ := runCLI(t, "aftercare", "--db", db, "--latest", "--out", tc.out, "--force")
			if code != 1 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "Nothing was written") {
				t.Errorf("exit %d, stderr %q; want status 1 saying %q", code, errOut, tc.want)
			}
			if statErr == nil && hashFile(t, tc.out) != before {
				t.Errorf("%s was changed", tc.out)
			}
		})
	}

	t.Run("OwnPDFNeedsForce", func(t *testing.T) {
		out := filepath.Join(dir, "sheet.pdf")
		if code, _, errOut, _ := runCLI(t, "aftercare", "--db", db, "--latest", "--out", out); code != 0 {
			t.Fatalf("first sheet: %s", errOut)
		}
		if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("the sheet has mode %v, want 600 (%v)", info.Mode().Perm(), err)
		}
		code, _, errOut, _ := runCLI(t, "aftercare", "--db", db, "--latest", "--out", out)
		if code != 1 || !strings.Contains(errOut, "add --force") {
			t.Errorf("second sheet without --force: exit %d, %q", code, errOut)
		}
		if code, _, errOut, _ := runCLI(t, "aftercare", "--db", db, "--latest", "--out", out, "--force"); code != 0 {
			t.Errorf("with --force: exit %d, %q", code, errOut)
		}
	})
	if got := countPatients(t, db); got != 60 {
		t.Errorf("the database holds %d patients after the refusals, want 60", got)
	}
}

// TestPrintsAreOwnerOnlyAndRemoved: the PDFs opened for printing are
// written in a folder of the user's own and removed when the app closes
// or starts again.
func TestPrintsAreOwnerOnlyAndRemoved(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir, err := printFolder()
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("print folder %s: mode %v, %v; want 700", dir, info.Mode().Perm(), err)
	}
	sheet := filepath.Join(dir, "needlepoint-aftercare-9.pdf")
	if err := writeFileAtomically(sheet, func(w io.Writer) error { _, err := w.Write([]byte("%PDF-1.4")); return err }); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(sheet); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("printed sheet: mode %v, %v; want 600", info.Mode().Perm(), err)
	}
	removePrints()
	if _, err := os.Stat(sheet); err == nil {
		t.Error("the printed sheet is still there after closing")
	}
}
