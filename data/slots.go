package data

import (
	"strings"
	"time"
)

// This file lists the free times of one practitioner on one day, for the
// booking forms to offer.

// ClosedOn reports whether the clinic is closed all day on day's weekday.
func (diary DiarySettings) ClosedOn(day time.Time) bool {
	return !diary.Hours[day.Weekday()].Open
}

// FreeSlots returns the times on day at which b could start: within the
// opening hours, from opening time in steps of slotMinutes, with neither
// b's practitioner nor b's room (when it has one) taken by another
// appointment in busy for b.DurationMinutes. Cancelled and missed
// appointments leave their slot free, and b itself is skipped, so a move
// may keep its own time. On the day of now, times already gone are left
// out. The times are in day's location; a closed day has none.
func (diary DiarySettings) FreeSlots(day, now time.Time, b Appointment, busy []Appointment) []time.Time {
	hours := diary.Hours[day.Weekday()]
	if !hours.Open {
		return nil
	}
	y, m, d := day.Date()
	var slots []time.Time
	for minute := hours.Opens; minute+b.DurationMinutes <= hours.Closes; minute += slotMinutes {
		b.Start = time.Date(y, m, d, 0, minute, 0, 0, day.Location())
		if !b.Start.Before(now) && free(b, busy) {
			slots = append(slots, b.Start)
		}
	}
	return slots
}

// SlotsRange returns the span of time to read from the diary to find the
// free slots of day: from the longest appointment before its midnight, so
// that one starting the evening before and running on is seen, to the
// next midnight.
func SlotsRange(day time.Time) (from, to time.Time) {
	y, m, d := day.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, day.Location())
	return midnight.Add(-MaxAppointmentMinutes * time.Minute), time.Date(y, m, d+1, 0, 0, 0, 0, day.Location())
}

// free reports whether b's practitioner, and b's room when it has one, has
// nothing else at b's time, the same rule the store's booking enforces.
func free(b Appointment, busy []Appointment) bool {
	for _, x := range busy {
		if (b.ID != 0 && x.ID == b.ID) || !x.Status.HoldsSlot() || !b.Overlaps(&x) {
			continue
		}
		room := strings.TrimSpace(b.Room)
		if x.PractitionerID == b.PractitionerID || (room != "" && strings.EqualFold(strings.TrimSpace(x.Room), room)) {
			return false
		}
	}
	return true
}
