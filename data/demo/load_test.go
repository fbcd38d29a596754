package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/demo"
	"needlepoint/data/sqlstore"
)

// TestBusyMorningLosesNothing: several PCs working at once on one database
// through the day's operations fail at nothing, lose no booking or session
// and leave the audit chain whole; the report counts what each did.
func TestBusyMorningLosesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	s, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.SetActor(data.CommandLine("test"))
	if err := demo.Fill(ctx, s, 300, 1, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	open := func(ctx context.Context) (*sqlstore.Store, error) { return sqlstore.Open(ctx, path) }
	report, err := demo.BusyMorning(ctx, open, 4, 3*time.Second, 1)
	if err != nil {
		t.Fatal(err)
	}
	if report.Failed() != 0 || report.Lost != 0 || !report.ChainOK {
		t.Fatalf("report:\n%s", report)
	}
	done := map[string]int{}
	for _, o := range report.Ops {
		done[o.Name] = len(o.Times)
	}
	for _, op := range []string{demo.OpSearch, demo.OpOpenRecord} {
		if done[op] == 0 {
			t.Errorf("no %s was done:\n%s", op, report)
		}
	}
	if report.Saved == 0 {
		t.Errorf("nothing was saved:\n%s", report)
	}
}
