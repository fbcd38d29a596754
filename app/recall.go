package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// RecallStore is what the "Patients to call" window needs from the
// database.
type RecallStore interface {
	Recall(ctx context.Context, today time.Time) ([]data.RecallEntry, error)
	MarkCalled(ctx context.Context, patientID, seriesID, by int64, note string) error
	RecordExported(ctx context.Context, document string) error
	Actor() (data.Actor, bool)
}

// recallColumns are the headings of the recall table.
var recallColumns = []string{"Overdue", "Patient", "Phone", "Reminders", "Reason", "Last called"}

// recallScreen lists the patients the desk should ring today, most urgent
// first, and records the calls made.
type recallScreen struct {
	win   fyne.Window
	store RecallStore
	now   func() time.Time
	// country is the clinic's, whose numbers are shown in the national
	// format.
	country string

	summary       *widget.Label
	table         *widget.Table
	markButton    *widget.Button
	exportButton  *widget.Button
	refreshButton *widget.Button

	// all is the list as loaded; entries what the filters leave of it,
	// as the table shows it.
	all     []data.RecallEntry
	entries []data.RecallEntry
	// search finds a patient by name or phone; cutoff leaves out those
	// overdue for longer than the choice (recallCutoffs).
	search *widget.Entry
	cutoff *widget.Select
	// openButton shows the chosen patient's record in the main window.
	openButton  *widget.Button
	openPatient func(id int64)
	// selected is the row picked in the table, or -1.
	selected int
	worker   worker

	// The "Mark called" dialog, while it is open.
	callDialog *dialog.FormDialog
	callNote   *widget.Entry

	content fyne.CanvasObject
}

// recallCutoffs are how long overdue a patient may be and still be listed,
// in days, in the order the filter offers them; 0 lists everyone.
var recallCutoffs = []struct {
	label string
	days  int
}{
	{"Overdue up to 6 months", 183},
	{"Overdue up to 1 year", 365},
	{"Overdue up to 2 years", 730},
	{"Everyone, however long ago", 0},
}

// defaultRecallCutoff is the cut-off the list starts with: patients gone
// for more than two years drop off it.
const defaultRecallCutoff = 2

func newRecallScreen(win fyne.Window, store RecallStore, now func() time.Time, openPatient func(id int64)) *recallScreen {
	if now == nil {
		now = time.Now
	}
	s := &recallScreen{win: win, store: store, now: now, country: data.DefaultCountry, selected: -1, openPatient: openPatient}

	s.summary = widget.NewLabel("Loading the patients to call…")
	s.summary.Wrapping = fyne.TextWrapWord

	s.table = newTextTable(recallColumns, []float32{125, 170, 130, 90, 300, 145},
		func() int { return len(s.entries) },
		func(l *widget.Label, row, col int) { l.SetText(recallCell(s.entries[row], col, s.country)) })
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row < 0 || id.Row >= len(s.entries) {
			return
		}
		s.selected = id.Row
		s.markButton.Enable()
		enable(s.openButton, s.openPatient != nil)
	}
	s.table.OnUnselected = func(widget.TableCellID) {
		s.selected = -1
		s.markButton.Disable()
		s.openButton.Disable()
	}

	s.markButton = widget.NewButtonWithIcon("Mark called…", theme.ConfirmIcon(), s.onMarkCalled)
	s.markButton.Importance = widget.HighImportance
	s.markButton.Disable()
	s.exportButton = widget.NewButtonWithIcon("Export CSV…", theme.DocumentSaveIcon(), s.onExport)
	s.exportButton.Disable()
	s.refreshButton = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), s.load)
	s.openButton = widget.NewButtonWithIcon("Open patient", theme.AccountIcon(), s.onOpen)
	s.openButton.Disable()
	if openPatient == nil {
		s.openButton.Hide()
	}

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Find a name or phone number in the list")
	s.search.OnChanged = func(string) { s.filter() }
	var cutoffs []string
	for _, c := range recallCutoffs {
		cutoffs = append(cutoffs, c.label)
	}
	s.cutoff = widget.NewSelect(cutoffs, func(string) { s.filter() })
	s.cutoff.SetSelectedIndex(defaultRecallCutoff)

	top := container.NewVBox(container.NewGridWithColumns(2, s.search, s.cutoff), s.summary)
	bottom := container.NewHBox(s.markButton, s.openButton, s.exportButton, s.refreshButton)
	s.content = container.NewBorder(top, bottom, nil, nil, s.table)
	return s
}

// filter shows the patients of the list the search and the cut-off leave.
func (s *recallScreen) filter() {
	if s.table == nil {
		return // still being built
	}
	days := 0
	if i := s.cutoff.SelectedIndex(); i >= 0 {
		days = recallCutoffs[i].days
	}
	query := data.Fold(strings.TrimSpace(s.search.Text))
	digits := data.PhoneDigits(query)
	var shown []data.RecallEntry
	left := 0
	for _, e := range s.all {
		if days > 0 && !e.NotYetEligible && e.Urgency > days {
			left++
			continue
		}
		if query != "" && !strings.Contains(data.Fold(e.PatientName), query) && !s.phoneHas(e, digits) {
			continue
		}
		shown = append(shown, e)
	}
	s.show(shown)
	summary := recallSummary(shown)
	if left > 0 {
		summary += fmt.Sprintf(" Left out: %s overdue for longer (choose Everyone to see them).", plural(left, "patient"))
	}
	s.summary.SetText(summary)
}

// phoneHas reports whether digits (three or more) are part of e's number,
// as typed, as shown or in international form: "07700 900" finds a number
// typed "+44 7700 900123".
func (s *recallScreen) phoneHas(e data.RecallEntry, digits string) bool {
	if len(digits) < 3 {
		return false
	}
	for _, form := range []string{e.Phone, data.FormatPhone(e.Phone, e.PhoneE164, s.country), e.PhoneE164} {
		if strings.Contains(data.PhoneDigits(form), digits) {
			return true
		}
	}
	return false
}

// onOpen shows the chosen patient's record.
func (s *recallScreen) onOpen() {
	if s.selected >= 0 && s.selected < len(s.entries) && s.openPatient != nil {
		s.openPatient(s.entries[s.selected].PatientID)
	}
}

// showRecallWindow opens the list of patients to call in a window of its
// own; closed runs when the window closes. The caller loads it.
func showRecallWindow(a fyne.App, store RecallStore, now func() time.Time, openPatient func(id int64), closed func()) *recallScreen {
	w := a.NewWindow("Patients to call")
	s := newRecallScreen(w, store, now, openPatient)
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(980, 560))
	w.SetOnClosed(closed)
	w.Show()
	return s
}

// recallCell is the text of one cell of the table, with the phone number
// as the desk of a clinic in country reads it.
func recallCell(e data.RecallEntry, col int, country string) string {
	switch col {
	case 0:
		if e.NotYetEligible {
			return "not yet eligible"
		}
		if e.Urgency <= 0 {
			return "today"
		}
		return plural(e.Urgency, "day")
	case 1:
		return e.PatientName
	case 2:
		if e.Phone == "" {
			return "no phone"
		}
		return data.FormatPhone(e.Phone, e.PhoneE164, country)
	case 3:
		if e.ReminderConsent {
			return "yes"
		}
		return "no"
	case 4:
		return e.Reason
	case 5:
		return lastCalled(e)
	}
	return ""
}

// lastCalled says when the patient was last rung about this, and what was
// noted.
func lastCalled(e data.RecallEntry) string {
	if e.LastCalled.IsZero() {
		return "not yet"
	}
	text := e.LastCalled.Local().Format("2 Jan 2006 15:04")
	if note := strings.Join(strings.Fields(e.LastCallNote), " "); note != "" {
		text += " – " + note
	}
	return text
}

// recallSummary is the line above the table: how many patients to call,
// and how many are listed after them as not yet eligible.
func recallSummary(list []data.RecallEntry) string {
	toCall, waiting := recallCounts(list)
	switch {
	case toCall == 0 && waiting == 0:
		return "Nobody to call today."
	case toCall == 0:
		return fmt.Sprintf("Nobody to call today. Listed: %s not yet eligible for their next session, soonest first.", plural(waiting, "patient"))
	case waiting == 0:
		return plural(toCall, "patient") + " to call, most overdue first."
	}
	return fmt.Sprintf("%s to call, most overdue first. Listed after them: %s not yet eligible for their next session, soonest first.",
		plural(toCall, "patient"), plural(waiting, "patient"))
}

// recallCounts counts the patients to call and those not yet eligible.
func recallCounts(list []data.RecallEntry) (toCall, waiting int) {
	for _, e := range list {
		if e.NotYetEligible {
			waiting++
		} else {
			toCall++
		}
	}
	return toCall, waiting
}

// load reads the list for today, off the UI goroutine.
func (s *recallScreen) load() {
	s.summary.SetText("Loading the patients to call…")
	s.refreshButton.Disable()
	today := s.now()
	background(&s.worker, func() ([]data.RecallEntry, error) {
		return s.store.Recall(context.Background(), today)
	}, func(list []data.RecallEntry, err error) {
		s.refreshButton.Enable()
		if err != nil {
			s.all = nil
			s.show(nil)
			s.summary.SetText("The list of patients to call could not be loaded.")
			showError(err, s.win)
			return
		}
		s.all = list
		s.filter()
	})
}

// show puts list in the table and forgets the selection, whose row may
// have moved or gone.
func (s *recallScreen) show(list []data.RecallEntry) {
	s.entries = list
	s.selected = -1
	s.table.UnselectAll()
	s.markButton.Disable()
	s.openButton.Disable()
	if len(list) > 0 {
		s.exportButton.Enable()
	} else {
		s.exportButton.Disable()
	}
	s.table.SetColumnWidth(recallPhoneColumn, phoneColumnWidth(list, s.country))
	scrollTableToTop(s.table)
	s.table.Refresh()
}

// recallPhoneColumn is the phone's column in the recall table, and
// minPhoneWidth its narrowest width.
const (
	recallPhoneColumn = 2
	minPhoneWidth     = 130
)

// phoneColumnWidth is wide enough for the longest phone number listed, so
// that no digit of a number to call is cut off.
func phoneColumnWidth(list []data.RecallEntry, country string) float32 {
	w := float32(minPhoneWidth)
	for _, e := range list {
		text := fyne.MeasureText(recallCell(e, recallPhoneColumn, country), theme.TextSize(), fyne.TextStyle{})
		w = max(w, text.Width+2*theme.InnerPadding()+theme.Padding())
	}
	return w
}

// onMarkCalled asks what was said to the selected patient and records the
// call in the signed-in user's name.
func (s *recallScreen) onMarkCalled() {
	if s.selected < 0 || s.selected >= len(s.entries) {
		return
	}
	me, ok := s.store.Actor()
	if !ok {
		showError(data.Errorf(data.EFORBIDDEN, "Sign in to Needlepoint first."), s.win)
		return
	}
	s.askCall(s.entries[s.selected], me)
}

// askCall shows the "Mark called" dialog for e, made by me.
func (s *recallScreen) askCall(e data.RecallEntry, me data.Actor) {
	s.callNote = widget.NewMultiLineEntry()
	s.callNote.SetPlaceHolder("What was said: booked, left a message, no answer…")
	s.callNote.SetMinRowsVisible(3)
	s.callNote.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("write what was said")
		}
		return nil
	}
	// The table cuts long reasons short; the desk reads them all here.
	reason := widget.NewLabel(strings.ReplaceAll(e.Reason, "; ", "\n"))
	reason.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem("Why", reason),
		widget.NewFormItem("Called by", widget.NewLabel(me.Name)),
		widget.NewFormItem("Note", s.callNote),
	}
	note := s.callNote
	s.callDialog = dialog.NewForm("Called "+e.PatientName, "Mark called", "Cancel", items, func(ok bool) {
		s.callDialog = nil
		if ok {
			s.recordCall(e, me.StaffID, note.Text)
		}
	}, s.win)
	s.callDialog.Resize(fyne.NewSize(460, 300))
	s.callDialog.Show()
	s.win.Canvas().Focus(s.callNote)
}

// recordCall stores the call and reloads the list.
func (s *recallScreen) recordCall(e data.RecallEntry, by int64, note string) {
	s.summary.SetText("Recording the call to " + e.PatientName + "…")
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.store.MarkCalled(context.Background(), e.PatientID, e.SeriesID, by, strings.TrimSpace(note))
	}, func(_ struct{}, err error) {
		if err != nil {
			s.summary.SetText(recallSummary(s.entries))
			showError(err, s.win)
			return
		}
		s.load()
	})
}

// onExport asks where to save the list and writes it as CSV.
func (s *recallScreen) onExport() {
	if len(s.entries) == 0 {
		return
	}
	list := s.entries
	write := func(w io.Writer) error {
		if err := data.RecallCSV(w, list); err != nil {
			return err
		}
		return s.store.RecordExported(context.Background(), fmt.Sprintf("call list of %d patients", len(list)))
	}
	saveAs(s.win, &s.worker, "patients-to-call-"+s.now().Format(time.DateOnly)+".csv", write, func(path string) {
		s.summary.SetText(recallSummary(s.entries) + " Saved as " + path + ".")
	})
}
