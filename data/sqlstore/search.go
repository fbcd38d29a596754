package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"needlepoint/data"
)

// Search finds patients by what a receptionist types: parts of names, the
// preferred name, an email address, the digits of a phone number (the last
// four are enough), or a date of birth written in ISO or the region's
// order. Exact matches come first, then matches at the start of a word or
// number, then matches inside one; active patients before archived ones;
// within each group the most recently registered first. An empty query
// lists the most recently updated active patients.
func (s *Store) Search(ctx context.Context, query string, order data.DateOrder) ([]data.PatientSummary, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	list, err := search(ctx, tx, strings.TrimSpace(query), order, s.pg)
	return list, s.readError(err)
}

func search(ctx context.Context, tx *sql.Tx, query string, order data.DateOrder, pg bool) ([]data.PatientSummary, error) {
	if query == "" {
		return querySummaries(ctx, tx, `WHERE p.archived_at IS NULL ORDER BY p.updated_at DESC LIMIT ?`, data.SearchLimit)
	}
	if dob, err := data.ParseDate(query, order); err == nil && strings.ContainsAny(query, "-/.") {
		return querySummaries(ctx, tx, `WHERE p.date_of_birth = ?
			ORDER BY p.archived_at IS NOT NULL, p.id DESC LIMIT ?`, nullDate(dob), data.SearchLimit)
	}
	if digits := data.PhoneDigits(query); digits != "" && strings.Trim(query, "0123456789 +-()./") == "" {
		return searchPhone(ctx, tx, query, digits)
	}
	if pg {
		return pgSearchByWords(ctx, tx, query)
	}
	return searchByWords(ctx, tx, query)
}

// searchPhone finds a phone number typed in full, by its last digits or by
// its first ones. A whole number is read with the clinic's country and
// finds the same number however either was typed: "07700 900123" finds
// "+44 7700 900123" and the other way round. The first digits of a number
// find it however either was typed too ("07700 9" finds "+44 7700 900123"
// and "+44 20" finds "020 7946 0958"), and the last ones.
func searchPhone(ctx context.Context, tx *sql.Tx, query, digits string) ([]data.PatientSummary, error) {
	country, err := clinicCountry(ctx, tx)
	if err != nil {
		return nil, err
	}
	forms := []string{digits}
	if trimmed := strings.TrimLeft(digits, "0"); trimmed != digits && len(trimmed) >= 4 {
		forms = append(forms, trimmed)
	}
	var found results
	if e := data.PhoneE164(query, country); e != "" {
		found.add(ctx, tx, "p.phone_e164 = ?", e)
	}
	for _, form := range forms {
		found.add(ctx, tx, "p.phone_key = ?", form)
	}
	for _, form := range forms {
		// ':' sorts just after '9', so the range holds every key that
		// starts with form.
		found.add(ctx, tx, "p.phone_key_reversed >= ? AND p.phone_key_reversed < ?", reverse(form), reverse(form)+":")
	}
	for _, form := range forms {
		found.add(ctx, tx, "p.phone_key >= ? AND p.phone_key < ?", form, form+":")
	}
	if start := data.PhonePrefixE164(query, country); len(digits) >= 4 && start != "" {
		found.add(ctx, tx, "p.phone_e164 >= ? AND p.phone_e164 < ?", start, start+":")
	}
	if found.err != nil {
		return nil, found.err
	}
	slices.SortStableFunc(found.list, func(a, b data.PatientSummary) int {
		return boolCompare(a.Archived, b.Archived)
	})
	return found.list, nil
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// results collects search matches stage by stage, up to SearchLimit and
// without repeats, keeping the first error.
type results struct {
	list []data.PatientSummary
	err  error
}

// add appends the patients matching where (with args), skipping those
// already found. It does nothing once the list is full or a stage failed.
func (r *results) add(ctx context.Context, tx *sql.Tx, where string, args ...any) {
	r.addFrom(ctx, tx, "", where, "", args...)
}

// addFrom is add with a table joined to patients (as m) and an order.
func (r *results) addFrom(ctx context.Context, tx *sql.Tx, join, where, orderBy string, args ...any) {
	if r.err != nil || len(r.list) >= data.SearchLimit {
		return
	}
	if len(r.list) > 0 {
		where += " AND p.id NOT IN (?" + strings.Repeat(", ?", len(r.list)-1) + ")"
		for _, p := range r.list {
			args = append(args, p.ID)
		}
	}
	args = append(args, data.SearchLimit-len(r.list))
	more, err := querySummaries(ctx, tx, join+" WHERE "+where+" "+orderBy+" LIMIT ?", args...)
	r.list, r.err = append(r.list, more...), err
}

// querySummaries selects patient summaries from patients p with the given
// joins, conditions and order.
func querySummaries(ctx context.Context, tx *sql.Tx, rest string, args ...any) ([]data.PatientSummary, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+summaryColumns+" FROM patients p "+rest, args...)
	if err != nil {
		return nil, err
	}
	return scanSummaries(rows)
}
