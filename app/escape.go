package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// dismissLabels are the words of the buttons that close a dialog without
// doing anything, most likely first.
var dismissLabels = []string{"Cancel", "Keep editing", "Not now", "No", "Go back", "Close", "OK"}

// escapeDismisses makes Esc close the dialog on top of w, as pressing its
// Cancel (or No, Close, OK) button would, so its own handling runs. Esc
// reaches the window when no text box has the cursor; a dialog's buttons
// and lists do not keep it.
func escapeDismisses(w fyne.Window) {
	c := w.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			dismissTop(c)
		}
	})
}

// dismissTop presses the dismiss button of the dialog on top of c, or
// removes it when it has none. It reports whether there was one.
func dismissTop(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	buttons := map[string]*widget.Button{}
	walk(top, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && !b.Disabled() && b.OnTapped != nil {
			buttons[b.Text] = b
		}
	})
	for _, label := range dismissLabels {
		if b, ok := buttons[label]; ok {
			b.OnTapped()
			return true
		}
	}
	c.Overlays().Remove(top)
	return true
}

// walk calls fn on o and every object laid out in it: the content of a
// pop-up and the objects of containers, as dialogs are built.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *widget.PopUp:
		walk(x.Content, fn)
	case *fyne.Container:
		for _, child := range x.Objects {
			walk(child, fn)
		}
	}
}

// newAppWindow opens a window of Needlepoint's, in which Esc closes the
// dialog on top.
func newAppWindow(a fyne.App, title string) fyne.Window {
	w := a.NewWindow(title)
	escapeDismisses(w)
	return w
}
