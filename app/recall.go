package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
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
	// BookingStore books a patient's next session from a row, and its
	// DiarySettings hold the clinic's cut-off of the list.
	BookingStore
	// ClinicDetails give the clinic's country, whose phone numbers are
	// shown as dialled there.
	ClinicDetails(ctx context.Context) (data.ClinicDetails, error)
}

// recallColumns are the headings of the recall table.
var recallColumns = []string{"Overdue", "Patient", "Phone", "Reminders", "Reason", "Last called"}

// recallScreen lists the patients the desk should ring today, most urgent
// first, and records the calls made.
type recallScreen struct {
	win   fyne.Window
	store RecallStore
	order data.DateOrder
	now   func() time.Time
	// country is the clinic's, whose numbers are shown in the national
	// format.
	country string

	summary       *widget.Label
	table         *widget.Table
	columns       *stretchedColumn // gives the Reason column the width the others leave
	markButton    *reasonButton
	exportButton  *reasonButton
	refreshButton *widget.Button
	// hint says why the button under the pointer is disabled.
	hint *hintLine

	// all is the list as loaded; entries what the filters leave of it,
	// as the table shows it.
	all     []data.RecallEntry
	entries []data.RecallEntry
	recallFilters
	// openButton shows the chosen patient's record in the main window;
	// bookButton books the next session of the chosen patient's series.
	openButton  *reasonButton
	bookButton  *reasonButton
	openPatient func(id int64)
	// bookedNote says what was just booked, shown once the list is read
	// again.
	bookedNote string
	// selected is the row picked in the table, or -1.
	selected int
	worker   worker

	// The "Mark called" dialog, while it is open.
	callDialog *dialog.FormDialog
	callNote   *widget.Entry

	content fyne.CanvasObject
}

func newRecallScreen(win fyne.Window, store RecallStore, order data.DateOrder, now func() time.Time, openPatient func(id int64)) *recallScreen {
	if now == nil {
		now = time.Now
	}
	s := &recallScreen{win: win, store: store, order: order, now: now, country: data.DefaultCountry, selected: -1, openPatient: openPatient}

	s.summary = widget.NewLabel("Loading the patients to call…")
	s.summary.Wrapping = fyne.TextWrapWord

	widths := []float32{125, 170, 130, 90, 300, 145}
	s.table = newTextTable(recallColumns, widths,
		func() int { return len(s.entries) },
		func(l *widget.Label, row, col int) { l.SetText(recallCell(s.entries[row], col, s.country)) })
	var table fyne.CanvasObject
	table, s.columns = stretchColumn(s.table, widths, recallReasonColumn)
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row < 0 || id.Row >= len(s.entries) {
			return
		}
		s.selected = id.Row
		s.updateButtons()
	}
	s.table.OnUnselected = func(widget.TableCellID) {
		s.selected = -1
		s.updateButtons()
	}

	s.hint = newHintLine()
	s.markButton = newReasonButton("Mark called…", theme.ConfirmIcon(), s.onMarkCalled, s.hint)
	s.markButton.Importance = widget.HighImportance
	s.exportButton = newReasonButton("Export CSV…", theme.DocumentSaveIcon(), s.onExport, s.hint)
	s.refreshButton = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), s.load)
	s.openButton = newReasonButton("Open patient", theme.AccountIcon(), s.onOpen, s.hint)
	if openPatient == nil {
		s.openButton.Hide()
	}
	s.bookButton = newReasonButton("Book next session…", theme.ContentAddIcon(), s.onBook, s.hint)
	if !can(store, data.PermAppointments) {
		s.bookButton.Hide()
	}
	s.updateButtons()

	s.newFilters(s.filter)
	top := container.NewVBox(s.search, container.NewGridWithColumns(3, s.reason, s.practitioner, s.cutoff), s.summary)
	bottom := container.NewVBox(s.hint.label, container.NewHBox(s.markButton, s.openButton, s.bookButton, s.exportButton, s.refreshButton))
	s.content = container.NewBorder(top, bottom, nil, nil, table)
	return s
}

// phoneHas reports whether digits (three or more) are part of e's number,
// as typed, as shown in country or in international form: "07700 900"
// finds a number typed "+44 7700 900123".
func phoneHas(e data.RecallEntry, digits, country string) bool {
	if len(digits) < 3 {
		return false
	}
	for _, form := range []string{e.Phone, data.FormatPhone(e.Phone, e.PhoneE164, country), e.PhoneE164} {
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

// updateButtons enables what can be done with the chosen row and the
// list, and gives the other buttons their reasons.
func (s *recallScreen) updateButtons() {
	why := ""
	if s.selected < 0 || s.selected >= len(s.entries) {
		why = "choose a patient in the list first."
	}
	s.markButton.setEnabled(why)
	s.openButton.setEnabled(why)
	if why == "" {
		why = whyNotBookable(s.entries[s.selected])
	}
	s.bookButton.setEnabled(why)
	why = ""
	if len(s.entries) == 0 {
		why = "there is no one in the list to export."
	}
	s.exportButton.setEnabled(why)
}

// whyNotBookable says why Book next session cannot book e, or "" when it
// can.
func whyNotBookable(e data.RecallEntry) string {
	switch {
	case bookable(e):
		return ""
	case e.SeriesID == 0:
		return "the reasons to call " + e.PatientName + " are not about one series: book from the diary."
	}
	return "no session of " + e.PatientName + "'s series is due: book a review from the diary."
}

// bookable reports whether Book next session can book e: its reasons are
// about one series, whose next session is due.
func bookable(e data.RecallEntry) bool {
	return e.SeriesID != 0 &&
		(slices.Contains(e.Kinds, data.RecallSessionDue) || slices.Contains(e.Kinds, data.RecallSessionOverdue))
}

// onBook books the next session of the chosen patient's series, proposed
// as from the clinical record, and reads the list again once booked.
func (s *recallScreen) onBook() {
	if s.selected < 0 || s.selected >= len(s.entries) || !bookable(s.entries[s.selected]) {
		return
	}
	e := s.entries[s.selected]
	sessionBooking{win: s.win, worker: &s.worker, store: s.store, order: s.order, now: s.now,
		patientID: e.PatientID, seriesID: e.SeriesID, patientName: e.PatientName,
		booked: func(a data.Appointment) {
			s.bookedNote = "Booked " + a.Start.Format("Mon 2 Jan 2006 15:04") + " for " + e.PatientName + "."
			s.load()
		}}.start()
}

// showRecallWindow opens the list of patients to call in a window of its
// own; closed runs when the window closes. The caller loads it.
func showRecallWindow(a fyne.App, store RecallStore, order data.DateOrder, now func() time.Time, openPatient func(id int64), closed func()) *recallScreen {
	w := newAppWindow(a, "Patients to call")
	s := newRecallScreen(w, store, order, now, openPatient)
	w.SetContent(s.content)
	w.SetOnClosed(closed)
	showFitted(w, fyne.NewSize(1280, 720))
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

// recallLoad is the list for today and the clinic's cut-off of it.
type recallLoad struct {
	list         []data.RecallEntry
	cutoffMonths int
	country      string
}

// load reads the list for today and the clinic's cut-off, off the UI
// goroutine. A cut-off that cannot be read leaves the list to the default
// one rather than keep the desk from calling anyone.
func (s *recallScreen) load() {
	s.summary.SetText("Loading the patients to call…")
	s.refreshButton.Disable()
	today := s.now()
	background(&s.worker, func() (recallLoad, error) {
		ctx := context.Background()
		list, err := s.store.Recall(ctx, today)
		if err != nil {
			return recallLoad{}, err
		}
		months := data.DefaultRecallCutoffMonths
		if diary, err := s.store.DiarySettings(ctx); err != nil {
			fyne.LogError("reading the clinic's cut-off of the list to call", err)
		} else {
			months = diary.RecallCutoffMonths
		}
		return recallLoad{list, months, clinicCountry(ctx, s.store)}, nil
	}, func(r recallLoad, err error) {
		s.refreshButton.Enable()
		if err != nil {
			s.all = nil
			s.show(nil)
			s.summary.SetText("The list of patients to call could not be loaded.")
			showError(err, s.win)
			return
		}
		s.all, s.country = r.list, r.country
		s.offer(r.list, r.cutoffMonths)
		s.filter()
		if s.bookedNote != "" {
			s.summary.SetText(s.summary.Text + " " + s.bookedNote)
			s.bookedNote = ""
		}
	})
}

// show puts list in the table and forgets the selection, whose row may
// have moved or gone.
func (s *recallScreen) show(list []data.RecallEntry) {
	s.entries = list
	s.selected = -1
	s.table.UnselectAll()
	s.updateButtons()
	s.columns.setWidth(recallPhoneColumn, phoneColumnWidth(list, s.country))
	scrollTableToTop(s.table)
	s.table.Refresh()
}

// recallPhoneColumn is the phone's column in the recall table,
// recallReasonColumn the reason's, which takes the width the others
// leave, and minPhoneWidth the phone's narrowest width.
const (
	recallPhoneColumn  = 2
	recallReasonColumn = 4
	minPhoneWidth      = 130
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
