package sqlstore_test

import (
	"os"
	"runtime"
)

// isolateConfigFolder points the user's configuration folder, where the
// witness key is kept, at a new temporary folder for the whole test run,
// and returns that folder.
func isolateConfigFolder() string {
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
	return dir
}
