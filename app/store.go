package app

import (
	"context"

	"needlepoint/data"
)

// PatientStore is what the patient screens need from the database: the
// patient records and, read only, their clinical record. The tests give
// the screens a fake one.
type PatientStore interface {
	Path() string
	Search(ctx context.Context, query string, order data.DateOrder) ([]data.PatientSummary, error)
	Patient(ctx context.Context, id int64) (data.Patient, error)
	ViewPatient(ctx context.Context, id int64) (data.Patient, error)
	CreatePatient(ctx context.Context, p *data.Patient) error
	UpdatePatient(ctx context.Context, p *data.Patient) error
	ArchivePatient(ctx context.Context, id, version int64, reason string) error
	RestorePatient(ctx context.Context, id, version int64) error
	FindDuplicates(ctx context.Context, p data.Patient) ([]data.Duplicate, error)
	CountPatients(ctx context.Context) (data.PatientCounts, error)

	LatestScreening(ctx context.Context, patientID int64) (*data.Screening, error)
	Screenings(ctx context.Context, patientID int64) ([]data.Screening, error)
	ClinicRules(ctx context.Context) (data.ClinicRules, error)
	Consultations(ctx context.Context, patientID int64) ([]data.Consultation, error)
	PatientSeries(ctx context.Context, patientID int64) ([]data.TreatmentSeries, error)
	SeriesSessions(ctx context.Context, seriesID int64) ([]data.Session, error)
	Staff(ctx context.Context, activeOnly bool) ([]data.StaffMember, error)
	PatientConsents(ctx context.Context, patientID int64) ([]data.Consent, error)
	PatientAppointments(ctx context.Context, patientID int64) ([]data.Appointment, error)
}
