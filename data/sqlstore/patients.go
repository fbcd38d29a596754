package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"needlepoint/data"
)

const patientColumns = `id, first_name, last_name, preferred_name, date_of_birth, sex, phone, email,
	address, skin_type, allergies, medications, medical_notes, emergency_contact_name,
	emergency_contact_phone, reminder_consent, created_at, updated_at, archived_at,
	archive_reason, version, phone_e164, emergency_contact_phone_e164`

const summaryColumns = `p.id, p.first_name, p.last_name, p.preferred_name, p.date_of_birth, p.phone, p.phone_e164,
	p.email, p.archived_at IS NOT NULL`

// CreatePatient validates p, stores it as a new patient and sets its ID,
// timestamps and version. Possible duplicates do not stop it: check them
// first with FindDuplicates.
func (s *Store) CreatePatient(ctx context.Context, p *data.Patient) error {
	a, err := s.allow(ctx, data.PermPatients, 0)
	if err != nil {
		return err
	}
	var q data.Patient
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		q = *p
		if err := validatePatient(ctx, tx, &q, s.Now()); err != nil {
			return err
		}
		now := s.Now()
		q.CreatedAt, q.UpdatedAt, q.Version = now, now, 1
		q.ArchivedAt, q.ArchiveReason = time.Time{}, ""
		ins, err := prepareInsert(ctx, tx, s.pg)
		if err != nil {
			return s.writeError(err)
		}
		defer ins.close()
		if err := ins.insert(ctx, &q); err != nil {
			return s.writeError(err)
		}
		if err := s.auditSealed(ctx, tx, a, data.Audit{Action: data.ActionCreated, PatientID: q.ID, Subject: "patient record"}, medicalSeal(q)...); err != nil {
			return s.writeError(err)
		}
		return nil
	}); err != nil {
		return err
	}
	*p = q
	return nil
}

// ImportPatients stores many patients in one transaction, keeping their
// given creation, update and archive details; the demo generator uses it.
func (s *Store) ImportPatients(ctx context.Context, patients []data.Patient) error {
	a, err := s.allow(ctx, data.PermPatients, 0)
	if err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		country, err := clinicCountry(ctx, tx)
		if err != nil {
			return s.writeError(err)
		}
		ins, err := prepareInsert(ctx, tx, s.pg)
		if err != nil {
			return s.writeError(err)
		}
		defer ins.close()
		for i := range patients {
			p := &patients[i]
			if err := p.Validate(s.Now(), country); err != nil {
				return fmt.Errorf("patient %d (%s): %w", i, p.FullName(), err)
			}
			setE164(p, country)
			if p.CreatedAt.IsZero() {
				p.CreatedAt = s.Now()
			}
			if p.UpdatedAt.IsZero() {
				p.UpdatedAt = p.CreatedAt
			}
			p.Version = 1
			if err := ins.insertRow(ctx, p); err != nil {
				return s.writeError(err)
			}
		}
		// The search words go in after all the rows. Each INSERT INTO patients
		// opens a statement savepoint (its CHECK constraints may abort it), and
		// FTS5 writes its pending words to disk at every savepoint: indexing
		// patient by patient writes two tiny FTS5 segments per patient and
		// spends the import merging them.
		for i := range patients {
			if err := ins.index(ctx, &patients[i]); err != nil {
				return s.writeError(err)
			}
		}
		var refs []sealRef
		for i := range patients {
			refs = append(refs, medicalSeal(patients[i])...)
		}
		e := data.Audit{Action: data.ActionCreated, Subject: "patient records", Detail: fmt.Sprintf("imported %d patients", len(patients))}
		if err := s.auditSealed(ctx, tx, a, e, refs...); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// patientInsert holds the statements that store a new patient and its
// search words, prepared once for a whole import.
type patientInsert struct {
	patient, words, trigrams *sql.Stmt
	pg                       bool // PostgreSQL's search tables instead of FTS5
}

func prepareInsert(ctx context.Context, tx *sql.Tx, pg bool) (*patientInsert, error) {
	type prepared struct {
		stmt  **sql.Stmt
		query string
	}
	ins := patientInsert{pg: pg}
	statements := []prepared{
		{&ins.patient, `INSERT INTO patients (
			first_name, last_name, preferred_name, date_of_birth, sex, phone, email, address,
			skin_type, allergies, medications, medical_notes, emergency_contact_name,
			emergency_contact_phone, reminder_consent, created_at, updated_at, archived_at,
			archive_reason, version, name_key, phone_key, phone_key_reversed, email_key,
			phone_e164, emergency_contact_phone_e164)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`},
		{&ins.words, insertWords},
		{&ins.trigrams, insertTrigrams},
	}
	if pg {
		statements[1].query, statements[2].query = pgInsertWord, pgInsertText
	}
	for _, st := range statements {
		var err error
		if *st.stmt, err = tx.PrepareContext(ctx, st.query); err != nil {
			ins.close()
			return nil, err
		}
	}
	return &ins, nil
}

func (ins *patientInsert) close() {
	for _, st := range []*sql.Stmt{ins.patient, ins.words, ins.trigrams} {
		if st != nil {
			st.Close()
		}
	}
}

// insert stores p as a new patient, sets its ID and indexes its words.
func (ins *patientInsert) insert(ctx context.Context, p *data.Patient) error {
	if err := ins.insertRow(ctx, p); err != nil {
		return err
	}
	return ins.index(ctx, p)
}

// insertRow stores p as a new patient and sets its ID.
func (ins *patientInsert) insertRow(ctx context.Context, p *data.Patient) error {
	return ins.patient.QueryRowContext(ctx,
		p.FirstName, p.LastName, p.PreferredName, nullDate(p.DateOfBirth), string(p.Sex),
		p.Phone, p.Email, p.Address, int(p.SkinType), p.Allergies, p.Medications,
		p.MedicalNotes, p.EmergencyContactName, p.EmergencyContactPhone, p.ReminderConsent,
		formatTime(p.CreatedAt), formatTime(p.UpdatedAt), nullTime(p.ArchivedAt),
		p.ArchiveReason, p.Version, nameKey(p.FirstName, p.LastName), data.PhoneDigits(p.Phone),
		reverse(data.PhoneDigits(p.Phone)), emailKey(p.Email), p.PhoneE164, p.EmergencyContactPhoneE164,
	).Scan(&p.ID)
}

// index writes the search words of a patient just stored, who has none yet.
func (ins *patientInsert) index(ctx context.Context, p *data.Patient) error {
	if ins.pg {
		return pgIndexWords(ctx, ins.words, ins.trigrams, p)
	}
	words, text := searchTerms(p)
	if _, err := ins.words.ExecContext(ctx, p.ID, words); err != nil {
		return err
	}
	_, err := ins.trigrams.ExecContext(ctx, p.ID, text)
	return err
}

// UpdatePatient saves changes to an active patient. p.Version must be the
// version that was loaded: if someone else saved in between, the update is
// refused with ECONFLICT so their change is not overwritten.
func (s *Store) UpdatePatient(ctx context.Context, p *data.Patient) error {
	a, err := s.allow(ctx, data.PermPatients, p.ID)
	if err != nil {
		return err
	}
	var q data.Patient
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		q = *p
		if err := validatePatient(ctx, tx, &q, s.Now()); err != nil {
			return err
		}
		current, err := findPatient(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if err := checkEditable(current, p.Version); err != nil {
			return err
		}
		q.CreatedAt, q.ArchivedAt, q.ArchiveReason = current.CreatedAt, current.ArchivedAt, current.ArchiveReason
		q.UpdatedAt, q.Version = s.Now(), current.Version+1
		err = updateVersion(ctx, tx, current.Version, stalePatient(current), `UPDATE patients SET
		first_name = ?, last_name = ?, preferred_name = ?, date_of_birth = ?, sex = ?,
		phone = ?, email = ?, address = ?, skin_type = ?, allergies = ?, medications = ?,
		medical_notes = ?, emergency_contact_name = ?, emergency_contact_phone = ?,
		reminder_consent = ?, updated_at = ?, version = ?, name_key = ?, phone_key = ?,
		phone_key_reversed = ?, email_key = ?, phone_e164 = ?, emergency_contact_phone_e164 = ?
		WHERE id = ?`,
			q.FirstName, q.LastName, q.PreferredName, nullDate(q.DateOfBirth), string(q.Sex),
			q.Phone, q.Email, q.Address, int(q.SkinType), q.Allergies, q.Medications,
			q.MedicalNotes, q.EmergencyContactName, q.EmergencyContactPhone, q.ReminderConsent,
			formatTime(q.UpdatedAt), q.Version, nameKey(q.FirstName, q.LastName),
			data.PhoneDigits(q.Phone), reverse(data.PhoneDigits(q.Phone)), emailKey(q.Email),
			q.PhoneE164, q.EmergencyContactPhoneE164, q.ID)
		if err != nil {
			return s.writeError(err)
		}
		reindex := reindexPatient
		if s.pg {
			reindex = pgReindexPatient
		}
		if err := reindex(ctx, tx, &q); err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionChanged, PatientID: q.ID, Subject: "patient record", Detail: changedFields(current, q)}
		var refs []sealRef
		if medicalDetails(current) != medicalDetails(q) {
			refs = []sealRef{{sealMedical, q.ID}}
		}
		if err := s.auditSealed(ctx, tx, a, e, refs...); err != nil {
			return s.writeError(err)
		}
		return nil
	}); err != nil {
		return err
	}
	*p = q
	return nil
}

// validatePatient checks p with the clinic's country and sets the
// international forms of its phone numbers.
func validatePatient(ctx context.Context, tx *sql.Tx, p *data.Patient, today time.Time) error {
	country, err := clinicCountry(ctx, tx)
	if err != nil {
		return err
	}
	if err := p.Validate(today, country); err != nil {
		return err
	}
	setE164(p, country)
	return nil
}

// setE164 sets the international forms of p's phone numbers, read as
// dialled in country.
func setE164(p *data.Patient, country string) {
	p.PhoneE164 = data.PhoneE164(p.Phone, country)
	p.EmergencyContactPhoneE164 = data.PhoneE164(p.EmergencyContactPhone, country)
}

// medicalDetails is what a patient's medical seal covers.
func medicalDetails(p data.Patient) [3]string {
	return [3]string{p.Allergies, p.Medications, p.MedicalNotes}
}

// medicalSeal seals a new patient's medical details, when there are any:
// a patient with none needs no seal until some are saved.
func medicalSeal(p data.Patient) []sealRef {
	if medicalDetails(p) == ([3]string{}) {
		return nil
	}
	return []sealRef{{sealMedical, p.ID}}
}

// checkEditable refuses a change to an archived patient or one based on an
// out-of-date copy.
func checkEditable(current data.Patient, version int64) error {
	if current.Archived() {
		return data.Errorf(data.ELOCKED, "%s is archived. Restore the record before changing it.", current.FullName())
	}
	if current.Version != version {
		return stalePatient(current)
	}
	return nil
}

// stalePatient refuses a change to an out-of-date copy of p.
func stalePatient(p data.Patient) error {
	return data.Errorf(data.ECONFLICT, "%s was changed on another computer after you opened the record. Your changes were not saved; reopen the record to see the latest details.", p.FullName())
}

// ArchivePatient archives an active patient with the reason given; the
// record stays on file and can be restored. version must be the version
// that was loaded.
func (s *Store) ArchivePatient(ctx context.Context, id, version int64, reason string) error {
	reason = strings.TrimSpace(reason)
	var v data.Validator
	if reason == "" {
		v.Add(data.FieldArchiveReason, "Please give a reason for archiving this patient.")
	} else {
		v.Text(data.FieldArchiveReason, "The reason", reason, data.MaxReasonLength, true)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.changeArchive(ctx, id, data.ActionArchived, func(current data.Patient) (any, string, error) {
		if err := checkEditable(current, version); err != nil {
			return nil, "", err
		}
		return formatTime(s.Now()), reason, nil
	})
}

// RestorePatient brings an archived patient back to the active list.
func (s *Store) RestorePatient(ctx context.Context, id, version int64) error {
	return s.changeArchive(ctx, id, data.ActionRestored, func(current data.Patient) (any, string, error) {
		if !current.Archived() {
			return nil, "", data.Errorf(data.ECONFLICT, "%s is not archived.", current.FullName())
		}
		if current.Version != version {
			return nil, "", data.Errorf(data.ECONFLICT, "%s was changed on another computer. Reopen the record and try again.", current.FullName())
		}
		return nil, "", nil
	})
}

// changeArchive sets the archive columns to what decide returns for the
// current record.
func (s *Store) changeArchive(ctx context.Context, id int64, action data.AuditAction, decide func(data.Patient) (any, string, error)) error {
	a, err := s.allow(ctx, data.PermPatients, id)
	if err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		current, err := findPatient(ctx, tx, id)
		if err != nil {
			return err
		}
		archivedAt, reason, err := decide(current)
		if err != nil {
			return err
		}
		err = updateVersion(ctx, tx, current.Version, stalePatient(current), `UPDATE patients SET archived_at = ?, archive_reason = ?,
		updated_at = ?, version = version + 1 WHERE id = ?`,
			archivedAt, reason, formatTime(s.Now()), id)
		if err != nil {
			return s.writeError(err)
		}
		if err := s.audit(ctx, tx, a, data.Audit{Action: action, PatientID: id, Subject: "patient record", Detail: reason}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// Patient returns the patient with the given id.
func (s *Store) Patient(ctx context.Context, id int64) (data.Patient, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.Patient{}, err
	}
	defer tx.Rollback()
	p, err := findPatient(ctx, tx, id)
	return p, s.readError(err)
}

func findPatient(ctx context.Context, tx *sql.Tx, id int64) (data.Patient, error) {
	row := tx.QueryRowContext(ctx, "SELECT "+patientColumns+" FROM patients WHERE id = ?", id)
	p, err := scanPatient(row)
	if err != nil {
		return data.Patient{}, notFound(err, "The patient")
	}
	return p, nil
}

func scanPatient(row interface{ Scan(...any) error }) (data.Patient, error) {
	var (
		p                         data.Patient
		dob, archivedAt           sql.NullString
		sex, createdAt, updatedAt string
		skinType                  int
	)
	err := row.Scan(&p.ID, &p.FirstName, &p.LastName, &p.PreferredName, &dob, &sex,
		&p.Phone, &p.Email, &p.Address, &skinType, &p.Allergies, &p.Medications,
		&p.MedicalNotes, &p.EmergencyContactName, &p.EmergencyContactPhone,
		&p.ReminderConsent, &createdAt, &updatedAt, &archivedAt, &p.ArchiveReason, &p.Version,
		&p.PhoneE164, &p.EmergencyContactPhoneE164)
	if err != nil {
		return data.Patient{}, err
	}
	p.Sex, p.SkinType = data.Sex(sex), data.SkinType(skinType)
	if p.DateOfBirth, err = parseDate(dob); err != nil {
		return data.Patient{}, err
	}
	if p.CreatedAt, err = parseTime(createdAt); err != nil {
		return data.Patient{}, err
	}
	if p.UpdatedAt, err = parseTime(updatedAt); err != nil {
		return data.Patient{}, err
	}
	if p.ArchivedAt, err = parseTime(archivedAt.String); err != nil {
		return data.Patient{}, err
	}
	return p, nil
}

func scanSummaries(rows *sql.Rows) ([]data.PatientSummary, error) {
	defer rows.Close()
	var list []data.PatientSummary
	for rows.Next() {
		var (
			s   data.PatientSummary
			dob sql.NullString
		)
		if err := rows.Scan(&s.ID, &s.FirstName, &s.LastName, &s.PreferredName, &dob, &s.Phone, &s.PhoneE164, &s.Email, &s.Archived); err != nil {
			return nil, err
		}
		var err error
		if s.DateOfBirth, err = parseDate(dob); err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	return list, rows.Err()
}

// FindDuplicates returns other patients who may be the same person as p:
// same name and date of birth, same phone number (compared in
// international form, however it was typed), or same email address.
// Twins and families share details, so the caller asks rather than refuses.
func (s *Store) FindDuplicates(ctx context.Context, p data.Patient) ([]data.Duplicate, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	type rule struct {
		where  string
		args   []any
		reason string
	}
	var rules []rule
	if !p.DateOfBirth.IsZero() {
		rules = append(rules, rule{"p.name_key = ? AND p.date_of_birth = ?",
			[]any{nameKey(p.FirstName, p.LastName), nullDate(p.DateOfBirth)}, "same name and date of birth"})
	}
	country, err := clinicCountry(ctx, tx)
	if err != nil {
		return nil, s.readError(err)
	}
	if e := data.PhoneE164(p.Phone, country); e != "" {
		rules = append(rules, rule{"p.phone_e164 = ?", []any{e}, "same phone number"})
	}
	if e := emailKey(p.Email); e != "" {
		rules = append(rules, rule{"p.email_key = ?", []any{e}, "same email address"})
	}
	var found []data.Duplicate
	seen := map[int64]bool{p.ID: true}
	for _, r := range rules {
		rows, err := tx.QueryContext(ctx, "SELECT "+summaryColumns+" FROM patients p WHERE "+r.where+
			" ORDER BY p.archived_at IS NOT NULL, p.name_key LIMIT 10", r.args...)
		if err != nil {
			return nil, s.readError(err)
		}
		list, err := scanSummaries(rows)
		if err != nil {
			return nil, s.readError(err)
		}
		for _, m := range list {
			if !seen[m.ID] {
				seen[m.ID] = true
				found = append(found, data.Duplicate{PatientSummary: m, Reason: r.reason})
			}
		}
	}
	return found, nil
}

// CountPatients returns how many active and archived patients are on file.
func (s *Store) CountPatients(ctx context.Context) (data.PatientCounts, error) {
	// Archived is counted as all less active: both counts then read an
	// index, where "archived_at IS NOT NULL" would read the whole table.
	var c data.PatientCounts
	if _, err := s.reader(); err != nil {
		return c, err
	}
	var all int
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM patients WHERE archived_at IS NULL),
		(SELECT count(*) FROM patients)`).Scan(&c.Active, &all)
	c.Archived = all - c.Active
	return c, s.readError(err)
}

// nameKey is the folded "last first" form used to sort and to match names.
func nameKey(first, last string) string {
	return data.Fold(strings.TrimSpace(last)) + " " + data.Fold(strings.TrimSpace(first))
}

func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// reverse returns the digits of a phone key back to front, so that an index
// on it finds numbers by their last digits.
func reverse(digits string) string {
	b := []byte(digits)
	slices.Reverse(b)
	return string(b)
}

// readError and writeError turn a database failure into a message a user
// can act on, keeping the cause for the log.
func (s *Store) readError(err error) error {
	if err == nil || data.ErrorCode(err) != data.EINTERNAL {
		return err
	}
	if s.pg && unreachable(err) {
		s.lostServer()
		return wrapf(err, data.EUNREACHABLE, "Cannot reach the clinic server%s, so this could not be read. Needlepoint keeps trying; try again in a moment.", serverHost(s.path))
	}
	if s.pg {
		return wrapf(err, data.EINTERNAL, "Cannot read the database %s: %s", s.path, pgErrorText(err))
	}
	return wrapf(err, openErrorCode(err), "Cannot read the database %s: %s", s.path, openErrorText(err))
}

func (s *Store) writeError(err error) error {
	if err == nil || data.ErrorCode(err) != data.EINTERNAL {
		return err
	}
	if s.pg && unreachable(err) {
		s.lostServer()
		return wrapf(err, data.EUNREACHABLE, "Cannot reach the clinic server%s: nothing was saved. What you typed is still here; save again once the server answers.", serverHost(s.path))
	}
	if isUniqueViolation(err) {
		return wrapf(err, data.ECONFLICT, "This record already exists.")
	}
	if isTriggerAbort(err) {
		return wrapf(err, data.ELOCKED, "This record is signed and locked; it cannot be changed or removed.")
	}
	switch pgCode(err) {
	case pgExclusionViolation:
		return wrapf(err, data.ECONFLICT, "That time was booked for the practitioner or the room a moment ago, on another computer. Nothing was saved; choose another time.")
	case pgSerialization, pgDeadlock:
		return wrapf(err, data.ECONFLICT, "Another computer saved at the same moment, so nothing was saved. Try again.")
	case pgLockNotAvailable:
		return wrapf(err, data.ECONFLICT, "Another computer has been saving this record for a while, so nothing was saved. Try again in a moment.")
	case pgInsufficientPrivilege:
		return wrapf(err, data.EFORBIDDEN, "The server does not let the role this PC signs in as do this, so nothing was saved. An administrator can, with Needlepoint started on the address of the role that owns the database (postgres://OWNER@SERVER/DATABASE).")
	}
	if s.pg {
		return wrapf(err, data.EINTERNAL, "Nothing was saved: %s", pgErrorText(err))
	}
	return wrapf(err, openErrorCode(err), "Nothing was saved: %s", openErrorText(err))
}
