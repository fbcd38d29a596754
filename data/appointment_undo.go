package data

import (
	"context"
	"strings"
)

// This file holds the diary's corrections of the day: a no-show only once
// the appointment has started, and undoing a check-in or a no-show.

// NotStartedYet is the refusal of a no-show for a, whose start is still to
// come, in the desk's words.
func NotStartedYet(a Appointment) error {
	return Errorf(EINVALID, "This appointment has not started yet: %s is booked for %s on %s. A patient can be marked as did not attend from the start time on; if they let you know they are not coming, cancel the appointment instead.",
		a.PatientName, a.Start.Format("15:04"), a.Start.Format("Monday 2 Jan"))
}

// CanUndo reports whether an appointment in status st can be put back to
// booked: a check-in or a no-show made by mistake.
func CanUndo(st AppointmentStatus) bool {
	return st == StatusCheckedIn || st == StatusNoShow
}

// UndoStatus puts a checked-in or no-show appointment back to booked, for a
// patient checked in by mistake or marked as did not attend who then
// arrived; it leaves the recall list with it. version must be the version
// that was read. The undo is audited; any other status is refused.
func (s *Store) UndoStatus(ctx context.Context, id, version int64) error {
	who, tx, err := s.beginWrite(ctx, PermAppointments, 0)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	a, err := findAppointment(ctx, tx, id)
	if err != nil {
		return s.writeError(err)
	}
	if a.Version != version {
		return Errorf(ECONFLICT, "This appointment was changed on another computer. Reopen the diary and try again.")
	}
	if !CanUndo(a.Status) {
		return Errorf(EINVALID, "Only a check-in or a did not attend can be undone; this appointment is %s.", strings.ToLower(a.Status.Label()))
	}
	undone := "check-in undone"
	if a.Status == StatusNoShow {
		undone = "did not attend undone"
	}
	if err := s.changeAppointment(ctx, tx, who, a, a.Start, StatusBooked, "", undone); err != nil {
		return err
	}
	return s.writeError(tx.Commit())
}
