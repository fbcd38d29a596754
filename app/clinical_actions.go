package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// SeriesStore is what the clinical record needs to start and manage
// treatment series and to correct signed notes.
type SeriesStore interface {
	CreateSeries(ctx context.Context, ts *data.TreatmentSeries) error
	ExtendSeries(ctx context.Context, seriesID, staffID int64, reason string) error
	CompleteSeries(ctx context.Context, seriesID int64) error
	DiscontinueSeries(ctx context.Context, seriesID int64, reason string) error
	AddConsultationAddendum(ctx context.Context, consultationID, authorID int64, reason, text string) (data.Addendum, error)
	AddSessionAddendum(ctx context.Context, sessionID, authorID int64, reason, text string) (data.Addendum, error)
}

// ClinicStore is everything the main window writes and reads: patients,
// the clinical record and the staff directory.
type ClinicStore interface {
	PatientStore
	ConsultationStore
	StaffStore
	SeriesStore
	ScreeningStore
	SessionStore
	LotStore
	RulesStore
	ClinicDetailsStore
	HandoutStore
	DayStore
	RecallStore
	BookingStore
	PatientAppointmentStore
	DiaryStore
	AccountStore
	AuditStore
	PhotoStore
	ConsentRecordStore
	ConsentTemplateStore
	ChangeWatcher
}

// clinicalActions are the buttons of the clinical record: each opens the
// form or question that writes one kind of record, then shows the record
// again.
type clinicalActions struct {
	screen *patientsScreen
	store  ClinicStore
}

func (c clinicalActions) patientName() string { return c.screen.form.loaded.FullName() }

func (c clinicalActions) refresh() { c.screen.clinical.show(c.screen.form.loaded.ID) }

// can reports whether the signed-in user may do p. The clinical record
// leaves out the buttons of what they may not do; the store refuses it
// anyway.
func can(store interface{ Actor() (data.Actor, bool) }, p data.Permission) bool {
	a, ok := store.Actor()
	return ok && a.Role.Can(p)
}

// action is a button of the clinical record and the permission it needs,
// none for reading.
type action struct {
	perm   data.Permission
	button *widget.Button
}

// row lays out the actions the signed-in user may take, or nil for none.
func (c clinicalActions) row(actions ...action) fyne.CanvasObject {
	box := container.NewHBox()
	for _, a := range actions {
		if a.perm == "" || can(c.store, a.perm) {
			box.Add(a.button)
		}
	}
	if len(box.Objects) == 0 {
		return nil
	}
	return box
}

// toolbar returns the actions for the whole record.
func (c clinicalActions) toolbar() fyne.CanvasObject {
	return c.row(
		action{data.PermScreening, widget.NewButton("New screening", func() {
			me, _ := c.store.Actor()
			showScreeningWindow(fyne.CurrentApp(), c.store, c.screen.order, c.screen.now, c.patientName(), c.screen.form.loaded.ID, me.Name, c.refresh)
		})},
		action{data.PermConsultations, widget.NewButton("New consultation", func() { c.editConsultation(c.newConsultation()) })},
		action{data.PermSessions, widget.NewButton("Start series", func() { c.startSeries(data.Consultation{}) })},
		action{data.PermAudit, widget.NewButtonWithIcon("Access history…", theme.VisibilityIcon(), func() {
			showAuditWindow(fyne.CurrentApp(), c.store, c.screen.order, c.screen.now, c.screen.form.loaded.ID, c.patientName())
		})},
	)
}

// consultationButtons returns the actions for one consultation; started
// lists the series its plan started, newest first.
func (c clinicalActions) consultationButtons(x data.Consultation, started []data.TreatmentSeries) fyne.CanvasObject {
	if !x.Signed() {
		return c.row(action{data.PermConsultations, widget.NewButton("Continue draft…", func() { c.editConsultation(x) })})
	}
	actions := []action{
		{data.PermPrint, widget.NewButtonWithIcon("Print plan handout", theme.DocumentPrintIcon(), func() { c.printPlan(x) })},
		{data.PermPrint, widget.NewButton("Save plan as…", func() { c.savePlan(x) })},
		{data.PermAddenda, widget.NewButton("Add addendum…", func() { c.addAddendum(x) })},
	}
	switch {
	case x.PlannedSessions == 0:
	case len(started) == 0:
		actions = append(actions, action{data.PermSessions, widget.NewButton("Start series from this plan", func() { c.startSeries(x) })})
	default:
		actions = append(actions, action{data.PermSessions, widget.NewButton("Start another series from this plan…", func() { c.repeatSeries(x, started[0]) })})
	}
	return c.row(actions...)
}

// seriesButtons returns the actions for an active series. The next step
// stands out: booking the next session until one is booked, then logging
// it.
func (c clinicalActions) seriesButtons(s seriesRecord, staff map[int64]string, booked bool) fyne.CanvasObject {
	ts := s.series
	if ts.Status != data.SeriesActive {
		return nil
	}
	extend := widget.NewButton("Extend by one session…", func() { c.extendSeries(ts) })
	complete := widget.NewButton("Mark completed", func() { c.completeSeries(ts) })
	discontinue := widget.NewButton("Discontinue…", func() { c.discontinueSeries(ts) })
	if len(data.SessionDates(s.sessions)) >= ts.PlannedSessions {
		// Every planned session is signed: nothing is left to book or
		// log until the series is extended, and closing it is the step.
		complete.Importance = widget.HighImportance
		return c.row(action{data.PermSessions, complete}, action{data.PermSessions, extend},
			action{data.PermSessions, discontinue})
	}
	logSession := widget.NewButton("Log session…", func() { c.logSession(ts, data.Drafts(s.sessions), staff) })
	book := widget.NewButton("Book next session…", func() { c.bookNextSession(ts) })
	if booked || !can(c.store, data.PermAppointments) {
		logSession.Importance = widget.HighImportance
	} else {
		book.Importance = widget.HighImportance
	}
	return c.row(
		action{data.PermAppointments, book},
		action{data.PermSessions, logSession},
		action{data.PermSessions, extend},
		action{data.PermSessions, complete},
		action{data.PermSessions, discontinue},
	)
}

// logSession opens the session log for a series, or, when the series has a
// draft, offers that draft first: the same session logged twice would
// count twice once signed.
func (c clinicalActions) logSession(ts data.TreatmentSeries, drafts []data.Session, staff map[int64]string) {
	fresh := func() {
		showSessionWindow(fyne.CurrentApp(), c.store, c.screen.order, c.screen.now, c.patientName(), ts.ID, ts.PatientID, c.refresh)
	}
	if len(drafts) == 0 {
		fresh()
		return
	}
	x := drafts[len(drafts)-1]
	msg := widget.NewLabel(fmt.Sprintf("The session of %s by %s is a draft, not signed yet. Open it to finish and sign it, "+
		"rather than logging the same session twice.", x.PerformedAt.Local().Format("Mon 2 Jan 2006 15:04"), staff[x.PractitionerID]))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomWithoutButtons("This series has a draft session", msg, c.screen.win)
	open := widget.NewButton("Open the draft", func() { d.Hide(); c.openDraft(x) })
	open.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{widget.NewButton("Cancel", d.Hide),
		widget.NewButton("Log a new session", func() { d.Hide(); fresh() }), open})
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// openDraft opens a draft session to finish and sign it.
func (c clinicalActions) openDraft(x data.Session) {
	showDraftWindow(fyne.CurrentApp(), c.store, c.screen.order, c.screen.now, c.patientName(), x, c.refresh)
}

// sessionButtons returns the actions for one logged session: the one to
// take next — open a signed session, open or sign a draft — as buttons,
// and the rest (print its handouts, add an addendum) in one menu.
func (c clinicalActions) sessionButtons(n int, x data.Session, staff map[int64]string) fyne.CanvasObject {
	var actions []action
	if x.Signed() {
		actions = append(actions, action{"", widget.NewButtonWithIcon("Open…", theme.VisibilityIcon(), func() {
			showSessionView(fyne.CurrentApp(), x, n, c.patientName(), c.screen.order, staff, func() { c.printRecord(x) })
		})})
	} else {
		actions = append(actions,
			action{data.PermSessions, widget.NewButton("Open draft…", func() { c.openDraft(x) })},
			action{data.PermSign, widget.NewButton("Sign session…", func() { c.signSession(x, staff) })})
	}
	var items []*fyne.MenuItem
	add := func(p data.Permission, label string, do func()) {
		if can(c.store, p) {
			items = append(items, fyne.NewMenuItem(label, do))
		}
	}
	add(data.PermPrint, "Print aftercare", func() { c.printAftercare(x) })
	add(data.PermPrint, "Save aftercare as…", func() { c.saveAftercare(x) })
	add(data.PermPrint, "Print session record", func() { c.printRecord(x) })
	if x.Signed() {
		add(data.PermAddenda, "Add addendum to session…", func() { c.addSessionAddendum(x) })
	}
	box, _ := c.row(actions...).(*fyne.Container)
	if m := newActionMenu("More", items...); m != nil {
		if box == nil {
			box = container.NewHBox()
		}
		box.Add(m)
	}
	if box == nil {
		return nil
	}
	return box
}

// printAftercare opens the session's aftercare sheet, ready to print.
func (c clinicalActions) printAftercare(x data.Session) {
	c.openPDF(fmt.Sprintf("needlepoint-aftercare-%d", x.ID), func(w io.Writer) error {
		return writeAftercare(context.Background(), c.store, x.ID, c.screen.now(), w)
	})
}

// saveAftercare asks where to save the session's aftercare sheet.
func (c clinicalActions) saveAftercare(x data.Session) {
	c.savePDF(fmt.Sprintf("Aftercare %s %s.pdf", c.patientName(), x.PerformedAt.Local().Format("2006-01-02")), func(w io.Writer) error {
		return writeAftercare(context.Background(), c.store, x.ID, c.screen.now(), w)
	})
}

// printPlan opens the treatment plan handout of a signed consultation.
func (c clinicalActions) printPlan(x data.Consultation) {
	c.openPDF(fmt.Sprintf("needlepoint-plan-%d", x.ID), func(w io.Writer) error {
		return writePlan(context.Background(), c.store, x, w)
	})
}

// savePlan asks where to save the treatment plan handout.
func (c clinicalActions) savePlan(x data.Consultation) {
	c.savePDF(fmt.Sprintf("Treatment plan %s %s.pdf", c.patientName(), x.ConsultedOn.Format("2006-01-02")), func(w io.Writer) error {
		return writePlan(context.Background(), c.store, x, w)
	})
}

// printRecord opens the record of a session with its addenda.
func (c clinicalActions) printRecord(x data.Session) {
	c.openPDF(fmt.Sprintf("needlepoint-session-%d", x.ID), func(w io.Writer) error {
		return writeRecord(context.Background(), c.store, x.ID, w)
	})
}

// openPDF renders a document off the UI goroutine into the print folder
// and opens it in the system's PDF viewer, ready to print.
func (c clinicalActions) openPDF(name string, render func(io.Writer) error) {
	confirmPrintable(c.screen.win, []string{c.patientName()}, func() {
		printPDF(c.screen.win, &c.screen.worker, name+"-"+c.screen.now().Format("20060102-150405"), render, func(path string) {
			c.screen.status.SetText("Opened for printing: " + path)
		})
	})
}

// savePDF asks where to save a document and renders it there.
func (c clinicalActions) savePDF(fileName string, render func(io.Writer) error) {
	confirmPrintable(c.screen.win, []string{c.patientName()}, func() {
		saveAs(c.screen.win, &c.screen.worker, fileName, render, func(path string) {
			c.screen.status.SetText("Saved as " + path)
		})
	})
}

// signSession shows the draft in full, then signs it in the name of the
// signed-in practitioner, whose draft it must be.
func (c clinicalActions) signSession(x data.Session, staff map[int64]string) {
	me, signedIn := c.store.Actor()
	if !signedIn {
		showError(data.Errorf(data.EFORBIDDEN, "Sign in to Needlepoint first."), c.screen.win)
		return
	}
	name := func(id int64) string { return staff[id] }
	showSignDialog(c.screen.win, x, name, me.StaffID, func() {
		c.run(func(ctx context.Context) error { return c.store.SignSession(ctx, x.ID, x.Version, me.StaffID) })
	})
}

func (c clinicalActions) addSessionAddendum(x data.Session) {
	c.ask("Addendum to the session of "+x.PerformedAt.Local().Format("2 Jan 2006"),
		"The signed session stays as it is; the addendum is shown under it with your name, the time and the reason.",
		"Add addendum", []askField{{"Reason", false}, {"Addendum", true}}, func(author int64, texts []string) {
			c.run(func(ctx context.Context) error {
				_, err := c.store.AddSessionAddendum(ctx, x.ID, author, texts[0], texts[1])
				return err
			})
		})
}

// newConsultation starts a consultation by the signed-in practitioner,
// with the patient's skin type and the concerns of their latest screening
// filled in.
func (c clinicalActions) newConsultation() data.Consultation {
	p := c.screen.form.loaded
	x := data.Consultation{PatientID: p.ID, SkinType: p.SkinType}
	if a, ok := c.store.Actor(); ok && a.Role == data.RolePractitioner {
		x.PractitionerID = a.StaffID
	}
	if s := c.screen.clinical.latest; s != nil {
		x.Concerns = slices.Clone(s.Indications)
	}
	return x
}

func (c clinicalActions) editConsultation(x data.Consultation) {
	showConsultationWindow(fyne.CurrentApp(), c.store, c.screen.order, c.screen.now, c.patientName(), x, c.refresh)
}

// run does a store call in the background, then shows the record again or
// the error.
func (c clinicalActions) run(call func(ctx context.Context) error) {
	background(&c.screen.worker, func() (struct{}, error) {
		return struct{}{}, call(context.Background())
	}, func(_ struct{}, err error) {
		if err != nil {
			showError(err, c.screen.win)
			return
		}
		c.refresh()
	})
}

// askField is one text a question asks for; every one is required.
type askField struct {
	label     string
	multiline bool
}

// ask asks for the texts in fields, then runs done with the signed-in
// user's staff ID and the texts: what it records is in their name.
func (c clinicalActions) ask(title, intro, confirm string, fields []askField, done func(staffID int64, texts []string)) {
	me, signedIn := c.store.Actor()
	if !signedIn {
		showError(data.Errorf(data.EFORBIDDEN, "Sign in to Needlepoint first."), c.screen.win)
		return
	}
	msg := widget.NewLabel(intro)
	msg.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(msg, widget.NewLabelWithStyle("In the name of "+me.Name+", who is signed in.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	entries := make([]*widget.Entry, len(fields))
	for i, f := range fields {
		entries[i] = widget.NewEntry()
		if f.multiline {
			entries[i] = widget.NewMultiLineEntry()
			entries[i].Wrapping = fyne.TextWrapWord
			entries[i].SetMinRowsVisible(4)
		}
		box.Add(widget.NewLabel(f.label))
		box.Add(entries[i])
	}
	problem := newProblemLine()
	box.Add(problem)
	d := dialog.NewCustomWithoutButtons(title, box, c.screen.win)
	ok := widget.NewButton(confirm, func() {
		texts := make([]string, len(entries))
		for i, e := range entries {
			if texts[i] = strings.TrimSpace(e.Text); texts[i] == "" {
				problem.SetText(fields[i].label + " is required.")
				return
			}
		}
		d.Hide()
		done(me.StaffID, texts)
	})
	ok.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{widget.NewButton("Cancel", d.Hide), ok})
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

func (c clinicalActions) addAddendum(x data.Consultation) {
	c.ask("Addendum to the consultation of "+x.ConsultedOn.Format("2 Jan 2006"),
		"The signed note stays as it is; the addendum is shown under it with your name, the time and the reason.",
		"Add addendum", []askField{{"Reason", false}, {"Addendum", true}}, func(author int64, texts []string) {
			c.run(func(ctx context.Context) error {
				_, err := c.store.AddConsultationAddendum(ctx, x.ID, author, texts[0], texts[1])
				return err
			})
		})
}

// startSeries starts a treatment series, from a consultation's plan when x
// has an ID, otherwise with the clinic's defaults.
func (c clinicalActions) startSeries(x data.Consultation) {
	ts := data.TreatmentSeries{PatientID: c.screen.form.loaded.ID, ConsultationID: x.ID,
		Status: data.SeriesActive, StartedOn: data.DateOf(c.screen.now())}
	plan := "three sessions four weeks apart"
	if x.ID != 0 {
		plan = "the plan of the consultation of " + x.ConsultedOn.Format("2 Jan 2006")
	}
	d := dialog.NewConfirm("Start treatment series", "Start a treatment series for "+c.patientName()+" with "+plan+"?",
		func(ok bool) {
			if ok {
				c.run(func(ctx context.Context) error { return c.store.CreateSeries(ctx, &ts) })
			}
		}, c.screen.win)
	d.SetConfirmText("Start series")
	d.Show()
}

// repeatSeries starts a second series from a consultation's plan that
// already started last, once the practitioner has said why.
func (c clinicalActions) repeatSeries(x data.Consultation, last data.TreatmentSeries) {
	intro := fmt.Sprintf("This plan already started a treatment series on %s (%s). A plan normally starts one series: "+
		"say why this patient needs another. Your name and the reason are recorded.", last.StartedOn.Format("2 Jan 2006"), last.Status)
	c.ask("Start another series from the consultation of "+x.ConsultedOn.Format("2 Jan 2006"), intro,
		"Start another series", []askField{{"Reason", false}}, func(_ int64, texts []string) {
			ts := data.TreatmentSeries{PatientID: c.screen.form.loaded.ID, ConsultationID: x.ID,
				Status: data.SeriesActive, StartedOn: data.DateOf(c.screen.now()), RepeatReason: texts[0]}
			c.run(func(ctx context.Context) error { return c.store.CreateSeries(ctx, &ts) })
		})
}

func (c clinicalActions) extendSeries(ts data.TreatmentSeries) {
	c.ask("Extend the series", "Add one more session to the "+strconv.Itoa(ts.PlannedSessions)+" planned. The extension is recorded with your name and reason.",
		"Extend", []askField{{"Reason", false}}, func(staffID int64, texts []string) {
			c.run(func(ctx context.Context) error { return c.store.ExtendSeries(ctx, ts.ID, staffID, texts[0]) })
		})
}

func (c clinicalActions) completeSeries(ts data.TreatmentSeries) {
	d := dialog.NewConfirm("Complete the series", "Mark this series as completed? A review is then due six months after its last session.",
		func(ok bool) {
			if ok {
				c.run(func(ctx context.Context) error { return c.store.CompleteSeries(ctx, ts.ID) })
			}
		}, c.screen.win)
	d.SetConfirmText("Mark completed")
	d.Show()
}

func (c clinicalActions) discontinueSeries(ts data.TreatmentSeries) {
	reason := widget.NewEntry()
	d := dialog.NewForm("Discontinue the series", "Discontinue", "Cancel",
		[]*widget.FormItem{{Text: "Reason", Widget: reason, HintText: "Required, e.g. patient moved away"}},
		func(ok bool) {
			if ok {
				c.run(func(ctx context.Context) error { return c.store.DiscontinueSeries(ctx, ts.ID, reason.Text) })
			}
		}, c.screen.win)
	reason.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return data.Errorf(data.EINVALID, "Give a reason.")
		}
		return nil
	}
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}
