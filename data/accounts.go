package data

import (
	"time"
)

// Fields of the account forms.
const (
	FieldUsername    = "username"
	FieldPassword    = "password"
	FieldNewPassword = "new_password"
)

// Sign-in limits: five failed attempts in a row lock an account for five
// minutes (Open Dental's rule; see the package documentation).
const (
	MaxFailedSignIns  = 5
	SignInLockMinutes = 5
	MaxUsernameLength = 50
)

// Account is a staff member's sign-in: their username and whether it is
// locked after failed attempts. The password hash never leaves the store.
type Account struct {
	StaffID     int64
	Username    string
	Name        string
	Role        Role
	Active      bool
	LockedUntil time.Time
	// ChangedOutside says what was changed outside Needlepoint in the
	// account or its staff member, which keeps it from signing in until
	// an administrator confirms it; "" when nothing was.
	ChangedOutside string
}

// Password policy.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 200
)

// Idle lock: a PC left alone hides patient records behind the sign-in
// screen after this many minutes without activity.
const (
	FieldIdleLockMinutes   = "idle_lock_minutes"
	DefaultIdleLockMinutes = 5
	MaxIdleLockMinutes     = 60
)
