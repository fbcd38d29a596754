package data

import (
	"context"
	"slices"
	"strings"
)

// ViewPatient returns a patient's record for reading on screen, and writes
// to the audit trail that the signed-in user opened it. Lists and look-ups
// that only show a name use Patient and are not audited.
func (s *Store) ViewPatient(ctx context.Context, id int64) (Patient, error) {
	a, err := s.reader()
	if err != nil {
		return Patient{}, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Patient{}, s.writeError(err)
	}
	defer tx.Rollback()
	p, err := findPatient(ctx, tx, id)
	if err != nil {
		return Patient{}, s.readError(err)
	}
	if err := s.audit(ctx, tx, a, Audit{Action: ActionViewed, PatientID: id, Subject: "patient record"}); err != nil {
		return Patient{}, s.writeError(err)
	}
	return p, s.writeError(tx.Commit())
}

// changedFields names the fields that differ between two versions of a
// patient, as the audit trail lists them: "phone, allergies". The values
// stay out of the trail, which must not become a second copy of the record.
func changedFields(old, p Patient) string {
	var names []string
	for _, f := range []struct {
		name string
		same bool
	}{
		{FieldFirstName, old.FirstName == p.FirstName},
		{FieldLastName, old.LastName == p.LastName},
		{FieldPreferredName, old.PreferredName == p.PreferredName},
		{FieldDateOfBirth, old.DateOfBirth.Equal(p.DateOfBirth)},
		{FieldSex, old.Sex == p.Sex},
		{FieldPhone, old.Phone == p.Phone},
		{FieldEmail, old.Email == p.Email},
		{FieldAddress, old.Address == p.Address},
		{FieldSkinType, old.SkinType == p.SkinType},
		{FieldAllergies, old.Allergies == p.Allergies},
		{FieldMedications, old.Medications == p.Medications},
		{FieldMedicalNotes, old.MedicalNotes == p.MedicalNotes},
		{FieldEmergencyContactName, old.EmergencyContactName == p.EmergencyContactName},
		{FieldEmergencyContactPhone, old.EmergencyContactPhone == p.EmergencyContactPhone},
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
