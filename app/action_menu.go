package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// actionMenu is one button that opens a record's less frequent actions as
// a menu, in place of a row of buttons.
type actionMenu struct {
	widget.Button
	menu *fyne.Menu
}

// newActionMenu returns a menu button of items, or nil when there are none.
func newActionMenu(label string, items ...*fyne.MenuItem) *actionMenu {
	if len(items) == 0 {
		return nil
	}
	m := &actionMenu{menu: fyne.NewMenu("", items...)}
	m.Text, m.Icon, m.IconPlacement = label, theme.MenuDropDownIcon(), widget.ButtonIconTrailingText
	m.OnTapped = m.open
	m.ExtendBaseWidget(m)
	return m
}

// open shows the menu under the button.
func (m *actionMenu) open() {
	c := fyne.CurrentApp().Driver().CanvasForObject(m)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(m).Add(fyne.NewPos(0, m.Size().Height))
	widget.ShowPopUpMenuAtPosition(m.menu, c, pos)
}
