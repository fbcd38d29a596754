package app

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the test's own connection
)

// clinicServer is an empty database on the PostgreSQL server the PG*
// variables name (pg_virtualenv sets them), owned by a role of its own,
// which is no superuser, as a clinic server's database would be. Every
// role signs in with the password of pg_virtualenv's superuser.
type clinicServer struct {
	admin              *sql.DB
	owner, app, db     string
	ownerAddr, appAddr string
	password           string
}

var clinicServers int

// mustClinicServer makes the owner role and its database, or skips the
// test when no server is reachable.
func mustClinicServer(t *testing.T) clinicServer {
	t.Helper()
	if os.Getenv("PGHOST") == "" && os.Getenv("PGDATABASE") == "" && os.Getenv("PGPORT") == "" {
		t.Skip("no PostgreSQL server (no PG* variables set)")
	}
	password := os.Getenv("PGPASSWORD")
	if password == "" {
		t.Skip("signing in as other roles needs PGPASSWORD")
	}
	admin, err := sql.Open("pgx", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		t.Skipf("no PostgreSQL server (%v)", err)
	}
	clinicServers++
	n := fmt.Sprintf("%d_%d", os.Getpid(), clinicServers)
	s := clinicServer{admin: admin, owner: "np_cli_owner_" + n, app: "np_cli_app_" + n, db: "np_cli_" + n, password: password}
	s.ownerAddr, s.appAddr = "postgres://"+s.owner+"@/"+s.db, "postgres://"+s.app+"@/"+s.db
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + s.db + " WITH (FORCE)")
		admin.Exec("DROP ROLE IF EXISTS " + s.app + "_typed")
		admin.Exec("DROP ROLE IF EXISTS " + s.app)
		admin.Exec("DROP ROLE IF EXISTS " + s.owner)
	})
	for _, q := range []string{
		"CREATE ROLE " + s.owner + " LOGIN NOSUPERUSER CREATEROLE PASSWORD '" + password + "'",
		"CREATE DATABASE " + s.db + " OWNER " + s.owner,
	} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestServerInitCommand(t *testing.T) {
	s := mustClinicServer(t)
	t.Setenv(appPasswordVar, s.password)
	code, out, errOut, _ := runCLI(t, "server", "init", "--db", s.ownerAddr, "--app-role", s.app)
	if code != 0 {
		t.Fatalf("server init: exit %d, err %q", code, errOut)
	}
	for _, want := range []string{"Made Needlepoint's schema", "Created the role " + s.app,
		"The clinic's PCs connect as " + s.app + ": " + s.appAddr + " (its password in PGPASSWORD"} {
		if !strings.Contains(out, want) {
			t.Errorf("server init said %q, want %q", out, want)
		}
	}
	if strings.Contains(out+errOut, s.password) {
		t.Error("server init showed the password")
	}
	code, out, errOut, _ = runCLI(t, "server", "init", "--db", s.ownerAddr, "--app-role", s.app)
	if code != 0 || !strings.Contains(out, "Needlepoint's schema is up to date") || !strings.Contains(out, "already as Needlepoint needs them") {
		t.Errorf("server init again: exit %d, out %q, err %q", code, out, errOut)
	}
	if code, out, errOut, _ := runCLI(t, "audit", "verify", "--db", s.appAddr); code != 0 || !strings.Contains(out, "OK:") {
		t.Errorf("audit verify as the application role: exit %d, out %q, err %q", code, out, errOut)
	}

	t.Run("ErrNotOwner", func(t *testing.T) {
		code, _, errOut, _ := runCLI(t, "server", "init", "--db", s.appAddr, "--app-role", s.app+"_other")
		if want := "needlepoint: The role " + s.app + " does not own the database " + s.db + " (its owner is " + s.owner + ")"; code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("server init as the application role: exit %d, err %q; want %q", code, errOut, want)
		}
	})
	t.Run("Typed", func(t *testing.T) {
		t.Setenv(appPasswordVar, "")
		code, out, errOut := runCLITerminal(t, "", s.password, "server", "init", "--db", s.ownerAddr, "--app-role", s.app+"_typed")
		if code != 0 || !strings.Contains(out, "Created the role "+s.app+"_typed") || !strings.Contains(errOut, "Type it again") || strings.Contains(out+errOut, s.password) {
			t.Errorf("server init at a terminal: exit %d, out %q, err %q", code, out, errOut)
		}
	})
	t.Run("ErrTypedTwoPasswords", func(t *testing.T) {
		t.Setenv(appPasswordVar, "")
		typed := []string{s.password, s.password + "x"}
		var out, errOut bytes.Buffer
		c := cli{stdout: &out, stderr: &errOut, readSecret: func() (string, error) {
			p := typed[0]
			typed = typed[1:]
			return p, nil
		}}
		if code := c.run([]string{"server", "init", "--db", s.ownerAddr, "--app-role", s.app + "_mistyped"}); code != 1 || !strings.Contains(errOut.String(), "The two passwords differ. Nothing was changed.") {
			t.Errorf("two different passwords: exit %d, err %q", code, errOut.String())
		}
	})
	t.Run("ErrNoPassword", func(t *testing.T) {
		t.Setenv(appPasswordVar, "")
		code, _, errOut, _ := runCLI(t, "server", "init", "--db", s.ownerAddr, "--app-role", s.app+"_new")
		if code != 1 || !strings.Contains(errOut, "put it in the environment variable NEEDLEPOINT_APP_PASSWORD") {
			t.Errorf("a new role without a password: exit %d, err %q", code, errOut)
		}
	})
}

func TestServerInitCommandRefusesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clinic.db")
	code, _, errOut, _ := runCLI(t, "server", "init", "--db", path)
	if code != 1 || !strings.Contains(errOut, path+" is a file on this PC. server init sets up a PostgreSQL database on the clinic server") {
		t.Errorf("server init on a file: exit %d, err %q", code, errOut)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("server init made a file")
	}
	for _, args := range [][]string{{"server"}, {"server", "start"}, {"server", "init"}} {
		if code, _, errOut, _ := runCLI(t, args...); code != 2 || !strings.Contains(errOut, "server init --db postgres://owner@host/dbname") {
			t.Errorf("%s: exit %d, err %q; want 2 with the usage", strings.Join(args, " "), code, errOut)
		}
	}
}
