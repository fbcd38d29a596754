package sqlstore

import (
	"context"
	"database/sql"

	"needlepoint/data"
)

const consultationColumns = `id, patient_id, consulted_on, practitioner_id, concerns, goals, skin_type,
	skin_condition, areas, planned_sessions, interval_weeks, depth_min, depth_max, notes,
	signed_at, signed_by, created_at, updated_at, version`

// CreateConsultation stores a new draft consultation for an active patient
// and sets its ID, timestamps and version.
func (s *Store) CreateConsultation(ctx context.Context, c *data.Consultation) error {
	a, err := s.allow(ctx, data.PermConsultations, c.PatientID)
	if err != nil {
		return err
	}
	if err := c.Validate(s.Now()); err != nil {
		return err
	}
	var q data.Consultation
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if err := checkTreatable(ctx, tx, c.PatientID); err != nil {
			return err
		}
		if _, err := findClinician(ctx, tx, c.PractitionerID); err != nil {
			return err
		}
		now := s.Now()
		q = *c
		q.CreatedAt, q.UpdatedAt, q.Version = now, now, 1
		err = tx.QueryRowContext(ctx, `INSERT INTO consultations (patient_id, consulted_on,
		practitioner_id, concerns, goals, skin_type, skin_condition, areas, planned_sessions,
		interval_weeks, depth_min, depth_max, notes, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			q.PatientID, nullDate(q.ConsultedOn), q.PractitionerID, joinList(q.Concerns), q.Goals,
			int(q.SkinType), q.SkinCondition, joinList(q.Areas), q.PlannedSessions, q.IntervalWeeks,
			int(q.DepthMin), int(q.DepthMax), q.Notes, formatTime(now), formatTime(now), q.Version,
		).Scan(&q.ID)
		if err != nil {
			return s.writeError(err)
		}
		if err := s.audit(ctx, tx, a, data.Audit{Action: data.ActionCreated, PatientID: q.PatientID, Subject: consultationNote.subject(q.ID)}); err != nil {
			return s.writeError(err)
		}
		return nil
	}); err != nil {
		return err
	}
	*c = q
	return nil
}

// UpdateConsultation saves changes to a draft. A signed consultation is
// refused with ELOCKED: correct it with an addendum.
func (s *Store) UpdateConsultation(ctx context.Context, c *data.Consultation) error {
	a, err := s.allow(ctx, data.PermConsultations, c.PatientID)
	if err != nil {
		return err
	}
	if err := c.Validate(s.Now()); err != nil {
		return err
	}
	var q data.Consultation
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		current, err := findConsultation(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if err := consultationNote.checkDraft(current.Signed(), current.Version, c.Version); err != nil {
			return err
		}
		if _, err := findClinician(ctx, tx, c.PractitionerID); err != nil {
			return err
		}
		q = *c
		q.PatientID, q.CreatedAt, q.UpdatedAt, q.Version = current.PatientID, current.CreatedAt, s.Now(), current.Version+1
		err = updateVersion(ctx, tx, current.Version, consultationNote.stale(), `UPDATE consultations SET consulted_on = ?, practitioner_id = ?,
		concerns = ?, goals = ?, skin_type = ?, skin_condition = ?, areas = ?,
		planned_sessions = ?, interval_weeks = ?, depth_min = ?, depth_max = ?, notes = ?,
		updated_at = ?, version = ? WHERE id = ?`,
			nullDate(q.ConsultedOn), q.PractitionerID, joinList(q.Concerns), q.Goals, int(q.SkinType),
			q.SkinCondition, joinList(q.Areas), q.PlannedSessions, q.IntervalWeeks, int(q.DepthMin),
			int(q.DepthMax), q.Notes, formatTime(q.UpdatedAt), q.Version, q.ID)
		if err != nil {
			return s.writeError(err)
		}
		if err := s.audit(ctx, tx, a, data.Audit{Action: data.ActionChanged, PatientID: q.PatientID, Subject: consultationNote.subject(q.ID), Detail: "draft"}); err != nil {
			return s.writeError(err)
		}
		return nil
	}); err != nil {
		return err
	}
	*c = q
	return nil
}

// SignConsultation signs a draft in the name of a practitioner and locks
// it. version must be the version that was read.
func (s *Store) SignConsultation(ctx context.Context, id, version, practitionerID int64) error {
	return s.sign(ctx, consultationNote, id, version, practitionerID)
}

// AddConsultationAddendum adds a correction to a signed consultation,
// keeping the original as it was.
func (s *Store) AddConsultationAddendum(ctx context.Context, consultationID, authorID int64, reason, text string) (data.Addendum, error) {
	return s.addAddendum(ctx, consultationNote, consultationID, authorID, reason, text)
}

// Consultation returns a consultation with its addenda, oldest first.
func (s *Store) Consultation(ctx context.Context, id int64) (data.Consultation, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.Consultation{}, err
	}
	defer tx.Rollback()
	c, err := findConsultation(ctx, tx, id)
	if err != nil {
		return data.Consultation{}, s.readError(err)
	}
	c.Addenda, err = consultationNote.addendaOf(ctx, tx, id)
	return c, s.readError(err)
}

// Consultations returns a patient's consultations, newest first, each with
// its addenda.
func (s *Store) Consultations(ctx context.Context, patientID int64) ([]data.Consultation, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT "+consultationColumns+
		" FROM consultations WHERE patient_id = ? ORDER BY consulted_on DESC, id DESC", patientID)
	if err != nil {
		return nil, s.readError(err)
	}
	var list []data.Consultation
	for rows.Next() {
		c, err := scanConsultation(rows)
		if err != nil {
			rows.Close()
			return nil, s.readError(err)
		}
		list = append(list, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.readError(err)
	}
	for i := range list {
		if list[i].Addenda, err = consultationNote.addendaOf(ctx, tx, list[i].ID); err != nil {
			return nil, s.readError(err)
		}
	}
	return list, nil
}

// checkTreatable refuses clinical records for an unknown or archived patient.
func checkTreatable(ctx context.Context, tx *sql.Tx, patientID int64) error {
	p, err := findPatient(ctx, tx, patientID)
	if err != nil {
		return err
	}
	if p.Archived() {
		return data.Errorf(data.ELOCKED, "%s is archived. Restore the record before adding to it.", p.FullName())
	}
	return nil
}

// findClinician returns an active practitioner or administrator, the staff
// who may write and sign clinical notes.
func findClinician(ctx context.Context, tx *sql.Tx, id int64) (data.StaffMember, error) {
	m, err := findStaff(ctx, tx, id)
	switch {
	case err != nil:
		return m, err
	case !m.Active:
		return m, data.Errorf(data.EINVALID, "%s no longer works at the clinic; choose another practitioner.", m.Name)
	case m.Role == data.RoleReception:
		return m, data.Errorf(data.EFORBIDDEN, "%s is reception staff; clinical notes are written by practitioners.", m.Name)
	}
	return m, nil
}

func findConsultation(ctx context.Context, tx *sql.Tx, id int64) (data.Consultation, error) {
	c, err := scanConsultation(tx.QueryRowContext(ctx, "SELECT "+consultationColumns+" FROM consultations WHERE id = ?", id))
	return c, notFound(err, "The consultation")
}

func scanConsultation(row interface{ Scan(...any) error }) (data.Consultation, error) {
	var (
		c                            data.Consultation
		consultedOn, signedAt        sql.NullString
		signedBy                     sql.NullInt64
		concerns, areas              string
		createdAt, updatedAt         string
		skinType, depthMin, depthMax int
	)
	err := row.Scan(&c.ID, &c.PatientID, &consultedOn, &c.PractitionerID, &concerns, &c.Goals,
		&skinType, &c.SkinCondition, &areas, &c.PlannedSessions, &c.IntervalWeeks, &depthMin,
		&depthMax, &c.Notes, &signedAt, &signedBy, &createdAt, &updatedAt, &c.Version)
	if err != nil {
		return c, err
	}
	c.Concerns, c.Areas = splitList[data.Indication](concerns), splitList[data.Area](areas)
	c.SkinType, c.DepthMin, c.DepthMax, c.SignedBy = data.SkinType(skinType), data.Depth(depthMin), data.Depth(depthMax), signedBy.Int64
	if c.ConsultedOn, err = parseDate(consultedOn); err != nil {
		return c, err
	}
	if c.SignedAt, err = parseTime(signedAt.String); err != nil {
		return c, err
	}
	if c.CreatedAt, err = parseTime(createdAt); err != nil {
		return c, err
	}
	c.UpdatedAt, err = parseTime(updatedAt)
	return c, err
}
