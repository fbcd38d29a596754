package app

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// TestSaveDialogGuard: what the Save dialogs write goes through the one
// check, before the chosen file is touched, and is written owner-only;
// a failed write is reported by Close.
func TestSaveDialogGuard(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "clinic.db")
	s, err := sqlstore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	t.Cleanup(guardFileSaves(db))

	t.Run("ErrDatabase", func(t *testing.T) {
		before := hashFile(t, db)
		wc, err := storage.Writer(storage.NewFileURI(db))
		if err == nil {
			wc.Close()
			t.Fatal("the Save dialog may write over the clinic's database")
		}
		if msg := data.ErrorMessage(err); !strings.Contains(msg, "is the clinic's database") {
			t.Errorf("message %q", msg)
		}
		if hashFile(t, db) != before {
			t.Error("the database was changed")
		}
	})

	t.Run("ErrSpreadsheetOfSomeoneElse", func(t *testing.T) {
		path := filepath.Join(dir, "accounts.csv")
		os.WriteFile(path, []byte("Month,Takings\n"), 0o600)
		if _, err := storage.Writer(storage.NewFileURI(path)); err == nil || !strings.Contains(data.ErrorMessage(err), "not a PDF that Needlepoint printed") {
			t.Errorf("Writer over another program's file: %v", err)
		}
		if b, _ := os.ReadFile(path); string(b) != "Month,Takings\n" {
			t.Error("the file was changed")
		}
	})

	t.Run("WritesOwnerOnly", func(t *testing.T) {
		path := filepath.Join(dir, "patients-to-call.csv")
		wc, err := storage.Writer(storage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		wc.Write([]byte("Patient,Phone\n"))
		if _, err := os.Stat(path); err == nil {
			t.Error("the file exists before the export is complete")
		}
		if err := wc.Close(); err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(path)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("the export has mode %v, want 600 (%v)", info.Mode().Perm(), err)
		}
	})

	t.Run("ErrCloseReported", func(t *testing.T) {
		gone := filepath.Join(t.TempDir(), "stick")
		os.Mkdir(gone, 0o700)
		wc, err := storage.Writer(storage.NewFileURI(filepath.Join(gone, "audit.csv")))
		if err != nil {
			t.Fatal(err)
		}
		wc.Write([]byte("Row\n"))
		os.Remove(gone) // the USB stick was pulled out
		if err := wc.Close(); err == nil || !strings.Contains(data.ErrorMessage(err), "Cannot write") {
			t.Errorf("Close after the folder went = %v, want the failure reported", err)
		}
	})
}

// TestSaveAsShowsFailedWrite: a document that could not be made is shown
// as a failure, never as saved, and leaves no file behind.
func TestSaveAsShowsFailedWrite(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	a := test.NewTempApp(t)
	t.Cleanup(guardFileSaves(filepath.Join(t.TempDir(), "clinic.db")))
	win := a.NewWindow("Patients to call")
	t.Cleanup(win.Close)
	win.Resize(fyne.NewSize(1000, 700))
	savedAs := ""
	w := &worker{inline: true}
	saveAs(win, w, "patients-to-call.csv", func(io.Writer) error {
		return data.Errorf(data.EINVALID, "The call list could not be read.")
	}, func(path string) { savedAs = path })
	test.Tap(overlayButton(t, win.Canvas(), "Save"))
	if savedAs != "" {
		t.Errorf("reported saved as %s", savedAs)
	}
	if text := overlayText(win.Canvas()); !strings.Contains(text, "could not be read") {
		t.Errorf("the window says:\n%s", text)
	}
	filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err == nil && (strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".tmp")) {
			t.Errorf("a failed save left %s", path)
		}
		return nil
	})
}
