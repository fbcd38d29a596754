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
	t := widget.NewTable(
		func() (int, int) { return rows(), len(columns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("Template text")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Importance = widget.MediumImportance
			if id.Row < 0 || id.Row >= rows() {
				l.SetText("")
				return
			}
			fill(l, id.Row, id.Col)
			l.Refresh()
		},
	)
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
	return t
}

// scrollTableToTop shows the first rows of t. Table.ScrollToTop (Fyne
// 2.7) lays the first rows out but leaves the view where it was, so a
// table scrolled down shows blank until it is scrolled by hand.
func scrollTableToTop(t *widget.Table) { t.ScrollToOffset(fyne.Position{}) }
