package data

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"strings"
)

// Fields of the clinic details form, also the keys of the settings table.
const (
	FieldClinicName          = "clinic_name"
	FieldClinicAddress       = "clinic_address"
	FieldClinicPhone         = "clinic_phone"
	FieldClinicLogo          = "clinic_logo"
	FieldPaperSize           = "paper_size"
	FieldAftercareTemplate   = "aftercare_template"
	FieldRecommendedProducts = "recommended_products"
	FieldOutOfHours          = "out_of_hours"
)

// Paper sizes for printed handouts.
const (
	PaperA4     = "A4"
	PaperLetter = "Letter"
)

// MaxLogoBytes bounds the clinic logo kept in the database.
const MaxLogoBytes = 512 << 10

// ClinicDetails is what the clinic prints on its handouts: who it is, how
// to reach it, its paper, the aftercare text it gives patients (empty for
// the built-in text), the products it recommends, one per line, what a
// patient should do when the clinic is closed, and its downtime guide.
type ClinicDetails struct {
	Name                string
	Address             string
	Phone               string
	Logo                []byte // PNG; empty for none
	PaperSize           string
	AftercareTemplate   string
	RecommendedProducts string
	// OutOfHours is the advice for when the clinic is closed; empty for
	// DefaultOutOfHours.
	OutOfHours    string
	DowntimeGuide DowntimeGuide // never empty once read
}

// DefaultOutOfHours is the out-of-hours advice a clinic starts with. It
// names no number, since the right one differs by country.
const DefaultOutOfHours = "When we are closed and you are worried, call your doctor's out-of-hours service or a pharmacist. " +
	"Call the emergency number at once if your face, lips or throat swell or you find it hard to breathe."

// Validate checks the clinic details.
func (d *ClinicDetails) Validate() error {
	var v validator
	v.text(FieldClinicName, "The clinic's name", d.Name, MaxNameLength*2, false)
	v.text(FieldClinicAddress, "The address", d.Address, MaxAddressLength, true)
	v.phone(FieldClinicPhone, "The clinic's phone number", d.Phone)
	switch {
	case len(d.Logo) > MaxLogoBytes:
		v.add(FieldClinicLogo, "The logo is too large; choose a PNG under 512 KB.")
	case len(d.Logo) > 0 && !strings.HasPrefix(string(d.Logo), "\x89PNG\r\n\x1a\n"):
		v.add(FieldClinicLogo, "The logo must be a PNG image.")
	}
	if d.PaperSize != PaperA4 && d.PaperSize != PaperLetter {
		v.add(FieldPaperSize, "Choose A4 or US Letter paper.")
	}
	v.text(FieldAftercareTemplate, "The aftercare text", d.AftercareTemplate, MaxNotesLength*2, true)
	v.text(FieldRecommendedProducts, "The recommended products", d.RecommendedProducts, MaxNotesLength, true)
	v.text(FieldOutOfHours, "The out-of-hours advice", d.OutOfHours, MaxNotesLength, true)
	if err := d.DowntimeGuide.Validate(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			v.fields = append(v.fields, e.Fields...)
		}
	}
	return v.err()
}

// ClinicDetails returns the clinic's details; a new database has none yet
// and prints on A4.
func (s *Store) ClinicDetails(ctx context.Context) (ClinicDetails, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return ClinicDetails{}, err
	}
	defer tx.Rollback()
	m, err := readSettings(ctx, tx)
	if err != nil {
		return ClinicDetails{}, s.readError(err)
	}
	d := ClinicDetails{
		Name: m[FieldClinicName], Address: m[FieldClinicAddress], Phone: m[FieldClinicPhone],
		PaperSize: m[FieldPaperSize], AftercareTemplate: m[FieldAftercareTemplate],
		RecommendedProducts: m[FieldRecommendedProducts], OutOfHours: m[FieldOutOfHours],
	}
	if d.DowntimeGuide, err = ParseDowntimeGuide(m[FieldDowntimeGuide]); err != nil {
		return d, wrapf(err, EINVALID, "The stored downtime guide is damaged; open the clinic details, check the guide and save it again.")
	}
	if d.PaperSize == "" {
		d.PaperSize = PaperA4
	}
	if logo := m[FieldClinicLogo]; logo != "" {
		if d.Logo, err = base64.StdEncoding.DecodeString(logo); err != nil {
			return d, wrapf(err, EINVALID, "The stored clinic logo is damaged; choose the logo again in the clinic details.")
		}
	}
	return d, nil
}

// SaveClinicDetails validates and stores the clinic's details.
func (s *Store) SaveClinicDetails(ctx context.Context, d ClinicDetails) error {
	a, err := s.allow(ctx, PermSettings, 0)
	if err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.writeError(err)
	}
	defer tx.Rollback()
	if err := saveClinicDetails(ctx, tx, d); err != nil {
		return s.writeError(err)
	}
	if err := s.audit(ctx, tx, a, Audit{Action: ActionSettingChanged, Subject: "clinic details and handouts"}); err != nil {
		return s.writeError(err)
	}
	return s.writeError(tx.Commit())
}

func saveClinicDetails(ctx context.Context, tx *sql.Tx, d ClinicDetails) error {
	for key, value := range map[string]string{
		FieldClinicName: d.Name, FieldClinicAddress: d.Address, FieldClinicPhone: d.Phone,
		FieldClinicLogo: base64.StdEncoding.EncodeToString(d.Logo), FieldPaperSize: d.PaperSize,
		FieldAftercareTemplate: d.AftercareTemplate, FieldRecommendedProducts: d.RecommendedProducts,
		FieldOutOfHours: d.OutOfHours, FieldDowntimeGuide: guideSetting(d.DowntimeGuide),
	} {
		if err := saveSetting(ctx, tx, key, value); err != nil {
			return err
		}
	}
	return nil
}

// guideSetting is the guide as stored: empty while it is the default, so
// that a clinic that never changed it follows a better default later.
func guideSetting(g DowntimeGuide) string {
	if len(g) == 0 || g.String() == DefaultDowntimeGuide().String() {
		return ""
	}
	return g.String()
}
