package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// settingsForm is what the clinic's settings windows share: the window, a
// Save button that waits for the settings to load, and a status line.
type settingsForm struct {
	win        fyne.Window
	worker     worker
	saveButton *widget.Button
	status     *widget.Label
}

// setStatus shows text under the form, or nothing when it is empty.
func (f *settingsForm) setStatus(text string) {
	f.status.SetText(text)
	if text == "" {
		f.status.Hide()
	} else {
		f.status.Show()
	}
}

// loadSettings reads settings with read and shows them with fill. Stored
// settings that cannot be read (only another program could have written
// them) show the defaults and say so: saving repairs them.
func loadSettings[T any](f *settingsForm, read func(context.Context) (T, error), defaults T, fill func(T), what string) {
	f.saveButton.Disable()
	background(&f.worker, func() (T, error) {
		return read(context.Background())
	}, func(v T, err error) {
		f.saveButton.Enable()
		if err != nil {
			fill(defaults)
			f.setStatus("The saved " + what + " could not be read, so the defaults are shown. Check them and press Save.")
			showError(err, f.win)
			return
		}
		fill(v)
		f.setStatus("")
	})
}
