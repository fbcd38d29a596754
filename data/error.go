package data

import (
	"errors"
	"fmt"
)

// Error codes. The UI decides how to present an error from its code; the
// message is already written for the person at the desk.
const (
	EINVALID   = "invalid"   // the input breaks a rule the user can fix
	ENOTFOUND  = "not_found" // the record does not exist (any more)
	ECONFLICT  = "conflict"  // someone else changed the record, or a unique value is taken
	EFORBIDDEN = "forbidden" // the user may not do this
	ELOCKED    = "locked"    // the record is signed or archived and cannot change
	// ENOCONSENT: the patient has no valid signed consent for the
	// treatment; taking consent lets the same action go ahead.
	ENOCONSENT = "no_consent"
	// EUNREACHABLE: the clinic server does not answer; nothing was read or
	// saved, and the same action works again once it does.
	EUNREACHABLE = "unreachable"
	EINTERNAL    = "internal" // anything else; the message is generic
)

// Error is a domain error whose Message can be shown to a user as it is.
// Fields lists, for validation errors, one message per offending field so a
// form can show each next to its input.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	Err     error
}

// FieldError names the field that failed a rule and says why, in the
// receptionist's words.
type FieldError struct {
	Field   string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

// Unwrap returns the underlying cause, kept for the log.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a domain error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of a domain error, or EINTERNAL for any other
// non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message to show a user: a domain error's own
// message, or a generic sentence that hides internals such as SQL.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Something went wrong inside Needlepoint. Nothing was saved; please try again, and tell your administrator if it keeps happening."
}
