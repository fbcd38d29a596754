package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// BookingStore is what booking the next session of a series needs.
type BookingStore interface {
	ProposeNextSession(ctx context.Context, seriesID int64, loc *time.Location) (data.Proposal, error)
	BookingWarnings(ctx context.Context, a data.Appointment) ([]string, error)
	Book(ctx context.Context, a *data.Appointment) error
	Staff(ctx context.Context, activeOnly bool) ([]data.StaffMember, error)
	DiarySettings(ctx context.Context) (data.DiarySettings, error)
	SlotStore
}

// bookingProposal is what the booking question starts from.
type bookingProposal struct {
	proposal data.Proposal
	staff    []data.StaffMember
	diary    data.DiarySettings
}

// sessionBooking books the next session of one series, from the clinical
// record or from the list of patients to call.
type sessionBooking struct {
	win                 fyne.Window
	worker              *worker
	store               BookingStore
	order               data.DateOrder
	now                 func() time.Time
	patientID, seriesID int64
	patientName         string
	// booked runs once the session is booked.
	booked func(a data.Appointment)
}

// bookNextSession books the next session of ts from the clinical record,
// then shows the record again.
func (c clinicalActions) bookNextSession(ts data.TreatmentSeries) {
	name := c.patientName()
	sessionBooking{win: c.screen.win, worker: &c.screen.worker, store: c.store, order: c.screen.order,
		now: c.screen.now, patientID: ts.PatientID, seriesID: ts.ID, patientName: name,
		booked: func(a data.Appointment) {
			c.screen.status.SetText("Booked " + a.Start.Format("Mon 2 Jan 2006 15:04") + " for " + name + ".")
			c.refresh()
		}}.start()
}

// start proposes the next session of the series, lets the desk change the
// date, time or practitioner, warns about contraindications on that date
// and about booking outside the opening hours, and books it.
func (b sessionBooking) start() {
	background(b.worker, func() (bookingProposal, error) {
		ctx := context.Background()
		p, err := b.store.ProposeNextSession(ctx, b.seriesID, time.Local)
		if err != nil {
			return bookingProposal{}, err
		}
		staff, err := b.store.Staff(ctx, true)
		if err != nil {
			return bookingProposal{}, err
		}
		diary, err := b.store.DiarySettings(ctx)
		return bookingProposal{p, staff, diary}, err
	}, func(p bookingProposal, err error) {
		if err != nil {
			showError(err, b.win)
			return
		}
		b.ask(p)
	})
}

// ask shows the proposal: the series' practitioner, the proposed day and
// its first free time at or after the proposed time are chosen already, so
// Book books it; the desk may pick another day, time or practitioner.
func (b sessionBooking) ask(p bookingProposal) {
	var clinicians []data.StaffMember
	for _, m := range p.staff {
		if m.Role == data.RolePractitioner {
			clinicians = append(clinicians, m)
		}
	}
	who := widget.NewSelect(labels(clinicians, func(m data.StaffMember) string { return m.Name }), nil)
	who.PlaceHolder = "Choose the practitioner"
	for i, m := range clinicians {
		if m.ID == p.proposal.PractitionerID {
			who.SetSelectedIndex(i)
		}
	}
	draft := func() (data.Appointment, string, bool) {
		i := who.SelectedIndex()
		if i < 0 {
			return data.Appointment{}, "", false
		}
		return b.appointment(p.diary, clinicians[i].ID), clinicians[i].Name, true
	}
	slots := newSlotPicker(b.win, b.worker, b.store, b.order, p.diary, b.now, p.proposal.Start, draft)
	who.OnChanged = func(string) { slots.reload() }
	why := widget.NewLabel("Proposed: " + p.proposal.Why + ".")
	why.Wrapping = fyne.TextWrapWord
	problem := newProblemLine()
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Practitioner"), who,
		widget.NewLabel("Date"), slots.dateRow,
		layout.NewSpacer(), slots.timesBox,
		widget.NewLabel("Time"), slots.clock)
	d := dialog.NewCustomWithoutButtons("Book the next session of "+b.patientName,
		container.NewVBox(why, form, problem), b.win)
	book := widget.NewButton("Book", func() {
		a, _, chosen := draft()
		start, msg := slots.start()
		if msg == "" && !chosen {
			msg = "Choose the practitioner."
		}
		if msg != "" {
			problem.SetText(msg)
			return
		}
		a.Start = start
		problem.SetText("")
		b.confirm(a, p.diary, d.Hide)
	})
	book.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{widget.NewButton("Cancel", d.Hide), book})
	d.Resize(fyne.NewSize(520, 0))
	slots.reload()
	d.Show()
}

// appointment is the next session of the series with practitioner, at no
// time yet.
func (b sessionBooking) appointment(diary data.DiarySettings, practitioner int64) data.Appointment {
	return data.Appointment{Kind: data.KindTreatment, PatientID: b.patientID, PractitionerID: practitioner,
		SeriesID: b.seriesID, DurationMinutes: diary.TreatmentMinutes, Status: data.StatusBooked}
}

// confirm shows, in one question, any contraindication on the booked date
// and whether the time is outside the opening hours, then books, closes
// the booking question with hide and calls booked. Answering No, or a
// refused booking, leaves the booking question open as it was typed, to
// choose another time.
func (b sessionBooking) confirm(a data.Appointment, diary data.DiarySettings, hide func()) {
	background(b.worker, func() ([]string, error) {
		return b.store.BookingWarnings(context.Background(), a)
	}, func(warnings []string, err error) {
		if err != nil {
			showError(err, b.win)
			return
		}
		book := func() {
			background(b.worker, func() (struct{}, error) {
				return struct{}{}, b.store.Book(context.Background(), &a)
			}, func(_ struct{}, err error) {
				if err != nil {
					showError(err, b.win)
					return
				}
				hide()
				b.booked(a)
			})
		}
		after := "\n\nBook anyway?"
		if len(warnings) > 0 {
			after = "\n\nBook anyway? The check is run again before the session."
		}
		if outside := diary.OutsideHours(a); outside != "" {
			warnings = append([]string{outside}, warnings...)
		}
		if len(warnings) == 0 {
			book()
			return
		}
		d := dialog.NewConfirm("Please confirm",
			strings.Join(warnings, "\n")+after,
			func(ok bool) {
				if ok {
					book()
				}
			}, b.win)
		d.SetConfirmText("Book anyway")
		d.SetConfirmImportance(widget.WarningImportance)
		d.Show()
	})
}
