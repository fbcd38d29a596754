package app

import (
	"context"
	"fmt"
	"net/url"
	"os"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// appPasswordVar is the environment variable that gives server init the
// application role's password, for a script.
const appPasswordVar = "NEEDLEPOINT_APP_PASSWORD"

// server runs "server init": it sets up the clinic server's database with
// the role that owns it, and the application role the clinic's PCs sign
// in as. The password is never written anywhere nor shown.
func (c cli) server(args []string) int {
	if len(args) == 0 || args[0] != "init" {
		return c.usageError("server needs the word init")
	}
	fs := c.flags("needlepoint server init")
	address := fs.String("db", "", "the clinic server's database, signed in as the role that owns it (postgres://owner@server/dbname)")
	appRole := fs.String("app-role", sqlstore.DefaultAppRole, "the `role` the clinic's PCs sign in as")
	if status := c.parse(fs, args[1:], "server init needs --db postgres://owner@server/dbname", address); status != 0 {
		return status
	}
	done, err := sqlstore.InitServer(context.Background(), *address, sqlstore.ServerSetup{
		AppRole:     *appRole,
		Password:    os.Getenv(appPasswordVar),
		AskPassword: c.askAppPassword(*appRole),
	})
	if err != nil {
		return c.fail(err)
	}
	for _, line := range done {
		fmt.Fprintln(c.stdout, line)
	}
	fmt.Fprintf(c.stdout, "The clinic's PCs connect as %s: %s (its password in PGPASSWORD or the .pgpass file). Keep the owner's role for server init, migrate and restore.\n", *appRole, appAddress(*address, *appRole))
	return 0
}

// askAppPassword returns how to ask for the password of a new application
// role: typed twice at the terminal, unseen.
func (c cli) askAppPassword(role string) func() (string, error) {
	return func() (string, error) {
		if c.readSecret == nil {
			return "", data.Errorf(data.EINVALID, "The role %s does not exist yet and needs a password: put it in the environment variable %s, or run server init at a terminal to type it. Nothing was changed.", role, appPasswordVar)
		}
		fmt.Fprintf(c.stderr, "New password for %s, which every PC of the clinic will use: ", role)
		first, err := c.readSecret()
		fmt.Fprintln(c.stderr)
		if err != nil || first == "" {
			return "", data.Errorf(data.EINVALID, "No password was typed. Nothing was changed.")
		}
		fmt.Fprint(c.stderr, "Type it again: ")
		second, err := c.readSecret()
		fmt.Fprintln(c.stderr)
		if err != nil || second != first {
			return "", data.Errorf(data.EINVALID, "The two passwords differ. Nothing was changed.")
		}
		return first, nil
	}
}

// appAddress is the owner's address with the application role in place
// of the owner, and no password.
func appAddress(address, role string) string {
	u, err := url.Parse(address)
	if err != nil {
		return "postgres://" + role + "@SERVER/DATABASE"
	}
	u.User = url.User(role)
	return u.String()
}
