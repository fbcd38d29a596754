package app

import (
	"fmt"
	"hash"
	"hash/fnv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// idleWatch locks a window after a stretch with no activity. Fyne gives an
// application no hook on every key and mouse event, so activity is what
// the user's actions leave behind: once a second the watch takes a
// fingerprint of every window's inputs (the focused input, text and cursor
// of entries, choices, scroll positions, the tab shown, labels such as the
// diary's heading, open dialogs) and any change counts as activity.
// Hovering without doing anything does not.
type idleWatch struct {
	// canvases returns those of every window of the app: typing a long
	// note in a form's own window is activity too.
	canvases func() []fyne.Canvas
	limit    time.Duration
	now      func() time.Time
	lock     func()

	last   time.Time
	print  uint64
	paused bool
	// guard rides on the same tick: see focus.go.
	guard focusGuard
}

func newIdleWatch(canvases func() []fyne.Canvas, limit time.Duration, now func() time.Time, lock func()) *idleWatch {
	return &idleWatch{canvases: canvases, limit: limit, now: now, lock: lock, last: now()}
}

// start ticks every second for as long as the app runs.
func (w *idleWatch) start() {
	go func() {
		for range time.Tick(time.Second) {
			fyne.Do(w.tick)
		}
	}()
}

// pause stops counting while the window is locked or signed out; resume
// starts a fresh stretch.
func (w *idleWatch) pause() { w.paused = true }

func (w *idleWatch) resume() {
	w.paused, w.last, w.print = false, w.now(), fingerprint(w.canvases())
}

// tick runs on the UI goroutine: it notes activity, or locks after limit.
func (w *idleWatch) tick() {
	canvases := w.canvases()
	w.guard.check(canvases)
	if w.paused {
		return
	}
	if f := fingerprint(canvases); f != w.print {
		w.print, w.last = f, w.now()
		return
	}
	if w.now().Sub(w.last) >= w.limit {
		w.paused = true
		w.lock()
	}
}

// fingerprint hashes the state of every input the user can change.
func fingerprint(canvases []fyne.Canvas) uint64 {
	h := fnv.New64a()
	for _, c := range canvases {
		fmt.Fprintf(h, "canvas %p focus %p;", c, c.Focused())
		if f, ok := c.Focused().(fyne.CanvasObject); ok {
			hashInputs(h, f)
		}
		for _, o := range c.Overlays().List() {
			fmt.Fprintf(h, "overlay %p;", o)
			hashInputs(h, o)
		}
		hashInputs(h, c.Content())
	}
	return h.Sum64()
}

// hashInputs adds the user-changeable state of o and what it contains.
func hashInputs(h hash.Hash, o fyne.CanvasObject) {
	if o == nil || !o.Visible() {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, child := range x.Objects {
			hashInputs(h, child)
		}
	case *container.Scroll:
		fmt.Fprintf(h, "scroll %v;", x.Offset)
		hashInputs(h, x.Content)
	case *container.Split:
		fmt.Fprintf(h, "split %v;", x.Offset)
		hashInputs(h, x.Leading)
		hashInputs(h, x.Trailing)
	case *container.AppTabs:
		fmt.Fprintf(h, "tab %d;", x.SelectedIndex())
		if t := x.Selected(); t != nil {
			hashInputs(h, t.Content)
		}
	case *widget.Entry:
		fmt.Fprintf(h, "entry %q %d %d;", x.Text, x.CursorRow, x.CursorColumn)
	case *widget.SelectEntry:
		fmt.Fprintf(h, "entry %q %d %d;", x.Text, x.CursorRow, x.CursorColumn)
	case *widget.DateEntry:
		fmt.Fprintf(h, "entry %q %d %d;", x.Text, x.CursorRow, x.CursorColumn)
	case *widget.Select:
		fmt.Fprintf(h, "select %q;", x.Selected)
	case *widget.Label:
		// Headings and summaries change as the user pages through the
		// diary or a list; nothing updates them on a timer.
		fmt.Fprintf(h, "label %q;", x.Text)
	case *widget.Check:
		fmt.Fprintf(h, "check %t;", x.Checked)
	case *widget.RadioGroup:
		fmt.Fprintf(h, "radio %q;", x.Selected)
	case *widget.List:
		fmt.Fprintf(h, "list %v;", x.GetScrollOffset())
	case *widget.Form:
		for _, item := range x.Items {
			hashInputs(h, item.Widget)
		}
	}
}
