package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// restoreChoice is what a restore confirmation shows: the backup's
// contents and the clinic whose records it would replace.
type restoreChoice struct {
	contents sqlstore.BackupContents
	ours     data.ClinicIdentity
}

// otherClinic reports whether the backup holds another clinic's records.
// A backup made before clinic identities is taken as this clinic's.
func (c restoreChoice) otherClinic() bool {
	theirs := c.contents.Clinic
	return theirs.ID != "" && c.ours.ID != "" && theirs.ID != c.ours.ID
}

// confirmOtherClinic asks, naming both clinics, whether another clinic's
// backup is really to replace this clinic's records: right on a computer
// whose database was just set up, a mistake anywhere else.
func confirmOtherClinic(win fyne.Window, w *worker, b *backups, path string, choice restoreChoice, afterRestore func()) {
	text := backupDescription(choice.contents) + ".\n\n" +
		"This backup holds the records of another clinic: " + choice.contents.Clinic.String() + ". " +
		"This database holds those of " + choice.ours.String() + ".\n\n" +
		"Restoring it replaces every record of " + choice.ours.String() + " with the other clinic's, on every computer using this database. " +
		"Do this only if it is meant, for example on a computer whose database was just set up, to bring in your clinic's records. " +
		"The current records are first kept as a safety copy beside the database, and the audit trail records that another clinic's backup was restored."
	askToRestore(win, "Restore another clinic's backup?", "Restore the other clinic's records", text,
		widget.DangerImportance, fyne.NewSize(560, 360), func() { restoreBackup(win, w, b, path, true, afterRestore) })
}

// askToRestore asks, in a dialog of the given size, whether to restore,
// and calls restore when the person confirms.
func askToRestore(win fyne.Window, title, confirm, text string, importance widget.Importance, size fyne.Size, restore func()) {
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, confirm, "Cancel", msg, func(ok bool) {
		if ok {
			restore()
		}
	}, win)
	d.SetConfirmImportance(importance)
	d.Resize(size)
	d.Show()
}
