package app

import (
	"needlepoint/data"
)

// The reasons the diary's buttons give when nothing, or nothing they can
// act on, is chosen.
const (
	nothingChosen = "choose an appointment in the diary first."
	noRecordHere  = "patients' records do not open from here."
)

// whyNot says why the diary does not let the selected appointment a move
// to status to, or "" when it does: the status rules first, then the
// calendar's, since a patient checks in on the day itself and cannot have
// missed an appointment that is still to come.
func (s *dayScreen) whyNot(a data.Appointment, to data.AppointmentStatus) string {
	if data.CanMove(a.Status, to) {
		day, today := startOfDay(a.Start), startOfDay(s.now())
		switch {
		case to == data.StatusCheckedIn && day.After(today):
			return "a patient checks in on the day of the appointment, " + dayHeading(day) + "."
		case to == data.StatusCheckedIn && day.Before(today):
			return "the day of this appointment has passed: mark it a no-show or cancel it."
		case to == data.StatusNoShow && day.After(today):
			return "this appointment is still to come, on " + dayHeading(day) + "."
		}
		return ""
	}
	if a.Status == to {
		return already(a)
	}
	switch a.Status {
	case data.StatusCancelled:
		return "a cancelled appointment cannot change: book a new one."
	case data.StatusCompleted:
		return "a completed appointment cannot change."
	case data.StatusNoShow:
		return "this appointment is marked a no-show: undo the no-show first."
	case data.StatusCheckedIn:
		return a.PatientName + " has checked in: undo the check-in first."
	}
	// Only Complete is left for a booked appointment.
	if a.Kind == data.KindTreatment && a.SeriesID != 0 {
		return "check " + a.PatientName + " in first; a treatment is then completed by logging its session."
	}
	return "check " + a.PatientName + " in first."
}

// already says that a is in the status a button would give it.
func already(a data.Appointment) string {
	switch a.Status {
	case data.StatusCheckedIn:
		return a.PatientName + " is already checked in."
	case data.StatusNoShow:
		return "this appointment is already marked a no-show."
	case data.StatusCancelled:
		return "this appointment is already cancelled."
	case data.StatusCompleted:
		return "this appointment is already completed."
	}
	return ""
}

// whyNoUndo says why a's status cannot be undone, or "" when it can.
func whyNoUndo(a data.Appointment) string {
	switch a.Status {
	case data.StatusBooked:
		return "there is no check-in or no-show to undo."
	case data.StatusCancelled:
		return "a cancellation cannot be undone: book a new appointment."
	case data.StatusCompleted:
		return "a completed appointment cannot be undone."
	}
	return ""
}

// whyNotMovable says why a cannot be moved, or "" when it can.
func whyNotMovable(a data.Appointment) string {
	switch a.Status {
	case data.StatusCancelled:
		return "a cancelled appointment cannot be moved: book a new one."
	case data.StatusCompleted:
		return "a completed appointment cannot be moved."
	case data.StatusNoShow:
		return "a missed appointment cannot be moved: undo the no-show, or book a new one."
	}
	return ""
}
