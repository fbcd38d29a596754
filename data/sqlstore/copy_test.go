package sqlstore_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"needlepoint/data"
)

// TestCopyBetweenEngines copies a clinic with every kind of sealed record
// into a new file and, when a server is reachable, into a new PostgreSQL
// database: the copy holds every row, its audit chain and every seal
// verify, and search finds the patient there.
func TestCopyBetweenEngines(t *testing.T) {
	ctx := context.Background()
	r := mustSealedClinic(t)
	targets := map[string]func(t *testing.T) string{
		"ToFile": func(t *testing.T) string { return filepath.Join(t.TempDir(), "copy.db") },
	}
	if ok, _ := pgReachable(); ok {
		targets["ToServer"] = func(t *testing.T) string { return pgAddress(t) }
	}
	for name, target := range targets {
		t.Run(name, func(t *testing.T) {
			src := mustOpenPath(t, r.path)
			dst := openAnyPath(t, target(t))
			counts, err := src.CopyTo(ctx, dst)
			if err != nil {
				t.Fatal(err)
			}
			if counts["patients"] != 1 || counts["sessions"] != 1 || counts["seals"] == 0 || counts["audit_log"] == 0 {
				t.Errorf("copied %v", counts)
			}
			findings, err := dst.VerifyDatabase(ctx)
			if err != nil || len(findings) != 0 {
				t.Errorf("Check of the copy = %q, %v; want nothing found", findings, err)
			}
			found, err := dst.Search(ctx, "lukasz", data.DayFirst)
			if err != nil || len(found) != 1 || found[0].ID != r.patient {
				t.Errorf("Search(lukasz) in the copy = %v, %v", found, err)
			}
			if _, err := src.CopyTo(ctx, dst); data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), "already holds records") {
				t.Errorf("a second copy into the same database = %v, want refused", err)
			}
		})
	}
}
