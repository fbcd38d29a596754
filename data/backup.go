package data

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

// A backup is one file in the backup folder named after the database and
// the moment it was taken, in UTC so names sort in time order:
// needlepoint-20261128-180000Z.db. It is written under a temporary name
// ending in .partial, synced to disk, verified, and only then renamed, so a
// file with the final name is always a verified backup.
const (
	backupStamp   = "20060102-150405Z"
	backupExt     = ".db"
	partialSuffix = ".partial"
)

// BackupFile is a backup as the backup folder lists it.
type BackupFile struct {
	Path  string
	Taken time.Time
	Size  int64
	// Verified is true for a backup that passed its checks; false for a
	// copy that was interrupted or is still being written.
	Verified bool
}

// BackupContents says what a backup holds, for the restore confirmation.
type BackupContents struct {
	Taken    time.Time
	Patients int64
	Sessions int64
	// Version is the database version the backup was written with.
	Version int
}

// backupPrefix is what every backup of the database at dbPath starts with:
// the database's file name without its extension, so the clinic's and the
// demo's backups can share a folder without being mistaken for each other.
func backupPrefix(dbPath string) string {
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base)) + "-"
}

// backupName returns the file name of a backup of dbPath taken at t.
func backupName(dbPath string, t time.Time) string {
	return backupPrefix(dbPath) + t.UTC().Format(backupStamp) + backupExt
}

// parseBackupName returns when a backup of dbPath named name was taken and
// whether it is a finished (verified) backup or a partial one.
func parseBackupName(dbPath, name string) (taken time.Time, verified, ok bool) {
	rest, found := strings.CutPrefix(name, backupPrefix(dbPath))
	if !found {
		return time.Time{}, false, false
	}
	if i := strings.Index(rest, backupExt+"."); i >= 0 && strings.HasSuffix(rest, partialSuffix) {
		rest = rest[:i]
	} else if r, isFinal := strings.CutSuffix(rest, backupExt); isFinal {
		rest, verified = r, true
	} else {
		return time.Time{}, false, false
	}
	t, err := time.Parse(backupStamp, rest)
	if err != nil {
		return time.Time{}, false, false
	}
	return t, verified, true
}

// ListBackups returns the backups of the database at dbPath found in dir,
// newest first. A folder that does not exist yet holds no backups.
func ListBackups(dir, dbPath string) ([]BackupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, wrapf(err, EINVALID, "Cannot read the backup folder %s: %s.", dir, osErrorText(err))
	}
	var list []BackupFile
	for _, e := range entries {
		taken, verified, ok := parseBackupName(dbPath, e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		list = append(list, BackupFile{Path: filepath.Join(dir, e.Name()), Taken: taken, Size: info.Size(), Verified: verified})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Taken.After(list[j].Taken) })
	return list, nil
}

// NewestVerifiedBackup returns the newest verified backup of dbPath in dir,
// and false when there is none.
func NewestVerifiedBackup(dir, dbPath string) (BackupFile, bool, error) {
	list, err := ListBackups(dir, dbPath)
	if err != nil {
		return BackupFile{}, false, err
	}
	for _, b := range list {
		if b.Verified {
			return b, true, nil
		}
	}
	return BackupFile{}, false, nil
}

// staleBackupAge is how old a partial backup must be before rotation
// removes it: younger ones may still be written by another copy of
// Needlepoint.
const staleBackupAge = 24 * time.Hour

// rotateBackups keeps the newest keep verified backups of dbPath in dir and
// removes the older ones, and partial files left by an interrupted backup.
// It runs only after a new backup was verified, so a failing backup never
// costs the clinic a good one.
func rotateBackups(dir, dbPath string, keep int, now time.Time) error {
	list, err := ListBackups(dir, dbPath)
	if err != nil {
		return err
	}
	kept := 0
	for _, b := range list {
		remove := false
		if b.Verified {
			kept++
			remove = kept > keep
		} else {
			remove = now.Sub(b.Taken) > staleBackupAge
		}
		if !remove {
			continue
		}
		if err := os.Remove(b.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return wrapf(err, EINVALID, "The backup was made, but the old backup %s could not be removed: %s.", b.Path, osErrorText(err))
		}
	}
	return nil
}

// syncFile flushes a file's contents to the disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir survive a power cut. Windows cannot sync a
// folder and makes renames durable itself, so there it does nothing.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// copyFile copies src to a new file dst, synced to disk.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
