package data

import (
	"strconv"
	"strings"
	"time"
)

// Field names used in FieldError, one per input on the screening form.
const (
	FieldScreenedOn           = "screened_on"
	FieldScreeningRecordedBy  = "recorded_by"
	FieldIndications          = "indications"
	FieldPregnancyDueDate     = "pregnancy_due_date"
	FieldLastIsotretinoinDose = "last_isotretinoin_dose"
	FieldLastRadiationTherapy = "last_radiation_therapy"
	FieldLastTopicalRetinoid  = "last_topical_retinoid"
	FieldLastBotulinumToxin   = "last_botulinum_toxin"
	FieldLastFillerOrSurgery  = "last_filler_or_surgery"
	FieldScreeningNotes       = "screening_notes"
)

// Limits on the pregnancy due date, counted from the screening date: a
// pregnancy lasts about ten months from the last period, and a due date
// a few weeks past is an overdue pregnancy rather than a typing slip.
const (
	MaxDueDateMonthsAhead = 10
	MaxDueDateWeeksPast   = 4
)

// Indication is a reason a patient comes for microneedling, as listed on
// the clinic's page. Several may apply to one patient.
type Indication string

// Indications the clinic treats.
const (
	IndicationAcneScars         Indication = "acne_scars"
	IndicationHyperpigmentation Indication = "hyperpigmentation"
	IndicationRosacea           Indication = "rosacea"
	IndicationFineLines         Indication = "fine_lines"
	IndicationLargePores        Indication = "large_pores"
	IndicationScars             Indication = "scars"
	IndicationReducedElasticity Indication = "reduced_elasticity"
	IndicationUnevenSkinTone    Indication = "uneven_skin_tone"
	IndicationStretchMarks      Indication = "stretch_marks"
)

// Indications lists every indication in the order the screening form shows
// them, which is the order of the clinic's page.
var Indications = []Indication{
	IndicationAcneScars,
	IndicationHyperpigmentation,
	IndicationRosacea,
	IndicationFineLines,
	IndicationLargePores,
	IndicationScars,
	IndicationReducedElasticity,
	IndicationUnevenSkinTone,
	IndicationStretchMarks,
}

// Label returns the words the form shows for i, or the raw value when i is
// not one of the known indications.
func (i Indication) Label() string {
	switch i {
	case IndicationAcneScars:
		return "Acne scars"
	case IndicationHyperpigmentation:
		return "Age spots or sunspots (hyperpigmentation)"
	case IndicationRosacea:
		return "Rosacea"
	case IndicationFineLines:
		return "Fine lines and wrinkles"
	case IndicationLargePores:
		return "Large, visible pores"
	case IndicationScars:
		return "Traumatic or surgical scars (including burn scars)"
	case IndicationReducedElasticity:
		return "Reduced skin elasticity (sagging skin)"
	case IndicationUnevenSkinTone:
		return "Uneven skin tone"
	case IndicationStretchMarks:
		return "Stretch marks"
	}
	return string(i)
}

// Screening is the medical questionnaire a practitioner goes through with a
// patient before treatment. A screening is never changed: a new one
// supersedes it, and the old one stays on file.
//
// The answers describe the patient on ScreenedOn. Findings on the skin
// (open wounds, infection, acne, psoriasis or eczema) are about the area to
// be treated. Dates are calendar dates at midnight UTC; a zero date means
// never, or not known to the patient. Check turns a screening into a
// decision for a given session date.
type Screening struct {
	ID        int64
	PatientID int64
	// ScreenedOn is the day the questions were asked.
	ScreenedOn  time.Time
	RecordedBy  string
	Indications []Indication

	// Pregnant is true when the patient was pregnant on ScreenedOn;
	// PregnancyDueDate is the expected date of birth, when known.
	Pregnant         bool
	PregnancyDueDate time.Time

	AutoimmuneCondition  bool
	PsoriasisOrEczema    bool // psoriasis, eczema or a similar skin disease active in the area
	OpenWounds           bool // in the area
	ActiveInfection      bool // bacterial, viral or fungal, in the area
	ActiveAcne           bool // in the area
	KeloidHistory        bool
	Anticoagulants       bool // warfarin, heparin, daily aspirin and the like
	BleedingDisorder     bool
	UncontrolledDiabetes bool
	Immunosuppressed     bool // immunosuppressants, chemotherapy, high-dose steroids
	ColdSores            bool // history of herpes simplex
	MetalAllergy         bool // stainless steel, which the needles are made of
	NumbingAgentAllergy  bool

	// TakingIsotretinoin is true while the patient is still taking oral
	// isotretinoin; the wait only starts at the last dose.
	TakingIsotretinoin   bool
	LastIsotretinoinDose time.Time
	LastRadiationTherapy time.Time
	// UsesTopicalRetinoid is true when the patient uses a retinoid cream
	// regularly, so every session needs it stopped beforehand.
	UsesTopicalRetinoid bool
	LastTopicalRetinoid time.Time
	LastBotulinumToxin  time.Time // in the area
	LastFillerOrSurgery time.Time // filler or surgery in the area

	Notes     string
	CreatedAt time.Time
}

// Validate checks the screening as it is about to be recorded today and
// returns an *Error listing each problem, or nil.
func (s *Screening) Validate(today time.Time) error {
	var v Validator
	day := DateOf(today)
	// asOf is the day the answers describe; past events cannot come after it.
	asOf := day
	switch {
	case s.ScreenedOn.IsZero():
		v.Add(FieldScreenedOn, "Screening date is required.")
	case s.ScreenedOn.After(day):
		v.Add(FieldScreenedOn, "Screening date cannot be in the future.")
	case s.ScreenedOn.Before(day.AddDate(-MaxAgeYears, 0, 0)):
		v.Add(FieldScreenedOn, "Screening date is more than "+strconv.Itoa(MaxAgeYears)+" years ago. Please check the year.")
	default:
		asOf = DateOf(s.ScreenedOn)
	}
	if strings.TrimSpace(s.RecordedBy) == "" {
		v.Add(FieldScreeningRecordedBy, "Please enter who recorded the screening.")
	} else {
		v.Name(FieldScreeningRecordedBy, "Recorded by", s.RecordedBy, false)
	}
	v.indications(s.Indications)
	v.pastEvent(FieldLastIsotretinoinDose, "Last isotretinoin dose", s.LastIsotretinoinDose, asOf)
	v.pastEvent(FieldLastRadiationTherapy, "Last radiation therapy", s.LastRadiationTherapy, asOf)
	v.pastEvent(FieldLastTopicalRetinoid, "Last use of a topical retinoid", s.LastTopicalRetinoid, asOf)
	v.pastEvent(FieldLastBotulinumToxin, "Last botulinum toxin injection", s.LastBotulinumToxin, asOf)
	v.pastEvent(FieldLastFillerOrSurgery, "Last filler or surgery", s.LastFillerOrSurgery, asOf)
	v.dueDate(s.Pregnant, s.PregnancyDueDate, asOf)
	v.Text(FieldScreeningNotes, "Notes", s.Notes, MaxNotesLength, true)
	return v.Err()
}

func (v *Validator) indications(list []Indication) {
	seen := map[Indication]bool{}
	for _, i := range list {
		known := false
		for _, k := range Indications {
			known = known || i == k
		}
		switch {
		case !known:
			v.Add(FieldIndications, strconv.Quote(string(i))+" is not one of the clinic's indications. Choose from the list.")
			return
		case seen[i]:
			v.Add(FieldIndications, i.Label()+" is ticked twice.")
			return
		}
		seen[i] = true
	}
}

// pastEvent checks the date of something that happened before the
// screening; zero means never.
func (v *Validator) pastEvent(field, label string, d, asOf time.Time) {
	switch {
	case d.IsZero():
	case d.After(asOf):
		v.Add(field, label+" cannot be after the screening date.")
	case d.Before(asOf.AddDate(-MaxAgeYears, 0, 0)):
		v.Add(field, label+" is more than "+strconv.Itoa(MaxAgeYears)+" years ago. Please check the year.")
	}
}

func (v *Validator) dueDate(pregnant bool, due, asOf time.Time) {
	switch {
	case due.IsZero():
	case !pregnant:
		v.Add(FieldPregnancyDueDate, "A due date is filled in, but pregnancy is not ticked. Tick it or clear the date.")
	case due.After(asOf.AddDate(0, MaxDueDateMonthsAhead, 0)):
		v.Add(FieldPregnancyDueDate, "Due date is more than "+strconv.Itoa(MaxDueDateMonthsAhead)+" months after the screening date. Please check it.")
	case due.Before(asOf.AddDate(0, 0, -7*MaxDueDateWeeksPast)):
		v.Add(FieldPregnancyDueDate, "Due date is more than "+strconv.Itoa(MaxDueDateWeeksPast)+" weeks before the screening date. If the baby has been born, untick pregnancy.")
	}
}
