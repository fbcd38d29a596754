package data

import (
	"context"
	"database/sql"
	"fmt"
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

// SessionBookings returns the bookings that logging a session of the series
// performed at at would settle, numbered as the diary shows them.
func (s *Store) SessionBookings(ctx context.Context, seriesID int64, at time.Time) (SessionBookings, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return SessionBookings{}, err
	}
	defer tx.Rollback()
	b, err := findSessionBookings(ctx, tx, seriesID, at)
	if err != nil {
		return b, s.readError(err)
	}
	list := []Appointment{b.SameDay, b.Later}
	if err := numberSessions(ctx, tx, list); err != nil {
		return b, s.readError(err)
	}
	return SessionBookings{SameDay: list[0], Later: list[1]}, nil
}

// findSessionBookings finds, among the series' booked or checked-in
// treatments, the one on the day of at closest to it, and the first one on
// a later day.
func findSessionBookings(ctx context.Context, tx *sql.Tx, seriesID int64, at time.Time) (SessionBookings, error) {
	open, err := queryAppointments(ctx, tx, ` WHERE a.series_id = ? AND a.kind = 'treatment'
		AND a.status IN ('booked', 'checked_in') ORDER BY a.starts_at, a.id`, seriesID)
	if err != nil {
		return SessionBookings{}, err
	}
	var b SessionBookings
	day := DateOf(at)
	for _, a := range open {
		on := DateOf(a.Start.In(at.Location()))
		switch {
		case on.Equal(day):
			if b.SameDay.ID == 0 || a.Start.Sub(at).Abs() < b.SameDay.Start.Sub(at).Abs() {
				b.SameDay = a
			}
		case on.After(day) && b.Later.ID == 0:
			b.Later = a
		}
	}
	return b, nil
}

// settleDiary completes the appointment the session x took place in: the
// one it was logged from, or the series' treatment on the session's day.
// With none, it completes or cancels the series' next booking when the user
// chose so. It runs in the transaction that logs x and records in
// x.Diary.Done what it changed.
func (s *Store) settleDiary(ctx context.Context, tx *sql.Tx, who Actor, x *Session) error {
	b, err := findSessionBookings(ctx, tx, x.SeriesID, x.PerformedAt)
	if err != nil {
		return s.writeError(err)
	}
	if id := x.Diary.AppointmentID; id != 0 && id != b.SameDay.ID {
		a, err := findAppointment(ctx, tx, id)
		if err != nil {
			return s.writeError(err)
		}
		if a.SeriesID == x.SeriesID && (a.Status == StatusBooked || a.Status == StatusCheckedIn) {
			b.SameDay = a
		}
	}
	when := x.PerformedAt.Format("2 Jan 2006 15:04")
	if a := b.SameDay; a.ID != 0 {
		x.Diary.Done = fmt.Sprintf("The appointment at %s on %s is completed.", a.Start.Format("15:04"), a.Start.Format("2 Jan"))
		return s.changeAppointment(ctx, tx, who, a, a.Start, StatusCompleted, "", "completed by the session logged "+when)
	}
	a := b.Later
	if a.ID == 0 || x.Diary.Later == KeepLaterBooking {
		return nil
	}
	if x.Diary.LaterID != a.ID {
		return Errorf(ECONFLICT, "The series' bookings were changed on another computer while you were logging. Save again to see them as they are now.")
	}
	booked := a.Start.Format("Monday 2 Jan 15:04")
	if x.Diary.Later == CancelLaterBooking {
		x.Diary.Done = "The booking of " + booked + " is cancelled."
		return s.changeAppointment(ctx, tx, who, a, a.Start, StatusCancelled,
			"Session logged on "+x.PerformedAt.Format("2 Jan 2006")+" instead.", "cancelled: the session logged "+when+" took its place")
	}
	x.Diary.Done = "The booking of " + booked + " is moved to the session's time and completed."
	a.PractitionerID = x.PractitionerID
	return s.changeAppointment(ctx, tx, who, a, x.PerformedAt, StatusCompleted, "",
		"moved from "+a.Start.Format("2 Jan 2006 15:04")+" and completed by the session logged "+when)
}

// changeAppointment puts a, as read in this transaction, at start with its
// practitioner and in status, and audits it with detail.
func (s *Store) changeAppointment(ctx context.Context, tx *sql.Tx, who Actor, a Appointment, start time.Time, status AppointmentStatus, reason, detail string) error {
	res, err := tx.ExecContext(ctx, `UPDATE appointments SET starts_at = ?, zone = ?, practitioner_id = ?,
		status = ?, status_reason = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		formatTime(start), start.Location().String(), a.PractitionerID, string(status), reason,
		formatTime(s.Now()), a.ID, a.Version)
	if err != nil {
		return s.writeError(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return s.writeError(staleAppointment(err))
	}
	e := Audit{Action: ActionChanged, PatientID: a.PatientID, Subject: appointmentSubject(a.ID), Detail: detail}
	return s.writeError(s.audit(ctx, tx, who, e))
}

// staleAppointment is the refusal of a change to an appointment changed
// meanwhile on another computer, or err when the change failed outright.
func staleAppointment(err error) error {
	if err != nil {
		return err
	}
	return Errorf(ECONFLICT, "This appointment was changed on another computer. Reopen the diary and try again.")
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
