//go:build unix

package data_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// crashKills is how many times TestCrashLoop kills a writing process.
const crashKills = 60

// TestCrashChild is the process TestCrashLoop kills: it registers patients
// with a screening each, and prints "patient <id>" and "screening <id>
// <patient id>" as soon as each transaction has committed.
func TestCrashChild(t *testing.T) {
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

// TestCrashLoop kills a writing process with SIGKILL at random moments —
// while it starts, opens or recovers the database, or writes — and then
// checks that the file is sound and holds everything that was reported
// saved. The seed is logged so a failure can be replayed.
func TestCrashLoop(t *testing.T) {
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
	for range crashKills {
		c := startChild(t, "TestCrashChild", path)
		var out []string
		if rng.IntN(2) == 0 {
			// Let it commit something first, then kill it mid-stride.
			out = append(out, <-c.lines)
			time.Sleep(time.Duration(rng.IntN(20_000)) * time.Microsecond)
		} else {
			time.Sleep(time.Duration(rng.IntN(80_000)) * time.Microsecond)
		}
		if err := c.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		for line := range c.lines {
			out = append(out, line)
		}
		if err := c.cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
			t.Fatalf("the writing process ended by itself (%v):\n%s", err, strings.Join(out, "\n"))
		}
		acked := readAcks(t, out, patients, screenings)
		if acked > 0 {
			writing++
		}
	}
	t.Logf("%d kills, %d while writing; %d patients and %d screenings reported saved",
		crashKills, writing, len(patients), len(screenings))
	if writing < crashKills/4 {
		t.Errorf("only %d of %d kills came while the process was writing", writing, crashKills)
	}
	assertIntact(t, path)
	assertSaved(t, path, patients, screenings)
}

// readAcks records the patients and screenings a killed process reported as
// saved, and returns how many there were.
func readAcks(t *testing.T, out []string, patients map[int64]bool, screenings map[int64]int64) int {
	t.Helper()
	n := 0
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
		default:
			continue
		}
		n++
	}
	return n
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
