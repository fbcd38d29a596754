package app

import (
	"os"
	"runtime"
	"testing"
)

// TestMain points the user's configuration folder, where backups keep
// their witness key, at a temporary folder for the whole test run.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "needlepoint-config-")
	if err != nil {
		panic(err)
	}
	// os.UserConfigDir reads XDG_CONFIG_HOME on Linux and the BSDs,
	// AppData on Windows and HOME on macOS.
	os.Setenv("XDG_CONFIG_HOME", dir)
	os.Setenv("AppData", dir)
	if runtime.GOOS == "darwin" {
		os.Setenv("HOME", dir)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
