package data

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ConsentKind is what a consent form is for: a treatment, or photos.
type ConsentKind string

// Consent kinds. Every treatment series is microneedling, so a session
// needs the microneedling consent.
const (
	ConsentMicroneedling ConsentKind = "microneedling"
	ConsentPhotos        ConsentKind = "photos"
)

// ConsentKinds lists the kinds of form a clinic keeps.
var ConsentKinds = []ConsentKind{ConsentMicroneedling, ConsentPhotos}

// Label names the kind in a list: "Microneedling", "Photographs".
func (k ConsentKind) Label() string {
	switch k {
	case ConsentMicroneedling:
		return "Microneedling"
	case ConsentPhotos:
		return "Photographs"
	}
	return string(k)
}

// ParseConsentKind returns the kind named s, or an *Error.
func ParseConsentKind(s string) (ConsentKind, error) {
	for _, k := range ConsentKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Errorf(EINVALID, "There is no consent form for %q; choose microneedling or photos.", s)
}

// Limits of a consent form's text.
const (
	MaxConsentTitle        = 200
	MaxConsentBody         = 50000
	MaxConsentConfirmation = 500
	MaxConsentReason       = 2000
)

// Field names of consent forms, for FieldError.
const (
	FieldConsentTitle         = "consent_title"
	FieldConsentBody          = "consent_body"
	FieldConsentConfirmations = "consent_confirmations"
	FieldPatientSignature     = "patient_signature"
	FieldWitnessSignature     = "witness_signature"
	FieldConsentReason        = "consent_reason"
	FieldPhotoScope           = "photo_scope"
)

// ConsentTemplate is one version of a consent form's text. A new wording
// is a new version; versions are kept for ever, so a signed consent always
// shows the words its patient read. Version 0 is the form Needlepoint
// ships, until the clinic saves its own or a patient signs it.
type ConsentTemplate struct {
	ID      int64
	Kind    ConsentKind
	Version int
	Title   string
	Body    string
	// Confirmations are the statements the patient ticks one by one, such
	// as "I am not pregnant or breastfeeding".
	Confirmations []string
	CreatedBy     string
	CreatedAt     time.Time
}

// Validate checks the form's kind, title, text and statements.
func (t *ConsentTemplate) Validate() error {
	var v Validator
	if _, err := ParseConsentKind(string(t.Kind)); err != nil {
		v.Add(FieldConsentTitle, ErrorMessage(err))
	}
	if strings.TrimSpace(t.Title) == "" {
		v.Add(FieldConsentTitle, "Give the form a title.")
	} else {
		v.Text(FieldConsentTitle, "The title", t.Title, MaxConsentTitle, false)
	}
	if strings.TrimSpace(t.Body) == "" {
		v.Add(FieldConsentBody, "Write the text the patient reads before signing.")
	} else {
		v.Text(FieldConsentBody, "The form's text", t.Body, MaxConsentBody, true)
	}
	for i, c := range t.Confirmations {
		label := fmt.Sprintf("Statement %d", i+1)
		if strings.TrimSpace(c) == "" {
			v.Add(FieldConsentConfirmations, label+" is empty; remove the empty line.")
			break
		}
		if !v.Text(FieldConsentConfirmations, label, c, MaxConsentConfirmation, false) {
			break
		}
	}
	return v.Err()
}

// ConsentParagraph is one line of a form's text: a heading or a paragraph.
type ConsentParagraph struct {
	Text    string
	Heading bool
}

// maxConsentHeading is the longest line, in characters, read as a heading.
const maxConsentHeading = 80

// Paragraphs reads the form's text as the screen and the printed form show
// it: each line a paragraph, and a short line with no full stop or other
// closing mark a heading.
func (t ConsentTemplate) Paragraphs() []ConsentParagraph {
	var list []ConsentParagraph
	for _, line := range strings.Split(strings.ReplaceAll(t.Body, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(line)
		heading := utf8.RuneCountInString(line) <= maxConsentHeading && !strings.ContainsRune(".:;,!?", last)
		list = append(list, ConsentParagraph{Text: line, Heading: heading})
	}
	return list
}

// Point is a point of a signature in the pad's own units, from its top
// left corner.
type Point struct{ X, Y float32 }

// Stroke is one line of a signature, drawn without lifting the pen.
type Stroke []Point

// Signature is a signature as drawn: its strokes, and the image made of
// them (a PNG) that is shown and printed.
type Signature struct {
	Strokes []Stroke
	Image   []byte
}

// MaxSignaturePoints bounds a signature, so a stuck pen cannot fill the
// record.
const MaxSignaturePoints = 20000

// minSignatureSpan is how far, in pad units, a signature must reach across
// or down: a tap or a dot is not a signature.
const minSignatureSpan = 20

// Empty reports whether nothing that looks like a signature was drawn.
func (s Signature) Empty() bool {
	var (
		n                      int
		minX, minY, maxX, maxY float32
	)
	for _, st := range s.Strokes {
		for _, p := range st {
			if n == 0 || p.X < minX {
				minX = p.X
			}
			if n == 0 || p.Y < minY {
				minY = p.Y
			}
			if n == 0 || p.X > maxX {
				maxX = p.X
			}
			if n == 0 || p.Y > maxY {
				maxY = p.Y
			}
			n++
		}
	}
	return n < 2 || (maxX-minX < minSignatureSpan && maxY-minY < minSignatureSpan)
}

func (v *Validator) signature(field, who string, s Signature) {
	points := 0
	for _, st := range s.Strokes {
		points += len(st)
	}
	switch {
	case s.Empty():
		v.Add(field, who+" has not signed yet: sign in the box with the mouse, a finger or a stylus.")
	case points > MaxSignaturePoints:
		v.Add(field, who+"'s signature is too long to keep; clear it and sign again.")
	case len(s.Image) == 0:
		v.Add(field, who+"'s signature has no image; clear it and sign again.")
	}
}

// Consent is a consent form signed by a patient and witnessed by a
// practitioner. It is sealed once signed: it can be withdrawn, with a date
// and reason, but never changed.
type Consent struct {
	ID        int64
	PatientID int64
	// Template is the exact version of the form that was signed.
	Template ConsentTemplate
	// Confirmed has one tick per statement of the template.
	Confirmed []bool
	// PhotoScope is what the patient allows photos to be used for, on a
	// photo consent form; it becomes the patient's photo consent.
	PhotoScope      PhotoConsentScope
	Patient         Signature
	PatientSignedAt time.Time
	WitnessID       int64
	WitnessName     string
	Witness         Signature
	WitnessSignedAt time.Time
	WithdrawnAt     time.Time
	WithdrawnBy     string
	WithdrawnReason string
}

// Withdrawn reports whether the consent was withdrawn.
func (c Consent) Withdrawn() bool { return !c.WithdrawnAt.IsZero() }

// Validate checks that every statement is ticked, the scope of a photo
// consent is chosen, and both people signed.
func (c *Consent) Validate() error {
	var v Validator
	if len(c.Confirmed) != len(c.Template.Confirmations) {
		v.Add(FieldConsentConfirmations, "The form changed while it was open; close it and take consent again.")
	}
	for i, ok := range c.Confirmed {
		if !ok && i < len(c.Template.Confirmations) {
			v.Add(FieldConsentConfirmations, "Each statement must be ticked before signing. If the patient cannot confirm one — \""+
				c.Template.Confirmations[i]+"\" — do not sign: the practitioner talks it through first.")
			break
		}
	}
	if c.Template.Kind == ConsentPhotos && (c.PhotoScope == "" || c.PhotoScope == PhotoConsentNone) {
		v.Add(FieldPhotoScope, "Choose what the patient allows photos to be used for.")
	}
	v.signature(FieldPatientSignature, "The patient", c.Patient)
	v.signature(FieldWitnessSignature, "The witness", c.Witness)
	return v.Err()
}

// ConsentState is where a patient stands on a kind of consent on a day.
type ConsentState string

// Consent states.
const (
	ConsentValid     ConsentState = "valid"
	ConsentMissing   ConsentState = "missing"
	ConsentWithdrawn ConsentState = "withdrawn"
	ConsentExpired   ConsentState = "expired"
)

// ConsentStatus is the outcome of looking for a patient's consent: the
// state and the consent it rests on (none when missing).
type ConsentStatus struct {
	Kind    ConsentKind
	State   ConsentState
	Consent Consent
	Expires time.Time // the first day the consent no longer holds
}

// ConsentStatusOn returns the patient's standing on consents of kind on
// day, from all their consents: the newest signed on or before that day
// holds for validMonths, unless it was withdrawn by then.
func ConsentStatusOn(list []Consent, kind ConsentKind, day time.Time, validMonths int) ConsentStatus {
	st := ConsentStatus{Kind: kind, State: ConsentMissing}
	day = DateOf(day)
	found := false
	for _, c := range list {
		signed := DateOf(c.PatientSignedAt)
		if c.Template.Kind != kind || signed.After(day) {
			continue
		}
		if found && !c.PatientSignedAt.After(st.Consent.PatientSignedAt) {
			continue
		}
		found, st.Consent = true, c
	}
	if !found {
		return st
	}
	st.Expires = DateOf(st.Consent.PatientSignedAt).AddDate(0, validMonths, 0)
	switch {
	case st.Consent.Withdrawn() && !DateOf(st.Consent.WithdrawnAt).After(day):
		st.State = ConsentWithdrawn
	case !day.Before(st.Expires):
		st.State = ConsentExpired
	default:
		st.State = ConsentValid
	}
	return st
}

// OK reports whether treatment may go ahead on this consent.
func (st ConsentStatus) OK() bool { return st.State == ConsentValid }

// Headline says the state in a few words for a badge: "Consent valid to 3
// Mar 2027", "Consent needed".
func (st ConsentStatus) Headline() string {
	switch st.State {
	case ConsentValid:
		return "Consent valid to " + st.Expires.AddDate(0, 0, -1).Format("2 Jan 2006")
	case ConsentWithdrawn:
		return "Consent withdrawn"
	case ConsentExpired:
		return "Consent expired"
	}
	return "Consent needed"
}

// Message says the state in a sentence, with when the consent was signed.
func (st ConsentStatus) Message() string {
	what := strings.ToLower(st.Kind.Label())
	signed := longDate(st.Consent.PatientSignedAt)
	switch st.State {
	case ConsentValid:
		return fmt.Sprintf("Consent to %s signed on %s, valid until %s.", what, signed, longDate(st.Expires.AddDate(0, 0, -1)))
	case ConsentWithdrawn:
		return fmt.Sprintf("The patient withdrew their consent to %s on %s (%s). Take consent again before treatment.",
			what, longDate(st.Consent.WithdrawnAt), strings.TrimRight(strings.TrimSpace(st.Consent.WithdrawnReason), "."))
	case ConsentExpired:
		return fmt.Sprintf("Consent to %s signed on %s expired on %s. Take consent again before treatment.",
			what, signed, longDate(st.Expires))
	}
	return fmt.Sprintf("There is no signed consent to %s for this patient. Take consent before treatment.", what)
}

// Err returns nil when treatment may go ahead, and otherwise an *Error
// with code ENOCONSENT that says why.
func (st ConsentStatus) Err() error {
	if st.OK() {
		return nil
	}
	return &Error{Code: ENOCONSENT, Message: st.Message()}
}

// ValidateWithdrawal checks the reason given for withdrawing a consent.
func ValidateWithdrawal(reason string) error {
	var v Validator
	if strings.TrimSpace(reason) == "" {
		v.Add(FieldConsentReason, "Say why the consent is withdrawn, in the patient's words if you can.")
	} else {
		v.Text(FieldConsentReason, "The reason", reason, MaxConsentReason, true)
	}
	return v.Err()
}
