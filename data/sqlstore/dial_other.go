//go:build !linux && !windows

package sqlstore

import "syscall"

// limitUnacknowledged leaves the system's retransmission time as it is
// where no portable option shortens it; the keep-alive probes still find a
// dead connection.
func limitUnacknowledged(_, _ string, _ syscall.RawConn) error { return nil }
