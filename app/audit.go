package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// AuditStore is what the audit report needs from the database.
type AuditStore interface {
	AuditTrail(ctx context.Context, f data.AuditFilter) ([]data.Audit, error)
	ExportAudit(ctx context.Context, f data.AuditFilter, w io.Writer) error
	VerifyAudit(ctx context.Context) (data.AuditVerdict, error)
	Staff(ctx context.Context, activeOnly bool) ([]data.StaffMember, error)
	Search(ctx context.Context, query string, order data.DateOrder) ([]data.PatientSummary, error)
}

// auditColumns are the headings of the audit table.
var auditColumns = []string{"When", "Staff", "Action", "Patient", "Record", "Detail"}

// auditDetailColumn is the audit table's Detail column, which takes the
// width the others leave.
const auditDetailColumn = 5

// everyone and allPatients are the choices that filter nobody out.
const (
	everyone    = "Everyone"
	allPatients = "All patients"
)

// auditScreen is the administrator's audit report: who did what and when,
// filtered by dates, staff member and patient, with a CSV export and a
// check of the trail's chain. Opened from a patient, it is that patient's
// access history.
type auditScreen struct {
	win    fyne.Window
	store  AuditStore
	order  data.DateOrder
	now    func() time.Time
	worker worker

	// patientID and patientName fix the report on one patient; 0 for all.
	patientID   int64
	patientName string

	from, to      *widget.Entry
	staffChoice   *widget.Select
	patientQuery  *widget.Entry
	patientChoice *widget.Select
	found         []data.PatientSummary
	showButton    *widget.Button
	exportButton  *widget.Button
	verifyButton  *widget.Button
	summary       *widget.Label
	table         *widget.Table

	staff []data.StaffMember
	rows  []data.Audit

	content fyne.CanvasObject
}

func showAuditWindow(a fyne.App, store AuditStore, order data.DateOrder, now func() time.Time, patientID int64, patientName string) {
	title := "Audit trail"
	if patientID != 0 {
		title = "Access history: " + patientName
	}
	w := newAppWindow(a, title)
	s := newAuditScreen(w, store, order, now, patientID, patientName)
	w.SetContent(s.content)
	showFitted(w, fyne.NewSize(1500, 800))
	s.load()
}

func newAuditScreen(win fyne.Window, store AuditStore, order data.DateOrder, now func() time.Time, patientID int64, patientName string) *auditScreen {
	s := &auditScreen{win: win, store: store, order: order, now: now, patientID: patientID, patientName: patientName}
	hint := order.Hint()
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder(hint)
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder(hint)
	s.from.OnSubmitted = func(string) { s.load() }
	s.to.OnSubmitted = func(string) { s.load() }
	s.staffChoice = widget.NewSelect([]string{everyone}, nil)
	s.staffChoice.SetSelected(everyone)
	s.patientQuery = widget.NewEntry()
	s.patientQuery.SetPlaceHolder("Find a patient: name, phone or date of birth, then Enter")
	s.patientQuery.OnSubmitted = s.onFindPatient
	s.patientChoice = widget.NewSelect([]string{allPatients}, nil)
	s.patientChoice.SetSelected(allPatients)
	s.patientChoice.OnChanged = s.onChoosePatient
	s.showButton = widget.NewButtonWithIcon("Show", theme.SearchIcon(), s.load)
	s.showButton.Importance = widget.HighImportance
	s.exportButton = widget.NewButtonWithIcon("Export CSV…", theme.DocumentSaveIcon(), s.onExport)
	s.verifyButton = widget.NewButtonWithIcon("Check the trail", theme.ConfirmIcon(), s.onVerify)
	s.summary = widget.NewLabel("Loading…")
	s.summary.Wrapping = fyne.TextWrapWord

	widths := []float32{180, 170, 180, 180, 170, 300}
	s.table = newTextTable(auditColumns, widths,
		func() int { return len(s.rows) },
		func(l *widget.Label, row, col int) { l.SetText(auditCell(s.rows[row], col)) })
	table, _ := stretchColumn(s.table, widths, auditDetailColumn)

	filters := container.NewHBox(
		widget.NewLabel("From"), container.NewGridWrap(fyne.NewSize(235, 36), s.from),
		widget.NewLabel("until"), container.NewGridWrap(fyne.NewSize(235, 36), s.to),
		widget.NewLabel("Staff"), s.staffChoice,
		s.showButton,
	)
	patient := fyne.CanvasObject(widget.NewLabel("Patient: " + patientName))
	if patientID == 0 {
		patient = container.NewBorder(nil, nil, widget.NewLabel("Patient"), s.patientChoice, s.patientQuery)
	}
	bottom := container.NewHBox(s.exportButton, s.verifyButton)
	s.content = container.NewBorder(container.NewVBox(filters, patient, s.summary), bottom, nil, nil, table)
	return s
}

// onFindPatient looks up the patients matching query, to choose one to
// filter the report by.
func (s *auditScreen) onFindPatient(query string) {
	background(&s.worker, func() ([]data.PatientSummary, error) {
		return s.store.Search(context.Background(), query, s.order)
	}, func(found []data.PatientSummary, err error) {
		if err != nil {
			showError(err, s.win)
			return
		}
		s.found = found
		options := []string{allPatients}
		for _, p := range found {
			options = append(options, p.FullName()+" · "+s.order.Format(p.DateOfBirth))
		}
		s.patientChoice.SetOptions(options)
		switch len(found) {
		case 0:
			s.summary.SetText("No patient matches " + query + ".")
		case 1:
			s.patientChoice.SetSelectedIndex(1)
		default:
			s.summary.SetText(fmt.Sprintf("%d patients match; choose one on the right.", len(found)))
		}
	})
}

// onChoosePatient filters the report by the patient chosen, and shows it.
func (s *auditScreen) onChoosePatient(string) {
	i := s.patientChoice.SelectedIndex()
	s.patientID = 0
	if i > 0 && i <= len(s.found) {
		s.patientID = s.found[i-1].ID
	}
	s.load()
}

// auditCell is the text of one cell: times in local time.
func auditCell(e data.Audit, col int) string {
	switch col {
	case 0:
		return e.At.Local().Format("2 Jan 2006 15:04:05")
	case 1:
		return e.Actor
	case 2:
		return e.Action.Label()
	case 3:
		return e.PatientName
	case 4:
		return e.Subject
	case 5:
		return e.Detail
	}
	return ""
}

// filter reads the form: dates are whole local days, "until" included.
func (s *auditScreen) filter() (data.AuditFilter, error) {
	f := data.AuditFilter{PatientID: s.patientID}
	for _, d := range []struct {
		entry *widget.Entry
		into  *time.Time
		next  int
		label string
	}{{s.from, &f.From, 0, "From"}, {s.to, &f.To, 1, "Until"}} {
		if d.entry.Text == "" {
			continue
		}
		day, err := data.ParseDate(d.entry.Text, s.order)
		if err != nil {
			return f, data.Errorf(data.EINVALID, "%s: %s", d.label, data.ErrorMessage(err))
		}
		y, m, dd := day.Date()
		*d.into = time.Date(y, m, dd+d.next, 0, 0, 0, 0, time.Local)
	}
	if i := s.staffChoice.SelectedIndex(); i > 0 && i <= len(s.staff) {
		f.StaffID = s.staff[i-1].ID
	}
	return f, nil
}

type auditLoad struct {
	rows  []data.Audit
	staff []data.StaffMember
}

// load reads the staff list and the rows that match the filters.
func (s *auditScreen) load() {
	f, err := s.filter()
	if err != nil {
		s.summary.SetText(data.ErrorMessage(err))
		return
	}
	s.showButton.Disable()
	background(&s.worker, func() (auditLoad, error) {
		ctx := context.Background()
		staff, err := s.store.Staff(ctx, false)
		if err != nil {
			return auditLoad{}, err
		}
		rows, err := s.store.AuditTrail(ctx, f)
		return auditLoad{rows: rows, staff: staff}, err
	}, func(l auditLoad, err error) {
		s.showButton.Enable()
		if err != nil {
			s.summary.SetText(data.ErrorMessage(err))
			showError(err, s.win)
			return
		}
		s.rows = l.rows
		if s.staff == nil {
			s.staff = l.staff
			options := []string{everyone}
			for _, m := range l.staff {
				options = append(options, m.Name)
			}
			s.staffChoice.SetOptions(options)
		}
		s.summary.SetText(auditSummary(len(l.rows)))
		s.table.Refresh()
	})
}

func auditSummary(n int) string {
	switch {
	case n == 0:
		return "Nothing recorded for these filters."
	case n >= data.MaxAuditRows:
		return fmt.Sprintf("The newest %d rows; narrow the dates to see older ones, or export them all.", n)
	case n == 1:
		return "1 row, newest first."
	}
	return fmt.Sprintf("%d rows, newest first.", n)
}

// onExport saves every row that matches the filters as CSV; the export
// itself is recorded in the trail.
func (s *auditScreen) onExport() {
	f, err := s.filter()
	if err != nil {
		s.summary.SetText(data.ErrorMessage(err))
		return
	}
	write := func(w io.Writer) error { return s.store.ExportAudit(context.Background(), f, w) }
	saveAs(s.win, &s.worker, "audit-"+s.now().Format(time.DateOnly)+".csv", write, func(path string) {
		s.summary.SetText("Saved as " + path + ".")
	})
}

// onVerify checks the whole trail's chain and says what it found.
func (s *auditScreen) onVerify() {
	s.verifyButton.Disable()
	background(&s.worker, func() (data.AuditVerdict, error) {
		return s.store.VerifyAudit(context.Background())
	}, func(v data.AuditVerdict, err error) {
		s.verifyButton.Enable()
		if err != nil {
			showError(err, s.win)
			return
		}
		if v.OK() {
			dialog.ShowInformation("Audit trail intact", fmt.Sprintf("All %d rows are as they were written.", v.Rows), s.win)
			return
		}
		dialog.ShowInformation("Audit trail altered", "The audit trail was changed outside Needlepoint: "+v.Problem+
			" Keep this database as it is and tell the clinic's owner; restore a backup only after they have seen it.", s.win)
	})
}
