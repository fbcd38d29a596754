//go:build !linux && !darwin && !windows

package sqlstore

// networkShare cannot tell on this system; it assumes a local disk.
func networkShare(string) (string, bool) { return "", false }
