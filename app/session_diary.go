package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// This file settles the diary when a session is logged: the store
// completes the appointment of the session's day by itself; when the day
// has none and the series' next session is booked later, the user decides
// what becomes of that booking before the session is saved.

// sessionDiary is what the session form knows of the diary.
type sessionDiary struct {
	// appointmentID is the appointment the form was opened from; 0 when
	// it was opened from the clinical record.
	appointmentID int64
	// askedFor is the session time the choice was made for, and choice
	// what the user chose then.
	askedFor time.Time
	choice   data.SessionDiary
}

// settled reports whether the diary is settled for a session at at, and
// otherwise reads the series' bookings and, once the user has chosen, saves
// the form again.
func (f *sessionForm) settled(at time.Time) bool {
	if f.saved != nil || (!f.diary.askedFor.IsZero() && f.diary.askedFor.Equal(at)) {
		return true
	}
	f.saveButton.Disable()
	background(&f.worker, func() (data.SessionBookings, error) {
		return f.store.SessionBookings(context.Background(), f.seriesID, at)
	}, func(b data.SessionBookings, err error) {
		f.saveButton.Enable()
		if err != nil {
			showError(err, f.win)
			return
		}
		choose := func(later data.LaterBooking) {
			f.diary.askedFor = at
			f.diary.choice = data.SessionDiary{AppointmentID: f.diary.appointmentID, LaterID: b.Later.ID, Later: later}
			f.onSave()
		}
		if f.diary.appointmentID != 0 || b.SameDay.ID != 0 || b.Later.ID == 0 {
			choose(data.KeepLaterBooking)
			return
		}
		f.askLater(at, b.Later, choose)
	})
	return false
}

// askLater asks what becomes of the series' next booking, later than the
// session at at.
func (f *sessionForm) askLater(at time.Time, later data.Appointment, choose func(data.LaterBooking)) {
	when := later.Start.Format("Monday 2 January") + " at " + later.Start.Format("15:04")
	msg := widget.NewLabel(fmt.Sprintf("This session is on %s. The series' next session, %s, is already booked for %s with %s.\nWhat should happen to that booking?",
		at.Format("Monday 2 January"), strings.ToLower(later.What()), when, later.PractitionerName))
	msg.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	answer := func(label string, later data.LaterBooking) *widget.Button {
		return widget.NewButton(label, func() {
			d.Hide()
			choose(later)
		})
	}
	keep := answer(fmt.Sprintf("Keep it as the next session (it becomes session %d of %d)", later.SessionNumber+1, later.PlannedSessions), data.KeepLaterBooking)
	keep.Importance = widget.HighImportance
	freed := ", and " + later.Start.Format("2 Jan") + " is freed"
	box := container.NewVBox(msg,
		keep,
		answer("Complete it: the patient came on "+at.Format("2 Jan")+" instead"+freed, data.CompleteLaterBooking),
		answer("Cancel it: this session took its place"+freed, data.CancelLaterBooking))
	d = dialog.NewCustom("The next session is already booked", "Back to the session", box, f.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}
