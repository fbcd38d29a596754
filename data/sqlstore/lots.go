package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"needlepoint/data"
)

// lotPart is the LIKE pattern that finds lots containing key, or "" (which
// matches no lot) when key is too short to look for inside lots.
func lotPart(key string) string {
	if utf8.RuneCountInString(key) < data.MinLotPart {
		return ""
	}
	return "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(key) + "%"
}

// LotLookup returns every session whose needle cartridge or product lot is
// lot, or contains it when it is at least MinLotPart long, whatever the
// case, spaces and dashes; newest first.
func (s *Store) LotLookup(ctx context.Context, lot string) ([]data.LotUse, error) {
	if _, err := s.reader(); err != nil {
		return nil, err
	}
	key := data.LotKey(strings.TrimSpace(lot))
	if key == "" {
		return nil, data.Errorf(data.EINVALID, "Enter the lot number to look up.")
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.readError(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `WITH found (lot_key) AS (
			SELECT lot_key FROM lot_keys
			WHERE lot_key = ?1 OR lot_key LIKE ?2 ESCAPE '\')
		SELECT p.id, p.first_name, p.last_name, p.preferred_name, p.date_of_birth, p.phone, p.phone_e164,
			s.id, s.performed_at, 'cartridge', s.cartridge_lot
		FROM sessions s JOIN treatment_series t ON t.id = s.series_id JOIN patients p ON p.id = t.patient_id
		WHERE s.cartridge_lot_key IN (SELECT lot_key FROM found)
		UNION ALL
		SELECT p.id, p.first_name, p.last_name, p.preferred_name, p.date_of_birth, p.phone, p.phone_e164,
			s.id, s.performed_at, 'product', s.product_lot
		FROM sessions s JOIN treatment_series t ON t.id = s.series_id JOIN patients p ON p.id = t.patient_id
		WHERE s.product_lot_key IN (SELECT lot_key FROM found)
		ORDER BY 9 DESC, 8 DESC`, key, lotPart(key))
	if err != nil {
		return nil, s.readError(err)
	}
	defer rows.Close()
	var list []data.LotUse
	for rows.Next() {
		var (
			u   data.LotUse
			p   data.Patient
			dob sql.NullString
			at  string
		)
		if err := rows.Scan(&u.PatientID, &p.FirstName, &p.LastName, &p.PreferredName, &dob, &u.Phone, &u.PhoneE164,
			&u.SessionID, &at, &u.Which, &u.Lot); err != nil {
			return nil, s.readError(err)
		}
		if u.DateOfBirth, err = parseDate(dob); err != nil {
			return nil, s.readError(err)
		}
		if u.PerformedAt, err = parseTime(at); err != nil {
			return nil, s.readError(err)
		}
		u.PatientName = p.FullName()
		list = append(list, u)
	}
	return list, s.readError(rows.Err())
}

// RecentCartridgeLots returns the needle-cartridge lots the clinic used in
// the RecentLotDays before day that have not expired by day, at most
// MaxRecentLots, the most recently used first.
func (s *Store) RecentCartridgeLots(ctx context.Context, day time.Time) ([]data.RecentLot, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	day = data.DateOf(day)
	// The sessions of the last weeks are read first, by their index:
	// grouped straight from the table, SQLite walks every session ever
	// logged in lot order instead.
	rows, err := tx.QueryContext(ctx, `WITH recent AS MATERIALIZED (
			SELECT cartridge_lot, cartridge_expiry, performed_at FROM sessions
			WHERE performed_at >= ? AND cartridge_lot <> '' AND (cartridge_expiry IS NULL OR cartridge_expiry >= ?))
		SELECT cartridge_lot, cartridge_expiry, MAX(performed_at)
		FROM recent
		GROUP BY cartridge_lot, cartridge_expiry
		ORDER BY 3 DESC, 1
		LIMIT ?`, formatTime(day.AddDate(0, 0, -data.RecentLotDays)), nullDate(day), data.MaxRecentLots)
	if err != nil {
		return nil, s.readError(err)
	}
	defer rows.Close()
	var list []data.RecentLot
	for rows.Next() {
		var (
			l      data.RecentLot
			expiry sql.NullString
			last   string
		)
		if err := rows.Scan(&l.Lot, &expiry, &last); err != nil {
			return nil, s.readError(err)
		}
		if l.Expiry, err = parseDate(expiry); err != nil {
			return nil, s.readError(err)
		}
		if l.LastUsed, err = parseTime(last); err != nil {
			return nil, s.readError(err)
		}
		list = append(list, l)
	}
	return list, s.readError(rows.Err())
}
