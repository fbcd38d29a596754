package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// TestServerSchemaCheck drops and disables a lock trigger on a server, as
// someone with psql and the owner's password could: the next start names
// it, session writes are refused until an administrator repairs it, and
// the repair puts it back.
func TestServerSchemaCheck(t *testing.T) {
	if testEngine != "postgres" {
		t.Skip("about server databases")
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name, tamper, want string
	}{
		{"Dropped", "DROP TRIGGER sessions_signed_locked ON sessions", "The trigger sessions_signed_locked (on sessions) is missing"},
		{"Disabled", "ALTER TABLE sessions DISABLE TRIGGER sessions_signed_locked", "The trigger sessions_signed_locked (on sessions) was disabled"},
		{"Added", "CREATE TRIGGER quietly BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_lot_keys()",
			"The trigger quietly (on sessions) was added outside Needlepoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustClinic(t)
			mustReady(t, c)
			ts := mustSeries(t, c, data.TreatmentSeries{StartedOn: datatest.Date(2026, 10, 1)})
			raw, err := sql.Open("pgx", c.s.Path())
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.ExecContext(ctx, tc.tamper); err != nil {
				t.Fatal(err)
			}
			s := mustOpenPath(t, c.s.Path())
			c.s = s
			if got := problemsText(s.SchemaProblems()); !strings.Contains(got, tc.want) {
				t.Fatalf("SchemaProblems() = %q, want %q", got, tc.want)
			}
			c.signIn(c.practitioner)
			x := validSession(c, ts.ID)
			x.PerformedAt = datatest.Date(2026, 10, 1).Add(14 * time.Hour)
			if err := s.LogSession(ctx, &x); data.ErrorCode(err) != data.ELOCKED {
				t.Fatalf("LogSession with the trigger off = %v, want ELOCKED", err)
			}
			c.signIn(c.admin)
			if _, err := s.RepairSchema(ctx); err != nil {
				t.Fatal(err)
			}
			if got := s.SchemaProblems(); len(got) != 0 {
				t.Errorf("SchemaProblems() after the repair = %v", got)
			}
			findings, err := s.VerifyDatabase(ctx)
			if err != nil || len(findings) != 0 {
				t.Errorf("VerifyDatabase after the repair = %q, %v", findings, err)
			}
			c.signIn(c.practitioner)
			if err := s.LogSession(ctx, &x); err != nil {
				t.Errorf("LogSession after the repair: %v", err)
			}
		})
	}
}
