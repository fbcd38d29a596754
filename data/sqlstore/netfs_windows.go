package sqlstore

import (
	"path/filepath"
	"strings"
	"syscall"
	"unsafe"
)

// driveRemote is GetDriveTypeW's answer for a mapped network drive.
const driveRemote = 4

var getDriveType = syscall.NewLazyDLL("kernel32.dll").NewProc("GetDriveTypeW")

func networkShare(dir string) (string, bool) {
	if strings.HasPrefix(dir, `\\`) && !strings.HasPrefix(dir, `\\?\`) && !strings.HasPrefix(dir, `\\.\`) {
		return "a network share (UNC path)", true
	}
	vol := filepath.VolumeName(dir)
	if vol == "" {
		return "", false
	}
	root, err := syscall.UTF16PtrFromString(vol + `\`)
	if err != nil {
		return "", false
	}
	if t, _, _ := getDriveType.Call(uintptr(unsafe.Pointer(root))); t == driveRemote {
		return "a network drive", true
	}
	return "", false
}
