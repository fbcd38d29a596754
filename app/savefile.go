package app

import (
	"bytes"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage/repository"
)

// fileRepository is what Fyne's own repository of local files does.
type fileRepository interface {
	repository.AppendableRepository
	repository.DeleteAllRepository
	repository.ListableRepository
	repository.HierarchicalRepository
	repository.CopyableRepository
	repository.MovableRepository
}

// guardedFiles is the repository of local files the Save dialogs write
// through. Fyne's own truncates the chosen file as the dialog closes, before
// the app could refuse it (the clinic's database, say), and gives it the
// mode everyone may read. Its writer runs checkOutput first and writes
// nothing until Close, which writes the whole file owner-only under a
// temporary name and renames it into place.
type guardedFiles struct {
	fileRepository
	dbPath string
}

// guardFileSaves makes every Save dialog of the app write through
// guardedFiles, for the database at dbPath; it returns what undoes it.
func guardFileSaves(dbPath string) (undo func()) {
	prev, err := repository.ForScheme("file")
	files, ok := prev.(fileRepository)
	if err != nil || !ok {
		fyne.LogError("the Save dialogs cannot be guarded", err)
		return func() {}
	}
	repository.Register("file", guardedFiles{fileRepository: files, dbPath: dbPath})
	return func() { repository.Register("file", prev) }
}

// Writer refuses a file the app must not replace, with a message for the
// user, and otherwise returns a writer that writes the file on Close.
func (g guardedFiles) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	if err := checkOutput(u.Path(), g.dbPath, true); err != nil {
		return nil, err
	}
	return &savedFile{uri: u, dbPath: g.dbPath}, nil
}

// savedFile is a file being saved: kept in memory, written on Close.
type savedFile struct {
	uri       fyne.URI
	dbPath    string
	buf       bytes.Buffer
	abandoned bool
}

func (f *savedFile) URI() fyne.URI { return f.uri }

func (f *savedFile) Write(p []byte) (int, error) { return f.buf.Write(p) }

// Close writes the file, unless the document could not be made; the
// check runs again, as the folder may have changed since the dialog.
func (f *savedFile) Close() error {
	if f.abandoned {
		return nil
	}
	return writeDocument(f.uri.Path(), f.dbPath, true, func(w io.Writer) error {
		_, err := f.buf.WriteTo(w)
		return err
	})
}

// saveAs asks with the Save dialog where to save a document named fileName,
// makes it with write off the UI goroutine, and then reports the path it
// was saved to with saved. Every failure is shown: the dialog's own, the
// document's, and writing or closing the file.
func saveAs(win fyne.Window, w *worker, fileName string, write func(io.Writer) error, saved func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			showError(err, win)
			return
		}
		if wc == nil {
			return
		}
		background(w, func() (string, error) {
			if err := write(wc); err != nil {
				if f, ok := wc.(*savedFile); ok {
					f.abandoned = true
				}
				wc.Close()
				return "", err
			}
			return wc.URI().Path(), wc.Close()
		}, func(path string, err error) {
			if err != nil {
				showError(err, win)
				return
			}
			saved(path)
		})
	}, win)
	d.SetFileName(fileName)
	d.Show()
}
