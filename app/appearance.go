package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The appearances this PC may keep, in the Account menu's order.
const (
	appearanceSystem = "system"
	appearanceLight  = "light"
	appearanceDark   = "dark"
)

// appearancePreference is where the PC keeps its appearance.
const appearancePreference = "appearance"

var appearanceLabels = map[string]string{
	appearanceSystem: "Same as this computer",
	appearanceLight:  "Light (bright rooms)",
	appearanceDark:   "Dark",
}

// variantTheme is Fyne's theme with its light or dark variant fixed,
// whatever the computer's setting.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(name, t.variant)
}

// applyAppearance gives a the appearance this PC keeps.
func applyAppearance(a fyne.App) {
	switch a.Preferences().StringWithFallback(appearancePreference, appearanceSystem) {
	case appearanceLight:
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
	case appearanceDark:
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}

// appearanceMenu lets whoever uses this PC choose light, dark or the
// computer's own appearance; the choice stays with the PC.
func appearanceMenu(a fyne.App, refresh func()) *fyne.MenuItem {
	item := fyne.NewMenuItem("Appearance", nil)
	current := a.Preferences().StringWithFallback(appearancePreference, appearanceSystem)
	var choices []*fyne.MenuItem
	for _, key := range []string{appearanceSystem, appearanceLight, appearanceDark} {
		choice := fyne.NewMenuItem(appearanceLabels[key], func() {
			a.Preferences().SetString(appearancePreference, key)
			applyAppearance(a)
			refresh()
		})
		choice.Checked = key == current
		choices = append(choices, choice)
	}
	item.ChildMenu = fyne.NewMenu("", choices...)
	return item
}
