package app

import (
	"slices"

	"fyne.io/fyne/v2"
)

// Fyne 2.7 does not tell a widget that it lost the focus when the content
// or the dialog holding it leaves the canvas (SetContent, a dialog hidden:
// fyne-io/fyne#4374), nor when it is hidden on a tab or a view not shown.
// An entry left like that keeps blinking its cursor unseen, and the blink
// keeps the window repainting. While a window repaints without pause Fyne
// does not renew its record of which canvas each object is on; a minute
// later one cache clean drops those records together with the unseen
// entry's renderer, which stops the blink. Nothing then marks the window
// for repainting again, so it shows the same picture whatever the user
// does (fyne-io/fyne#5131 is the same cache clean freezing a window): the
// window that froze after a minute or two at rest.
//
// So whatever takes an input off screen takes its focus first (takeFocus),
// and focusGuard, ticking with the idle watch, tells the focused input of
// a dialog or content that left the canvas that it lost the focus.

// takeFocus unfocuses what has the focus on c, telling it so, and returns
// it, for whoever wants to give it back later.
func takeFocus(c fyne.Canvas) fyne.Focusable {
	f := c.Focused()
	if f != nil {
		c.Unfocus()
	}
	return f
}

// giveFocus focuses f on c again, if there is one.
func giveFocus(c fyne.Canvas, f fyne.Focusable) {
	if f != nil {
		c.Focus(f)
	}
}

// focusGuard remembers, for each canvas, what had the focus in each of its
// layers (the content and each dialog), so that when a layer leaves the
// canvas its input is told it lost the focus.
type focusGuard struct {
	held map[fyne.Canvas]map[fyne.CanvasObject]fyne.Focusable
}

// check runs on the UI goroutine over the canvases of every open window.
func (g *focusGuard) check(canvases []fyne.Canvas) {
	held := make(map[fyne.Canvas]map[fyne.CanvasObject]fyne.Focusable, len(canvases))
	for _, c := range canvases {
		layers := append(slices.Clone(c.Overlays().List()), c.Content())
		kept := map[fyne.CanvasObject]fyne.Focusable{}
		for layer, f := range g.held[c] {
			if slices.Contains(layers, layer) {
				kept[layer] = f
			} else if f != c.Focused() {
				f.FocusLost()
			}
		}
		if f := c.Focused(); f != nil {
			top := c.Content()
			if o := c.Overlays().Top(); o != nil {
				top = o
			}
			kept[top] = f
		}
		held[c] = kept
	}
	g.held = held
}
