package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// PatientAppointmentStore is what a patient's appointments tab needs: the
// list, and what booking and moving need.
type PatientAppointmentStore interface {
	AppointmentStore
	PatientAppointments(ctx context.Context, patientID int64) ([]data.Appointment, error)
}

// appointmentColumns are the columns of a patient's appointment tables.
var appointmentColumns = []struct {
	title string
	width float32
}{
	{"Date", 150}, {"Time", 110}, {"What", 220}, {"Practitioner", 180}, {"Status", 120},
}

// patientAppointments is the Appointments tab of a patient: what is coming
// up, soonest first, and what is past, newest first, with booking and
// moving at hand.
type patientAppointments struct {
	win    fyne.Window
	store  PatientAppointmentStore
	order  data.DateOrder
	now    func() time.Time
	worker *worker

	patientID   int64
	patientName string
	upcoming    []data.Appointment // from today on, soonest first
	past        []data.Appointment // before today, newest first
	selected    int                // in upcoming; -1 for none

	upcomingTable *widget.Table
	pastTable     *widget.Table
	status        *widget.Label
	bookButton    *reasonButton
	moveButton    *reasonButton
	// hint says why the button under the pointer is disabled, in the
	// status's place while it does.
	hint    *hintLine
	content fyne.CanvasObject
}

func newPatientAppointments(win fyne.Window, store PatientAppointmentStore, order data.DateOrder, now func() time.Time, w *worker) *patientAppointments {
	v := &patientAppointments{win: win, store: store, order: order, now: now, worker: w, selected: -1}
	v.upcomingTable = v.table(func() []data.Appointment { return v.upcoming })
	v.upcomingTable.OnSelected = func(id widget.TableCellID) {
		v.selected = id.Row
		v.updateButtons()
	}
	v.pastTable = v.table(func() []data.Appointment { return v.past })
	v.pastTable.OnSelected = func(widget.TableCellID) { v.pastTable.UnselectAll() }

	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.hint = newHintLine()
	v.hint.changed = func() { v.setStatus(v.status.Text) }
	v.bookButton = newReasonButton("Book appointment…", theme.ContentAddIcon(), v.onBook, v.hint)
	v.bookButton.Importance = widget.HighImportance
	v.moveButton = newReasonButton("Move…", nil, v.onMove, v.hint)

	heading := func(text string) *widget.Label {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	split := container.NewVSplit(
		container.NewBorder(heading("Today and upcoming"), nil, nil, nil, v.upcomingTable),
		container.NewBorder(heading("Past"), nil, nil, nil, v.pastTable))
	split.Offset = 0.45
	// The status sits beside the buttons, not under them: the tables keep
	// the height a scaled laptop screen can spare.
	top := container.NewBorder(nil, nil, container.NewHBox(v.bookButton, v.moveButton), nil, container.NewStack(v.status, v.hint.label))
	// On a short window the tab scrolls rather than make the whole window
	// taller than the screen.
	v.content = container.NewVScroll(container.NewBorder(top, nil, nil, nil, split))
	v.clear("Open a patient to see their appointments.")
	return v
}

// table shows the appointments that rows returns, one per row.
func (v *patientAppointments) table(rows func() []data.Appointment) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(rows()), len(appointmentColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			list := rows()
			if id.Row >= len(list) {
				return
			}
			o.(*widget.Label).SetText(v.cell(list[id.Row], id.Col))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(appointmentColumns[id.Col].title)
		}
	}
	for i, c := range appointmentColumns {
		t.SetColumnWidth(i, c.width)
	}
	return t
}

// cell is the text of one column of an appointment's row.
func (v *patientAppointments) cell(a data.Appointment, col int) string {
	switch col {
	case 0:
		return a.Start.Format("Mon ") + v.order.Format(a.Start)
	case 1:
		return a.TimeRange()
	case 2:
		return a.What()
	case 3:
		return a.PractitionerName
	}
	return a.Status.Label()
}

// clear empties the tab and says why.
func (v *patientAppointments) clear(why string) {
	v.patientID, v.patientName = 0, ""
	v.upcoming, v.past = nil, nil
	v.setStatus(why)
	v.refreshTables()
}

// show loads and shows a patient's appointments.
func (v *patientAppointments) show(patientID int64, name string) { v.load(patientID, name, "") }

// load reads a patient's appointments and shows them, with note as the
// status line when it is not "".
func (v *patientAppointments) load(patientID int64, name, note string) {
	v.patientID, v.patientName = patientID, name
	v.setStatus("Loading appointments…")
	background(v.worker, func() ([]data.Appointment, error) {
		return v.store.PatientAppointments(context.Background(), patientID)
	}, func(list []data.Appointment, err error) {
		if v.patientID != patientID {
			return
		}
		if err != nil {
			v.setStatus("The appointments could not be read: " + data.ErrorMessage(err))
			fyne.LogError("loading a patient's appointments", err)
			return
		}
		v.split(list)
		if note != "" {
			v.setStatus(note)
		}
	})
}

// split sorts a patient's appointments, newest first as the store gives
// them, into upcoming (from the start of today, soonest first) and past.
func (v *patientAppointments) split(list []data.Appointment) {
	y, m, d := v.now().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, v.now().Location())
	v.upcoming, v.past = nil, nil
	for _, a := range list {
		if a.Start.Before(today) {
			v.past = append(v.past, a)
		} else {
			v.upcoming = append([]data.Appointment{a}, v.upcoming...)
		}
	}
	switch {
	case len(list) == 0:
		v.setStatus("No appointments yet.")
	case len(v.upcoming) == 0:
		v.setStatus("Nothing booked from today on.")
	default:
		v.setStatus("")
	}
	v.refreshTables()
}

func (v *patientAppointments) refreshTables() {
	v.selected = -1
	v.upcomingTable.UnselectAll()
	v.upcomingTable.Refresh()
	v.pastTable.Refresh()
	v.updateButtons()
}

func (v *patientAppointments) setStatus(text string) {
	v.status.SetText(text)
	if text == "" || v.hint.text() != "" {
		v.status.Hide()
	} else {
		v.status.Show()
	}
}

// movable returns the selected upcoming appointment if it may still move.
func (v *patientAppointments) movable() (data.Appointment, bool) {
	if v.selected < 0 || v.selected >= len(v.upcoming) {
		return data.Appointment{}, false
	}
	a := v.upcoming[v.selected]
	return a, a.Status == data.StatusBooked || a.Status == data.StatusCheckedIn
}

// updateButtons enables booking for an open patient and moving for a
// chosen appointment that may still move, and gives the reasons when not.
func (v *patientAppointments) updateButtons() {
	if v.patientID == 0 {
		v.bookButton.setEnabled("open a saved patient first.")
	} else {
		v.bookButton.Enable()
	}
	switch a, ok := v.movable(); {
	case ok:
		v.moveButton.Enable()
	case v.selected < 0 || v.selected >= len(v.upcoming):
		v.moveButton.setEnabled("choose an appointment under Today and upcoming first.")
	default:
		v.moveButton.setEnabled(whyNotMovable(a))
	}
}

// onBook opens the booking form for this patient.
func (v *patientAppointments) onBook() {
	if v.patientID == 0 {
		return
	}
	v.openForm(data.Appointment{PatientID: v.patientID, PatientName: v.patientName})
}

// onMove opens the selected upcoming appointment to move it.
func (v *patientAppointments) onMove() {
	if a, ok := v.movable(); ok {
		v.openForm(a)
	}
}

func (v *patientAppointments) openForm(a data.Appointment) {
	patientID, name := v.patientID, v.patientName
	openAppointmentForm(v.worker, v.win, v.store, a, v.order, v.now, func(saved data.Appointment) {
		if v.patientID == patientID {
			v.load(patientID, name, "Saved: "+saved.What()+" on "+v.cell(saved, 0)+", "+saved.TimeRange()+".")
		}
	})
}
