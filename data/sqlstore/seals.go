package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"sort"
	"strconv"
	"strings"

	"needlepoint/data"
)

// A seal is the SHA-256 of a record's full content as Needlepoint wrote
// it, kept in the seals table with the audit row that wrote it. The audit
// row carries the hash of all its seals, and the chain's hashes cover
// that, so changing a sealed record outside Needlepoint is found by
// comparing it with its newest seal (VerifySeals), even when the lock
// triggers were dropped and put back around the change.

// sealKind is a kind of sealed record: the queries that read its content,
// in the same form for one record and for all of them.
type sealKind struct {
	name  string // in the seals table and in messages: "session"
	parts []sealPart
}

// sealPart is one query of a record's content: select begins with the
// record's id, from ends with a WHERE clause, id is the column that the
// query for one record compares, order sorts the rows of all records by
// their record's id first.
type sealPart struct {
	sel, from, id, order string
}

func (p sealPart) one() string {
	return "SELECT " + p.sel + " FROM " + p.from + " AND " + p.id + " = ? ORDER BY " + p.order
}

func (p sealPart) all() string { return "SELECT " + p.sel + " FROM " + p.from + " ORDER BY " + p.order }

// The sealed kinds. The column lists are fixed: a migration that adds a
// column to a sealed table reseals its records.
var (
	sealConsultation = sealKind{"consultation", []sealPart{{
		sel: `id, patient_id, consulted_on, practitioner_id, concerns, goals, skin_type,
			skin_condition, areas, planned_sessions, interval_weeks, depth_min, depth_max, notes,
			signed_at, signed_by, created_at, updated_at, version`,
		from: "consultations WHERE signed_at IS NOT NULL", id: "id", order: "id"}}}
	sealConsultationAddendum = sealKind{"consultation addendum", []sealPart{{
		sel:  "id, consultation_id, author_id, written_at, reason, text",
		from: "consultation_addenda WHERE 1 = 1", id: "id", order: "id"}}}
	sealSession = sealKind{"session", []sealPart{{
		sel: `id, series_id, performed_at, practitioner_id, check_status, check_reasons,
			override_reason, override_by, numbing_product, numbing_applied, numbing_removed, device,
			cartridge_lot, cartridge_expiry, product, product_lot, endpoint, reaction, comfort,
			duration_minutes, notes, signed_at, signed_by, created_at, updated_at, version, depth_reason`,
		from: "sessions WHERE signed_at IS NOT NULL", id: "id", order: "id"}, {
		sel:  "a.session_id, a.position, a.area, a.depth, a.passes",
		from: "session_areas a JOIN sessions x ON x.id = a.session_id WHERE x.signed_at IS NOT NULL",
		id:   "a.session_id", order: "a.session_id, a.position"}}}
	sealSessionAddendum = sealKind{"session addendum", []sealPart{{
		sel:  "id, session_id, author_id, written_at, reason, text",
		from: "session_addenda WHERE 1 = 1", id: "id", order: "id"}}}
	sealScreening = sealKind{"screening", []sealPart{{
		sel: screeningColumns, from: "screenings WHERE 1 = 1", id: "id", order: "id"}}}
	sealStaff = sealKind{"staff", []sealPart{{
		sel: "id, name, role, active", from: "staff WHERE 1 = 1", id: "id", order: "id"}}}
	sealAccount = sealKind{"account", []sealPart{{
		sel: "staff_id, username, password_hash", from: "accounts WHERE 1 = 1", id: "staff_id", order: "staff_id"}}}
	sealMedical = sealKind{"medical details", []sealPart{{
		sel: "id, allergies, medications, medical_notes", from: "patients WHERE 1 = 1", id: "id", order: "id"}}}
	// The clinic's identity is one record, number 1.
	sealClinic = sealKind{"clinic identity", []sealPart{{
		sel: "CAST(1 AS BIGINT), value", from: "settings WHERE key = 'clinic_id'", id: "CAST(1 AS BIGINT)", order: "1"}}}

	sealConsentForm = sealKind{"consent form", []sealPart{{
		sel:  "id, kind, version, title, body, confirmations, created_by, created_at",
		from: "consent_templates WHERE 1 = 1", id: "id", order: "id"}}}
	sealConsent = sealKind{"consent", []sealPart{{
		sel: `id, patient_id, template_id, confirmed, photo_scope, patient_strokes, patient_signature,
			patient_signed_at, witness_id, witness_strokes, witness_signature, witness_signed_at,
			withdrawn_at, withdrawn_by, withdrawn_reason`,
		from: "consents WHERE 1 = 1", id: "id", order: "id"}}}

	// upgradeSealKinds are the kinds of record on file before seals, which
	// migration 15 seals; the kinds added since are sealed from their first
	// record on.
	upgradeSealKinds = []sealKind{sealConsultation, sealConsultationAddendum, sealSession, sealSessionAddendum,
		sealScreening, sealStaff, sealAccount, sealMedical, sealClinic}
	sealKinds = append(slices.Clip(upgradeSealKinds), sealConsentForm, sealConsent)
)

// sealRef names one record to seal.
type sealRef struct {
	kind sealKind
	id   int64
}

// emptyMedical is the content hash of a patient with no allergies,
// medications or medical notes, which needs no seal.
var emptyMedical = func() string {
	h := sha256.New()
	writeFields(h, []any{"", "", ""})
	return finishParts([][]byte{h.Sum(nil)})
}()

// contentHash reads record id of kind k in tx and returns its content
// hash, or "" when there is no such record (or it is not signed).
func contentHash(ctx context.Context, tx queryer, k sealKind, id int64) (string, error) {
	sums := make([][]byte, len(k.parts))
	found := false
	for i, p := range k.parts {
		h := sha256.New()
		rows, err := tx.QueryContext(ctx, p.one(), id)
		if err != nil {
			return "", err
		}
		n, err := hashRows(rows, func(int64) hash.Hash { return h })
		if err != nil {
			return "", err
		}
		found = found || (i == 0 && n > 0)
		sums[i] = h.Sum(nil)
	}
	if !found {
		return "", nil
	}
	return finishParts(sums), nil
}

// allContentHashes returns the content hash of every record of kind k.
// Each part is read once, in record order, so a hundred thousand records
// take one pass over each table.
func allContentHashes(ctx context.Context, q queryer, k sealKind) (map[int64]string, error) {
	partSums := make([]map[int64][]byte, len(k.parts))
	for i, p := range k.parts {
		sums := map[int64][]byte{}
		var (
			cur   int64
			h     hash.Hash
			first = true
		)
		rows, err := q.QueryContext(ctx, p.all())
		if err != nil {
			return nil, err
		}
		_, err = hashRows(rows, func(id int64) hash.Hash {
			if first || id != cur {
				if !first {
					sums[cur] = h.Sum(nil)
				}
				first, cur, h = false, id, sha256.New()
			}
			return h
		})
		if err != nil {
			return nil, err
		}
		if !first {
			sums[cur] = h.Sum(nil)
		}
		partSums[i] = sums
	}
	empty := sha256.New().Sum(nil)
	out := make(map[int64]string, len(partSums[0]))
	for id, first := range partSums[0] {
		sums := [][]byte{first}
		for _, more := range partSums[1:] {
			s, ok := more[id]
			if !ok {
				s = empty
			}
			sums = append(sums, s)
		}
		out[id] = finishParts(sums)
	}
	return out, nil
}

// hashRows writes each row but its leading record id into the hash
// that to gives for that id, and returns how many rows it read.
func hashRows(rows *sql.Rows, to func(id int64) hash.Hash) (int, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		id, _ := vals[0].(int64)
		writeFields(to(id), vals[1:])
		n++
	}
	return n, rows.Err()
}

// writeFields writes values into h, each with its length, so no two rows
// run together the same way; NULL is written apart from every text.
func writeFields(h hash.Hash, vals []any) {
	for _, v := range vals {
		var text string
		switch x := v.(type) {
		case nil:
			h.Write([]byte("-;"))
			continue
		case int64:
			text = strconv.FormatInt(x, 10)
		case float64:
			text = strconv.FormatFloat(x, 'g', -1, 64)
		case []byte:
			text = string(x)
		case string:
			text = x
		case bool:
			text = "0"
			if x {
				text = "1"
			}
		default:
			text = fmt.Sprint(x)
		}
		fmt.Fprintf(h, "%d:%s;", len(text), text)
	}
	h.Write([]byte("\n"))
}

func finishParts(sums [][]byte) string {
	h := sha256.New()
	for _, s := range sums {
		h.Write(s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// sealLine is one seal as its audit row's aggregate covers it.
type sealLine struct {
	kind string
	id   int64
	hash string
}

// sealAggregate is the hash an audit row carries for its seals: the
// SHA-256 of their lines in order of kind and record id.
func sealAggregate(lines []sealLine) string {
	sort.Slice(lines, func(i, j int) bool {
		if lines[i].kind != lines[j].kind {
			return lines[i].kind < lines[j].kind
		}
		return lines[i].id < lines[j].id
	})
	h := sha256.New()
	for _, l := range lines {
		fmt.Fprintf(h, "%s\x00%d\x00%s\n", l.kind, l.id, l.hash)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// auditSealed writes e as the next audit row, sealing refs with it: the
// content hash of each record as it now is in tx, and, for a patient's
// medical details, a copy of them in their history. With no refs it is a
// plain audit row. The clinic's identity, made without an audit row when
// the database is, is sealed by the first audit row after it.
func (s *Store) auditSealed(ctx context.Context, tx *sql.Tx, a data.Actor, e data.Audit, refs ...sealRef) error {
	unsealed, err := clinicUnsealed(ctx, tx)
	if err != nil {
		return err
	}
	if unsealed {
		refs = append(refs, sealRef{sealClinic, 1})
	}
	if len(refs) == 0 {
		_, err := s.appendAudit(ctx, tx, a, e, "")
		return err
	}
	lines := make([]sealLine, 0, len(refs))
	for _, r := range refs {
		h, err := contentHash(ctx, tx, r.kind, r.id)
		if err != nil {
			return err
		}
		if h == "" {
			return fmt.Errorf("sealing %s %d: no such record", r.kind.name, r.id)
		}
		lines = append(lines, sealLine{r.kind.name, r.id, h})
	}
	id, err := s.appendAudit(ctx, tx, a, e, sealAggregate(lines))
	if err != nil {
		return err
	}
	return writeSeals(ctx, tx, id, lines)
}

// clinicUnsealed reports whether the clinic's identity exists and has no
// seal yet.
func clinicUnsealed(ctx context.Context, tx *sql.Tx) (bool, error) {
	var unsealed bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'clinic_id')
		AND NOT EXISTS (SELECT 1 FROM seals WHERE kind = 'clinic identity')`).Scan(&unsealed)
	return unsealed, err
}

func writeSeals(ctx context.Context, tx *sql.Tx, auditID int64, lines []sealLine) error {
	ins, err := tx.PrepareContext(ctx, "INSERT INTO seals (kind, record_id, audit_id, hash) VALUES (?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer ins.Close()
	hist, err := tx.PrepareContext(ctx, `INSERT INTO patient_medical_history (patient_id, audit_id,
		allergies, medications, medical_notes) SELECT id, ?, allergies, medications, medical_notes
		FROM patients WHERE id = ?`)
	if err != nil {
		return err
	}
	defer hist.Close()
	for _, l := range lines {
		if _, err := ins.ExecContext(ctx, l.kind, l.id, auditID, l.hash); err != nil {
			return err
		}
		if l.kind == sealMedical.name {
			if _, err := hist.ExecContext(ctx, auditID, l.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// sealEverything seals every sealable record on file in one audit row:
// the records of a database from before seals, when it is upgraded.
func (s *Store) sealEverything(ctx context.Context, tx *sql.Tx) error {
	var lines []sealLine
	for _, k := range upgradeSealKinds {
		all, err := allContentHashes(ctx, tx, k)
		if err != nil {
			return err
		}
		for id, h := range all {
			if k.name == sealMedical.name && h == emptyMedical {
				continue
			}
			lines = append(lines, sealLine{k.name, id, h})
		}
	}
	if len(lines) == 0 {
		return nil
	}
	a := data.Actor{Name: "Needlepoint (upgrade)"}
	e := data.Audit{Action: data.ActionSealed, Subject: "records on file", Detail: sealCount(lines)}
	id, err := s.appendAudit(ctx, tx, a, e, sealAggregate(lines))
	if err != nil {
		return err
	}
	return writeSeals(ctx, tx, id, lines)
}

func sealCount(lines []sealLine) string {
	n := map[string]int{}
	var kinds []string
	for _, l := range lines {
		if n[l.kind] == 0 {
			kinds = append(kinds, l.kind)
		}
		n[l.kind]++
	}
	sort.Strings(kinds)
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s: %d", k, n[k]))
	}
	return strings.Join(parts, ", ")
}
