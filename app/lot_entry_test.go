package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// scanned is what a keyboard-wedge scanner types for a cartridge pack's
// GS1 DataMatrix: GTIN, expiry (end of June 2027), lot, then serial after
// the group separator.
const scanned = "]d2010501234567890017270600" + "10DP4-2612C\x1d21SN0042"

func TestSessionLotScannedWithEnter(t *testing.T) {
	store := newFakeSessionStore()
	f := newTestSessionForm(t, store)
	if f.cartridgeLot.Text != "" || f.cartridgeExpiry.Text != "" {
		t.Fatalf("new session opened with lot %q, expiry %q; want them empty", f.cartridgeLot.Text, f.cartridgeExpiry.Text)
	}

	f.win.Canvas().Focus(f.cartridgeLot)
	test.Type(f.cartridgeLot, scanned)
	f.cartridgeLot.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})

	if got, want := f.cartridgeLot.Text+" "+f.cartridgeExpiry.Text, "DP4-2612C 30/06/2027"; got != want {
		t.Errorf("lot and expiry = %q, want %q", got, want)
	}
	if got, want := f.status.Text, "Scanned: lot DP4-2612C, expires 30 Jun 2027."; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
	if slices.Contains(store.calls, "LogSession") {
		t.Error("the scanner's Enter saved the session")
	}
	if got := f.win.Canvas().Focused(); got != f.cartridgeExpiry {
		t.Errorf("focus on %T after the scan, want the expiry", got)
	}
}

func TestSessionLotScanRead(t *testing.T) {
	t.Run("OnLeaving", func(t *testing.T) {
		f := newTestSessionForm(t, newFakeSessionStore())
		f.win.Canvas().Focus(f.cartridgeLot)
		test.Type(f.cartridgeLot, "(01)05012345678900(17)270630(10)DP4-2612C")
		f.win.Canvas().Focus(f.product)
		if got, want := f.cartridgeLot.Text+" "+f.cartridgeExpiry.Text, "DP4-2612C 30/06/2027"; got != want {
			t.Errorf("lot and expiry = %q, want %q", got, want)
		}
	})
	t.Run("GroupSeparatorAsCtrlBracket", func(t *testing.T) {
		f := newTestSessionForm(t, newFakeSessionStore())
		f.win.Canvas().Focus(f.cartridgeLot)
		lot, serial, _ := strings.Cut(scanned, "\x1d")
		test.Type(f.cartridgeLot, lot)
		f.cartridgeLot.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRightBracket, Modifier: fyne.KeyModifierControl})
		test.Type(f.cartridgeLot, serial)
		f.cartridgeLot.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if got, want := f.cartridgeLot.Text, "DP4-2612C"; got != want {
			t.Errorf("lot = %q, want %q without the serial number", got, want)
		}
	})
	t.Run("OnSave", func(t *testing.T) {
		store := newFakeSessionStore()
		f := newTestSessionForm(t, store)
		f.cartridgeLot.SetText(scanned)
		test.Tap(f.saveButton)
		if len(store.logged) != 1 {
			t.Fatalf("logged %d sessions, want 1", len(store.logged))
		}
		if x := store.logged[0]; x.CartridgeLot != "DP4-2612C" || !x.CartridgeExpiry.Equal(time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("stored lot %q, expiry %v; want the scanned ones", x.CartridgeLot, x.CartridgeExpiry)
		}
	})
	t.Run("TypedLotStays", func(t *testing.T) {
		f := newTestSessionForm(t, newFakeSessionStore())
		f.cartridgeExpiry.SetText("31/12/2027")
		test.Type(f.cartridgeLot, "10234")
		f.cartridgeLot.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if got, want := f.cartridgeLot.Text+" "+f.cartridgeExpiry.Text, "10234 31/12/2027"; got != want {
			t.Errorf("lot and expiry = %q, want %q", got, want)
		}
	})
}

// openRecentLots opens the drop-down of recent lots and returns it.
func openRecentLots(t *testing.T, f *sessionForm) *widget.PopUpMenu {
	t.Helper()
	test.Tap(f.cartridgeLot.menu)
	for _, o := range test.LaidOutObjects(f.win.Canvas().Overlays().Top()) {
		if pop, ok := o.(*widget.PopUpMenu); ok {
			return pop
		}
	}
	t.Fatal("no drop-down of recent lots")
	return nil
}

func TestSessionRecentLots(t *testing.T) {
	t.Run("Pick", func(t *testing.T) {
		store := newFakeSessionStore()
		store.recent = []data.RecentLot{
			{Lot: "DP4-2612C", Expiry: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), LastUsed: testNow().AddDate(0, 0, -1)},
			{Lot: "Q9", LastUsed: testNow().AddDate(0, 0, -9)},
		}
		f := newTestSessionForm(t, store)
		f.cartridgeExpiry.SetText("01/01/2027")

		pop := openRecentLots(t, f)
		var text string
		for _, o := range test.LaidOutObjects(pop) {
			if l, ok := o.(*canvas.Text); ok {
				text += l.Text + "\n"
			}
		}
		for _, want := range []string{"DP4-2612C · expires 30/06/2027", "Q9 · no expiry recorded"} {
			if !strings.Contains(text, want) {
				t.Errorf("drop-down does not offer %q:\n%s", want, text)
			}
		}
		test.Tap(pop.Items[1].(fyne.Tappable))
		if got, want := f.cartridgeLot.Text+"|"+f.cartridgeExpiry.Text, "Q9|"; got != want {
			t.Errorf("after picking Q9, lot|expiry = %q, want %q", got, want)
		}

		pop = openRecentLots(t, f)
		test.Tap(pop.Items[0].(fyne.Tappable))
		if got, want := f.cartridgeLot.Text+"|"+f.cartridgeExpiry.Text, "DP4-2612C|30/06/2027"; got != want {
			t.Errorf("after picking DP4-2612C, lot|expiry = %q, want %q", got, want)
		}
	})
	t.Run("TabGoesToTheExpiry", func(t *testing.T) {
		store := newFakeSessionStore()
		store.recent = []data.RecentLot{{Lot: "DP4-2612C", LastUsed: testNow().AddDate(0, 0, -1)}}
		f := newTestSessionForm(t, store)
		c := f.win.Canvas()
		c.Focus(f.cartridgeLot)
		c.FocusNext()
		if c.Focused() != f.cartridgeExpiry {
			t.Errorf("Tab after the lot went to %T, want the expiry", c.Focused())
		}
	})
	t.Run("NoneToOffer", func(t *testing.T) {
		f := newTestSessionForm(t, newFakeSessionStore())
		if f.cartridgeLot.menu.enabled {
			t.Error("the drop-down of recent lots is enabled with none to offer")
		}
	})
}
