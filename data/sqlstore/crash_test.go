//go:build unix

package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"needlepoint/data/datatest"
)

// This file holds the tests that need POSIX processes and permissions:
// killing a process with SIGKILL, and a user who may not write a file.

// crashKills is how many times TestCrashLoop kills a writing process.
const crashKills = 60

// TestCrashChild is the process TestCrashLoop kills: it registers patients
// with a screening each, and prints "patient <id>" and "screening <id>
// <patient id>" as soon as each transaction has committed.
func TestCrashChild(t *testing.T) {
	sqliteOnly(t)
	path := os.Getenv(childDBEnv)
	if path == "" {
		t.Skip("run as a child process by TestCrashLoop")
	}
	ctx := context.Background()
	s := mustOpenPath(t, path)
	for i := 0; ; i++ {
		p := childPatient("Crash", i)
		if err := s.CreatePatient(ctx, &p); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("patient %d\n", p.ID)
		sc := validScreening(p.ID)
		if err := s.CreateScreening(ctx, &sc); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("screening %d %d\n", sc.ID, p.ID)
	}
}

// TestCrashLoop kills a writing process with SIGKILL, every other time
// once it has reported a first save and so is writing, and otherwise at a
// random moment while it starts, opens or recovers the database; then it
// checks that the file is sound and holds everything that was reported
// saved. Half the kills land while writing whatever the machine's speed.
// The seed is logged so a failure can be replayed.
func TestCrashLoop(t *testing.T) {
	sqliteOnly(t)
	if testing.Short() {
		t.Skip("kills a process many times")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	path := filepath.Join(t.TempDir(), "clinic.db")
	patients := map[int64]bool{}
	screenings := map[int64]int64{}
	writing := 0
	for i := range crashKills {
		c := startChild(t, "TestCrashChild", path)
		var out []string
		if i%2 == 0 {
			// Let it commit something first, then kill it mid-stride.
			select {
			case line := <-c.lines:
				out = append(out, line)
			case <-time.After(time.Minute):
				c.cmd.Process.Kill()
				t.Fatal("the writing process reported no save in a minute")
			}
			writing++
			time.Sleep(time.Duration(rng.IntN(20_000)) * time.Microsecond)
		} else {
			time.Sleep(time.Duration(rng.IntN(80_000)) * time.Microsecond)
		}
		if err := c.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
			t.Fatal(err)
		}
		for line := range c.lines {
			out = append(out, line)
		}
		if err := c.cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
			t.Fatalf("the writing process ended by itself (%v):\n%s", err, strings.Join(out, "\n"))
		}
		readAcks(t, out, patients, screenings)
	}
	t.Logf("%d kills, %d while writing; %d patients and %d screenings reported saved",
		crashKills, writing, len(patients), len(screenings))
	assertIntact(t, path)
	assertSaved(t, path, patients, screenings)
}

// readAcks records the patients and screenings a killed process reported as
// saved.
func readAcks(t *testing.T, out []string, patients map[int64]bool, screenings map[int64]int64) {
	t.Helper()
	for _, line := range out {
		var id, patientID int64
		switch {
		case strings.HasPrefix(line, "patient "):
			if _, err := fmt.Sscanf(line, "patient %d", &id); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			patients[id] = true
		case strings.HasPrefix(line, "screening "):
			if _, err := fmt.Sscanf(line, "screening %d %d", &id, &patientID); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			screenings[id] = patientID
		}
	}
}

// assertSaved opens the database as Needlepoint does and finds every
// patient and screening that was reported saved.
func assertSaved(t *testing.T, path string, patients map[int64]bool, screenings map[int64]int64) {
	t.Helper()
	ctx := context.Background()
	s := mustOpenPath(t, path)
	for id := range patients {
		p, err := s.Patient(ctx, id)
		if err != nil {
			t.Errorf("patient %d was reported saved, then lost: %v", id, err)
			continue
		}
		if !strings.HasPrefix(p.MedicalNotes, "Registered by Crash") {
			t.Errorf("patient %d came back as %q", id, p.MedicalNotes)
		}
	}
	found := map[int64]bool{}
	for _, patientID := range screenings {
		list, err := s.Screenings(ctx, patientID)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range list {
			found[sc.ID] = true
		}
	}
	for id, patientID := range screenings {
		if !found[id] {
			t.Errorf("screening %d of patient %d was reported saved, then lost", id, patientID)
		}
	}
}

// TestReliabilityReadOnly opens a database the user may read but not
// change, as on a share opened with the wrong account: the user is told
// so, and the file is left as it was.
func TestReliabilityReadOnly(t *testing.T) {
	sqliteOnly(t)
	if os.Geteuid() == 0 {
		runUnprivileged(t)
		return
	}
	saved := func(t *testing.T) string {
		t.Helper()
		path := filepath.Join(t.TempDir(), "clinic.db")
		s := mustOpenPath(t, path)
		mustCreate(t, s, datatest.ValidPatient())
		s.Close()
		return path
	}
	t.Run("ErrReadOnlyFile", func(t *testing.T) {
		path := saved(t)
		if err := os.Chmod(path, 0o400); err != nil {
			t.Fatal(err)
		}
		assertRefused(t, path, "cannot be changed")
	})
	t.Run("ErrReadOnlyFolderOfDatabase", func(t *testing.T) {
		path := saved(t)
		dir := filepath.Dir(path)
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o700)
		assertRefused(t, path, "the file or its folder is read-only")
	})
}

// runUnprivileged runs the calling test again as the user nobody, because
// root may write any file whatever its permissions. The test binary is
// copied where nobody may run it.
func runUnprivileged(t *testing.T) {
	t.Helper()
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Skipf("running as root and there is no user nobody to test without write access: %v", err)
	}
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "data.test")
	copyFile(t, os.Args[0], bin)
	cmd := exec.Command(bin, "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	out, err := cmd.CombinedOutput()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Skipf("running as root and cannot start a process as the user nobody to test without write access: %v", err)
	}
	t.Logf("run again as the user nobody:\n%s", out)
	if err != nil {
		t.Errorf("as the user nobody: %v", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
