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
	// ClinicDetails give the clinic's country, whose phone numbers are
	// shown as dialled there.
	ClinicDetails(ctx context.Context) (data.ClinicDetails, error)
}

// lotColumns are the headings of the results table.
var lotColumns = []string{"Session date", "Patient", "Born", "Phone", "Lot", "Used as", "Session"}

// lotLookupScreen answers a manufacturer's recall: which patients had a
// needle cartridge or serum lot, and when.
type lotLookupScreen struct {
	win   fyne.Window
	store LotStore
	order data.DateOrder
	// openPatient shows a patient's record in the main window.
	openPatient func(patientID int64)

	lot          *widget.Entry
	searchButton *widget.Button
	openButton   *reasonButton
	copyButton   *reasonButton
	// hint says why the button under the pointer is disabled.
	hint    *hintLine
	summary *widget.Label
	table   *openTable

	// searched is the lot the results are for, which may differ from what
	// is typed now.
	searched string
	results  []data.LotUse
	// country is the clinic's, read with the results.
	country string
	// selected is the row picked in the table, or -1.
	selected int
	worker   worker

	content fyne.CanvasObject
}

func newLotLookupScreen(win fyne.Window, store LotStore, order data.DateOrder, openPatient func(int64)) *lotLookupScreen {
	s := &lotLookupScreen{win: win, store: store, order: order, openPatient: openPatient, selected: -1, country: data.DefaultCountry}

	s.lot = widget.NewEntry()
	s.lot.SetPlaceHolder("Cartridge or serum lot number, or part of it")
	s.lot.OnSubmitted = func(string) { s.onSearch() }
	s.searchButton = widget.NewButtonWithIcon("Search", theme.SearchIcon(), s.onSearch)
	s.searchButton.Importance = widget.HighImportance
	s.hint = newHintLine()
	s.openButton = newReasonButton("Open patient", theme.AccountIcon(), s.onOpen, s.hint)
	s.copyButton = newReasonButton("Copy list", theme.ContentCopyIcon(), s.onCopy, s.hint)
	s.updateButtons()

	s.summary = widget.NewLabel("Type the lot number from the manufacturer's recall notice, or part of it, and press Enter. Capitals, spaces and dashes do not matter.")
	s.summary.Wrapping = fyne.TextWrapWord

	s.table = newOpenTable(lotColumns, []float32{140, 210, 100, 140, 110, 130, 70},
		func() int { return len(s.results) },
		func(l *widget.Label, row, col int) { l.SetText(s.cell(s.results[row], col)) },
		s.onOpen)
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row < 0 || id.Row >= len(s.results) {
			return
		}
		s.selected = id.Row
		s.updateButtons()
	}
	s.table.OnUnselected = func(widget.TableCellID) {
		s.selected = -1
		s.updateButtons()
	}

	search := container.NewBorder(nil, nil, widget.NewLabel("Lot"), s.searchButton, s.lot)
	top := container.NewVBox(search, s.summary)
	bottom := container.NewBorder(nil, nil, container.NewHBox(s.openButton, s.copyButton), nil, s.hint.label)
	s.content = container.NewBorder(top, bottom, nil, nil, s.table)
	return s
}

// showLotLookupWindow opens the lot recall look-up in a window of its own;
// openPatient shows a patient of the results in the main window.
func showLotLookupWindow(a fyne.App, store LotStore, order data.DateOrder, openPatient func(int64)) {
	w := newAppWindow(a, "Lot recall look-up")
	s := newLotLookupScreen(w, store, order, openPatient)
	w.SetContent(s.content)
	showFitted(w, fyne.NewSize(960, 560))
	w.Canvas().Focus(s.lot)
}

// clinicCountry is the clinic's country, for a list that shows phone
// numbers; the default one when the clinic's details cannot be read, as
// the numbers are still shown, if not as dialled there.
func clinicCountry(ctx context.Context, store interface {
	ClinicDetails(ctx context.Context) (data.ClinicDetails, error)
}) string {
	d, err := store.ClinicDetails(ctx)
	if err != nil || d.Country == "" {
		if err != nil {
			fyne.LogError("reading the clinic's country", err)
		}
		return data.DefaultCountry
	}
	return d.Country
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
		return s.order.Format(u.DateOfBirth)
	case 3:
		if u.Phone == "" {
			return "no phone"
		}
		return data.FormatPhone(u.Phone, u.PhoneE164, s.country)
	case 4:
		return u.Lot
	case 5:
		return whichLabel(u.Which)
	case 6:
		return "#" + strconv.FormatInt(u.SessionID, 10)
	}
	return ""
}

// lotSummary is the line above the results: which lots matched what was
// typed, and how many sessions and patients they reached.
func lotSummary(typed string, uses []data.LotUse) string {
	if len(uses) == 0 {
		text := fmt.Sprintf("No session used lot %s.", typed)
		if len([]rune(data.LotKey(typed))) < data.MinLotPart {
			text += fmt.Sprintf(" Type at least %d letters or digits to find the lots that contain them.", data.MinLotPart)
		}
		return text
	}
	var lots []string
	seen, sessions, patients := map[string]bool{}, map[int64]bool{}, map[int64]bool{}
	for _, u := range uses {
		if key := data.LotKey(u.Lot); !seen[key] {
			seen[key] = true
			lots = append(lots, u.Lot)
		}
		sessions[u.SessionID] = true
		patients[u.PatientID] = true
	}
	reach := fmt.Sprintf("%s for %s", plural(len(sessions), "session"), plural(len(patients), "patient"))
	if len(lots) == 1 {
		return fmt.Sprintf("Lot %s was used in %s.", lots[0], reach)
	}
	return fmt.Sprintf("%d lots contain %s: %s. They were used in %s.", len(lots), typed, strings.Join(lots, ", "), reach)
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
	type found struct {
		uses    []data.LotUse
		country string
	}
	background(&s.worker, func() (found, error) {
		ctx := context.Background()
		uses, err := s.store.LotLookup(ctx, lot)
		return found{uses, clinicCountry(ctx, s.store)}, err
	}, func(f found, err error) {
		s.searchButton.Enable()
		if err != nil {
			s.show("", nil)
			s.summary.SetText("The look-up did not complete.")
			showError(err, s.win)
			return
		}
		uses := f.uses
		s.country = f.country
		s.show(lot, uses)
		s.summary.SetText(lotSummary(lot, uses))
	})
}

// show puts the results of lot in the table and forgets the selection.
func (s *lotLookupScreen) show(lot string, uses []data.LotUse) {
	s.searched, s.results = lot, uses
	s.selected = -1
	s.table.UnselectAll()
	s.updateButtons()
	scrollTableToTop(&s.table.Table)
	s.table.Refresh()
}

// updateButtons enables what can be done with the results and the chosen
// row, and gives the other buttons their reasons.
func (s *lotLookupScreen) updateButtons() {
	switch {
	case s.searched == "":
		s.openButton.setEnabled("look up a lot first.")
		s.copyButton.setEnabled("look up a lot first.")
	case len(s.results) == 0:
		s.openButton.setEnabled("no patient was treated with lot " + s.searched + ".")
		s.copyButton.setEnabled("no patient was treated with lot " + s.searched + ".")
	case s.selected < 0:
		s.openButton.setEnabled("choose a row of the results first.")
		s.copyButton.Enable()
	default:
		s.openButton.Enable()
		s.copyButton.Enable()
	}
}

// onOpen shows the patient of the selected row in the main window.
func (s *lotLookupScreen) onOpen() {
	if s.selected < 0 || s.selected >= len(s.results) {
		return
	}
	s.openPatient(s.results[s.selected].PatientID)
}

// lotListText is the results as tab-separated lines with a heading line,
// to paste into an email or a spreadsheet.
func (s *lotLookupScreen) lotListText() string {
	var b strings.Builder
	b.WriteString("Lot\tDate\tTime\tPatient\tPatient ID\tBorn\tPhone\tLot used as\tSession\n")
	for _, u := range s.results {
		at := u.PerformedAt.Local()
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%d\n", pasteCell(u.Lot), s.order.Format(at), at.Format("15:04"),
			pasteCell(u.PatientName), u.PatientID, s.order.Format(u.DateOfBirth), pasteCell(data.FormatPhone(u.Phone, u.PhoneE164, s.country)), whichLabel(u.Which), u.SessionID)
	}
	return b.String()
}

// pasteCell keeps a value in its own spreadsheet cell, and as text: a
// patient named =HYPERLINK(…) is pasted as a name, not run as a formula.
func pasteCell(v string) string {
	return data.SpreadsheetSafe(strings.Join(strings.FieldsFunc(v, func(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }), " "))
}

// onCopy puts the results on the clipboard.
func (s *lotLookupScreen) onCopy() {
	if len(s.results) == 0 {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(s.lotListText())
	s.summary.SetText(lotSummary(s.searched, s.results) + " The list is copied; paste it into an email or a spreadsheet.")
}
