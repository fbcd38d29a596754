package app

import (
	"context"
	"fmt"
	"os"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// migrate copies a clinic from one database to another, a file or a
// PostgreSQL server either way: every record, the audit trail and the
// seals, then checks the copy row for row and walks its audit chain. The
// target must be new: a file that does not exist yet, or a server
// database with no records. A file is built under a temporary name and
// renamed when complete, so a failed copy leaves nothing behind.
func (c cli) migrate(args []string) int {
	fs := c.flags("needlepoint migrate")
	from := fs.String("from", "", "the clinic database to copy (a `file` or postgres:// address)")
	to := fs.String("to", "", "the new database to copy it into (a `file` or postgres:// address)")
	if status := c.parse(fs, args, "migrate needs --from DB and --to DB", from, to); status != 0 {
		return status
	}
	ctx := context.Background()
	src, err := openExisting(ctx, *from)
	if err != nil {
		return c.fail(err)
	}
	defer src.Close()
	target := *to
	if !sqlstore.IsServerAddress(target) {
		if _, err := os.Stat(target); err == nil {
			return c.fail(data.Errorf(data.EINVALID, "%s already exists. migrate writes only into a new file, so no records are mixed or lost.", target))
		}
		target += ".copying"
		os.Remove(target)
	}
	dst, err := sqlstore.Open(ctx, target)
	if err != nil {
		return c.fail(err)
	}
	dst.SetActor(data.CommandLine(osUser()))
	counts, err := src.CopyTo(ctx, dst)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil && target != *to {
		err = os.Rename(target, *to)
	}
	if err != nil {
		if target != *to {
			os.Remove(target)
		}
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "Copied %s into %s: %s.\n", src.Path(), *to, counts)
	fmt.Fprintln(c.stdout, "Checked: every table holds as many rows as the original, and the copied audit trail verifies.")
	return 0
}
