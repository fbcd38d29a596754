package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"needlepoint/data"
)

// showError tells the user what went wrong in their words. Domain errors
// carry such a message; anything else is logged in full and shown as a
// generic sentence, so no SQL or file internals reach the screen.
func showError(err error, win fyne.Window) {
	if err == nil {
		return
	}
	if data.ErrorCode(err) == data.EINTERNAL {
		fyne.LogError("unexpected error", err)
	}
	d := dialog.NewInformation("Could not complete that", data.ErrorMessage(err), win)
	d.Show()
}

// worker runs database work off the UI goroutine and shows its result on
// the UI goroutine.
type worker struct {
	// inline runs the work and then its result on the caller's goroutine.
	// Headless tests set it: the test driver would otherwise run results on
	// each worker goroutine, in parallel with the test.
	inline bool
}

// do runs work in the background, then the function it returns with
// fyne.Do.
func (w *worker) do(work func() (show func())) {
	if w.inline {
		work()()
		return
	}
	go func() { fyne.Do(work()) }()
}

// background runs work with w and hands its result to done on the UI
// goroutine.
func background[T any](w *worker, work func() (T, error), done func(T, error)) {
	w.do(func() func() {
		v, err := work()
		return func() { done(v, err) }
	})
}
