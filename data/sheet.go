package data

import (
	"encoding/csv"
	"io"
	"strings"
)

// SheetWriter writes CSV that is safe to open in a spreadsheet. Every
// export goes through it: a cell a spreadsheet would read as a formula
// (a patient named =HYPERLINK(…), a note starting with +) is written with
// a leading apostrophe, so that it shows as the text it is and never runs.
type SheetWriter struct {
	cw *csv.Writer
}

// NewSheetWriter returns a SheetWriter writing to w.
func NewSheetWriter(w io.Writer) SheetWriter {
	return SheetWriter{csv.NewWriter(w)}
}

// Write writes one row, every cell guarded.
func (w SheetWriter) Write(row []string) error {
	safe := make([]string, len(row))
	for i, cell := range row {
		safe[i] = SpreadsheetSafe(cell)
	}
	return w.cw.Write(safe)
}

// Flush writes what is buffered and returns the first error of the whole
// export.
func (w SheetWriter) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// SpreadsheetSafe keeps a spreadsheet from reading a cell as a formula:
// one that starts with =, +, -, @, a tab or a carriage return, after any
// spaces, which some spreadsheets drop. Lists copied for pasting into a
// spreadsheet use it too.
func SpreadsheetSafe(s string) string {
	if t := strings.TrimLeft(s, " "); t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}
