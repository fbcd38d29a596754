package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"needlepoint/data"
)

// SessionBookings returns the bookings that logging a session of the series
// performed at at would settle, numbered as the diary shows them.
func (s *Store) SessionBookings(ctx context.Context, seriesID int64, at time.Time) (data.SessionBookings, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.SessionBookings{}, err
	}
	defer tx.Rollback()
	b, err := findSessionBookings(ctx, tx, seriesID, at)
	if err != nil {
		return b, s.readError(err)
	}
	list := []data.Appointment{b.SameDay, b.Later}
	if err := numberSessions(ctx, tx, list); err != nil {
		return b, s.readError(err)
	}
	return data.SessionBookings{SameDay: list[0], Later: list[1]}, nil
}

// findSessionBookings finds, among the series' booked or checked-in
// treatments, the one on the day of at closest to it, and the first one on
// a later day.
func findSessionBookings(ctx context.Context, tx *sql.Tx, seriesID int64, at time.Time) (data.SessionBookings, error) {
	open, err := queryAppointments(ctx, tx, ` WHERE a.series_id = ? AND a.kind = 'treatment'
		AND a.status IN ('booked', 'checked_in') ORDER BY a.starts_at, a.id`, seriesID)
	if err != nil {
		return data.SessionBookings{}, err
	}
	var b data.SessionBookings
	day := data.DateOf(at)
	for _, a := range open {
		on := data.DateOf(a.Start.In(at.Location()))
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
func (s *Store) settleDiary(ctx context.Context, tx *sql.Tx, who data.Actor, x *data.Session) error {
	b, err := findSessionBookings(ctx, tx, x.SeriesID, x.PerformedAt)
	if err != nil {
		return s.writeError(err)
	}
	if id := x.Diary.AppointmentID; id != 0 && id != b.SameDay.ID {
		a, err := findAppointment(ctx, tx, id)
		if err != nil {
			return s.writeError(err)
		}
		if a.SeriesID == x.SeriesID && (a.Status == data.StatusBooked || a.Status == data.StatusCheckedIn) {
			b.SameDay = a
		}
	}
	when := x.PerformedAt.Format("2 Jan 2006 15:04")
	if a := b.SameDay; a.ID != 0 {
		x.Diary.Done = fmt.Sprintf("The appointment at %s on %s is completed.", a.Start.Format("15:04"), a.Start.Format("2 Jan"))
		return s.changeAppointment(ctx, tx, who, a, a.Start, data.StatusCompleted, "", "completed by the session logged "+when)
	}
	a := b.Later
	if a.ID == 0 || x.Diary.Later == data.KeepLaterBooking {
		return nil
	}
	if x.Diary.LaterID != a.ID {
		return data.Errorf(data.ECONFLICT, "The series' bookings were changed on another computer while you were logging. Save again to see them as they are now.")
	}
	booked := a.Start.Format("Monday 2 Jan 15:04")
	if x.Diary.Later == data.CancelLaterBooking {
		x.Diary.Done = "The booking of " + booked + " is cancelled."
		return s.changeAppointment(ctx, tx, who, a, a.Start, data.StatusCancelled,
			"Session logged on "+x.PerformedAt.Format("2 Jan 2006")+" instead.", "cancelled: the session logged "+when+" took its place")
	}
	x.Diary.Done = "The booking of " + booked + " is moved to the session's time and completed."
	a.PractitionerID = x.PractitionerID
	return s.changeAppointment(ctx, tx, who, a, x.PerformedAt, data.StatusCompleted, "",
		"moved from "+a.Start.Format("2 Jan 2006 15:04")+" and completed by the session logged "+when)
}

// changeAppointment puts a, as read in this transaction, at start with its
// practitioner and in status, and audits it with detail.
func (s *Store) changeAppointment(ctx context.Context, tx *sql.Tx, who data.Actor, a data.Appointment, start time.Time, status data.AppointmentStatus, reason, detail string) error {
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
	e := data.Audit{Action: data.ActionChanged, PatientID: a.PatientID, Subject: appointmentSubject(a.ID), Detail: detail}
	return s.writeError(s.audit(ctx, tx, who, e))
}

// staleAppointment is the refusal of a change to an appointment changed
// meanwhile on another computer, or err when the change failed outright.
func staleAppointment(err error) error {
	if err != nil {
		return err
	}
	return data.Errorf(data.ECONFLICT, "This appointment was changed on another computer. Reopen the diary and try again.")
}
