package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// readSetting reads one row of the settings table, "" when there is none.
func readSetting(t *testing.T, s *sqlstore.Store, key string) string {
	t.Helper()
	var v string
	err := s.WriteTx(context.Background(), func(tx *sql.Tx) error {
		err := tx.QueryRow("SELECT value FROM settings WHERE key = ?", key).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestWriteRetriedAfterAnotherComputer: a write the server breaks off
// because of another computer's (a deadlock, a serialisation failure) is
// run again from the start, its broken attempts leaving nothing behind; a
// conflict that never clears ends, after a few attempts, as a conflict in
// the user's words.
func TestWriteRetriedAfterAnotherComputer(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	attempts := 0
	err := s.WriteTx(ctx, func(tx *sql.Tx) error {
		attempts++
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", "retry_test", strconv.Itoa(attempts)); err != nil {
			return err
		}
		if attempts < 3 {
			return &pgconn.PgError{Code: "40P01", Message: "deadlock detected"}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("WriteTx: %v", err)
	}
	if attempts != 3 {
		t.Errorf("attempts = %d, want 3", attempts)
	}
	if got := readSetting(t, s, "retry_test"); got != "3" {
		t.Errorf("setting = %q, want the third attempt's %q alone", got, "3")
	}

	attempts = 0
	err = s.WriteTx(ctx, func(tx *sql.Tx) error {
		attempts++
		return &pgconn.PgError{Code: "40001", Message: "could not serialize access"}
	})
	if data.ErrorCode(err) != data.ECONFLICT || attempts < 2 {
		t.Errorf("endless conflict: err = %v after %d attempts, want ECONFLICT after several", err, attempts)
	}

	attempts = 0
	err = s.WriteTx(ctx, func(tx *sql.Tx) error {
		attempts++
		return data.Errorf(data.EINVALID, "Enter a name.")
	})
	if data.ErrorCode(err) != data.EINVALID || attempts != 1 {
		t.Errorf("refusal: err = %v after %d attempts, want EINVALID once", err, attempts)
	}
}

// TestDeadlockBetweenTwoComputers: two PCs each change two records in the
// opposite order, so that PostgreSQL finds a deadlock and breaks one of
// them off; both saves still succeed.
func TestDeadlockBetweenTwoComputers(t *testing.T) {
	if testEngine != "postgres" {
		t.Skip("SQLite lets one writer in at a time, so two writers never deadlock")
	}
	ctx := context.Background()
	s := mustOpen(t)
	if err := s.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('deadlock_a', ''), ('deadlock_b', '')")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var firstLocks sync.WaitGroup
	firstLocks.Add(2)
	save := func(first, second, value string, attempts *int) error {
		return s.WriteTx(ctx, func(tx *sql.Tx) error {
			*attempts++
			if _, err := tx.ExecContext(ctx, "UPDATE settings SET value = ? WHERE key = ?", value, first); err != nil {
				return err
			}
			if *attempts == 1 {
				firstLocks.Done()
				firstLocks.Wait()
			}
			_, err := tx.ExecContext(ctx, "UPDATE settings SET value = ? WHERE key = ?", value, second)
			return err
		})
	}
	var wg sync.WaitGroup
	var errA, errB error
	var triesA, triesB int
	wg.Add(2)
	go func() { defer wg.Done(); errA = save("deadlock_a", "deadlock_b", "desk", &triesA) }()
	go func() { defer wg.Done(); errB = save("deadlock_b", "deadlock_a", "room 2", &triesB) }()
	wg.Wait()
	if errA != nil || errB != nil {
		t.Fatalf("saves: %v, %v; want both to succeed", errA, errB)
	}
	if triesA+triesB != 3 {
		t.Errorf("attempts = %d and %d, want one save run twice after the deadlock", triesA, triesB)
	}
	if a, b := readSetting(t, s, "deadlock_a"), readSetting(t, s, "deadlock_b"); a != b {
		t.Errorf("settings = %q, %q, want both from the save that ran last", a, b)
	}
}
