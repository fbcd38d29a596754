package data

import (
	"time"
)

// AuditAction is what an audit row records.
type AuditAction string

// Audited actions.
const (
	ActionViewed         AuditAction = "viewed"
	ActionCreated        AuditAction = "created"
	ActionChanged        AuditAction = "changed"
	ActionArchived       AuditAction = "archived"
	ActionRestored       AuditAction = "restored"
	ActionSigned         AuditAction = "signed"
	ActionAddendum       AuditAction = "addendum"
	ActionPrinted        AuditAction = "printed"
	ActionExported       AuditAction = "exported"
	ActionOverride       AuditAction = "override"
	ActionBooked         AuditAction = "booked"
	ActionCalled         AuditAction = "called"
	ActionSignedIn       AuditAction = "signed_in"
	ActionSignInFailed   AuditAction = "sign_in_failed"
	ActionSignedOut      AuditAction = "signed_out"
	ActionRoleChanged    AuditAction = "role_changed"
	ActionAccountChanged AuditAction = "account_changed"
	ActionSettingChanged AuditAction = "setting_changed"
	ActionBackedUp       AuditAction = "backed_up"
	ActionRestoredBackup AuditAction = "restored_backup"
	ActionRefused        AuditAction = "refused"
	ActionSealed         AuditAction = "sealed"
	ActionConfirmed      AuditAction = "confirmed"
	ActionSchemaAltered  AuditAction = "schema_altered"
	ActionSchemaRepaired AuditAction = "schema_repaired"
	ActionImported       AuditAction = "imported"
	ActionHidden         AuditAction = "hidden"
	ActionWithdrawn      AuditAction = "withdrawn"
)

// Changes reports whether an audit row with action a records a change to
// the records, which the screens of other computers must show: a view, a
// print, an export, a sign-in or a refusal changes nothing.
func (a AuditAction) Changes() bool {
	switch a {
	case ActionViewed, ActionPrinted, ActionExported, ActionSignedIn, ActionSignInFailed,
		ActionSignedOut, ActionBackedUp, ActionRefused, ActionSchemaAltered:
		return false
	}
	return true
}

// Change is a change to the records saved by another computer, or by
// another copy of Needlepoint on this one, as the screens that show the
// record hear of it.
type Change struct {
	At     time.Time
	By     string // the name of who saved it
	Action AuditAction
	// PatientID is the patient whose record changed, 0 for a change to no
	// one patient (the staff directory, a setting).
	PatientID int64
	Subject   string // what changed, as the audit trail names it
	// Record and RecordID name the record changed, when it is one with a
	// number of its own: "appointment" 12, "session" 40, "consultation" 7.
	Record   string
	RecordID int64
}

// Label returns the words a report shows for an action.
func (a AuditAction) Label() string {
	switch a {
	case ActionViewed:
		return "Viewed"
	case ActionCreated:
		return "Created"
	case ActionChanged:
		return "Changed"
	case ActionArchived:
		return "Archived"
	case ActionRestored:
		return "Restored"
	case ActionSigned:
		return "Signed"
	case ActionAddendum:
		return "Added an addendum"
	case ActionPrinted:
		return "Printed"
	case ActionExported:
		return "Exported"
	case ActionOverride:
		return "Overrode a contraindication"
	case ActionBooked:
		return "Booked"
	case ActionCalled:
		return "Called"
	case ActionSignedIn:
		return "Signed in"
	case ActionSignInFailed:
		return "Failed to sign in"
	case ActionSignedOut:
		return "Signed out"
	case ActionRoleChanged:
		return "Changed a role"
	case ActionAccountChanged:
		return "Changed an account"
	case ActionSettingChanged:
		return "Changed a setting"
	case ActionBackedUp:
		return "Backed up"
	case ActionRestoredBackup:
		return "Restored a backup"
	case ActionRefused:
		return "Refused"
	case ActionSealed:
		return "Sealed"
	case ActionConfirmed:
		return "Confirmed a change made outside Needlepoint"
	case ActionSchemaAltered:
		return "Found the database's protections altered"
	case ActionSchemaRepaired:
		return "Repaired the database's protections"
	case ActionImported:
		return "Imported"
	case ActionHidden:
		return "Hid"
	case ActionWithdrawn:
		return "Withdrew"
	}
	return string(a)
}

// Audit is one row of the audit trail: who did what, when, to which
// patient's record. Subject names the record inside it ("session 12") and
// Detail says more: the fields changed, the reason, the permission refused.
type Audit struct {
	ID        int64
	At        time.Time
	StaffID   int64 // 0 for a command-line action or an unknown username
	Actor     string
	Action    AuditAction
	PatientID int64
	Subject   string
	Detail    string

	// Read only: the patient's name, for reports.
	PatientName string
}

// AuditVerdict is the result of checking the audit trail's chain.
type AuditVerdict struct {
	Rows    int    // rows checked
	BadRow  int64  // the first row found wrong; 0 when the chain holds
	Problem string // what is wrong with it, in words
}

// OK reports whether the chain holds.
func (v AuditVerdict) OK() bool { return v.BadRow == 0 }

// AuditFilter chooses rows of the audit trail: a time range (zero for
// open-ended), one staff member and one patient (0 for all).
type AuditFilter struct {
	From, To  time.Time
	StaffID   int64
	PatientID int64
}

// MaxAuditRows bounds a report on screen; exports have no limit.
const MaxAuditRows = 5000

// Print is one handout printed or saved from a session.
type Print struct {
	ID        int64
	SessionID int64
	Document  string // e.g. "Aftercare sheet"
	PrintedBy string
	PrintedAt time.Time
}
