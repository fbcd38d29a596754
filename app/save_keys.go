package app

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// saveMenu gives the window of a form a menu with Save on Ctrl+S, as the
// main window has. A focused entry keeps every shortcut typed in it; only
// a window's menu sees shortcuts first. Save presses save, unless save is
// hidden or disabled or a dialog is open over the form.
//
// On macOS the menu bar belongs to the whole program: a window's menu
// would replace the main window's, so the form's window gets none there.
func saveMenu(w fyne.Window, title string, save *widget.Button) {
	if runtime.GOOS == "darwin" {
		return
	}
	item := shortcut("Save", fyne.KeyS, func() {
		if !save.Visible() || save.Disabled() || w.Canvas().Overlays().Top() != nil {
			return
		}
		save.OnTapped()
	})
	w.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu(title, item)))
}

// askBeforeClosing makes closing the form's window w ask first while
// dirty reports unsaved work, saying what would be lost.
func askBeforeClosing(w fyne.Window, dirty func() bool, lost string) {
	w.SetCloseIntercept(func() {
		if !dirty() {
			w.Close()
			return
		}
		d := dialog.NewConfirm("Close without saving?", lost, func(ok bool) {
			if ok {
				w.Close()
			}
		}, w)
		d.SetConfirmText("Close without saving")
		d.SetDismissText("Keep editing")
		d.SetConfirmImportance(widget.WarningImportance)
		d.Show()
	})
}
