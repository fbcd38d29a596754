package app

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// believesFocused reports whether e thinks it has the focus: what makes
// its cursor blink, and so its window repaint. Fyne keeps it to the entry
// and its renderer, so the test reads the field itself.
func believesFocused(e *widget.Entry) bool {
	return reflect.ValueOf(e).Elem().FieldByName("focused").Bool()
}

// TestNoInputKeepsTheFocusOffScreen follows the paths that froze the
// window after a minute at rest (issue 18): each left an entry that was
// off screen believing it still had the focus.
func TestNoInputKeepsTheFocusOffScreen(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	w := newTestWindow(t, store)
	w.begin()

	s := signInWith(t, w, "jamal", "Right-pass1")
	if w.gate != nil {
		t.Fatal("could not sign in")
	}
	if believesFocused(s.password) {
		t.Error("after signing in, the sign-in screen's password box still believes it has the focus")
	}

	w.tabs.SelectIndex(1)
	if w.win.Canvas().Focused() != w.patients.search || !believesFocused(w.patients.search) {
		t.Fatal("the Patients tab does not focus its search box")
	}
	w.showToday()
	if believesFocused(w.patients.search) {
		t.Error("on the Today tab, the hidden search box still believes it has the focus")
	}

	w.win.Canvas().Focus(w.day.dateEntry)
	w.day.setMode(true)
	if believesFocused(w.day.dateEntry) {
		t.Error("in the week view, the hidden date box still believes it has the focus")
	}
	w.day.setMode(false)

	w.lock()
	s = signInWith(t, w, "jamal", "Right-pass1")
	if believesFocused(s.password) {
		t.Error("after unlocking, the lock screen's password box still believes it has the focus")
	}

	w.lock()
	s = signInWith(t, w, "amara", "Right-pass1")
	if believesFocused(s.password) {
		t.Error("after a switch of user, the password box still believes it has the focus")
	}
}

// TestLockGivesTheFocusBack: whoever locks the window with the cursor in
// the search box finds it there when they sign in again, and nothing else
// believes it has the focus meanwhile.
func TestLockGivesTheFocusBack(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	w := newTestWindow(t, store)
	w.signedIn(testAdminActor)
	w.tabs.SelectIndex(1)
	note := widget.NewEntry()
	other := w.app.NewWindow("Session log")
	other.SetContent(note)
	other.Show()
	other.Canvas().Focus(note)

	w.lock()
	if believesFocused(w.patients.search) || believesFocused(note) {
		t.Error("while locked, an input of the hidden records believes it has the focus")
	}
	signInWith(t, w, "amara", "Right-pass1")
	if w.win.Canvas().Focused() != w.patients.search {
		t.Error("the search box did not get its focus back after signing in again")
	}
	if other.Canvas().Focused() != note {
		t.Error("the session window's note did not get its focus back after signing in again")
	}
}

// TestFocusGuardReleasesADialogsInput: a dialog closed with its entry
// focused (typing a reason, then clicking the button) leaves the entry
// believing it has the focus; the guard tells it otherwise.
func TestFocusGuardReleasesADialogsInput(t *testing.T) {
	test.NewTempApp(t)
	search := widget.NewEntry()
	win := test.NewTempWindow(t, container.NewVBox(search))
	win.Resize(fyne.NewSize(600, 400))
	win.Canvas().Focus(search)
	canvases := func() []fyne.Canvas { return []fyne.Canvas{win.Canvas()} }
	var g focusGuard

	reason := widget.NewEntry()
	d := dialog.NewCustom("Cancel appointment", "Close", reason, win)
	d.Show()
	win.Canvas().Focus(reason)
	test.Type(reason, "Patient unwell")
	g.check(canvases())
	d.Hide()
	if !believesFocused(reason) {
		t.Fatal("Fyne now releases a hidden dialog's focus itself: the guard can go")
	}
	g.check(canvases())
	if believesFocused(reason) {
		t.Error("the closed dialog's entry still believes it has the focus")
	}
	if win.Canvas().Focused() != search || !believesFocused(search) {
		t.Error("the guard took the focus from the window's own search box")
	}
}

// BenchmarkIdleTick is what the idle watch and the focus guard cost each
// second at rest: a signed-in desk on the Patients tab with a record open.
func BenchmarkIdleTick(b *testing.B) {
	var patients []data.Patient
	for i := range 50 {
		patients = append(patients, data.Patient{FirstName: fmt.Sprintf("Zoë %d", i), LastName: "Adams"})
	}
	store := newFakeStore(patients...)
	a := test.NewTempApp(b)
	w := newWindow(a, store, false, data.DayFirst, testNow)
	b.Cleanup(w.win.Close)
	w.win.Resize(fyne.NewSize(1280, 760))
	w.worker.inline, w.patients.worker.inline, w.day.worker.inline = true, true, true
	w.signedIn(testAdminActor)
	w.tabs.SelectIndex(1)
	w.patients.list.Select(0)
	b.ResetTimer()
	for b.Loop() {
		w.idle.tick()
	}
}

// TestIdleLockGivesTheFocusBack: after the idle lock, whoever signs in
// again finds the cursor where they left it in the main window, whether
// in a patient's details, the diary's date box or an open dialog.
func TestIdleLockGivesTheFocusBack(t *testing.T) {
	for _, c := range []struct {
		name  string
		focus func(w *window) *widget.Entry
	}{
		{"PatientDetails", func(w *window) *widget.Entry {
			w.tabs.SelectIndex(1)
			w.patients.list.Select(0)
			return w.patients.form.lastName
		}},
		{"DiaryDate", func(w *window) *widget.Entry {
			w.showToday()
			return w.day.dateEntry
		}},
		{"Dialog", func(w *window) *widget.Entry {
			showChangePassword(w.win, w.store)
			for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
				if e, ok := o.(*widget.Entry); ok {
					return e
				}
			}
			t.Fatal("the Change my password dialog has no entry")
			return nil
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
			w := newTestWindow(t, store)
			w.begin()
			signInWith(t, w, "jamal", "Right-pass1")
			clock := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
			w.idle.now = func() time.Time { return clock }
			entry := c.focus(w)
			w.win.Canvas().Focus(entry)
			test.Type(entry, "x")

			w.idle.tick()
			clock = clock.Add(w.idle.limit)
			w.idle.tick()
			if w.gate == nil {
				t.Fatal("the window did not lock after the idle minutes")
			}
			if believesFocused(entry) {
				t.Error("while locked, the input left believes it has the focus")
			}
			signInWith(t, w, "jamal", "Right-pass1")
			if w.win.Canvas().Focused() != entry || !believesFocused(entry) {
				t.Errorf("after unlocking, the focus is on %T, not back on the input that had it", w.win.Canvas().Focused())
			}
		})
	}
}

// hasKeyboard reports whether the test driver's win has the keyboard,
// which it gives, as a desktop does, to each window shown.
func hasKeyboard(win fyne.Window) bool {
	return reflect.ValueOf(win).Elem().FieldByName("focused").Bool()
}

// TestLockGivesTheKeyboardBack: the windows hidden by the lock come
// back on unlocking, and each one shown would take the keyboard; it goes
// back to the main window, where it was.
func TestLockGivesTheKeyboardBack(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	w := newTestWindow(t, store)
	w.begin()
	signInWith(t, w, "jamal", "Right-pass1")
	lots := w.app.NewWindow("Lot recall look-up")
	lots.SetContent(widget.NewEntry())
	lots.Show()
	w.win.RequestFocus()

	w.lock()
	signInWith(t, w, "jamal", "Right-pass1")
	if !hasKeyboard(w.win) {
		t.Error("after unlocking, the keyboard is on the lot recall window shown again, not back on the main window")
	}
}
