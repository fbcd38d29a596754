package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// wheelAnywhere returns the long form in s with the mouse wheel moving it
// wherever the pointer rests, over an input box too. Fyne gives the wheel
// to the innermost scrollable object under the pointer, and every input
// box scrolls its own text, so the form stood still whenever the pointer
// was on one. A clear layer over the form takes the wheel, and nothing
// else: clicks, typing, hovering and dragging reach the form as before.
// The text of a long note is moved with its own scroll bar or the keys.
func wheelAnywhere(s *container.Scroll) fyne.CanvasObject {
	w := &wheel{to: s}
	w.ExtendBaseWidget(w)
	return container.NewStack(s, w)
}

// wheel passes the mouse wheel on to a scroll container.
type wheel struct {
	widget.BaseWidget
	to fyne.Scrollable
}

func (w *wheel) Scrolled(ev *fyne.ScrollEvent) { w.to.Scrolled(ev) }

func (w *wheel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(layout.NewSpacer())
}
