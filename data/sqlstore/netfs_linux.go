package sqlstore

import "syscall"

// networkFileSystems are the statfs(2) magic numbers of Linux's network
// and cluster file systems.
var networkFileSystems = map[int64]string{
	0x6969:     "NFS",
	0x517B:     "SMB",
	0xFF534D42: "SMB/CIFS",
	0xFE534D42: "SMB2",
	0x564C:     "NetWare",
	0x73757245: "Coda",
	0x5346414F: "AFS",
	0x6B414653: "AFS",
	0x01021997: "9P",
	0x00C36400: "Ceph",
	0x01161970: "GFS2",
	0x7461636F: "OCFS2",
	0x0BD00BD0: "Lustre",
}

func networkShare(dir string) (string, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return "", false
	}
	kind, ok := networkFileSystems[int64(st.Type)&0xFFFFFFFF]
	return kind, ok
}
