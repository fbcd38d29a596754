package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"text/tabwriter"
	"time"

	"needlepoint/data"
	"needlepoint/data/demo"
	"needlepoint/data/sqlstore"
)

// Version is Needlepoint's release version, as in FyneApp.toml.
const Version = "0.1.0"

// demoPatients is how many made-up patients --demo creates on first use.
const demoPatients = 2000

const usage = `Usage:
  needlepoint [--db FILE]      open the clinic database (default: where this PC keeps its
                               records, chosen at its first start: %s
                               or the clinic server)
  needlepoint --demo           open a separate database of made-up patients
  needlepoint demo --db FILE --patients N [--seed S]
                               fill a new database file with N made-up patients
  needlepoint aftercare --db FILE (--session ID | --latest) --out FILE.pdf [--force]
                               write a session's aftercare sheet as a PDF (--force
                               replaces a PDF Needlepoint wrote earlier)
  needlepoint consent --db FILE --patient ID --out FILE.pdf [--kind microneedling|photos] [--force]
                               write the patient's latest signed consent form of that
                               kind (default microneedling) as a PDF, withdrawn or not
  needlepoint recall --db FILE [--csv]
                               list patients to call: due, overdue, review due, no-shows
  needlepoint backup --db FILE [--to DIR] [--keep N]
                               make a verified backup (default: the folder and number
                               in the clinic's backup settings)
  needlepoint restore --db FILE --from BACKUP [--user NAME] [--other-clinic]
                               check a backup and restore it, keeping the current
                               database as a safety copy; asks for an administrator's
                               username and password at the terminal (with --user, the
                               password is read from standard input when it is not a
                               terminal); --other-clinic restores another clinic's backup
  needlepoint check --db FILE  check the file, the links between records and the audit
                               trail, also against the anchors the backups left; exit
                               status 0 when all is well, 1 with the findings
  needlepoint audit verify --db FILE
                               check that the audit trail is as it was written
  needlepoint migrate --from DB --to DB
                               copy a clinic into a new file or an empty PostgreSQL
                               database (postgres://user@host/dbname), either way,
                               and check the copy
  needlepoint photos consent --db FILE --patient ID --scope none|record|training|marketing
                               record a patient's photo consent
  needlepoint photos import --db FILE (--session ID | --consultation ID)
                            --angle front|left45|left90|right45|right90|area [--area NAME] FILE...
                               add photos to the record, upright and without the camera's
                               metadata (needs the patient's consent for the record)
  needlepoint photos export --db FILE --patient ID --to DIR [--for patient|training|marketing]
                               write the patient's photos to a folder: their own copy, or
                               for training or marketing with their consent to it
  needlepoint loadtest --db DB --scratch [--workstations N] [--for 5m]
                               time a busy morning of N PCs on a demo database or a
                               copy (it adds bookings and sessions): each operation's
                               p50 and p95, failures, lost writes, the audit chain
  needlepoint server init --db postgres://owner@host/dbname [--app-role NAME]
                               as the role that owns the database: make or upgrade
                               Needlepoint's schema, and set up the role the clinic's
                               PCs sign in as (default needlepoint_app), which may
                               read and write records but not alter, drop or empty
                               tables, nor change the audit trail or signed records;
                               its password comes from NEEDLEPOINT_APP_PASSWORD, which
                               also changes it, or for a new role is typed twice at
                               the terminal
  needlepoint version          print the version

FILE may be a PostgreSQL address (postgres://user@host:port/dbname?sslmode=...) for every
command; the password comes from PGPASSWORD or the .pgpass file.
`

// cli is the command line: where the output goes and how the GUI starts,
// so tests can run it without a display.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// readSecret reads a line typed at the terminal without showing it;
	// nil when standard input is not a terminal.
	readSecret func() (string, error)
	runGUI     func(store *sqlstore.Store, demo bool)
	// runRecovery starts the GUI on a database too damaged to open, to
	// restore a backup; it returns the exit status.
	runRecovery func(path string, cause error, demo bool) int
	// runFirstStart starts the GUI on a PC that keeps no records yet, to
	// choose where it keeps them (local is its own file); it returns the
	// exit status.
	runFirstStart func(local string) int
}

// Main runs the needlepoint command with args (without the program name)
// and returns the exit status: 0 for success, 1 for a failure, 2 for a
// command line that is not understood.
func Main(args []string, stdout, stderr io.Writer) int {
	c := cli{stdin: os.Stdin, stdout: stdout, stderr: stderr, readSecret: terminalSecret(), runGUI: func(s *sqlstore.Store, demo bool) { Run(s, demo) }, runRecovery: RunRecovery, runFirstStart: RunFirstStart}
	return c.run(args)
}

func (c cli) run(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "version":
			if len(args) > 1 {
				return c.usageError("version takes no arguments")
			}
			fmt.Fprintf(c.stdout, "needlepoint %s (database version %d, %s)\n", Version, sqlstore.SchemaVersion(), runtime.Version())
			return 0
		case "demo":
			return c.demo(args[1:])
		case "aftercare":
			return c.aftercare(args[1:])
		case "consent":
			return c.consent(args[1:])
		case "recall":
			return c.recall(args[1:])
		case "backup":
			return c.backup(args[1:])
		case "migrate":
			return c.migrate(args[1:])
		case "restore":
			return c.restore(args[1:])
		case "check":
			return c.check(args[1:])
		case "audit":
			return c.audit(args[1:])
		case "photos":
			return c.photos(args[1:])
		case "loadtest":
			return c.loadTest(args[1:])
		case "server":
			return c.server(args[1:])
		case "help", "-h", "-help", "--help":
			c.printUsageTo(c.stdout)
			return 0
		}
	}
	fs := c.flags("needlepoint")
	dbPath := fs.String("db", "", "open this database `file`")
	demoFlag := fs.Bool("demo", false, "open the demo database of made-up patients")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		return c.usageError(fmt.Sprintf("unknown command %q", fs.Arg(0)))
	}
	if *demoFlag && *dbPath != "" {
		return c.usageError("use either --demo or --db, not both")
	}
	ctx := context.Background()
	path := *dbPath
	if path == "" {
		dir, err := dataDir()
		if err != nil {
			return c.fail(err)
		}
		path = filepath.Join(dir, "needlepoint.db")
		if *demoFlag {
			path = filepath.Join(dir, "needlepoint-demo.db")
			if err := c.ensureDemo(ctx, path); err != nil {
				return c.fail(err)
			}
		} else {
			db, chosen, err := pcDatabase(path)
			if err != nil {
				return c.fail(err)
			}
			if !chosen {
				return c.runFirstStart(path)
			}
			path = db
		}
	}
	store, err := sqlstore.Open(ctx, path)
	if sqlstore.IsDamaged(err) && c.runRecovery != nil {
		return c.runRecovery(path, err, *demoFlag)
	}
	if err != nil {
		return c.fail(err)
	}
	defer store.Close()
	c.runGUI(store, *demoFlag)
	return 0
}

func (c cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() { c.printUsage() }
	return fs
}

// printUsage prints the usage on standard error, after a mistake.
func (c cli) printUsage() { c.printUsageTo(c.stderr) }

func (c cli) printUsageTo(w io.Writer) {
	def := "your data folder"
	if dir, err := dataDir(); err == nil {
		def = filepath.Join(dir, "needlepoint.db")
	}
	fmt.Fprintf(w, usage, def)
}

// parse reads a command's flags and returns 0 when the command line is
// understood: no stray arguments, and every flag in required given. Otherwise
// it prints the usage, with needs saying what is missing, and returns the
// exit status for a command line not understood.
func (c cli) parse(fs *flag.FlagSet, args []string, needs string, required ...*string) int {
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		return c.usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	for _, r := range required {
		if *r == "" {
			return c.usageError(needs)
		}
	}
	return 0
}

func (c cli) usageError(msg string) int {
	fmt.Fprintf(c.stderr, "needlepoint: %s\n\n", msg)
	c.printUsage()
	return 2
}

// fail reports err in the user's words and returns the failure status.
func (c cli) fail(err error) int {
	fmt.Fprintf(c.stderr, "needlepoint: %s\n", data.ErrorMessage(err))
	if data.ErrorCode(err) == data.EINTERNAL {
		fmt.Fprintf(c.stderr, "details: %v\n", err)
	}
	return 1
}

// demo fills a new database file with made-up patients.
func (c cli) demo(args []string) int {
	fs := c.flags("needlepoint demo")
	path := fs.String("db", "", "the new database `file` to fill")
	n := fs.Int("patients", 0, "how many patients to make up")
	seed := fs.Int64("seed", 1, "the same seed makes the same patients")
	if status := c.parse(fs, args, "demo needs --db FILE", path); status != 0 {
		return status
	}
	if *n < 1 {
		return c.usageError("demo needs --patients N, with N at least 1")
	}
	if err := c.fillDemo(context.Background(), *path, *n, *seed); err != nil {
		return c.fail(err)
	}
	return 0
}

// fillDemo makes a new database at path with n made-up patients. It never
// adds made-up patients to an existing file, so they cannot mix with real
// records; it builds the file under a temporary name and renames it when
// complete, so an interrupted run leaves nothing half-filled.
func (c cli) fillDemo(ctx context.Context, path string, n int, seed int64) error {
	if sqlstore.IsServerAddress(path) {
		return c.fillDemoServer(ctx, path, n, seed)
	}
	if _, err := os.Stat(path); err == nil {
		return data.Errorf(data.EINVALID, "%s already exists. Demo patients go only into a new file, so they never mix with real records.", path)
	}
	tmp := path + ".filling"
	os.Remove(tmp)
	store, err := sqlstore.Open(ctx, tmp)
	if err != nil {
		return err
	}
	store.SetActor(data.CommandLine(osUser()))
	fmt.Fprintf(c.stdout, "Making up %d demo patients in %s\n", n, path)
	err = demo.Fill(ctx, store, n, seed, func(stage string, done, total int) {
		fmt.Fprintf(c.stdout, "  %d of %d %s\n", done, total, stage)
	})
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	fmt.Fprintln(c.stdout, "Done.")
	return nil
}

// fillDemoServer fills an empty PostgreSQL database with n made-up
// patients; a database that holds anyone already is refused.
func (c cli) fillDemoServer(ctx context.Context, address string, n int, seed int64) error {
	store, err := sqlstore.Open(ctx, address)
	if err != nil {
		return err
	}
	defer store.Close()
	store.SetActor(data.CommandLine(osUser()))
	counts, err := store.CountPatients(ctx)
	if err != nil {
		return err
	}
	accounts, err := store.HasAccounts(ctx)
	if err != nil {
		return err
	}
	if counts.Active+counts.Archived > 0 || accounts {
		return data.Errorf(data.EINVALID, "%s already holds records. Demo patients go only into an empty database, so they never mix with real records.", store.Path())
	}
	fmt.Fprintf(c.stdout, "Making up %d demo patients in %s\n", n, store.Path())
	err = demo.Fill(ctx, store, n, seed, func(stage string, done, total int) {
		fmt.Fprintf(c.stdout, "  %d of %d %s\n", done, total, stage)
	})
	if err == nil {
		err = store.UpdateStatistics(ctx)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "Done.")
	return nil
}

// ensureDemo creates the demo database on first use.
func (c cli) ensureDemo(ctx context.Context, path string) error {
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return data.Errorf(data.EINVALID, "Cannot create the folder %s: %v", filepath.Dir(path), err)
	}
	return c.fillDemo(ctx, path, demoPatients, 1)
}

// aftercare writes the aftercare sheet of a session to a PDF file.
func (c cli) aftercare(args []string) int {
	fs := c.flags("needlepoint aftercare")
	path := fs.String("db", "", "the clinic database `file`")
	id := fs.Int64("session", 0, "the session's `number`")
	latest := fs.Bool("latest", false, "the most recent session on file")
	out := fs.String("out", "", "the PDF `file` to write")
	force := fs.Bool("force", false, "replace the PDF file if Needlepoint wrote it earlier")
	if status := c.parse(fs, args, "aftercare needs --db FILE and --out FILE.pdf", path, out); status != 0 {
		return status
	}
	if (*id == 0) == !*latest {
		return c.usageError("aftercare needs either --session ID or --latest")
	}
	ctx := context.Background()
	store, err := openExisting(ctx, *path)
	if err != nil {
		return c.fail(err)
	}
	defer store.Close()
	if *latest {
		if *id, err = store.LatestSessionID(ctx); err != nil {
			return c.fail(err)
		}
	}
	if err := writeDocument(*out, *path, *force, func(w io.Writer) error {
		return writeAftercare(ctx, store, *id, time.Now(), w)
	}); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "Wrote the aftercare sheet of session %d to %s\n", *id, *out)
	return 0
}

// recall prints the recall list: as a table to read, or as CSV for a
// spreadsheet or call list.
func (c cli) recall(args []string) int {
	fs := c.flags("needlepoint recall")
	path := fs.String("db", "", "the clinic database `file`")
	asCSV := fs.Bool("csv", false, "print CSV instead of a table")
	if status := c.parse(fs, args, "recall needs --db FILE", path); status != 0 {
		return status
	}
	ctx := context.Background()
	store, err := openExisting(ctx, *path)
	if err != nil {
		return c.fail(err)
	}
	defer store.Close()
	list, err := store.Recall(ctx, time.Now())
	if err != nil {
		return c.fail(err)
	}
	if err := store.RecordExported(ctx, fmt.Sprintf("recall list of %d patients, on the command line", len(list))); err != nil {
		return c.fail(err)
	}
	if *asCSV {
		if err := data.RecallCSV(c.stdout, list); err != nil {
			return c.fail(err)
		}
		return 0
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DAYS\tPATIENT\tPHONE\tREMINDERS\tREASON")
	for _, e := range list {
		consent, days := "no", strconv.Itoa(e.Urgency)
		if e.ReminderConsent {
			consent = "yes"
		}
		if e.NotYetEligible {
			days = "not yet eligible"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", days, e.PatientName, e.Phone, consent, e.Reason)
	}
	tw.Flush()
	toCall, waiting := recallCounts(list)
	fmt.Fprintf(c.stdout, "%s to call.\n", plural(toCall, "patient"))
	if waiting > 0 {
		fmt.Fprintf(c.stdout, "%s not yet eligible, listed last.\n", plural(waiting, "patient"))
	}
	return 0
}

// openExisting opens a database the command line reads from; unlike the
// GUI, it never creates one where the path names nothing. The command line
// acts, and is audited, in the name of the computer's user.
func openExisting(ctx context.Context, path string) (*sqlstore.Store, error) {
	if _, err := os.Stat(path); err != nil && !sqlstore.IsServerAddress(path) {
		return nil, data.Errorf(data.EINVALID, "%s does not exist.", path)
	}
	s, err := sqlstore.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	s.SetActor(data.CommandLine(osUser()))
	return s, nil
}

// osUser names the computer's user, who command-line actions are
// recorded under.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return ""
}

// audit runs "audit verify": it walks the audit trail's chain and reports
// the first row that was altered, removed or inserted out of order.
func (c cli) audit(args []string) int {
	if len(args) == 0 || args[0] != "verify" {
		return c.usageError("audit needs the word verify")
	}
	fs := c.flags("needlepoint audit verify")
	path := fs.String("db", "", "the clinic database `file`")
	if status := c.parse(fs, args[1:], "audit verify needs --db FILE", path); status != 0 {
		return status
	}
	ctx := context.Background()
	store, err := openExisting(ctx, *path)
	if err != nil {
		return c.fail(err)
	}
	defer store.Close()
	v, err := store.VerifyAudit(ctx)
	if err != nil {
		return c.fail(err)
	}
	if !v.OK() {
		fmt.Fprintf(c.stdout, "ALTERED: %s\n", v.Problem)
		fmt.Fprintf(c.stdout, "The audit trail was changed outside Needlepoint at row %d. Keep this file as it is and tell the clinic's owner.\n", v.BadRow)
		return 1
	}
	fmt.Fprintf(c.stdout, "OK: all %d rows of the audit trail are as they were written.\n", v.Rows)
	return 0
}

// pcDatabase is the database this PC keeps its records in, given local,
// its own file: the one its setting names, or local when it holds records
// already (a PC in use before it had a setting). chosen is false on a
// first start, when neither is there.
func pcDatabase(local string) (db string, chosen bool, err error) {
	s, ok, err := readPCSetting()
	if err != nil || ok {
		return s.database(local), ok, err
	}
	if _, err := os.Stat(local); !errors.Is(err, fs.ErrNotExist) {
		return local, true, nil
	}
	return "", false, nil
}

// dataDir is where the clinic database lives by default: the user's local
// application data folder, never a roaming or synced one.
func dataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if dir := os.Getenv("LOCALAPPDATA"); dir != "" {
			return filepath.Join(dir, "Needlepoint"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", data.Errorf(data.EINVALID, "Cannot find your home folder; start Needlepoint with --db FILE.")
		}
		return filepath.Join(home, "Library", "Application Support", "Needlepoint"), nil
	}
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" {
		return filepath.Join(dir, "needlepoint"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", data.Errorf(data.EINVALID, "Cannot find your home folder; start Needlepoint with --db FILE.")
	}
	return filepath.Join(home, ".local", "share", "needlepoint"), nil
}
