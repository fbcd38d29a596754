package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// serverRoles is a clinic server's database as server init leaves it: owned
// by a role of its own, which is no superuser, with the application role
// beside it. Every role signs in with the password pg_virtualenv gave its
// superuser, so the tests' addresses need none.
type serverRoles struct {
	owner, app, db     string
	ownerAddr, appAddr string
	password           string
}

// mustServerRoles makes the owner role and its empty database, and names
// the application role, which InitServer creates.
func mustServerRoles(t *testing.T) serverRoles {
	t.Helper()
	if testEngine != "postgres" {
		t.Skip("about server databases")
	}
	password := os.Getenv("PGPASSWORD")
	if password == "" {
		t.Skip("signing in as other roles needs PGPASSWORD")
	}
	admin := pgAdmin(t)
	n := pgTests.n.Add(1)
	r := serverRoles{
		owner:    fmt.Sprintf("np_owner_%d_%d", os.Getpid(), n),
		app:      fmt.Sprintf("np_app_%d_%d", os.Getpid(), n),
		db:       fmt.Sprintf("np_server_%d_%d", os.Getpid(), n),
		password: password,
	}
	r.ownerAddr, r.appAddr = "postgres://"+r.owner+"@/"+r.db, "postgres://"+r.app+"@/"+r.db
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + r.db + " WITH (FORCE)")
		admin.Exec("DROP ROLE IF EXISTS " + r.app)
		admin.Exec("DROP ROLE IF EXISTS " + r.owner)
	})
	mustExec(t, admin, "CREATE ROLE "+r.owner+" LOGIN NOSUPERUSER CREATEROLE PASSWORD '"+password+"'")
	mustExec(t, admin, "CREATE DATABASE "+r.db+" OWNER "+r.owner)
	return r
}

// init runs InitServer as the owner and returns what it did.
func (r serverRoles) init(t *testing.T, password string) string {
	t.Helper()
	done, err := sqlstore.InitServer(context.Background(), r.ownerAddr, sqlstore.ServerSetup{AppRole: r.app, Password: password})
	if err != nil {
		t.Fatalf("InitServer: %v", err)
	}
	return strings.Join(done, "\n")
}

// sqlAs connects to the database as role, as a database tool would.
func (r serverRoles) sqlAs(t *testing.T, role string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", "postgres://"+role+"@/"+r.db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestServerInit(t *testing.T) {
	r := mustServerRoles(t)
	first := r.init(t, r.password)
	for _, want := range []string{"Made Needlepoint's schema", "Created the role " + r.app, "Gave " + r.app + " SELECT on the tables accounts, appointments"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first run said %q, want %q", first, want)
		}
	}
	if strings.Contains(first, r.password) {
		t.Error("InitServer told the password")
	}
	owner := r.sqlAs(t, r.owner)

	t.Run("Privileges", func(t *testing.T) {
		var attrs string
		err := owner.QueryRow(`SELECT concat_ws(' ', rolcanlogin, rolinherit, rolcreaterole, rolcreatedb, rolsuper)
			FROM pg_roles WHERE rolname = $1`, r.app).Scan(&attrs)
		if got, want := attrs, "t f f f f"; err != nil || got != want {
			t.Errorf("login inherit createrole createdb super = %q, %v; want %q", got, err, want)
		}
		var tables, readable int
		err = owner.QueryRow(`SELECT count(*), count(*) FILTER (WHERE has_table_privilege($1, table_name, 'SELECT'))
			FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`, r.app).Scan(&tables, &readable)
		if err != nil || tables < 20 || readable != tables {
			t.Errorf("the application role reads %d of %d tables (%v), want all", readable, tables, err)
		}
		for _, q := range []struct{ table, privilege string }{
			{"audit_log", "UPDATE"}, {"audit_log", "DELETE"}, {"seals", "UPDATE"}, {"seals", "DELETE"},
			{"sessions", "DELETE"}, {"patients", "DELETE"}, {"settings", "DELETE"}, {"patients", "TRUNCATE"},
			{"sessions", "TRIGGER"}, {"staff", "REFERENCES"}, {"audit_log", "SELECT WITH GRANT OPTION"},
		} {
			var has bool
			if err := owner.QueryRow("SELECT has_table_privilege($1, $2, $3)", r.app, q.table, q.privilege).Scan(&has); err != nil || has {
				t.Errorf("%s on %s: %v, %v; want refused", q.privilege, q.table, has, err)
			}
		}
		var create bool
		if err := owner.QueryRow("SELECT has_schema_privilege($1, 'public', 'CREATE') OR has_database_privilege($1, current_database(), 'TEMPORARY')", r.app).Scan(&create); err != nil || create {
			t.Errorf("the application role may create in the schema or make temporary tables: %v, %v", create, err)
		}
		var foreign int
		err = owner.QueryRow(`SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
			AND proname LIKE 'needlepoint%' AND pg_get_userbyid(proowner) <> $1`, r.owner).Scan(&foreign)
		if err != nil || foreign != 0 {
			t.Errorf("%d of Needlepoint's functions belong to another role than the owner (%v)", foreign, err)
		}
	})

	t.Run("Again", func(t *testing.T) {
		again := r.init(t, "")
		for _, want := range []string{"Needlepoint's schema is up to date", "The role " + r.app + " is as it should be; its password was kept.", "already as Needlepoint needs them"} {
			if !strings.Contains(again, want) {
				t.Errorf("the second run said %q, want %q", again, want)
			}
		}
	})

	t.Run("PutsBack", func(t *testing.T) {
		mustExec(t, owner, "GRANT DELETE, TRUNCATE ON audit_log TO "+r.app)
		mustExec(t, owner, "GRANT SELECT ON seals TO "+r.app+" WITH GRANT OPTION")
		mustExec(t, owner, "GRANT CREATE ON SCHEMA public TO PUBLIC")
		mustExec(t, owner, "GRANT TEMPORARY ON DATABASE "+r.db+" TO "+r.app)
		mustExec(t, owner, "REVOKE INSERT ON patients FROM "+r.app)
		mustExec(t, pgAdmin(t), "ALTER ROLE "+r.app+" INHERIT CREATEDB")
		done := r.init(t, r.password+"-new")
		for _, want := range []string{
			"Changed the role " + r.app + ": NOINHERIT, NOCREATEDB.",
			"Set a new password for " + r.app + ".",
			"Took DELETE on the table audit_log from " + r.app + ".",
			"Took TRUNCATE on the table audit_log from " + r.app + ".",
			"Took from " + r.app + " the right to pass on SELECT on the table seals.",
			"Took CREATE on the schema public from PUBLIC.",
			"Took TEMPORARY on the database " + r.db + " from " + r.app + ".",
			"Gave " + r.app + " INSERT on the table patients.",
		} {
			if !strings.Contains(done, want) {
				t.Errorf("the run after changes said %q, want %q", done, want)
			}
		}
		if again := r.init(t, r.password); !strings.Contains(again, "already as Needlepoint needs them") {
			t.Errorf("the run after that said %q", again)
		}
	})
}

func TestServerInitRefusals(t *testing.T) {
	r := mustServerRoles(t)
	ctx := context.Background()
	t.Run("ErrFile", func(t *testing.T) {
		_, err := sqlstore.InitServer(ctx, "clinic.db", sqlstore.ServerSetup{Password: r.password})
		wantError(t, err, data.EINVALID, "is a file on this PC")
	})
	t.Run("ErrNotOwner", func(t *testing.T) {
		mustExec(t, pgAdmin(t), "CREATE ROLE "+r.app+" LOGIN PASSWORD '"+r.password+"'")
		_, err := sqlstore.InitServer(ctx, r.appAddr, sqlstore.ServerSetup{AppRole: "np_other", Password: r.password})
		wantError(t, err, data.EINVALID, "The role "+r.app+" does not own the database "+r.db+" (its owner is "+r.owner+")")
		var tables int
		if err := pgAdmin(t).QueryRow("SELECT count(*) FROM pg_roles WHERE rolname = 'np_other'").Scan(&tables); err != nil || tables != 0 {
			t.Errorf("a refused run made a role: %d, %v", tables, err)
		}
	})
	t.Run("ErrShortPassword", func(t *testing.T) {
		_, err := sqlstore.InitServer(ctx, r.ownerAddr, sqlstore.ServerSetup{AppRole: r.app + "_x", Password: "short"})
		wantError(t, err, data.EINVALID, "at least 12 characters")
	})
	t.Run("ErrNoPassword", func(t *testing.T) {
		_, err := sqlstore.InitServer(ctx, r.ownerAddr, sqlstore.ServerSetup{AppRole: r.app + "_x"})
		wantError(t, err, data.EINVALID, "give it a password")
	})
	t.Run("ErrOwnerAsApp", func(t *testing.T) {
		_, err := sqlstore.InitServer(ctx, r.ownerAddr, sqlstore.ServerSetup{AppRole: r.owner, Password: r.password})
		wantError(t, err, data.EINVALID, "must be another role than "+r.owner)
	})
	t.Run("ErrReplication", func(t *testing.T) {
		mustExec(t, pgAdmin(t), "ALTER ROLE "+r.app+" REPLICATION")
		defer mustExec(t, pgAdmin(t), "ALTER ROLE "+r.app+" NOREPLICATION")
		_, err := sqlstore.InitServer(ctx, r.ownerAddr, sqlstore.ServerSetup{AppRole: r.app})
		wantError(t, err, data.EINVALID, "which only a superuser can take away")
	})
	t.Run("ErrMember", func(t *testing.T) {
		mustExec(t, pgAdmin(t), "GRANT "+r.owner+" TO "+r.app)
		_, err := sqlstore.InitServer(ctx, r.ownerAddr, sqlstore.ServerSetup{AppRole: r.app})
		wantError(t, err, data.EINVALID, "is a member of "+r.owner)
		var made bool
		if err := r.sqlAs(t, r.owner).QueryRow("SELECT to_regclass('needlepoint_schema') IS NOT NULL").Scan(&made); err != nil || made {
			t.Errorf("a refused run made Needlepoint's schema: %v, %v", made, err)
		}
	})
}

// appWork opens the database as the application role and does a day's
// work: staff, a patient, a screening, a signed consultation with an
// addendum, a series, a booking checked in, a session logged, corrected,
// signed and printed, a recall call, an account and a sign-in.
func appWork(t *testing.T, r serverRoles) (c clinic, signedSession int64) {
	t.Helper()
	ctx := context.Background()
	c = mustClinicIn(t, openAnyPath(t, r.appAddr))
	mustReady(t, c)
	cons := mustConsultation(t, c)
	if err := c.s.SignConsultation(ctx, cons.ID, cons.Version, c.practitioner.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.s.AddConsultationAddendum(ctx, cons.ID, c.practitioner.ID, "Typo", "Forehead, not temples."); err != nil {
		t.Fatal(err)
	}
	p := c.patient
	p.Phone = "+44 7700 900123"
	if err := c.s.UpdatePatient(ctx, &p); err != nil {
		t.Fatal(err)
	}
	ts := mustSeries(t, c, data.TreatmentSeries{StartedOn: datatest.Date(2026, 10, 1)})
	a := mustTreatment(t, c, ts.ID, time.Date(2026, 10, 1, 14, 0, 0, 0, time.UTC))
	if err := c.s.SetStatus(ctx, a.ID, a.Version, data.StatusCheckedIn, ""); err != nil {
		t.Fatal(err)
	}
	x := validSession(c, ts.ID)
	x.PerformedAt = datatest.Date(2026, 10, 1).Add(14 * time.Hour)
	if err := c.s.LogSession(ctx, &x); err != nil {
		t.Fatal(err)
	}
	x.Areas = x.Areas[:1]
	if err := c.s.UpdateSession(ctx, &x); err != nil {
		t.Fatal(err)
	}
	if err := c.s.SignSession(ctx, x.ID, x.Version, x.PractitionerID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.s.RecordPrint(ctx, x.ID, "aftercare sheet"); err != nil {
		t.Fatal(err)
	}
	c.signIn(c.receptionist)
	if err := c.s.MarkCalled(ctx, c.patient.ID, ts.ID, c.receptionist.ID, "Left a message"); err != nil {
		t.Fatal(err)
	}
	c.signIn(c.admin)
	if err := c.s.SetAccount(ctx, c.admin.ID, "lucja", "Correct-Horse-2026"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.s.SignIn(ctx, "lucja", "wrong password"); data.ErrorCode(err) == data.EINTERNAL {
		t.Fatalf("a wrong password: %v", err)
	}
	if _, err := c.s.SignIn(ctx, "lucja", "Correct-Horse-2026"); err != nil {
		t.Fatal(err)
	}
	return c, x.ID
}

func TestRoleAppWorks(t *testing.T) {
	r := mustServerRoles(t)
	r.init(t, r.password)
	ctx := context.Background()
	c, _ := appWork(t, r)
	if found, err := c.s.Search(ctx, "900123", data.DayFirst); err != nil || len(found) != 1 {
		t.Errorf("Search by the new phone number = %v, %v", found, err)
	}
	if v, err := c.s.VerifyAudit(ctx); err != nil || !v.OK() {
		t.Errorf("VerifyAudit as the application role = %+v, %v", v, err)
	}
	b := mustBackup(t, c.s, t.TempDir(), 3)
	if !b.Verified {
		t.Errorf("backup %+v not verified", b)
	}
	if findings, err := c.s.VerifyDatabase(ctx); err != nil || len(findings) != 0 {
		t.Errorf("VerifyDatabase as the application role = %q, %v", findings, err)
	}
	if problems := c.s.SchemaProblems(); len(problems) != 0 {
		t.Errorf("the schema check as the application role found %v", problems)
	}
}

// pgRefusal runs q and returns the SQLSTATE and message of its error.
func pgRefusal(ctx context.Context, conn *pgx.Conn, q string) (code, msg string) {
	_, err := conn.Exec(ctx, q)
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code, e.Message
	}
	if err != nil {
		return "", err.Error()
	}
	return "", "done"
}

func TestRoleAppRefusals(t *testing.T) {
	r := mustServerRoles(t)
	r.init(t, r.password)
	ctx := context.Background()
	_, signed := appWork(t, r)
	cfg, err := pgx.ParseConfig(r.appAddr)
	if err != nil {
		t.Fatal(err)
	}
	var notices []string
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { notices = append(notices, n.Message) }
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []struct{ sql, code, msg string }{
		{"ALTER TABLE patients ADD COLUMN notes2 text", "42501", "must be owner of table patients"},
		{"DROP TABLE audit_log", "42501", "must be owner of table audit_log"},
		{"DROP TRIGGER audit_log_locked ON audit_log", "42501", "must be owner of relation audit_log"},
		{"ALTER TABLE sessions DISABLE TRIGGER sessions_signed_locked", "42501", "must be owner of table sessions"},
		{"ALTER TABLE audit_log DISABLE TRIGGER ALL", "42501", "must be owner of table audit_log"},
		{"TRUNCATE audit_log", "42501", "permission denied for table audit_log"},
		{"TRUNCATE patients CASCADE", "42501", "permission denied for table patients"},
		{"UPDATE audit_log SET actor = 'someone else'", "42501", "permission denied for table audit_log"},
		{"DELETE FROM audit_log", "42501", "permission denied for table audit_log"},
		{"UPDATE seals SET hash = ''", "42501", "permission denied for table seals"},
		{"DELETE FROM seals", "42501", "permission denied for table seals"},
		{"DELETE FROM photos", "42501", "permission denied for table photos"},
		{"UPDATE photo_images SET image = ''", "42501", "permission denied for table photo_images"},
		{"DELETE FROM photo_consents", "42501", "permission denied for table photo_consents"},
		{fmt.Sprintf("UPDATE sessions SET notes = 'changed' WHERE id = %d", signed), "NP001", "a signed session is locked"},
		{fmt.Sprintf("DELETE FROM session_areas WHERE session_id = %d", signed), "NP001", "a signed session cannot be changed"},
		{"GRANT " + r.owner + " TO " + r.app, "42501", "must have admin option on role"},
		{"ALTER ROLE " + r.app + " CREATEROLE", "42501", "permission denied"},
		{"SET ROLE " + r.owner, "42501", "permission denied to set role"},
		{"CREATE TABLE shadow (id int)", "42501", "permission denied for schema public"},
		{"CREATE OR REPLACE FUNCTION needlepoint_refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$", "42501", "permission denied for schema public"},
		{"CREATE TEMPORARY TABLE sessions (id bigint, signed_at text)", "42501", "permission denied to create temporary tables"},
	} {
		if code, msg := pgRefusal(ctx, conn, q.sql); code != q.code || !strings.Contains(msg, q.msg) {
			t.Errorf("%s: %s %q, want %s %q", q.sql, code, msg, q.code, q.msg)
		}
	}
	t.Run("GrantToItself", func(t *testing.T) {
		if code, msg := pgRefusal(ctx, conn, "GRANT DELETE, TRUNCATE ON audit_log TO "+r.app); code != "" {
			t.Fatalf("GRANT: %s %q", code, msg)
		}
		if got := strings.Join(notices, "; "); !strings.Contains(got, `no privileges were granted for "audit_log"`) {
			t.Errorf("notices = %q, want no privileges granted", got)
		}
		if code, msg := pgRefusal(ctx, conn, "DELETE FROM audit_log"); code != "42501" {
			t.Errorf("DELETE after the GRANT: %s %q, want refused", code, msg)
		}
	})
}

func TestRoleAppOlderSchema(t *testing.T) {
	r := mustServerRoles(t)
	r.init(t, r.password)
	ctx := context.Background()
	mustExec(t, r.sqlAs(t, r.owner), "UPDATE needlepoint_schema SET version = version - 1")
	_, err := sqlstore.Open(ctx, r.appAddr)
	wantError(t, err, data.EINVALID, fmt.Sprintf("is at database version %d and this Needlepoint needs version %d; the role %s may not upgrade it. An administrator must run: needlepoint server init", sqlstore.SchemaVersion()-1, sqlstore.SchemaVersion(), r.app))
	mustExec(t, r.sqlAs(t, r.owner), "UPDATE needlepoint_schema SET version = version + 2")
	_, err = sqlstore.Open(ctx, r.appAddr)
	wantError(t, err, data.EINVALID, "was written by a newer version of Needlepoint")
}

func TestRoleAppRepairNeedsOwner(t *testing.T) {
	r := mustServerRoles(t)
	r.init(t, r.password)
	ctx := context.Background()
	mustExec(t, r.sqlAs(t, r.owner), "ALTER TABLE audit_log DISABLE TRIGGER audit_log_locked")
	app := openAnyPath(t, r.appAddr)
	if got := app.SchemaProblems(); len(got) != 1 || got[0].Name != "audit_log_locked" || got[0].What != "disabled" {
		t.Fatalf("SchemaProblems as the application role = %v", got)
	}
	_, err := app.RepairSchema(ctx)
	wantError(t, err, data.EFORBIDDEN, "the address of the role that owns the database")
	owner := openAnyPath(t, r.ownerAddr)
	if repaired, err := owner.RepairSchema(ctx); err != nil || len(repaired) != 1 {
		t.Errorf("RepairSchema as the owner = %v, %v", repaired, err)
	}
}

func TestServerInitForeignOwner(t *testing.T) {
	r := mustServerRoles(t)
	superuser, err := sql.Open("pgx", "postgres:///"+r.db)
	if err != nil {
		t.Fatal(err)
	}
	defer superuser.Close()
	mustExec(t, superuser, "CREATE TABLE notes (id int)")
	_, err = sqlstore.InitServer(context.Background(), r.ownerAddr, sqlstore.ServerSetup{AppRole: r.app, Password: r.password})
	wantError(t, err, data.EINVALID, "The table notes in "+r.db+" belongs to the role ")
	wantError(t, err, data.EINVALID, "(ALTER TABLE \"notes\" OWNER TO "+r.owner+"), then run server init again. Nothing was changed.")
}
