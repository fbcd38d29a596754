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

// screeningFields are the columns a new screening fills; the database adds
// the id.
const screeningFields = `patient_id, screened_on, recorded_by, indications, pregnant,
	pregnancy_due_date, autoimmune_condition, psoriasis_or_eczema, open_wounds,
	active_infection, active_acne, keloid_history, anticoagulants, bleeding_disorder,
	uncontrolled_diabetes, immunosuppressed, cold_sores, metal_allergy,
	numbing_agent_allergy, taking_isotretinoin, last_isotretinoin_dose,
	last_radiation_therapy, uses_topical_retinoid, last_topical_retinoid,
	last_botulinum_toxin, last_filler_or_surgery, notes, created_at`

const screeningColumns = "id, " + screeningFields

// latestFirst orders a patient's screenings so the one in force comes
// first: the latest screening date, and of two on one day the later entry.
const latestFirst = " ORDER BY screened_on DESC, id DESC"

// CreateScreening validates sc, records it for its patient and sets its ID
// and creation time. It supersedes the patient's earlier screenings, which
// stay on file.
func (s *Store) CreateScreening(ctx context.Context, sc *data.Screening) error {
	a, err := s.allow(ctx, data.PermScreening, sc.PatientID)
	if err != nil {
		return err
	}
	if err := sc.Validate(s.Now()); err != nil {
		return err
	}
	var q data.Screening
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		patient, err := findPatient(ctx, tx, sc.PatientID)
		if err != nil {
			return s.writeError(err)
		}
		if patient.Archived() {
			return data.Errorf(data.ELOCKED, "%s is archived. Restore the record before recording a screening.", patient.FullName())
		}
		q = *sc
		q.CreatedAt = s.Now()
		if err := insertScreening(ctx, tx, &q); err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionCreated, PatientID: q.PatientID, Subject: fmt.Sprintf("screening %d", q.ID)}
		if err := s.auditSealed(ctx, tx, a, e, sealRef{sealScreening, q.ID}); err != nil {
			return s.writeError(err)
		}
		return nil
	}); err != nil {
		return err
	}
	*sc = q
	return nil
}

func insertScreening(ctx context.Context, tx *sql.Tx, sc *data.Screening) error {
	return tx.QueryRowContext(ctx, `INSERT INTO screenings (`+screeningFields+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		sc.PatientID, nullDate(sc.ScreenedOn), sc.RecordedBy, joinList(sc.Indications),
		sc.Pregnant, nullDate(sc.PregnancyDueDate), sc.AutoimmuneCondition,
		sc.PsoriasisOrEczema, sc.OpenWounds, sc.ActiveInfection, sc.ActiveAcne,
		sc.KeloidHistory, sc.Anticoagulants, sc.BleedingDisorder, sc.UncontrolledDiabetes,
		sc.Immunosuppressed, sc.ColdSores, sc.MetalAllergy, sc.NumbingAgentAllergy,
		sc.TakingIsotretinoin, nullDate(sc.LastIsotretinoinDose),
		nullDate(sc.LastRadiationTherapy), sc.UsesTopicalRetinoid,
		nullDate(sc.LastTopicalRetinoid), nullDate(sc.LastBotulinumToxin),
		nullDate(sc.LastFillerOrSurgery), sc.Notes, formatTime(sc.CreatedAt),
	).Scan(&sc.ID)
}

// LatestScreening returns the screening in force for a patient, or nil and
// no error when none has been recorded.
func (s *Store) LatestScreening(ctx context.Context, patientID int64) (*data.Screening, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	sc, err := latestScreening(ctx, tx, patientID)
	return sc, s.readError(err)
}

// latestScreening returns the screening in force for a patient, or nil.
func latestScreening(ctx context.Context, tx *sql.Tx, patientID int64) (*data.Screening, error) {
	row := tx.QueryRowContext(ctx, "SELECT "+screeningColumns+" FROM screenings WHERE patient_id = ?"+latestFirst+" LIMIT 1", patientID)
	sc, err := scanScreening(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &sc, nil
}

// latestScreenings returns the screening in force for each of the patients
// that has one, a few queries for many patients.
func latestScreenings(ctx context.Context, tx *sql.Tx, patientIDs []int64) (map[int64]*data.Screening, error) {
	latest := map[int64]*data.Screening{}
	for len(patientIDs) > 0 {
		chunk := patientIDs[:min(len(patientIDs), patientChunk)]
		patientIDs = patientIDs[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+screeningColumns+" FROM screenings s WHERE s.patient_id IN (?"+
			strings.Repeat(", ?", len(chunk)-1)+") AND s.id = (SELECT id FROM screenings WHERE patient_id = s.patient_id"+
			latestFirst+" LIMIT 1)", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			sc, err := scanScreening(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			latest[sc.PatientID] = &sc
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return latest, nil
}

// Screenings returns every screening of a patient, the one in force first.
func (s *Store) Screenings(ctx context.Context, patientID int64) ([]data.Screening, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	list, err := findScreenings(ctx, tx, patientID)
	return list, s.readError(err)
}

func findScreenings(ctx context.Context, tx *sql.Tx, patientID int64) ([]data.Screening, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+screeningColumns+" FROM screenings WHERE patient_id = ?"+latestFirst, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []data.Screening
	for rows.Next() {
		sc, err := scanScreening(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, sc)
	}
	return list, rows.Err()
}

func scanScreening(row interface{ Scan(...any) error }) (data.Screening, error) {
	var (
		sc                     data.Screening
		screenedOn             sql.NullString
		indications, createdAt string
		due, isotretinoin      sql.NullString
		radiation, retinoid    sql.NullString
		toxin, fillerOrSurgery sql.NullString
	)
	err := row.Scan(&sc.ID, &sc.PatientID, &screenedOn, &sc.RecordedBy, &indications,
		&sc.Pregnant, &due, &sc.AutoimmuneCondition, &sc.PsoriasisOrEczema, &sc.OpenWounds,
		&sc.ActiveInfection, &sc.ActiveAcne, &sc.KeloidHistory, &sc.Anticoagulants,
		&sc.BleedingDisorder, &sc.UncontrolledDiabetes, &sc.Immunosuppressed, &sc.ColdSores,
		&sc.MetalAllergy, &sc.NumbingAgentAllergy, &sc.TakingIsotretinoin, &isotretinoin,
		&radiation, &sc.UsesTopicalRetinoid, &retinoid, &toxin, &fillerOrSurgery,
		&sc.Notes, &createdAt)
	if err != nil {
		return data.Screening{}, err
	}
	sc.Indications = splitList[data.Indication](indications)
	for _, d := range []struct {
		dst *time.Time
		src sql.NullString
	}{
		{&sc.ScreenedOn, screenedOn},
		{&sc.PregnancyDueDate, due},
		{&sc.LastIsotretinoinDose, isotretinoin},
		{&sc.LastRadiationTherapy, radiation},
		{&sc.LastTopicalRetinoid, retinoid},
		{&sc.LastBotulinumToxin, toxin},
		{&sc.LastFillerOrSurgery, fillerOrSurgery},
	} {
		if *d.dst, err = parseDate(d.src); err != nil {
			return data.Screening{}, err
		}
	}
	if sc.CreatedAt, err = parseTime(createdAt); err != nil {
		return data.Screening{}, err
	}
	return sc, nil
}
