package data

import (
	"slices"
	"time"
)

// Fields of the consultation and addendum forms.
const (
	FieldConsultedOn     = "consulted_on"
	FieldPractitioner    = "practitioner"
	FieldConcerns        = "concerns"
	FieldGoals           = "goals"
	FieldSkinCondition   = "skin_condition"
	FieldAreas           = "areas"
	FieldPlannedSessions = "planned_sessions"
	FieldIntervalWeeks   = "interval_weeks"
	FieldDepthRange      = "depth_range"
	FieldNotes           = "notes"
	FieldAddendumReason  = "addendum_reason"
	FieldAddendumText    = "addendum_text"
)

// Limits on a treatment plan.
const (
	MaxPlannedSessions = 20
	MaxIntervalWeeks   = 26
)

// Consultation is a practitioner's assessment of a patient and the
// treatment plan they recommend. It is a draft until signed; a signed
// consultation is locked and corrected only by addenda.
type Consultation struct {
	ID             int64
	PatientID      int64
	ConsultedOn    time.Time // calendar date
	PractitionerID int64
	// Concerns are the patient's reasons for coming, in the clinic's terms.
	Concerns      []Indication
	Goals         string
	SkinType      SkinType
	SkinCondition string
	Areas         []Area
	// The recommended plan: how many sessions, how far apart, how deep.
	PlannedSessions int
	IntervalWeeks   int
	DepthMin        Depth
	DepthMax        Depth
	Notes           string

	SignedAt  time.Time // zero while a draft
	SignedBy  int64
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int64

	Addenda []Addendum
}

// Signed reports whether the consultation is signed and so locked.
func (c *Consultation) Signed() bool { return !c.SignedAt.IsZero() }

// Addendum is a correction or addition to a signed note. It keeps the
// original intact and records who wrote it, when and why.
type Addendum struct {
	ID         int64
	AuthorID   int64
	AuthorName string
	WrittenAt  time.Time
	Reason     string
	Text       string
}

// Validate checks a consultation against the clinic's rules as of today.
func (c *Consultation) Validate(today time.Time) error {
	var v Validator
	switch {
	case c.ConsultedOn.IsZero():
		v.Add(FieldConsultedOn, "Enter the date of the consultation.")
	case c.ConsultedOn.After(DateOf(today)):
		v.Add(FieldConsultedOn, "The consultation date cannot be in the future.")
	}
	if c.PractitionerID == 0 {
		v.Add(FieldPractitioner, "Choose the practitioner who held the consultation.")
	}
	for _, i := range c.Concerns {
		if !slices.Contains(Indications, i) {
			v.Add(FieldConcerns, "Unknown concern "+string(i)+".")
			break
		}
	}
	for _, a := range c.Areas {
		if !slices.Contains(Areas, a) {
			v.Add(FieldAreas, "Unknown treatment area "+string(a)+".")
			break
		}
	}
	if c.SkinType < 0 || c.SkinType > 6 {
		v.Add(FieldSkinType, "Skin type must be Fitzpatrick I to VI, or not assessed.")
	}
	if c.PlannedSessions < 0 || c.PlannedSessions > MaxPlannedSessions {
		v.Add(FieldPlannedSessions, "Plan between 1 and 20 sessions, or leave the plan empty.")
	}
	if c.IntervalWeeks < 0 || c.IntervalWeeks > MaxIntervalWeeks {
		v.Add(FieldIntervalWeeks, "The interval between sessions should be 1 to 26 weeks.")
	}
	switch {
	case c.DepthMin == 0 && c.DepthMax == 0:
	case c.DepthMin < MinDepth || c.DepthMax > MaxDepth:
		v.Add(FieldDepthRange, "Planned depths must be between "+MinDepth.String()+" and "+MaxDepth.String()+".")
	case c.DepthMin > c.DepthMax:
		v.Add(FieldDepthRange, "The smallest planned depth is larger than the largest.")
	}
	v.Text(FieldGoals, "Goals", c.Goals, MaxNotesLength, true)
	v.Text(FieldSkinCondition, "Skin condition", c.SkinCondition, MaxNotesLength, true)
	v.Text(FieldNotes, "Notes", c.Notes, MaxNotesLength, true)
	return v.Err()
}
