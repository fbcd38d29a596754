package app

import (
	"errors"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
	"needlepoint/reports"
)

// checkOutput is the one check before any command or Save-as writes a
// document to path: it refuses the clinic's database at dbPath, the files
// SQLite keeps beside it, a backup, any other database file, and every
// existing file but a PDF Needlepoint wrote, which it replaces only when
// replace says so (--force on the command line; in the app, the Save
// dialog's own question "Overwrite?").
func checkOutput(path, dbPath string, replace bool) error {
	if path == "" {
		return data.Errorf(data.EINVALID, "No file name was given for the document.")
	}
	abs, _ := filepath.Abs(path)
	db, _ := filepath.Abs(dbPath)
	name := filepath.Base(path)
	switch {
	case abs == db || sameFile(path, dbPath):
		return data.Errorf(data.EINVALID, "%s is the clinic's database. Nothing was written: choose another file name for the document.", path)
	case sqlstore.IsBackupName(dbPath, name):
		return data.Errorf(data.EINVALID, "%s is the name of a backup of the clinic's database. Nothing was written: choose another file name for the document.", path)
	}
	for _, suffix := range sqlstore.JournalSuffixes {
		if base, ok := strings.CutSuffix(abs, suffix); ok && (base == db || sqlstore.IsDatabaseFile(base)) {
			return data.Errorf(data.EINVALID, "%s belongs to the database %s: SQLite keeps it beside the database file. Nothing was written: choose another file name for the document.", path, base)
		}
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return data.Errorf(data.EINVALID, "Cannot look at %s: %s.", path, osReason(err))
	case info.IsDir():
		return data.Errorf(data.EINVALID, "%s is a folder. Choose a file name for the document.", path)
	case sqlstore.IsDatabaseFile(path):
		return data.Errorf(data.EINVALID, "%s is a database file. Nothing was written: choose another file name for the document.", path)
	case !writtenByNeedlepoint(path, info.Size()):
		return data.Errorf(data.EINVALID, "%s already exists, and it is not a PDF that Needlepoint printed, so Needlepoint does not replace it. Nothing was written: choose another file name.", path)
	case !replace:
		return data.Errorf(data.EINVALID, "%s already exists (a PDF that Needlepoint printed earlier). Nothing was written: add --force to replace it, or choose another file name.", path)
	}
	return nil
}

func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}

func writtenByNeedlepoint(path string, size int64) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return reports.WrittenByNeedlepoint(f, size)
}

// writeDocument writes a document to path after checkOutput allowed it.
func writeDocument(path, dbPath string, replace bool, write func(io.Writer) error) error {
	if err := checkOutput(path, dbPath, replace); err != nil {
		return err
	}
	return writeFileAtomically(path, write)
}

// writeFileAtomically writes a file that only the computer's user can read
// under a temporary name beside it, syncs it to the disk and renames it
// when complete, so a failure never leaves half a file nor touches the one
// it replaces.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".needlepoint-*.tmp")
	if err != nil {
		return data.Errorf(data.EINVALID, "Cannot write in the folder of %s: %s.", path, osReason(err))
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return data.Errorf(data.EINVALID, "Cannot write %s: %s.", path, osReason(err))
	}
	if err := f.Close(); err != nil {
		return data.Errorf(data.EINVALID, "Cannot write %s: %s.", path, osReason(err))
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return data.Errorf(data.EINVALID, "Cannot write %s: %s.", path, osReason(err))
	}
	return nil
}

// osReason gives the operating system's reason without the path.
func osReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrPermission) {
		return "permission denied"
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "the folder does not exist"
	}
	return err.Error()
}

// printFolder is where the PDFs opened for printing are written: a folder
// of the computer's user's own, emptied when the app closes and when it
// starts (after a crash), so no patient's sheet stays behind.
func printFolder() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "needlepoint-prints")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", data.Errorf(data.EINVALID, "Cannot create the folder %s for printing: %s.", dir, osReason(err))
	}
	return dir, nil
}

// removePrints empties the print folder.
func removePrints() {
	dir, err := printFolder()
	if err != nil {
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// printPDF renders a document named name off the UI goroutine into the
// print folder and opens it in the system's PDF viewer, ready to print;
// opened gets its path.
func printPDF(win fyne.Window, w *worker, name string, render func(io.Writer) error, opened func(path string)) {
	background(w, func() (string, error) {
		dir, err := printFolder()
		if err != nil {
			return "", err
		}
		path := filepath.Join(dir, name+".pdf")
		return path, writeFileAtomically(path, render)
	}, func(path string, err error) {
		if err != nil {
			showError(err, win)
			return
		}
		u, err := url.Parse(storage.NewFileURI(path).String())
		if err == nil {
			err = fyne.CurrentApp().OpenURL(u)
		}
		if err != nil {
			dialog.ShowInformation("Document ready", "The document is ready in "+path+
				", but no PDF viewer could open it: open that file to print it.", win)
			return
		}
		opened(path)
	})
}
