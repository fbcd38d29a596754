package app

import (
	"strings"
	"testing"
)

// TestLoadTestAsksForAScratchDatabase: the load test writes made-up
// records, so it runs only when told the database is a demo or a copy.
func TestLoadTestAsksForAScratchDatabase(t *testing.T) {
	code, _, stderr, _ := runCLI(t, "loadtest", "--db", "clinic.db")
	if code != 1 || !strings.Contains(stderr, "--scratch") {
		t.Errorf("loadtest without --scratch: status %d, %q", code, stderr)
	}
}
