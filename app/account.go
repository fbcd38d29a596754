package app

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// begin shows the first screen: the clinic's set-up on a database nobody
// can sign in to yet, the sign-in screen otherwise.
func (w *window) begin() {
	w.closeGate(nil)
	type start struct {
		has     bool
		country string
	}
	background(&w.worker, func() (start, error) {
		ctx := context.Background()
		has, err := w.store.HasAccounts(ctx)
		if err != nil {
			return start{}, err
		}
		// A country that cannot be read must not keep anybody from
		// signing in: the dates then stay in the computer's order.
		country, err := w.store.ClinicCountry(ctx)
		if err != nil {
			fyne.LogError("reading the clinic's country", err)
			country = ""
		}
		return start{has, country}, nil
	}, func(st start, err error) {
		if err != nil {
			showError(err, w.win)
			return
		}
		w.followRegion(st.country)
		if !st.has {
			var s *setUpScreen
			s = newSetUpScreen(w.store, func(a data.Actor) {
				w.followRegion(selectedCountry(s.clinicCountry))
				w.signedIn(a)
			})
			s.worker.inline = w.worker.inline
			w.gate = s.content
			w.win.SetContent(s.content)
			w.win.Canvas().Focus(s.clinicName)
			return
		}
		w.showSignIn(nil)
	})
}

// followRegion writes and reads dates the way the clinic's country does,
// whatever language the computer is set to; with no country known they
// stay in the computer's order. It runs before anybody signs
// in, when the desk is built again in that order at no cost; a country
// changed later is followed from the next start.
func (w *window) followRegion(country string) {
	if country == "" {
		return
	}
	if order := data.DateOrderIn(country); order != w.order {
		w.order = order
		w.desk = w.newDesk()
	}
}

// closeGate hides the app's records: the main window shows nothing but
// what is given, its open dialogs are set aside, the menu keeps only Quit,
// and every other window is hidden until someone signs in.
func (w *window) closeGate(content fyne.CanvasObject) {
	if w.idle != nil {
		w.idle.pause()
	}
	c := w.win.Canvas()
	if w.gate == nil {
		w.focus[c] = c.Focused()
		w.keyboard = keyboardWindow(w.app)
	}
	overlays := c.Overlays()
	set := slices.Clone(overlays.List())
	for i := len(set) - 1; i >= 0; i-- {
		takeFocus(c)
		overlays.Remove(set[i])
	}
	w.overlays = append(w.overlays, set...)
	takeFocus(c)
	for _, other := range w.app.Driver().AllWindows() {
		if other != w.win && !w.setAside(other) {
			if f := takeFocus(other.Canvas()); f != nil {
				w.focus[other.Canvas()] = f
			}
			other.Hide()
			w.hidden = append(w.hidden, other)
		}
	}
	if w.keyboard != nil && w.keyboard != w.win {
		// The window typed in is hidden: the password goes here.
		w.win.RequestFocus()
	}
	quit := shortcut("Quit", fyne.KeyQ, func() { w.onQuit(w.app.Quit) })
	quit.IsQuit = true
	w.win.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu("Needlepoint", quit)))
	if content == nil {
		content = widget.NewLabel("")
	}
	w.gate = content
	w.win.SetContent(content)
}

// showSignIn puts the sign-in screen over everything; locked names the
// user who was signed in, who can resume where they were.
func (w *window) showSignIn(locked *data.Actor) {
	s := newSignInScreen(w.store, locked, w.signedIn)
	if w.demo {
		s.showDemoAccounts()
	}
	s.worker.inline = w.worker.inline
	w.closeGate(s.content)
	w.win.SetTitle(w.title)
	s.focus(w.win.Canvas())
}

// lock hides the records behind the sign-in screen, for the same user to
// carry on or another to sign in. The store keeps its user meanwhile, so
// work running in the background finishes.
func (w *window) lock() {
	if w.gate != nil {
		return
	}
	a, ok := w.store.Actor()
	if !ok {
		w.showSignIn(nil)
		return
	}
	w.showSignIn(&a)
}

// signOut ends the user's session and shows the sign-in screen.
func (w *window) signOut() {
	background(&w.worker, func() (struct{}, error) {
		return struct{}{}, w.store.SignOut(context.Background())
	}, func(_ struct{}, err error) {
		if err != nil {
			showError(err, w.win)
			return
		}
		w.showSignIn(nil)
	})
}

// signedIn opens the records to a: the menu of their role and their desk
// as they left it, with the windows and dialogs set aside meanwhile. When
// a colleague signs in at a locked window, the desk of the person who
// locked it is kept, untouched and unseen, for their return, and the
// colleague gets their own.
func (w *window) signedIn(a data.Actor) {
	if w.owner.StaffID != 0 && a.StaffID != w.owner.StaffID {
		w.desks[w.owner.StaffID] = w.desk
		d, ok := w.desks[a.StaffID]
		if !ok {
			d = w.newDesk()
		}
		delete(w.desks, a.StaffID)
		w.desk = d
	}
	w.owner = a
	w.gate = nil
	w.win.SetTitle(w.title + " — " + a.Name + " (" + a.Role.Label() + ")")
	w.win.SetMainMenu(w.menu(a.Role))
	takeFocus(w.win.Canvas())
	w.win.SetContent(w.framed())
	for _, other := range w.hidden {
		other.Show()
	}
	if len(w.hidden) > 0 {
		// Each window shown takes the keyboard; it goes back to the one
		// that had it, or stays where the password was typed.
		if w.keyboard != nil {
			w.keyboard.RequestFocus()
		} else {
			w.win.RequestFocus()
		}
	}
	w.hidden, w.keyboard = nil, nil
	for _, o := range w.overlays {
		w.win.Canvas().Overlays().Add(o)
	}
	w.overlays = nil
	if !w.desk.started {
		w.desk.start(w.win.Canvas())
	} else {
		w.day.reload()
		if id := w.patients.form.loaded.ID; id != 0 {
			w.patients.clinical.show(id)
		}
	}
	w.catchUp()
	for c, f := range w.focus {
		giveFocus(c, f)
	}
	clear(w.focus)
	if !w.started {
		w.started = true
		w.firstSignIn()
	}
	if a.Role == data.RoleAdmin {
		showSchemaNotice(w.win, w.store)
	}
	w.idle.resume()
	background(&w.worker, func() (int, error) {
		return w.store.IdleLockMinutes(context.Background())
	}, func(n int, err error) {
		if err != nil {
			fyne.LogError("reading the idle lock", err)
			return
		}
		w.idle.limit = time.Duration(n) * time.Minute
	})
}

// canvases returns the canvas of every open window, for the idle watch.
func (w *window) canvases() []fyne.Canvas {
	var list []fyne.Canvas
	for _, win := range w.app.Driver().AllWindows() {
		list = append(list, win.Canvas())
	}
	return list
}

// setAside reports whether win belongs to a desk kept for someone else,
// and so stays hidden.
func (w *window) setAside(win fyne.Window) bool {
	for _, d := range w.desks {
		if slices.Contains(d.hidden, win) {
			return true
		}
	}
	return false
}

// onQuit closes Needlepoint with quit, after the questions closing asks:
// unsaved changes to a patient, and the backup on closing, which is made
// whoever is signed in, or nobody. While the records are hidden, unsaved
// changes wait for their user to sign in, and so do those on the desk of
// someone who left the PC to a colleague. The window's size and place are
// kept for the next start.
func (w *window) onQuit(quit func()) {
	close := func() {
		keepPlacement(w.app, w.win)
		quit()
	}
	for _, d := range w.desks {
		if d.patients.form.dirty() {
			dialog.ShowInformation("Unsaved changes", "Someone who locked Needlepoint and left it to a colleague has unsaved changes to a patient's record. They sign in to save or discard them before Needlepoint closes.", w.win)
			return
		}
	}
	if w.gate == nil {
		w.patients.confirmLeave(func() { w.backupOnClose(close) }, nil)
		return
	}
	if w.patients.form.dirty() {
		dialog.ShowInformation("Unsaved changes", "A patient's record has changes that are not saved yet. Sign in to save or discard them before closing Needlepoint.", w.win)
		return
	}
	w.backupOnClose(close)
}

// showChangePassword asks for the current password and a new one.
func showChangePassword(win fyne.Window, store AccountStore) {
	current := widget.NewPasswordEntry()
	next := widget.NewPasswordEntry()
	repeat := widget.NewPasswordEntry()
	next.SetPlaceHolder("8+ characters, upper and lower case, a digit")
	items := []*widget.FormItem{
		widget.NewFormItem("Current password", current),
		widget.NewFormItem("New password", next),
		widget.NewFormItem("New password again", repeat),
	}
	d := dialog.NewForm("Change my password", "Change password", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		if next.Text != repeat.Text {
			showError(data.Errorf(data.EINVALID, "The two new passwords differ; nothing was changed."), win)
			return
		}
		var w worker
		background(&w, func() (struct{}, error) {
			return struct{}{}, store.ChangePassword(context.Background(), current.Text, next.Text)
		}, func(_ struct{}, err error) {
			if err != nil {
				showError(err, win)
				return
			}
			dialog.ShowInformation("Password changed", "Use the new password from your next sign-in.", win)
		})
	}, win)
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
}
