package sqlstore

import (
	"context"
	"path/filepath"
	"testing"

	"needlepoint/data"
)

// TestUnknownUsernameTakesAsLong: a sign-in with a username nobody has
// computes one argon2id hash with the parameters of a real one, and
// writes one audit row, as a wrong password for a real account does, so
// the time of the answer does not tell which usernames exist. Counting
// the hashes, not timing them, keeps the test steady on a busy machine;
// BenchmarkSignIn measures the times.
func TestUnknownUsernameTakesAsLong(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.SetUpClinic(ctx, data.ClinicDetails{PaperSize: data.PaperA4}, "Fiona Byrne", "owner", "Clinic-2026"); err != nil {
		t.Fatal(err)
	}
	argon := deriveKey
	t.Cleanup(func() { deriveKey = argon })
	hashes := 0
	deriveKey = func(pw, salt []byte, passes, memory uint32, threads uint8, keyLen uint32) []byte {
		hashes++
		if passes != argonTime || memory != argonMemory || threads != argonThreads || keyLen != argonKeyLen {
			t.Errorf("hash with t=%d m=%d p=%d len=%d, want the parameters of a stored password", passes, memory, threads, keyLen)
		}
		return argon(pw, salt, passes, memory, threads, keyLen)
	}
	auditRows := func() int {
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, username := range []string{"owner", "nobody"} {
		hashes = 0
		before := auditRows()
		_, err := s.SignIn(ctx, username, "Wrong-Guess-1")
		if data.ErrorCode(err) != data.EFORBIDDEN {
			t.Fatalf("SignIn(%q) with a wrong password = %v", username, err)
		}
		if hashes != 1 {
			t.Errorf("SignIn(%q) computed %d hashes, want 1", username, hashes)
		}
		if got := auditRows() - before; got != 1 {
			t.Errorf("SignIn(%q) wrote %d audit rows, want 1", username, got)
		}
	}
}
