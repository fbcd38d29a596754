package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"needlepoint/data"
)

// This file is the PostgreSQL part of patient search. The words a patient
// is found by (searchTerms, as on SQLite) are rows of patient_search_words,
// whose index finds a whole word (=) and the start of one (LIKE 'abc%' on a
// COLLATE "C" column); the folded text is in patient_search, whose trigram
// index (pg_trgm) finds text inside words. The stages and their order are
// those of the FTS5 search on SQLite.

// Statements that add a patient's search words and text.
const (
	pgInsertWord = "INSERT INTO patient_search_words (word, patient_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
	pgInsertText = "INSERT INTO patient_search (patient_id, text) VALUES (?, ?)"
)

// pgIndexWords writes the search words and text of a patient who has none.
func pgIndexWords(ctx context.Context, word, text *sql.Stmt, p *data.Patient) error {
	words, folded := searchTerms(p)
	for _, w := range strings.Fields(words) {
		if _, err := word.ExecContext(ctx, w, p.ID); err != nil {
			return err
		}
	}
	_, err := text.ExecContext(ctx, p.ID, folded)
	return err
}

// pgReindexPatient replaces the search words and text of a changed patient.
func pgReindexPatient(ctx context.Context, tx *sql.Tx, p *data.Patient) error {
	for _, del := range []string{"DELETE FROM patient_search_words WHERE patient_id = ?", "DELETE FROM patient_search WHERE patient_id = ?"} {
		if _, err := tx.ExecContext(ctx, del, p.ID); err != nil {
			return err
		}
	}
	word, err := tx.PrepareContext(ctx, pgInsertWord)
	if err != nil {
		return err
	}
	defer word.Close()
	text, err := tx.PrepareContext(ctx, pgInsertText)
	if err != nil {
		return err
	}
	defer text.Close()
	return pgIndexWords(ctx, word, text, p)
}

// pgSearchByWords finds patients with every word of the query, in the
// stages and order of searchByWords. Words hold only letters and digits,
// so they need no escaping in a pattern.
func pgSearchByWords(ctx context.Context, tx *sql.Tx, query string) ([]data.PatientSummary, error) {
	words := searchWords(query)
	if len(words) == 0 {
		return nil, nil
	}
	long := true
	for _, w := range words {
		long = long && utf8.RuneCountInString(w) >= 3
	}
	// stage is the condition that every word matches the pattern made of
	// it by the subquery match.
	stage := func(match string, pattern func(string) string) (string, []any) {
		conds := make([]string, len(words))
		args := make([]any, len(words))
		for i, w := range words {
			conds[i], args[i] = "p.id IN ("+match+")", pattern(w)
		}
		return strings.Join(conds, " AND "), args
	}
	stages := []func() (string, []any){
		func() (string, []any) {
			return stage("SELECT patient_id FROM patient_search_words WHERE word = ?", func(w string) string { return w })
		},
		func() (string, []any) {
			return stage("SELECT patient_id FROM patient_search_words WHERE word LIKE ?", func(w string) string { return w + "%" })
		},
	}
	if long {
		stages = append(stages, func() (string, []any) {
			return stage("SELECT patient_id FROM patient_search WHERE text LIKE ?", func(w string) string { return "%" + w + "%" })
		})
	}
	var found results
	for _, archived := range []string{"p.archived_at IS NULL", "p.archived_at IS NOT NULL"} {
		for _, st := range stages {
			where, args := st()
			found.addFrom(ctx, tx, "", where+" AND "+archived, "ORDER BY p.id DESC", args...)
		}
	}
	return found.list, found.err
}
