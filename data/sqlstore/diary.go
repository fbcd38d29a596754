package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"needlepoint/data"
)

// DiarySettings returns the clinic's opening hours and appointment lengths,
// with the default for each one the clinic has not set. A stored value this
// program cannot read is refused with a message naming it; saving the
// settings repairs it.
func (s *Store) DiarySettings(ctx context.Context) (data.DiarySettings, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.DiarySettings{}, err
	}
	defer tx.Rollback()
	d, err := readDiarySettings(ctx, tx)
	return d, s.readError(err)
}

func readDiarySettings(ctx context.Context, tx *sql.Tx) (data.DiarySettings, error) {
	stored, err := readSettings(ctx, tx)
	if err != nil {
		return data.DiarySettings{}, err
	}
	d := data.DefaultDiarySettings()
	for day := time.Sunday; day <= time.Saturday; day++ {
		text, ok := stored[data.FieldOpeningHours(day)]
		if !ok {
			continue
		}
		h, err := parseOpeningHours(text)
		if err != nil {
			return data.DiarySettings{}, data.Errorf(data.EINVALID, "The opening hours for %s hold %q, which this program cannot read. Open the opening hours, check them and save them again.",
				day, text)
		}
		d.Hours[day] = h
	}
	for _, l := range d.Lengths() {
		text, ok := stored[l.Key]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(text)
		if err != nil {
			return data.DiarySettings{}, data.Errorf(data.EINVALID, "The usual length of a %s holds %q, which is not a number of minutes. Open the appointment lengths, check them and save them again.",
				strings.ToLower(l.Kind.Label()), text)
		}
		*l.Value = n
	}
	if text, ok := stored[data.FieldRecallCutoffMonths]; ok {
		n, err := strconv.Atoi(text)
		if err != nil {
			return data.DiarySettings{}, data.Errorf(data.EINVALID, "The cut-off of the list to call holds %q, which is not a number of months. Open the opening hours and appointment lengths, check it and save them again.", text)
		}
		d.RecallCutoffMonths = n
	}
	if err := d.Validate(); err != nil {
		return data.DiarySettings{}, data.Errorf(data.EINVALID, "The saved opening hours or appointment lengths break a rule: %s Open them, correct them and save them again.",
			data.ErrorMessage(err))
	}
	return d, nil
}

// formatOpeningHours stores h as "09:00-18:00", or "closed".
func formatOpeningHours(h data.OpeningHours) string {
	if !h.Open {
		return "closed"
	}
	return data.Clock(h.Opens) + "-" + data.Clock(h.Closes)
}

func parseOpeningHours(text string) (data.OpeningHours, error) {
	if text == "closed" {
		return data.OpeningHours{}, nil
	}
	from, to, ok := strings.Cut(text, "-")
	opens, err := data.ParseClock(from)
	if err != nil || !ok {
		return data.OpeningHours{}, data.Errorf(data.EINVALID, "unreadable opening hours")
	}
	closes, err := data.ParseClock(to)
	return data.OpeningHours{Open: true, Opens: opens, Closes: closes}, err
}

// SaveDiarySettings validates d and stores it. Every day, length and the
// recall cut-off are written, defaults included, so a later change of a default does not change
// the clinic's diary unasked.
func (s *Store) SaveDiarySettings(ctx context.Context, d data.DiarySettings) error {
	a, err := s.allow(ctx, data.PermSettings, 0)
	if err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		for day := time.Sunday; day <= time.Saturday; day++ {
			if err := saveSetting(ctx, tx, data.FieldOpeningHours(day), formatOpeningHours(d.Hours[day])); err != nil {
				return s.writeError(err)
			}
		}
		for _, l := range d.Lengths() {
			if err := saveSetting(ctx, tx, l.Key, strconv.Itoa(*l.Value)); err != nil {
				return s.writeError(err)
			}
		}
		if err := saveSetting(ctx, tx, data.FieldRecallCutoffMonths, strconv.Itoa(d.RecallCutoffMonths)); err != nil {
			return s.writeError(err)
		}
		if err := s.audit(ctx, tx, a, data.Audit{Action: data.ActionSettingChanged, Subject: "opening hours, appointment lengths and recall cut-off"}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// ProposeNextSession suggests when to book the next session of a series:
// the interval after the last session, or after the last treatment already
// booked, at the same wall-clock time in loc, by the same practitioner, for
// the clinic's usual treatment length, and never before the patient's
// screening allows (WaitBefore). A taken time, or one outside the
// opening hours, moves to that practitioner's nearest open 15-minute slot
// within the opening hours, skipping closed days and searching up to two
// weeks ahead.
func (s *Store) ProposeNextSession(ctx context.Context, seriesID int64, loc *time.Location) (data.Proposal, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.Proposal{}, err
	}
	defer tx.Rollback()
	ts, err := findSeries(ctx, tx, seriesID)
	if err != nil {
		return data.Proposal{}, s.readError(err)
	}
	if err := checkSeriesActive(ts, "booked"); err != nil {
		return data.Proposal{}, err
	}
	b := data.Appointment{Kind: data.KindTreatment, PatientID: ts.PatientID, SeriesID: ts.ID}
	if err := checkBookable(ctx, tx, b); err != nil {
		return data.Proposal{}, s.readError(err)
	}
	sessions, err := findSeriesSessions(ctx, tx, seriesID)
	if err != nil {
		return data.Proposal{}, s.readError(err)
	}
	booked, err := queryAppointments(ctx, tx, ` WHERE a.series_id = ? AND a.kind = 'treatment'
		AND a.status IN ('booked', 'checked_in') ORDER BY a.starts_at DESC, a.id DESC LIMIT 1`, seriesID)
	if err != nil {
		return data.Proposal{}, s.readError(err)
	}
	var (
		anchor time.Time
		after  string
	)
	diary, err := readDiarySettings(ctx, tx)
	if err != nil {
		return data.Proposal{}, s.readError(err)
	}
	b.DurationMinutes = diary.TreatmentMinutes
	if n := len(sessions); n > 0 {
		last := sessions[n-1]
		anchor, b.PractitionerID = last.PerformedAt.In(loc), last.PractitionerID
		after = anchor.Format("2 Jan")
	}
	if len(booked) > 0 && booked[0].Start.After(anchor) {
		last := booked[0]
		anchor, b.PractitionerID, b.DurationMinutes = last.Start.In(loc), last.PractitionerID, last.DurationMinutes
		after = "the session booked for " + anchor.Format("2 Jan")
	}
	var want time.Time
	var why string
	if anchor.IsZero() {
		y, m, d := ts.StartedOn.Date()
		want = time.Date(y, m, d, 0, diary.FirstOpening(), 0, 0, loc)
		why = "first session of the series started " + ts.StartedOn.Format("2 Jan")
	} else {
		y, m, d := anchor.Date()
		want = time.Date(y, m, d+7*ts.IntervalWeeks, anchor.Hour(), anchor.Minute(), 0, 0, loc)
		why = fmt.Sprintf("%s after %s", data.Plural(ts.IntervalWeeks, "week"), after)
	}
	now := s.Now().In(loc)
	past := want.Before(now)
	if past {
		y, m, d := now.Date()
		day := time.Date(y, m, d, want.Hour(), want.Minute(), 0, 0, loc)
		if day.Before(now) {
			day = time.Date(y, m, d+1, want.Hour(), want.Minute(), 0, 0, loc)
		}
		want = day
	}
	screening, err := latestScreening(ctx, tx, ts.PatientID)
	if err != nil {
		return data.Proposal{}, s.readError(err)
	}
	rules, err := readClinicRules(ctx, tx)
	if err != nil {
		return data.Proposal{}, s.readError(err)
	}
	if wait := data.WaitBefore(data.DateOf(want), screening, rules); wait.Holds() {
		y, m, d := wait.Until.Date()
		want = time.Date(y, m, d, want.Hour(), want.Minute(), 0, 0, loc)
		why += "; " + wait.Note("2 Jan 2006")
	} else if past {
		why += ", a date already past"
	}
	var busy []data.Appointment
	if b.PractitionerID != 0 {
		y, m, d := want.Date()
		busy, err = findAppointmentsAround(ctx, tx, time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+data.SearchDays+1, 0, 0, 0, 0, loc))
		if err != nil {
			return data.Proposal{}, s.readError(err)
		}
	}
	start, ok := diary.OpenSlot(want, now, b, busy)
	if !ok {
		return data.Proposal{}, data.Errorf(data.ENOTFOUND, "No open hour in the %d days from %s (%s); choose a time by hand.",
			data.SearchDays, want.Format("2 Jan"), why)
	}
	if !start.Equal(want) {
		reason := "was taken"
		if diary.OutsideHours(data.Appointment{Start: want, DurationMinutes: b.DurationMinutes}) != "" {
			reason = "is outside the opening hours"
		}
		why += fmt.Sprintf("; %s %s, so the nearest open slot", want.Format("Mon 2 Jan 15:04"), reason)
	}
	return data.Proposal{Start: start, PractitionerID: b.PractitionerID, Why: why}, nil
}
