package sqlstore

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"needlepoint/data"
)

// The two roles of a clinic server. The owner role owns the database, its
// tables, triggers and functions; only it changes the schema. The clinic's
// PCs sign in as the application role, which may read and write records
// as the store does and nothing more: it cannot alter, drop or truncate a
// table, drop or disable a trigger, change the audit trail, a seal or a
// signed record, create anything, or give itself more. InitServer sets
// both up, and again whenever it runs.

// DefaultAppRole is the application role's name unless another is given.
const DefaultAppRole = "needlepoint_app"

// ServerSetup is what InitServer makes of a clinic server.
type ServerSetup struct {
	// AppRole names the application role (DefaultAppRole when empty).
	AppRole string
	// Password is the application role's new password; empty keeps the
	// password of a role that exists.
	Password string
	// AskPassword gives the password of a role that does not exist yet,
	// when Password is empty.
	AskPassword func() (string, error)
}

var roleName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// minAppPassword is the shortest password the application role takes:
// every PC of the clinic holds it, and the server may be reached over the
// clinic's network.
const minAppPassword = 12

// InitServer sets up the PostgreSQL database at address, whose role must
// own it: it makes or upgrades Needlepoint's schema under that role,
// creates or corrects the application role and gives it exactly the
// privileges of appPrivileges. It returns what it did, a sentence each.
// Running it again changes only what is not as it should be.
func InitServer(ctx context.Context, address string, setup ServerSetup) ([]string, error) {
	if !IsServerAddress(address) {
		return nil, data.Errorf(data.EINVALID, "%s is a file on this PC. server init sets up a PostgreSQL database on the clinic server (postgres://owner@server/database); a database file needs no roles.", address)
	}
	app := cmp.Or(setup.AppRole, DefaultAppRole)
	if !roleName.MatchString(app) {
		return nil, data.Errorf(data.EINVALID, "%q cannot name the application role: use small letters a to z, digits and _, starting with a letter.", app)
	}
	s, err := connectPostgres(ctx, address)
	if err != nil {
		return nil, err
	}
	defer s.db.Close()
	owner, err := s.checkOwner(ctx, app)
	if err != nil {
		return nil, err
	}
	role, err := checkAppRole(ctx, s.db, app)
	if err != nil {
		return nil, err
	}
	password := setup.Password
	if password == "" && role == nil {
		if setup.AskPassword == nil {
			return nil, data.Errorf(data.EINVALID, "The role %s does not exist yet: give it a password.", app)
		}
		if password, err = setup.AskPassword(); err != nil {
			return nil, err
		}
	}
	if err := checkAppPassword(password); err != nil {
		return nil, err
	}
	before, err := s.preparePostgres(ctx)
	if err != nil {
		return nil, err
	}
	done := []string{schemaSentence(before)}
	for _, p := range s.SchemaProblems() {
		done = append(done, "The schema check found: "+p.String()+" To repair it, start Needlepoint with this address and sign in as an administrator.")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, wrapf(err, data.EINTERNAL, "Cannot set up %s: %s", s.path, pgErrorText(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(4923177)"); err != nil {
		return nil, wrapf(err, data.EINTERNAL, "Cannot set up %s: %s", s.path, pgErrorText(err))
	}
	roleDone, err := setAppRole(ctx, tx, owner, app, role, password)
	if err != nil {
		return nil, err
	}
	grantsDone, err := setAppGrants(ctx, tx, app)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, wrapf(err, data.EINTERNAL, "Cannot set up %s: %s", s.path, pgErrorText(err))
	}
	return slices.Concat(done, roleDone, grantsDone), nil
}

// checkOwner makes sure the role signed in owns the database and every
// table and function in Needlepoint's schema, and is not the application
// role; it returns its name.
func (s *Store) checkOwner(ctx context.Context, app string) (string, error) {
	var me, owner, dbName string
	err := s.db.QueryRowContext(ctx, `SELECT current_user, pg_get_userbyid(datdba), datname
		FROM pg_database WHERE datname = current_database()`).Scan(&me, &owner, &dbName)
	if err != nil {
		return "", wrapf(err, data.EINTERNAL, "Cannot read who owns %s: %s", s.path, pgErrorText(err))
	}
	if me != owner {
		return "", data.Errorf(data.EINVALID, "The role %s does not own the database %s (its owner is %s). Run server init with the owner's role: --db postgres://%s@SERVER/%s. Nothing was changed.", me, dbName, owner, owner, dbName)
	}
	if me == app {
		return "", data.Errorf(data.EINVALID, "The application role must be another role than %s, which owns the database. Nothing was changed.", me)
	}
	var kind, name, other string
	err = s.db.QueryRowContext(ctx, `SELECT kind, name, pg_get_userbyid(owner) FROM (
		SELECT 'TABLE' AS kind, c.relname AS name, c.relowner AS owner, c.oid, 'pg_class'::regclass AS class
			FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
				AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
		UNION ALL
		SELECT 'FUNCTION', p.proname, p.proowner, p.oid, 'pg_proc'::regclass
			FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace
	) o WHERE pg_get_userbyid(owner) <> current_user AND NOT EXISTS (SELECT FROM pg_depend d
		WHERE d.classid = o.class AND d.objid = o.oid AND d.deptype = 'e')
	ORDER BY kind DESC, name LIMIT 1`).Scan(&kind, &name, &other)
	if errors.Is(err, sql.ErrNoRows) {
		return me, nil
	}
	if err != nil {
		return "", wrapf(err, data.EINTERNAL, "Cannot read who owns the tables of %s: %s", s.path, pgErrorText(err))
	}
	return "", data.Errorf(data.EINVALID, "The %s %s in %s belongs to the role %s, not to %s, which owns the database. Have the server's administrator give it and the rest of Needlepoint's tables and functions to %s (ALTER %s %s OWNER TO %s), then run server init again. Nothing was changed.", strings.ToLower(kind), name, dbName, other, me, me, kind, quoteName(name), me)
}

func schemaSentence(before int) string {
	switch v := SchemaVersion(); before {
	case 0:
		return fmt.Sprintf("Made Needlepoint's schema (database version %d).", v)
	case v:
		return fmt.Sprintf("Needlepoint's schema is up to date (database version %d).", v)
	default:
		return fmt.Sprintf("Brought Needlepoint's schema from database version %d to %d.", before, v)
	}
}

func checkAppPassword(p string) error {
	if p == "" {
		return nil
	}
	if len(p) < minAppPassword {
		return data.Errorf(data.EINVALID, "The application role's password must be at least %d characters long. Nothing was changed.", minAppPassword)
	}
	for _, r := range p {
		if r < '!' || r > '~' {
			return data.Errorf(data.EINVALID, "The application role's password may hold only letters a to z and A to Z, digits and the punctuation of an English keyboard, no spaces or accents, so that every PC sends it alike. Nothing was changed.")
		}
	}
	return nil
}

// pgRole is what InitServer reads of a role.
type pgRole struct {
	super, login, inherit, createRole, createDB bool
	replication, bypassRLS                      bool
}

// checkAppRole reads the application role, nil when it does not exist
// yet, and refuses one with powers only a superuser can take away, or a
// member of another role, whose privileges it could take with SET ROLE;
// setAppRole corrects the rest.
func checkAppRole(ctx context.Context, q queryer, app string) (*pgRole, error) {
	failed := func(err error) (*pgRole, error) {
		return nil, wrapf(err, data.EINTERNAL, "Cannot read the role %s: %s", app, pgErrorText(err))
	}
	var r pgRole
	err := q.QueryRowContext(ctx, `SELECT rolsuper, rolcanlogin, rolinherit, rolcreaterole,
		rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = ?`, app).Scan(
		&r.super, &r.login, &r.inherit, &r.createRole, &r.createDB, &r.replication, &r.bypassRLS)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return failed(err)
	}
	if r.super {
		return nil, data.Errorf(data.EINVALID, "The role %s is a superuser, who may do anything on the server, so the clinic's PCs must not use it. Choose another --app-role. Nothing was changed.", app)
	}
	if r.replication || r.bypassRLS {
		return nil, data.Errorf(data.EINVALID, "The role %s may copy the whole server or read past its row rules (REPLICATION or BYPASSRLS), which only a superuser can take away: have the server's administrator run ALTER ROLE %s NOREPLICATION NOBYPASSRLS, or choose another --app-role. Nothing was changed.", app, app)
	}
	var member string
	err = q.QueryRowContext(ctx, `SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
		WHERE m.member = ?::regrole ORDER BY r.rolname LIMIT 1`, app).Scan(&member)
	if errors.Is(err, sql.ErrNoRows) {
		return &r, nil
	}
	if err != nil {
		return failed(err)
	}
	return nil, data.Errorf(data.EINVALID, "The role %s is a member of %s, so it could act as %s. Have the server's administrator remove it (REVOKE %s FROM %s), then run server init again. Nothing was changed.", app, member, member, member, app)
}

// setAppRole creates the application role, or corrects the attributes and
// sets the password of the one that exists.
func setAppRole(ctx context.Context, tx *sql.Tx, owner, app string, role *pgRole, password string) ([]string, error) {
	var done []string
	stmt := "CREATE ROLE " + quoteName(app)
	clauses := []string{"LOGIN", "NOINHERIT"}
	if role != nil {
		stmt = "ALTER ROLE " + quoteName(app)
		clauses = nil
		for _, a := range []struct {
			wrong  bool
			clause string
		}{{!role.login, "LOGIN"}, {role.inherit, "NOINHERIT"}, {role.createRole, "NOCREATEROLE"}, {role.createDB, "NOCREATEDB"}} {
			if a.wrong {
				clauses = append(clauses, a.clause)
			}
		}
	}
	if len(clauses) > 0 {
		stmt += " " + strings.Join(clauses, " ")
	}
	if password != "" {
		verifier, err := scramVerifier(password)
		if err != nil {
			return nil, wrapf(err, data.EINTERNAL, "Cannot make the password of %s.", app)
		}
		stmt += " PASSWORD '" + verifier + "'"
	}
	if role != nil && len(clauses) == 0 && password == "" {
		done = append(done, fmt.Sprintf("The role %s is as it should be; its password was kept.", app))
	} else if _, err := tx.ExecContext(ctx, stmt); err != nil {
		if pgCode(err) == pgInsufficientPrivilege {
			return nil, wrapf(err, data.EINVALID, "The role %s may not create or change roles, so it cannot set up %s. Ask the server's administrator to give %s CREATEROLE (ALTER ROLE %s CREATEROLE), then run server init again.", owner, app, owner, owner)
		}
		return nil, wrapf(err, data.EINTERNAL, "Cannot set up the role %s: %s", app, pgErrorText(err))
	}
	if role == nil {
		return append(done, fmt.Sprintf("Created the role %s with its password: it can sign in, inherits nothing, and cannot create roles or databases.", app)), nil
	}
	if len(clauses) > 0 {
		done = append(done, fmt.Sprintf("Changed the role %s: %s.", app, strings.Join(clauses, ", ")))
	}
	if password != "" {
		done = append(done, fmt.Sprintf("Set a new password for %s.", app))
	}
	return done, nil
}

// scramVerifier returns the SCRAM-SHA-256 verifier of a password, in the
// form PostgreSQL stores (RFC 5803), so that the password itself never
// reaches the server, nor its log of statements, as psql's \password does.
func scramVerifier(password string) (string, error) {
	const iterations = 4096
	salt := make([]byte, 16)
	rand.Read(salt)
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", err
	}
	mac := func(msg string) []byte {
		h := hmac.New(sha256.New, salted)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	stored := sha256.Sum256(mac("Client Key"))
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(stored[:]), b64(mac("Server Key"))), nil
}
