package sqlstore_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"

	"modernc.org/sqlite"
)

// Child processes are this test binary run again with one test selected and
// the database path in childDBEnv; a child test skips itself when the
// variable is unset, so a normal test run never does a child's work.
const (
	childDBEnv    = "NEEDLEPOINT_TEST_CHILD_DB"
	childCountEnv = "NEEDLEPOINT_TEST_CHILD_COUNT"
)

// writersPerChild is how many patients each of the two writing processes
// registers.
const writersPerChild = 1000

// child is a running copy of the test binary: what it prints comes on
// lines, and a line written to in lets a waiting child go on.
type child struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
}

// startChild runs the test named test in a new process, on the database at
// path. Every line the child prints is sent on lines, which is closed when
// the child's output ends.
func startChild(t *testing.T, test, path string, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), append(env, childDBEnv+"="+path)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, in: in, lines: make(chan string, 64)}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	return c
}

// childPatient returns a valid patient whose name and notes tell the
// writing process and the patient's number apart.
func childPatient(writer string, i int) data.Patient {
	p := datatest.ValidPatient()
	p.FirstName = writer
	p.LastName = "Kowalsk" + letters(i)
	p.Email = fmt.Sprintf("%s.%d@example.com", strings.ToLower(writer), i)
	p.MedicalNotes = fmt.Sprintf("Registered by %s as patient %d.", writer, i)
	return p
}

// letters spells n with the letters a–z, so that names stay valid names.
func letters(n int) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n /= 26
		if n == 0 {
			return s
		}
	}
}

// TestWritersChild is one of the two processes of TestTwoWriters: once its
// store is open it says "ready" and waits for a line on its input, then it
// looks for duplicates and registers patients one by one, as a receptionist
// does, and prints "error: <message>" for anything the user would have seen.
func TestWritersChild(t *testing.T) {
	sqliteOnly(t)
	path := os.Getenv(childDBEnv)
	if path == "" {
		t.Skip("run as a child process by TestTwoWriters")
	}
	n, err := strconv.Atoi(os.Getenv(childCountEnv))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := mustOpenPath(t, path)
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	writer := "Writer" + letters(os.Getpid())
	for i := range n {
		p := childPatient(writer, i)
		if _, err := s.FindDuplicates(ctx, p); err != nil {
			fmt.Printf("error: %s\n", data.ErrorMessage(err))
			t.Fatal(err)
		}
		if err := s.CreatePatient(ctx, &p); err != nil {
			fmt.Printf("error: %s\n", data.ErrorMessage(err))
			t.Fatal(err)
		}
	}
	fmt.Printf("done %d\n", n)
}

// TestTwoWriters runs two processes that create the same new database and
// register 1,000 patients each at the same moment: every patient must be
// saved and no error may reach the user.
func TestTwoWriters(t *testing.T) {
	sqliteOnly(t)
	if testing.Short() {
		t.Skip("two processes writing 2,000 patients")
	}
	path := filepath.Join(t.TempDir(), "clinic.db")
	env := childCountEnv + "=" + strconv.Itoa(writersPerChild)
	children := []*child{
		startChild(t, "TestWritersChild", path, env),
		startChild(t, "TestWritersChild", path, env),
	}
	outputs := make([][]string, len(children))
	for i, c := range children {
		for line := range c.lines {
			outputs[i] = append(outputs[i], line)
			if line == "ready" {
				break
			}
		}
	}
	for _, c := range children {
		fmt.Fprintln(c.in, "go")
	}
	var wg sync.WaitGroup
	for i, c := range children {
		wg.Go(func() {
			out := outputs[i]
			done := false
			for line := range c.lines {
				out = append(out, line)
				done = done || line == fmt.Sprintf("done %d", writersPerChild)
			}
			if err := c.cmd.Wait(); err != nil || !done {
				t.Errorf("writer process failed (%v):\n%s", err, strings.Join(out, "\n"))
			}
		})
	}
	wg.Wait()
	s := mustOpenPath(t, path)
	counts, err := s.CountPatients(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := counts.Active, 2*writersPerChild; got != want {
		t.Errorf("patients on file = %d, want %d", got, want)
	}
	// Each registration wrote its audit row in its own transaction; the
	// chain holds across the two processes' turns.
	v, err := s.VerifyAudit(context.Background())
	if err != nil || !v.OK() || v.Rows != 2*writersPerChild {
		t.Errorf("audit trail after two writers: %+v, %v; want %d rows, chain intact", v, err, 2*writersPerChild)
	}
	assertInterleaved(t, path)
	assertIntact(t, path)
}

// assertInterleaved checks that the two writers' patients were numbered
// in turns, which shows the processes really wrote at the same time.
func assertInterleaved(t *testing.T, path string) {
	t.Helper()
	var turns int
	err := rawDB(t, path).QueryRow(`SELECT count(*) FROM patients p
		JOIN patients q ON q.id = p.id + 1 AND q.first_name <> p.first_name`).Scan(&turns)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the writers took turns %d times", turns)
	if turns < 2 {
		t.Errorf("the writers took turns %d times; they did not write at the same time", turns)
	}
}

// assertIntact runs SQLite's own integrity and foreign key checks on the
// file, as another program would, and checks the audit trail's chain.
func assertIntact(t *testing.T, path string) {
	t.Helper()
	db := rawDB(t, path)
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil {
		t.Fatal(err)
	}
	if result != "ok" {
		t.Errorf("integrity_check = %q, want ok", result)
	}
	rows, err := db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid, fk any
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			t.Fatal(err)
		}
		t.Errorf("foreign_key_check: row %v of %s points to a missing %s", rowid, table, parent)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	v, err := mustOpenPath(t, path).VerifyAudit(context.Background())
	if err != nil || !v.OK() {
		t.Errorf("audit chain: %+v, %v; want intact", v, err)
	}
}

// pageLimits maps a database path to the number of pages its connections
// may grow to, so a test can make the disk look full to the store.
var pageLimits sync.Map

// init gives every new connection to a database in pageLimits that limit,
// with SQLite's max_page_count: writes needing more pages then fail with
// SQLITE_FULL, exactly as on a full disk.
func init() {
	sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
		var err error
		pageLimits.Range(func(path, pages any) bool {
			if strings.Contains(dsn, filepath.ToSlash(path.(string))+"?") {
				_, err = conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA max_page_count = %d", pages), nil)
				return false
			}
			return true
		})
		return err
	})
}

// pageCount returns how many pages the database at path has.
func pageCount(t *testing.T, path string) int {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	var n int
	if err := db.QueryRow("PRAGMA page_count").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// wantMessage checks that err is an invalid-input error whose message a user
// can read, naming what happened.
func wantMessage(t *testing.T, err error, want ...string) {
	t.Helper()
	if got := data.ErrorCode(err); got != data.EINVALID {
		t.Errorf("ErrorCode = %q, want %q (%v)", got, data.EINVALID, err)
	}
	msg := data.ErrorMessage(err)
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q should say %q", msg, w)
		}
	}
}

// TestReliabilityDiskFull fills the disk (as SQLite's page limit) while
// patients are imported and registered: the user is told the disk is full,
// what failed is not saved at all, and writing works again once there is
// room.
func TestReliabilityDiskFull(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clinic.db")
	s := mustOpenPath(t, path)
	first := mustCreate(t, s, datatest.ValidPatient())
	s.Close()

	// Room for a few patients with long notes, not for 200 of them.
	pageLimits.Store(path, pageCount(t, path)+20)
	s = mustOpenPath(t, path)
	var many []data.Patient
	for i := range 200 {
		p := childPatient("Import", i)
		p.MedicalNotes = strings.Repeat("Long history of acne scarring. ", 300)
		p.CreatedAt, p.UpdatedAt, p.Version = datatest.Now, datatest.Now, 1
		many = append(many, p)
	}
	wantPatients := func(t *testing.T, want int) {
		t.Helper()
		counts, err := s.CountPatients(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := counts.Active; got != want {
			t.Errorf("patients on file = %d, want %d", got, want)
		}
	}
	t.Run("ErrImportHalfway", func(t *testing.T) {
		wantMessage(t, s.ImportPatients(ctx, many), "Nothing was saved", "disk is full")
		wantPatients(t, 1)
	})
	t.Run("ErrCreatePatientWhenFull", func(t *testing.T) {
		saved := 0
		for _, p := range many {
			err := s.CreatePatient(ctx, &p)
			if err != nil {
				wantMessage(t, err, "Nothing was saved", "disk is full")
				break
			}
			saved++
		}
		if saved == 0 || saved == len(many) {
			t.Fatalf("%d of %d patients saved; the disk should fill after a few", saved, len(many))
		}
		wantPatients(t, 1+saved)
		if _, err := s.Patient(ctx, first.ID); err != nil {
			t.Errorf("the patient saved before the disk filled: %v", err)
		}
	})
	s.Close()
	pageLimits.Delete(path)

	t.Run("WritesAgainWithRoom", func(t *testing.T) {
		s := mustOpenPath(t, path)
		if err := s.ImportPatients(ctx, many); err != nil {
			t.Fatalf("ImportPatients with room on the disk: %v", err)
		}
		s.Close()
		assertIntact(t, path)
	})
}

// damagedCopy makes a database of 300 patients and writes it back as
// damage changes it. damage gets the file's bytes and, within them, the
// page where the patients table starts.
func damagedCopy(t *testing.T, damage func(file, patientsPage []byte) []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clinic.db")
	s := mustOpenPath(t, path)
	var many []data.Patient
	for i := range 300 {
		p := childPatient("Damage", i)
		p.CreatedAt, p.UpdatedAt, p.Version = datatest.Now, datatest.Now, 1
		many = append(many, p)
	}
	if err := s.ImportPatients(context.Background(), many); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db := rawDB(t, path)
	var root, size int
	if err := db.QueryRow("SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema WHERE name = 'patients'").Scan(&root, &size); err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, damage(b, b[(root-1)*size:root*size]), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReliabilityDamagedFile opens files cut short or zeroed, as a failed
// copy or a failing disk leaves them: the user is told the file is damaged,
// nothing is written, and the file is left as it was.
func TestReliabilityDamagedFile(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	t.Run("ErrTruncated", func(t *testing.T) {
		path := damagedCopy(t, func(b, _ []byte) []byte { return b[:len(b)/2] })
		assertRefused(t, path, "damaged")
	})
	t.Run("ErrZeroed", func(t *testing.T) {
		path := damagedCopy(t, func(b, _ []byte) []byte { return make([]byte, len(b)) })
		assertRefused(t, path, "not a Needlepoint database")
	})
	t.Run("ErrZeroedPage", func(t *testing.T) {
		path := damagedCopy(t, func(b, patients []byte) []byte {
			clear(patients)
			return b
		})
		before := fileHash(t, path)
		// One bad page does not stop the database from opening; reading
		// it must fail rather than return a wrong patient, and saving must
		// say why it failed.
		s := mustOpenPath(t, path)
		if got, err := s.Patient(ctx, 1); err == nil || strings.Contains(data.ErrorMessage(err), "malformed") {
			t.Errorf("Patient(1) on a zeroed page = %q, %v; want an error in the user's words", got.FullName(), err)
		}
		p := datatest.ValidPatient()
		wantMessage(t, s.CreatePatient(ctx, &p), "Nothing was saved", "damaged")
		s.Close()
		if after := fileHash(t, path); after != before {
			t.Errorf("%s was changed, though nothing could be saved", path)
		}
	})
}
