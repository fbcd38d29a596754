package data

import (
	"context"
	"strconv"
)

// Idle lock: a PC left alone hides patient records behind the sign-in
// screen after this many minutes without activity.
const (
	FieldIdleLockMinutes   = "idle_lock_minutes"
	DefaultIdleLockMinutes = 5
	MaxIdleLockMinutes     = 60
)

// IdleLockMinutes returns after how many idle minutes the window locks.
// Anyone signed in reads it, since every PC applies it.
func (s *Store) IdleLockMinutes(ctx context.Context) (int, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stored, err := readSettings(ctx, tx)
	if err != nil {
		return 0, s.readError(err)
	}
	text, ok := stored[FieldIdleLockMinutes]
	if !ok {
		return DefaultIdleLockMinutes, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > MaxIdleLockMinutes {
		return DefaultIdleLockMinutes, nil
	}
	return n, nil
}

// SaveIdleLockMinutes sets after how many idle minutes the window locks,
// from 1 to 60.
func (s *Store) SaveIdleLockMinutes(ctx context.Context, n int) error {
	a, err := s.allow(ctx, PermSettings, 0)
	if err != nil {
		return err
	}
	if n < 1 || n > MaxIdleLockMinutes {
		return &Error{Code: EINVALID, Message: "Lock after 1 to 60 idle minutes.",
			Fields: []FieldError{{FieldIdleLockMinutes, "From 1 to 60 minutes."}}}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.writeError(err)
	}
	defer tx.Rollback()
	if err := saveSetting(ctx, tx, FieldIdleLockMinutes, strconv.Itoa(n)); err != nil {
		return s.writeError(err)
	}
	e := Audit{Action: ActionSettingChanged, Subject: "idle lock", Detail: strconv.Itoa(n) + " minutes"}
	if err := s.audit(ctx, tx, a, e); err != nil {
		return s.writeError(err)
	}
	return s.writeError(tx.Commit())
}
