package app

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// windowTitled returns the open window of a with that title.
func windowTitled(t *testing.T, a fyne.App, title string) fyne.Window {
	t.Helper()
	for _, w := range a.Driver().AllWindows() {
		if w.Title() == title {
			return w
		}
	}
	t.Fatalf("no window %q is open", title)
	return nil
}

// ctrlS returns what Ctrl+S runs in w: the action of the menu item with
// that shortcut, which the window runs before a focused entry sees the
// keys.
func ctrlS(t *testing.T, w fyne.Window) func() {
	t.Helper()
	want := shortcut("", fyne.KeyS, nil).Shortcut
	if w.MainMenu() != nil {
		for _, m := range w.MainMenu().Items {
			for _, item := range m.Items {
				if item.Shortcut != nil && item.Shortcut.ShortcutName() == want.ShortcutName() {
					return item.Action
				}
			}
		}
	}
	t.Fatalf("Ctrl+S does nothing in the window %q", w.Title())
	return nil
}

// buttonTitled finds a button of w by its text.
func buttonTitled(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walkVisible(w.Canvas().Content(), fyne.Position{}, func(o fyne.CanvasObject, _ fyne.Position) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no %q button in the window %q", text, w.Title())
	}
	return found
}

// eventually waits, up to five seconds, for the window's work in the
// background to make done true.
func eventually(t *testing.T, done func() bool, what string) {
	t.Helper()
	for range 500 {
		if done() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal(what)
}

func TestCtrlSSavesInFormWindows(t *testing.T) {
	if runtime.GOOS == "darwin" {
		t.Skip("on macOS the menu bar, and so Ctrl+S, belongs to the main window")
	}

	t.Run("Session", func(t *testing.T) {
		a := test.NewTempApp(t)
		store := newFakeSessionStore()
		showSessionWindow(a, store, data.DayFirst, testNow, "Zoë Adams", 3, 7, nil)
		w := windowTitled(t, a, "Log session — Zoë Adams")
		save := buttonTitled(t, w, "Save session")
		eventually(t, func() bool { return !save.Disabled() }, "the session form did not load")

		ctrlS(t, w)()
		eventually(t, func() bool { return len(store.logged) == 1 }, "Ctrl+S did not save the session")
		// The save finishes in the background before the question whether
		// to sign appears; Ctrl+S is pressed again once it is open.
		eventually(t, func() bool { return w.Canvas().Overlays().Top() != nil }, "no question whether to sign after the save")
		ctrlS(t, w)() // the question whether to sign is open: nothing more is saved
		time.Sleep(50 * time.Millisecond)
		saves := 0
		for _, c := range store.calls {
			if c == "LogSession" || c == "UpdateSession" {
				saves++
			}
		}
		if saves != 1 {
			t.Errorf("store calls %q, want one save and none behind the open question", store.calls)
		}
	})

	t.Run("Screening", func(t *testing.T) {
		a := test.NewTempApp(t)
		store := &fakeScreeningStore{}
		showScreeningWindow(a, store, data.DayFirst, screeningToday, "Zoë Adams", 7, "Dr Amara Okafor", nil)
		w := windowTitled(t, a, "Screening — Zoë Adams")
		save := buttonTitled(t, w, "Save screening")
		eventually(t, func() bool { return !save.Disabled() }, "the screening form did not load")
		ctrlS(t, w)()
		eventually(t, func() bool { return len(store.created) == 1 }, "Ctrl+S did not save the screening")
	})

	t.Run("ClinicDetails", func(t *testing.T) {
		a := test.NewTempApp(t)
		store := &fakeClinicDetails{details: data.ClinicDetails{Name: "Glow Clinic", PaperSize: data.PaperA4,
			DowntimeGuide: data.DefaultDowntimeGuide()}}
		showClinicDetailsWindow(a, store, nil)
		w := windowTitled(t, a, "Clinic details")
		eventuallyShows(t, w, "Glow Clinic")
		ctrlS(t, w)()
		eventually(t, func() bool { return store.saves == 1 }, "Ctrl+S did not save the clinic details")
	})

	t.Run("OpeningHours", func(t *testing.T) {
		a := test.NewTempApp(t)
		store := &fakeDiaryStore{diary: data.DefaultDiarySettings()}
		showDiaryWindow(a, store)
		w := windowTitled(t, a, "Opening hours and appointment lengths")
		eventuallyShows(t, w, strconv.Itoa(data.DefaultDiarySettings().TreatmentMinutes))
		ctrlS(t, w)()
		eventually(t, func() bool { return store.saves == 1 }, "Ctrl+S did not save the opening hours")
	})

	t.Run("ContraindicationRules", func(t *testing.T) {
		a := test.NewTempApp(t)
		store := &fakeRulesStore{rules: data.DefaultClinicRules()}
		showRulesWindow(a, store)
		w := windowTitled(t, a, "Contraindication rules")
		eventuallyShows(t, w, strconv.Itoa(data.DefaultClinicRules().IsotretinoinWaitMonths))
		ctrlS(t, w)()
		eventually(t, func() bool { return store.saves == 1 }, "Ctrl+S did not save the rules")
	})

	t.Run("Consultation", func(t *testing.T) {
		a := test.NewTempApp(t)
		store := &fakeConsultations{}
		showConsultationWindow(a, store, data.DayFirst, testNow, "Zoë Adams", data.Consultation{PatientID: 5}, nil)
		w := windowTitled(t, a, "Consultation — Zoë Adams")
		var practitioner *widget.Select
		eventually(t, func() bool {
			walkVisible(w.Canvas().Content(), fyne.Position{}, func(o fyne.CanvasObject, _ fyne.Position) {
				if s, ok := o.(*widget.Select); ok && len(s.Options) == 1 && s.Options[0] == "Dr Amara Okafor" {
					practitioner = s
				}
			})
			return practitioner != nil
		}, "the consultation form did not load its practitioners")
		practitioner.SetSelected("Dr Amara Okafor")
		ctrlS(t, w)()
		eventually(t, func() bool { return len(store.saved) == 1 }, "Ctrl+S did not save the consultation")
	})
}

// eventuallyShows waits for an entry of w to hold text, which a form shows
// once it has loaded.
func eventuallyShows(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	eventually(t, func() bool {
		found := false
		walkVisible(w.Canvas().Content(), fyne.Position{}, func(o fyne.CanvasObject, _ fyne.Position) {
			if e, ok := o.(*widget.Entry); ok && e.Text == text {
				found = true
			}
		})
		return found
	}, "the form did not load "+text)
}
