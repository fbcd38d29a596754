package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"needlepoint/data"
)

// watchRetry is how long Watch waits before listening again after the
// database could not be reached.
const watchRetry = time.Second

// maxChangesRead is how many audit rows Watch reads at a time.
const maxChangesRead = 500

// changeSignal wakes Watch when another connection may have saved
// something: PostgreSQL's LISTEN on a server, PRAGMA data_version in a
// file.
type changeSignal interface {
	// wait returns when something may have changed, or with an error when
	// the database can no longer be heard (the signal is then closed).
	wait(ctx context.Context) error
	close()
}

// Watch reports the changes that other computers, or other copies of
// Needlepoint on this one, save to the clinic's records: fn is called on a
// goroutine of its own with each batch, within about a second of its
// saving, until ctx ends. Views, prints and sign-ins are no changes, and
// this store's own writes are left out: the screens that made them show
// them already. Every change saved after Watch returns is reported; when
// the database cannot be reached Watch keeps trying, and once it hears it
// again it reports what it missed.
func (s *Store) Watch(ctx context.Context, fn func([]data.Change)) {
	last := int64(-1) // the newest audit row seen, -1 before the first read
	sig, err := s.listen(ctx)
	if err == nil {
		if head, err := s.auditHead(ctx); err == nil {
			last = head
		}
	} else {
		sig = nil
	}
	go s.watch(ctx, fn, sig, last)
}

func (s *Store) watch(ctx context.Context, fn func([]data.Change), sig changeSignal, last int64) {
	defer func() {
		if sig != nil {
			sig.close()
		}
	}()
	for ctx.Err() == nil {
		if sig == nil {
			var err error
			if sig, err = s.listen(ctx); err != nil {
				sig = nil
				if s.pg && ctx.Err() == nil {
					s.lostServer()
				}
				pause(ctx, watchRetry)
				continue
			}
			s.serverBack()
		} else if err := sig.wait(ctx); err != nil {
			sig = nil
			continue
		}
		if last < 0 {
			if head, err := s.auditHead(ctx); err == nil {
				last = head
			}
			continue
		}
		for {
			changes, next, read, err := s.changesAfter(ctx, last)
			if err != nil {
				break
			}
			last = next
			if len(changes) > 0 {
				fn(changes)
			}
			if read < maxChangesRead {
				break
			}
		}
	}
}

// pause waits for d or until ctx ends.
func pause(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// listen starts hearing the other connections' saves.
func (s *Store) listen(ctx context.Context) (changeSignal, error) {
	if s.pg {
		return pgListen(ctx, s.db)
	}
	return sqliteListen(ctx, s.db)
}

// auditHead returns the number of the newest audit row, 0 when there is
// none.
func (s *Store) auditHead(ctx context.Context) (int64, error) {
	var head sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT max(id) FROM audit_log").Scan(&head)
	return head.Int64, err
}

// changesAfter returns the changes recorded in the audit rows after row
// last, leaving out this store's own, the newest row read and how many
// rows were read.
func (s *Store) changesAfter(ctx context.Context, last int64) (changes []data.Change, newest int64, read int, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor, action, patient_id, subject, hash
		FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`, last, maxChangesRead)
	if err != nil {
		return nil, last, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		read++
		var (
			c          data.Change
			at, hash   string
			patientID  sql.NullInt64
			actionText string
		)
		if err := rows.Scan(&last, &at, &c.By, &actionText, &patientID, &c.Subject, &hash); err != nil {
			return nil, last, read, err
		}
		if _, mine := s.written.LoadAndDelete(hash); mine {
			continue
		}
		c.Action, c.PatientID = data.AuditAction(actionText), patientID.Int64
		c.Record, c.RecordID = recordOf(c.Subject)
		if !c.Action.Changes() {
			continue
		}
		if c.At, err = parseTime(at); err != nil {
			return nil, last, read, err
		}
		changes = append(changes, c)
	}
	return changes, last, read, rows.Err()
}

// recordOf reads the record an audit subject names, as the store writes
// them: "appointment 12" is appointment 12; "patient record" is no
// numbered record.
func recordOf(subject string) (string, int64) {
	i := strings.LastIndexByte(subject, ' ')
	if i < 0 {
		return "", 0
	}
	id, err := strconv.ParseInt(subject[i+1:], 10, 64)
	if err != nil {
		return "", 0
	}
	return subject[:i], id
}
