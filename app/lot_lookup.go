package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// LotStore is what the lot recall look-up needs from the database.
type LotStore interface {
	LotLookup(ctx context.Context, lot string) ([]data.LotUse, error)
}

// lotColumns are the headings of the results table.
var lotColumns = []string{"Session date", "Patient", "Lot used as", "Session"}

// lotLookupScreen answers a manufacturer's recall: which patients had a
// needle cartridge or serum lot, and when.
type lotLookupScreen struct {
	win   fyne.Window
	store LotStore
	order data.DateOrder

	lot          *widget.Entry
	searchButton *widget.Button
	copyButton   *widget.Button
	summary      *widget.Label
	table        *widget.Table

	// searched is the lot the results are for, which may differ from what
	// is typed now.
	searched string
	results  []data.LotUse
	worker   worker

	content fyne.CanvasObject
}

func newLotLookupScreen(win fyne.Window, store LotStore, order data.DateOrder) *lotLookupScreen {
	s := &lotLookupScreen{win: win, store: store, order: order}

	s.lot = widget.NewEntry()
	s.lot.SetPlaceHolder("Cartridge or serum lot number, exactly as on the packaging")
	s.lot.OnSubmitted = func(string) { s.onSearch() }
	s.searchButton = widget.NewButtonWithIcon("Search", theme.SearchIcon(), s.onSearch)
	s.searchButton.Importance = widget.HighImportance
	s.copyButton = widget.NewButtonWithIcon("Copy list", theme.ContentCopyIcon(), s.onCopy)
	s.copyButton.Disable()

	s.summary = widget.NewLabel("Type the lot number from the manufacturer's recall notice and press Enter.")
	s.summary.Wrapping = fyne.TextWrapWord

	s.table = newTextTable(lotColumns, []float32{170, 260, 150, 90},
		func() int { return len(s.results) },
		func(l *widget.Label, row, col int) { l.SetText(s.cell(s.results[row], col)) })

	search := container.NewBorder(nil, nil, widget.NewLabel("Lot"), s.searchButton, s.lot)
	top := container.NewVBox(search, s.summary)
	bottom := container.NewHBox(s.copyButton)
	s.content = container.NewBorder(top, bottom, nil, nil, s.table)
	return s
}

// showLotLookupWindow opens the lot recall look-up in a window of its own.
func showLotLookupWindow(a fyne.App, store LotStore, order data.DateOrder) {
	w := a.NewWindow("Lot recall look-up")
	s := newLotLookupScreen(w, store, order)
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(760, 520))
	w.Show()
	w.Canvas().Focus(s.lot)
}

// whichLabel names what the lot was on, in the clinic's words.
func whichLabel(which string) string {
	switch which {
	case "cartridge":
		return "Needle cartridge"
	case "product":
		return "Serum / product"
	}
	return which
}

// when is the session's date in the region's order and its time.
func (s *lotLookupScreen) when(u data.LotUse) string {
	at := u.PerformedAt.Local()
	return s.order.Format(at) + " " + at.Format("15:04")
}

func (s *lotLookupScreen) cell(u data.LotUse, col int) string {
	switch col {
	case 0:
		return s.when(u)
	case 1:
		return u.PatientName
	case 2:
		return whichLabel(u.Which)
	case 3:
		return "#" + strconv.FormatInt(u.SessionID, 10)
	}
	return ""
}

// lotSummary is the line above the results: how many sessions and
// patients the lot reached.
func lotSummary(lot string, uses []data.LotUse) string {
	if len(uses) == 0 {
		return fmt.Sprintf("No session used lot %s.", lot)
	}
	sessions, patients := map[int64]bool{}, map[int64]bool{}
	for _, u := range uses {
		sessions[u.SessionID] = true
		patients[u.PatientID] = true
	}
	return fmt.Sprintf("Lot %s was used in %s for %s.", lot,
		plural(len(sessions), "session"), plural(len(patients), "patient"))
}

// onSearch looks the typed lot up.
func (s *lotLookupScreen) onSearch() {
	lot := strings.TrimSpace(s.lot.Text)
	if lot == "" {
		s.show("", nil)
		s.summary.SetText("Type a lot number first: it is printed on the cartridge or serum packaging and in the recall notice.")
		s.win.Canvas().Focus(s.lot)
		return
	}
	s.summary.SetText("Looking up lot " + lot + "…")
	s.searchButton.Disable()
	background(&s.worker, func() ([]data.LotUse, error) {
		return s.store.LotLookup(context.Background(), lot)
	}, func(uses []data.LotUse, err error) {
		s.searchButton.Enable()
		if err != nil {
			s.show("", nil)
			s.summary.SetText("The look-up did not complete.")
			showError(err, s.win)
			return
		}
		s.show(lot, uses)
		s.summary.SetText(lotSummary(lot, uses))
	})
}

// show puts the results of lot in the table.
func (s *lotLookupScreen) show(lot string, uses []data.LotUse) {
	s.searched, s.results = lot, uses
	if len(uses) > 0 {
		s.copyButton.Enable()
	} else {
		s.copyButton.Disable()
	}
	s.table.ScrollToTop()
	s.table.Refresh()
}

// lotListText is the results as tab-separated lines with a heading line,
// to paste into an email or a spreadsheet.
func (s *lotLookupScreen) lotListText() string {
	var b strings.Builder
	b.WriteString("Lot\tDate\tTime\tPatient\tPatient ID\tLot used as\tSession\n")
	for _, u := range s.results {
		at := u.PerformedAt.Local()
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%d\t%s\t%d\n", s.searched, s.order.Format(at), at.Format("15:04"),
			tabless(u.PatientName), u.PatientID, whichLabel(u.Which), u.SessionID)
	}
	return b.String()
}

// tabless keeps a value in its own spreadsheet cell.
func tabless(v string) string {
	return strings.Join(strings.FieldsFunc(v, func(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }), " ")
}

// onCopy puts the results on the clipboard.
func (s *lotLookupScreen) onCopy() {
	if len(s.results) == 0 {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(s.lotListText())
	s.summary.SetText(lotSummary(s.searched, s.results) + " The list is copied; paste it into an email or a spreadsheet.")
}
