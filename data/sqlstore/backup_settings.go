package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"needlepoint/data"
)

// BackupSettings say where and how often the app backs up the clinic's
// records. They are stored in the database's settings, so every computer
// on the same database follows them.
type BackupSettings struct {
	// Folder receives the backups; empty means the default folder inside
	// the user's data folder.
	Folder string
	// Keep is how many verified backups remain after a new one.
	Keep int
	// EveryHours is the time between automatic backups; 0 turns them off.
	EveryHours int
	// OnClose makes a backup when the app is closed.
	OnClose bool
}

// Field names of the backup settings, used in FieldError and as keys in the
// settings.
const (
	FieldBackupFolder     = "backup_folder"
	FieldBackupKeep       = "backup_keep"
	FieldBackupEveryHours = "backup_every_hours"
	FieldBackupOnClose    = "backup_on_close"
)

// Limits of the backup settings.
const (
	MaxBackupKeep       = 365
	MaxBackupEveryHours = 24 * 7
)

// DefaultBackupSettings are a daily backup and one on closing, keeping the
// last 14, in the default folder.
func DefaultBackupSettings() BackupSettings {
	return BackupSettings{Keep: 14, EveryHours: 24, OnClose: true}
}

// Validate checks the settings and returns an *Error naming each problem.
func (b BackupSettings) Validate() error {
	var v data.Validator
	if b.Folder != "" {
		if v.Text(FieldBackupFolder, "Backup folder", b.Folder, 1000, false) && !filepath.IsAbs(b.Folder) {
			v.Add(FieldBackupFolder, "Choose the backup folder with its full path, e.g. D:\\Backups or /mnt/backup.")
		}
	}
	if b.Keep < 1 || b.Keep > MaxBackupKeep {
		v.Add(FieldBackupKeep, "Keep from 1 to "+strconv.Itoa(MaxBackupKeep)+" backups.")
	}
	if b.EveryHours < 0 || b.EveryHours > MaxBackupEveryHours {
		v.Add(FieldBackupEveryHours, "Back up at least once a week (every 1 to "+strconv.Itoa(MaxBackupEveryHours)+" hours), or 0 for no automatic backups.")
	}
	return v.Err()
}

// BackupSettings returns the clinic's backup settings, with the default for
// each one never saved. They hold no patient's data, and the schedule reads
// them whoever is signed in, or nobody.
func (s *Store) BackupSettings(ctx context.Context) (BackupSettings, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return BackupSettings{}, s.readError(err)
	}
	defer tx.Rollback()
	stored, err := readSettings(ctx, tx)
	if err != nil {
		return BackupSettings{}, s.readError(err)
	}
	return backupSettingsFrom(stored), nil
}

// backupSettingsFrom reads the backup settings out of the stored settings.
// A value another program broke falls back to its default: backups must
// keep running whatever the settings table holds.
func backupSettingsFrom(stored map[string]string) BackupSettings {
	b := DefaultBackupSettings()
	b.Folder = strings.TrimSpace(stored[FieldBackupFolder])
	number := func(key string, into *int) {
		if n, err := strconv.Atoi(stored[key]); err == nil {
			*into = n
		}
	}
	number(FieldBackupKeep, &b.Keep)
	number(FieldBackupEveryHours, &b.EveryHours)
	if v, ok := stored[FieldBackupOnClose]; ok {
		b.OnClose = v == "1"
	}
	if b.Validate() != nil {
		folder := b.Folder
		b = DefaultBackupSettings()
		if filepath.IsAbs(folder) {
			b.Folder = folder
		}
	}
	return b
}

// SaveBackupSettings validates b and stores it.
func (s *Store) SaveBackupSettings(ctx context.Context, b BackupSettings) error {
	who, err := s.allow(ctx, data.PermBackup, 0)
	if err != nil {
		return err
	}
	b.Folder = strings.TrimSpace(b.Folder)
	if err := b.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		onClose := "0"
		if b.OnClose {
			onClose = "1"
		}
		for key, value := range map[string]string{
			FieldBackupFolder:     b.Folder,
			FieldBackupKeep:       strconv.Itoa(b.Keep),
			FieldBackupEveryHours: strconv.Itoa(b.EveryHours),
			FieldBackupOnClose:    onClose,
		} {
			if err := saveSetting(ctx, tx, key, value); err != nil {
				return s.writeError(err)
			}
		}
		e := data.Audit{Action: data.ActionSettingChanged, Subject: "backups", Detail: fmt.Sprintf("folder %s, keep %d, every %d hours, on close %s", b.Folder, b.Keep, b.EveryHours, onClose)}
		if err := s.audit(ctx, tx, who, e); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// ReadBackupSettings reads the backup settings of the database at dbPath
// without opening it for writing, for when the database cannot be opened
// (it is damaged) and the app looks for its backups. It returns the
// defaults when the settings cannot be read.
func ReadBackupSettings(ctx context.Context, dbPath string) BackupSettings {
	db, err := sql.Open("sqlite", readOnlyDSN(dbPath))
	if err != nil {
		return DefaultBackupSettings()
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT key, value FROM settings WHERE key LIKE 'backup\\_%' ESCAPE '\\'")
	if err != nil {
		return DefaultBackupSettings()
	}
	defer rows.Close()
	stored := map[string]string{}
	for rows.Next() {
		var key, value string
		if rows.Scan(&key, &value) == nil {
			stored[key] = value
		}
	}
	return backupSettingsFrom(stored)
}
