package data

import (
	"errors"
	"fmt"
	"strings"
)

// Fields of the clinic details form, also the keys of the settings table.
const (
	FieldClinicName          = "clinic_name"
	FieldClinicAddress       = "clinic_address"
	FieldClinicPhone         = "clinic_phone"
	FieldClinicCountry       = "clinic_country"
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
// to reach it, the country its phone numbers are dialled in, its paper, the aftercare text it gives patients (empty for
// the built-in text), the products it recommends, one per line, what a
// patient should do when the clinic is closed, and its downtime guide.
type ClinicDetails struct {
	Name    string
	Address string
	Phone   string
	// Country is the ISO 3166 code (e.g. "GB") of the country the clinic
	// is in: a phone number typed without a country code is read as
	// dialled there, and shown in its national format. Empty means
	// DefaultCountry.
	Country             string
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
	var v Validator
	v.Text(FieldClinicName, "The clinic's name", d.Name, MaxNameLength*2, false)
	v.Text(FieldClinicAddress, "The address", d.Address, MaxAddressLength, true)
	if d.Country == "" || KnownCountry(d.Country) {
		v.phone(FieldClinicPhone, "The clinic's phone number", d.Phone, d.Country)
	} else {
		v.Add(FieldClinicCountry, "Choose the country the clinic is in from the list.")
	}
	switch {
	case len(d.Logo) > MaxLogoBytes:
		v.Add(FieldClinicLogo, "The logo is too large; choose a PNG under 512 KB.")
	case len(d.Logo) > 0 && !strings.HasPrefix(string(d.Logo), "\x89PNG\r\n\x1a\n"):
		v.Add(FieldClinicLogo, "The logo must be a PNG image.")
	}
	if d.PaperSize != PaperA4 && d.PaperSize != PaperLetter {
		v.Add(FieldPaperSize, "Choose A4 or US Letter paper.")
	}
	v.Text(FieldAftercareTemplate, "The aftercare text", d.AftercareTemplate, MaxNotesLength*2, true)
	v.Text(FieldRecommendedProducts, "The recommended products", d.RecommendedProducts, MaxNotesLength, true)
	v.Text(FieldOutOfHours, "The out-of-hours advice", d.OutOfHours, MaxNotesLength, true)
	if err := d.DowntimeGuide.Validate(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			v.fields = append(v.fields, e.Fields...)
		}
	}
	return v.Err()
}

// ClinicIdentity tells one clinic's records from another's: a random
// number made when the database is first opened, and the clinic's name.
type ClinicIdentity struct {
	ID   string
	Name string
}

// String names the clinic as a message does: "Clinique du Parc (a3f09c2e…)".
func (c ClinicIdentity) String() string {
	name := c.Name
	if name == "" {
		name = "a clinic with no name set"
	}
	if len(c.ID) > 8 {
		return fmt.Sprintf("%s (%s…)", name, c.ID[:8])
	}
	return name
}

// IsOtherClinic reports whether err is Restore's refusal of another
// clinic's backup.
func IsOtherClinic(err error) bool { return errors.Is(err, ErrOtherClinic) }

var ErrOtherClinic = errors.New("backup of another clinic")
