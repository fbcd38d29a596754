// Package app is Needlepoint's desktop interface, built with Fyne.
package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/assets"
	"needlepoint/data"
)

// ID is the application identifier, as in FyneApp.toml.
const ID = "app.needlepoint.desk"

// window is Needlepoint's main window: the desk of whoever is signed in,
// and the menu.
type window struct {
	app     fyne.App
	win     fyne.Window
	store   ClinicStore
	title   string
	demo    bool
	order   data.DateOrder
	now     func() time.Time
	backups *backups // nil until Run starts them

	// *desk is the signed-in person's screens; desks keeps, by staff ID,
	// those of people who locked the window and left it to a colleague.
	*desk
	owner data.Actor
	desks map[int64]*desk

	// Signing in: the screen shown while nobody is signed in or the window
	// is locked (nil otherwise), and the idle watch that locks the window.
	gate    fyne.CanvasObject
	idle    *idleWatch
	started bool
	worker  worker
	// stopWatch ends the watch on other computers' changes (watch).
	stopWatch context.CancelFunc
	// recall is the open list of patients to call, nil when it is closed.
	recall *recallScreen
	// pending are the changes other computers saved while the window was
	// locked, shown when it is unlocked.
	pending []data.Change
	// offline says that the clinic server does not answer; body holds it
	// above the desk's tabs (framed).
	offline *widget.Label
	body    *fyne.Container
}

// desk is one person's screens in the main window: the day's appointments
// and the patients, with what they had open.
type desk struct {
	tabs     *container.AppTabs
	today    *container.TabItem
	day      *dayScreen
	patients *patientsScreen
	// hidden and overlays are the other windows and the dialogs set aside
	// while the window is locked, to come back when this person returns.
	hidden   []fyne.Window
	overlays []fyne.CanvasObject
	// focus is what had the focus in each window when it was locked, and
	// keyboard the window that had the keyboard, nil when none of them had.
	focus    map[fyne.Canvas]fyne.Focusable
	keyboard fyne.Window
	started  bool
}

// newWindow builds the main window in a, on store, at its preferred size.
// demo marks the window so nobody mistakes demo records for real ones.
func newWindow(a fyne.App, store ClinicStore, demo bool, order data.DateOrder, now func() time.Time) *window {
	w := windowIn(a, newAppWindow(a, ""), store, demo, order, now)
	w.win.Resize(preferredWindowSize)
	return w
}

// windowIn makes win the main window on store, as newWindow does; the
// first start shows its choice in win before.
func windowIn(a fyne.App, win fyne.Window, store ClinicStore, demo bool, order data.DateOrder, now func() time.Time) *window {
	title := "Needlepoint"
	if demo {
		title = "Needlepoint — DEMO (not real patients)"
	}
	win.SetTitle(title)
	w := &window{app: a, win: win, store: store, title: title, demo: demo,
		order: order, now: now, desks: map[int64]*desk{}}
	w.desk = w.newDesk()
	w.offline = widget.NewLabel("")
	w.offline.Importance = widget.DangerImportance
	w.offline.Wrapping = fyne.TextWrapWord
	w.offline.Hide()
	w.win.SetContent(w.framed())
	w.win.SetMainMenu(w.menu(data.RoleAdmin))
	w.win.SetCloseIntercept(func() { w.onQuit(w.win.Close) })
	w.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { w.onDropped(uris) })
	return w
}

// onDropped takes files dropped onto the window as photos for the open
// patient, when their Photos tab is showing; elsewhere a drop does nothing.
func (w *window) onDropped(uris []fyne.URI) {
	if w.desk == nil || w.gate != nil || w.tabs.SelectedIndex() != 1 {
		return
	}
	if p := w.patients; p.tabs.Selected().Content == p.photos.content {
		p.photos.onDropped(uris)
	}
}

// newDesk builds a person's screens: the diary first, as reception starts
// the day on it; the patients are one tab away.
func (w *window) newDesk() *desk {
	d := &desk{
		patients: newPatientsScreen(w.win, w.store, w.order, w.now),
		day:      newDayScreen(w.win, w.store, w.order, w.now),
		focus:    map[fyne.Canvas]fyne.Focusable{},
	}
	d.patients.worker.inline, d.day.worker.inline = w.worker.inline, w.worker.inline
	d.day.openPatient = w.openFromDiary
	d.today = container.NewTabItemWithIcon("Today", theme.HistoryIcon(), d.day.content)
	patients := container.NewTabItemWithIcon("Patients", theme.AccountIcon(), d.patients.content)
	d.tabs = container.NewAppTabs(d.today, patients)
	d.tabs.OnSelected = func(t *container.TabItem) {
		if t == d.today {
			takeFocus(w.win.Canvas()) // the patients' inputs are hidden now
			d.day.reload()
		} else {
			w.win.Canvas().Focus(d.patients.search)
		}
	}
	return d
}

// start loads a desk's screens the first time its person signs in: the
// patients screen on its tab, which focuses the search box, then the day,
// which loads it.
func (d *desk) start(c fyne.Canvas) {
	d.started = true
	d.tabs.SelectIndex(1)
	d.patients.start()
	c.Unfocus()
	d.tabs.Select(d.today)
}

// clinicSaved reads and shows phone numbers in the clinic's country as
// just saved, on the desk of everyone signed in.
func (w *window) clinicSaved(d data.ClinicDetails) {
	if w.desk != nil {
		w.patients.setCountry(d.Country)
	}
	for _, other := range w.desks {
		if other != w.desk {
			other.patients.setCountry(d.Country)
		}
	}
}

// onPatients runs a patient action on the Patients tab, moving there first.
func (w *window) onPatients(action func()) func() {
	return func() {
		w.tabs.SelectIndex(1)
		action()
	}
}

// openPatient shows a patient's record on the Patients tab.
func (w *window) openPatient(id int64) {
	w.tabs.SelectIndex(1)
	w.patients.openPatient(id)
}

// openFromDiary opens the patient of the appointment chosen in the diary:
// a practitioner opening a treatment lands on the clinical record, where
// the session is logged; everyone else on the tab they were on.
func (w *window) openFromDiary(id int64) {
	tab := -1
	if a, ok := w.day.current(); ok && a.PatientID == id && a.Kind == data.KindTreatment && can(w.store, data.PermSessions) {
		tab = 1
	}
	w.tabs.SelectIndex(1)
	w.patients.openPatientAt(id, tab)
}

// showPatient brings the main window forward with a patient's record, for
// the windows that find patients, such as the lot recall look-up.
func (w *window) showPatient(id int64) {
	w.win.RequestFocus()
	w.openPatient(id)
}

// showToday shows today's appointments on the Today tab.
func (w *window) showToday() {
	w.tabs.Select(w.today)
	w.day.setMode(false)
	w.day.showDay(w.day.now())
}

// shortcut is a menu item with a Ctrl (Cmd on macOS) shortcut.
func shortcut(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
	m := fyne.NewMenuItem(label, action)
	m.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	return m
}

// menu holds the global shortcuts: menu items run before a focused entry
// can swallow the keys. It offers what role r may do; the store refuses
// the rest anyway.
func (w *window) menu(r data.Role) *fyne.MainMenu {
	a := w.app
	quit := shortcut(lang.L("Quit"), fyne.KeyQ, func() { w.onQuit(a.Quit) })
	quit.IsQuit = true
	clinic := fyne.NewMenu("Clinic",
		fyne.NewMenuItem("Lot recall look-up…", func() { showLotLookupWindow(a, w.store, w.patients.order, w.showPatient) }))
	for _, x := range []struct {
		perm   data.Permission
		label  string
		action func()
	}{
		{data.PermStaff, "Staff and sign-ins…", func() { showStaffWindow(a, w.store) }},
		{data.PermSettings, "Contraindication rules…", func() { showRulesWindow(a, w.store) }},
		{data.PermSettings, "Opening hours and appointment lengths…", func() { showDiaryWindow(a, w.store) }},
		{data.PermSettings, "Consent forms…", func() { showConsentTemplatesWindow(a, w.store) }},
		{data.PermSettings, "Clinic details and handouts…", func() { showClinicDetailsWindow(a, w.store, w.clinicSaved) }},
		{data.PermBackup, "Backups…", func() { w.showBackups(a) }},
		{data.PermAudit, "Audit trail…", func() { showAuditWindow(a, w.store, w.patients.order, w.patients.now, 0, "") }},
	} {
		if r.Can(x.perm) {
			clinic.Items = append(clinic.Items, fyne.NewMenuItem(x.label, x.action))
		}
	}
	if r == data.RoleAdmin {
		clinic.Items = append(clinic.Items, fyne.NewMenuItem("This PC's database…", func() { showPCDatabaseWindow(a, w.store.Path()) }))
	}
	return fyne.NewMainMenu(
		fyne.NewMenu("Patient",
			shortcut("New patient", fyne.KeyN, w.onPatients(w.patients.onNew)),
			shortcut("Find patient", fyne.KeyF, w.onPatients(w.patients.focusSearch)),
			shortcut("Save", fyne.KeyS, w.onPatients(w.patients.onSave)),
			fyne.NewMenuItemSeparator(),
			quit,
		),
		fyne.NewMenu("Front desk",
			shortcut("Appointments today", fyne.KeyD, w.showToday),
			fyne.NewMenuItem("Patients to call…", w.openRecall),
		),
		clinic,
		fyne.NewMenu("Account",
			shortcut("Lock or switch user", fyne.KeyL, w.lock),
			fyne.NewMenuItem("Change my password…", func() { showChangePassword(w.win, w.store) }),
			appearanceMenu(a, func() { w.win.SetMainMenu(w.menu(r)) }),
			fyne.NewMenuItem("Sign out", w.signOut),
		),
	)
}

// Run opens the main window on store, asks who is using it, and runs until
// the user quits. The PDFs opened for printing are removed when it closes,
// and on the next start after a crash.
func Run(store ClinicStore, demo bool) {
	a := newApp()
	removePrints()
	defer removePrints()
	w := openDesk(a, newAppWindow(a, ""), store, demo)
	showPlaced(a, w.win)
	a.Run()
	w.closed()
}

// newApp is the Fyne app Needlepoint runs in.
func newApp() fyne.App {
	a := fyneapp.NewWithID(ID)
	a.SetIcon(assets.Icon)
	applyAppearance(a)
	return a
}

// openDesk makes win the main window on store and asks who is using it.
func openDesk(a fyne.App, win fyne.Window, store ClinicStore, demo bool) *window {
	guardFileSaves(store.Path())
	w := windowIn(a, win, store, demo, data.DateOrderFor(string(lang.SystemLocale())), time.Now)
	w.begin()
	return w
}

// closed ends, once the window has closed, the watch on other computers'
// changes and the user's session.
func (w *window) closed() {
	if w.stopWatch != nil {
		w.stopWatch()
	}
	if err := w.store.SignOut(context.Background()); err != nil {
		fyne.LogError("signing out on closing", err)
	}
}

// firstSignIn starts, once someone has signed in, the backups, the idle
// watch and the diary's clock.
func (w *window) firstSignIn() {
	if b, ok := w.store.(BackupStore); ok {
		w.startBackups(w.app, b)
	}
	w.idle = newIdleWatch(w.canvases, time.Duration(data.DefaultIdleLockMinutes)*time.Minute, time.Now, w.lock)
	w.watch()
	if !w.worker.inline {
		// Headless tests tick the watch and the diary's clock themselves.
		w.idle.start()
		go w.keepTime()
	}
}
