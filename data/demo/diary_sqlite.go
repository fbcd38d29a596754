package demo

import (
	"context"
	"database/sql"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"needlepoint/data"
)

// This file holds what is SQLite-only about the demo: writing the diary
// straight into the file. The store books one appointment per transaction,
// with the checks a booking at the desk needs; the demo's thousands of past
// appointments were placed clash-free by the diary and go in at once, in
// the columns of migration 0008.

// timeText is how the store keeps timestamps: UTC, sortable as text.
const timeText = "2006-01-02T15:04:05.000000000Z"

// store writes the diary's appointments into the database file at path in
// one transaction, in the order they start.
func (d *diary) store(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", fileURI(path)+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO appointments (patient_id, practitioner_id,
		series_id, kind, room, starts_at, zone, duration_minutes, notes, status, status_reason,
		created_at, updated_at, version) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	list := d.list
	sort.SliceStable(list, func(i, j int) bool { return list[i].Start.Before(list[j].Start) })
	for _, a := range list {
		var series any
		if a.SeriesID != 0 {
			series = a.SeriesID
		}
		created, updated, version := d.history(a)
		if _, err := ins.ExecContext(ctx, a.PatientID, a.PractitionerID, series, string(a.Kind),
			a.Start.UTC().Format(timeText), d.loc.String(), a.DurationMinutes, a.Notes, string(a.Status),
			a.StatusReason, created.UTC().Format(timeText), updated.UTC().Format(timeText), version); err != nil {
			return err
		}
	}
	return tx.Commit()
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

// fileURI turns a file path into an SQLite URI path, as the store does.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if runtime.GOOS == "windows" && filepath.VolumeName(path) != "" {
		p = "/" + p
	}
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}
