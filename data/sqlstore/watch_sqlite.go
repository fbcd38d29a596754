package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// dataVersionPoll is how often a file's PRAGMA data_version is read.
const dataVersionPoll = 250 * time.Millisecond

// sqliteSignal hears other connections' commits to a file through PRAGMA
// data_version, which changes on a connection when any other connection,
// in this program or another, commits to the file.
type sqliteSignal struct {
	conn    *sql.Conn
	version int64
}

func sqliteListen(ctx context.Context, db *sql.DB) (changeSignal, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	sig := &sqliteSignal{conn: conn}
	if sig.version, err = sig.read(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return sig, nil
}

func (sig *sqliteSignal) read(ctx context.Context) (int64, error) {
	var v int64
	err := sig.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

func (sig *sqliteSignal) wait(ctx context.Context) error {
	tick := time.NewTicker(dataVersionPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		v, err := sig.read(ctx)
		if err != nil {
			sig.close()
			return err
		}
		if v != sig.version {
			sig.version = v
			return nil
		}
	}
}

func (sig *sqliteSignal) close() { sig.conn.Close() }
