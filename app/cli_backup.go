package app

import (
	"context"
	"fmt"
	"path/filepath"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// defaultBackupFolder is where backups go when the clinic has not chosen a
// folder: inside the user's data folder, beside the default database.
func defaultBackupFolder() (string, error) {
	dir, err := dataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "backups"), nil
}

// backupFolder is the folder the settings name, or the default one.
func backupFolder(s sqlstore.BackupSettings) (string, error) {
	if s.Folder != "" {
		return s.Folder, nil
	}
	return defaultBackupFolder()
}

// backup makes a verified backup of a database, as the app does on its
// schedule; a clinic can run it from the system's own scheduler too.
func (c cli) backup(args []string) int {
	fs := c.flags("needlepoint backup")
	path := fs.String("db", "", "the clinic database `file`")
	to := fs.String("to", "", "the backup `folder` (default: the folder in the clinic's backup settings)")
	keep := fs.Int("keep", 0, "how many backups to keep (default: as in the clinic's backup settings, 14 unless changed)")
	if status := c.parse(fs, args, "backup needs --db FILE", path); status != 0 {
		return status
	}
	if *keep < 0 {
		return c.usageError("--keep needs a number of at least 1")
	}
	ctx := context.Background()
	store, err := openExisting(ctx, *path)
	if err != nil {
		return c.fail(err)
	}
	defer store.Close()
	settings, err := store.BackupSettings(ctx)
	if err != nil {
		return c.fail(err)
	}
	if *to == "" {
		if *to, err = backupFolder(settings); err != nil {
			return c.fail(err)
		}
	}
	if *keep == 0 {
		*keep = settings.Keep
	}
	b, err := store.Backup(ctx, *to, *keep)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "Backed up %s to %s (%s, verified). Keeping the last %d backups.\n", *path, b.Path, fileSize(b.Size), *keep)
	if b.Note != "" {
		fmt.Fprintln(c.stdout, b.Note)
	}
	return 0
}

// check runs the full checks of a database file and prints what they find:
// exit status 0 when all is well, 1 with the findings otherwise.
func (c cli) check(args []string) int {
	fs := c.flags("needlepoint check")
	path := fs.String("db", "", "the clinic database `file` to check")
	if status := c.parse(fs, args, "check needs --db FILE", path); status != 0 {
		return status
	}
	ctx := context.Background()
	var findings []string
	if kind, ok := sqlstore.NetworkShare(*path); ok {
		findings = append(findings, networkShareWarning(*path, kind))
	}
	store, err := openExisting(ctx, *path)
	if sqlstore.IsDamaged(err) {
		findings = append(findings, data.ErrorMessage(err))
	} else if err != nil {
		return c.fail(err)
	} else {
		defer store.Close()
		var witnesses []string
		if dir, err := defaultBackupFolder(); err == nil {
			witnesses = append(witnesses, dir)
		}
		found, err := store.VerifyDatabase(ctx, witnesses...)
		if err != nil {
			return c.fail(err)
		}
		findings = append(findings, found...)
	}
	if len(findings) == 0 {
		checked := "file integrity, links between records, schema, seals, audit trail and its anchors beside the backups"
		if sqlstore.IsServerAddress(*path) {
			checked = "seals, audit trail and its anchors beside the backups; the server keeps its own files sound"
		}
		fmt.Fprintf(c.stdout, "%s: all is well (%s).\n", *path, checked)
		return 0
	}
	fmt.Fprintf(c.stdout, "%s: %s\n", *path, plural(len(findings), "problem"))
	for _, f := range findings {
		fmt.Fprintf(c.stdout, "  %s\n", f)
	}
	return 1
}

// networkShareWarning says why a database should not be on a network share.
func networkShareWarning(path, kind string) string {
	return fmt.Sprintf("%s is on a network share (%s). SQLite databases can be damaged when shared over a network: move it to this PC's own disk, and use the backup folder for copies elsewhere.", path, kind)
}

// backupDescription names a backup's date and contents, as a restore
// confirmation shows them: "Backup of 28 Nov 2026 18:00: 2,000 patients,
// 4,210 sessions".
func backupDescription(c sqlstore.BackupContents) string {
	return fmt.Sprintf("Backup of %s: %s, %s", c.Taken.Local().Format("2 Jan 2006 15:04"),
		plural(int(c.Patients), "patient"), plural(int(c.Sessions), "session"))
}

// fileSize writes a size in bytes as staff read it.
func fileSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return thousands(int(max(1, n/1024))) + " KB"
}
