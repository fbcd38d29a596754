package sqlstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// sealedRecords is a clinic with one of every sealed record: a patient
// with allergies, a screening, a signed consultation and a signed session,
// each with an addendum; mustSealedClinic closes its store.
type sealedRecords struct {
	path                                string
	patient, screening                  int64
	consultation, consultationAdd       int64
	session, sessionAdd                 int64
	consent, consentForm                int64
	practitioner, admin, receptionistID int64
	practitionerName, patientName       string
}

func mustSealedClinic(t *testing.T) sealedRecords {
	t.Helper()
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	r := sealedRecords{path: c.s.Path(), patient: c.patient.ID, practitioner: c.practitioner.ID,
		admin: c.admin.ID, receptionistID: c.receptionist.ID, practitionerName: c.practitioner.Name,
		patientName: c.patient.FullName()}
	screenings, err := c.s.Screenings(ctx, c.patient.ID)
	if err != nil || len(screenings) == 0 {
		t.Fatalf("Screenings = %v, %v", screenings, err)
	}
	r.screening = screenings[0].ID
	consents, err := c.s.PatientConsents(ctx, c.patient.ID)
	if err != nil || len(consents) != 1 {
		t.Fatalf("PatientConsents = %v, %v", consents, err)
	}
	r.consent, r.consentForm = consents[0].ID, consents[0].Template.ID
	cons := mustConsultation(t, c)
	if err := c.s.SignConsultation(ctx, cons.ID, cons.Version, c.practitioner.ID); err != nil {
		t.Fatal(err)
	}
	add, err := c.s.AddConsultationAddendum(ctx, cons.ID, c.practitioner.ID, "Typo", "Forehead, not temples.")
	if err != nil {
		t.Fatal(err)
	}
	r.consultation, r.consultationAdd = cons.ID, add.ID
	ts := mustSeries(t, c, data.TreatmentSeries{StartedOn: datatest.Date(2026, 10, 1)})
	x := validSession(c, ts.ID)
	x.PerformedAt = datatest.Date(2026, 10, 1).Add(14 * time.Hour)
	mustLogSigned(t, c, &x)
	add, err = c.s.AddSessionAddendum(ctx, x.ID, c.practitioner.ID, "Lot", "Cartridge lot was DP4-2612D.")
	if err != nil {
		t.Fatal(err)
	}
	r.session, r.sessionAdd = x.ID, add.ID
	if err := c.s.Close(); err != nil {
		t.Fatal(err)
	}
	return r
}

// checkFindings opens path and returns what Check finds.
func checkFindings(t *testing.T, path string) []string {
	t.Helper()
	s := mustOpenPath(t, path)
	defer s.Close()
	s.SetActor(data.CommandLine("owner"))
	findings, err := s.VerifyDatabase(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return findings
}

// tamper runs statements on the file as a raw SQL client would.
func tamper(t *testing.T, path string, statements ...string) {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	for _, q := range statements {
		mustExec(t, db, q)
	}
}

// triggerSQL returns the statement that made a trigger, to put it back.
func triggerSQL(t *testing.T, path, name string) string {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	var text string
	if err := db.QueryRow("SELECT sql FROM sqlite_schema WHERE name = ?", name).Scan(&text); err != nil {
		t.Fatal(err)
	}
	return text
}

func TestSealsFindChangesMadeAroundTheTriggers(t *testing.T) {
	sqliteOnly(t)
	r := mustSealedClinic(t)
	if got := checkFindings(t, r.path); len(got) != 0 {
		t.Fatalf("Check on an untouched clinic = %q, want nothing", got)
	}
	ids := itoa
	for _, tc := range []struct {
		name     string
		triggers []string // dropped before and put back after
		tamper   string
		want     string
	}{
		{"SignedSession", []string{"sessions_signed_locked"},
			"UPDATE sessions SET notes = 'nothing happened' WHERE id = " + ids(r.session), "Session " + ids(r.session) + " of " + r.patientName},
		{"SignedSessionAreas", []string{"session_areas_signed_locked"},
			"UPDATE session_areas SET depth = 300 WHERE session_id = " + ids(r.session), "Session " + ids(r.session) + " of"},
		{"SignedConsultation", []string{"consultations_signed_locked"},
			"UPDATE consultations SET notes = 'no patch test' WHERE id = " + ids(r.consultation), "Consultation " + ids(r.consultation) + " of " + r.patientName},
		{"ConsultationUnsigned", []string{"consultations_signed_locked"},
			"UPDATE consultations SET signed_at = NULL, signed_by = NULL WHERE id = " + ids(r.consultation), "was unsigned or removed outside Needlepoint"},
		{"SessionAddendum", []string{"session_addenda_locked"},
			"UPDATE session_addenda SET text = 'fine' WHERE id = " + ids(r.sessionAdd), "Session addendum " + ids(r.sessionAdd)},
		{"ConsultationAddendumRemoved", []string{"consultation_addenda_kept"},
			"DELETE FROM consultation_addenda WHERE id = " + ids(r.consultationAdd), "Consultation addendum " + ids(r.consultationAdd) + ", sealed on"},
		{"Screening", []string{"screenings_never_updated"},
			"UPDATE screenings SET pregnant = 1 WHERE id = " + ids(r.screening), "Screening " + ids(r.screening)},
		{"AllergiesErased", nil,
			"UPDATE patients SET allergies = '' WHERE id = " + ids(r.patient), `allergies were "Lidocaine (rash)", now ""`},
		{"SignedOutsideNeedlepoint", nil,
			"INSERT INTO consultations (patient_id, consulted_on, practitioner_id, signed_at, signed_by, created_at, updated_at) VALUES (" +
				ids(r.patient) + ", '2026-11-01', " + ids(r.practitioner) + ", '2026-11-01T10:00:00Z', " + ids(r.practitioner) + ", '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')",
			"has no seal: it was signed outside Needlepoint"},
		{"ClinicIdentityReplaced", nil,
			"UPDATE settings SET value = 'another clinic' WHERE key = 'clinic_id'", "The clinic's identity (clinic_id, which its backups' witnesses name) was changed outside Needlepoint"},
		{"SignedConsent", []string{"consents_locked"},
			"UPDATE consents SET confirmed = '[]' WHERE id = " + ids(r.consent), "Consent " + ids(r.consent) + " of " + r.patientName},
		{"ConsentWithdrawnOutsideNeedlepoint", []string{"consents_locked"},
			"UPDATE consents SET withdrawn_at = '2026-11-01T10:00:00Z', withdrawn_by = 'x', withdrawn_reason = 'y' WHERE id = " + ids(r.consent),
			"Consent " + ids(r.consent) + " of " + r.patientName},
		{"ConsentFormReworded", []string{"consent_templates_locked"},
			"UPDATE consent_templates SET body = 'No risks.' WHERE id = " + ids(r.consentForm), "Consent form " + ids(r.consentForm)},
		{"SealReplaced", []string{"seals_locked"},
			"UPDATE seals SET hash = 'x' WHERE kind = 'session' AND record_id = " + ids(r.session), "The seals written with audit row"},
		{"SealRemoved", []string{"seals_kept"},
			"DELETE FROM seals WHERE kind = 'screening'", "were removed outside Needlepoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := copyDatabase(t, r.path)
			var statements, restore []string
			for _, name := range tc.triggers {
				restore = append(restore, triggerSQL(t, path, name))
				statements = append(statements, "DROP TRIGGER "+name)
			}
			statements = append(append(statements, tc.tamper), restore...)
			tamper(t, path, statements...)
			got := strings.Join(checkFindings(t, path), "\n")
			if !strings.Contains(got, tc.want) {
				t.Errorf("Check found:\n%s\nwant a finding containing %q", got, tc.want)
			}
		})
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// copyDatabase copies a closed database file for one test to spoil.
func copyDatabase(t *testing.T, path string) string {
	t.Helper()
	dst := t.TempDir() + "/clinic.db"
	src := rawDB(t, path)
	defer src.Close()
	mustExec(t, src, "VACUUM INTO ?", dst)
	return dst
}

func TestAccountsChangedOutsideNeedlepoint(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	setUp := func(t *testing.T) (path string, ben, gone data.StaffMember) {
		s := mustSetUp(t)
		ben = mustAccount(t, s, "Ben Desk", data.RoleReception, "ben", "Reception-1")
		gone = mustAccount(t, s, "Gwen Left", data.RolePractitioner, "gwen", "Practice-9")
		gone.Active = false
		if err := s.UpdateStaffMember(ctx, &gone); err != nil {
			t.Fatal(err)
		}
		path = s.Path()
		s.Close()
		return path, ben, gone
	}
	// The owner's own hash, known to whoever reads this test.
	knownHash := func(t *testing.T, path string) string {
		db := rawDB(t, path)
		defer db.Close()
		var h string
		if err := db.QueryRow("SELECT password_hash FROM accounts WHERE username = 'owner'").Scan(&h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	for _, tc := range []struct {
		name     string
		tamper   func(path string, ben, gone data.StaffMember) string
		username string
		password string
		want     string
	}{
		{"RoleRaised", func(_ string, ben, _ data.StaffMember) string {
			return "UPDATE staff SET role = 'admin' WHERE id = " + itoa(ben.ID)
		}, "ben", "Reception-1", "Staff member Ben Desk"},
		{"AdminAccountInserted", func(path string, _, _ data.StaffMember) string {
			return "INSERT INTO staff (name, role, active, created_at, updated_at) VALUES ('Eve', 'admin', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');" +
				"INSERT INTO accounts (staff_id, username, password_hash, created_at, updated_at) VALUES (last_insert_rowid(), 'eve', '" +
				knownHash(t, path) + "', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
		}, "eve", "Clinic-2026", "has no seal"},
		{"PasswordHashReplaced", func(path string, ben, _ data.StaffMember) string {
			return "UPDATE accounts SET password_hash = '" + knownHash(t, path) + "' WHERE staff_id = " + itoa(ben.ID)
		}, "ben", "Clinic-2026", `The account "ben" of Ben Desk`},
		{"LeaverReactivated", func(_ string, _, gone data.StaffMember) string {
			return "UPDATE staff SET active = 1 WHERE id = " + itoa(gone.ID)
		}, "gwen", "Practice-9", "Staff member Gwen Left"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, ben, gone := setUp(t)
			tamper(t, path, tc.tamper(path, ben, gone))
			got := strings.Join(checkFindings(t, path), "\n")
			if !strings.Contains(got, tc.want) || !strings.Contains(got, "cannot sign in until an administrator confirms it") {
				t.Errorf("Check found:\n%s\nwant %q and that it cannot sign in", got, tc.want)
			}
			s := mustOpenPath(t, path)
			defer s.Close()
			_, err := s.SignIn(ctx, tc.username, tc.password)
			if code := data.ErrorCode(err); code != data.EFORBIDDEN || !strings.Contains(data.ErrorMessage(err), "outside Needlepoint") {
				t.Fatalf("SignIn(%s) = %v, want refused as changed outside Needlepoint", tc.username, err)
			}
			if _, err := s.SignIn(ctx, "owner", "Clinic-2026"); err != nil {
				t.Fatal(err)
			}
			accounts, err := s.Accounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var changed int64
			for _, a := range accounts {
				if a.ChangedOutside != "" {
					changed = a.StaffID
				}
			}
			if changed == 0 {
				t.Fatalf("Accounts() marks none changed outside Needlepoint: %+v", accounts)
			}
			if err := s.ConfirmAccount(ctx, changed); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SignIn(ctx, tc.username, tc.password); err != nil {
				t.Errorf("SignIn after the administrator confirmed: %v", err)
			}
			if got := checkFindings(t, path); len(got) != 0 {
				t.Errorf("Check after confirming = %q, want nothing", got)
			}
		})
	}
	t.Run("ErrOnlyAdministratorsConfirm", func(t *testing.T) {
		path, ben, _ := setUp(t)
		s := mustOpenPath(t, path)
		defer s.Close()
		if _, err := s.SignIn(ctx, "ben", "Reception-1"); err != nil {
			t.Fatal(err)
		}
		if err := s.ConfirmAccount(ctx, ben.ID); data.ErrorCode(err) != data.EFORBIDDEN {
			t.Errorf("ConfirmAccount by reception = %v, want EFORBIDDEN", err)
		}
	})
}

// TestSealsOnUpgrade opens a database from before seals: the records on
// file are sealed by the upgrade, in one audit row, and a change made
// after it is found.
func TestSealsOnUpgrade(t *testing.T) {
	sqliteOnly(t)
	r := mustSealedClinic(t)
	path := copyDatabase(t, r.path)
	tamper(t, path,
		"DROP TABLE consents", "DROP TABLE consent_templates",
		"DROP INDEX sessions_by_performed_at", "DROP INDEX patients_by_phone_e164",
		"ALTER TABLE patients DROP COLUMN emergency_contact_phone_e164",
		"ALTER TABLE patients DROP COLUMN phone_e164",
		"DROP TABLE photo_images", "DROP TABLE photos", "DROP TABLE photo_consents",
		"DROP TABLE seals",
		"DROP TABLE patient_medical_history",
		"ALTER TABLE audit_log DROP COLUMN seal",
		"PRAGMA user_version = 14")
	// The chain's sealed rows no longer hash as written once their seal
	// column is gone, so this file stands for the records, not the trail.
	s := mustOpenPath(t, path)
	s.SetActor(data.CommandLine("owner"))
	rows, err := s.AuditTrail(context.Background(), data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Action != data.ActionSealed || rows[0].Actor != "Needlepoint (upgrade)" || !strings.Contains(rows[0].Detail, "session: 1") {
		t.Errorf("newest audit row after the upgrade = %+v, want the upgrade's seal of every record", rows[0])
	}
	s.Close()
	tamper(t, path, "UPDATE patients SET medications = 'Isotretinoin' WHERE id = "+itoa(r.patient))
	got := strings.Join(checkFindings(t, path), "\n")
	if !strings.Contains(got, `medications were "None", now "Isotretinoin"`) {
		t.Errorf("Check after the upgrade found:\n%s\nwant the changed medications", got)
	}
}
