package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// newTextTable is a table of one-line text cells under a bold heading row,
// as the diary, the recall list, the lot look-up and the audit report show
// them. columns are the headings and widths their widths; rows says how
// many rows there are, and fill writes the cell at row and col into its
// label, which is reset to plain text first.
func newTextTable(columns []string, widths []float32, rows func() int, fill func(l *widget.Label, row, col int)) *widget.Table {
	t := &widget.Table{}
	t.ExtendBaseWidget(t)
	setUpTextTable(t, columns, widths, rows, fill)
	return t
}

// setUpTextTable makes t a text table, as newTextTable describes.
func setUpTextTable(t *widget.Table, columns []string, widths []float32, rows func() int, fill func(l *widget.Label, row, col int)) {
	t.Length = func() (int, int) { return rows(), len(columns) }
	t.CreateCell = func() fyne.CanvasObject {
		l := widget.NewLabel("Template text")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.Importance = widget.MediumImportance
		if id.Row < 0 || id.Row >= rows() {
			l.SetText("")
			return
		}
		fill(l, id.Row, id.Col)
		l.Refresh()
	}
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("Heading", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(columns) {
			o.(*widget.Label).SetText(columns[id.Col])
		}
	}
	for col, w := range widths {
		t.SetColumnWidth(col, w)
	}
}

// openTable is a text table whose rows each open something, such as a
// patient's record: a double click on a row opens it, and so does Enter on
// the row the keyboard is on.
type openTable struct {
	widget.Table
	// open opens the selected row, if any.
	open func()
}

func newOpenTable(columns []string, widths []float32, rows func() int, fill func(l *widget.Label, row, col int), open func()) *openTable {
	t := &openTable{open: open}
	t.ExtendBaseWidget(t)
	setUpTextTable(&t.Table, columns, widths, rows, fill)
	return t
}

// Tapped selects the cell under the pointer and takes the keyboard, for
// Enter. Table.Tapped looks for the table itself on the canvas, where the
// openTable stands instead, so it cannot take the keyboard on its own.
func (t *openTable) Tapped(e *fyne.PointEvent) {
	t.Table.Tapped(e)
	if c := fyne.CurrentApp().Driver().CanvasForObject(t); c != nil {
		c.Focus(t)
	}
}

// DoubleTapped opens the row under the pointer; a double click beside the
// rows opens nothing.
func (t *openTable) DoubleTapped(e *fyne.PointEvent) {
	t.UnselectAll()
	t.Tapped(e)
	t.open()
}

// TypedKey opens the row the keyboard is on with Enter; other keys move
// and select as in any table.
func (t *openTable) TypedKey(e *fyne.KeyEvent) {
	if e.Name != fyne.KeyReturn && e.Name != fyne.KeyEnter {
		t.Table.TypedKey(e)
		return
	}
	t.Table.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) // selects the row the keyboard is on
	t.open()
}

// scrollTableToTop shows the first rows of t. Table.ScrollToTop (Fyne
// 2.7) lays the first rows out but leaves the view where it was, so a
// table scrolled down shows blank until it is scrolled by hand.
func scrollTableToTop(t *widget.Table) { t.ScrollToOffset(fyne.Position{}) }
