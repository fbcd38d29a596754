package app

import (
	"context"
	"fmt"
	"time"

	"needlepoint/data"
	"needlepoint/data/demo"
	"needlepoint/data/sqlstore"
)

// loadTest times a busy morning of several PCs on one database
// (demo.BusyMorning) and prints the report. It exits with status 1 when an
// operation failed, a saved record is missing afterwards or the audit
// chain does not verify.
func (c cli) loadTest(args []string) int {
	fs := c.flags("needlepoint loadtest")
	db := fs.String("db", "", "the demo database or copy to load (a `file` or postgres:// address)")
	pcs := fs.Int("workstations", 10, "how many PCs work at once")
	length := fs.Duration("for", 5*time.Minute, "how long they work")
	scratch := fs.Bool("scratch", false, "confirm the database is a demo or a copy: the test adds bookings and sessions to it")
	if status := c.parse(fs, args, "loadtest needs --db DB", db); status != 0 {
		return status
	}
	if !*scratch {
		return c.fail(data.Errorf(data.EINVALID, "loadtest adds made-up bookings and sessions to %s. Run it on a demo database or a copy, and say so with --scratch.", *db))
	}
	if *pcs < 1 || *length <= 0 {
		return c.usageError("loadtest needs at least one workstation and a length of time")
	}
	fmt.Fprintf(c.stdout, "%d workstations work on %s for %s…\n", *pcs, *db, *length)
	open := func(ctx context.Context) (*sqlstore.Store, error) { return openExisting(ctx, *db) }
	report, err := demo.BusyMorning(context.Background(), open, *pcs, *length, time.Now().UnixNano())
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprint(c.stdout, report)
	if report.Failed() > 0 || report.Lost > 0 || !report.ChainOK {
		return 1
	}
	return 0
}
