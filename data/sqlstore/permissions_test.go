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

// TestPermissionMatrix is the permissions table of the issue, role by role:
// reception runs the desk, a practitioner also keeps the clinical record, an
// administrator also runs staff, settings, audit and backups.
func TestPermissionMatrix(t *testing.T) {
	desk := "patients appointments recall print"
	clinical := desk + " screening override consultations sessions sign addenda"
	want := map[data.Role]string{
		data.RoleReception:    desk,
		data.RolePractitioner: clinical,
		data.RoleAdmin:        clinical + " staff settings audit backup",
	}
	for _, r := range data.Roles {
		granted := strings.Fields(want[r])
		for _, p := range data.Permissions {
			wantCan := false
			for _, g := range granted {
				wantCan = wantCan || g == string(p)
			}
			if got := r.Can(p); got != wantCan {
				t.Errorf("%s can %s = %v, want %v", r, p, got, wantCan)
			}
		}
	}
	if data.Role("surgeon").Can(data.PermPatients) {
		t.Error("an unknown role has a permission")
	}
}

// auditCount returns how many rows the audit trail has; checking the
// chain reads them all and writes none.
func auditCount(t *testing.T, c clinic) int {
	t.Helper()
	v, err := c.s.VerifyAudit(context.Background())
	if err != nil || !v.OK() {
		t.Fatalf("VerifyAudit = %+v, %v", v, err)
	}
	return v.Rows
}

// TestPermissionsEnforced tries one action of each permission as each role:
// the store refuses exactly what the role may not do, with a message naming
// it, and every action, done or refused, writes exactly one audit row.
func TestPermissionsEnforced(t *testing.T) {
	ctx := context.Background()
	actions := []struct {
		perm data.Permission
		do   func(c clinic, f fixtures) error
	}{
		{data.PermPatients, func(c clinic, f fixtures) error {
			p := datatest.ValidPatient()
			p.FirstName = "Ngozi"
			return c.s.CreatePatient(ctx, &p)
		}},
		{data.PermAppointments, func(c clinic, f fixtures) error {
			a := data.Appointment{Kind: data.KindConsultation, PatientID: c.patient.ID, PractitionerID: c.practitioner.ID,
				Start: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
			return c.s.Book(ctx, &a)
		}},
		{data.PermRecall, func(c clinic, f fixtures) error {
			who, _ := c.s.Actor()
			return c.s.MarkCalled(ctx, c.patient.ID, 0, who.StaffID, "Left a message")
		}},
		{data.PermBackup, func(c clinic, f fixtures) error {
			return c.s.SaveBackupSettings(ctx, sqlstore.BackupSettings{Folder: f.dir, Keep: 7, EveryHours: 24, OnClose: true})
		}},
		{data.PermPrint, func(c clinic, f fixtures) error {
			return c.s.RecordPrinted(ctx, c.patient.ID, "Treatment plan")
		}},
		{data.PermScreening, func(c clinic, f fixtures) error {
			sc := data.Screening{PatientID: c.patient.ID, ScreenedOn: datatest.Date(2026, 11, 1), RecordedBy: "Anyone"}
			return c.s.CreateScreening(ctx, &sc)
		}},
		{data.PermConsultations, func(c clinic, f fixtures) error {
			x := c.draft()
			return c.s.CreateConsultation(ctx, &x)
		}},
		{data.PermSessions, func(c clinic, f fixtures) error {
			ts := data.TreatmentSeries{PatientID: c.patient.ID, PlannedSessions: 3, StartedOn: datatest.Date(2026, 11, 1)}
			return c.s.CreateSeries(ctx, &ts)
		}},
		{data.PermSign, func(c clinic, f fixtures) error {
			who, _ := c.s.Actor()
			return c.s.SignConsultation(ctx, f.draft.ID, f.draft.Version, who.StaffID)
		}},
		{data.PermAddenda, func(c clinic, f fixtures) error {
			who, _ := c.s.Actor()
			_, err := c.s.AddConsultationAddendum(ctx, f.signed.ID, who.StaffID, "Typo", "Forehead, not chin.")
			return err
		}},
		{data.PermStaff, func(c clinic, f fixtures) error {
			return c.s.CreateStaffMember(ctx, &data.StaffMember{Name: "New Hire", Role: data.RoleReception, Active: true})
		}},
		{data.PermSettings, func(c clinic, f fixtures) error {
			return c.s.SaveClinicRules(ctx, data.DefaultClinicRules())
		}},
		{data.PermAudit, func(c clinic, f fixtures) error {
			var buf strings.Builder
			return c.s.ExportAudit(ctx, data.AuditFilter{PatientID: c.patient.ID}, &buf)
		}},
	}
	for _, role := range data.Roles {
		for _, a := range actions {
			t.Run(string(role)+"/"+string(a.perm), func(t *testing.T) {
				c := mustClinic(t)
				f := mustFixtures(t, c)
				m := map[data.Role]data.StaffMember{data.RoleReception: c.receptionist,
					data.RolePractitioner: c.practitioner, data.RoleAdmin: c.admin}[role]
				c.signIn(m)
				before := auditCount(t, c)
				err := a.do(c, f)
				refused := data.ErrorCode(err) == data.EFORBIDDEN && strings.Contains(data.ErrorMessage(err), "may not")
				if refused == role.Can(a.perm) {
					t.Fatalf("%s doing %s: %v; want refused = %v", role, a.perm, err, !role.Can(a.perm))
				}
				if !refused && err != nil && !(a.perm == data.PermSign && role == data.RoleAdmin) {
					t.Fatalf("%s doing %s: %v", role, a.perm, err)
				}
				if err == nil || refused {
					if got := auditCount(t, c) - before; got != 1 {
						t.Errorf("%s doing %s wrote %d audit rows, want 1", role, a.perm, got)
					}
				}
			})
		}
	}
}

// fixtures are the notes an action may need: a draft consultation and a
// signed one, written by the practitioner.
type fixtures struct {
	draft, signed data.Consultation
	dir           string // a folder for backups
}

func mustFixtures(t *testing.T, c clinic) fixtures {
	t.Helper()
	c.signIn(c.practitioner)
	f := fixtures{draft: mustConsultation(t, c), signed: mustConsultation(t, c), dir: t.TempDir()}
	if err := c.s.SignConsultation(context.Background(), f.signed.ID, f.signed.Version, c.practitioner.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestNotSignedIn(t *testing.T) {
	c := mustClinic(t)
	if err := c.s.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.s.Search(context.Background(), "Zoë", data.DayFirst)
	wantError(t, err, data.EFORBIDDEN, "Sign in")
	p := datatest.ValidPatient()
	err = c.s.CreatePatient(context.Background(), &p)
	wantError(t, err, data.EFORBIDDEN, "Sign in")
}

// TestSessionInTheSignedInName: the session log proposes the practitioner
// who is signed in, not the one of the last session.
func TestSessionInTheSignedInName(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{PlannedSessions: 3, StartedOn: datatest.Date(2026, 11, 1)})
	other := mustPractitioner(t, c, "Dr Ben Ng")
	c.signIn(other)
	x := validSession(c, ts.ID)
	x.PractitionerID = other.ID
	if err := c.s.LogSession(ctx, &x); err != nil {
		t.Fatal(err)
	}
	c.signIn(c.practitioner)
	next, err := c.s.PrefillSession(ctx, ts.ID)
	if err != nil {
		t.Fatal(err)
	}
	if next.PractitionerID != c.practitioner.ID {
		t.Errorf("prefilled practitioner = %d, want the signed-in %d", next.PractitionerID, c.practitioner.ID)
	}
	c.signIn(c.receptionist)
	if next, _ := c.s.PrefillSession(ctx, ts.ID); next.PractitionerID != other.ID {
		t.Errorf("prefilled practitioner for reception = %d, want the last session's %d", next.PractitionerID, other.ID)
	}
}
