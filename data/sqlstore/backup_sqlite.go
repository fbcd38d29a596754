package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"needlepoint/data"

	"modernc.org/sqlite"
)

// This file holds what is SQLite-only about backups: SQLite's online backup
// API, which copies the live database page by page from one consistent
// snapshot while other users keep working, and the checks of a copy.

// backupConn is the part of the driver's connection that copies databases.
type backupConn interface {
	NewBackup(dstURI string) (*sqlite.Backup, error)
	NewRestore(srcURI string) (*sqlite.Backup, error)
}

// tableCounts maps each ordinary table of a database to its row count.
type tableCounts map[string]int64

// Backup copies the database into dir as a new backup, verifies it, and
// then removes the oldest verified backups so that keep of them remain. The
// copy is taken from one consistent snapshot while others go on working;
// it is written under a temporary name, synced to disk and checked (SQLite's
// integrity check, and every table's row count against the snapshot it was
// copied from) before it gets its final name. A backup that fails any step
// is removed and reported: it never replaces a good one.
//
// Only administrators choose where a backup goes; the schedule and the
// backup on closing use AutoBackup.
func (s *Store) Backup(ctx context.Context, dir string, keep int) (BackupFile, error) {
	who, err := s.allow(ctx, data.PermBackup, 0)
	if err != nil {
		return BackupFile{}, err
	}
	return s.backup(ctx, who, dir, keep, "made on request")
}

// AutoBackup makes the scheduled backup, or the one on closing, into the
// folder of the clinic's backup settings (defaultDir when none is set),
// keeping as many as they say. It runs whoever is signed in, or nobody: the
// folder is the administrator's choice, and the clinic's records must be
// backed up while the PC waits at the sign-in screen. A backup made while
// nobody is signed in is recorded under the computer's user.
func (s *Store) AutoBackup(ctx context.Context, defaultDir string) (BackupFile, error) {
	who, ok := s.Actor()
	if !ok {
		who = computerUser()
	}
	set, err := s.BackupSettings(ctx)
	if err != nil {
		return BackupFile{}, err
	}
	dir := set.Folder
	if dir == "" {
		dir = defaultDir
	}
	return s.backup(ctx, who, dir, set.Keep, "automatic")
}

// computerUser is the actor of what the app does on its own while nobody is
// signed in, named after the operating system's user running it.
func computerUser() data.Actor {
	name := "unknown user"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	return data.Actor{Name: name + " (computer user, nobody signed in)"}
}

// backup makes a verified backup into dir for who, keeping the last keep.
func (s *Store) backup(ctx context.Context, who data.Actor, dir string, keep int, how string) (BackupFile, error) {
	if keep < 1 {
		return BackupFile{}, data.Errorf(data.EINVALID, "Keep at least one backup.")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return BackupFile{}, wrapf(err, data.EINVALID, "Cannot create the backup folder %s: %s.", dir, osErrorText(err))
	}
	taken := s.Now().UTC().Truncate(time.Second)
	key, keyErr := witnessKey()
	tmp, counts, head, err := s.snapshot(ctx, dir, backupName(s.path, taken), key)
	if err != nil {
		return BackupFile{}, err
	}
	final, taken, err := placeBackup(tmp, dir, s.path, taken)
	if err != nil {
		os.Remove(tmp)
		return BackupFile{}, wrapf(err, data.EINVALID, "The backup could not be saved in %s: %s.", dir, osErrorText(err))
	}
	if err := syncDir(dir); err != nil {
		return BackupFile{}, wrapf(err, data.EINVALID, "The backup %s could not be written to the disk: %s.", final, osErrorText(err))
	}
	info, err := os.Stat(final)
	if err != nil {
		return BackupFile{}, wrapf(err, data.EINVALID, "The backup %s cannot be read: %s.", final, osErrorText(err))
	}
	witnessNote := witnessBackup(final, taken, head, key, keyErr)
	note, err := rotateBackups(ctx, dir, s.path, keep, s.Now(), counts["patients"])
	if err != nil {
		return BackupFile{}, err
	}
	note = strings.TrimSpace(note + " " + witnessNote)
	e := data.Audit{Action: data.ActionBackedUp, Subject: filepath.Base(final), Detail: strings.TrimSpace(fmt.Sprintf("%s, verified, %d bytes. %s", how, info.Size(), note))}
	if err := s.auditAlone(ctx, who, e); err != nil {
		return BackupFile{}, err
	}
	return BackupFile{Path: final, Taken: taken, Size: info.Size(), Verified: true, Note: note}, nil
}

// placeBackup gives the verified copy tmp its final name, taken at the
// given second or, when another backup (perhaps by another copy of the
// app) has that name, the next free second. A hard link claims the name
// without ever replacing a file; folders whose file system has no hard
// links (a FAT-formatted drive) get a check and a rename.
func placeBackup(tmp, dir, dbPath string, taken time.Time) (string, time.Time, error) {
	for {
		final := filepath.Join(dir, backupName(dbPath, taken))
		err := os.Link(tmp, final)
		if err == nil {
			// A leftover temporary name is removed by a later rotation.
			os.Remove(tmp)
			return final, taken, nil
		}
		if errors.Is(err, fs.ErrExist) {
			taken = taken.Add(time.Second)
			continue
		}
		if _, statErr := os.Stat(final); statErr == nil {
			taken = taken.Add(time.Second)
			continue
		}
		return final, taken, os.Rename(tmp, final)
	}
}

// snapshot writes a verified copy of the database into dir under a
// temporary name derived from name, and returns that name, the row count
// of each table and the audit chain's head. With a witness key, the copy
// records that head, sealed, before it is verified. On failure nothing is
// left behind.
func (s *Store) snapshot(ctx context.Context, dir, name string, key []byte) (string, tableCounts, chainHead, error) {
	f, err := os.CreateTemp(dir, name+".*"+partialSuffix)
	if err != nil {
		return "", nil, chainHead{}, wrapf(err, data.EINVALID, "Needlepoint cannot write in the backup folder %s: %s.", dir, osErrorText(err))
	}
	tmp := f.Name()
	f.Close()
	fail := func(err error) (string, tableCounts, chainHead, error) {
		removeDatabaseFiles(tmp)
		return "", nil, chainHead{}, err
	}
	copyTo := s.copyTo
	if s.pg {
		copyTo = s.copyServerTo
	}
	counts, head, err := copyTo(ctx, tmp)
	if err != nil {
		return fail(wrapf(err, openErrorCode(err), "The backup failed: %s", openErrorText(err)))
	}
	if err := finishCopy(ctx, tmp); err != nil {
		return fail(wrapf(err, openErrorCode(err), "The backup could not be written to %s: %s", dir, openErrorText(err)))
	}
	if key != nil && head.row > 0 && head.clinic != "" {
		added, err := writeAnchor(ctx, tmp, head, key)
		if err != nil {
			return fail(wrapf(err, openErrorCode(err), "The backup could not be written to %s: %s", dir, openErrorText(err)))
		}
		if added {
			counts["settings"]++
		}
	}
	if err := syncFile(tmp); err != nil {
		return fail(wrapf(err, data.EINVALID, "The backup could not be written to the disk in %s: %s.", dir, osErrorText(err)))
	}
	got, err := checkCopy(ctx, tmp)
	if err != nil {
		return fail(err)
	}
	if table, ok := differentCounts(counts, got); ok {
		return fail(data.Errorf(data.EINVALID, "The backup failed its check: the copy of %q holds %d rows, the database %d. Nothing was replaced; please try again.", table, got[table], counts[table]))
	}
	return tmp, counts, head, nil
}

// backupPatients counts the patients in the backup at path.
func backupPatients(ctx context.Context, path string) (int64, error) {
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int64
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM patients").Scan(&n)
	return n, err
}

// copyTo copies the database into the empty file dst with the online
// backup API, and returns the row counts and the audit chain's head of the
// snapshot it copied. All happen inside one read transaction, so the
// counts and the head describe exactly the pages copied even while others
// write.
func (s *Store) copyTo(ctx context.Context, dst string) (tableCounts, chainHead, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, chainHead{}, err
	}
	defer conn.Close()
	// A plain BEGIN is deferred: it takes no write lock, unlike BeginTx on
	// this store, so nobody waits for the backup.
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return nil, chainHead{}, err
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	counts, err := countRows(ctx, conn)
	if err != nil {
		return nil, chainHead{}, err
	}
	head, err := readChainHead(ctx, conn)
	if err != nil {
		return nil, chainHead{}, err
	}
	err = conn.Raw(func(dc any) error {
		b, err := dc.(backupConn).NewBackup(fileURI(dst))
		if err != nil {
			return err
		}
		if _, err := b.Step(-1); err != nil {
			b.Finish()
			return err
		}
		return b.Finish()
	})
	return counts, head, err
}

// finishCopy makes a copy a database file of its own: the online backup
// copies the live database's write-ahead-log setting, which would make the
// copy need companion files.
func finishCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return err
	}
	defer db.Close()
	var mode string
	return db.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode)
}

// queryer is what counting rows needs: a database, a connection or a
// transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// countRows counts the rows of every ordinary table. Full-text indexes are
// counted through the tables that store them.
func countRows(ctx context.Context, q queryer) (tableCounts, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND sql NOT LIKE 'CREATE VIRTUAL%'`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	counts := tableCounts{}
	for _, name := range names {
		var n int64
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM "`+strings.ReplaceAll(name, `"`, `""`)+`"`).Scan(&n); err != nil {
			return nil, err
		}
		counts[name] = n
	}
	return counts, nil
}

// differentCounts returns the first table whose count differs.
func differentCounts(want, got tableCounts) (string, bool) {
	for table, n := range want {
		if got[table] != n {
			return table, true
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			return table, true
		}
	}
	return "", false
}

// checkCopy opens a backup read-only, makes sure it is a Needlepoint
// database this version can read, runs SQLite's full integrity check, and
// returns its row counts.
func checkCopy(ctx context.Context, path string) (tableCounts, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	if err := probe(ctx, path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return nil, wrapf(err, data.EINTERNAL, "Cannot open the backup %s.", path)
	}
	defer db.Close()
	problems, err := integrityProblems(ctx, db, "integrity_check")
	if err != nil {
		return nil, wrapf(err, openErrorCode(err), "The backup %s cannot be checked: %s", path, openErrorText(err))
	}
	if len(problems) > 0 {
		return nil, wrapf(errDamaged, data.EINVALID, "The backup %s is damaged (%s). Nothing was replaced.", path, problems[0])
	}
	counts, err := countRows(ctx, db)
	if err != nil {
		return nil, wrapf(err, openErrorCode(err), "The backup %s cannot be read: %s", path, openErrorText(err))
	}
	return counts, nil
}

// InspectBackup checks the backup file at path as a restore would (a
// Needlepoint database, not newer than this program, passing SQLite's full
// integrity check) and says what it holds.
func InspectBackup(ctx context.Context, path string) (BackupContents, error) {
	info, err := os.Stat(path)
	if err != nil {
		return BackupContents{}, wrapf(err, data.EINVALID, "Cannot read the backup %s: %s.", path, osErrorText(err))
	}
	counts, err := checkCopy(ctx, path)
	if err != nil {
		return BackupContents{}, err
	}
	c := BackupContents{Taken: info.ModTime(), Patients: counts["patients"], Sessions: counts["sessions"]}
	if name := strings.TrimSuffix(filepath.Base(path), backupExt); len(name) >= len(backupStamp) {
		if t, err := time.Parse(backupStamp, name[len(name)-len(backupStamp):]); err == nil {
			c.Taken = t
		}
	}
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return BackupContents{}, wrapf(err, data.EINTERNAL, "Cannot open the backup %s.", path)
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&c.Version); err != nil {
		return BackupContents{}, wrapf(err, openErrorCode(err), "The backup %s cannot be read: %s", path, openErrorText(err))
	}
	if c.Clinic, err = readClinicIdentity(ctx, db); err != nil {
		return BackupContents{}, wrapf(err, openErrorCode(err), "The backup %s cannot be read: %s", path, openErrorText(err))
	}
	return c, nil
}

// restore replaces the clinic's records with those of the backup at
// backupPath, after checking the backup as InspectBackup does and that it
// is this clinic's (or otherClinic allows another's). The current
// database is first kept as a verified safety copy beside it (or, if it is
// too damaged to copy that way, as a plain copy of its files), whose path
// Restore returns. The backup is copied into the open database through
// SQLite, so other copies of Needlepoint on the same file see the restored
// records rather than a file swapped under them. A backup from an older
// version of Needlepoint is brought up to date.
func (s *Store) restore(ctx context.Context, backupPath string, otherClinic bool) (safetyCopy string, err error) {
	who, err := s.allow(ctx, data.PermBackup, 0)
	if err != nil {
		return "", err
	}
	contents, err := InspectBackup(ctx, backupPath)
	if err != nil {
		return "", err
	}
	if s.pg {
		return "", s.restoreIntoServer(ctx, who, backupPath)
	}
	ours, clinicNote, err := s.checkRestoredClinic(ctx, who, backupPath, contents.Clinic, otherClinic)
	if err != nil {
		return "", err
	}
	safetyCopy, err = s.keepSafetyCopy(ctx)
	if err != nil {
		return "", err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return safetyCopy, s.writeError(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		b, err := dc.(backupConn).NewRestore(fileURI(backupPath) + "?mode=ro")
		if err != nil {
			return err
		}
		if _, err := b.Step(-1); err != nil {
			b.Finish()
			return err
		}
		return b.Finish()
	})
	if err != nil {
		return safetyCopy, wrapf(err, openErrorCode(err), "The backup could not be restored: %s The records before the restore are kept in %s.", openErrorText(err), safetyCopy)
	}
	if err := s.migrate(ctx); err != nil {
		return safetyCopy, err
	}
	if err := s.keepClinicID(ctx, ours); err != nil {
		return safetyCopy, err
	}
	// The restored audit trail ends where the backup was taken; the
	// restore itself is its next row. Rows written since are in the
	// safety copy. The accounts are the backup's now, so whoever restored
	// signs in again; if they joined after the backup, the row keeps
	// their name without a link to a staff record the backup lacks.
	s.actor.Store(nil)
	var known int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM staff WHERE id = ?", who.StaffID).Scan(&known); err != nil {
		return safetyCopy, s.readError(err)
	}
	if known == 0 {
		who.StaffID = 0
	}
	e := data.Audit{Action: data.ActionRestoredBackup, Subject: filepath.Base(backupPath), Detail: "records before the restore kept in " + filepath.Base(safetyCopy) + clinicNote}
	if err := s.auditAlone(ctx, who, e); err != nil {
		return safetyCopy, err
	}
	s.witnessRestored(ctx, backupPath)
	return safetyCopy, nil
}

// keepSafetyCopy saves the database as it is now beside it, named
// <name>-before-restore-<time>.db, so a restore can be undone.
func (s *Store) keepSafetyCopy(ctx context.Context) (string, error) {
	dir := filepath.Dir(s.path)
	name := backupPrefix(s.path) + "before-restore-" + s.Now().UTC().Format(backupStamp) + backupExt
	tmp, _, _, err := s.snapshot(ctx, dir, name, nil)
	if err != nil && !IsDamaged(err) {
		return "", wrapf(err, data.ErrorCode(err), "Nothing was restored: the current records could not be kept as a safety copy first. %s", data.ErrorMessage(err))
	}
	final := filepath.Join(dir, name)
	if err != nil {
		return keepDamagedFiles(s.path, s.Now(), copyFile)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return "", wrapf(err, data.EINVALID, "Nothing was restored: the safety copy %s could not be saved: %s.", final, osErrorText(err))
	}
	return final, syncDir(dir)
}

// keepDamagedFiles sets a damaged database aside as
// <name>-damaged-<time>.db, with its write-ahead log if it has one, using
// keep (a rename or a copy) for each file, and returns the new name, or
// nothing when there is no database file to set aside.
func keepDamagedFiles(dbPath string, now time.Time, keep func(from, to string) error) (string, error) {
	aside := filepath.Join(filepath.Dir(dbPath), backupPrefix(dbPath)+"damaged-"+now.UTC().Format(backupStamp)+backupExt)
	if _, err := os.Stat(dbPath); err != nil {
		return "", nil
	}
	for _, suffix := range []string{"", "-wal"} {
		if _, err := os.Stat(dbPath + suffix); err != nil {
			continue
		}
		if err := keep(dbPath+suffix, aside+suffix); err != nil {
			return "", wrapf(err, data.EINVALID, "Nothing was restored: the damaged database could not be set aside as %s: %s.", aside, osErrorText(err))
		}
	}
	return aside, syncDir(filepath.Dir(dbPath))
}

// RestoreDamaged puts the backup at backupPath in place of the database at
// dbPath when that database is too damaged to open. The damaged file is
// never overwritten: it is renamed to <name>-damaged-<time>.db, whose path
// RestoreDamaged returns (nothing when there was no file), and the backup is copied in under a temporary
// name, synced and renamed. Open the database afterwards as usual.
func RestoreDamaged(ctx context.Context, dbPath, backupPath string, now time.Time, by data.Actor) (keptAs string, err error) {
	if _, err := InspectBackup(ctx, backupPath); err != nil {
		return "", err
	}
	tmp := dbPath + ".restoring"
	os.Remove(tmp)
	if err := copyFile(backupPath, tmp); err != nil {
		os.Remove(tmp)
		return "", wrapf(err, data.EINVALID, "Nothing was restored: the backup could not be copied beside %s: %s.", dbPath, osErrorText(err))
	}
	keptAs, err = keepDamagedFiles(dbPath, now, os.Rename)
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	os.Remove(dbPath + "-shm")
	if err := os.Rename(tmp, dbPath); err != nil {
		return keptAs, wrapf(err, data.EINVALID, "The backup could not be put in place of %s: %s. The damaged file is kept as %s.", dbPath, osErrorText(err), keptAs)
	}
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return keptAs, err
	}
	return keptAs, auditRestore(ctx, dbPath, backupPath, keptAs, by)
}

// auditRestore records in the restored database at dbPath that by restored
// it from backupPath, the damaged file being kept as keptAs.
func auditRestore(ctx context.Context, dbPath, backupPath, keptAs string, by data.Actor) error {
	s, err := Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer s.Close()
	e := data.Audit{Action: data.ActionRestoredBackup, Subject: filepath.Base(backupPath), Detail: "the damaged file kept as " + filepath.Base(keptAs)}
	if err := s.auditAlone(ctx, by, e); err != nil {
		return err
	}
	s.witnessRestored(ctx, backupPath)
	return nil
}
