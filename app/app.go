// Package app is Needlepoint's desktop interface, built with Fyne.
package app

import (
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"needlepoint/assets"
	"needlepoint/data"
)

// ID is the application identifier, as in FyneApp.toml.
const ID = "app.needlepoint.desk"

// window is Needlepoint's main window: the patients screen and the menu.
type window struct {
	win      fyne.Window
	patients *patientsScreen
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
	w.win.SetContent(w.patients.content)
	w.win.SetMainMenu(w.menu(a))
	w.win.SetCloseIntercept(func() {
		w.patients.confirmLeave(w.win.Close, nil)
	})
	w.win.Resize(fyne.NewSize(1280, 760))
	return w
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
		w.patients.confirmLeave(a.Quit, nil)
	})
	quit.IsQuit = true
	return fyne.NewMainMenu(
		fyne.NewMenu("Patient",
			item("New patient", fyne.KeyN, w.patients.onNew),
			item("Find patient", fyne.KeyF, w.patients.focusSearch),
			item("Save", fyne.KeyS, w.patients.onSave),
			fyne.NewMenuItemSeparator(),
			quit,
		),
		fyne.NewMenu("Front desk",
			item("Appointments today", fyne.KeyD, func() { showDayWindow(a, w.patients.store, w.patients.order, w.patients.now) }),
			fyne.NewMenuItem("Patients to call…", func() { showRecallWindow(a, w.patients.store, w.patients.now) }),
		),
		fyne.NewMenu("Clinic",
			fyne.NewMenuItem("Lot recall look-up…", func() { showLotLookupWindow(a, w.patients.store, w.patients.order) }),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Staff directory…", func() { showStaffWindow(a, w.patients.store) }),
			fyne.NewMenuItem("Contraindication rules…", func() { showRulesWindow(a, w.patients.store) }),
			fyne.NewMenuItem("Opening hours and appointment lengths…", func() { showDiaryWindow(a, w.patients.store) }),
			fyne.NewMenuItem("Clinic details and handouts…", func() { showClinicDetailsWindow(a, w.patients.store) }),
		),
	)
}

// Run opens the main window on store and runs until the user quits.
func Run(store ClinicStore, demo bool) {
	a := fyneapp.NewWithID(ID)
	a.SetIcon(assets.Icon)
	order := data.DateOrderFor(string(lang.SystemLocale()))
	w := newWindow(a, store, demo, order, time.Now)
	w.patients.start()
	w.win.ShowAndRun()
}
