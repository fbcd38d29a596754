package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// How often the schedule looks whether a backup is due, and how long it
// waits after a failed backup before trying again.
const (
	backupPollEvery  = 10 * time.Minute
	backupRetryAfter = time.Hour
)

// startBackups runs, in the background once the window is up, the start-up
// checks (a network share, a damaged file) and then the backup schedule.
func (w *window) startBackups(a fyne.App, store BackupStore) {
	w.backups = newBackups(store)
	go w.watchBackups(a)
}

func (w *window) watchBackups(a fyne.App) {
	ctx := context.Background()
	path := w.backups.store.Path()
	if kind, ok := sqlstore.NetworkShare(path); ok {
		fyne.Do(func() {
			dialog.ShowInformation("The database is on a network share", networkShareWarning(path, kind), w.win)
		})
	}
	if err := w.backups.store.QuickCheck(ctx); err != nil {
		fyne.Do(func() { w.offerRestoreNewest(a, err) })
		if sqlstore.IsDamaged(err) {
			// A damaged database is not backed up over the good backups.
			return
		}
	}
	for {
		time.Sleep(w.runSchedule(ctx))
	}
}

// runSchedule makes the scheduled backup if one is due, whoever is signed
// in or nobody, and returns how long to wait before looking again. A
// failure is shown once: the schedule keeps trying every hour, and shows it
// again only when the problem changes or after a backup worked, so the
// same message never piles up over the sign-in screen.
func (w *window) runSchedule(ctx context.Context) time.Duration {
	_, err := w.backups.backUpIfDue(ctx)
	if err == nil {
		w.backups.failure = ""
		return backupPollEvery
	}
	if data.ErrorCode(err) == data.EINTERNAL {
		fyne.LogError("backup failed", err)
	}
	if msg := data.ErrorMessage(err); msg != w.backups.failure {
		w.backups.failure = msg
		fyne.Do(func() { showBackupFailure(err, w.win) })
	}
	return backupRetryAfter
}

// showBackupFailure tells the user that an automatic backup failed and
// what to do.
func showBackupFailure(err error, win fyne.Window) {
	msg := widget.NewLabel(data.ErrorMessage(err) + "\n\nThe clinic's records are not backed up until this is solved. " +
		"Check that the backup folder (Clinic → Backups…) exists, that its drive or network folder is connected and has room, " +
		"or tell your administrator. Needlepoint tries again every hour and tells you again only if the problem changes.")
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("The backup failed", "OK", msg, win)
	d.Resize(fyne.NewSize(560, 280))
	d.Show()
}

// offerRestoreNewest tells the user the database is damaged (or could not
// be checked) and offers the newest verified backup.
func (w *window) offerRestoreNewest(a fyne.App, cause error) {
	if !sqlstore.IsDamaged(cause) {
		showError(cause, w.win)
		return
	}
	_, dir, err := w.backups.settings(context.Background())
	var newest sqlstore.BackupFile
	found := false
	if err == nil {
		newest, found, err = sqlstore.NewestVerifiedBackup(dir, w.backups.store.Path())
	}
	text := data.ErrorMessage(cause)
	if !found {
		text += "\n\nNo verified backup was found. Stop entering records and call your administrator."
		if err != nil {
			text += " (" + data.ErrorMessage(err) + ")"
		}
		dialog.ShowInformation("The database is damaged", text, w.win)
		return
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("The database is damaged", "Restore the newest verified backup", "Not now", msg, func(ok bool) {
		if ok {
			confirmRestore(w.win, &w.backups.worker, w.backups, newest.Path, a.Quit)
		}
	}, w.win)
	d.Resize(fyne.NewSize(560, 260))
	d.Show()
}

// showBackups opens the Backups window.
func (w *window) showBackups(a fyne.App) {
	if w.backups == nil {
		return
	}
	showBackupsWindow(a, w.backups, a.Quit)
}

// backupOnClose makes the backup on closing, if the settings ask for it,
// and then runs close. A failed backup is shown, and the user chooses to
// close anyway or to stay.
func (w *window) backupOnClose(close func()) {
	if w.backups == nil {
		close()
		return
	}
	progress := dialog.NewCustomWithoutButtons("Backing up", widget.NewLabel("Making a backup before closing…"), w.win)
	progress.Show()
	background(&w.backups.worker, func() (bool, error) {
		ctx := context.Background()
		set, err := w.backups.store.BackupSettings(ctx)
		if err != nil || !set.OnClose {
			return false, err
		}
		_, err = w.backups.autoBackUp(ctx)
		return true, err
	}, func(_ bool, err error) {
		progress.Hide()
		if err == nil {
			close()
			return
		}
		msg := widget.NewLabel(data.ErrorMessage(err) + "\n\nClose without a backup?")
		msg.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustomConfirm("The backup failed", "Close anyway", "Stay open", msg, func(ok bool) {
			if ok {
				close()
			}
		}, w.win)
		d.Resize(fyne.NewSize(520, 240))
		d.Show()
	})
}
