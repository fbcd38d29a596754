package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

func TestSchemaCheck(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		tamper []string
		want   string
	}{
		{"TriggerDropped", []string{"DROP TRIGGER sessions_signed_locked"},
			"The trigger sessions_signed_locked (on sessions) is missing"},
		{"TriggerDisarmed", []string{"DROP TRIGGER sessions_signed_locked",
			"CREATE TRIGGER sessions_signed_locked BEFORE UPDATE ON sessions WHEN 0 BEGIN SELECT 1; END"},
			"The trigger sessions_signed_locked (on sessions) was altered"},
		{"TriggerAdded", []string{"CREATE TRIGGER quietly AFTER INSERT ON session_areas BEGIN UPDATE session_areas SET depth = 10 WHERE session_id = NEW.session_id; END"},
			"The trigger quietly (on session_areas) was added outside Needlepoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustClinic(t)
			mustReady(t, c)
			ts := mustSeries(t, c, data.TreatmentSeries{StartedOn: datatest.Date(2026, 10, 1)})
			path := c.s.Path()
			c.s.Close()
			tamper(t, path, tc.tamper...)

			s := mustOpenPath(t, path)
			c.s = s
			if got := problemsText(s.SchemaProblems()); !strings.Contains(got, tc.want) {
				t.Fatalf("SchemaProblems() = %q, want %q", got, tc.want)
			}
			if got := strings.Join(checkFindings(t, path), "\n"); !strings.Contains(got, "Schema: "+tc.want) {
				t.Errorf("Check found:\n%s\nwant %q", got, tc.want)
			}
			s.SetActor(data.Actor{StaffID: c.admin.ID, Name: c.admin.Name, Role: data.RoleAdmin})
			if n := countActions(t, s, data.ActionSchemaAltered); n != 1 {
				t.Errorf("%d audit rows record the altered schema, want 1 (the same damage is recorded once)", n)
			}

			c.signIn(c.practitioner)
			x := validSession(c, ts.ID)
			x.PerformedAt = datatest.Date(2026, 10, 1).Add(14 * time.Hour)
			err := s.LogSession(ctx, &x)
			if code := data.ErrorCode(err); code != data.ELOCKED || !strings.Contains(data.ErrorMessage(err), "administrator must repair") {
				t.Fatalf("LogSession with the schema altered = %v, want ELOCKED naming the repair", err)
			}
			p := c.patient
			p.Phone = "07700 900123"
			if err := s.UpdatePatient(ctx, &p); err != nil {
				t.Errorf("UpdatePatient, which the damage does not touch: %v", err)
			}

			if _, err := s.RepairSchema(ctx); data.ErrorCode(err) != data.EFORBIDDEN {
				t.Errorf("RepairSchema by a practitioner = %v, want EFORBIDDEN", err)
			}
			c.signIn(c.admin)
			repaired, err := s.RepairSchema(ctx)
			if err != nil || len(repaired) != 1 {
				t.Fatalf("RepairSchema = %v, %v; want the one problem repaired", repaired, err)
			}
			if got := s.SchemaProblems(); len(got) != 0 {
				t.Errorf("SchemaProblems() after the repair = %v", got)
			}
			if n := countActions(t, s, data.ActionSchemaRepaired); n != 1 {
				t.Errorf("%d audit rows record the repair, want 1", n)
			}
			c.signIn(c.practitioner)
			if err := s.LogSession(ctx, &x); err != nil {
				t.Errorf("LogSession after the repair: %v", err)
			}
			s.Close()
			if got := checkFindings(t, path); len(got) != 0 {
				t.Errorf("Check after the repair = %q", got)
			}
		})
	}
	t.Run("ErrTableCannotBeRepaired", func(t *testing.T) {
		c := mustClinic(t)
		path := c.s.Path()
		c.s.Close()
		tamper(t, path, "DROP TABLE recall_calls")
		s := mustOpenPath(t, path)
		defer s.Close()
		s.SetActor(data.Actor{StaffID: c.admin.ID, Name: c.admin.Name, Role: data.RoleAdmin})
		_, err := s.RepairSchema(ctx)
		if !strings.Contains(data.ErrorMessage(err), "restore the newest verified backup") {
			t.Errorf("RepairSchema with a table gone = %v, want to be told to restore a backup", err)
		}
	})
}

func problemsText(list []sqlstore.SchemaProblem) string {
	var parts []string
	for _, p := range list {
		parts = append(parts, p.String())
	}
	return strings.Join(parts, "\n")
}

func countActions(t *testing.T, s *sqlstore.Store, action data.AuditAction) int {
	t.Helper()
	rows, err := s.AuditTrail(context.Background(), data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if r.Action == action {
			n++
		}
	}
	return n
}
