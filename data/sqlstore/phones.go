package sqlstore

import (
	"context"
	"database/sql"

	"needlepoint/data"
)

// fillPhoneE164 completes 0018_phone_e164.sql: it reads the phone numbers
// of the patients already on file with the clinic's country and stores
// their international forms. A number that cannot be read keeps an empty
// one, and is compared by its digits in search only.
func (s *Store) fillPhoneE164(ctx context.Context, tx *sql.Tx) error {
	country, err := clinicCountry(ctx, tx)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, phone, emergency_contact_phone FROM patients
		WHERE phone <> '' OR emergency_contact_phone <> '' ORDER BY id`)
	if err != nil {
		return err
	}
	var filled []data.Patient
	for rows.Next() {
		var p data.Patient
		if err := rows.Scan(&p.ID, &p.Phone, &p.EmergencyContactPhone); err != nil {
			rows.Close()
			return err
		}
		setE164(&p, country)
		if p.PhoneE164 != "" || p.EmergencyContactPhoneE164 != "" {
			filled = append(filled, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	update, err := tx.PrepareContext(ctx, `UPDATE patients SET phone_e164 = ?, emergency_contact_phone_e164 = ?
		WHERE id = ?`)
	if err != nil {
		return err
	}
	defer update.Close()
	for _, p := range filled {
		if _, err := update.ExecContext(ctx, p.PhoneE164, p.EmergencyContactPhoneE164, p.ID); err != nil {
			return err
		}
	}
	return nil
}
