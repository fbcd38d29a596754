package data

import (
	"time"
)

// This file keeps the diary in step with the session log: a session logged
// completes the appointment it took place in, in the same transaction, and
// settles the series' next booking when the patient came before it.

// LaterBooking is what logging a session does with the series' next
// booking when the session's day has no appointment of the series: the
// patient came before the date booked.
type LaterBooking int

// What to do with the next booking.
const (
	// KeepLaterBooking leaves it booked, as the series' next session.
	KeepLaterBooking LaterBooking = iota
	// CompleteLaterBooking takes it as the session just logged: it moves
	// to the session's time and practitioner and is completed, freeing the
	// time it held.
	CompleteLaterBooking
	// CancelLaterBooking cancels it, the session having taken its place.
	CancelLaterBooking
)

// SessionDiary is what logging a session does in the diary. The session
// form sets it before LogSession, which fills in Done. It is not stored
// with the session.
type SessionDiary struct {
	// AppointmentID is the appointment the session was logged from
	// (Complete on the day view). With 0 the store takes the series'
	// treatment booked or checked in on the session's day.
	AppointmentID int64
	// LaterID is the series' next booking the user was asked about (see
	// SessionBookings), and Later what they chose to do with it.
	LaterID int64
	Later   LaterBooking
	// Done says, in the desk's words, what logging changed in the diary;
	// empty when nothing changed.
	Done string
}

// SessionBookings are the series' open treatment bookings around the day a
// session is logged: the one on that day, which logging completes, and
// otherwise the next one after it, which the user decides about. ID 0
// means there is none.
type SessionBookings struct {
	SameDay Appointment
	Later   Appointment
}

// NextBooking returns the first treatment of the series among list that is
// booked or checked in and starts after after: the appointment an aftercare
// sheet names as the patient's next session.
func NextBooking(list []Appointment, seriesID int64, after time.Time) (Appointment, bool) {
	var next Appointment
	for _, a := range list {
		if a.Kind != KindTreatment || a.SeriesID != seriesID || !a.Start.After(after) ||
			(a.Status != StatusBooked && a.Status != StatusCheckedIn) {
			continue
		}
		if next.ID == 0 || a.Start.Before(next.Start) {
			next = a
		}
	}
	return next, next.ID != 0
}
