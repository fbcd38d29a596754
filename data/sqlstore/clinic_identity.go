package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"needlepoint/data"
)

// clinicIDKey is the setting that holds the clinic's identity. Being a
// setting, it is in every backup.
const clinicIDKey = "clinic_id"

// newClinicID returns 128 random bits in hex.
func newClinicID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// ensureClinicID gives the database its clinic identity the first time it
// is opened, or the first time this version opens an older one. A second
// copy of Needlepoint doing the same at the same moment leaves the first
// identity in place.
func (s *Store) ensureClinicID(ctx context.Context) error {
	var id string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", clinicIDKey).Scan(&id)
	if err == nil && id != "" {
		return nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return wrapf(err, openErrorCode(err), "Cannot prepare the database %s: %s", s.path, openErrorText(err))
	}
	if id, err = newClinicID(); err != nil {
		return wrapf(err, data.EINTERNAL, "Cannot make the clinic's identity on this computer.")
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE settings.value = ''`, clinicIDKey, id)
	if err != nil {
		return wrapf(err, openErrorCode(err), "Cannot prepare the database %s: %s", s.path, openErrorText(err))
	}
	return nil
}

// readClinicIdentity reads the clinic's identity and name from q.
func readClinicIdentity(ctx context.Context, q queryer) (data.ClinicIdentity, error) {
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM settings WHERE key IN (?, ?)", clinicIDKey, data.FieldClinicName)
	if err != nil {
		return data.ClinicIdentity{}, err
	}
	defer rows.Close()
	var c data.ClinicIdentity
	for rows.Next() {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return c, err
		}
		if key == clinicIDKey {
			c.ID = value
		} else {
			c.Name = value
		}
	}
	return c, rows.Err()
}

// ClinicIdentity returns the identity and name of the clinic whose records
// the database holds. The command line reads it before anyone signs in, to
// compare it with a backup's.
func (s *Store) ClinicIdentity(ctx context.Context) (data.ClinicIdentity, error) {
	c, err := readClinicIdentity(ctx, s.db)
	return c, s.readError(err)
}

// ReadClinicIdentity reads the clinic identity of the database file at
// path without writing to it, for a database too damaged to open or a
// backup. A file that cannot be read gives an empty identity.
func ReadClinicIdentity(ctx context.Context, path string) data.ClinicIdentity {
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return data.ClinicIdentity{}
	}
	defer db.Close()
	c, _ := readClinicIdentity(ctx, db)
	return c
}

// otherClinicError refuses to put the backup of clinic theirs in place of
// the records of clinic ours.
func otherClinicError(backupPath string, ours, theirs data.ClinicIdentity) error {
	return wrapf(data.ErrOtherClinic, data.ECONFLICT,
		"The backup %s holds the records of another clinic, %s; this database holds those of %s. Nothing was restored.",
		filepath.Base(backupPath), theirs, ours)
}

// Restore replaces the clinic's records with those of the backup at
// backupPath; see restore. A backup of another clinic (another clinic
// identity) is refused: RestoreOtherClinic restores it after the
// administrator has confirmed that this is meant.
func (s *Store) Restore(ctx context.Context, backupPath string) (safetyCopy string, err error) {
	return s.restore(ctx, backupPath, false)
}

// RestoreOtherClinic restores the backup at backupPath as Restore does,
// even when it is another clinic's, which the audit trail records.
func (s *Store) RestoreOtherClinic(ctx context.Context, backupPath string) (safetyCopy string, err error) {
	return s.restore(ctx, backupPath, true)
}

// checkRestoredClinic compares the clinic of the backup about to be
// restored, theirs, with the database's. It returns what the audit row of
// the restore adds, and refuses (audited) another clinic's backup unless
// otherClinic is set.
func (s *Store) checkRestoredClinic(ctx context.Context, who data.Actor, backupPath string, theirs data.ClinicIdentity, otherClinic bool) (data.ClinicIdentity, string, error) {
	ours, err := s.ClinicIdentity(ctx)
	if err != nil {
		return ours, "", err
	}
	if theirs.ID == "" || theirs.ID == ours.ID {
		return ours, "", nil
	}
	if otherClinic {
		return ours, "; a backup of another clinic, " + theirs.String() + ", in place of " + ours.String(), nil
	}
	refusal := otherClinicError(backupPath, ours, theirs)
	e := data.Audit{Action: data.ActionRefused, Subject: filepath.Base(backupPath), Detail: "restore of another clinic's backup (" + theirs.String() + ")"}
	if err := s.auditAlone(ctx, who, e); err != nil {
		return ours, "", fmt.Errorf("%w (and the refusal could not be written to the audit trail: %v)", refusal, err)
	}
	return ours, "", refusal
}

// keepClinicID gives a database restored from a backup made before clinic
// identities the identity of the records it replaced.
func (s *Store) keepClinicID(ctx context.Context, ours data.ClinicIdentity) error {
	if ours.ID == "" {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO NOTHING`, clinicIDKey, ours.ID)
	return s.writeError(err)
}

// BackupAdministrator checks username and password against the accounts
// in the backup at backupPath, for a restore in place of a database too
// damaged (or too missing) to sign in to, and returns the administrator
// they belong to. Anyone else is refused: a wrong password, a staff member
// who left, another role.
func BackupAdministrator(ctx context.Context, backupPath, username, password string) (data.Actor, error) {
	username = foldUsername(username)
	if username == "" || password == "" {
		return data.Actor{}, data.Errorf(data.EINVALID, "Enter your username and password.")
	}
	db, err := sql.Open("sqlite", readOnlyDSN(backupPath))
	if err != nil {
		return data.Actor{}, wrapf(err, data.EINTERNAL, "Cannot open the backup %s.", backupPath)
	}
	defer db.Close()
	s := &Store{db: db, path: backupPath}
	acct, hash, err := s.account(ctx, "username = ?", username)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return data.Actor{}, errBadSignIn
	}
	if err != nil {
		return data.Actor{}, err
	}
	switch {
	case !passwordMatches(hash, password):
		return data.Actor{}, errBadSignIn
	case !acct.Active:
		return data.Actor{}, data.Errorf(data.EFORBIDDEN, "%s is no longer marked as working at the clinic in the backup, so the account cannot restore it.", acct.Name)
	case !acct.Role.Can(data.PermBackup):
		return data.Actor{}, data.Errorf(data.EFORBIDDEN, "%s is %s in the backup and may not %s. Ask an administrator.", acct.Name, strings.ToLower(acct.Role.Label()), data.PermBackup.Describe())
	}
	return data.Actor{StaffID: acct.StaffID, Name: acct.Name, Role: acct.Role, Username: acct.Username}, nil
}
