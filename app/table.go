package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
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

// stretchedColumn lays a text table out so that one of its columns takes
// the width the others leave: a wide window shows a long reason or detail
// in full rather than cut short with "…" beside empty room.
type stretchedColumn struct {
	table *widget.Table
	// widths are the table's column widths; widths[stretch] is the
	// narrowest the stretched column gets.
	widths  []float32
	stretch int
}

// stretchColumn returns t, whose column widths are widths, laid out so
// that its column col takes the width the others leave, and the layout,
// to change a column's width with.
func stretchColumn(t *widget.Table, widths []float32, col int) (fyne.CanvasObject, *stretchedColumn) {
	s := &stretchedColumn{table: t, widths: slices.Clone(widths), stretch: col}
	return container.New(s, t), s
}

// Layout gives the table all of size, and its stretched column what the
// others leave of size's width.
func (s *stretchedColumn) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	s.table.Move(fyne.Position{})
	s.table.Resize(size)
	s.fit()
}

// MinSize is the table's.
func (s *stretchedColumn) MinSize([]fyne.CanvasObject) fyne.Size { return s.table.MinSize() }

// setWidth makes column col width wide, and the stretched column take
// what is then left.
func (s *stretchedColumn) setWidth(col int, width float32) {
	s.widths[col] = width
	s.table.SetColumnWidth(col, width)
	s.fit()
}

func (s *stretchedColumn) fit() {
	s.table.SetColumnWidth(s.stretch, stretchedWidth(s.widths, s.stretch, s.table.Size().Width, theme.Padding()))
}

// stretchedWidth is the width of column stretch in a table width wide
// whose columns are widths wide, each followed by a divider of gap:
// whatever the other columns leave, and never less than widths[stretch].
func stretchedWidth(widths []float32, stretch int, width, gap float32) float32 {
	left := width
	for col, w := range widths {
		left -= gap
		if col != stretch {
			left -= w
		}
	}
	return max(left, widths[stretch])
}
