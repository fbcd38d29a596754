package sqlstore

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"time"

	"needlepoint/data"
)

// maxWriteAttempts is how many times writeTx runs a write that the server
// broke off because another computer wrote at the same moment.
const maxWriteAttempts = 5

// write runs fn as one write of the signed-in actor, when their role has
// permission p (allow, which audits a refusal), in a transaction of its own
// (writeTx). patientID names the patient a refusal concerns, 0 for none.
func (s *Store) write(ctx context.Context, p data.Permission, patientID int64, fn func(tx *sql.Tx, who data.Actor) error) error {
	who, err := s.allow(ctx, p, patientID)
	if err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error { return fn(tx, who) })
}

// writeTx is where every write transaction begins: it runs fn in a new
// transaction and commits it. PostgreSQL may break a transaction off
// because another computer wrote at the same moment (a serialisation
// failure or a deadlock); writeTx then runs fn again from the start, a few
// milliseconds later, up to maxWriteAttempts times, so that no save fails
// only because two PCs saved together. fn must therefore change nothing
// outside the transaction until writeTx returns nil. Errors come back in
// the user's words (writeError).
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.writeOnce(ctx, fn)
		if err == nil || !retryable(err) || attempt == maxWriteAttempts {
			return s.writeError(err)
		}
		pause := time.Duration(attempt)*5*time.Millisecond + rand.N(5*time.Millisecond)
		select {
		case <-ctx.Done():
			return s.writeError(err)
		case <-time.After(pause):
		}
	}
}

func (s *Store) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// retryable reports whether err is the server breaking a transaction off
// because of another one, so that running it again will do.
func retryable(err error) bool {
	switch pgCode(err) {
	case pgSerialization, pgDeadlock:
		return true
	}
	return false
}
