package sqlstore

import "syscall"

// tcpMaxRetransmitTime is Windows' TCP_MAXRT socket option, in seconds.
const tcpMaxRetransmitTime = 5

// limitUnacknowledged ends a server connection whose sent data has gone
// unacknowledged for pgUnackedTimeout.
func limitUnacknowledged(_, _ string, c syscall.RawConn) error {
	var err error
	if cerr := c.Control(func(fd uintptr) {
		err = syscall.SetsockoptInt(syscall.Handle(fd), syscall.IPPROTO_TCP, tcpMaxRetransmitTime, int(pgUnackedTimeout.Seconds()))
	}); cerr != nil {
		return cerr
	}
	return err
}
