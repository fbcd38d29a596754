package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// restore puts a backup in place of a database, in the name of an
// administrator who gives their username and password: in place through
// SQLite when the database opens, keeping it as a safety copy; by setting
// the damaged file aside when it does not.
func (c cli) restore(args []string) int {
	fs := c.flags("needlepoint restore")
	path := fs.String("db", "", "the clinic database `file` to restore")
	from := fs.String("from", "", "the backup `file` to restore from")
	username := fs.String("user", "", "the administrator's `username` (the password is read from standard input when it is not a terminal)")
	otherClinic := fs.Bool("other-clinic", false, "restore the backup even when it holds another clinic's records")
	if status := c.parse(fs, args, "restore needs --db FILE and --from BACKUP", path, from); status != 0 {
		return status
	}
	ctx := context.Background()
	contents, err := sqlstore.InspectBackup(ctx, *from)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "%s. The backup passed its checks.\n", backupDescription(contents))
	user, password, err := c.credentials(*username)
	if err != nil {
		return c.fail(err)
	}
	if _, err := os.Stat(*path); errors.Is(err, os.ErrNotExist) && !sqlstore.IsServerAddress(*path) {
		return c.restoreDamaged(ctx, *path, *from, contents, user, password, *otherClinic)
	}
	store, err := sqlstore.Open(ctx, *path)
	if sqlstore.IsDamaged(err) {
		return c.restoreDamaged(ctx, *path, *from, contents, user, password, *otherClinic)
	}
	if err != nil {
		return c.fail(err)
	}
	defer store.Close()
	if err := signInToRestore(ctx, store, *from, user, password); err != nil {
		return c.fail(err)
	}
	restore := store.Restore
	if *otherClinic {
		restore = store.RestoreOtherClinic
	}
	safety, err := restore(ctx, *from)
	if data.IsOtherClinic(err) {
		return c.failOtherClinic(err)
	}
	if err != nil {
		return c.fail(err)
	}
	if safety == "" {
		fmt.Fprintf(c.stdout, "Restored the backup into the empty database %s.\n", store.Path())
		return 0
	}
	fmt.Fprintf(c.stdout, "Restored %s. The records as they were before are kept in %s.\n", *path, safety)
	return 0
}

// signInToRestore signs the administrator in to store; an empty server
// database, which nobody can sign in to yet, takes the backup's accounts
// instead, as a missing file does.
func signInToRestore(ctx context.Context, store *sqlstore.Store, backup, user, password string) error {
	if sqlstore.IsServerAddress(store.Path()) {
		has, err := store.HasAccounts(ctx)
		if err != nil {
			return err
		}
		if !has {
			who, err := sqlstore.BackupAdministrator(ctx, backup, user, password)
			if err != nil {
				return err
			}
			store.SetActor(who)
			return nil
		}
	}
	_, err := store.SignIn(ctx, user, password)
	return err
}

// restoreDamaged restores in place of a database that is missing or too
// damaged to open, checking the credentials against the backup's accounts
// and, when the damaged file still says which clinic it was, that the
// backup is that clinic's.
func (c cli) restoreDamaged(ctx context.Context, path, from string, contents sqlstore.BackupContents, user, password string, otherClinic bool) int {
	who, err := sqlstore.BackupAdministrator(ctx, from, user, password)
	if err != nil {
		return c.fail(err)
	}
	ours := sqlstore.ReadClinicIdentity(ctx, path)
	if !otherClinic && ours.ID != "" && contents.Clinic.ID != "" && ours.ID != contents.Clinic.ID {
		return c.failOtherClinic(data.Errorf(data.ECONFLICT,
			"The backup %s holds the records of another clinic, %s; the damaged database held those of %s. Nothing was restored.",
			from, contents.Clinic, ours))
	}
	keptAs, err := sqlstore.RestoreDamaged(ctx, path, from, time.Now(), who)
	if err != nil {
		return c.fail(err)
	}
	if keptAs != "" {
		fmt.Fprintf(c.stdout, "%s was damaged and is kept, unchanged, as %s.\n", path, keptAs)
	}
	fmt.Fprintf(c.stdout, "Restored %s.\n", path)
	return 0
}

// failOtherClinic reports the refusal of another clinic's backup and how
// to restore it all the same.
func (c cli) failOtherClinic(err error) int {
	status := c.fail(err)
	fmt.Fprintln(c.stderr, "If that is meant (this computer's database was set up anew, for example), run the same command with --other-clinic.")
	return status
}

// credentials returns the administrator's username and password for a
// restore: both typed at the terminal, the password unseen; or, with
// --user, the password typed at the terminal or read as the first line of
// standard input. Without a terminal and without --user it refuses, so a
// script never hangs waiting for a username.
func (c cli) credentials(username string) (string, string, error) {
	if username == "" && c.readSecret == nil {
		return "", "", data.Errorf(data.EINVALID, "A restore is done by an administrator: run it at a terminal to type your username and password, or give --user NAME and the password on standard input.")
	}
	var in *bufio.Reader
	if c.stdin != nil {
		in = bufio.NewReader(c.stdin)
	}
	if username == "" {
		fmt.Fprint(c.stderr, "Administrator's username: ")
		line, err := readLine(in)
		if err != nil {
			return "", "", data.Errorf(data.EINVALID, "No username was typed; nothing was restored.")
		}
		username = strings.TrimSpace(line)
	}
	if c.readSecret != nil {
		fmt.Fprintf(c.stderr, "Password for %s: ", username)
		password, err := c.readSecret()
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", "", data.Errorf(data.EINVALID, "The password could not be read from the terminal; nothing was restored.")
		}
		return username, password, nil
	}
	password, err := readLine(in)
	if err != nil || password == "" {
		return "", "", data.Errorf(data.EINVALID, "No password came on standard input; nothing was restored.")
	}
	return username, password, nil
}

// readLine reads one line from in without its line ending.
func readLine(in *bufio.Reader) (string, error) {
	if in == nil {
		return "", io.EOF
	}
	line, err := in.ReadString('\n')
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// terminalSecret returns how to read a password typed at the terminal
// without echoing it, or nil when standard input is not a terminal.
func terminalSecret() func() (string, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return nil
	}
	return func() (string, error) {
		b, err := term.ReadPassword(fd)
		return string(b), err
	}
}
