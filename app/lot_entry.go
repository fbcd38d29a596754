package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// lotEntry is the needle cartridge's lot input. Its drop-down offers the
// lots the clinic used lately, so the lot on the pack is picked rather
// than retyped; a barcode scanner typing into it is read when it ends with
// Enter or the focus moves on (sessionForm.readScan).
type lotEntry struct {
	widget.Entry
	order   data.DateOrder
	recent  []data.RecentLot
	menu    *dropArrow
	onPick  func(data.RecentLot)
	onLeave func()
}

func newLotEntry(order data.DateOrder) *lotEntry {
	e := &lotEntry{order: order}
	e.ExtendBaseWidget(e)
	e.menu = newDropArrow(e.showRecent)
	e.ActionItem = e.menu
	return e
}

// setRecent offers lots in the drop-down.
func (e *lotEntry) setRecent(lots []data.RecentLot) {
	e.recent = lots
	e.enableMenu()
}

func (e *lotEntry) enableMenu() {
	e.menu.setEnabled(len(e.recent) > 0 && !e.Disabled())
}

// showRecent opens the drop-down of recent lots under the entry.
func (e *lotEntry) showRecent() {
	items := make([]*fyne.MenuItem, len(e.recent))
	for i, l := range e.recent {
		label := l.Lot + " · no expiry recorded"
		if !l.Expiry.IsZero() {
			label = l.Lot + " · expires " + e.order.Format(l.Expiry)
		}
		items[i] = fyne.NewMenuItem(label, func() { e.onPick(l) })
	}
	d := fyne.CurrentApp().Driver()
	pop := widget.NewPopUpMenu(fyne.NewMenu("", items...), d.CanvasForObject(e))
	pop.ShowAtPosition(d.AbsolutePositionForObject(e).Add(fyne.NewPos(0, e.Size().Height)))
	pop.Resize(fyne.NewSize(max(e.Size().Width, pop.MinSize().Width), pop.MinSize().Height))
}

// TypedKey opens the recent lots on the down arrow, as a select does.
func (e *lotEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyDown && e.menu.enabled {
		e.showRecent()
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut takes Ctrl+], which is how a scanner in keyboard mode
// types the group separator ending a GS1 lot, as that separator: the
// window would drop it, and the serial number after it would be read as
// part of the lot.
func (e *lotEntry) TypedShortcut(s fyne.Shortcut) {
	if c, ok := s.(*desktop.CustomShortcut); ok && c.KeyName == fyne.KeyRightBracket && c.Modifier == fyne.KeyModifierControl {
		e.Entry.TypedRune('\x1d')
		return
	}
	e.Entry.TypedShortcut(s)
}

// FocusLost reads what was typed once the focus moves on: a scanner may
// end its code with Tab, or with nothing.
func (e *lotEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onLeave != nil {
		e.onLeave()
	}
}

// Enable lets the lot be typed and picked.
func (e *lotEntry) Enable() {
	e.Entry.Enable()
	e.enableMenu()
}

// Disable locks the lot, with its drop-down.
func (e *lotEntry) Disable() {
	e.Entry.Disable()
	e.enableMenu()
}

// readScan replaces a GS1 code scanned into the lot field with the lot it
// carries and fills the expiry from it; a lot typed by hand stays as it is.
func (f *sessionForm) readScan() {
	g, ok := data.ParseGS1(f.cartridgeLot.Text)
	if !ok {
		return
	}
	f.cartridgeLot.SetText(g.Lot)
	if !g.Expiry.IsZero() {
		f.cartridgeExpiry.SetText(f.order.Format(g.Expiry))
	}
	switch {
	case g.Lot == "":
		f.status.SetText("Scanned a code without a lot number: type the lot from the pack.")
	case g.Expiry.IsZero():
		f.status.SetText("Scanned: lot " + g.Lot + ". The code has no expiry: type it from the pack.")
	default:
		f.status.SetText("Scanned: lot " + g.Lot + ", expires " + g.Expiry.Format("2 Jan 2006") + ".")
	}
}

// pickLot fills the lot and its expiry from a recent lot.
func (f *sessionForm) pickLot(l data.RecentLot) {
	f.cartridgeLot.SetText(l.Lot)
	f.cartridgeExpiry.SetText(f.order.Format(l.Expiry))
	f.status.SetText("Lot " + l.Lot + " from the recent lots: check it against the pack.")
	f.win.Canvas().Focus(f.cartridgeExpiry)
}

// dropArrow is the lot box's drop-down arrow, opened with the mouse. It is
// not a button, because a button takes a place in the Tab order: Tab
// after the lot stopped on it, and the expiry typed next went nowhere.
// The down arrow key opens the list from the keyboard.
type dropArrow struct {
	widget.BaseWidget
	icon    *widget.Icon
	onTap   func()
	enabled bool
}

func newDropArrow(onTap func()) *dropArrow {
	a := &dropArrow{icon: widget.NewIcon(theme.NewDisabledResource(theme.MenuDropDownIcon())), onTap: onTap}
	a.ExtendBaseWidget(a)
	return a
}

// setEnabled offers the list, or greys the arrow out when there is none.
func (a *dropArrow) setEnabled(on bool) {
	a.enabled = on
	if on {
		a.icon.SetResource(theme.MenuDropDownIcon())
	} else {
		a.icon.SetResource(theme.NewDisabledResource(theme.MenuDropDownIcon()))
	}
}

// Tapped opens the list when there is one.
func (a *dropArrow) Tapped(*fyne.PointEvent) {
	if a.enabled {
		a.onTap()
	}
}

func (a *dropArrow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(a.icon)
}
