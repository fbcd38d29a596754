// Package app is Needlepoint's desktop interface, built with Fyne.
package app

import (
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"needlepoint/assets"
	"needlepoint/data"
)

// ID is the application identifier, as in FyneApp.toml.
const ID = "app.needlepoint.desk"

// window is Needlepoint's main window: the day's appointments, the
// patients screen and the menu.
type window struct {
	win      fyne.Window
	tabs     *container.AppTabs
	today    *container.TabItem
	day      *dayScreen
	patients *patientsScreen
	backups  *backups // nil until Run starts them
}

// newWindow builds the main window in a, on store. demo marks the window so
// nobody mistakes demo records for real ones.
func newWindow(a fyne.App, store ClinicStore, demo bool, order data.DateOrder, now func() time.Time) *window {
	title := "Needlepoint"
	if demo {
		title = "Needlepoint — DEMO (not real patients)"
	}
	w := &window{win: a.NewWindow(title)}
	w.patients = newPatientsScreen(w.win, store, order, now)
	w.day = newDayScreen(w.win, store, order, now)
	w.day.openPatient = w.openPatient
	// Reception starts the day on the diary; the patients are one tab away.
	w.today = container.NewTabItemWithIcon("Today", theme.HistoryIcon(), w.day.content)
	patients := container.NewTabItemWithIcon("Patients", theme.AccountIcon(), w.patients.content)
	w.tabs = container.NewAppTabs(w.today, patients)
	w.tabs.OnSelected = func(t *container.TabItem) {
		if t == w.today {
			w.day.reload()
		} else {
			w.win.Canvas().Focus(w.patients.search)
		}
	}
	w.win.SetContent(w.tabs)
	w.win.SetMainMenu(w.menu(a))
	w.win.SetCloseIntercept(func() {
		w.patients.confirmLeave(func() { w.backupOnClose(w.win.Close) }, nil)
	})
	w.win.Resize(fyne.NewSize(1280, 760))
	return w
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

// showToday shows today's appointments on the Today tab.
func (w *window) showToday() {
	w.tabs.Select(w.today)
	w.day.setMode(false)
	w.day.showDay(w.day.now())
}

// menu holds the global shortcuts: menu items run before a focused entry
// can swallow the keys.
func (w *window) menu(a fyne.App) *fyne.MainMenu {
	item := func(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, action)
		m.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
		return m
	}
	quit := item(lang.L("Quit"), fyne.KeyQ, func() {
		w.patients.confirmLeave(func() { w.backupOnClose(a.Quit) }, nil)
	})
	quit.IsQuit = true
	return fyne.NewMainMenu(
		fyne.NewMenu("Patient",
			item("New patient", fyne.KeyN, w.onPatients(w.patients.onNew)),
			item("Find patient", fyne.KeyF, w.onPatients(w.patients.focusSearch)),
			item("Save", fyne.KeyS, w.onPatients(w.patients.onSave)),
			fyne.NewMenuItemSeparator(),
			quit,
		),
		fyne.NewMenu("Front desk",
			item("Appointments today", fyne.KeyD, w.showToday),
			fyne.NewMenuItem("Patients to call…", func() { showRecallWindow(a, w.patients.store, w.patients.now) }),
		),
		fyne.NewMenu("Clinic",
			fyne.NewMenuItem("Lot recall look-up…", func() { showLotLookupWindow(a, w.patients.store, w.patients.order) }),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Staff directory…", func() { showStaffWindow(a, w.patients.store) }),
			fyne.NewMenuItem("Contraindication rules…", func() { showRulesWindow(a, w.patients.store) }),
			fyne.NewMenuItem("Opening hours and appointment lengths…", func() { showDiaryWindow(a, w.patients.store) }),
			fyne.NewMenuItem("Clinic details and handouts…", func() { showClinicDetailsWindow(a, w.patients.store) }),
			fyne.NewMenuItem("Backups…", func() { w.showBackups(a) }),
		),
	)
}

// Run opens the main window on store and runs until the user quits.
func Run(store ClinicStore, demo bool) {
	a := fyneapp.NewWithID(ID)
	a.SetIcon(assets.Icon)
	order := data.DateOrderFor(string(lang.SystemLocale()))
	w := newWindow(a, store, demo, order, time.Now)
	// The patients screen starts on its tab, which focuses the search box;
	// then the desk sees the day, which loads it.
	w.tabs.SelectIndex(1)
	w.patients.start()
	w.win.Canvas().Unfocus()
	w.tabs.Select(w.today)
	if b, ok := store.(BackupStore); ok {
		w.startBackups(a, b)
	}
	w.win.ShowAndRun()
}
