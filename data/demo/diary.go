package demo

import (
	"math/rand/v2"
	"time"

	"needlepoint/data"
)

// The demo clinic's diary: when each practitioner is busy, in 15-minute
// slots of the opening hours, so that no two appointments of one
// practitioner ever overlap. Every appointment the demo makes, attended,
// missed or cancelled, takes its slots, as it did when it was booked.
const (
	slotMinutes = 15
	opensAt     = 9 * 60 // minutes after midnight, every open day
	slotsPerDay = (18*60 - opensAt) / slotMinutes
	// searchDays is how far a booking may move from the day it wanted.
	searchDays = 14
)

// closesAt returns the minute the clinic closes on day: 18:00 on weekdays,
// 13:00 on Saturdays, and 0 on Sundays, when it is closed. These are the
// store's default opening hours.
func closesAt(day time.Time) int {
	switch day.Weekday() {
	case time.Sunday:
		return 0
	case time.Saturday:
		return 13 * 60
	}
	return 18 * 60
}

// workingDay returns day, or the Monday after it when day is a Sunday.
func workingDay(day time.Time) time.Time {
	if day.Weekday() == time.Sunday {
		return day.AddDate(0, 0, 1)
	}
	return day
}

// diaryDay is one practitioner's calendar day.
type diaryDay struct {
	staff int64
	day   time.Time // midnight UTC, as data.DateOf
}

// diary places the demo's appointments and keeps them until they are
// stored. Times are wall-clock times in loc, the zone of the store's clock.
type diary struct {
	rng   *rand.Rand
	loc   *time.Location
	now   time.Time
	taken map[diaryDay]uint64 // one bit per slot
	count map[diaryDay]int
	list  []data.Appointment
}

func newDiary(rng *rand.Rand, now time.Time) *diary {
	return &diary{rng: rng, loc: now.Location(), now: now,
		taken: map[diaryDay]uint64{}, count: map[diaryDay]int{}}
}

// at returns the moment minute minutes after midnight on day, in the
// diary's zone.
func (d *diary) at(day time.Time, minute int) time.Time {
	y, m, dd := day.Date()
	return time.Date(y, m, dd, 0, minute, 0, 0, d.loc)
}

// mask returns the slots an appointment of minutes minutes takes from
// minute on, and false when it does not fit the opening hours of day.
func mask(day time.Time, minute, minutes int) (uint64, bool) {
	if minute < opensAt || minute+minutes > closesAt(day) {
		return 0, false
	}
	first := (minute - opensAt) / slotMinutes
	n := (minutes + slotMinutes - 1) / slotMinutes
	return (uint64(1)<<n - 1) << first, true
}

// place finds a free start for staff of minutes minutes on day or, when
// that day is full or closed, on the next open days before until (a
// calendar day; zero for searchDays). The start is never before from. Among
// a day's free starts it picks one at random.
func (d *diary) place(staff int64, day time.Time, minutes int, from, until time.Time) (time.Time, bool) {
	if until.IsZero() {
		until = day.AddDate(0, 0, searchDays+1)
	}
	free := make([]int, 0, slotsPerDay)
	for ; day.Before(until); day = day.AddDate(0, 0, 1) {
		free = free[:0]
		busy := d.taken[diaryDay{staff, day}]
		for minute := opensAt; minute+minutes <= closesAt(day); minute += slotMinutes {
			m, _ := mask(day, minute, minutes)
			if busy&m == 0 && !d.at(day, minute).Before(from) {
				free = append(free, minute)
			}
		}
		if len(free) > 0 {
			return d.at(day, free[d.rng.IntN(len(free))]), true
		}
	}
	return time.Time{}, false
}

// add books a in the diary; a must have come from place, or fit a free
// slot.
func (d *diary) add(a data.Appointment) {
	key := diaryDay{a.PractitionerID, data.DateOf(a.Start)}
	m, _ := mask(key.day, a.Start.Hour()*60+a.Start.Minute(), a.DurationMinutes)
	d.taken[key] |= m
	d.count[key]++
	d.list = append(d.list, a)
}

// status returns where an appointment starting at start for minutes
// minutes stands now, if the patient came: booked before it starts,
// checked in while it runs, completed after.
func (d *diary) status(start time.Time, minutes int) data.AppointmentStatus {
	switch {
	case !start.Before(d.now):
		return data.StatusBooked
	case start.Add(time.Duration(minutes) * time.Minute).After(d.now):
		return data.StatusCheckedIn
	}
	return data.StatusCompleted
}
