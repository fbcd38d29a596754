package sqlstore

import (
	"context"
	"database/sql"
)

// updateVersion runs an UPDATE of one record, whose WHERE must end so that
// " AND version = ?" can follow, for the version read earlier in the same
// transaction. Checking the version in Go after reading it is enough while
// one writer at a time holds the database, as SQLite does; on a server
// another PC can save between the read and the write, and only the version
// in the WHERE keeps this write from overwriting that save. A write that
// finds the record changed affects no row and returns stale.
func updateVersion(ctx context.Context, tx *sql.Tx, version int64, stale error, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query+" AND version = ?", append(args, version)...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return stale
	}
	return nil
}
