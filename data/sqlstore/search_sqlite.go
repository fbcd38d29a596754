package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"needlepoint/data"
)

// This file is the SQLite-only part of patient search: it keeps the FTS5
// tables of migration 0002 in step with the patients table and queries them.

// Statements that add a patient's words to the full-text tables.
const (
	insertWords    = "INSERT INTO patient_words (rowid, words) VALUES (?, ?)"
	insertTrigrams = "INSERT INTO patient_trigrams (rowid, text) VALUES (?, ?)"
)

// reindexPatient replaces the search words of a changed patient.
func reindexPatient(ctx context.Context, tx *sql.Tx, p *data.Patient) error {
	words, text := searchTerms(p)
	for _, st := range []struct{ del, ins, value string }{
		{"DELETE FROM patient_words WHERE rowid = ?", insertWords, words},
		{"DELETE FROM patient_trigrams WHERE rowid = ?", insertTrigrams, text},
	} {
		if _, err := tx.ExecContext(ctx, st.del, p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, st.ins, p.ID, st.value); err != nil {
			return err
		}
	}
	return nil
}

// searchTerms returns the words a patient is found by (each word of the
// names and the email, and each name's words run together from every word
// on, so "obrien" finds Dmitriev-O'Brien) and the folded text searched for
// matches inside words.
func searchTerms(p *data.Patient) (words, text string) {
	var w []string
	for _, name := range []string{p.FirstName, p.LastName, p.PreferredName} {
		parts := searchWords(name)
		w = append(w, parts...)
		for i := 0; i < len(parts)-1; i++ {
			w = append(w, strings.Join(parts[i:], ""))
		}
	}
	w = append(w, searchWords(p.Email)...)
	text = strings.Join([]string{data.Fold(p.FirstName), data.Fold(p.LastName), data.Fold(p.PreferredName), emailKey(p.Email)}, "\n")
	return strings.Join(w, " "), text
}

// searchByWords finds patients with every word of the query: active patients
// first, each group in three stages (whole words, word starts, inside
// words). Every stage reads the full-text index newest patient first and
// stops at the limit, so a common name costs no more than a rare one.
func searchByWords(ctx context.Context, tx *sql.Tx, query string) ([]data.PatientSummary, error) {
	exact, prefix, contains := matchExpressions(query)
	if exact == "" {
		return nil, nil
	}
	var found results
	for _, archived := range []string{"p.archived_at IS NULL", "p.archived_at IS NOT NULL"} {
		for _, stage := range []struct{ table, match string }{
			{"patient_words", exact},
			{"patient_words", prefix},
			{"patient_trigrams", contains},
		} {
			if stage.match != "" {
				found.addFrom(ctx, tx, "JOIN "+stage.table+" m ON m.rowid = p.id",
					stage.table+" MATCH ? AND "+archived, "ORDER BY m.rowid DESC", stage.match)
			}
		}
	}
	return found.list, found.err
}

// matchExpressions turns a query into FTS5 expressions for whole words,
// word starts and text inside words; every word of the query must match.
// Words hold only letters and digits, so they need no escaping inside
// quotes. Matching inside words needs three letters a word (trigrams).
func matchExpressions(query string) (exact, prefix, contains string) {
	words := searchWords(query)
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
