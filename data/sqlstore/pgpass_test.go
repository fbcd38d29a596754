package sqlstore_test

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/sqlstore"

	"github.com/jackc/pgx/v5/pgconn"
)

// usePassfile points PGPASSFILE at a new file in a temporary folder, with
// lines in it when given, and returns its path.
func usePassfile(t *testing.T, lines string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pgpass")
	if lines != "" {
		if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PGPASSFILE", path)
	t.Setenv("PGPASSWORD", "")
	return path
}

func TestSavePassword(t *testing.T) {
	t.Run("PgxFindsEscapedPassword", func(t *testing.T) {
		path := usePassfile(t, "")
		address := "postgres://desk%3A1@clinic-server:5433/needle?sslmode=disable"
		if err := sqlstore.SavePassword(address, `pa:ss\word`); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		if got, want := string(b), `clinic-server:5433:needle:desk\:1:pa\:ss\\word`+"\n"; got != want {
			t.Errorf("file holds %q, want %q", got, want)
		}
		cfg, err := pgconn.ParseConfig(address)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cfg.Password, `pa:ss\word`; got != want {
			t.Errorf("pgx read the password %q, want %q", got, want)
		}
	})

	t.Run("ReplacesLineAndPutsItFirst", func(t *testing.T) {
		path := usePassfile(t, "# the clinic's passwords\n*:*:*:*:wildcard\nclinic-server:5432:needlepoint:desk:old\nother:5432:needlepoint:desk:kept\n")
		if err := sqlstore.SavePassword("postgres://desk@clinic-server:5432/needlepoint", "new"); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		want := "clinic-server:5432:needlepoint:desk:new\n# the clinic's passwords\n*:*:*:*:wildcard\nother:5432:needlepoint:desk:kept\n"
		if got := string(b); got != want {
			t.Errorf("file holds\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("OwnerOnly", func(t *testing.T) {
		path := usePassfile(t, "other:5432:needlepoint:desk:kept\n")
		if err := sqlstore.SavePassword("postgres://desk@clinic-server:5432/needlepoint", "new"); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("password file has mode %o, want 600", got)
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		if len(entries) != 1 {
			t.Errorf("the folder holds %d files, want the password file alone", len(entries))
		}
	})

	t.Run("ErrPasswordWithNewline", func(t *testing.T) {
		path := usePassfile(t, "")
		err := sqlstore.SavePassword("postgres://desk@clinic-server/needlepoint", "two\nlines")
		if data.ErrorCode(err) != data.EINVALID || strings.Contains(err.Error(), "two") {
			t.Errorf("got %v, want a refusal that does not repeat the password", err)
		}
		if _, err := os.Stat(path); err == nil {
			t.Error("the password file was written")
		}
	})

	t.Run("HomeFolderByDefault", func(t *testing.T) {
		home := t.TempDir()
		t.Setenv("HOME", home)
		t.Setenv("PGPASSFILE", "")
		got, err := sqlstore.PassfilePath()
		if want := filepath.Join(home, ".pgpass"); err != nil || got != want {
			t.Errorf("got %q, %v; want %q", got, err, want)
		}
	})
}

func TestTryServer(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrNotAnswering", func(t *testing.T) {
		usePassfile(t, "")
		err := sqlstore.TryServer(ctx, "postgres://desk@127.0.0.1:1/needlepoint?sslmode=disable", "pw")
		if got := fieldOf(err); got != sqlstore.FieldServer || !strings.Contains(err.Error(), "does not answer") {
			t.Errorf("field %q, error %v", got, err)
		}
	})

	t.Run("ErrCertificateFile", func(t *testing.T) {
		ca := filepath.Join(t.TempDir(), "clinic-ca.crt")
		os.WriteFile(ca, []byte("not a certificate"), 0o600)
		err := sqlstore.TryServer(ctx, "postgres://desk@127.0.0.1:1/needlepoint?sslmode=verify-full&sslrootcert="+url.QueryEscape(ca), "pw")
		if got := fieldOf(err); got != sqlstore.FieldCertificate {
			t.Errorf("field %q, error %v", got, err)
		}
	})

	if ok, why := pgReachable(); !ok {
		t.Skipf("no PostgreSQL server to refuse a login (%s)", why)
	}
	t.Run("ErrWrongPassword", func(t *testing.T) {
		err := sqlstore.TryServer(ctx, serverAddress(t, os.Getenv("PGDATABASE")), "not the password")
		if got := fieldOf(err); got != sqlstore.FieldLogin || strings.Contains(err.Error(), "not the password") {
			t.Errorf("field %q, error %v", got, err)
		}
	})

	t.Run("ErrNoSuchDatabase", func(t *testing.T) {
		err := sqlstore.TryServer(ctx, serverAddress(t, "no_such_database"), os.Getenv("PGPASSWORD"))
		if got := fieldOf(err); got != sqlstore.FieldDatabase {
			t.Errorf("field %q, error %v", got, err)
		}
	})
}

// TestOpenWithPassfile opens a store on the test server with the password
// in the password file only, as every start after a PC's set-up does.
func TestOpenWithPassfile(t *testing.T) {
	if testEngine != "postgres" {
		t.Skip("runs on the PostgreSQL pass")
	}
	password := os.Getenv("PGPASSWORD")
	address := serverAddress(t, strings.TrimPrefix(pgAddress(t), "postgres:///"))
	usePassfile(t, "")
	ctx := context.Background()
	if err := sqlstore.TryServer(ctx, address, password); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlstore.Open(ctx, address); err == nil {
		t.Fatal("the store opened with no password anywhere")
	}
	if err := sqlstore.SavePassword(address, password); err != nil {
		t.Fatal(err)
	}
	s, err := sqlstore.Open(ctx, address)
	if err != nil {
		t.Fatalf("with the password in the password file only: %v", err)
	}
	s.Close()
}

// serverAddress is the address of database on the test server, with its
// host, port and user from the PG* variables and no password.
func serverAddress(t *testing.T, database string) string {
	t.Helper()
	u := url.URL{Scheme: "postgres", User: url.User(os.Getenv("PGUSER")),
		Host: os.Getenv("PGHOST") + ":" + os.Getenv("PGPORT"), Path: "/" + database, RawQuery: "sslmode=prefer"}
	return u.String()
}

func fieldOf(err error) string {
	var e *data.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return ""
	}
	return e.Fields[0].Field
}
