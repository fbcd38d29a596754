package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"needlepoint/data"
)

// ViewPatient returns a patient's record for reading on screen, and writes
// to the audit trail that the signed-in user opened it. Lists and look-ups
// that only show a name use Patient and are not audited.
func (s *Store) ViewPatient(ctx context.Context, id int64) (data.Patient, error) {
	a, err := s.reader()
	if err != nil {
		return data.Patient{}, err
	}
	var p data.Patient
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		p, err = findPatient(ctx, tx, id)
		if err != nil {
			return s.readError(err)
		}
		if err := s.audit(ctx, tx, a, data.Audit{Action: data.ActionViewed, PatientID: id, Subject: "patient record"}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
	if err != nil {
		return data.Patient{}, err
	}
	return p, nil
}

// changedFields names the fields that differ between two versions of a
// patient, as the audit trail lists them: "phone, allergies". The values
// stay out of the trail, which must not become a second copy of the record.
func changedFields(old, p data.Patient) string {
	var names []string
	for _, f := range []struct {
		name string
		same bool
	}{
		{data.FieldFirstName, old.FirstName == p.FirstName},
		{data.FieldLastName, old.LastName == p.LastName},
		{data.FieldPreferredName, old.PreferredName == p.PreferredName},
		{data.FieldDateOfBirth, old.DateOfBirth.Equal(p.DateOfBirth)},
		{data.FieldSex, old.Sex == p.Sex},
		{data.FieldPhone, old.Phone == p.Phone},
		{data.FieldEmail, old.Email == p.Email},
		{data.FieldAddress, old.Address == p.Address},
		{data.FieldSkinType, old.SkinType == p.SkinType},
		{data.FieldAllergies, old.Allergies == p.Allergies},
		{data.FieldMedications, old.Medications == p.Medications},
		{data.FieldMedicalNotes, old.MedicalNotes == p.MedicalNotes},
		{data.FieldEmergencyContactName, old.EmergencyContactName == p.EmergencyContactName},
		{data.FieldEmergencyContactPhone, old.EmergencyContactPhone == p.EmergencyContactPhone},
		{"reminder_consent", old.ReminderConsent == p.ReminderConsent},
	} {
		if !f.same {
			names = append(names, strings.ReplaceAll(f.name, "_", " "))
		}
	}
	if len(names) == 0 {
		return "saved with no change"
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
