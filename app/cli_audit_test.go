package app

import (
	"context"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

func TestAuditVerifyCommand(t *testing.T) {
	db := demoDatabase(t)
	code, out, _, _ := runCLI(t, "audit", "verify", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "OK: all ") {
		t.Fatalf("audit verify on an untouched demo: exit %d, %q", code, out)
	}
	raw := rawSQL(t, db)
	for _, q := range []string{"DROP TRIGGER audit_log_locked", "UPDATE audit_log SET actor = 'nobody' WHERE id = 5"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _, _ = runCLI(t, "audit", "verify", "--db", db)
	if code != 1 || !strings.Contains(out, "row 5") || !strings.Contains(out, "altered") {
		t.Errorf("audit verify after changing row 5: exit %d, %q", code, out)
	}
	code, out, _, _ = runCLI(t, "check", "--db", db)
	if code != 1 || !strings.Contains(out, "Audit trail altered") {
		t.Errorf("check after changing row 5: exit %d, %q", code, out)
	}
	if code, _, errOut, _ := runCLI(t, "audit", "--db", db); code != 2 || !strings.Contains(errOut, "verify") {
		t.Errorf("audit without verify: exit %d, %q", code, errOut)
	}
}

// TestCommandLineIsAudited: what the command line does is in the audit
// trail under the computer user's name.
func TestCommandLineIsAudited(t *testing.T) {
	db := demoDatabase(t)
	if code, _, errOut, _ := runCLI(t, "recall", "--db", db, "--csv"); code != 0 {
		t.Fatalf("recall: %s", errOut)
	}
	s, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetActor(data.CommandLine("test"))
	rows, err := s.AuditTrail(context.Background(), data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	newest := rows[0]
	if newest.Action != data.ActionExported || newest.Actor != data.CommandLine(osUser()).Name {
		t.Errorf("newest audit row = %+v, want the recall export by %q", newest, data.CommandLine(osUser()).Name)
	}
	var imported bool
	for _, r := range rows {
		imported = imported || (r.Action == data.ActionCreated && strings.Contains(r.Detail, "imported 60 patients"))
	}
	if !imported {
		t.Error("the demo's import of 60 patients is not in the audit trail")
	}
}
