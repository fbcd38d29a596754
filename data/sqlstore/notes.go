package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"needlepoint/data"
)

// note is a kind of clinical note that is written as a draft, signed by a
// practitioner and then corrected only by addenda. Consultations and
// sessions follow the same rules; the triggers of their migrations enforce
// them in the database as well.
type note struct {
	what    string // in messages: "consultation", "session"
	table   string // where the notes are
	addenda string // where their addenda are
	key     string // the addenda column naming the note
	patient string // selects the patient a note with id ?1 belongs to
	seal    sealKind
	sealAdd sealKind // of its addenda
}

var (
	consultationNote = note{what: "consultation", table: "consultations", addenda: "consultation_addenda", key: "consultation_id",
		patient: "SELECT patient_id FROM consultations WHERE id = ?", seal: sealConsultation, sealAdd: sealConsultationAddendum}
	sessionNote = note{what: "session", table: "sessions", addenda: "session_addenda", key: "session_id",
		patient: "SELECT ts.patient_id FROM sessions x JOIN treatment_series ts ON ts.id = x.series_id WHERE x.id = ?",
		seal:    sealSession, sealAdd: sealSessionAddendum}
)

// checkDraft refuses a change to a signed note or to an out-of-date copy.
func (n note) checkDraft(signed bool, current, version int64) error {
	if signed {
		return data.Errorf(data.ELOCKED, "This %s is signed and locked. Add an addendum to correct it.", n.what)
	}
	if current != version {
		return n.stale()
	}
	return nil
}

// stale is the refusal of a change to an out-of-date copy.
func (n note) stale() error {
	return data.Errorf(data.ECONFLICT, "This %s was changed on another computer after you opened it. Your changes were not saved; reopen it to see the latest version.", n.what)
}

// state reads whether a note is signed, its version and its patient.
func (n note) state(ctx context.Context, tx *sql.Tx, id int64) (signed bool, version, patientID int64, err error) {
	var signedAt sql.NullString
	err = tx.QueryRowContext(ctx, "SELECT signed_at, version FROM "+n.table+" WHERE id = ?", id).Scan(&signedAt, &version)
	if err != nil {
		return false, 0, 0, notFound(err, "The "+n.what)
	}
	err = tx.QueryRowContext(ctx, n.patient, id).Scan(&patientID)
	return signedAt.Valid, version, patientID, err
}

// subject names note id in the audit trail, e.g. "session 12".
func (n note) subject(id int64) string { return fmt.Sprintf("%s %d", n.what, id) }

// sign signs a draft note in the name of a practitioner and locks it.
// version must be the version that was read. Only the practitioner named,
// signed in themselves, can sign.
func (s *Store) sign(ctx context.Context, n note, id, version, practitionerID int64) error {
	a, err := s.allow(ctx, data.PermSign, 0)
	if err != nil {
		return err
	}
	if err := s.sameStaff(ctx, a, practitionerID, "sign this "+n.what, 0); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		signed, current, patientID, err := n.state(ctx, tx, id)
		if err != nil {
			return s.readError(err)
		}
		if err := n.checkDraft(signed, current, version); err != nil {
			return err
		}
		signer, err := findClinician(ctx, tx, practitionerID)
		if err != nil {
			return err
		}
		if signer.Role != data.RolePractitioner {
			return data.Errorf(data.EFORBIDDEN, "Only a practitioner can sign a %s; %s is %s staff.", n.what, signer.Name, strings.ToLower(signer.Role.Label()))
		}
		now := formatTime(s.Now())
		err = updateVersion(ctx, tx, current, n.stale(), "UPDATE "+n.table+` SET signed_at = ?, signed_by = ?,
		updated_at = ?, version = version + 1 WHERE id = ?`, now, practitionerID, now, id)
		if err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionSigned, PatientID: patientID, Subject: n.subject(id)}
		if err := s.auditSealed(ctx, tx, a, e, sealRef{n.seal, id}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// addAddendum adds a correction to a signed note, keeping the original as
// it was.
func (s *Store) addAddendum(ctx context.Context, n note, id, authorID int64, reason, text string) (data.Addendum, error) {
	who, err := s.allow(ctx, data.PermAddenda, 0)
	if err != nil {
		return data.Addendum{}, err
	}
	if err := s.sameStaff(ctx, who, authorID, "write an addendum in their own name", 0); err != nil {
		return data.Addendum{}, err
	}
	reason, text = strings.TrimSpace(reason), strings.TrimSpace(text)
	if err := validateAddendum(reason, text); err != nil {
		return data.Addendum{}, err
	}
	var a data.Addendum
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		signed, _, patientID, err := n.state(ctx, tx, id)
		if err != nil {
			return s.readError(err)
		}
		if !signed {
			return data.Errorf(data.EINVALID, "This %s is still a draft: change it directly instead of adding an addendum.", n.what)
		}
		author, err := findClinician(ctx, tx, authorID)
		if err != nil {
			return err
		}
		a = data.Addendum{AuthorID: authorID, AuthorName: author.Name, WrittenAt: s.Now(), Reason: reason, Text: text}
		err = tx.QueryRowContext(ctx, "INSERT INTO "+n.addenda+" ("+n.key+`, author_id, written_at, reason, text)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, id, authorID, formatTime(a.WrittenAt), reason, text).Scan(&a.ID)
		if err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionAddendum, PatientID: patientID, Subject: n.subject(id), Detail: reason}
		if err := s.auditSealed(ctx, tx, who, e, sealRef{n.sealAdd, a.ID}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
	if err != nil {
		return data.Addendum{}, err
	}
	return a, nil
}

// addendaOf returns the addenda of a note, oldest first, with their
// authors' names.
func (n note) addendaOf(ctx context.Context, tx *sql.Tx, id int64) ([]data.Addendum, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.author_id, s.name, a.written_at, a.reason, a.text
		FROM `+n.addenda+` a JOIN staff s ON s.id = a.author_id
		WHERE a.`+n.key+` = ? ORDER BY a.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []data.Addendum
	for rows.Next() {
		var (
			a         data.Addendum
			writtenAt string
		)
		if err := rows.Scan(&a.ID, &a.AuthorID, &a.AuthorName, &writtenAt, &a.Reason, &a.Text); err != nil {
			return nil, err
		}
		if a.WrittenAt, err = parseTime(writtenAt); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}
