package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"needlepoint/data"
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
	text, ok := stored[data.FieldIdleLockMinutes]
	if !ok {
		return data.DefaultIdleLockMinutes, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > data.MaxIdleLockMinutes {
		return data.DefaultIdleLockMinutes, nil
	}
	return n, nil
}

// SaveIdleLockMinutes sets after how many idle minutes the window locks,
// from 1 to 60.
func (s *Store) SaveIdleLockMinutes(ctx context.Context, n int) error {
	a, err := s.allow(ctx, data.PermSettings, 0)
	if err != nil {
		return err
	}
	if n < 1 || n > data.MaxIdleLockMinutes {
		return &data.Error{Code: data.EINVALID, Message: "Lock after 1 to 60 idle minutes.",
			Fields: []data.FieldError{{Field: data.FieldIdleLockMinutes, Message: "From 1 to 60 minutes."}}}
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if err := saveSetting(ctx, tx, data.FieldIdleLockMinutes, strconv.Itoa(n)); err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionSettingChanged, Subject: "idle lock", Detail: strconv.Itoa(n) + " minutes"}
		if err := s.audit(ctx, tx, a, e); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}
