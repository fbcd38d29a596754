package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"needlepoint/data"
)

// bookedTwice warns before a new treatment a of a series is booked when
// the series already has a session booked for a's day or later, which a
// would push back (the same session booked twice, e.g. Thursday's and again
// today), or a booking whose time has passed and that is still open, which
// would count before a. Each warning names the session numbers the diary
// shows once a is booked too. A series with every planned session logged
// or booked gets no warning: Book refuses a, saying so.
func bookedTwice(ctx context.Context, tx *sql.Tx, a data.Appointment, now time.Time) ([]string, error) {
	if a.ID != 0 || a.SeriesID == 0 {
		return nil, nil
	}
	open, err := queryAppointments(ctx, tx, ` WHERE a.series_id = ? AND a.kind = 'treatment'
		AND a.status IN ('booked', 'checked_in') ORDER BY a.starts_at, a.id`, a.SeriesID)
	if err != nil || len(open) == 0 {
		return nil, err
	}
	if err := numberSessions(ctx, tx, open); err != nil {
		return nil, err
	}
	planned := open[0].PlannedSessions
	if open[len(open)-1].SessionNumber >= planned {
		return nil, nil // a full series: Book refuses, saying so
	}
	number := open[0].SessionNumber
	for _, b := range open {
		if b.Start.Before(a.Start) {
			number = b.SessionNumber + 1
		}
	}
	day := data.DateOf(a.Start)
	var warnings []string
	for _, b := range open {
		when := b.Start.In(a.Start.Location())
		switch {
		case b.Status == data.StatusBooked && b.End().Before(now):
			warnings = append(warnings, fmt.Sprintf("Session %d of %d of this series is still booked for %s at %s, which has passed. Mark it as did not attend or cancel it first, or this booking counts as session %d of %d.",
				b.SessionNumber, planned, when.Format("Monday 2 January"), when.Format("15:04"), number, planned))
		case !data.DateOf(when).Before(day):
			later := b.SessionNumber
			if !b.Start.Before(a.Start) {
				later++
			}
			warnings = append(warnings, fmt.Sprintf("This series already has session %d of %d booked for %s at %s with %s. If it is the same session, move that appointment instead of booking it twice. With both in the diary, this one is session %d of %d and the one on %s session %d of %d.",
				b.SessionNumber, planned, when.Format("Monday 2 January"), when.Format("15:04"), b.PractitionerName,
				number, planned, when.Format("Monday 2 January"), later, planned))
			return warnings, nil
		}
	}
	return warnings, nil
}
