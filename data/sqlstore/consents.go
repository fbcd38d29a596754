package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"needlepoint/data"
)

// Consent forms and signed consents. Every saved wording of a form and
// every signed consent is sealed; a consent changes once, when it is
// withdrawn, and is sealed again then.

// shippedBy is who a shipped form was saved by when a patient first signed it.
const shippedBy = "Needlepoint (the form it ships)"

// ConsentTemplate returns the form of kind in force: the newest version
// the clinic saved, or the one Needlepoint ships (version 0) when none is.
func (s *Store) ConsentTemplate(ctx context.Context, kind data.ConsentKind) (data.ConsentTemplate, error) {
	if _, err := data.ParseConsentKind(string(kind)); err != nil {
		return data.ConsentTemplate{}, err
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.ConsentTemplate{}, err
	}
	defer tx.Rollback()
	t, err := currentTemplate(ctx, tx, kind)
	return t, s.readError(err)
}

// ConsentTemplateVersions returns every saved version of the form of
// kind, newest first.
func (s *Store) ConsentTemplateVersions(ctx context.Context, kind data.ConsentKind) ([]data.ConsentTemplate, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT "+templateColumns+" FROM consent_templates WHERE kind = ? ORDER BY version DESC", string(kind))
	if err != nil {
		return nil, s.readError(err)
	}
	defer rows.Close()
	var list []data.ConsentTemplate
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, s.readError(err)
		}
		list = append(list, t)
	}
	return list, s.readError(rows.Err())
}

// SaveConsentTemplate saves t's wording as the next version of its form
// and sets its ID, version, author and time. Earlier versions stay.
func (s *Store) SaveConsentTemplate(ctx context.Context, t *data.ConsentTemplate) error {
	if err := t.Validate(); err != nil {
		return err
	}
	saved := *t
	err := s.write(ctx, data.PermSettings, 0, func(tx *sql.Tx, who data.Actor) error {
		saved = *t
		saved.CreatedBy, saved.CreatedAt = who.Name, s.Now()
		if err := insertTemplate(ctx, tx, &saved); err != nil {
			return err
		}
		return s.auditSealed(ctx, tx, who, data.Audit{Action: data.ActionChanged, Subject: fmt.Sprintf("consent form %d", saved.ID),
			Detail: fmt.Sprintf("%s, version %d", saved.Kind.Label(), saved.Version)}, sealRef{sealConsentForm, saved.ID})
	})
	if err == nil {
		*t = saved
	}
	return err
}

// SignConsent records a consent signed by its patient and witnessed by
// the signed-in practitioner, on the form in force (c.Template names it:
// a form changed since it was opened is refused, so no one signs words
// they were not shown). It sets the consent's ID, times and witness. A
// photo consent form also becomes the patient's photo consent.
func (s *Store) SignConsent(ctx context.Context, c *data.Consent) error {
	if err := c.Validate(); err != nil {
		return err
	}
	q := *c
	err := s.write(ctx, data.PermSessions, c.PatientID, func(tx *sql.Tx, who data.Actor) error {
		q = *c
		if q.WitnessID == 0 {
			q.WitnessID = who.StaffID
		}
		if q.WitnessID != who.StaffID {
			return data.Errorf(data.EFORBIDDEN, "%s is signed in; the witness signs in to witness a consent.", who.Name)
		}
		witness, err := findClinician(ctx, tx, q.WitnessID)
		if err != nil {
			return err
		}
		if err := checkTreatable(ctx, tx, q.PatientID); err != nil {
			return err
		}
		refs, err := s.signedTemplate(ctx, tx, &q.Template)
		if err != nil {
			return err
		}
		now := s.Now()
		q.WitnessName, q.WitnessSignedAt = witness.Name, now
		if q.PatientSignedAt.IsZero() || q.PatientSignedAt.After(now) || now.Sub(q.PatientSignedAt) > 12*time.Hour {
			q.PatientSignedAt = now
		}
		if err := insertConsent(ctx, tx, &q); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s, form version %d", q.Template.Kind.Label(), q.Template.Version)
		if q.Template.Kind == data.ConsentPhotos {
			if err := insertPhotoConsent(ctx, tx, q.PatientID, q.PhotoScope, who.Name, now); err != nil {
				return err
			}
			detail += "; photos: " + q.PhotoScope.Label()
		}
		return s.auditSealed(ctx, tx, who, data.Audit{Action: data.ActionSigned, PatientID: q.PatientID,
			Subject: fmt.Sprintf("consent %d", q.ID), Detail: detail}, append(refs, sealRef{sealConsent, q.ID})...)
	})
	if err == nil {
		*c = q
	}
	return err
}

// signedTemplate makes t the stored form in force that the patient
// signed: the shipped form is saved as version 1 the first time it is
// signed. It returns the seal of a form saved so.
func (s *Store) signedTemplate(ctx context.Context, tx *sql.Tx, t *data.ConsentTemplate) ([]sealRef, error) {
	current, err := currentTemplate(ctx, tx, t.Kind)
	if err != nil {
		return nil, err
	}
	if current.ID != t.ID {
		return nil, data.Errorf(data.ECONFLICT, "The %s consent form was changed after this one was opened. Nothing was saved; open the form again so the patient reads the words in force.",
			t.Kind.Label())
	}
	if current.ID != 0 {
		*t = current
		return nil, nil
	}
	current.CreatedBy, current.CreatedAt = shippedBy, s.Now()
	if err := insertTemplate(ctx, tx, &current); err != nil {
		return nil, err
	}
	*t = current
	return []sealRef{{sealConsentForm, current.ID}}, nil
}

// WithdrawConsent records that the patient withdrew consent id, with the
// reason, as of now. A withdrawn photo consent form withdraws the
// patient's photo consent too.
func (s *Store) WithdrawConsent(ctx context.Context, id int64, reason string) (data.Consent, error) {
	if err := data.ValidateWithdrawal(reason); err != nil {
		return data.Consent{}, err
	}
	var c data.Consent
	err := s.write(ctx, data.PermPatients, 0, func(tx *sql.Tx, who data.Actor) error {
		var err error
		if c, err = findConsent(ctx, tx, id); err != nil {
			return err
		}
		if c.Withdrawn() {
			return data.Errorf(data.ELOCKED, "This consent was already withdrawn on %s.", c.WithdrawnAt.Local().Format("2 January 2006"))
		}
		now := s.Now()
		res, err := tx.ExecContext(ctx, `UPDATE consents SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ?
			WHERE id = ? AND withdrawn_at IS NULL`, formatTime(now), who.Name, reason, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return data.Errorf(data.ECONFLICT, "This consent was withdrawn on another computer a moment ago.")
		}
		c.WithdrawnAt, c.WithdrawnBy, c.WithdrawnReason = now, who.Name, reason
		if c.Template.Kind == data.ConsentPhotos {
			if err := insertPhotoConsent(ctx, tx, c.PatientID, data.PhotoConsentNone, who.Name, now); err != nil {
				return err
			}
		}
		return s.auditSealed(ctx, tx, who, data.Audit{Action: data.ActionWithdrawn, PatientID: c.PatientID,
			Subject: fmt.Sprintf("consent %d", id), Detail: reason}, sealRef{sealConsent, id})
	})
	return c, err
}

// PatientConsents returns every consent the patient signed, newest first,
// each with the form's words as signed and both signatures.
func (s *Store) PatientConsents(ctx context.Context, patientID int64) ([]data.Consent, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	list, err := patientConsents(ctx, tx, patientID)
	return list, s.readError(err)
}

// Consent returns consent id.
func (s *Store) Consent(ctx context.Context, id int64) (data.Consent, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.Consent{}, err
	}
	defer tx.Rollback()
	c, err := findConsent(ctx, tx, id)
	return c, s.readError(err)
}

// ConsentStatus returns where the patient stands on consent of kind on
// day, by the clinic's period of validity.
func (s *Store) ConsentStatus(ctx context.Context, patientID int64, kind data.ConsentKind, day time.Time) (data.ConsentStatus, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.ConsentStatus{}, err
	}
	defer tx.Rollback()
	st, err := consentStatus(ctx, tx, patientID, kind, day)
	return st, s.readError(err)
}

func consentStatus(ctx context.Context, tx *sql.Tx, patientID int64, kind data.ConsentKind, day time.Time) (data.ConsentStatus, error) {
	rules, err := readClinicRules(ctx, tx)
	if err != nil {
		return data.ConsentStatus{}, err
	}
	list, err := patientConsents(ctx, tx, patientID)
	if err != nil {
		return data.ConsentStatus{}, err
	}
	return data.ConsentStatusOn(list, kind, day, rules.ConsentValidMonths), nil
}

const templateColumns = "id, kind, version, title, body, confirmations, created_by, created_at"

func currentTemplate(ctx context.Context, tx *sql.Tx, kind data.ConsentKind) (data.ConsentTemplate, error) {
	t, err := scanTemplate(tx.QueryRowContext(ctx, "SELECT "+templateColumns+
		" FROM consent_templates WHERE kind = ? ORDER BY version DESC LIMIT 1", string(kind)))
	if errors.Is(err, sql.ErrNoRows) {
		return data.ShippedConsentTemplate(kind), nil
	}
	return t, err
}

func scanTemplate(row interface{ Scan(...any) error }) (data.ConsentTemplate, error) {
	var (
		t           data.ConsentTemplate
		kind, confs string
		at          string
	)
	if err := row.Scan(&t.ID, &kind, &t.Version, &t.Title, &t.Body, &confs, &t.CreatedBy, &at); err != nil {
		return t, err
	}
	t.Kind = data.ConsentKind(kind)
	if err := json.Unmarshal([]byte(confs), &t.Confirmations); err != nil {
		return t, fmt.Errorf("consent form %d: statements: %w", t.ID, err)
	}
	var err error
	t.CreatedAt, err = parseTime(at)
	return t, err
}

// insertTemplate saves t as the next version of its kind.
func insertTemplate(ctx context.Context, tx *sql.Tx, t *data.ConsentTemplate) error {
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) + 1 FROM consent_templates WHERE kind = ?",
		string(t.Kind)).Scan(&t.Version); err != nil {
		return err
	}
	confs, err := json.Marshal(nonNil(t.Confirmations))
	if err != nil {
		return err
	}
	return tx.QueryRowContext(ctx, `INSERT INTO consent_templates (kind, version, title, body, confirmations, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, string(t.Kind), t.Version, t.Title, t.Body, string(confs),
		t.CreatedBy, formatTime(t.CreatedAt)).Scan(&t.ID)
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

func insertConsent(ctx context.Context, tx *sql.Tx, c *data.Consent) error {
	confirmed, err := json.Marshal(nonNil(c.Confirmed))
	if err != nil {
		return err
	}
	patientStrokes, err := json.Marshal(nonNil(c.Patient.Strokes))
	if err != nil {
		return err
	}
	witnessStrokes, err := json.Marshal(nonNil(c.Witness.Strokes))
	if err != nil {
		return err
	}
	scope := ""
	if c.Template.Kind == data.ConsentPhotos {
		scope = string(c.PhotoScope)
	}
	return tx.QueryRowContext(ctx, `INSERT INTO consents (patient_id, template_id, confirmed, photo_scope,
		patient_strokes, patient_signature, patient_signed_at, witness_id, witness_strokes, witness_signature,
		witness_signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.PatientID, c.Template.ID, string(confirmed), scope, string(patientStrokes), c.Patient.Image,
		formatTime(c.PatientSignedAt), c.WitnessID, string(witnessStrokes), c.Witness.Image,
		formatTime(c.WitnessSignedAt)).Scan(&c.ID)
}

func insertPhotoConsent(ctx context.Context, tx *sql.Tx, patientID int64, scope data.PhotoConsentScope, by string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO photo_consents (patient_id, scope, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?)`, patientID, string(scope), by, formatTime(at))
	return err
}

const consentSelect = `SELECT c.id, c.patient_id, c.confirmed, c.photo_scope, c.patient_strokes,
	c.patient_signature, c.patient_signed_at, c.witness_id, s.name, c.witness_strokes, c.witness_signature,
	c.witness_signed_at, c.withdrawn_at, c.withdrawn_by, c.withdrawn_reason,
	t.id, t.kind, t.version, t.title, t.body, t.confirmations, t.created_by, t.created_at
	FROM consents c JOIN consent_templates t ON t.id = c.template_id JOIN staff s ON s.id = c.witness_id `

func findConsent(ctx context.Context, tx *sql.Tx, id int64) (data.Consent, error) {
	rows, err := tx.QueryContext(ctx, consentSelect+"WHERE c.id = ?", id)
	if err != nil {
		return data.Consent{}, err
	}
	list, err := scanConsents(rows)
	if err != nil {
		return data.Consent{}, err
	}
	if len(list) == 0 {
		return data.Consent{}, data.Errorf(data.ENOTFOUND, "This consent no longer exists.")
	}
	return list[0], nil
}

func patientConsents(ctx context.Context, tx *sql.Tx, patientID int64) ([]data.Consent, error) {
	rows, err := tx.QueryContext(ctx, consentSelect+"WHERE c.patient_id = ? ORDER BY c.patient_signed_at DESC, c.id DESC", patientID)
	if err != nil {
		return nil, err
	}
	return scanConsents(rows)
}

func scanConsents(rows *sql.Rows) ([]data.Consent, error) {
	defer rows.Close()
	var list []data.Consent
	for rows.Next() {
		var (
			c                                 data.Consent
			confirmed, scope, pStrokes, wStrk string
			pSigned, wSigned                  string
			withdrawn                         sql.NullString
			kind, confs, tAt                  string
		)
		if err := rows.Scan(&c.ID, &c.PatientID, &confirmed, &scope, &pStrokes, &c.Patient.Image, &pSigned,
			&c.WitnessID, &c.WitnessName, &wStrk, &c.Witness.Image, &wSigned, &withdrawn, &c.WithdrawnBy,
			&c.WithdrawnReason, &c.Template.ID, &kind, &c.Template.Version, &c.Template.Title, &c.Template.Body,
			&confs, &c.Template.CreatedBy, &tAt); err != nil {
			return nil, err
		}
		c.Template.Kind, c.PhotoScope = data.ConsentKind(kind), data.PhotoConsentScope(scope)
		for _, part := range []struct {
			text string
			into any
		}{{confirmed, &c.Confirmed}, {pStrokes, &c.Patient.Strokes}, {wStrk, &c.Witness.Strokes}, {confs, &c.Template.Confirmations}} {
			if err := json.Unmarshal([]byte(part.text), part.into); err != nil {
				return nil, fmt.Errorf("consent %d: %w", c.ID, err)
			}
		}
		var err error
		if c.PatientSignedAt, err = parseTime(pSigned); err != nil {
			return nil, err
		}
		if c.WitnessSignedAt, err = parseTime(wSigned); err != nil {
			return nil, err
		}
		if c.Template.CreatedAt, err = parseTime(tAt); err != nil {
			return nil, err
		}
		if withdrawn.Valid {
			if c.WithdrawnAt, err = parseTime(withdrawn.String); err != nil {
				return nil, err
			}
		}
		list = append(list, c)
	}
	return list, rows.Err()
}
