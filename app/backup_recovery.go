package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"needlepoint/assets"
	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// recoveryScreen is what the app shows instead of the main window when the
// database is too damaged to open: what happened, and the newest verified
// backup to restore. The damaged file is set aside under a new name, never
// overwritten.
type recoveryScreen struct {
	win    fyne.Window
	path   string
	worker worker
	now    func() time.Time
	// restored runs when the backup is in place; the app then closes, so
	// it starts again on the restored file the usual way.
	restored func()

	backup        sqlstore.BackupFile
	found         *widget.Label
	restoreButton *widget.Button

	content fyne.CanvasObject
}

// RunRecovery runs the app on the database at path, which could not be
// opened because it is damaged (cause), and returns the exit status: 0
// when a backup was restored, 1 otherwise.
func RunRecovery(path string, cause error, demo bool) int {
	a := fyneapp.NewWithID(ID)
	a.SetIcon(assets.Icon)
	title := "Needlepoint — the database is damaged"
	if demo {
		title += " (DEMO)"
	}
	w := newAppWindow(a, title)
	status := 1
	r := newRecoveryScreen(w, path, cause, func() {
		status = 0
		a.Quit()
	})
	w.SetContent(r.content)
	r.load()
	showFitted(w, fyne.NewSize(640, 360))
	a.Run()
	return status
}

func newRecoveryScreen(win fyne.Window, path string, cause error, restored func()) *recoveryScreen {
	r := &recoveryScreen{win: win, path: path, now: time.Now, restored: restored}
	explain := widget.NewLabel(data.ErrorMessage(cause) + "\n\n" +
		"Needlepoint did not open it, so nothing more is written to it. Restoring a backup keeps the damaged file, unchanged, under a new name beside it.")
	explain.Wrapping = fyne.TextWrapWord
	r.found = widget.NewLabel("Looking for the newest verified backup…")
	r.found.Wrapping = fyne.TextWrapWord
	r.restoreButton = widget.NewButton("Restore the newest verified backup", r.onRestore)
	r.restoreButton.Importance = widget.HighImportance
	r.restoreButton.Disable()
	quit := widget.NewButton("Quit", func() { fyne.CurrentApp().Quit() })
	r.content = container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), quit, r.restoreButton), nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(explain, widget.NewSeparator(), r.found))))
	return r
}

type newestBackup struct {
	file     sqlstore.BackupFile
	contents sqlstore.BackupContents
	folder   string
	ok       bool
}

// load finds the newest verified backup in the folder the damaged database's
// settings name (when they can still be read) or in the default folder.
func (r *recoveryScreen) load() {
	background(&r.worker, func() (newestBackup, error) {
		ctx := context.Background()
		dir, err := backupFolder(sqlstore.ReadBackupSettings(ctx, r.path))
		if err != nil {
			return newestBackup{}, err
		}
		f, ok, err := sqlstore.NewestVerifiedBackup(dir, r.path)
		if err != nil || !ok {
			return newestBackup{folder: dir}, err
		}
		c, err := sqlstore.InspectBackup(ctx, f.Path)
		return newestBackup{file: f, contents: c, folder: dir, ok: true}, err
	}, func(n newestBackup, err error) {
		switch {
		case err != nil:
			r.found.SetText("The newest backup cannot be used: " + data.ErrorMessage(err) + "\n\nCall your administrator; they can restore another backup with: needlepoint restore --db FILE --from BACKUP")
		case !n.ok:
			r.found.SetText("No verified backup was found in " + n.folder + ". Call your administrator; they can restore a backup kept elsewhere with: needlepoint restore --db FILE --from BACKUP")
		default:
			r.backup = n.file
			r.found.SetText(backupDescription(n.contents) + ".\n" + n.file.Path + "\n\nRecords entered after this backup are lost unless they can be recovered from the damaged file.")
			r.restoreButton.Enable()
		}
	})
}

func (r *recoveryScreen) onRestore() {
	r.restoreButton.Disable()
	background(&r.worker, func() (string, error) {
		return sqlstore.RestoreDamaged(context.Background(), r.path, r.backup.Path, r.now(), data.CommandLine(osUser()))
	}, func(keptAs string, err error) {
		if err != nil {
			r.restoreButton.Enable()
			showError(err, r.win)
			return
		}
		d := dialog.NewInformation("Backup restored",
			"The backup is in place. The damaged file is kept as "+keptAs+".\n\nNeedlepoint closes now; start it again.", r.win)
		d.SetOnClosed(r.restored)
		d.Show()
	})
}
