package app

import (
	"os"
	"strings"
	"testing"

	"needlepoint/data/demo"
)

// TestCIRunsREADMETestCommand keeps README's promise true: CI runs the very
// test command a newcomer copies from the top of README.md.
func TestCIRunsREADMETestCommand(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	var testCmd string
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasSuffix(line, "go test ./...") {
			testCmd = line
			break
		}
	}
	if testCmd == "" {
		t.Fatal("README.md has no test command ending in 'go test ./...'")
	}
	if !strings.Contains(string(ci), "\n"+testCmd+"\n") {
		t.Errorf(".ci/run does not run README's test command %q", testCmd)
	}
}

// TestREADMEListsDemoSignIns keeps the demo's sign-ins in README.md the
// ones the demo database really has.
func TestREADMEListsDemoSignIns(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range demo.Accounts {
		row := "| `" + a.Username + "` | `" + a.Password + "` | " + a.Name + " |"
		if !strings.Contains(string(readme), row) {
			t.Errorf("README.md lacks the demo sign-in row %q", row)
		}
	}
}
