package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"needlepoint/data"
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
	// Note says why making this backup kept an older one that rotation
	// would have removed; empty when it did not.
	Note string
}

// BackupContents says what a backup holds, for the restore confirmation.
type BackupContents struct {
	Taken    time.Time
	Patients int64
	Sessions int64
	// Version is the database version the backup was written with.
	Version int
	// Clinic is whose records the backup holds; its ID is empty in a
	// backup made before clinic identities.
	Clinic data.ClinicIdentity
}

// backupPrefix is what every backup of the database at dbPath starts with:
// the database's file name without its extension, so the clinic's and the
// demo's backups can share a folder without being mistaken for each other.
func backupPrefix(dbPath string) string {
	if IsServerAddress(dbPath) {
		return serverDatabaseName(dbPath) + "-"
	}
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base)) + "-"
}

// backupName returns the file name of a backup of dbPath taken at t.
func backupName(dbPath string, t time.Time) string {
	return backupPrefix(dbPath) + t.UTC().Format(backupStamp) + backupExt
}

// parseBackupName returns when a backup of dbPath named name was taken and
// whether it is a finished (verified) backup, a partial one, or a journal
// SQLite kept beside a partial one.
func parseBackupName(dbPath, name string) (taken time.Time, verified, journal, ok bool) {
	rest, found := strings.CutPrefix(name, backupPrefix(dbPath))
	if !found {
		return time.Time{}, false, false, false
	}
	for _, suffix := range JournalSuffixes {
		if r, cut := strings.CutSuffix(rest, partialSuffix+suffix); cut {
			rest, journal = r+partialSuffix, true
			break
		}
	}
	if i := strings.Index(rest, backupExt+"."); i >= 0 && strings.HasSuffix(rest, partialSuffix) {
		rest = rest[:i]
	} else if r, isFinal := strings.CutSuffix(rest, backupExt); isFinal && !journal {
		rest, verified = r, true
	} else {
		return time.Time{}, false, false, false
	}
	t, err := time.Parse(backupStamp, rest)
	if err != nil {
		return time.Time{}, false, false, false
	}
	return t, verified, journal, true
}

// IsBackupName reports whether name is the file name of a backup of the
// database at dbPath, finished or partial.
func IsBackupName(dbPath, name string) bool {
	_, _, _, ok := parseBackupName(dbPath, name)
	return ok
}

// ListBackups returns the backups of the database at dbPath found in dir,
// newest first. A folder that does not exist yet holds no backups.
func ListBackups(dir, dbPath string) ([]BackupFile, error) {
	list, _, err := listBackupFiles(dir, dbPath)
	return list, err
}

// listBackupFiles returns the backups of dbPath in dir, newest first, and
// the journals left beside partial ones.
func listBackupFiles(dir, dbPath string) (backups, journals []BackupFile, err error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, wrapf(err, data.EINVALID, "Cannot read the backup folder %s: %s.", dir, osErrorText(err))
	}
	for _, e := range entries {
		taken, verified, journal, ok := parseBackupName(dbPath, e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		b := BackupFile{Path: filepath.Join(dir, e.Name()), Taken: taken, Size: info.Size(), Verified: verified}
		if journal {
			journals = append(journals, b)
		} else {
			backups = append(backups, b)
		}
	}
	sort.SliceStable(backups, func(i, j int) bool { return backups[i].Taken.After(backups[j].Taken) })
	return backups, journals, nil
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
// removes the older ones, and the files left by an interrupted backup. It
// runs only after a new backup, holding patients, was verified, so a
// failing backup never costs the clinic a good one.
//
// A database much smaller than its backups was perhaps replaced (an empty
// or wrong file made into a new clinic), so the newest backup holding more
// than twice the patients is never removed: rotation keeps it, and the note
// it returns says why.
func rotateBackups(ctx context.Context, dir, dbPath string, keep int, now time.Time, patients int64) (note string, err error) {
	list, journals, err := listBackupFiles(dir, dbPath)
	if err != nil {
		return "", err
	}
	var stale, verified []BackupFile
	for _, b := range list {
		if b.Verified {
			verified = append(verified, b)
		} else if now.Sub(b.Taken) > staleBackupAge {
			stale = append(stale, b)
		}
	}
	for _, j := range journals {
		if now.Sub(j.Taken) > staleBackupAge {
			stale = append(stale, j)
		}
	}
	if len(verified) > keep {
		spared := largerBackup(ctx, verified[1:], patients)
		for _, b := range verified[keep:] {
			if b.Path != spared.path {
				stale = append(stale, b)
				continue
			}
			note = fmt.Sprintf("The backup taken %s, holding %s, was kept although it is older than the last %d: the new backup holds only %s. Check that Needlepoint is using the clinic's own database file before removing that backup by hand.",
				b.Taken.Format("2 Jan 2006 15:04 UTC"), patientCount(spared.patients), keep, patientCount(patients))
		}
	}
	for _, b := range stale {
		if err := os.Remove(b.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return note, wrapf(err, data.EINVALID, "The backup was made, but the old backup %s could not be removed: %s.", b.Path, osErrorText(err))
		}
	}
	return note, nil
}

// sparedBackup is a backup rotation keeps, and the patients it holds.
type sparedBackup struct {
	path     string
	patients int64
}

// largerBackup returns the newest of the backups (newest first) holding
// more than twice patients, or nothing. A backup that cannot be read is
// passed over.
func largerBackup(ctx context.Context, older []BackupFile, patients int64) sparedBackup {
	for _, b := range older {
		if n, err := backupPatients(ctx, b.Path); err == nil && n > 2*patients {
			return sparedBackup{path: b.Path, patients: n}
		}
	}
	return sparedBackup{}
}

// patientCount writes "1 patient" or "3 patients".
func patientCount(n int64) string {
	if n == 1 {
		return "1 patient"
	}
	return fmt.Sprintf("%d patients", n)
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
