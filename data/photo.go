package data

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Fields of the photo forms.
const (
	FieldPhotoAngle = "photo_angle"
	FieldPhotoArea  = "photo_area"
	FieldPhotoLink  = "photo_link"
	FieldHideReason = "hide_reason"
	FieldPhotoImage = "photo_image"
)

// MaxPhotoAreaName is the longest name of a close-up's area, in letters.
const MaxPhotoAreaName = 60

// PhotoAngle is the standard view a clinical photo is taken from, so that
// photos of different sessions compare like with like, or a named area
// for a close-up.
type PhotoAngle string

// Standard views (J Cutan Aesthet Surg 2016;9(2):115–21) and the close-up
// of a named area.
const (
	AngleFront   PhotoAngle = "front"
	AngleLeft45  PhotoAngle = "left45"
	AngleLeft90  PhotoAngle = "left90"
	AngleRight45 PhotoAngle = "right45"
	AngleRight90 PhotoAngle = "right90"
	AngleArea    PhotoAngle = "area"
)

// PhotoAngles lists the angles in the order a photo set is shown.
var PhotoAngles = []PhotoAngle{AngleFront, AngleLeft45, AngleLeft90, AngleRight45, AngleRight90, AngleArea}

// Label returns the angle as staff call it.
func (a PhotoAngle) Label() string {
	switch a {
	case AngleFront:
		return "Front"
	case AngleLeft45:
		return "Left 45°"
	case AngleLeft90:
		return "Left 90°"
	case AngleRight45:
		return "Right 45°"
	case AngleRight90:
		return "Right 90°"
	case AngleArea:
		return "Named area"
	}
	return string(a)
}

// ParsePhotoAngle reads an angle by its code ("left45") or its label
// ("Left 45°"), in any case.
func ParsePhotoAngle(s string) (PhotoAngle, error) {
	s = strings.TrimSpace(s)
	for _, a := range PhotoAngles {
		if strings.EqualFold(s, string(a)) || strings.EqualFold(s, a.Label()) {
			return a, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not an angle. Use front, left45, left90, right45, right90 or area (with the area's name).", s)
}

// PhotoConsentScope is how far a patient lets their photos be used. Each
// scope includes those before it: training use includes the clinical
// record, marketing includes training.
type PhotoConsentScope string

// Photo consent scopes, from none to the widest.
const (
	PhotoConsentNone      PhotoConsentScope = "none"
	PhotoConsentRecord    PhotoConsentScope = "record"
	PhotoConsentTraining  PhotoConsentScope = "training"
	PhotoConsentMarketing PhotoConsentScope = "marketing"
)

// PhotoConsentScopes lists the scopes from none to the widest.
var PhotoConsentScopes = []PhotoConsentScope{PhotoConsentNone, PhotoConsentRecord, PhotoConsentTraining, PhotoConsentMarketing}

// Label says what the scope allows.
func (s PhotoConsentScope) Label() string {
	switch s {
	case PhotoConsentNone:
		return "No photos"
	case PhotoConsentRecord:
		return "Clinical record only"
	case PhotoConsentTraining:
		return "Clinical record and training"
	case PhotoConsentMarketing:
		return "Clinical record, training and marketing"
	}
	return string(s)
}

// ParsePhotoConsentScope reads a scope by its code ("training").
func ParsePhotoConsentScope(s string) (PhotoConsentScope, error) {
	for _, c := range PhotoConsentScopes {
		if strings.EqualFold(strings.TrimSpace(s), string(c)) {
			return c, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a photo consent. Use none, record, training or marketing.", s)
}

func (s PhotoConsentScope) rank() int {
	for i, c := range PhotoConsentScopes {
		if c == s {
			return i
		}
	}
	return 0
}

// PhotoConsent is the patient's consent to photos in force, with who
// recorded it and when. A patient with none on file has PhotoConsentNone.
type PhotoConsent struct {
	PatientID  int64
	Scope      PhotoConsentScope
	RecordedBy string
	RecordedAt time.Time
}

// PhotoUse is what photos are taken out of the record for.
type PhotoUse string

// Uses of exported photos: the patient's own copy needs no consent beyond
// the record's; training and marketing each need their own.
const (
	UsePatientCopy PhotoUse = "patient"
	UseTraining    PhotoUse = "training"
	UseMarketing   PhotoUse = "marketing"
)

// ParsePhotoUse reads a use by its code ("patient", "training", "marketing").
func ParsePhotoUse(s string) (PhotoUse, error) {
	for _, u := range []PhotoUse{UsePatientCopy, UseTraining, UseMarketing} {
		if strings.EqualFold(strings.TrimSpace(s), string(u)) {
			return u, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a use of photos. Use patient (the patient's own copy), training or marketing.", s)
}

// Label names the use in a sentence.
func (u PhotoUse) Label() string {
	switch u {
	case UsePatientCopy:
		return "the patient's own copy"
	case UseTraining:
		return "training"
	case UseMarketing:
		return "marketing"
	}
	return string(u)
}

// AllowsRecord refuses, as EFORBIDDEN, adding photos to the record of a
// patient who has not consented to photos for it.
func (c PhotoConsent) AllowsRecord() error {
	if c.Scope.rank() >= PhotoConsentRecord.rank() {
		return nil
	}
	return Errorf(EFORBIDDEN, "Photos cannot be added: the patient has not consented to photos for their clinical record. Record their photo consent first.")
}

// AllowsExport refuses, as EFORBIDDEN, photos taken out for a use the
// patient has not consented to. Their own copy is always theirs.
func (c PhotoConsent) AllowsExport(u PhotoUse) error {
	need := map[PhotoUse]PhotoConsentScope{UseTraining: PhotoConsentTraining, UseMarketing: PhotoConsentMarketing}[u]
	if u == UsePatientCopy || need != "" && c.Scope.rank() >= need.rank() {
		return nil
	}
	return Errorf(EFORBIDDEN, "These photos cannot be exported for %s: the patient's photo consent is “%s”. Only their own copy can be exported.", u.Label(), c.Scope.Label())
}

// Photo is one clinical photo in a patient's record, taken at a session
// or, for the baseline, at a consultation. It is never deleted: a photo
// taken by mistake is hidden, with the reason. The image was turned
// upright and stripped of the camera's metadata when it was imported.
type Photo struct {
	ID             int64
	PatientID      int64 // from the session or consultation; read only
	SeriesID       int64 // from the session; read only, 0 for a consultation's
	SessionID      int64
	ConsultationID int64
	Angle          PhotoAngle
	Area           string    // the area's name, when Angle is AngleArea
	TakenAt        time.Time // the camera's time; zero when the file had none
	// VisitDate is when the session was performed or the consultation
	// held; read only.
	VisitDate     time.Time
	Width, Height int

	ImportedBy string
	ImportedAt time.Time

	HiddenAt     time.Time // zero while shown
	HiddenBy     string
	HiddenReason string

	Thumbnail []byte // JPEG, the long edge about 240 pixels
	Image     []byte // JPEG; empty in lists, read with the store's PhotoImage
}

// Hidden reports whether the photo was hidden from the record.
func (p Photo) Hidden() bool { return !p.HiddenAt.IsZero() }

// AngleLabel names the photo's view, with the area for a close-up.
func (p Photo) AngleLabel() string {
	if p.Angle == AngleArea {
		return p.Area
	}
	return p.Angle.Label()
}

// Validate checks a photo about to be imported.
func (p *Photo) Validate() error {
	var v Validator
	p.Area = strings.TrimSpace(p.Area)
	switch {
	case p.Angle == AngleArea && p.Area == "":
		v.Add(FieldPhotoArea, "Name the area the close-up shows.")
	case p.Angle != AngleArea && p.Area != "":
		v.Add(FieldPhotoArea, "Only a close-up has an area's name; choose “Named area” as the angle.")
	case len([]rune(p.Area)) > MaxPhotoAreaName:
		v.Add(FieldPhotoArea, "The area's name is too long.")
	}
	if _, err := ParsePhotoAngle(string(p.Angle)); err != nil {
		v.Add(FieldPhotoAngle, "Choose the angle the photo was taken from.")
	}
	if (p.SessionID == 0) == (p.ConsultationID == 0) {
		v.Add(FieldPhotoLink, "A photo belongs to one session or one consultation.")
	}
	if len(p.Image) == 0 || len(p.Thumbnail) == 0 || p.Width <= 0 || p.Height <= 0 {
		v.Add(FieldPhotoImage, "The photo has no image.")
	}
	return v.Err()
}

// SortPhotos puts photos in the order a record shows them: by visit, the
// oldest first, and within a visit by angle, then as imported.
func SortPhotos(list []Photo) {
	angle := func(a PhotoAngle) int { return slices.Index(PhotoAngles, a) }
	slices.SortStableFunc(list, func(a, b Photo) int {
		return cmp.Or(a.VisitDate.Compare(b.VisitDate),
			cmp.Compare(a.SessionID, b.SessionID), cmp.Compare(a.ConsultationID, b.ConsultationID),
			cmp.Compare(angle(a.Angle), angle(b.Angle)), strings.Compare(a.Area, b.Area), cmp.Compare(a.ID, b.ID))
	})
}
