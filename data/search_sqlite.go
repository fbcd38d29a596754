package data

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"
)

// This file is the SQLite-only part of patient search: it keeps the FTS5
// tables of migration 0002 in step with the patients table and queries them.

// SearchLimit is how many patients a search returns at most.
const SearchLimit = 50

// minPhoneDigits is the fewest digits that are searched as the end of a
// phone number rather than as part of one.
const minPhoneDigits = 4

// indexPatient writes the search words of p into the full-text tables,
// replacing what was there for the same patient.
func indexPatient(ctx context.Context, tx *sql.Tx, p *Patient) error {
	words, text := searchTerms(p)
	for _, stmt := range []struct{ del, ins, value string }{
		{"DELETE FROM patient_words WHERE rowid = ?", "INSERT INTO patient_words (rowid, words) VALUES (?, ?)", words},
		{"DELETE FROM patient_trigrams WHERE rowid = ?", "INSERT INTO patient_trigrams (rowid, text) VALUES (?, ?)", text},
	} {
		if _, err := tx.ExecContext(ctx, stmt.del, p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, stmt.ins, p.ID, stmt.value); err != nil {
			return err
		}
	}
	return nil
}

// searchTerms returns the words a patient is found by (each name word, the
// name's words run together from each word on, so "obrien" finds
// Dmitriev-O'Brien, the email's parts, the
// phone's digits and every ending of them of four or more digits) and the
// folded text searched for matches inside words.
func searchTerms(p *Patient) (words, text string) {
	var w []string
	for _, name := range []string{p.FirstName, p.LastName, p.PreferredName, p.Email} {
		parts := searchWords(name)
		w = append(w, parts...)
		for i := 0; i < len(parts)-1 && name != p.Email; i++ {
			w = append(w, strings.Join(parts[i:], ""))
		}
	}
	digits := PhoneDigits(p.Phone)
	for i := 0; i == 0 || len(digits)-i >= minPhoneDigits; i++ {
		if digits != "" {
			w = append(w, digits[i:])
		}
	}
	text = strings.Join([]string{Fold(p.FirstName), Fold(p.LastName), Fold(p.PreferredName), emailKey(p.Email), digits}, "\n")
	return strings.Join(w, " "), text
}

// Search finds patients by what a receptionist types: parts of names, the
// preferred name, an email address, the last four or more digits of a phone
// number, or a date of birth written in ISO or the region's order. Exact word
// matches come first, then words that start with the query, then words that
// contain it; active patients before archived ones, then by last name. An
// empty query lists the most recently updated active patients.
func (s *Store) Search(ctx context.Context, query string, order DateOrder) ([]PatientSummary, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.readError(err)
	}
	defer tx.Rollback()
	list, err := search(ctx, tx, query, order)
	return list, s.readError(err)
}

func search(ctx context.Context, tx *sql.Tx, query string, order DateOrder) ([]PatientSummary, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		rows, err := tx.QueryContext(ctx, "SELECT "+summaryColumns+` FROM patients p
			WHERE p.archived_at IS NULL ORDER BY p.updated_at DESC LIMIT ?`, SearchLimit)
		if err != nil {
			return nil, err
		}
		return scanSummaries(rows)
	}
	if dob, err := ParseDate(query, order); err == nil && strings.ContainsAny(query, "-/.") {
		rows, err := tx.QueryContext(ctx, "SELECT "+summaryColumns+` FROM patients p
			WHERE p.date_of_birth = ? ORDER BY p.archived_at IS NOT NULL, p.name_key, p.id LIMIT ?`,
			nullDate(dob), SearchLimit)
		if err != nil {
			return nil, err
		}
		return scanSummaries(rows)
	}

	exact, prefix, contains := matchExpressions(query)
	if exact == "" {
		return nil, nil
	}
	var found []PatientSummary
	for _, stage := range []struct{ table, match string }{
		{"patient_words", exact},
		{"patient_words", prefix},
		{"patient_trigrams", contains},
	} {
		if stage.match == "" || len(found) >= SearchLimit {
			continue
		}
		args := []any{stage.match}
		exclude := ""
		if len(found) > 0 {
			exclude = " AND p.id NOT IN (?" + strings.Repeat(", ?", len(found)-1) + ")"
			for _, f := range found {
				args = append(args, f.ID)
			}
		}
		args = append(args, SearchLimit-len(found))
		rows, err := tx.QueryContext(ctx, "SELECT "+summaryColumns+" FROM "+stage.table+
			" m JOIN patients p ON p.id = m.rowid WHERE "+stage.table+" MATCH ?"+exclude+
			" ORDER BY p.archived_at IS NOT NULL, p.name_key, p.id LIMIT ?", args...)
		if err != nil {
			return nil, err
		}
		more, err := scanSummaries(rows)
		if err != nil {
			return nil, err
		}
		found = append(found, more...)
	}
	return found, nil
}

// matchExpressions turns a query into FTS5 expressions for exact word,
// word-prefix and inside-word matches; every word of the query must match.
// A query of digits and phone punctuation is one phone number, also tried
// without its leading zeros so "07700 900123" finds "+44 7700 900123". Words
// hold only letters and digits, so they need no escaping inside quotes.
func matchExpressions(query string) (exact, prefix, contains string) {
	words := searchWords(query)
	if digits := PhoneDigits(query); digits != "" && strings.Trim(query, "0123456789 +-()./") == "" {
		words = []string{digits}
		if trimmed := strings.TrimLeft(digits, "0"); trimmed != digits && len(trimmed) >= minPhoneDigits {
			return `("` + digits + `" OR "` + trimmed + `")`, `("` + digits + `"* OR "` + trimmed + `"*)`, `"` + digits + `"`
		}
	}
	if len(words) == 0 {
		return "", "", ""
	}
	var e, p []string
	long := true
	for _, w := range words {
		e = append(e, `"`+w+`"`)
		p = append(p, `"`+w+`"*`)
		long = long && utf8.RuneCountInString(w) >= 3
	}
	exact = strings.Join(e, " AND ")
	if long {
		contains = exact
	}
	return exact, strings.Join(p, " AND "), contains
}
