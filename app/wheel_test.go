package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestWheelMovesTheFormOverAnInputBox: the wheel turned with the pointer on
// an input box of the patient form moves the form, and a click on the
// form still reaches what is under the pointer.
func TestWheelMovesTheFormOverAnInputBox(t *testing.T) {
	s := newTestScreen(t, newFakeStore())
	s.win.Resize(fyne.NewSize(1000, 640))
	c := s.win.Canvas()
	at := func(o fyne.CanvasObject) fyne.Position {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Add(fyne.NewPos(30, 10))
	}

	test.Scroll(c, at(s.form.lastName), 0, -60)
	if s.detailsScroll.Offset.Y <= 0 {
		t.Fatal("the wheel over the last name box did not move the form")
	}
	moved := s.detailsScroll.Offset.Y
	test.Scroll(c, at(s.form.dateOfBirth), 0, 40)
	if s.detailsScroll.Offset.Y >= moved {
		t.Errorf("the wheel turned back over the date of birth left the form at %v", s.detailsScroll.Offset.Y)
	}

	test.TapCanvas(c, at(s.form.sex))
	if c.Overlays().Top() == nil {
		t.Error("a click on the sex choice did not open its list")
	}
}
