package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"os/user"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

func mustExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// auditedClinic is a set-up clinic with a few audit rows: set-up, a
// second account, sign-ins good and bad.
func auditedClinic(t *testing.T) *sqlstore.Store {
	t.Helper()
	s := mustSetUp(t)
	mustAccount(t, s, "Ben Desk", data.RoleReception, "ben", "Reception-1")
	ctx := context.Background()
	s.SignIn(ctx, "ben", "wrong")
	if _, err := s.SignIn(ctx, "ben", "Reception-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "owner", "Clinic-2026"); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAuditChain(t *testing.T) {
	ctx := context.Background()
	t.Run("IntactChainIsOK", func(t *testing.T) {
		s := auditedClinic(t)
		v, err := s.VerifyAudit(ctx)
		if err != nil || !v.OK() || v.Rows < 8 {
			t.Fatalf("VerifyAudit = %+v, %v; want OK over every row", v, err)
		}
	})
	t.Run("ErrTriggersRefuseChanges", func(t *testing.T) {
		s := auditedClinic(t)
		db := rawDB(t, s.Path())
		if _, err := db.Exec("UPDATE audit_log SET actor = 'someone else' WHERE id = 2"); err == nil || !strings.Contains(err.Error(), "cannot be changed") {
			t.Errorf("UPDATE audit_log: %v, want refused", err)
		}
		if _, err := db.Exec("DELETE FROM audit_log WHERE id = 2"); err == nil || !strings.Contains(err.Error(), "cannot be changed") {
			t.Errorf("DELETE FROM audit_log: %v, want refused", err)
		}
	})
	for _, tc := range []struct {
		name    string
		tamper  []string
		badRow  int64 // -1: any row
		problem string
	}{
		{"ErrAltered", []string{"UPDATE audit_log SET detail = 'nothing happened' WHERE id = 4"}, 4, "was altered"},
		{"ErrRemoved", []string{"DELETE FROM audit_log WHERE id IN (3, 4)"}, 5, "rows 3 to 4 were removed"},
		{"ErrReplaced", []string{"DELETE FROM audit_log WHERE id = 3",
			"INSERT INTO audit_log (id, at, actor, action, prev_hash, hash) SELECT 3, at, 'forger', 'viewed', prev_hash, hash FROM audit_log WHERE id = 2"},
			3, "row 3 does not follow row 2"},
		{"ErrNewestRemoved", []string{"DELETE FROM audit_log WHERE id >= (SELECT max(id) - 1 FROM audit_log)"}, -1, "the newest, were removed"},
		{"ErrInsertedAtEnd", []string{"INSERT INTO audit_log (id, at, actor, action, prev_hash, hash) SELECT max(id) + 1, max(at), 'forger', 'viewed', '', '' FROM audit_log"},
			-1, "inserted out of order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := auditedClinic(t)
			db := rawDB(t, s.Path())
			mustExec(t, db, "DROP TRIGGER audit_log_locked")
			mustExec(t, db, "DROP TRIGGER audit_log_kept")
			for _, q := range tc.tamper {
				mustExec(t, db, q)
			}
			v, err := s.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if v.OK() || (tc.badRow > 0 && v.BadRow != tc.badRow) || !strings.Contains(v.Problem, tc.problem) {
				t.Errorf("VerifyAudit = %+v, want row %d: %q", v, tc.badRow, tc.problem)
			}
		})
	}
}

func TestAuditRows(t *testing.T) {
	ctx := context.Background()
	s := auditedClinic(t)
	list, err := s.AuditTrail(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(list) - 1; i >= 0; i-- {
		got = append(got, list[i].Actor+" "+string(list[i].Action)+" "+list[i].Detail)
	}
	text := strings.Join(got, "\n")
	for _, w := range []string{
		"Fiona Byrne setting_changed first start",
		"Fiona Byrne signed_in",
		"Ben Desk sign_in_failed wrong password (1 of 5)",
		"Ben Desk signed_in",
		"Ben Desk signed_out switched user",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("audit trail lacks %q:\n%s", w, text)
		}
	}
}

func TestExportAudit(t *testing.T) {
	ctx := context.Background()
	s := auditedClinic(t)
	p := datatest.ValidPatient()
	p.FirstName, p.LastName = "=HYPERLINK(\"x\")", "O'Brien, Jr"
	p = mustCreate(t, s, p)
	var buf bytes.Buffer
	if err := s.ExportAudit(ctx, data.AuditFilter{PatientID: p.ID}, &buf); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("the export is not valid CSV: %v", err)
	}
	if len(records) != 2 {
		t.Fatalf("export for one patient = %q, want a header and the row of the registration", records)
	}
	if got := records[1][4]; !strings.HasPrefix(got, "'") || !strings.Contains(got, "O'Brien, Jr") {
		t.Errorf("patient cell = %q, want the name kept whole and not read as a formula", got)
	}
	list, err := s.AuditTrail(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := list[0]; got.Action != data.ActionExported || got.PatientID != p.ID {
		t.Errorf("newest audit row = %+v, want the export itself", got)
	}
}

func TestBackupAndRestoreAudited(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	c := mustClinic(t)
	c.signIn(c.receptionist)
	_, err := c.s.Backup(ctx, t.TempDir(), 3)
	wantError(t, err, data.EFORBIDDEN, "may not make or restore backups")
	b, err := c.s.AutoBackup(ctx, t.TempDir())
	if err != nil {
		t.Fatalf("a scheduled backup under reception: %v", err)
	}
	_, err = c.s.Restore(ctx, b.Path)
	wantError(t, err, data.EFORBIDDEN, "may not make or restore backups")
	c.signIn(c.admin)
	if _, err := c.s.Restore(ctx, b.Path); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.s.Actor(); ok {
		t.Error("still signed in after a restore, with the backup's accounts")
	}
	c.signIn(c.admin)
	list, err := c.s.AuditTrail(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := list[0]; got.Action != data.ActionRestoredBackup || got.Actor != c.admin.Name {
		t.Errorf("newest row after a restore = %+v, want the restore by the administrator", got)
	}
	v, err := c.s.VerifyAudit(ctx)
	if err != nil || !v.OK() {
		t.Errorf("the chain after a restore: %+v, %v", v, err)
	}
	// The backup row itself was written after the snapshot, so the restored
	// trail ends before it; the refusals were after it too.
	for _, e := range list {
		if e.Action == data.ActionBackedUp || (e.Action == data.ActionRefused && strings.Contains(e.Detail, "backup") && e.ID > 1) {
			if e.At.After(b.Taken) {
				t.Errorf("restored trail holds %+v, written after the backup was taken", e)
			}
		}
	}
}

// TestRestoreByANewcomer: an administrator who joined after the backup
// restores it; the restore is recorded under their name although the
// backup's staff list does not know them.
func TestRestoreByANewcomer(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	c := mustClinic(t)
	c.signIn(c.admin)
	b, err := c.s.Backup(ctx, t.TempDir(), 3)
	if err != nil {
		t.Fatal(err)
	}
	newcomer := data.StaffMember{Name: "Nia Newcomer", Role: data.RoleAdmin, Active: true}
	if err := c.s.CreateStaffMember(ctx, &newcomer); err != nil {
		t.Fatal(err)
	}
	c.signIn(newcomer)
	if _, err := c.s.Restore(ctx, b.Path); err != nil {
		t.Fatalf("Restore by an administrator the backup does not know: %v", err)
	}
	c.signIn(c.admin)
	list, err := c.s.AuditTrail(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := list[0]; got.Action != data.ActionRestoredBackup || got.Actor != "Nia Newcomer" || got.StaffID != 0 {
		t.Errorf("restore row = %+v, want it in Nia Newcomer's name without a staff link", got)
	}
}

func TestViewPatientIsAudited(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	c.signIn(c.receptionist)
	p, err := c.s.ViewPatient(ctx, c.patient.ID)
	if err != nil || p.ID != c.patient.ID {
		t.Fatalf("ViewPatient = %+v, %v", p, err)
	}
	c.signIn(c.admin)
	list, err := c.s.AuditTrail(ctx, data.AuditFilter{PatientID: c.patient.ID, StaffID: c.receptionist.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Action != data.ActionViewed || list[0].Actor != c.receptionist.Name {
		t.Errorf("the receptionist's rows for the patient = %+v, want one view", list)
	}
	_, err = c.s.ViewPatient(ctx, 99999)
	wantError(t, err, data.ENOTFOUND, "not found")
}

// writeProbe is an export's destination that, while it is written, tries
// to start a write as another PC would, without waiting.
type writeProbe struct {
	other *sql.DB
	err   error
	bytes.Buffer
}

func (w *writeProbe) Write(p []byte) (int, error) {
	tx, err := w.other.Begin()
	if err == nil {
		err = tx.Rollback()
	}
	if w.err == nil {
		w.err = err
	}
	return w.Buffer.Write(p)
}

// TestExportAuditLetsOthersWrite: the file of an audit export (perhaps on
// a slow USB stick) is written without holding the database's write lock.
func TestExportAuditLetsOthersWrite(t *testing.T) {
	sqliteOnly(t)
	s := auditedClinic(t)
	other, err := sql.Open("sqlite", "file:"+s.Path()+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	w := &writeProbe{other: other}
	if err := s.ExportAudit(context.Background(), data.AuditFilter{}, w); err != nil {
		t.Fatal(err)
	}
	if w.err != nil {
		t.Errorf("another PC could not save while the export was written: %v", w.err)
	}
	if !strings.HasPrefix(w.String(), "Row,Time (UTC)") {
		t.Errorf("export = %.40q…", w.String())
	}
}

// TestAutoBackupWithNobodySignedIn: the schedule and the backup on closing
// run at the sign-in screen too, recorded under the computer's user.
func TestAutoBackupWithNobodySignedIn(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	c := mustClinic(t)
	c.signIn(c.admin)
	if err := c.s.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := c.s.AutoBackup(ctx, t.TempDir())
	if err != nil {
		t.Fatalf("a scheduled backup with nobody signed in: %v", err)
	}
	if !b.Verified {
		t.Errorf("backup = %+v, want a verified one", b)
	}
	c.signIn(c.admin)
	list, err := c.s.AuditTrail(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	if got := list[0]; got.Action != data.ActionBackedUp || !strings.Contains(got.Actor, u.Username) || !strings.Contains(got.Actor, "nobody signed in") {
		t.Errorf("newest row = %+v, want the backup by the computer's user %s", got, u.Username)
	}
}
