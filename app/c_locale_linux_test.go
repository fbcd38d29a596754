//go:build linux && cgo

package app

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestCLocaleSaysNoFyneError: started with LANG=C.UTF-8 and no LANGUAGE,
// as on many Linux machines, the program prints no "Fyne error" and runs
// in English with LANG as it was. The test starts this test binary again
// with the environment to try.
func TestCLocaleSaysNoFyneError(t *testing.T) {
	if os.Getenv("NEEDLEPOINT_LOCALE_CHILD") != "" {
		fmt.Printf("LANGUAGE=%q LANG=%q\n", os.Getenv("LANGUAGE"), os.Getenv("LANG"))
		return
	}
	start := func(vars ...string) string {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCLocaleSaysNoFyneError$")
		for _, v := range os.Environ() {
			name, _, _ := strings.Cut(v, "=")
			if name != "LANG" && name != "LANGUAGE" && !strings.HasPrefix(name, "LC_") {
				cmd.Env = append(cmd.Env, v)
			}
		}
		cmd.Env = append(cmd.Env, append(vars, "NEEDLEPOINT_LOCALE_CHILD=1")...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", vars, err, out)
		}
		return string(out)
	}

	out := start("LANG=C.UTF-8")
	if strings.Contains(out, "Fyne error") || !strings.Contains(out, `LANGUAGE="en" LANG="C.UTF-8"`) {
		t.Errorf("started with LANG=C.UTF-8:\n%s", out)
	}
	out = start("LANG=en_GB.UTF-8")
	if strings.Contains(out, "Fyne error") || !strings.Contains(out, `LANGUAGE="" LANG="en_GB.UTF-8"`) {
		t.Errorf("started with LANG=en_GB.UTF-8:\n%s", out)
	}
	// A language set on purpose is kept, even one Fyne cannot read: this
	// is also how the test knows it would see the error.
	out = start("LANG=C.UTF-8", "LANGUAGE=C.UTF-8")
	if !strings.Contains(out, "Fyne error") || !strings.Contains(out, `LANGUAGE="C.UTF-8"`) {
		t.Errorf("started with LANGUAGE=C.UTF-8, the language was not kept or Fyne said nothing:\n%s", out)
	}
}
