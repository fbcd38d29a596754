package sqlstore

import (
	"context"
	"database/sql"
)

// WriteTx lets the black-box tests run a write the way every write of the
// store runs.
func (s *Store) WriteTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.writeTx(ctx, fn)
}
