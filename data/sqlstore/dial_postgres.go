package sqlstore

import (
	"context"
	"database/sql/driver"
	"net"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// How a server connection meets a failing network, so that no database
// call waits for longer than a few seconds: connecting may take
// pgConnectTimeout; a silent connection is probed after pgKeepAliveIdle
// and given up after pgKeepAliveCount unanswered probes pgKeepAliveInterval
// apart; data sent and not acknowledged for pgUnackedTimeout ends the
// connection where the system allows it (dial_*.go). A lock held by
// another PC is waited for pgLockTimeout at most, and a transaction a PC
// left open is ended by the server after pgIdleTransactionTimeout.
const (
	pgConnectTimeout         = 5 * time.Second
	pgKeepAliveIdle          = 5 * time.Second
	pgKeepAliveInterval      = 2 * time.Second
	pgKeepAliveCount         = 3
	pgUnackedTimeout         = 10 * time.Second
	pgLockTimeout            = "10s"
	pgIdleTransactionTimeout = "60s"
)

// OpenConnector reads a server address once, for database/sql, and gives
// its connections the limits above.
func (d pgDriver) OpenConnector(name string) (driver.Connector, error) {
	cfg, err := pgx.ParseConfig(name)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = pgConnectTimeout
	}
	dialer := &net.Dialer{
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: pgKeepAliveIdle,
			Interval: pgKeepAliveInterval, Count: pgKeepAliveCount},
		Control: limitUnacknowledged,
	}
	cfg.DialFunc = dialer.DialContext
	for key, value := range map[string]string{
		"lock_timeout": pgLockTimeout, "idle_in_transaction_session_timeout": pgIdleTransactionTimeout,
	} {
		if _, set := cfg.RuntimeParams[key]; !set {
			cfg.RuntimeParams[key] = value
		}
	}
	return pgConnector{stdlib.GetConnector(*cfg), d}, nil
}

// pgConnector makes the connections of one server address, each rebinding
// its statements as pgConn does.
type pgConnector struct {
	base driver.Connector
	d    pgDriver
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn.(*stdlib.Conn)}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.d }
