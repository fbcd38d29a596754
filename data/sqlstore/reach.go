package sqlstore

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// pgLockNotAvailable is PostgreSQL's error when a lock was waited for
// longer than lock_timeout (pgLockTimeout).
const pgLockNotAvailable = "55P03"

// unreachable reports whether err is the server not answering: a
// connection that could not be made, was cut or timed out.
func unreachable(err error) bool {
	var (
		connect *pgconn.ConnectError
		netErr  net.Error
	)
	return errors.As(err, &connect) || errors.As(err, &netErr) || pgconn.Timeout(err) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, driver.ErrBadConn)
}

// serverHost names the server of address for a message, " (host:port)",
// or nothing when the address names none (a local socket).
func serverHost(address string) string {
	u, err := url.Parse(address)
	if err != nil || u.Host == "" {
		return ""
	}
	return " (" + u.Host + ")"
}

// Reach tells fn when the clinic server stops answering, with the time it
// stopped, and when it answers again, with the zero time; fn runs on the
// store's goroutines. Only a server database can be out of reach: a file's
// store never calls fn. Watch, which keeps listening to the server, finds
// it gone within seconds and back within a second.
func (s *Store) Reach(fn func(lostSince time.Time)) {
	s.reachMu.Lock()
	defer s.reachMu.Unlock()
	s.reach = fn
}

// lostServer records that the server stopped answering, once.
func (s *Store) lostServer() {
	s.setReach(s.Now())
}

// serverBack records that the server answers again.
func (s *Store) serverBack() {
	s.setReach(time.Time{})
}

func (s *Store) setReach(lostSince time.Time) {
	s.reachMu.Lock()
	defer s.reachMu.Unlock()
	if s.lostSince.IsZero() == lostSince.IsZero() {
		return
	}
	s.lostSince = lostSince
	if s.reach != nil {
		s.reach(lostSince)
	}
}
