package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"needlepoint/data"
)

// Photos of the clinical record. The images come here already upright and
// stripped of their metadata (package photo); the store keeps them, links
// them to a session or consultation, checks the patient's consent, and
// audits every import, view, export and hiding.

// RecordPhotoConsent records the patient's photo consent, given or
// withdrawn, by the signed-in user. Earlier consents stay on file.
func (s *Store) RecordPhotoConsent(ctx context.Context, patientID int64, scope data.PhotoConsentScope) (data.PhotoConsent, error) {
	c := data.PhotoConsent{PatientID: patientID, Scope: scope, RecordedAt: s.Now()}
	if _, err := data.ParsePhotoConsentScope(string(scope)); err != nil {
		return c, err
	}
	err := s.write(ctx, data.PermPatients, patientID, func(tx *sql.Tx, who data.Actor) error {
		if _, err := findPatient(ctx, tx, patientID); err != nil {
			return err
		}
		c.RecordedBy = who.Name
		if err := insertPhotoConsent(ctx, tx, patientID, scope, c.RecordedBy, c.RecordedAt); err != nil {
			return err
		}
		return s.audit(ctx, tx, who, data.Audit{Action: data.ActionChanged, PatientID: patientID,
			Subject: "photo consent", Detail: scope.Label()})
	})
	return c, err
}

// PhotoConsent returns the patient's photo consent in force: the newest
// recorded, or PhotoConsentNone when none was.
func (s *Store) PhotoConsent(ctx context.Context, patientID int64) (data.PhotoConsent, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.PhotoConsent{}, err
	}
	defer tx.Rollback()
	c, err := photoConsent(ctx, tx, patientID)
	return c, s.readError(err)
}

func photoConsent(ctx context.Context, tx *sql.Tx, patientID int64) (data.PhotoConsent, error) {
	c := data.PhotoConsent{PatientID: patientID, Scope: data.PhotoConsentNone}
	var scope, at string
	err := tx.QueryRowContext(ctx, `SELECT scope, recorded_by, recorded_at FROM photo_consents
		WHERE patient_id = ? ORDER BY id DESC LIMIT 1`, patientID).Scan(&scope, &c.RecordedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	c.Scope = data.PhotoConsentScope(scope)
	c.RecordedAt, err = parseTime(at)
	return c, err
}

// ImportPhotos adds photos to the record, all of one patient, in one
// transaction: each is linked to its session (and so its series) or its
// consultation, and the patient must have consented to photos for the
// clinical record. It fills in each photo's ID, patient and series.
func (s *Store) ImportPhotos(ctx context.Context, list []data.Photo) error {
	if len(list) == 0 {
		return data.Errorf(data.EINVALID, "Choose at least one photo to add.")
	}
	for i := range list {
		if err := list[i].Validate(); err != nil {
			return err
		}
	}
	var (
		patientID int64
		refused   bool
	)
	err := s.write(ctx, data.PermSessions, 0, func(tx *sql.Tx, who data.Actor) error {
		patientID, refused = 0, false
		for i := range list {
			if err := linkPhoto(ctx, tx, &list[i]); err != nil {
				return err
			}
			if patientID != 0 && list[i].PatientID != patientID {
				return data.Errorf(data.EINVALID, "The photos of one import belong to one patient; these are of two.")
			}
			patientID = list[i].PatientID
		}
		if err := checkTreatable(ctx, tx, patientID); err != nil {
			return err
		}
		consent, err := photoConsent(ctx, tx, patientID)
		if err != nil {
			return err
		}
		if err := consent.AllowsRecord(); err != nil {
			refused = true
			return err
		}
		now := s.Now()
		for i := range list {
			p := &list[i]
			p.ImportedBy, p.ImportedAt = who.Name, now
			if err := insertPhoto(ctx, tx, p); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, who, data.Audit{Action: data.ActionImported, PatientID: patientID,
			Subject: photosSubject(list), Detail: photosDetail(list)})
	})
	if refused {
		return s.auditConsentRefusal(ctx, err, patientID, "import photos")
	}
	return err
}

// auditConsentRefusal writes a refusal for want of the patient's consent
// to the audit trail, as allow does for one by role, and returns err.
func (s *Store) auditConsentRefusal(ctx context.Context, err error, patientID int64, act string) error {
	a, _ := s.Actor()
	if aerr := s.auditAlone(ctx, a, data.Audit{Action: data.ActionRefused, PatientID: patientID,
		Detail: act + " without the patient's photo consent"}); aerr != nil {
		return fmt.Errorf("%w (and the refusal could not be written to the audit trail: %v)", err, aerr)
	}
	return err
}

// linkPhoto sets a photo's patient and series from its session or
// consultation.
func linkPhoto(ctx context.Context, tx *sql.Tx, p *data.Photo) error {
	if p.SessionID != 0 {
		x, err := findSession(ctx, tx, p.SessionID)
		if err != nil {
			return err
		}
		p.PatientID, p.SeriesID, p.VisitDate = x.PatientID, x.SeriesID, x.PerformedAt
		return nil
	}
	c, err := findConsultation(ctx, tx, p.ConsultationID)
	if err != nil {
		return err
	}
	p.PatientID, p.SeriesID, p.VisitDate = c.PatientID, 0, c.ConsultedOn
	return nil
}

func insertPhoto(ctx context.Context, tx *sql.Tx, p *data.Photo) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO photos (patient_id, series_id, session_id, consultation_id,
		angle, area, taken_at, width, height, imported_by, imported_at, thumbnail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.PatientID, nullID(p.SeriesID), nullID(p.SessionID), nullID(p.ConsultationID), string(p.Angle), p.Area,
		nullTime(p.TakenAt), p.Width, p.Height, p.ImportedBy, formatTime(p.ImportedAt), p.Thumbnail).Scan(&p.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO photo_images (photo_id, image) VALUES (?, ?)", p.ID, p.Image)
	return err
}

// photosSubject names what photos belong to in the audit trail: "session
// 12", or "consultation 3".
func photosSubject(list []data.Photo) string {
	if list[0].SessionID != 0 {
		return sessionNote.subject(list[0].SessionID)
	}
	return fmt.Sprintf("consultation %d", list[0].ConsultationID)
}

// photosDetail says which photos, by number and angle: "photos 4 (Front),
// 5 (Left 45°)".
func photosDetail(list []data.Photo) string {
	parts := make([]string, len(list))
	for i, p := range list {
		parts[i] = fmt.Sprintf("%d (%s)", p.ID, p.AngleLabel())
	}
	return "photos " + strings.Join(parts, ", ")
}

// photoColumns are a photo's fields without its image, in scanPhoto's
// order, with the date of its session or consultation.
const photoColumns = `p.id, p.patient_id, p.series_id, p.session_id, p.consultation_id, p.angle, p.area,
	p.taken_at, p.width, p.height, p.imported_by, p.imported_at, p.hidden_at, p.hidden_by, p.hidden_reason,
	p.thumbnail, x.performed_at, c.consulted_on
	FROM photos p LEFT JOIN sessions x ON x.id = p.session_id
	LEFT JOIN consultations c ON c.id = p.consultation_id`

func scanPhoto(row interface{ Scan(...any) error }) (data.Photo, error) {
	var (
		p                                  data.Photo
		angle, importedAt                  string
		series, session, consultation      sql.NullInt64
		takenAt, hiddenAt, performed, held sql.NullString
	)
	err := row.Scan(&p.ID, &p.PatientID, &series, &session, &consultation, &angle, &p.Area, &takenAt,
		&p.Width, &p.Height, &p.ImportedBy, &importedAt, &hiddenAt, &p.HiddenBy, &p.HiddenReason,
		&p.Thumbnail, &performed, &held)
	if err != nil {
		return p, err
	}
	p.SeriesID, p.SessionID, p.ConsultationID, p.Angle = series.Int64, session.Int64, consultation.Int64, data.PhotoAngle(angle)
	for _, t := range []struct {
		dst *time.Time
		src string
	}{{&p.TakenAt, takenAt.String}, {&p.ImportedAt, importedAt}, {&p.HiddenAt, hiddenAt.String}, {&p.VisitDate, performed.String}} {
		if *t.dst, err = parseTime(t.src); err != nil {
			return p, err
		}
	}
	if held.Valid {
		p.VisitDate, err = parseDate(held)
	}
	return p, err
}

// patientPhotos lists a patient's photos without their images, in the
// order of their visits and, within a visit, of the angles.
func patientPhotos(ctx context.Context, tx *sql.Tx, patientID int64) ([]data.Photo, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+photoColumns+" WHERE p.patient_id = ? ORDER BY p.id", patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []data.Photo
	for rows.Next() {
		p, err := scanPhoto(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	data.SortPhotos(list)
	return list, nil
}

// ViewPhotos returns a patient's photos with their thumbnails, hidden ones
// included and marked, and writes to the audit trail that the signed-in
// user looked at them. Read each full image with PhotoImage.
func (s *Store) ViewPhotos(ctx context.Context, patientID int64) ([]data.Photo, error) {
	a, err := s.reader()
	if err != nil {
		return nil, err
	}
	var list []data.Photo
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := findPatient(ctx, tx, patientID); err != nil {
			return s.readError(err)
		}
		if list, err = patientPhotos(ctx, tx, patientID); err != nil {
			return s.readError(err)
		}
		return s.audit(ctx, tx, a, data.Audit{Action: data.ActionViewed, PatientID: patientID,
			Subject: "photos", Detail: fmt.Sprintf("%d photos", len(list))})
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// PhotoImage returns the full image of a photo that ViewPhotos listed.
func (s *Store) PhotoImage(ctx context.Context, photoID int64) ([]byte, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var image []byte
	err = tx.QueryRowContext(ctx, "SELECT image FROM photo_images WHERE photo_id = ?", photoID).Scan(&image)
	return image, s.readError(notFound(err, "The photo"))
}

// HidePhoto hides a photo from the record, with the reason, by the
// signed-in user. The photo stays on file and in backups; the audit trail
// and the photo itself say who hid it, when and why.
func (s *Store) HidePhoto(ctx context.Context, photoID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return &data.Error{Code: data.EINVALID, Message: "Say why the photo is hidden.",
			Fields: []data.FieldError{{Field: data.FieldHideReason, Message: "Say why the photo is hidden."}}}
	}
	return s.write(ctx, data.PermSessions, 0, func(tx *sql.Tx, who data.Actor) error {
		var patientID int64
		var hiddenAt sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT patient_id, hidden_at FROM photos WHERE id = ?", photoID).Scan(&patientID, &hiddenAt)
		if err != nil {
			return notFound(err, "The photo")
		}
		if hiddenAt.Valid {
			return data.Errorf(data.ELOCKED, "This photo was already hidden.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE photos SET hidden_at = ?, hidden_by = ?, hidden_reason = ?
			WHERE id = ? AND hidden_at IS NULL`, formatTime(s.Now()), who.Name, reason, photoID); err != nil {
			return err
		}
		return s.audit(ctx, tx, who, data.Audit{Action: data.ActionHidden, PatientID: patientID,
			Subject: fmt.Sprintf("photo %d", photoID), Detail: reason})
	})
}

// ExportPhotos returns the patient's photos that are not hidden, with
// their images, to be taken out of Needlepoint for use: always for the
// patient's own copy, for training or marketing only with the matching
// consent. The export is written to the audit trail, and a refusal too.
func (s *Store) ExportPhotos(ctx context.Context, patientID int64, use data.PhotoUse) ([]data.Photo, error) {
	if _, err := data.ParsePhotoUse(string(use)); err != nil {
		return nil, err
	}
	var (
		list    []data.Photo
		refused bool
	)
	err := s.write(ctx, data.PermPrint, patientID, func(tx *sql.Tx, who data.Actor) error {
		refused = false
		if _, err := findPatient(ctx, tx, patientID); err != nil {
			return err
		}
		consent, err := photoConsent(ctx, tx, patientID)
		if err != nil {
			return err
		}
		if err := consent.AllowsExport(use); err != nil {
			refused = true
			return err
		}
		all, err := patientPhotos(ctx, tx, patientID)
		if err != nil {
			return err
		}
		list = list[:0]
		for _, p := range all {
			if p.Hidden() {
				continue
			}
			if err := tx.QueryRowContext(ctx, "SELECT image FROM photo_images WHERE photo_id = ?", p.ID).Scan(&p.Image); err != nil {
				return err
			}
			list = append(list, p)
		}
		if len(list) == 0 {
			return data.Errorf(data.ENOTFOUND, "This patient has no photos to export.")
		}
		return s.audit(ctx, tx, who, data.Audit{Action: data.ActionExported, PatientID: patientID,
			Subject: "photos", Detail: fmt.Sprintf("%d photos for %s", len(list), use.Label())})
	})
	if refused {
		return nil, s.auditConsentRefusal(ctx, err, patientID, "export photos for "+use.Label())
	}
	if err != nil {
		return nil, err
	}
	return list, nil
}
