package sqlstore

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Every verified backup anchors the audit trail outside the database: it
// records the chain's newest row and its hash inside the backup and as one
// line of the witness file beside the backups. Each anchor carries a seal,
// an HMAC made with a key kept outside the database, in the computer
// user's own configuration folder. Someone who rewrites the trail with a
// raw SQL client, recomputing every hash, cannot change what the backups
// recorded, nor write a new witness line without the key; Check compares
// the trail with every anchor it finds.

// WitnessFileName is the witness file's name in a backup folder. Lines
// are only ever added to it.
const WitnessFileName = "needlepoint-witness.txt"

// auditAnchorKey is the setting that holds, inside a backup, the chain's
// newest row when the backup was taken: "row<TAB>hash<TAB>seal".
const auditAnchorKey = "audit_anchor"

// witnessHeader opens a new witness file, for whoever opens it by hand.
const witnessHeader = "# Needlepoint's witness of the audit trail: one line per verified backup, only ever added to.\n" +
	"# time (UTC), clinic, newest audit row, its hash, backup, seal\n"

// chainHead is the newest row of a clinic's audit chain and its hash.
type chainHead struct {
	clinic string
	row    int64
	hash   string
}

// readChainHead reads the clinic and its chain's newest row from q.
func readChainHead(ctx context.Context, q queryer) (chainHead, error) {
	var h chainHead
	err := q.QueryRowContext(ctx, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&h.row, &h.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, err
	}
	err = q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", clinicIDKey).Scan(&h.clinic)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return h, err
}

// seal is the HMAC-SHA256 of the clinic, row and hash under key, in hex.
func (h chainHead) seal(key []byte) string { return h.sealAs("", key) }

// restoreSeal seals h as the head of a trail just restored, which no
// backup's seal can pass for.
func (h chainHead) restoreSeal(key []byte) string { return h.sealAs("restored|", key) }

func (h chainHead) sealAs(kind string, key []byte) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%s%s|%d|%s", kind, h.clinic, h.row, h.hash)
	return hex.EncodeToString(m.Sum(nil))
}

// sealedBy reports whether seal is h's seal, of a backup or of a restore,
// under key.
func (h chainHead) sealedBy(key []byte, seal string, restore bool) bool {
	got, err := hex.DecodeString(seal)
	if err != nil {
		return false
	}
	want := h.seal(key)
	if restore {
		want = h.restoreSeal(key)
	}
	w, _ := hex.DecodeString(want)
	return hmac.Equal(got, w)
}

// restoredPrefix starts the fifth field of a witness line that marks a
// restore rather than a backup.
const restoredPrefix = "restored "

// witnessKeySize is the length of the witness key in bytes.
const witnessKeySize = 32

// witnessKeyPath is where the witness key is kept: in the computer user's
// configuration folder, readable by that user only.
func witnessKeyPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "needlepoint", "witness.key"), nil
}

// readWitnessKey reads the witness key; an error for which
// errors.Is(err, fs.ErrNotExist) when there is none yet.
func readWitnessKey() ([]byte, string, error) {
	path, err := witnessKeyPath()
	if err != nil {
		return nil, "", err
	}
	key, err := os.ReadFile(path)
	if err != nil {
		return nil, path, err
	}
	if len(key) != witnessKeySize {
		return nil, path, fmt.Errorf("the witness key %s holds %d bytes, not %d", path, len(key), witnessKeySize)
	}
	return key, path, nil
}

// witnessKey returns the witness key, making it on first use: random
// bytes in a file only the computer's user can read, in a folder only
// they can open. It is written under a temporary name and linked into
// place, so two copies of Needlepoint making it at once agree on one key.
func witnessKey() ([]byte, error) {
	key, path, err := readWitnessKey()
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	key = make([]byte, witnessKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, ".witness.key-*")
	if err != nil {
		return nil, err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	key, _, err = readWitnessKey()
	return key, err
}

// writeAnchor records h, sealed with key, in the settings of the backup
// copy at path, and reports whether that added a row (a backup of a
// restored database already holds an older anchor, which it replaces).
func writeAnchor(ctx context.Context, path string, h chainHead, key []byte) (added bool, err error) {
	db, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return false, err
	}
	defer db.Close()
	value := fmt.Sprintf("%d\t%s\t%s", h.row, h.hash, h.seal(key))
	res, err := db.ExecContext(ctx, "UPDATE settings SET value = ? WHERE key = ?", value, auditAnchorKey)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return false, nil
	}
	_, err = db.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", auditAnchorKey, value)
	return err == nil, err
}

// appendWitness adds the line of a verified backup, taken at taken, to the
// witness file in dir, and syncs it to the disk.
func appendWitness(dir string, taken time.Time, h chainHead, backup string, key []byte) error {
	return appendWitnessLine(dir, taken, h, backup, h.seal(key))
}

func appendWitnessLine(dir string, taken time.Time, h chainHead, backup, seal string) error {
	f, err := os.OpenFile(filepath.Join(dir, WitnessFileName), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	var text string
	if info, err := f.Stat(); err == nil && info.Size() == 0 {
		text = witnessHeader
	}
	backup = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, backup)
	text += strings.Join([]string{taken.UTC().Format(time.RFC3339), h.clinic, strconv.FormatInt(h.row, 10),
		h.hash, backup, seal}, "\t") + "\n"
	if _, err := io.WriteString(f, text); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// witnessBackup anchors the chain head h of the backup at final, taken at
// taken, in the witness file of its folder. It returns what the backup's
// note says when the anchor could not be kept; the backup itself stands.
func witnessBackup(final string, taken time.Time, h chainHead, key []byte, keyErr error) string {
	if h.row == 0 || h.clinic == "" {
		return ""
	}
	if keyErr != nil {
		return fmt.Sprintf("The audit trail was not anchored outside the database: the witness key cannot be kept in your configuration folder (%v).", keyErr)
	}
	if err := appendWitness(filepath.Dir(final), taken, h, filepath.Base(final), key); err != nil {
		return fmt.Sprintf("The audit trail was not anchored in the witness file beside the backups: %s.", osErrorText(err))
	}
	return ""
}

// witnessRestored marks the restore of the backup at backupPath in the
// witness files beside it and in the clinic's backup folder.
func (s *Store) witnessRestored(ctx context.Context, backupPath string) {
	var folder string
	s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", FieldBackupFolder).Scan(&folder)
	witnessRestore(ctx, s.db, []string{filepath.Dir(backupPath), folder}, s.Now(), backupPath)
}

// witnessRestore marks in the witness files of dirs that the trail was
// restored at at: its head h is the row recording the restore of backup.
// The anchors noted before then of rows from h on belong to the history
// the restore replaced, and Check passes them over. It is done on a best
// effort after the restore itself: without it, Check names those anchors,
// and the restore row in the audit trail explains them.
func witnessRestore(ctx context.Context, q queryer, dirs []string, at time.Time, backup string) {
	h, err := readChainHead(ctx, q)
	if err != nil || h.row == 0 || h.clinic == "" {
		return
	}
	key, err := witnessKey()
	if err != nil {
		return
	}
	for _, dir := range witnessFolders("", dirs) {
		if _, err := os.Stat(dir); err == nil {
			appendWitnessLine(dir, at, h, restoredPrefix+filepath.Base(backup), h.restoreSeal(key))
		}
	}
}
