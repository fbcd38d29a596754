package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// On PostgreSQL several PCs book at once, so the database itself refuses a
// double booking: the exclusion constraints of migration 0008, over the
// time needlepoint_slot reads from an appointment's stored start.

func TestEnginesSlotReadsStoredTimes(t *testing.T) {
	pg := enginesPostgres(t)
	ctx := context.Background()
	conn, err := pg.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Settings that change how PostgreSQL writes and reads many times
	// must not change how it reads the store's.
	if _, err := conn.ExecContext(ctx, "SET TimeZone = 'Europe/London'; SET DateStyle = 'SQL, DMY'"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		start   string
		minutes int
	}{
		{"2024-03-31T00:30:00.000000000Z", 90},
		{"2024-10-27T00:30:00.000000000Z", 90},
		{"2024-12-31T23:55:00.000000000Z", 10},
		{"2025-02-28T09:15:30.123456000Z", 480},
	} {
		start, err := time.Parse(time.RFC3339Nano, tc.start)
		if err != nil {
			t.Fatal(err)
		}
		const layout = "2006-01-02 15:04:05.000000"
		want := "[" + start.Format(layout) + "," + start.Add(time.Duration(tc.minutes)*time.Minute).Format(layout) + ")"
		var got string
		err = conn.QueryRowContext(ctx, `SELECT '[' || to_char(lower(r), 'YYYY-MM-DD HH24:MI:SS.US') || ','
				|| to_char(upper(r), 'YYYY-MM-DD HH24:MI:SS.US') || ')'
			FROM needlepoint_slot($1, $2) r`, tc.start, tc.minutes).Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("needlepoint_slot(%s, %d) = %s, want %s", tc.start, tc.minutes, got, want)
		}
	}
}

// enginesBooking is an appointment as the exclusion constraints see it.
type enginesBooking struct {
	practitioner int64
	room, start  string
	minutes      int
	status       string
}

func (b enginesBooking) insert(ctx context.Context, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}) error {
	status, reason := b.status, ""
	if status == "" {
		status = "booked"
	}
	if status == "cancelled" {
		reason = "the patient rang"
	}
	_, err := db.ExecContext(ctx, `INSERT INTO appointments (patient_id, practitioner_id, kind, room, starts_at,
			duration_minutes, status, status_reason, created_at, updated_at)
		VALUES (1, $1, 'consultation', $2, $3, $4, $5, $6, 't0', 't0')`,
		b.practitioner, b.room, "2025-03-10T"+b.start+":00.000000000Z", b.minutes, status, reason)
	return err
}

// enginesRefusedBy returns the constraint whose exclusion refused err, or
// "" when err is something else.
func enginesRefusedBy(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23P01" {
		return pgErr.ConstraintName
	}
	return ""
}

func TestEnginesNoDoubleBooking(t *testing.T) {
	pg := enginesPostgres(t)
	ctx := context.Background()
	for _, stmt := range []string{
		`INSERT INTO patients (id, first_name, last_name, created_at, updated_at, name_key)
			VALUES (1, 'Ada', 'Lovelace', 't0', 't0', 'lovelace ada')`,
		`INSERT INTO staff (id, name, role, created_at, updated_at)
			VALUES (1, 'Grace', 'practitioner', 't0', 't0'), (2, 'Mary', 'practitioner', 't0', 't0'),
			(3, 'Rosalind', 'practitioner', 't0', 't0')`,
	} {
		if _, err := pg.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	const (
		practitioner = "appointments_no_practitioner_overlap"
		room         = "appointments_no_room_overlap"
	)
	for _, step := range []struct {
		name    string
		booking enginesBooking
		refused string // the constraint that refuses it, "" when booked
	}{
		{"First", enginesBooking{1, "", "10:00", 60, ""}, ""},
		{"ErrPractitionerOverlap", enginesBooking{1, "", "10:30", 30, ""}, practitioner},
		{"ErrPractitionerInside", enginesBooking{1, "", "10:15", 15, ""}, practitioner},
		{"ErrPractitionerAround", enginesBooking{1, "", "09:00", 180, ""}, practitioner},
		{"BackToBackAfter", enginesBooking{1, "", "11:00", 30, ""}, ""},
		{"BackToBackBefore", enginesBooking{1, "", "09:30", 30, ""}, ""},
		{"OtherPractitioner", enginesBooking{2, "", "10:00", 60, ""}, ""},
		{"CancelledOverlaps", enginesBooking{1, "", "10:00", 60, "cancelled"}, ""},
		{"NoShowOverlaps", enginesBooking{1, "", "10:00", 60, "no_show"}, ""},
		{"ErrCheckedInOverlaps", enginesBooking{1, "", "10:45", 30, "checked_in"}, practitioner},
		{"ErrCompletedOverlaps", enginesBooking{1, "", "10:45", 30, "completed"}, practitioner},
		{"Room", enginesBooking{2, "Room 2", "14:00", 60, ""}, ""},
		{"ErrRoomOverlap", enginesBooking{3, "Room 2", "14:30", 60, ""}, room},
		{"ErrRoomOverlapOtherCase", enginesBooking{3, "ROOM 2", "13:30", 60, ""}, room},
		{"OtherRoom", enginesBooking{3, "Room 3", "14:30", 60, ""}, ""},
		{"RoomBackToBack", enginesBooking{1, "Room 2", "15:00", 60, ""}, ""},
		{"CancelledInRoom", enginesBooking{1, "Room 2", "14:00", 60, "cancelled"}, ""},
	} {
		t.Run(step.name, func(t *testing.T) {
			err := step.booking.insert(ctx, pg)
			if step.refused == "" && err != nil {
				t.Fatalf("booking refused: %v", err)
			}
			if got, want := enginesRefusedBy(err), step.refused; got != want {
				t.Fatalf("refused by %q (%v), want %q", got, err, want)
			}
		})
	}

	t.Run("CancellingFreesTheSlot", func(t *testing.T) {
		if _, err := pg.Exec(`UPDATE appointments SET status = 'cancelled', status_reason = 'ill'
			WHERE practitioner_id = 1 AND starts_at = '2025-03-10T10:00:00.000000000Z' AND status = 'booked'`); err != nil {
			t.Fatal(err)
		}
		if err := (enginesBooking{1, "", "10:15", 30, ""}).insert(ctx, pg); err != nil {
			t.Fatalf("booking the freed slot: %v", err)
		}
		_, err := pg.Exec(`UPDATE appointments SET status = 'booked', status_reason = ''
			WHERE practitioner_id = 1 AND starts_at = '2025-03-10T10:00:00.000000000Z' AND status = 'cancelled'`)
		if got, want := enginesRefusedBy(err), practitioner; got != want {
			t.Fatalf("booking the cancelled one again: refused by %q (%v), want %q", got, err, want)
		}
	})

	t.Run("TwentyAtOnce", func(t *testing.T) {
		pg.SetMaxOpenConns(20)
		start := make(chan struct{})
		errs := make([]error, 20)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() {
				tx, err := pg.BeginTx(ctx, nil)
				if err != nil {
					errs[i] = err
					return
				}
				defer tx.Rollback()
				<-start
				// Each in its own room, so only the practitioner clashes.
				b := enginesBooking{3, fmt.Sprintf("Suite %d", i), "17:00", 45, ""}
				if errs[i] = b.insert(ctx, tx); errs[i] == nil {
					errs[i] = tx.Commit()
				}
			})
		}
		close(start)
		wg.Wait()
		booked, refused, deadlocked := 0, 0, 0
		for _, err := range errs {
			var pgErr *pgconn.PgError
			switch {
			case err == nil:
				booked++
			case enginesRefusedBy(err) == practitioner:
				refused++
			case errors.As(err, &pgErr) && pgErr.Code == "40P01":
				// Two inserts that each wait for the other: PostgreSQL
				// ends one as a deadlock, which the store retries into a
				// refusal.
				deadlocked++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if booked != 1 || refused+deadlocked != 19 {
			t.Fatalf("%d booked and %d refused, want 1 and 19", booked, refused+deadlocked)
		}
		t.Logf("1 booked, %d refused by the constraint, %d ended as deadlocks", refused, deadlocked)
	})
}
