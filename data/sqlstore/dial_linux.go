package sqlstore

import "syscall"

// tcpUserTimeout is Linux's TCP_USER_TIMEOUT socket option.
const tcpUserTimeout = 0x12

// limitUnacknowledged ends a server connection whose sent data has gone
// unacknowledged for pgUnackedTimeout, instead of the quarter of an hour
// Linux retransmits for by default.
func limitUnacknowledged(_, _ string, c syscall.RawConn) error {
	var err error
	if cerr := c.Control(func(fd uintptr) {
		err = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpUserTimeout, int(pgUnackedTimeout.Milliseconds()))
	}); cerr != nil {
		return cerr
	}
	return err
}
