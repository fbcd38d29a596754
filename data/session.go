package data

import (
	"slices"
	"strings"
	"time"
)

// Fields of the session form.
const (
	FieldPerformedAt     = "performed_at"
	FieldSessionAreas    = "session_areas"
	FieldNumbingTimes    = "numbing_times"
	FieldCartridgeExpiry = "cartridge_expiry"
	FieldComfort         = "comfort"
	FieldDuration        = "duration"
	FieldOverrideReason  = "override_reason"
	FieldDepthReason     = "depth_reason"
	FieldSessionText     = "session_text"
)

// Limits on what a session records.
const (
	MaxPasses          = 10
	MaxComfort         = 10
	MaxSessionMinutes  = 600
	MaxSessionTextSize = 200 // device, products, lots, endpoint
)

// Session is one microneedling treatment in a series, as the practitioner
// logged it. It is a draft until signed; a signed session is locked and
// corrected only by addenda.
type Session struct {
	ID             int64
	SeriesID       int64
	PatientID      int64 // from the series; read only
	PerformedAt    time.Time
	PractitionerID int64

	// Check is the contraindication check for the session date. The store
	// runs it itself when the session is logged or changed; what a form
	// puts here is ignored.
	Check CheckResult
	// OverrideReason is a practitioner's written reason to treat in spite
	// of a contraindication; OverrideBy is that practitioner.
	OverrideReason string
	OverrideBy     int64

	NumbingProduct string
	NumbingApplied time.Time
	NumbingRemoved time.Time

	Device          string
	CartridgeLot    string
	CartridgeExpiry time.Time // calendar date
	Product         string    // serum or other product applied
	ProductLot      string

	Areas []SessionArea
	// DepthReason is the practitioner's written reason for a depth outside
	// the manufacturer's guide for its area (DepthWarnings); empty when
	// every depth is within the guide.
	DepthReason string

	Endpoint string // e.g. even redness, pinpoint bleeding
	Reaction string // immediate reaction
	// Comfort is how the patient rated the treatment, 0 (no discomfort) to
	// 10 (worst imaginable).
	Comfort         int
	DurationMinutes int // 0 when not recorded
	Notes           string

	SignedAt  time.Time // zero while a draft
	SignedBy  int64
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int64

	Addenda []Addendum

	// Diary is what logging the session does in the diary; see
	// SessionDiary.
	Diary SessionDiary
}

// SessionArea is one area treated in a session: how deep and how many
// passes.
type SessionArea struct {
	Area   Area
	Depth  Depth
	Passes int
}

// Signed reports whether the session is signed and so locked.
func (s *Session) Signed() bool { return !s.SignedAt.IsZero() }

// Day returns the calendar day of the session.
func (s *Session) Day() time.Time { return DateOf(s.PerformedAt) }

// Validate checks a session against the clinic's rules as of today. An
// expired needle cartridge is refused; a depth outside the manufacturer's
// guide (DepthWarnings) needs a written reason: the practitioner decides,
// and says why.
func (s *Session) Validate(today time.Time) error {
	var v Validator
	switch {
	case s.PerformedAt.IsZero():
		v.Add(FieldPerformedAt, "Enter the date and time of the session.")
	case s.Day().After(DateOf(today)):
		v.Add(FieldPerformedAt, "The session date cannot be in the future.")
	}
	if s.PractitionerID == 0 {
		v.Add(FieldPractitioner, "Choose the practitioner who performed the session.")
	}
	if !s.CartridgeExpiry.IsZero() && !s.PerformedAt.IsZero() && s.Day().After(DateOf(s.CartridgeExpiry)) {
		v.Add(FieldCartridgeExpiry, "The needle cartridge expired on "+s.CartridgeExpiry.Format("2 Jan 2006")+"; use a new cartridge.")
	}
	switch {
	case s.NumbingRemoved.IsZero():
	case s.NumbingApplied.IsZero():
		v.Add(FieldNumbingTimes, "Enter when the numbing cream was applied, or clear the time it was removed.")
	case !s.NumbingRemoved.After(s.NumbingApplied):
		v.Add(FieldNumbingTimes, "The numbing cream must be removed after it was applied.")
	}
	if s.Comfort < 0 || s.Comfort > MaxComfort {
		v.Add(FieldComfort, "Comfort is rated from 0 (none) to 10 (worst imaginable).")
	}
	if s.DurationMinutes < 0 || s.DurationMinutes > MaxSessionMinutes {
		v.Add(FieldDuration, "The duration should be between 1 and 600 minutes, or left empty.")
	}
	v.sessionAreas(s.Areas)
	if w := s.DepthWarnings(); len(w) > 0 && strings.TrimSpace(s.DepthReason) == "" {
		v.Add(FieldDepthReason, strings.Join(w, " ")+" Write why you go outside the manufacturer's guide.")
	}
	for _, f := range []struct{ label, value string }{
		{"Numbing cream", s.NumbingProduct}, {"Device", s.Device}, {"Cartridge lot", s.CartridgeLot},
		{"Product", s.Product}, {"Product lot", s.ProductLot}, {"Endpoint", s.Endpoint},
	} {
		v.Text(FieldSessionText, f.label, f.value, MaxSessionTextSize, false)
	}
	v.Text(FieldSessionText, "Reaction", s.Reaction, MaxNotesLength, true)
	v.Text(FieldNotes, "Notes", s.Notes, MaxNotesLength, true)
	v.Text(FieldOverrideReason, "The override reason", s.OverrideReason, MaxReasonLength, true)
	v.Text(FieldDepthReason, "The reason for the depth", s.DepthReason, MaxReasonLength, true)
	return v.Err()
}

func (v *Validator) sessionAreas(areas []SessionArea) {
	if len(areas) == 0 {
		v.Add(FieldSessionAreas, "Add at least one treated area.")
		return
	}
	seen := map[Area]bool{}
	for _, a := range areas {
		switch {
		case !slices.Contains(Areas, a.Area):
			v.Add(FieldSessionAreas, "Unknown treatment area "+string(a.Area)+".")
		case seen[a.Area]:
			v.Add(FieldSessionAreas, a.Area.Label()+" is listed twice.")
		case a.Depth < MinDepth || a.Depth > MaxDepth:
			v.Add(FieldSessionAreas, a.Area.Label()+": the depth must be between "+MinDepth.String()+" and "+MaxDepth.String()+".")
		case a.Passes < 1 || a.Passes > MaxPasses:
			v.Add(FieldSessionAreas, a.Area.Label()+": passes must be between 1 and 10.")
		default:
			seen[a.Area] = true
			continue
		}
		return
	}
}

// DepthWarnings lists, in plain words, each treated area whose depth is
// outside the manufacturer's guide for that area. The practitioner decides,
// with a written reason (DepthReason).
func (s *Session) DepthWarnings() []string {
	var list []string
	for _, a := range s.Areas {
		lo, hi, ok := DepthGuide(a.Area)
		switch {
		case !ok:
		case a.Depth < lo:
			list = append(list, a.Area.Label()+" at "+a.Depth.String()+" is shallower than the guide for that area ("+guideRange(lo, hi)+").")
		case a.Depth > hi:
			list = append(list, a.Area.Label()+" at "+a.Depth.String()+" is deeper than the guide for that area ("+guideRange(lo, hi)+").")
		}
	}
	return list
}

// guideRange writes a guide range as "0.25–0.75 mm".
func guideRange(lo, hi Depth) string {
	return strings.TrimSuffix(lo.String(), " mm") + "–" + hi.String()
}

// MinLotPart is the shortest part of a lot, not counting spaces and
// dashes, that is looked for inside lots; a shorter one must be the whole
// lot, or "2" would list most of the clinic.
const MinLotPart = 3

// LotUse is one session in which a cartridge or product lot was used, for a
// manufacturer's recall, with what the desk needs to reach the patient.
type LotUse struct {
	PatientID   int64
	PatientName string
	DateOfBirth time.Time // zero when not recorded
	Phone       string
	PhoneE164   string // the phone in international form, "" when unread
	SessionID   int64
	PerformedAt time.Time
	Which       string // "cartridge" or "product"
	Lot         string // as recorded in the session
}

// How far back and how many needle-cartridge lots the session form offers.
const (
	RecentLotDays = 90
	MaxRecentLots = 10
)

// RecentLot is a needle-cartridge lot the clinic used lately, offered when
// logging a session so a lot from the box on the trolley is picked rather
// than typed.
type RecentLot struct {
	Lot      string
	Expiry   time.Time // calendar date; zero when not recorded
	LastUsed time.Time
}

// LotKey is the form lots are compared in: capitals, without spaces and
// dashes, so "dp4 2612c" and "DP4–2612C" are the lot DP4-2612C. Only the
// letters a to z change case, as in the database's key columns
// (migration 0014), which must give the same key.
func LotKey(lot string) string {
	var b strings.Builder
	b.Grow(len(lot))
	for _, r := range lot {
		switch {
		case r == ' ' || r == '\u00a0' || r == '-' || r == '\u2013' || r == '\u2014':
			continue
		case 'a' <= r && r <= 'z':
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
