package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// visibleRows returns the texts of the labels of a table that lie inside
// its part of the window, as a user would see them.
func visibleRows(c fyne.Canvas, table fyne.CanvasObject) map[string]bool {
	var top, bottom float32
	seen := map[string]bool{}
	var labels []*widget.Label
	var at []fyne.Position
	walkVisible(c.Content(), fyne.Position{}, func(o fyne.CanvasObject, pos fyne.Position) {
		if o == table {
			top, bottom = pos.Y, pos.Y+o.Size().Height
		}
		if l, ok := o.(*widget.Label); ok && l.Text != "" {
			labels, at = append(labels, l), append(at, pos)
		}
	})
	for i, l := range labels {
		if at[i].Y >= top && at[i].Y+l.Size().Height <= bottom {
			seen[l.Text] = true
		}
	}
	return seen
}

// walkVisible calls visit with every visible object under o and where it
// is on the canvas.
func walkVisible(o fyne.CanvasObject, at fyne.Position, visit func(fyne.CanvasObject, fyne.Position)) {
	if !o.Visible() {
		return
	}
	at = at.Add(o.Position())
	visit(o, at)
	var children []fyne.CanvasObject
	switch x := o.(type) {
	case fyne.Widget:
		children = test.WidgetRenderer(x).Objects()
	case *fyne.Container:
		children = x.Objects
	}
	for _, child := range children {
		walkVisible(child, at, visit)
	}
}

func TestRecallTableShowsRowsAfterMarkCalled(t *testing.T) {
	store := recallFixture()
	for i := range 60 {
		store.list = append(store.list, data.RecallEntry{PatientID: int64(100 + i), PatientName: fmt.Sprintf("Patient %02d", i),
			Phone: "07700 900000", Reason: "Six-month review due"})
	}
	s := newTestRecall(t, store)

	last := len(s.entries) - 1
	s.table.ScrollTo(widget.TableCellID{Row: last, Col: 1})
	s.table.Select(widget.TableCellID{Row: last, Col: 1})
	if !visibleRows(s.win.Canvas(), s.table)["Patient 59"] {
		t.Fatalf("the last patient is not on screen after scrolling to it: %v", visibleRows(s.win.Canvas(), s.table))
	}
	test.Tap(s.markButton)
	test.Type(s.callNote, "Left a message")
	s.callDialog.Submit()

	if got, want := len(store.calls), 1; got != want {
		t.Fatalf("%d calls recorded, want %d", got, want)
	}
	if seen := visibleRows(s.win.Canvas(), s.table); !seen["Amara Osei"] || !seen["Bea Lund"] {
		t.Errorf("after Mark called the table shows %v, want the first patients of the reloaded list", seen)
	}
}

// TestStretchedWidth: the stretched column takes what the other columns
// and the dividers leave, and never less than its own width.
func TestStretchedWidth(t *testing.T) {
	widths := []float32{100, 200, 300}
	for _, c := range []struct {
		name        string
		width, want float32
		stretch     int
	}{
		{"room to spare", 1000, 688, 2},
		{"middle column", 1000, 588, 1},
		{"no room", 500, 300, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := stretchedWidth(widths, c.stretch, c.width, 4); got != c.want {
				t.Errorf("stretchedWidth = %v, want %v", got, c.want)
			}
		})
	}
}

// TestRecallReasonTakesTheSpareWidth: in a wide window the reason column
// widens to fill the table rather than cut the reason short.
func TestRecallReasonTakesTheSpareWidth(t *testing.T) {
	s := newTestRecall(t, recallFixture())
	reasonWidth := func() float32 {
		want := recallCell(s.entries[0], recallReasonColumn, s.country)
		var width float32
		walkVisible(s.table, fyne.Position{}, func(o fyne.CanvasObject, _ fyne.Position) {
			if l, ok := o.(*widget.Label); ok && l.Text == want {
				width = l.Size().Width
			}
		})
		if width == 0 {
			t.Fatalf("no cell shows the reason %q", want)
		}
		return width
	}
	narrow := reasonWidth()
	s.win.Resize(fyne.NewSize(1280, 720))
	if got := reasonWidth(); got < narrow+250 {
		t.Errorf("the reason column is %v wide in a 1280 window, %v in a 980 one; want it to take the spare width", got, narrow)
	}
}
