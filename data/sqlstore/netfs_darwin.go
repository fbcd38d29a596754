package sqlstore

import "syscall"

// networkFileSystems are the names macOS gives its network file systems.
var networkFileSystems = map[string]string{
	"nfs":    "NFS",
	"smbfs":  "SMB",
	"afpfs":  "AFP",
	"webdav": "WebDAV",
	"cifs":   "SMB/CIFS",
}

func networkShare(dir string) (string, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return "", false
	}
	name := make([]byte, 0, len(st.Fstypename))
	for _, c := range st.Fstypename {
		if c == 0 {
			break
		}
		name = append(name, byte(c))
	}
	kind, ok := networkFileSystems[string(name)]
	return kind, ok
}
