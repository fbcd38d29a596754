package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"needlepoint/data"
)

// maxWitnessFindings bounds what Check lists of the anchors the trail
// disagrees with: a trail cut short a year back fails every daily anchor
// since, and the first ones say what happened.
const maxWitnessFindings = 10

// anchor is one record of the chain's head kept outside the database: a
// line of a witness file or the anchor inside a backup.
type anchor struct {
	chainHead
	seal string
	// taken is when it was noted; restore says it marks a restore.
	taken   time.Time
	restore bool
	// source names where it was found, for a finding.
	source string
}

// witnessFindings compares the audit trail in tx with every anchor of this
// clinic it can read: the witness files in the backup folder of the
// clinic's settings and in dirs, and the anchors inside the backups of
// this database there. Anchors of other clinics (the demo's backups may
// share the folder) are passed over.
func (s *Store) witnessFindings(ctx context.Context, tx *sql.Tx, dirs []string) ([]string, error) {
	stored, err := readSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	clinic := stored[clinicIDKey]
	if clinic == "" {
		return nil, nil
	}
	var findings, sources []string
	var anchors []anchor
	for _, dir := range witnessFolders(backupSettingsFrom(stored).Folder, dirs) {
		found, problems, err := readWitnessFile(filepath.Join(dir, WitnessFileName), clinic)
		if err != nil {
			findings = append(findings, err.Error())
		}
		findings = append(findings, problems...)
		anchors = append(anchors, found...)
		anchors = append(anchors, backupAnchors(ctx, dir, s.path, clinic)...)
		sources = append(sources, filepath.Join(dir, WitnessFileName))
	}
	if len(anchors) == 0 {
		return findings, nil
	}
	key, keyPath, keyErr := readWitnessKey()
	if keyErr != nil {
		findings = append(findings, fmt.Sprintf("Witness key missing: %d anchors of the audit trail (in %s and the backups beside it) cannot be proven genuine, because the witness key %s cannot be read: %s. Run check as the computer user who makes the backups.",
			len(anchors), strings.Join(sources, ", "), keyPath, osErrorText(keyErr)))
	}
	// The witness line of a backup and the anchor inside it agree: one
	// finding names the first and counts the others.
	var (
		bad     []string
		genuine []anchor
		others  = map[string]int{}
	)
	for _, a := range unreplaced(anchors) {
		if key != nil && !a.sealedBy(key, a.seal, a.restore) {
			bad = append(bad, fmt.Sprintf("Forged witness: %s (audit row %d) does not carry the seal of this computer's witness key: it was written or changed by someone without the key, or with a key that was since lost.", a.source, a.row))
			continue
		}
		id := strconv.FormatInt(a.row, 10) + " " + a.hash
		if _, ok := others[id]; !ok {
			genuine = append(genuine, a)
		}
		others[id]++
	}
	for _, a := range genuine {
		source := a.source
		if n := others[strconv.FormatInt(a.row, 10)+" "+a.hash] - 1; n > 0 {
			source += fmt.Sprintf(" and %s", data.Plural(n, "other anchor"))
		}
		var hash string
		err := tx.QueryRowContext(ctx, "SELECT hash FROM audit_log WHERE id = ?", a.row).Scan(&hash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			bad = append(bad, fmt.Sprintf("Audit trail cut short: row %d, recorded by %s, is no longer in the database: rows were removed after that backup.", a.row, source))
		case err != nil:
			return nil, err
		case hash != a.hash:
			bad = append(bad, fmt.Sprintf("Audit trail rewritten: row %d is not the row %s recorded: the history up to it was changed, renumbered or replaced after that backup, even if every hash was recomputed.", a.row, source))
		}
	}
	if len(bad) > maxWitnessFindings {
		bad = append(bad[:maxWitnessFindings], fmt.Sprintf("… and %d more anchors of the audit trail disagree with it.", len(bad)-maxWitnessFindings))
	}
	return append(findings, bad...), nil
}

// witnessFolders returns the folders whose witnesses Check reads, each
// once: the clinic's backup folder, then dirs.
func witnessFolders(folder string, dirs []string) []string {
	var list []string
	seen := map[string]bool{}
	for _, d := range append([]string{folder}, dirs...) {
		if d == "" {
			continue
		}
		key := filepath.Clean(d)
		if abs, err := filepath.Abs(d); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			list = append(list, d)
		}
	}
	return list
}

// readWitnessFile returns the anchors of clinic in the witness file at
// path (none when there is no file), and a finding for each line that is
// not a witness line at all.
func readWitnessFile(path, clinic string) ([]anchor, []string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("Witness file unreadable: %s cannot be read: %s.", path, osErrorText(err))
	}
	defer f.Close()
	var (
		anchors  []anchor
		problems []string
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		var row int64
		var taken time.Time
		if len(fields) == 6 {
			row, err = strconv.ParseInt(fields[2], 10, 64)
			if err == nil {
				taken, err = time.Parse(time.RFC3339, fields[0])
			}
		}
		if len(fields) != 6 || err != nil {
			problems = append(problems, fmt.Sprintf("Witness file altered: line %d of %s is not a witness line.", n, path))
			continue
		}
		if fields[1] != clinic {
			continue
		}
		a := anchor{
			chainHead: chainHead{clinic: fields[1], row: row, hash: fields[3]},
			seal:      fields[5],
			taken:     taken,
			source: fmt.Sprintf("the backup %s of %s (line %d of %s)",
				fields[4], taken.UTC().Format("2 Jan 2006 15:04 UTC"), n, path),
		}
		if name, ok := strings.CutPrefix(fields[4], restoredPrefix); ok {
			a.restore = true
			a.source = fmt.Sprintf("the restore of %s on %s (line %d of %s)", name, taken.UTC().Format("2 Jan 2006 15:04 UTC"), n, path)
		}
		anchors = append(anchors, a)
	}
	if err := sc.Err(); err != nil {
		return anchors, problems, fmt.Errorf("Witness file unreadable: %s cannot be read: %s.", path, osErrorText(err))
	}
	return anchors, problems, nil
}

// backupAnchors returns the anchors of clinic inside the verified backups
// of dbPath in dir. A backup that cannot be read, or made
// before anchors, has none; checking backups themselves is the restore's
// job.
func backupAnchors(ctx context.Context, dir, dbPath, clinic string) []anchor {
	list, err := ListBackups(dir, dbPath)
	if err != nil {
		return nil
	}
	var anchors []anchor
	for _, b := range list {
		if !b.Verified {
			continue
		}
		if a, ok := readBackupAnchor(ctx, b.Path); ok && a.clinic == clinic {
			a.source = "the anchor inside the backup " + b.Path
			a.taken = b.Taken
			anchors = append(anchors, a)
		}
	}
	return anchors
}

// readBackupAnchor reads the anchor a backup recorded of its own chain.
func readBackupAnchor(ctx context.Context, path string) (anchor, bool) {
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return anchor{}, false
	}
	defer db.Close()
	var a anchor
	var value string
	err = db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", auditAnchorKey).Scan(&value)
	if err != nil {
		return a, false
	}
	if err := db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", clinicIDKey).Scan(&a.clinic); err != nil {
		return a, false
	}
	fields := strings.Split(value, "\t")
	if len(fields) != 3 {
		return a, false
	}
	a.row, err = strconv.ParseInt(fields[0], 10, 64)
	a.hash, a.seal = fields[1], fields[2]
	return a, err == nil
}

// unreplaced returns the anchors a later restore did not replace. A
// restore, marked with its own seal, puts the trail back to an older
// backup's: what was noted before it of the rows it replaced, from the
// restore's own row on, is a history the clinic chose to leave. A mark
// whose seal fails supersedes nothing and is named as forged.
func unreplaced(anchors []anchor) []anchor {
	key, _, _ := readWitnessKey()
	var kept []anchor
	for _, a := range anchors {
		replaced := false
		for _, r := range anchors {
			if r.restore && key != nil && r.sealedBy(key, r.seal, true) && r.taken.After(a.taken) && r.row <= a.row {
				replaced = true
				break
			}
		}
		if !replaced {
			kept = append(kept, a)
		}
	}
	return kept
}
