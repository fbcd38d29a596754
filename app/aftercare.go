package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"needlepoint/data"
	"needlepoint/reports"
)

// AftercareStore is what printing a session's aftercare sheet needs.
type AftercareStore interface {
	Session(ctx context.Context, id int64) (data.Session, error)
	Patient(ctx context.Context, id int64) (data.Patient, error)
	Series(ctx context.Context, id int64) (data.TreatmentSeries, error)
	SeriesSessions(ctx context.Context, seriesID int64) ([]data.Session, error)
	Staff(ctx context.Context, activeOnly bool) ([]data.StaffMember, error)
	LatestScreening(ctx context.Context, patientID int64) (*data.Screening, error)
	ClinicRules(ctx context.Context) (data.ClinicRules, error)
	ClinicDetails(ctx context.Context) (data.ClinicDetails, error)
	RecordPrint(ctx context.Context, sessionID int64, document string) (data.Print, error)
	PatientAppointments(ctx context.Context, patientID int64) ([]data.Appointment, error)
}

// aftercareDocument names the aftercare sheet in the print log.
const aftercareDocument = "Aftercare sheet"

// aftercareSheet gathers what the aftercare sheet of a session prints: the
// patient, the session, the clinic, and the next session: the one booked
// after the session and today, or else when it is due, no earlier than the
// patient's screening allows.
func aftercareSheet(ctx context.Context, store AftercareStore, sessionID int64, today time.Time) (reports.AftercareSheet, error) {
	x, err := store.Session(ctx, sessionID)
	if err != nil {
		return reports.AftercareSheet{}, err
	}
	p, err := store.Patient(ctx, x.PatientID)
	if err != nil {
		return reports.AftercareSheet{}, err
	}
	ts, err := store.Series(ctx, x.SeriesID)
	if err != nil {
		return reports.AftercareSheet{}, err
	}
	sessions, err := store.SeriesSessions(ctx, x.SeriesID)
	if err != nil {
		return reports.AftercareSheet{}, err
	}
	staff, err := store.Staff(ctx, false)
	if err != nil {
		return reports.AftercareSheet{}, err
	}
	screening, err := store.LatestScreening(ctx, x.PatientID)
	if err != nil {
		return reports.AftercareSheet{}, err
	}
	rules, err := store.ClinicRules(ctx)
	if err != nil {
		return reports.AftercareSheet{}, err
	}
	clinic, err := store.ClinicDetails(ctx)
	if err != nil {
		return reports.AftercareSheet{}, err
	}
	// The sheet is handed over when the session ends, often before it is
	// signed: the session it is for counts on it either way.
	done := data.SessionDates(sessions)
	if !x.Signed() {
		done = append(done, x.PerformedAt)
	}
	progress := ts.Progress(done, screening, rules, today, data.DefaultOverdueDays)
	sheet := reports.AftercareSheet{
		Clinic:      reportClinic(clinic),
		PatientName: p.FullName(),
		TreatedAt:   x.PerformedAt.Local(),
		Areas:       x.Areas,
		Guide:       clinic.DowntimeGuide,
		Session:     placeInSeries(done, x.PerformedAt),
		Planned:     ts.PlannedSessions,
		NextDue:     progress.NextDue,
		NextWait:    progress.Wait,
		ColdSores:   screening != nil && screening.ColdSores,
		OutOfHours:  clinic.OutOfHours,
		Template:    clinic.AftercareTemplate,
	}
	if sheet.Session >= ts.PlannedSessions && progress.NextDue.IsZero() {
		// The last session of the series: the review six months on.
		sheet.ReviewDue = data.AddMonths(data.DateOf(x.PerformedAt), data.ReviewAfterMonths)
	}
	appointments, err := store.PatientAppointments(ctx, x.PatientID)
	if err != nil {
		return reports.AftercareSheet{}, err
	}
	next, booked := data.NextBooking(appointments, x.SeriesID, laterOf(x.PerformedAt, today))
	if booked {
		sheet.NextAppointment = next.Start
	}
	for _, m := range staff {
		if m.ID == x.PractitionerID {
			sheet.Practitioner = m.Name
		}
		if booked && m.ID == next.PractitionerID {
			sheet.NextPractitioner = m.Name
		}
	}
	if numbing := strings.TrimSpace(x.NumbingProduct); numbing != "" {
		if !x.NumbingApplied.IsZero() && x.NumbingRemoved.After(x.NumbingApplied) {
			numbing += fmt.Sprintf(" (numbing, on the skin for %d minutes)", int(x.NumbingRemoved.Sub(x.NumbingApplied).Minutes()))
		} else {
			numbing += " (numbing)"
		}
		sheet.ProductsUsed = append(sheet.ProductsUsed, numbing)
	}
	if x.Product != "" {
		sheet.ProductsUsed = append(sheet.ProductsUsed, x.Product)
	}
	for _, line := range strings.Split(clinic.RecommendedProducts, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			sheet.RecommendedProducts = append(sheet.RecommendedProducts, line)
		}
	}
	return sheet, nil
}

// writeAftercare renders the aftercare sheet of a session to w and records
// the print in the session's log in the name of the signed-in user.
func writeAftercare(ctx context.Context, store AftercareStore, sessionID int64, today time.Time, w io.Writer) error {
	sheet, err := aftercareSheet(ctx, store, sessionID, today)
	if err != nil {
		return err
	}
	if err := reports.Aftercare(w, sheet); err != nil {
		return data.Errorf(data.EINVALID, "The aftercare sheet could not be made: %v. Check the aftercare text in the clinic details.", err)
	}
	_, err = store.RecordPrint(ctx, sessionID, aftercareDocument)
	return err
}

// placeInSeries is the place of the session on at among the dates of the
// series' sessions: the fourth session is 4.
func placeInSeries(dates []time.Time, at time.Time) int {
	n := 0
	for _, d := range dates {
		if !d.After(at) {
			n++
		}
	}
	return n
}

// laterOf returns the later of a and b.
func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
