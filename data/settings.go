package data

import (
	"fmt"
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
	// ConsentValidMonths is how long a signed consent to treatment holds
	// before the patient signs again.
	ConsentValidMonths int
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
	FieldConsentValidMonths        = "consent_valid_months"
)

// DefaultClinicRules returns the waits of the package documentation: isotretinoin 6 months,
// topical retinoids 5 days, botulinum toxin 3 months, fillers or surgery 12
// months, radiation 12 months, screenings valid for 6 months and consents
// for 12. The 6 weeks after a birth are the usual postnatal check.
func DefaultClinicRules() ClinicRules {
	return ClinicRules{
		IsotretinoinWaitMonths:    6,
		TopicalRetinoidWaitDays:   5,
		BotulinumToxinWaitMonths:  3,
		FillerOrSurgeryWaitMonths: 12,
		RadiationWaitMonths:       12,
		PostpartumWaitWeeks:       6,
		ScreeningValidMonths:      6,
		ConsentValidMonths:        12,
	}
}

// ClinicRule describes one setting of ClinicRules: its key, its words on
// the settings screen and the range a clinic may choose from.
type ClinicRule struct {
	Key, Label, unit string
	Min, Max         int
	Value            *int
}

// Settings lists the clinic's rules, each with its key, its words and its
// bounds.
func (r *ClinicRules) Settings() []ClinicRule {
	return []ClinicRule{
		{FieldIsotretinoinWaitMonths, "Wait after isotretinoin", "months", 0, 24, &r.IsotretinoinWaitMonths},
		{FieldTopicalRetinoidWaitDays, "Wait after a topical retinoid", "days", 0, 60, &r.TopicalRetinoidWaitDays},
		{FieldBotulinumToxinWaitMonths, "Wait after botulinum toxin", "months", 0, 12, &r.BotulinumToxinWaitMonths},
		{FieldFillerOrSurgeryWaitMonths, "Wait after fillers or surgery", "months", 0, 36, &r.FillerOrSurgeryWaitMonths},
		{FieldRadiationWaitMonths, "Wait after radiation therapy", "months", 0, 60, &r.RadiationWaitMonths},
		{FieldPostpartumWaitWeeks, "Wait after the birth", "weeks", 0, 52, &r.PostpartumWaitWeeks},
		{FieldScreeningValidMonths, "Screening valid for", "months", 1, 24, &r.ScreeningValidMonths},
		{FieldConsentValidMonths, "Consent valid for", "months", 1, 60, &r.ConsentValidMonths},
	}
}

// Problem returns what is wrong with n as this rule's value, "" when
// nothing is.
func (c ClinicRule) Problem(n int) string {
	if n < c.Min || n > c.Max {
		return fmt.Sprintf("%s must be from %d to %d %s.", c.Label, c.Min, c.Max, c.unit)
	}
	return ""
}

// Validate checks that every wait is within a sane range and returns an
// *Error listing each problem, or nil.
func (r ClinicRules) Validate() error {
	var v Validator
	for _, c := range r.Settings() {
		if msg := c.Problem(*c.Value); msg != "" {
			v.Add(c.Key, msg)
		}
	}
	return v.Err()
}
