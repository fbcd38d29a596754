package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
	"needlepoint/reports"
)

// consentDocument names a printed consent form in the audit trail.
const consentDocument = "Consent form"

// ConsentPrintStore is what printing a signed consent form needs from the
// store.
type ConsentPrintStore interface {
	Patient(ctx context.Context, id int64) (data.Patient, error)
	PatientConsents(ctx context.Context, patientID int64) ([]data.Consent, error)
	ClinicDetails(ctx context.Context) (data.ClinicDetails, error)
	RecordPrinted(ctx context.Context, patientID int64, document string) error
}

// consent writes a patient's latest signed consent of a kind as a PDF.
func (c cli) consent(args []string) int {
	fs := c.flags("needlepoint consent")
	path := fs.String("db", "", "the clinic database `file`")
	patient := fs.Int64("patient", 0, "the patient's `number`")
	out := fs.String("out", "", "the PDF `file` to write")
	kindName := fs.String("kind", string(data.ConsentMicroneedling), "microneedling or photos")
	force := fs.Bool("force", false, "replace the PDF file if Needlepoint wrote it earlier")
	if status := c.parse(fs, args, "consent needs --db FILE, --patient ID and --out FILE.pdf", path, out); status != 0 {
		return status
	}
	if *patient == 0 {
		return c.usageError("consent needs --patient ID")
	}
	kind, err := data.ParseConsentKind(*kindName)
	if err != nil {
		return c.fail(err)
	}
	var (
		signed data.Consent
		order  data.DateOrder
	)
	status := c.withStore(*path, func(ctx context.Context, store *sqlstore.Store) error {
		clinic, err := store.ClinicDetails(ctx)
		if err != nil {
			return err
		}
		order = data.DateOrderIn(clinic.Country)
		return writeDocument(*out, *path, *force, func(w io.Writer) (err error) {
			signed, err = writeConsent(ctx, store, *patient, kind, 0, order, w)
			return err
		})
	})
	if status == 0 {
		fmt.Fprintf(c.stdout, "Wrote the consent to %s of patient %d, signed %s, to %s\n",
			strings.ToLower(kind.Label()), *patient, order.Format(signed.PatientSignedAt), *out)
	}
	return status
}

// consentSheet returns the patient's signed consent of kind numbered id,
// or their latest of kind when id is 0, as printed: withdrawn or not, with
// its times in this computer's time zone.
func consentSheet(ctx context.Context, store ConsentPrintStore, patientID int64, kind data.ConsentKind, id int64, order data.DateOrder) (reports.ConsentSheet, error) {
	p, err := store.Patient(ctx, patientID)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return reports.ConsentSheet{}, data.Errorf(data.ENOTFOUND, "There is no patient number %d.", patientID)
	}
	if err != nil {
		return reports.ConsentSheet{}, err
	}
	list, err := store.PatientConsents(ctx, patientID)
	if err != nil {
		return reports.ConsentSheet{}, err
	}
	i := 0
	for i < len(list) && (list[i].Template.Kind != kind || id != 0 && list[i].ID != id) {
		i++
	}
	if i == len(list) {
		return reports.ConsentSheet{}, data.Errorf(data.ENOTFOUND, "%s (patient %d) has not signed a consent to %s: there is none to print.",
			p.FullName(), patientID, strings.ToLower(kind.Label()))
	}
	clinic, err := store.ClinicDetails(ctx)
	if err != nil {
		return reports.ConsentSheet{}, err
	}
	signed := list[i]
	for _, t := range []*time.Time{&signed.PatientSignedAt, &signed.WitnessSignedAt, &signed.WithdrawnAt} {
		if !t.IsZero() {
			*t = t.Local()
		}
	}
	return reports.ConsentSheet{Clinic: reportClinic(clinic), PatientName: p.FullName(), DateOfBirth: p.DateOfBirth,
		DateOrder: order, Consent: signed}, nil
}

// writeConsent renders the patient's signed consent of kind numbered id
// (their latest of kind when id is 0) to w and records the print in the
// audit trail, in the name of the signed-in user. It returns the consent
// printed.
func writeConsent(ctx context.Context, store ConsentPrintStore, patientID int64, kind data.ConsentKind, id int64, order data.DateOrder, w io.Writer) (data.Consent, error) {
	sheet, err := consentSheet(ctx, store, patientID, kind, id, order)
	if err != nil {
		return data.Consent{}, err
	}
	if err := reports.Consent(w, sheet); err != nil {
		return data.Consent{}, data.Errorf(data.EINVALID, "The consent form could not be printed: %v.", err)
	}
	c := sheet.Consent
	document := fmt.Sprintf("%s %d: %s, version %d", consentDocument, c.ID, c.Template.Kind.Label(), c.Template.Version)
	return c, store.RecordPrinted(ctx, patientID, document)
}
