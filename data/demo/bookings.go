package demo

import (
	"time"

	"needlepoint/data"
)

// This file puts the demo's appointments in the diary: the consultation
// and the sessions of each patient with clinical records, what comes after
// a series, and, from today on, the other patients' visits that make a
// working clinic's days.
const (
	// bookedAhead is how many days ahead patients have booked their
	// consultation, first or next session, or review.
	bookedAhead = 28
	// sessionsToday is how many sessions due this week or overdue are
	// booked for today instead, when today is a working day.
	sessionsToday = 3
	// fullDays is how many days, today first, have a full diary.
	fullDays = 14
)

var (
	cancelReasons = []string{
		"Patient unwell; moved to a later date.",
		"Work commitment; rebooked.",
		"Childcare fell through; rebooked.",
		"Practitioner on a training day; patient moved.",
	}
	// shortVisits are the visits of patients with no clinical records.
	shortVisits = []struct {
		notes   string
		minutes int
	}{
		{"Skin check and questions about microneedling.", 30},
		{"Progress photos.", 15},
		{"Skincare advice and product pick-up.", 15},
		{"Second opinion on a scar; considering a series.", 30},
	}
)

// consultationBooked puts the patient's consultation in the diary on
// pl.consult or the next open day with a free half hour, and moves
// pl.consult there. It reports whether the consultation has taken place: one
// from today on is only booked, its records still to be written.
func (c *clinical) consultationBooked(pl *plan) bool {
	minutes := data.KindConsultation.DefaultMinutes()
	by := c.practitioner(pl.consult, pl.second)
	at, ok := time.Time{}, false
	if pl.consult.Before(c.today) {
		at, ok = c.diary.place(by.ID, pl.consult, minutes, time.Time{}, c.today)
	}
	if !ok {
		at, ok = c.diary.place(by.ID, workingDay(maxDay(pl.consult, c.today)), minutes, c.diary.now, time.Time{})
	}
	if !ok {
		return false // no room for weeks: the patient waits to be called
	}
	a := data.Appointment{Kind: data.KindConsultation, PatientID: pl.p.id, PractitionerID: by.ID,
		Start: at, DurationMinutes: minutes, Status: c.diary.status(at, minutes)}
	c.diary.add(a)
	pl.consult = data.DateOf(at)
	return a.Status == data.StatusCompleted
}

// missedBefore now and then puts an earlier appointment for the session
// held at at in the diary, a few days before: missed, or cancelled with a
// reason. Either way the patient came on at, so it is not a recall.
func (c *clinical) missedBefore(pl plan, seriesID int64, by data.StaffMember, at time.Time) {
	r := c.rng.IntN(100)
	if r >= 12 {
		return
	}
	minutes := data.KindTreatment.DefaultMinutes()
	day := data.DateOf(at)
	start, ok := c.diary.place(by.ID, workingDay(day.AddDate(0, 0, -2-c.rng.IntN(5))), minutes, time.Time{}, day)
	if !ok {
		return
	}
	a := data.Appointment{Kind: data.KindTreatment, PatientID: pl.p.id, PractitionerID: by.ID, SeriesID: seriesID,
		Start: start, DurationMinutes: minutes, Status: data.StatusNoShow}
	if r >= 6 {
		a.Status, a.StatusReason = data.StatusCancelled, cancelReasons[c.rng.IntN(len(cancelReasons))]
	}
	c.diary.add(a)
}

// nextSteps books what follows the sessions held: the next session of an
// active series and the six-month review of a completed one.
func (c *clinical) nextSteps(pl plan, ts data.TreatmentSeries, status data.SeriesStatus, held []time.Time) {
	n := len(held)
	switch {
	case status == data.SeriesActive && n < ts.PlannedSessions:
		due := ts.StartedOn
		if n > 0 {
			due = data.DateOf(held[n-1]).AddDate(0, 0, 7*ts.IntervalWeeks)
		}
		c.nextSession(pl, ts, n, due)
	case status == data.SeriesCompleted && n > 0:
		c.review(pl, ts.ID, data.DateOf(held[n-1]).AddDate(0, data.ReviewAfterMonths, 0))
	}
}

// nextSession books the session due on due for most series, about the
// interval after the last one. A session already due was missed by some
// patients and rebooked by others; the rest were never booked, and a long
// overdue series is a patient who stopped coming: the recall list's work.
// The first few due this week or lately overdue are booked for today.
func (c *clinical) nextSession(pl plan, ts data.TreatmentSeries, done int, due time.Time) {
	r := c.rng.IntN(100)
	switch {
	case c.sessionsToday < sessionsToday && !due.After(c.today.AddDate(0, 0, 7)) && !due.Before(c.today.AddDate(0, 0, -60)):
		if at, ok := c.book(pl, ts.ID, data.KindTreatment, c.today); ok && data.DateOf(at).Equal(c.today) {
			c.sessionsToday++
		}
	case !due.Before(c.today):
		if due.After(c.today.AddDate(0, 0, bookedAhead)) || r >= 85 {
			return
		}
		at, ok := c.book(pl, ts.ID, data.KindTreatment, due)
		if ok && done == 0 && r < 50 {
			c.bookBefore(pl, at)
		}
	case due.Before(c.today.AddDate(0, 0, -60)):
	case r < 30:
		c.attended(pl, ts.ID, data.KindTreatment, due, data.StatusNoShow)
	case r < 65:
		c.book(pl, ts.ID, data.KindTreatment, c.today.AddDate(0, 0, 1+c.rng.IntN(10)))
	}
}

// bookBefore books a patch test a few days before the first session at
// at, when there is still time.
func (c *clinical) bookBefore(pl plan, at time.Time) {
	by := c.practitioner(data.DateOf(at), pl.second)
	minutes := 15
	day := data.DateOf(at)
	start, ok := c.diary.place(by.ID, workingDay(day.AddDate(0, 0, -3-c.rng.IntN(5))), minutes, c.diary.now, day)
	if ok {
		c.diary.add(data.Appointment{Kind: data.KindOther, PatientID: pl.p.id, PractitionerID: by.ID,
			Start: start, DurationMinutes: minutes, Notes: "Patch test before the first session.",
			Status: data.StatusBooked})
	}
}

// review books the six-month review due on due: held for most series long
// done, now and then missed; booked or held for half of those due about
// now, the rest left to the recall list.
func (c *clinical) review(pl plan, seriesID int64, due time.Time) {
	r := c.rng.IntN(100)
	switch {
	case due.After(c.today.AddDate(0, 0, bookedAhead)):
	case !due.Before(c.today.AddDate(0, 0, -30)):
		if r < 40 {
			c.book(pl, seriesID, data.KindReview, maxDay(due, c.today))
		} else if r < 55 && due.Before(c.today) {
			c.attended(pl, seriesID, data.KindReview, due, data.StatusCompleted)
		}
	case r < 80:
		c.attended(pl, seriesID, data.KindReview, due, data.StatusCompleted)
	case r < 86:
		c.attended(pl, seriesID, data.KindReview, due, data.StatusNoShow)
	}
}

// book books an appointment of kind for the patient on day or the next
// open days, from now on.
func (c *clinical) book(pl plan, seriesID int64, kind data.AppointmentKind, day time.Time) (time.Time, bool) {
	by := c.practitioner(day, pl.second)
	minutes := kind.DefaultMinutes()
	at, ok := c.diary.place(by.ID, workingDay(day), minutes, c.diary.now, time.Time{})
	if ok {
		c.diary.add(data.Appointment{Kind: kind, PatientID: pl.p.id, PractitionerID: by.ID, SeriesID: seriesID,
			Start: at, DurationMinutes: minutes, Status: data.StatusBooked})
	}
	return at, ok
}

// attended puts an appointment of kind on day or the next open days before
// today in the diary, with status: completed or missed.
func (c *clinical) attended(pl plan, seriesID int64, kind data.AppointmentKind, day time.Time, status data.AppointmentStatus) {
	by := c.practitioner(day, pl.second)
	minutes := kind.DefaultMinutes()
	if at, ok := c.diary.place(by.ID, workingDay(day), minutes, time.Time{}, c.today); ok {
		c.diary.add(data.Appointment{Kind: kind, PatientID: pl.p.id, PractitionerID: by.ID, SeriesID: seriesID,
			Start: at, DurationMinutes: minutes, Status: status})
	}
}

// fillDiary tops up the diary of each practitioner at work, from the
// Monday of this week to the days ahead, to a busy clinic's 8 to 16
// appointments (5 to 8 on a Saturday) with consultations and short visits
// of others, the patients with no clinical records. In the hours already
// past they are short visits that took place, or were missed.
func (c *clinical) fillDiary(others []slim) {
	if len(others) == 0 {
		return
	}
	order := c.rng.Perm(len(others))
	next := 0
	monday := c.today.AddDate(0, 0, -(int(c.today.Weekday())+6)%7)
	for day := monday; day.Before(c.today.AddDate(0, 0, fullDays)); day = day.AddDate(0, 0, 1) {
		if closesAt(day) == 0 {
			continue
		}
		for _, m := range []data.StaffMember{c.staff.lead, c.staff.newcomer} {
			key := diaryDay{m.ID, day}
			target := 8 + c.rng.IntN(9)
			if day.Weekday() == time.Saturday {
				target = 5 + c.rng.IntN(4)
			}
			for tries := 0; c.diary.count[key] < target && tries < 3*target; tries++ {
				c.visit(m, day, others[order[next%len(order)]])
				next++
			}
		}
	}
}

// visit books p with m on day: a consultation or a short visit. In the
// hours already past, a few consultations were missed.
func (c *clinical) visit(m data.StaffMember, day time.Time, p slim) {
	a := data.Appointment{Kind: data.KindConsultation, PatientID: p.id, PractitionerID: m.ID,
		DurationMinutes: data.KindConsultation.DefaultMinutes()}
	if c.rng.IntN(100) < 35 {
		v := shortVisits[c.rng.IntN(len(shortVisits))]
		a.Kind, a.DurationMinutes, a.Notes = data.KindOther, v.minutes, v.notes
	}
	at, ok := c.diary.place(m.ID, day, a.DurationMinutes, time.Time{}, day.AddDate(0, 0, 1))
	if !ok {
		return
	}
	a.Start, a.Status = at, c.diary.status(at, a.DurationMinutes)
	switch {
	case a.Status == data.StatusCompleted && a.Kind == data.KindConsultation && c.rng.IntN(7) == 0:
		a.Status = data.StatusNoShow
	case a.Status != data.StatusBooked && a.Kind == data.KindConsultation:
		// A consultation held would have its notes on file.
		a.Kind, a.Notes = data.KindOther, shortVisits[0].notes
	case a.Status == data.StatusBooked && c.rng.IntN(20) == 0:
		a.Status, a.StatusReason = data.StatusCancelled, "Patient rang to cancel; will call back to rebook."
	}
	c.diary.add(a)
}

// maxDay returns the later of two days.
func maxDay(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
