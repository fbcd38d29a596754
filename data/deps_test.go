package data_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestRulesLinkNoDatabase holds the domain and the printed documents apart
// from the storage: neither package data nor package reports may link a
// database driver or database/sql.
func TestRulesLinkNoDatabase(t *testing.T) {
	for _, pkg := range []string{"needlepoint/data", "needlepoint/reports"} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 2 {
			t.Fatalf("go list -deps %s listed %q", pkg, deps)
		}
		for _, dep := range deps {
			if dep == "database/sql" || strings.HasPrefix(dep, "modernc.org/sqlite") || strings.HasPrefix(dep, "github.com/jackc/pgx") {
				t.Errorf("%s links %s", pkg, dep)
			}
		}
	}
}
