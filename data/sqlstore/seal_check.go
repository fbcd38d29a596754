package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// maxSealFindings bounds how many records of one kind a check names; the
// rest are counted.
const maxSealFindings = 20

type sealKey struct {
	kind string
	id   int64
}

// sealedAs is a record's newest seal.
type sealedAs struct {
	hash  string
	audit int64
}

// sealProblem is a record that does not match its seal: what is
// "unsealed", "changed" or "gone".
type sealProblem struct {
	id   int64
	what string
}

// sealFindings checks the seals against the audit chain, whose seal
// aggregates by row are chain (as verifyAudit collected them), and every
// sealed record against its newest seal. It returns what it found, one
// finding a line.
func sealFindings(ctx context.Context, tx *sql.Tx, chain map[int64]string) ([]string, error) {
	latest, findings, err := readSeals(ctx, tx, chain)
	if err != nil {
		return nil, err
	}
	for _, k := range sealKinds {
		current, err := allContentHashes(ctx, tx, k)
		if err != nil {
			return nil, err
		}
		var bad []sealProblem
		for id, h := range current {
			seal, ok := latest[sealKey{k.name, id}]
			switch {
			case !ok && k.name == sealMedical.name && h == emptyMedical:
			case !ok && k.name == sealClinic.name && len(latest) == 0:
				// A new database: the first audit row will seal it.
			case !ok:
				bad = append(bad, sealProblem{id, "unsealed"})
			case seal.hash != h:
				bad = append(bad, sealProblem{id, "changed"})
			}
		}
		for key := range latest {
			if _, ok := current[key.id]; key.kind == k.name && !ok {
				bad = append(bad, sealProblem{key.id, "gone"})
			}
		}
		lines, err := describeSealProblems(ctx, tx, k, bad, latest)
		if err != nil {
			return nil, err
		}
		findings = append(findings, lines...)
	}
	return findings, nil
}

// readSeals reads every seal in the order they were written, checks each
// audit row's seals against the aggregate the chain holds for it, and
// returns each record's newest seal.
func readSeals(ctx context.Context, tx *sql.Tx, chain map[int64]string) (map[sealKey]sealedAs, []string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT audit_id, kind, record_id, hash FROM seals ORDER BY audit_id, kind, record_id")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var (
		latest   = map[sealKey]sealedAs{}
		findings []string
		group    []sealLine
		audit    int64
	)
	flush := func() {
		if len(group) == 0 {
			return
		}
		want, ok := chain[audit]
		switch {
		case !ok:
			findings = append(findings, fmt.Sprintf("Seals were added outside Needlepoint: audit row %d has no seals of its own, or is not in the audit trail.", audit))
		case sealAggregate(group) != want:
			findings = append(findings, fmt.Sprintf("The seals written with audit row %d were changed outside Needlepoint.", audit))
		}
		delete(chain, audit)
		group = group[:0]
	}
	for rows.Next() {
		var (
			l  sealLine
			at int64
		)
		if err := rows.Scan(&at, &l.kind, &l.id, &l.hash); err != nil {
			return nil, nil, err
		}
		if at != audit {
			flush()
			audit = at
		}
		group = append(group, l)
		latest[sealKey{l.kind, l.id}] = sealedAs{l.hash, at}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	flush()
	removed := make([]int64, 0, len(chain))
	for id := range chain {
		removed = append(removed, id)
	}
	sort.Slice(removed, func(i, j int) bool { return removed[i] < removed[j] })
	for _, id := range removed {
		findings = append(findings, fmt.Sprintf("The seals written with audit row %d were removed outside Needlepoint.", id))
	}
	return latest, findings, nil
}

// describeSealProblems turns the problems of kind k into findings in
// words, in order of record, at most maxSealFindings of them.
func describeSealProblems(ctx context.Context, tx *sql.Tx, k sealKind, list []sealProblem, latest map[sealKey]sealedAs) ([]string, error) {
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	var findings []string
	for i, p := range list {
		if i == maxSealFindings {
			findings = append(findings, fmt.Sprintf("… and %d more %s records like these.", len(list)-i, k.name))
			break
		}
		name, err := sealedRecordName(ctx, tx, k, p.id)
		if err != nil {
			return nil, err
		}
		seal := latest[sealKey{k.name, p.id}]
		was, it := "was", "it"
		if k.name == sealMedical.name {
			was, it = "were", "they"
		}
		var line string
		switch p.what {
		case "unsealed":
			line = fmt.Sprintf("%s has no seal: %s was %s outside Needlepoint.", name, it, unsealedVerb(k))
		case "gone":
			line = fmt.Sprintf("%s, sealed %s, %s %s outside Needlepoint.", name, sealedWhen(ctx, tx, seal.audit), was, goneVerb(k))
		default:
			line = fmt.Sprintf("%s %s changed outside Needlepoint after %s %s sealed %s.", name, was, it, was, sealedWhen(ctx, tx, seal.audit))
			if k.name == sealMedical.name {
				more, err := medicalChanges(ctx, tx, p.id, seal.audit)
				if err != nil {
					return nil, err
				}
				line += more
			}
		}
		if k.name == sealStaff.name || k.name == sealAccount.name {
			line += " The account cannot sign in until an administrator confirms it (Clinic → Staff)."
		}
		findings = append(findings, line)
	}
	return findings, nil
}

func unsealedVerb(k sealKind) string {
	switch k.name {
	case sealConsultation.name, sealSession.name, sealConsent.name:
		return "signed"
	case sealMedical.name:
		return "written"
	}
	return "added"
}

func goneVerb(k sealKind) string {
	if k.name == sealConsultation.name || k.name == sealSession.name {
		return "unsigned or removed"
	}
	return "removed"
}

// sealedWhen says when audit row id was written: "on 3 May 2026 (audit row 881)".
func sealedWhen(ctx context.Context, tx *sql.Tx, id int64) string {
	var at string
	if err := tx.QueryRowContext(ctx, "SELECT at FROM audit_log WHERE id = ?", id).Scan(&at); err != nil {
		return fmt.Sprintf("in audit row %d", id)
	}
	t, err := parseTime(at)
	if err != nil {
		return fmt.Sprintf("in audit row %d", id)
	}
	return fmt.Sprintf("on %s (audit row %d)", t.Local().Format("2 January 2006 15:04"), id)
}

// sealedRecordName names a sealed record with its patient or person:
// "Session 12 of Zoë O'Brien (patient 4)".
func sealedRecordName(ctx context.Context, tx *sql.Tx, k sealKind, id int64) (string, error) {
	patientOf := map[string]string{
		sealConsultation.name:         consultationNote.patient,
		sealConsultationAddendum.name: "SELECT c.patient_id FROM consultation_addenda a JOIN consultations c ON c.id = a.consultation_id WHERE a.id = ?",
		sealSession.name:              sessionNote.patient,
		sealSessionAddendum.name:      "SELECT ts.patient_id FROM session_addenda a JOIN sessions x ON x.id = a.session_id JOIN treatment_series ts ON ts.id = x.series_id WHERE a.id = ?",
		sealScreening.name:            "SELECT patient_id FROM screenings WHERE id = ?",
		sealMedical.name:              "SELECT id FROM patients WHERE id = ?",
		sealConsent.name:              "SELECT patient_id FROM consents WHERE id = ?",
	}
	label := strings.ToUpper(k.name[:1]) + k.name[1:]
	switch k.name {
	case sealClinic.name:
		return "The clinic's identity (clinic_id, which its backups' witnesses name)", nil
	case sealConsentForm.name:
		return fmt.Sprintf("Consent form %d", id), nil
	case sealStaff.name, sealAccount.name:
		var name, username sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT s.name, a.username FROM staff s LEFT JOIN accounts a ON a.staff_id = s.id WHERE s.id = ?", id).Scan(&name, &username)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Sprintf("%s of staff member %d", label, id), nil
		}
		if err != nil {
			return "", err
		}
		if k.name == sealAccount.name {
			return fmt.Sprintf("The account %q of %s (staff member %d)", username.String, name.String, id), nil
		}
		return fmt.Sprintf("Staff member %s (number %d)", name.String, id), nil
	}
	var patientID int64
	err := tx.QueryRowContext(ctx, patientOf[k.name], id).Scan(&patientID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Sprintf("%s %d", label, id), nil
	}
	if err != nil {
		return "", err
	}
	p, err := findPatient(ctx, tx, patientID)
	if err != nil {
		return "", err
	}
	if k.name == sealMedical.name {
		return fmt.Sprintf("The medical details (allergies, medications, notes) of %s (patient %d)", p.FullName(), p.ID), nil
	}
	return fmt.Sprintf("%s %d of %s (patient %d)", label, id, p.FullName(), p.ID), nil
}

// medicalChanges names the medical details that differ from the version
// Needlepoint last saved, with that version's words.
func medicalChanges(ctx context.Context, tx *sql.Tx, patientID, audit int64) (string, error) {
	var was [3]string
	err := tx.QueryRowContext(ctx, `SELECT allergies, medications, medical_notes FROM patient_medical_history
		WHERE patient_id = ? AND audit_id = ?`, patientID, audit).Scan(&was[0], &was[1], &was[2])
	if errors.Is(err, sql.ErrNoRows) {
		return " Its saved history is missing too.", nil
	}
	if err != nil {
		return "", err
	}
	p, err := findPatient(ctx, tx, patientID)
	if err != nil {
		return "", err
	}
	now := medicalDetails(p)
	var parts []string
	for i, name := range []string{"allergies", "medications", "medical notes"} {
		if now[i] != was[i] {
			parts = append(parts, fmt.Sprintf("%s were %q, now %q", name, shorten(was[i], 80), shorten(now[i], 80)))
		}
	}
	if len(parts) == 0 {
		return "", nil
	}
	return " As saved: " + strings.Join(parts, "; ") + ".", nil
}

// accountSealProblem says why staff member id's account may not sign in
// because it, or their place in the staff directory, no longer matches
// its newest seal; "" when both match.
func accountSealProblem(ctx context.Context, q queryer, id int64) (string, error) {
	for _, k := range []sealKind{sealStaff, sealAccount} {
		h, err := contentHash(ctx, q, k, id)
		if err != nil {
			return "", err
		}
		var seal string
		err = q.QueryRowContext(ctx, `SELECT hash FROM seals WHERE kind = ? AND record_id = ?
			ORDER BY audit_id DESC LIMIT 1`, k.name, id).Scan(&seal)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
		switch {
		case h == "" && seal == "":
		case seal == "" && k.name == sealStaff.name:
			return "the staff member was added outside Needlepoint", nil
		case seal == "":
			return "the account was made outside Needlepoint", nil
		case seal != h && k.name == sealStaff.name:
			return "the staff member's name, role or active flag was changed outside Needlepoint", nil
		case seal != h:
			return "the account's username or password was changed outside Needlepoint", nil
		}
	}
	return "", nil
}

// shorten cuts s to n characters, marking the cut.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
