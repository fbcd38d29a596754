package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"
)

// TestAppearanceChosenAndKept: the Account menu sets this PC to light or
// dark whatever the computer's own setting, or back to the computer's;
// the choice is kept with the PC's preferences and ticked in the menu.
func TestAppearanceChosenAndKept(t *testing.T) {
	w := newTestWindow(t, newFakeStore())
	w.signedIn(testAdminActor)
	choose := func(label string) {
		t.Helper()
		for _, m := range w.win.MainMenu().Items {
			for _, item := range m.Items {
				if item.Label != "Appearance" {
					continue
				}
				for _, c := range item.ChildMenu.Items {
					if strings.HasPrefix(c.Label, label) {
						c.Action()
						return
					}
				}
			}
		}
		t.Fatalf("no Account → Appearance → %s", label)
	}
	background := func() string {
		r, g, b, _ := w.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark).RGBA()
		if r+g+b > 3*0x8000 {
			return "light"
		}
		return "dark"
	}
	choose("Light")
	if got := background(); got != "light" {
		t.Errorf("background after choosing Light is %s on a dark computer", got)
	}
	if got := w.app.Preferences().String(appearancePreference); got != appearanceLight {
		t.Errorf("kept appearance = %q, want %q", got, appearanceLight)
	}
	ticked := ""
	for _, m := range w.win.MainMenu().Items {
		for _, item := range m.Items {
			if item.ChildMenu != nil {
				for _, c := range item.ChildMenu.Items {
					if c.Checked {
						ticked = c.Label
					}
				}
			}
		}
	}
	if !strings.HasPrefix(ticked, "Light") {
		t.Errorf("ticked = %q, want Light", ticked)
	}
	choose("Dark")
	if got := background(); got != "dark" {
		t.Errorf("background after choosing Dark is %s", got)
	}
	choose("Same as this computer")
	if _, fixed := w.app.Settings().Theme().(variantTheme); fixed {
		t.Error("the computer's own appearance is not followed")
	}
}
