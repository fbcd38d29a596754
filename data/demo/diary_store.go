package demo

import (
	"context"
	"sort"
	"time"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// store writes the diary's appointments in one transaction, in the order
// they start. The store books one appointment per transaction, with the
// checks a booking at the desk needs; the demo's thousands of past
// appointments were placed clash-free by the diary and go in at once.
func (d *diary) store(ctx context.Context, s *sqlstore.Store) error {
	list := make([]data.Appointment, len(d.list))
	copy(list, d.list)
	sort.SliceStable(list, func(i, j int) bool { return list[i].Start.Before(list[j].Start) })
	for i := range list {
		a := &list[i]
		a.Start = a.Start.In(d.loc)
		a.Room = ""
		a.CreatedAt, a.UpdatedAt, a.Version = d.history(*a)
	}
	return s.ImportAppointments(ctx, list)
}

// history returns when an appointment was booked (two weeks ahead, or
// now), when its status last changed, and its version: one for each move
// from booked.
func (d *diary) history(a data.Appointment) (created, updated time.Time, version int64) {
	created = a.Start.AddDate(0, 0, -14)
	if created.After(d.now) {
		created = d.now
	}
	end := a.End()
	switch a.Status {
	case data.StatusCompleted:
		return created, end, 3
	case data.StatusCheckedIn:
		return created, a.Start, 2
	case data.StatusNoShow:
		return created, end, 2
	case data.StatusCancelled:
		updated = a.Start.AddDate(0, 0, -1)
		if updated.After(d.now) {
			updated = d.now
		}
		if updated.Before(created) {
			updated = created
		}
		return created, updated, 2
	}
	return created, created, 1
}
