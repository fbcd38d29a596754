package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// ClinicRules are the clinic's settings for the check. Sources disagree on
// the waits, so each clinic sets its own; the defaults follow the package documentation.
type ClinicRules struct {
	IsotretinoinWaitMonths    int // after the last oral dose
	TopicalRetinoidWaitDays   int // after the last use
	BotulinumToxinWaitMonths  int // after an injection in the area
	FillerOrSurgeryWaitMonths int // after a filler or surgery in the area
	RadiationWaitMonths       int // after the last radiation therapy
	// PostpartumWaitWeeks is counted from the due date, the only date of
	// the birth a screening holds.
	PostpartumWaitWeeks int
	// ScreeningValidMonths is how long a screening holds before the
	// practitioner must re-confirm it with the patient.
	ScreeningValidMonths int
}

// Field names of the clinic rules, used in FieldError and as the keys under
// which the rules are stored in the settings.
const (
	FieldIsotretinoinWaitMonths    = "isotretinoin_wait_months"
	FieldTopicalRetinoidWaitDays   = "topical_retinoid_wait_days"
	FieldBotulinumToxinWaitMonths  = "botulinum_toxin_wait_months"
	FieldFillerOrSurgeryWaitMonths = "filler_or_surgery_wait_months"
	FieldRadiationWaitMonths       = "radiation_wait_months"
	FieldPostpartumWaitWeeks       = "postpartum_wait_weeks"
	FieldScreeningValidMonths      = "screening_valid_months"
)

// DefaultClinicRules returns the waits of the package documentation: isotretinoin 6 months,
// topical retinoids 5 days, botulinum toxin 3 months, fillers or surgery 12
// months, radiation 12 months, and screenings valid for 6 months. The 6
// weeks after a birth are the usual postnatal check.
func DefaultClinicRules() ClinicRules {
	return ClinicRules{
		IsotretinoinWaitMonths:    6,
		TopicalRetinoidWaitDays:   5,
		BotulinumToxinWaitMonths:  3,
		FillerOrSurgeryWaitMonths: 12,
		RadiationWaitMonths:       12,
		PostpartumWaitWeeks:       6,
		ScreeningValidMonths:      6,
	}
}

// clinicRule describes one setting of ClinicRules: its key, its words on
// the settings screen and the range a clinic may choose from.
type clinicRule struct {
	key, label, unit string
	min, max         int
	value            *int
}

func (r *ClinicRules) settings() []clinicRule {
	return []clinicRule{
		{FieldIsotretinoinWaitMonths, "Wait after isotretinoin", "months", 0, 24, &r.IsotretinoinWaitMonths},
		{FieldTopicalRetinoidWaitDays, "Wait after a topical retinoid", "days", 0, 60, &r.TopicalRetinoidWaitDays},
		{FieldBotulinumToxinWaitMonths, "Wait after botulinum toxin", "months", 0, 12, &r.BotulinumToxinWaitMonths},
		{FieldFillerOrSurgeryWaitMonths, "Wait after fillers or surgery", "months", 0, 36, &r.FillerOrSurgeryWaitMonths},
		{FieldRadiationWaitMonths, "Wait after radiation therapy", "months", 0, 60, &r.RadiationWaitMonths},
		{FieldPostpartumWaitWeeks, "Wait after the birth", "weeks", 0, 52, &r.PostpartumWaitWeeks},
		{FieldScreeningValidMonths, "Screening valid for", "months", 1, 24, &r.ScreeningValidMonths},
	}
}

func (c clinicRule) problem(n int) string {
	if n < c.min || n > c.max {
		return fmt.Sprintf("%s must be from %d to %d %s.", c.label, c.min, c.max, c.unit)
	}
	return ""
}

// Validate checks that every wait is within a sane range and returns an
// *Error listing each problem, or nil.
func (r ClinicRules) Validate() error {
	var v validator
	for _, c := range r.settings() {
		if msg := c.problem(*c.value); msg != "" {
			v.add(c.key, msg)
		}
	}
	return v.err()
}

// ClinicRules returns the clinic's settings for the contraindication check,
// with the default for every setting the clinic has not changed. A stored
// value that is not a whole number in range (only possible if the file was
// edited by another program) is refused with a message naming the setting,
// rather than quietly replaced; SaveClinicRules writes every setting, so
// saving the settings screen repairs it.
func (s *Store) ClinicRules(ctx context.Context) (ClinicRules, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return ClinicRules{}, err
	}
	defer tx.Rollback()
	r, err := readClinicRules(ctx, tx)
	return r, s.readError(err)
}

func readClinicRules(ctx context.Context, tx *sql.Tx) (ClinicRules, error) {
	stored, err := readSettings(ctx, tx)
	if err != nil {
		return ClinicRules{}, err
	}
	r := DefaultClinicRules()
	for _, c := range r.settings() {
		text, ok := stored[c.key]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(text)
		if err != nil || c.problem(n) != "" {
			return ClinicRules{}, Errorf(EINVALID, "The clinic setting %q holds %q, which is not a number from %d to %d. Open the settings, check the contraindication waits and save them again.",
				c.label, text, c.min, c.max)
		}
		*c.value = n
	}
	return r, nil
}

// readSettings returns every stored setting by key.
func readSettings(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := map[string]string{}
	for rows.Next() {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return nil, err
		}
		stored[key] = value
	}
	return stored, rows.Err()
}

// SaveClinicRules validates r and stores it as the clinic's settings for the
// contraindication check. Every setting is written, defaults included, so
// a later change of a default does not change the clinic's rules unasked.
func (s *Store) SaveClinicRules(ctx context.Context, r ClinicRules) error {
	a, err := s.allow(ctx, PermSettings, 0)
	if err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.writeError(err)
	}
	defer tx.Rollback()
	old, err := readSettings(ctx, tx)
	if err != nil {
		return s.writeError(err)
	}
	var changed []string
	for _, c := range r.settings() {
		value := strconv.Itoa(*c.value)
		if old[c.key] != value {
			changed = append(changed, fmt.Sprintf("%s: %s", c.label, value))
		}
		if err := saveSetting(ctx, tx, c.key, value); err != nil {
			return s.writeError(err)
		}
	}
	e := Audit{Action: ActionSettingChanged, Subject: "contraindication rules", Detail: strings.Join(changed, "; ")}
	if err := s.audit(ctx, tx, a, e); err != nil {
		return s.writeError(err)
	}
	return s.writeError(tx.Commit())
}

func saveSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
