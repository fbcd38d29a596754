package sqlstore

import "path/filepath"

// NetworkShare reports whether the database at dbPath is on a network
// share, and which kind (e.g. "NFS", "SMB/CIFS"). SQLite's authors advise
// against it: network file systems get file locking wrong, and two
// computers writing the same file over one can damage it.
func NetworkShare(dbPath string) (kind string, ok bool) {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return "", false
	}
	return networkShare(filepath.Dir(abs))
}
