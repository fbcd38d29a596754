package data

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"
)

// This file is the PostgreSQL part of patient search. The words a patient
// is found by (searchTerms, as on SQLite) are kept in patient_search, whose
// trigram indexes (pg_trgm) serve the LIKE patterns below: a whole word, the
// start of a word, and text inside a word, in that order, as the FTS5
// stages do on SQLite.

// pgIndexPatient writes or replaces the search words of a patient.
const pgIndexPatient = `INSERT INTO patient_search (patient_id, words, text) VALUES (?, ?, ?)
	ON CONFLICT (patient_id) DO UPDATE SET words = excluded.words, text = excluded.text`

func pgReindexPatient(ctx context.Context, tx *sql.Tx, p *Patient) error {
	words, text := searchTerms(p)
	_, err := tx.ExecContext(ctx, pgIndexPatient, p.ID, " "+words+" ", text)
	return err
}

// pgSearchByWords finds patients with every word of the query, in the
// stages and order of searchByWords. The stored words are framed by
// spaces, so " word " is a whole word and " wo" the start of one. Words
// hold only letters and digits, so they need no escaping in a pattern.
func pgSearchByWords(ctx context.Context, tx *sql.Tx, query string) ([]PatientSummary, error) {
	words := searchWords(query)
	if len(words) == 0 {
		return nil, nil
	}
	long := true
	for _, w := range words {
		long = long && utf8.RuneCountInString(w) >= 3
	}
	stage := func(column string, pattern func(string) string) (string, []any) {
		conds := make([]string, len(words))
		args := make([]any, len(words))
		for i, w := range words {
			conds[i], args[i] = "m."+column+" LIKE ?", pattern(w)
		}
		return strings.Join(conds, " AND "), args
	}
	var found results
	for _, archived := range []string{"p.archived_at IS NULL", "p.archived_at IS NOT NULL"} {
		stages := []func() (string, []any){
			func() (string, []any) { return stage("words", func(w string) string { return "% " + w + " %" }) },
			func() (string, []any) { return stage("words", func(w string) string { return "% " + w + "%" }) },
		}
		if long {
			stages = append(stages, func() (string, []any) { return stage("text", func(w string) string { return "%" + w + "%" }) })
		}
		for _, st := range stages {
			where, args := st()
			found.addFrom(ctx, tx, "JOIN patient_search m ON m.patient_id = p.id", where+" AND "+archived, "ORDER BY p.id DESC", args...)
		}
	}
	return found.list, found.err
}
