package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// tableRows returns every row of table with id up to maxID, in id order,
// each written as text, so two databases can be compared by content rather
// than by their bytes.
func tableRows(t *testing.T, db *sql.DB, table string, maxID int64) []string {
	t.Helper()
	rows, err := db.Query("SELECT * FROM "+table+" WHERE id <= ? ORDER BY id", maxID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%q", values))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBackupWhileWriting takes a backup while the front desk keeps
// registering patients, restores it into another database and checks that
// the restored records are exactly the ones on file at one moment: no
// patient missing before the newest one copied, every copied row equal to
// the original, and the search index consistent with them.
func TestBackupWhileWriting(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	c := mustClinic(t)
	c.signIn(c.admin)
	for i := range 200 {
		patientNamed(t, c.s, fmt.Sprintf("Before%03d", i))
	}

	var written atomic.Int64
	stop, ended := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ended)
		for i := 0; ; i++ {
			// A desk registers patients one after another, not in one
			// unbroken stream: SQLite's busy wait is not a queue, and a
			// writer that never lets go would starve the backup's own
			// audit row however long it waited.
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
			p := datatest.ValidPatient()
			p.FirstName = fmt.Sprintf("During%04d", i)
			if err := c.s.CreatePatient(ctx, &p); err != nil {
				t.Errorf("writing during the backup: %v", err)
				return
			}
			written.Add(1)
		}
	}()
	// Every wait is bounded: a writer that fails or hangs ends the test
	// with a message instead of holding the run until its timeout.
	deadline := time.After(time.Minute)
	for written.Load() < 20 {
		select {
		case <-ended:
			close(stop)
			t.Fatalf("the writer stopped after %d patients", written.Load())
		case <-deadline:
			close(stop)
			t.Fatalf("the writer saved only %d patients in a minute", written.Load())
		case <-time.After(time.Millisecond):
		}
	}
	b, err := c.s.Backup(ctx, t.TempDir(), 3)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup while writing: %v", err)
	}

	target := mustOpen(t)
	patientNamed(t, target, "Only-in-the-target")
	if _, err := target.RestoreOtherClinic(ctx, b.Path); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	target.SetActor(testAdmin) // a restore signs its user out
	restored, source := rawDB(t, target.Path()), rawDB(t, c.s.Path())
	var maxID int64
	if err := restored.QueryRow("SELECT max(id) FROM patients").Scan(&maxID); err != nil {
		t.Fatal(err)
	}
	got, want := tableRows(t, restored, "patients", maxID), tableRows(t, source, "patients", maxID)
	if len(got) != len(want) {
		t.Fatalf("restored %d patients up to number %d, the source has %d: the copy is not one moment's snapshot", len(got), maxID, len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("restored patient differs from the original:\n got %s\nwant %s", got[i], want[i])
		}
	}
	if n := patientCount(t, target); n < 201 {
		t.Errorf("restored %d patients, want at least the 201 on file before the backup", n)
	}
	if err := target.QuickCheck(ctx); err != nil {
		t.Errorf("restored database fails its check: %v", err)
	}
	hits, err := target.Search(ctx, fmt.Sprintf("Before%03d", 199), data.DayFirst)
	if err != nil || len(hits) != 1 {
		t.Errorf("search in the restored database found %d patients, %v; want the one patient", len(hits), err)
	}
	t.Logf("backup copied %d patients while %d were being added", len(got), written.Load())
}

// TestTwoCopiesBackUpTogether runs two copies of the app on one database,
// both backing up into the same folder in the same second while one keeps
// writing: both backups are kept, verified, under names of their own.
func TestTwoCopiesBackUpTogether(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clinic.db")
	first, second := mustOpenPath(t, path), mustOpenPath(t, path)
	for i := range 50 {
		patientNamed(t, first, fmt.Sprintf("Early%02d", i))
	}
	dir := t.TempDir()
	var wg sync.WaitGroup
	made := make([]sqlstore.BackupFile, 2)
	errs := make([]error, 3)
	for i, s := range []*sqlstore.Store{first, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			made[i], errs[i] = s.Backup(ctx, dir, 5)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 20 {
			p := datatest.ValidPatient()
			p.FirstName = fmt.Sprintf("Meanwhile%02d", i)
			if err := second.CreatePatient(ctx, &p); err != nil {
				errs[2] = err
				return
			}
		}
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if made[0].Path == made[1].Path {
		t.Fatalf("both copies wrote %s", made[0].Path)
	}
	list, err := sqlstore.ListBackups(dir, path)
	if err != nil || len(list) != 2 || !list[0].Verified || !list[1].Verified {
		t.Errorf("the folder holds %+v, %v; want two verified backups", list, err)
	}
}
