package data

import (
	"fmt"
	"strings"
	"time"
)

// Fields of the booking form.
const (
	FieldAppointmentKind   = "appointment_kind"
	FieldAppointmentStart  = "appointment_start"
	FieldAppointmentPerson = "appointment_patient"
	FieldAppointmentStaff  = "appointment_practitioner"
	FieldAppointmentSeries = "appointment_series"
	FieldAppointmentRoom   = "appointment_room"
	FieldAppointmentNotes  = "appointment_notes"
	FieldAppointmentLength = "appointment_duration"
	FieldStatusReason      = "status_reason"
)

// Limits on an appointment: five minutes for a quick check, a working day
// at most.
const (
	MinAppointmentMinutes = 5
	MaxAppointmentMinutes = 480
	MaxRoomLength         = 50
)

// AppointmentKind is what an appointment is for; it sets the default length.
type AppointmentKind string

// Kinds of appointment.
const (
	KindConsultation AppointmentKind = "consultation"
	KindTreatment    AppointmentKind = "treatment"
	KindReview       AppointmentKind = "review"
	KindOther        AppointmentKind = "other"
)

// AppointmentKinds lists the kinds in the order a form offers them.
var AppointmentKinds = []AppointmentKind{KindConsultation, KindTreatment, KindReview, KindOther}

// Label returns the words a form shows for k.
func (k AppointmentKind) Label() string {
	switch k {
	case KindConsultation:
		return "Consultation"
	case KindTreatment:
		return "Treatment session"
	case KindReview:
		return "Review"
	case KindOther:
		return "Other"
	}
	return string(k)
}

// DefaultMinutes is the usual length of an appointment of kind k until the
// clinic sets its own (see DiarySettings). A treatment takes an hour because
// the numbing cream needs its time.
func (k AppointmentKind) DefaultMinutes() int {
	switch k {
	case KindConsultation:
		return 30
	case KindTreatment:
		return 60
	case KindReview:
		return 15
	}
	return 30
}

func (k AppointmentKind) valid() bool {
	switch k {
	case KindConsultation, KindTreatment, KindReview, KindOther:
		return true
	}
	return false
}

// AppointmentStatus is where an appointment stands on the day.
type AppointmentStatus string

// Appointment statuses. Booked moves to checked in and then completed; a
// booked or checked-in appointment may be cancelled (with a reason), and a
// booked one may be marked a no-show once it has started. A check-in or a
// no-show made by mistake can be undone (see CanUndo); completed and
// cancelled are final: a new appointment is booked instead.
const (
	StatusBooked    AppointmentStatus = "booked"
	StatusCheckedIn AppointmentStatus = "checked_in"
	StatusCompleted AppointmentStatus = "completed"
	StatusCancelled AppointmentStatus = "cancelled"
	StatusNoShow    AppointmentStatus = "no_show"
)

// Label returns the words a diary shows for st.
func (st AppointmentStatus) Label() string {
	switch st {
	case StatusBooked:
		return "Booked"
	case StatusCheckedIn:
		return "Checked in"
	case StatusCompleted:
		return "Completed"
	case StatusCancelled:
		return "Cancelled"
	case StatusNoShow:
		return "Did not attend"
	}
	return string(st)
}

// HoldsSlot reports whether an appointment in status st still takes up its
// practitioner's and room's time.
func (st AppointmentStatus) HoldsSlot() bool {
	return st == StatusBooked || st == StatusCheckedIn || st == StatusCompleted
}

// CanMove reports whether an appointment may go from status from to status
// to.
func CanMove(from, to AppointmentStatus) bool {
	switch from {
	case StatusBooked:
		return to == StatusCheckedIn || to == StatusCancelled || to == StatusNoShow
	case StatusCheckedIn:
		return to == StatusCompleted || to == StatusCancelled
	}
	return false
}

// Appointment is a booking in the diary: a patient seeing a practitioner,
// optionally in a given room, from Start for DurationMinutes.
type Appointment struct {
	ID             int64
	Kind           AppointmentKind
	PatientID      int64
	PractitionerID int64
	SeriesID       int64 // the series of a treatment; 0 otherwise
	Room           string
	// Start is in the zone the appointment was booked in; the store keeps
	// the zone, so the wall-clock time survives daylight-saving changes.
	Start           time.Time
	DurationMinutes int
	Notes           string
	Status          AppointmentStatus
	StatusReason    string // why it was cancelled

	// Read only: filled in by the store for lists.
	PatientName      string
	PractitionerName string
	// SessionNumber and PlannedSessions place a treatment in its series
	// ("Session 2 of 3"); both are 0 for other kinds and for cancelled or
	// missed treatments.
	SessionNumber   int
	PlannedSessions int

	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int64
}

// What says what the appointment is for, e.g. "Treatment session 2 of 3"
// or "Consultation".
func (a *Appointment) What() string {
	if a.Kind == KindTreatment && a.SessionNumber > 0 {
		return fmt.Sprintf("Treatment session %d of %d", a.SessionNumber, a.PlannedSessions)
	}
	return a.Kind.Label()
}

// End returns when the appointment finishes.
func (a *Appointment) End() time.Time {
	return a.Start.Add(time.Duration(a.DurationMinutes) * time.Minute)
}

// Overlaps reports whether a and b share any time. Appointments that touch,
// one ending as the next starts, do not overlap.
func (a *Appointment) Overlaps(b *Appointment) bool {
	return a.Start.Before(b.End()) && b.Start.Before(a.End())
}

// TimeRange returns the local wall-clock times, e.g. "10:00–11:00".
func (a *Appointment) TimeRange() string {
	return a.Start.Format("15:04") + "–" + a.End().In(a.Start.Location()).Format("15:04")
}

// Validate checks an appointment against the diary's rules.
func (a *Appointment) Validate() error {
	var v Validator
	if !a.Kind.valid() {
		v.Add(FieldAppointmentKind, "Choose what the appointment is for: consultation, treatment session, review or other.")
	}
	if a.PatientID == 0 {
		v.Add(FieldAppointmentPerson, "Choose the patient.")
	}
	if a.PractitionerID == 0 {
		v.Add(FieldAppointmentStaff, "Choose the practitioner.")
	}
	if a.Kind == KindTreatment && a.SeriesID == 0 {
		v.Add(FieldAppointmentSeries, "A treatment session belongs to a series; choose or start one.")
	}
	if a.Start.IsZero() {
		v.Add(FieldAppointmentStart, "Choose the date and time.")
	}
	if a.DurationMinutes < MinAppointmentMinutes || a.DurationMinutes > MaxAppointmentMinutes {
		v.Add(FieldAppointmentLength, fmt.Sprintf("An appointment lasts from %d to %d minutes.", MinAppointmentMinutes, MaxAppointmentMinutes))
	}
	v.Text(FieldAppointmentRoom, "Room", a.Room, MaxRoomLength, false)
	v.Text(FieldAppointmentNotes, "Notes", a.Notes, MaxNotesLength, true)
	switch a.Status {
	case StatusBooked, StatusCheckedIn, StatusCompleted, StatusNoShow:
	case StatusCancelled:
		if strings.TrimSpace(a.StatusReason) == "" {
			v.Add(FieldStatusReason, "Say why the appointment is cancelled.")
		}
	default:
		v.Add(FieldStatusReason, "Unknown appointment status "+string(a.Status)+".")
	}
	v.Text(FieldStatusReason, "The reason", a.StatusReason, MaxReasonLength, true)
	return v.Err()
}

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
