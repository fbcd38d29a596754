package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"needlepoint/data"
	"needlepoint/reports"
)

// HandoutStore is what the plan handout and the session record need, on
// top of what the aftercare sheet needs.
type HandoutStore interface {
	AftercareStore
	RecordPrinted(ctx context.Context, patientID int64, document string) error
}

// Names of documents in the print log and the audit trail.
const (
	sessionRecordDocument = "Session record"
	planDocument          = "Treatment plan"
)

// reportClinic is the clinic as the printed documents show it.
func reportClinic(d data.ClinicDetails) reports.Clinic {
	return reports.Clinic{Name: d.Name, Address: d.Address, Phone: d.Phone, Logo: d.Logo, PaperSize: d.PaperSize}
}

// clinicNumber is the patient's number at the clinic as records print it.
func clinicNumber(id int64) string { return fmt.Sprintf("%06d", id) }

// staffNames maps staff IDs to names, including those who have left.
func staffNames(ctx context.Context, store AftercareStore) (map[int64]string, error) {
	staff, err := store.Staff(ctx, false)
	names := map[int64]string{}
	for _, m := range staff {
		names[m.ID] = m.Name
	}
	return names, err
}

// writePlan renders the treatment plan handout of a consultation, its
// proposed dates no earlier than the patient's screening in force allows,
// and records the print in the audit trail.
func writePlan(ctx context.Context, store HandoutStore, c data.Consultation, w io.Writer) error {
	p, err := store.Patient(ctx, c.PatientID)
	if err != nil {
		return err
	}
	clinic, err := store.ClinicDetails(ctx)
	if err != nil {
		return err
	}
	rules, err := store.ClinicRules(ctx)
	if err != nil {
		return err
	}
	screening, err := store.LatestScreening(ctx, c.PatientID)
	if err != nil {
		return err
	}
	names, err := staffNames(ctx, store)
	if err != nil {
		return err
	}
	err = reports.Plan(w, reports.TreatmentPlan{
		Clinic: reportClinic(clinic), PatientName: p.FullName(), Practitioner: names[c.PractitionerID],
		ConsultedOn: c.ConsultedOn, Concerns: c.Concerns, Areas: c.Areas, PlannedSessions: c.PlannedSessions,
		IntervalWeeks: c.IntervalWeeks, DepthMin: c.DepthMin, DepthMax: c.DepthMax, Rules: rules, Screening: screening, Goals: c.Goals,
		Guide: clinic.DowntimeGuide,
	})
	if err != nil {
		return err
	}
	return store.RecordPrinted(ctx, c.PatientID, planDocument)
}

// writeRecord renders the record of a session with its addenda and logs
// the print in the name of the signed-in user.
func writeRecord(ctx context.Context, store HandoutStore, sessionID int64, w io.Writer) error {
	x, err := store.Session(ctx, sessionID)
	if err != nil {
		return err
	}
	p, err := store.Patient(ctx, x.PatientID)
	if err != nil {
		return err
	}
	clinic, err := store.ClinicDetails(ctx)
	if err != nil {
		return err
	}
	names, err := staffNames(ctx, store)
	if err != nil {
		return err
	}
	ts, err := store.Series(ctx, x.SeriesID)
	if err != nil {
		return err
	}
	sessions, err := store.SeriesSessions(ctx, x.SeriesID)
	if err != nil {
		return err
	}
	// Drafts count too: a draft is a treatment given.
	var dates []time.Time
	for _, s := range sessions {
		dates = append(dates, s.PerformedAt)
	}
	err = reports.Record(w, reports.SessionRecord{Clinic: reportClinic(clinic), PatientName: p.FullName(),
		DateOfBirth: p.DateOfBirth, ClinicNumber: clinicNumber(p.ID),
		Number: placeInSeries(dates, x.PerformedAt), Planned: ts.PlannedSessions,
		Practitioner: names[x.PractitionerID], SignedBy: names[x.SignedBy], OverrideBy: names[x.OverrideBy], Session: x})
	if err != nil {
		return data.Errorf(data.EINVALID, "The session record could not be made: %v.", err)
	}
	_, err = store.RecordPrint(ctx, sessionID, sessionRecordDocument)
	return err
}
