package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// pgChangesChannel is the channel every write notifies, in its own
// transaction, and every PC listens on.
const pgChangesChannel = "needlepoint_changes"

// pgSignal hears other PCs' commits on a connection of its own that
// LISTENs on pgChangesChannel.
type pgSignal struct{ conn *sql.Conn }

func pgListen(ctx context.Context, db *sql.DB) (changeSignal, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "LISTEN "+pgChangesChannel); err != nil {
		conn.Close()
		return nil, err
	}
	return &pgSignal{conn}, nil
}

func (sig *pgSignal) wait(ctx context.Context) error {
	err := sig.conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*pgConn)
		if !ok {
			return fmt.Errorf("a %T is no PostgreSQL connection", driverConn)
		}
		_, err := c.Conn.Conn().WaitForNotification(ctx)
		return err
	})
	if err != nil {
		sig.close()
	}
	return err
}

// close ends the connection rather than give it back to the pool, where,
// still listening, it would gather notifications nobody reads.
func (sig *pgSignal) close() {
	sig.conn.Raw(func(any) error { return driver.ErrBadConn })
	sig.conn.Close()
}
