package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"needlepoint/data"
)

// ClinicRules returns the clinic's settings for the contraindication check,
// with the default for every setting the clinic has not changed. A stored
// value that is not a whole number in range (only possible if the file was
// edited by another program) is refused with a message naming the setting,
// rather than quietly replaced; SaveClinicRules writes every setting, so
// saving the settings screen repairs it.
func (s *Store) ClinicRules(ctx context.Context) (data.ClinicRules, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.ClinicRules{}, err
	}
	defer tx.Rollback()
	r, err := readClinicRules(ctx, tx)
	return r, s.readError(err)
}

func readClinicRules(ctx context.Context, tx *sql.Tx) (data.ClinicRules, error) {
	stored, err := readSettings(ctx, tx)
	if err != nil {
		return data.ClinicRules{}, err
	}
	r := data.DefaultClinicRules()
	for _, c := range r.Settings() {
		text, ok := stored[c.Key]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(text)
		if err != nil || c.Problem(n) != "" {
			return data.ClinicRules{}, data.Errorf(data.EINVALID, "The clinic setting %q holds %q, which is not a number from %d to %d. Open the settings, check the contraindication waits and save them again.",
				c.Label, text, c.Min, c.Max)
		}
		*c.Value = n
	}
	return r, nil
}

// readSettings returns every stored setting by key.
func readSettings(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := map[string]string{}
	for rows.Next() {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return nil, err
		}
		stored[key] = value
	}
	return stored, rows.Err()
}

// SaveClinicRules validates r and stores it as the clinic's settings for the
// contraindication check. Every setting is written, defaults included, so
// a later change of a default does not change the clinic's rules unasked.
func (s *Store) SaveClinicRules(ctx context.Context, r data.ClinicRules) error {
	a, err := s.allow(ctx, data.PermSettings, 0)
	if err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		old, err := readSettings(ctx, tx)
		if err != nil {
			return s.writeError(err)
		}
		var changed []string
		for _, c := range r.Settings() {
			value := strconv.Itoa(*c.Value)
			if old[c.Key] != value {
				changed = append(changed, fmt.Sprintf("%s: %s", c.Label, value))
			}
			if err := saveSetting(ctx, tx, c.Key, value); err != nil {
				return s.writeError(err)
			}
		}
		e := data.Audit{Action: data.ActionSettingChanged, Subject: "contraindication rules", Detail: strings.Join(changed, "; ")}
		if err := s.audit(ctx, tx, a, e); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

func saveSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
