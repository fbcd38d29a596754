package data

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on patient fields: generous enough for any real record, bounded so
// one paste cannot fill the disk or break a printout.
const (
	MaxNameLength    = 100
	MaxAddressLength = 500
	MaxEmailLength   = 254
	MaxPhoneLength   = 32
	MaxNotesLength   = 10000
	MaxReasonLength  = 1000
	MaxAgeYears      = 120
	AdultAgeYears    = 18
)

// Field names used in FieldError, one per input on the patient form.
const (
	FieldFirstName             = "first_name"
	FieldLastName              = "last_name"
	FieldPreferredName         = "preferred_name"
	FieldDateOfBirth           = "date_of_birth"
	FieldSex                   = "sex"
	FieldPhone                 = "phone"
	FieldEmail                 = "email"
	FieldAddress               = "address"
	FieldSkinType              = "skin_type"
	FieldAllergies             = "allergies"
	FieldMedications           = "medications"
	FieldMedicalNotes          = "medical_notes"
	FieldEmergencyContactName  = "emergency_contact_name"
	FieldEmergencyContactPhone = "emergency_contact_phone"
	FieldArchiveReason         = "archive_reason"
)

// Sex is the patient's sex as recorded at registration; empty when not given.
type Sex string

// Recorded values of Sex.
const (
	SexUnknown Sex = ""
	SexFemale  Sex = "female"
	SexMale    Sex = "male"
	SexOther   Sex = "other"
)

// Sexes lists the values a form offers, "not given" first.
var Sexes = []Sex{SexUnknown, SexFemale, SexMale, SexOther}

// Label returns the word a form shows for s.
func (s Sex) Label() string {
	switch s {
	case SexFemale:
		return "Female"
	case SexMale:
		return "Male"
	case SexOther:
		return "Other"
	}
	return "Not given"
}

// SkinType is the Fitzpatrick skin type, 1 (I) to 6 (VI); 0 means not yet
// assessed. It guides needle depth and the risk of pigmentation after
// treatment.
type SkinType int

// Label returns the Roman numeral for t, or "Not assessed".
func (t SkinType) Label() string {
	if t < 1 || t > 6 {
		return "Not assessed"
	}
	return [...]string{"I", "II", "III", "IV", "V", "VI"}[t-1]
}

// Patient is a person registered with the clinic. Records are never deleted:
// a patient who leaves is archived, with the reason.
type Patient struct {
	ID            int64
	FirstName     string
	LastName      string
	PreferredName string
	// DateOfBirth is a calendar date at midnight UTC; zero when unknown.
	DateOfBirth time.Time
	Sex         Sex
	// Phone is the number as typed; PhoneE164 the same number in
	// international form, which the store sets on saving and compares
	// numbers by (empty when there is no number or it could not be read).
	Phone                 string
	PhoneE164             string
	Email                 string
	Address               string
	SkinType              SkinType
	Allergies             string
	Medications           string
	MedicalNotes          string
	EmergencyContactName  string
	EmergencyContactPhone string
	// EmergencyContactPhoneE164 is EmergencyContactPhone as PhoneE164 is
	// Phone.
	EmergencyContactPhoneE164 string
	ReminderConsent           bool

	CreatedAt     time.Time
	UpdatedAt     time.Time
	ArchivedAt    time.Time // zero while the patient is active
	ArchiveReason string
	// Version increases with every saved change; an update carrying an older
	// version is refused so one desk cannot overwrite another's edit.
	Version int64
}

// FullName returns the name as the patient writes it, with the preferred
// name in brackets when there is one.
func (p *Patient) FullName() string {
	name := strings.TrimSpace(p.FirstName + " " + p.LastName)
	if p.PreferredName != "" && p.PreferredName != p.FirstName {
		name += " (" + p.PreferredName + ")"
	}
	return name
}

// Archived reports whether the patient has been archived.
func (p *Patient) Archived() bool { return !p.ArchivedAt.IsZero() }

// AgeOn returns the patient's age in whole years on the given day, and false
// when the date of birth is unknown.
func (p *Patient) AgeOn(day time.Time) (int, bool) {
	if p.DateOfBirth.IsZero() {
		return 0, false
	}
	y1, m1, d1 := p.DateOfBirth.Date()
	y2, m2, d2 := day.Date()
	age := y2 - y1
	if m2 < m1 || (m2 == m1 && d2 < d1) {
		age--
	}
	return age, true
}

// IsMinorOn reports whether the patient is under 18 on day, when treatment
// needs a guardian's consent.
func (p *Patient) IsMinorOn(day time.Time) bool {
	age, ok := p.AgeOn(day)
	return ok && age < AdultAgeYears
}

// Validate checks every field against the clinic's rules as of today, with
// phone numbers read as dialled in the clinic's country, and returns an
// *Error listing each problem, or nil.
func (p *Patient) Validate(today time.Time, country string) error {
	var v Validator
	v.Name(FieldFirstName, "First name", p.FirstName, true)
	v.Name(FieldLastName, "Last name", p.LastName, true)
	v.Name(FieldPreferredName, "Preferred name", p.PreferredName, false)
	v.dateOfBirth(p.DateOfBirth, today)
	switch p.Sex {
	case SexUnknown, SexFemale, SexMale, SexOther:
	default:
		v.Add(FieldSex, "Choose female, male, other, or leave sex blank.")
	}
	v.phone(FieldPhone, "Phone number", p.Phone, country)
	v.email(p.Email)
	v.Text(FieldAddress, "Address", p.Address, MaxAddressLength, true)
	if p.SkinType < 0 || p.SkinType > 6 {
		v.Add(FieldSkinType, "Skin type must be Fitzpatrick I to VI, or not assessed.")
	}
	v.Text(FieldAllergies, "Allergies", p.Allergies, MaxNotesLength, true)
	v.Text(FieldMedications, "Current medications", p.Medications, MaxNotesLength, true)
	v.Text(FieldMedicalNotes, "Medical notes", p.MedicalNotes, MaxNotesLength, true)
	v.Text(FieldEmergencyContactName, "Emergency contact name", p.EmergencyContactName, MaxNameLength*2, false)
	v.phone(FieldEmergencyContactPhone, "Emergency contact phone", p.EmergencyContactPhone, country)
	return v.Err()
}

// Validator collects field problems so a form can show them all at once.
type Validator struct{ fields []FieldError }

// Add records a problem with field.
func (v *Validator) Add(field, msg string) {
	v.fields = append(v.fields, FieldError{Field: field, Message: msg})
}

// Err returns the problems as one validation error, nil when there are
// none. The first problem is the message; every one is in Fields.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	msg := v.fields[0].Message
	if len(v.fields) > 1 {
		msg = "Please correct the highlighted fields: " + msg
	}
	return &Error{Code: EINVALID, Message: msg, Fields: v.fields}
}

// text checks encoding, control characters and length; multiline fields may
// hold line breaks and tabs.
func (v *Validator) Text(field, label, s string, max int, multiline bool) bool {
	if !utf8.ValidString(s) {
		v.Add(field, label+" contains characters that cannot be stored. Please retype it.")
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			if multiline {
				v.Add(field, label+" contains an invisible control character. Please retype it.")
			} else {
				v.Add(field, label+" must be on one line, without tabs or invisible characters.")
			}
			return false
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		v.Add(field, label+" is too long: "+strconv.Itoa(n)+" characters, at most "+strconv.Itoa(max)+" are allowed.")
		return false
	}
	return true
}

func (v *Validator) Name(field, label, s string, required bool) {
	if strings.TrimSpace(s) == "" {
		if required {
			v.Add(field, label+" is required.")
		} else if s != "" {
			v.Add(field, label+" cannot be only spaces.")
		}
		return
	}
	if !v.Text(field, label, s, MaxNameLength, false) {
		return
	}
	if s != strings.TrimSpace(s) {
		v.Add(field, label+" has spaces at the start or end.")
		return
	}
	if !strings.ContainsFunc(s, unicode.IsLetter) {
		v.Add(field, label+" must contain at least one letter.")
	}
}

func (v *Validator) dateOfBirth(dob, today time.Time) {
	if dob.IsZero() {
		return
	}
	day := DateOf(today)
	switch {
	case dob.After(day):
		v.Add(FieldDateOfBirth, "Date of birth cannot be in the future.")
	case dob.Before(day.AddDate(-MaxAgeYears, 0, 0)):
		v.Add(FieldDateOfBirth, "Date of birth is more than "+strconv.Itoa(MaxAgeYears)+" years ago. Please check the year.")
	}
}

func (v *Validator) email(s string) {
	if s == "" || !v.Text(FieldEmail, "Email", s, MaxEmailLength, false) {
		return
	}
	addr, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	if err != nil || addr.Address != s || at < 1 || !strings.Contains(s[at+1:], ".") {
		v.Add(FieldEmail, "Email address doesn't look right; it should look like name@example.com.")
	}
}

// PhoneDigits returns only the digits of a phone number, the form a number
// is searched by its first or last digits in.
func PhoneDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// PatientSummary is the part of a patient shown in lists and search results.
type PatientSummary struct {
	ID            int64
	FirstName     string
	LastName      string
	PreferredName string
	DateOfBirth   time.Time
	Phone         string
	PhoneE164     string
	Email         string
	Archived      bool
}

// FullName returns the name as the patient writes it, with the preferred
// name in brackets when there is one.
func (s *PatientSummary) FullName() string {
	p := Patient{FirstName: s.FirstName, LastName: s.LastName, PreferredName: s.PreferredName}
	return p.FullName()
}

// Summary returns the list form of p.
func (p *Patient) Summary() PatientSummary {
	return PatientSummary{
		ID: p.ID, FirstName: p.FirstName, LastName: p.LastName, PreferredName: p.PreferredName,
		DateOfBirth: p.DateOfBirth, Phone: p.Phone, PhoneE164: p.PhoneE164, Email: p.Email, Archived: p.Archived(),
	}
}

// Duplicate is an existing patient who may be the same person as one being
// registered or edited, with the reason in the receptionist's words.
type Duplicate struct {
	PatientSummary
	Reason string
}

// PatientCounts is how many patients the clinic has on file.
type PatientCounts struct {
	Active   int
	Archived int
}

// SearchLimit is how many patients a search returns at most.
const SearchLimit = 50

// letterFolds spells out letters that Unicode does not decompose into a base
// letter and an accent, so "lukasz" still finds Łukasz.
var letterFolds = map[rune]string{
	'ł': "l", 'ø': "o", 'đ': "d", 'ß': "ss", 'æ': "ae", 'œ': "oe",
	'ı': "i", 'þ': "th", 'ð': "d", 'ħ': "h", 'ŀ': "l",
}

// Fold lower-cases s and strips accents, the form names are compared and
// searched in: Fold("Zoë Łukasz") == "zoe lukasz". Letters of other scripts
// keep their own alphabet.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := letterFolds[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}
