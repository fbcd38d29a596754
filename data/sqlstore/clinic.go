package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"

	"needlepoint/data"
)

// ClinicCountry returns the country the clinic is in, DefaultCountry until
// one is chosen. It is no patient's record, so it is read before anyone
// signs in: dates are written the clinic's way from the first screen.
func (s *Store) ClinicCountry(ctx context.Context) (string, error) {
	var country string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", data.FieldClinicCountry).Scan(&country)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && country == "") {
		return data.DefaultCountry, nil
	}
	return country, s.readError(err)
}

// ClinicDetails returns the clinic's details; a new database has none yet
// and prints on A4.
func (s *Store) ClinicDetails(ctx context.Context) (data.ClinicDetails, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.ClinicDetails{}, err
	}
	defer tx.Rollback()
	m, err := readSettings(ctx, tx)
	if err != nil {
		return data.ClinicDetails{}, s.readError(err)
	}
	d := data.ClinicDetails{
		Name: m[data.FieldClinicName], Address: m[data.FieldClinicAddress], Phone: m[data.FieldClinicPhone],
		Country:   m[data.FieldClinicCountry],
		PaperSize: m[data.FieldPaperSize], AftercareTemplate: m[data.FieldAftercareTemplate],
		RecommendedProducts: m[data.FieldRecommendedProducts], OutOfHours: m[data.FieldOutOfHours],
	}
	if d.DowntimeGuide, err = data.ParseDowntimeGuide(m[data.FieldDowntimeGuide]); err != nil {
		return d, wrapf(err, data.EINVALID, "The stored downtime guide is damaged; open the clinic details, check the guide and save it again.")
	}
	if d.PaperSize == "" {
		d.PaperSize = data.PaperA4
	}
	if d.Country == "" {
		d.Country = data.DefaultCountry
	}
	if logo := m[data.FieldClinicLogo]; logo != "" {
		if d.Logo, err = base64.StdEncoding.DecodeString(logo); err != nil {
			return d, wrapf(err, data.EINVALID, "The stored clinic logo is damaged; choose the logo again in the clinic details.")
		}
	}
	return d, nil
}

// SaveClinicDetails validates and stores the clinic's details.
func (s *Store) SaveClinicDetails(ctx context.Context, d data.ClinicDetails) error {
	a, err := s.allow(ctx, data.PermSettings, 0)
	if err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if err := saveClinicDetails(ctx, tx, d); err != nil {
			return s.writeError(err)
		}
		if err := s.audit(ctx, tx, a, data.Audit{Action: data.ActionSettingChanged, Subject: "clinic details and handouts"}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

func saveClinicDetails(ctx context.Context, tx *sql.Tx, d data.ClinicDetails) error {
	for key, value := range map[string]string{
		data.FieldClinicName: d.Name, data.FieldClinicAddress: d.Address, data.FieldClinicPhone: d.Phone,
		data.FieldClinicCountry: d.Country,
		data.FieldClinicLogo:    base64.StdEncoding.EncodeToString(d.Logo), data.FieldPaperSize: d.PaperSize,
		data.FieldAftercareTemplate: d.AftercareTemplate, data.FieldRecommendedProducts: d.RecommendedProducts,
		data.FieldOutOfHours: d.OutOfHours, data.FieldDowntimeGuide: guideSetting(d.DowntimeGuide),
	} {
		if err := saveSetting(ctx, tx, key, value); err != nil {
			return err
		}
	}
	return nil
}

// guideSetting is the guide as stored: empty while it is the default, so
// that a clinic that never changed it follows a better default later.
func guideSetting(g data.DowntimeGuide) string {
	if len(g) == 0 || g.String() == data.DefaultDowntimeGuide().String() {
		return ""
	}
	return g.String()
}

// clinicCountry returns the country the clinic's phone numbers are read
// in: DefaultCountry until the clinic details name one.
func clinicCountry(ctx context.Context, tx *sql.Tx) (string, error) {
	var country string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", data.FieldClinicCountry).Scan(&country)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && country == "") {
		return data.DefaultCountry, nil
	}
	return country, err
}
