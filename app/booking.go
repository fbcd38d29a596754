package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
}

// bookingProposal is what the booking question starts from.
type bookingProposal struct {
	proposal data.Proposal
	staff    []data.StaffMember
	diary    data.DiarySettings
}

// bookNextSession proposes the next session of a series, lets the desk
// change the date, time or practitioner, warns about contraindications on
// that date and about booking outside the opening hours, and books it.
func (c clinicalActions) bookNextSession(ts data.TreatmentSeries) {
	background(&c.screen.worker, func() (bookingProposal, error) {
		ctx := context.Background()
		p, err := c.store.ProposeNextSession(ctx, ts.ID, time.Local)
		if err != nil {
			return bookingProposal{}, err
		}
		staff, err := c.store.Staff(ctx, true)
		if err != nil {
			return bookingProposal{}, err
		}
		diary, err := c.store.DiarySettings(ctx)
		return bookingProposal{p, staff, diary}, err
	}, func(b bookingProposal, err error) {
		if err != nil {
			showError(err, c.screen.win)
			return
		}
		c.askBooking(ts, b)
	})
}

func (c clinicalActions) askBooking(ts data.TreatmentSeries, b bookingProposal) {
	var clinicians []data.StaffMember
	for _, m := range b.staff {
		if m.Role == data.RolePractitioner {
			clinicians = append(clinicians, m)
		}
	}
	who := widget.NewSelect(labels(clinicians, func(m data.StaffMember) string { return m.Name }), nil)
	who.PlaceHolder = "Choose the practitioner"
	for i, m := range clinicians {
		if m.ID == b.proposal.PractitionerID {
			who.SetSelectedIndex(i)
		}
	}
	day := widget.NewEntry()
	day.SetText(c.screen.order.Format(b.proposal.Start))
	day.SetPlaceHolder(c.screen.order.Hint())
	clock := widget.NewEntry()
	clock.SetText(b.proposal.Start.Format("15:04"))
	clock.SetPlaceHolder("HH:MM")
	why := widget.NewLabel("Proposed: " + b.proposal.Why + ".")
	why.Wrapping = fyne.TextWrapWord
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	d := dialog.NewCustomWithoutButtons("Book the next session of "+c.patientName(),
		container.NewVBox(why, widget.NewLabel("Date"), day, widget.NewLabel("Time"), clock,
			widget.NewLabel("Practitioner"), who, problem), c.screen.win)
	book := widget.NewButton("Book", func() {
		a, msg := c.bookingFrom(ts, day.Text, clock.Text, who.SelectedIndex(), clinicians)
		if msg != "" {
			problem.SetText(msg)
			problem.Show()
			return
		}
		a.DurationMinutes = b.diary.TreatmentMinutes
		problem.Hide()
		c.confirmBooking(a, b.diary, d.Hide)
	})
	book.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{widget.NewButton("Cancel", d.Hide), book})
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// bookingFrom reads the booking question, or says what is wrong with it.
func (c clinicalActions) bookingFrom(ts data.TreatmentSeries, dayText, clockText string, who int, clinicians []data.StaffMember) (data.Appointment, string) {
	day, err := data.ParseDate(dayText, c.screen.order)
	if err != nil || day.IsZero() {
		return data.Appointment{}, "Date: type it as " + c.screen.order.Hint() + "."
	}
	clock, err := time.Parse("15:04", strings.TrimSpace(clockText))
	if err != nil {
		return data.Appointment{}, "Time: type it as HH:MM, e.g. 14:30."
	}
	if who < 0 {
		return data.Appointment{}, "Choose the practitioner."
	}
	start := time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, time.Local)
	return data.Appointment{Kind: data.KindTreatment, PatientID: ts.PatientID, PractitionerID: clinicians[who].ID,
		SeriesID: ts.ID, Start: start, Status: data.StatusBooked}, ""
}

// confirmBooking shows, in one question, any contraindication on the booked
// date and whether the time is outside the opening hours, then books and
// calls booked. Answering No, or a refused booking, leaves the booking
// question open as it was typed, to choose another time.
func (c clinicalActions) confirmBooking(a data.Appointment, diary data.DiarySettings, booked func()) {
	background(&c.screen.worker, func() ([]string, error) {
		return c.store.BookingWarnings(context.Background(), a)
	}, func(warnings []string, err error) {
		if err != nil {
			showError(err, c.screen.win)
			return
		}
		book := func() {
			background(&c.screen.worker, func() (struct{}, error) {
				return struct{}{}, c.store.Book(context.Background(), &a)
			}, func(_ struct{}, err error) {
				if err != nil {
					showError(err, c.screen.win)
					return
				}
				booked()
				c.screen.status.SetText("Booked " + a.Start.Format("Mon 2 Jan 2006 15:04") + " for " + c.patientName() + ".")
				c.refresh()
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
			}, c.screen.win)
		d.SetConfirmText("Book anyway")
		d.SetConfirmImportance(widget.WarningImportance)
		d.Show()
	})
}
