package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestEscapeDismissesTheDialog(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("form"))
	w.Resize(fyne.NewSize(600, 400))
	escapeDismisses(w)
	press := func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }

	answer := ""
	dialog.ShowConfirm("Close without saving?", "What you typed will be lost.", func(ok bool) {
		if ok {
			answer = "yes"
		} else {
			answer = "no"
		}
	}, w)
	press()
	if answer != "no" || w.Canvas().Overlays().Top() != nil {
		t.Errorf("after Esc: answer %q, dialog still open %v; want it answered No and closed", answer, w.Canvas().Overlays().Top() != nil)
	}

	closed := false
	d := dialog.NewInformation("Could not complete that", "The clinic server does not answer.", w)
	d.SetOnClosed(func() { closed = true })
	d.Show()
	press()
	if !closed || w.Canvas().Overlays().Top() != nil {
		t.Errorf("information dialog: closed %v", closed)
	}

	press() // nothing open: nothing happens
}
