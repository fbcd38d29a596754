package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"needlepoint/data"
)

func usernameProblem(u string) string {
	if u == "" {
		return "Enter a username."
	}
	if len([]rune(u)) > data.MaxUsernameLength {
		return fmt.Sprintf("A username has at most %d characters.", data.MaxUsernameLength)
	}
	for _, r := range u {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(".-_", r) {
			return "A username has letters, digits, dots, hyphens and underscores only, no spaces."
		}
	}
	return ""
}

// HasAccounts reports whether anyone can sign in yet. A new database has
// no accounts until the first administrator is set up.
func (s *Store) HasAccounts(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM accounts").Scan(&n)
	return n > 0, s.readError(err)
}

// SetUpClinic is the first start of a database nobody can sign in to: it
// saves the clinic's name, address and phone, creates the first
// administrator with their account and signs them in. A detail left empty
// keeps what the database holds, so a database from before sign-ins keeps
// its handout settings. It is refused once any account exists.
func (s *Store) SetUpClinic(ctx context.Context, d data.ClinicDetails, name, username, password string) (data.Actor, error) {
	admin := data.StaffMember{Name: strings.TrimSpace(name), Role: data.RoleAdmin, Active: true}
	username = foldUsername(username)
	var v data.Validator
	v.Name(data.FieldStaffName, "Your name", admin.Name, true)
	if p := usernameProblem(username); p != "" {
		v.Add(data.FieldUsername, p)
	}
	if p := passwordProblem(password, admin.Name, username); p != "" {
		v.Add(data.FieldPassword, p)
	}
	if err := v.Err(); err != nil {
		return data.Actor{}, err
	}
	if d.PaperSize == "" {
		d.PaperSize = data.PaperA4 // not saved: checked only so the details are valid
	}
	if err := d.Validate(); err != nil {
		return data.Actor{}, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return data.Actor{}, wrapf(err, data.EINTERNAL, "Cannot protect the password on this computer.")
	}
	var a data.Actor
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM accounts").Scan(&n); err != nil {
			return s.writeError(err)
		}
		if n > 0 {
			return data.Errorf(data.ECONFLICT, "This clinic is already set up; sign in instead.")
		}
		now := s.Now()
		if err := insertStaff(ctx, tx, &admin, now); err != nil {
			return s.writeError(err)
		}
		for key, value := range map[string]string{data.FieldClinicName: d.Name, data.FieldClinicAddress: d.Address,
			data.FieldClinicPhone: d.Phone, data.FieldClinicCountry: d.Country} {
			if strings.TrimSpace(value) == "" {
				continue
			}
			if err := saveSetting(ctx, tx, key, strings.TrimSpace(value)); err != nil {
				return s.writeError(err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO accounts (staff_id, username, password_hash,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			admin.ID, username, hash, formatTime(now), formatTime(now)); err != nil {
			return s.writeError(err)
		}
		a = data.Actor{StaffID: admin.ID, Name: admin.Name, Role: admin.Role, Username: username}
		first := data.Audit{Action: data.ActionAccountChanged, Subject: "account " + username, Detail: "first administrator"}
		if err := s.audit(ctx, tx, a, data.Audit{Action: data.ActionSettingChanged, Subject: "clinic details", Detail: "first start"}); err != nil {
			return s.writeError(err)
		}
		if err := s.auditSealed(ctx, tx, a, first, sealRef{sealStaff, admin.ID}, sealRef{sealAccount, admin.ID}); err != nil {
			return s.writeError(err)
		}
		if err := s.audit(ctx, tx, a, data.Audit{Action: data.ActionSignedIn}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
	if err != nil {
		return data.Actor{}, err
	}
	s.SetActor(a)
	return a, nil
}

// SetAccount gives staff member staffID a username and a password, or
// changes them; an empty password keeps the current one. It also lifts a
// lock after failed sign-ins. Only administrators manage accounts.
func (s *Store) SetAccount(ctx context.Context, staffID int64, username, password string) error {
	a, err := s.allow(ctx, data.PermStaff, 0)
	if err != nil {
		return err
	}
	username = foldUsername(username)
	var v data.Validator
	if p := usernameProblem(username); p != "" {
		v.Add(data.FieldUsername, p)
	}
	if password != "" {
		// The name is read before the write transaction, as the hash
		// that follows takes a tenth of a second.
		var name string
		err := s.db.QueryRowContext(ctx, "SELECT name FROM staff WHERE id = ?", staffID).Scan(&name)
		if err := notFound(err, "That staff member"); err != nil {
			return s.readError(err)
		}
		if p := passwordProblem(password, name, username); p != "" {
			v.Add(data.FieldPassword, p)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash := ""
	if password != "" {
		if hash, err = hashPassword(password); err != nil {
			return wrapf(err, data.EINTERNAL, "Cannot protect the password on this computer.")
		}
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		m, err := findStaff(ctx, tx, staffID)
		if err != nil {
			return err
		}
		var taken int64
		err = tx.QueryRowContext(ctx, "SELECT staff_id FROM accounts WHERE username = ? AND staff_id <> ?", username, staffID).Scan(&taken)
		if err == nil {
			return &data.Error{Code: data.ECONFLICT, Message: "That username is taken; choose another.",
				Fields: []data.FieldError{{Field: data.FieldUsername, Message: "Taken by another staff member."}}}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return s.writeError(err)
		}
		now := formatTime(s.Now())
		var res sql.Result
		if hash != "" {
			res, err = tx.ExecContext(ctx, `INSERT INTO accounts (staff_id, username, password_hash, created_at, updated_at)
			VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (staff_id) DO UPDATE SET username = ?2,
			password_hash = ?3, failed_attempts = 0, locked_until = '', updated_at = ?4`,
				staffID, username, hash, now)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE accounts SET username = ?, failed_attempts = 0,
			locked_until = '', updated_at = ? WHERE staff_id = ?`, username, now, staffID)
		}
		if err != nil {
			return s.writeError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &data.Error{Code: data.EINVALID, Message: "Give " + m.Name + " a password to create their account.",
				Fields: []data.FieldError{{Field: data.FieldPassword, Message: "Required for a new account."}}}
		}
		detail := "username " + username
		if hash != "" {
			detail += ", new password"
		}
		e := data.Audit{Action: data.ActionAccountChanged, Subject: "account of " + m.Name, Detail: detail}
		if err := s.auditSealed(ctx, tx, a, e, sealRef{sealAccount, staffID}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// ChangePassword changes the signed-in user's own password after checking
// the current one.
func (s *Store) ChangePassword(ctx context.Context, current, next string) error {
	a, err := s.reader()
	if err != nil {
		return err
	}
	if err := s.guardWrite(data.PermStaff); err != nil {
		return err
	}
	acct, hash, err := s.account(ctx, "staff_id = ?", a.StaffID)
	if err != nil {
		return err
	}
	if !passwordMatches(hash, current) {
		if err := s.auditAlone(ctx, a, data.Audit{Action: data.ActionSignInFailed, Detail: "wrong current password when changing it"}); err != nil {
			return err
		}
		return &data.Error{Code: data.EINVALID, Message: "The current password is not right.",
			Fields: []data.FieldError{{Field: data.FieldPassword, Message: "Not your current password."}}}
	}
	if p := passwordProblem(next, acct.Name, acct.Username); p != "" {
		return &data.Error{Code: data.EINVALID, Message: p, Fields: []data.FieldError{{Field: data.FieldNewPassword, Message: p}}}
	}
	newHash, err := hashPassword(next)
	if err != nil {
		return wrapf(err, data.EINTERNAL, "Cannot protect the password on this computer.")
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET password_hash = ?, updated_at = ? WHERE staff_id = ?",
			newHash, formatTime(s.Now()), acct.StaffID); err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionAccountChanged, Subject: "account " + acct.Username, Detail: "changed own password"}
		if err := s.auditSealed(ctx, tx, a, e, sealRef{sealAccount, acct.StaffID}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// Accounts lists every account with its staff member, by name.
func (s *Store) Accounts(ctx context.Context) ([]data.Account, error) {
	if _, err := s.reader(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, a.username, s.name, s.role, s.active,
		a.locked_until FROM accounts a JOIN staff s ON s.id = a.staff_id ORDER BY s.name, s.id`)
	if err != nil {
		return nil, s.readError(err)
	}
	defer rows.Close()
	var list []data.Account
	for rows.Next() {
		acct, err := scanAccount(rows, nil)
		if err != nil {
			return nil, s.readError(err)
		}
		list = append(list, acct)
	}
	if err := rows.Err(); err != nil {
		return nil, s.readError(err)
	}
	for i := range list {
		if list[i].ChangedOutside, err = accountSealProblem(ctx, s.db, list[i].StaffID); err != nil {
			return nil, s.readError(err)
		}
	}
	return list, nil
}

// ConfirmAccount accepts, as they now are, a staff member and their
// account that were changed outside Needlepoint, so the account can sign
// in again, and records the administrator who confirmed it. Only
// administrators confirm.
func (s *Store) ConfirmAccount(ctx context.Context, staffID int64) error {
	a, err := s.allow(ctx, data.PermStaff, 0)
	if err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		m, err := findStaff(ctx, tx, staffID)
		if err != nil {
			return err
		}
		problem, err := accountSealProblem(ctx, tx, staffID)
		if err != nil || problem == "" {
			return s.writeError(err)
		}
		refs := []sealRef{{sealStaff, staffID}}
		var username string
		err = tx.QueryRowContext(ctx, "SELECT username FROM accounts WHERE staff_id = ?", staffID).Scan(&username)
		switch {
		case err == nil:
			refs = append(refs, sealRef{sealAccount, staffID})
		case !errors.Is(err, sql.ErrNoRows):
			return s.writeError(err)
		}
		state := "inactive"
		if m.Active {
			state = "active"
		}
		e := data.Audit{Action: data.ActionConfirmed, Subject: "account of " + m.Name,
			Detail: fmt.Sprintf("%s; confirmed as %s, %s, username %q", problem, strings.ToLower(m.Role.Label()), state, username)}
		if err := s.auditSealed(ctx, tx, a, e, refs...); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// account returns the account matching where, with its password hash.
func (s *Store) account(ctx context.Context, where string, arg any) (data.Account, string, error) {
	var hash string
	row := s.db.QueryRowContext(ctx, `SELECT s.id, a.username, s.name, s.role, s.active,
		a.locked_until, a.password_hash FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.`+where, arg)
	acct, err := scanAccount(row, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return acct, "", data.Errorf(data.ENOTFOUND, "There is no such account.")
	}
	return acct, hash, s.readError(err)
}

func scanAccount(row interface{ Scan(...any) error }, hash *string) (data.Account, error) {
	var (
		a            data.Account
		role, locked string
	)
	dest := []any{&a.StaffID, &a.Username, &a.Name, &role, &a.Active, &locked}
	if hash != nil {
		dest = append(dest, hash)
	}
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	a.Role = data.Role(role)
	var err error
	a.LockedUntil, err = parseTime(locked)
	return a, err
}

// errBadSignIn does not say whether the username or the password was
// wrong, so nobody can find usernames by trying.
var errBadSignIn = &data.Error{Code: data.EFORBIDDEN, Message: "The username or password is not right. Check Caps Lock and try again."}

// SignIn checks a username and password and makes that staff member the
// store's user. Five failures in a row lock the account for five minutes;
// every attempt, good or bad, is in the audit trail. Signing in while
// another user is signed in signs them out first (switching user).
func (s *Store) SignIn(ctx context.Context, username, password string) (data.Actor, error) {
	username = foldUsername(username)
	if username == "" || password == "" {
		return data.Actor{}, data.Errorf(data.EINVALID, "Enter your username and password.")
	}
	acct, hash, err := s.account(ctx, "username = ?", username)
	if data.ErrorCode(err) == data.ENOTFOUND {
		// The same hash as for a real account, so an unknown username
		// takes as long and does not show which usernames exist.
		passwordMatches(dummyHash, password)
		return data.Actor{}, s.refuseUnknownUsername(ctx, username)
	}
	if err != nil {
		return data.Actor{}, err
	}
	// The hash takes a tenth of a second, so it is checked before the
	// write transaction; the lock is read again inside it, so attempts
	// made at the same moment are counted one after another and none
	// slips past a lock another just set.
	ok := passwordMatches(hash, password)
	who := data.Actor{StaffID: acct.StaffID, Name: acct.Name, Role: acct.Role, Username: acct.Username}
	var refusal error
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		refusal = nil
		now := s.Now()
		var lockedText string
		if err := tx.QueryRowContext(ctx, "SELECT locked_until FROM accounts WHERE staff_id = ?", who.StaffID).Scan(&lockedText); err != nil {
			return s.writeError(err)
		}
		lockedUntil, err := parseTime(lockedText)
		if err != nil {
			return s.writeError(err)
		}
		switch {
		case now.Before(lockedUntil):
			refusal = data.Errorf(data.ELOCKED, "This account is locked after %d failed sign-ins. Try again after %s, or ask an administrator to unlock it.",
				data.MaxFailedSignIns, lockedUntil.Local().Format("15:04"))
			return s.audit(ctx, tx, who, data.Audit{Action: data.ActionSignInFailed, Detail: "account locked"})
		case !ok:
			refusal, err = s.failSignIn(ctx, tx, who, now)
			return err
		case !acct.Active:
			refusal = data.Errorf(data.EFORBIDDEN, "%s is no longer marked as working at the clinic, so the account cannot sign in. Ask an administrator.", acct.Name)
			return s.audit(ctx, tx, who, data.Audit{Action: data.ActionSignInFailed, Detail: "staff member inactive"})
		}
		problem, err := accountSealProblem(ctx, tx, who.StaffID)
		if err != nil {
			return s.writeError(err)
		}
		if problem != "" {
			refusal = data.Errorf(data.EFORBIDDEN, "This account cannot sign in: %s. An administrator must check it and confirm it (Clinic → Staff) first.", problem)
			return s.audit(ctx, tx, who, data.Audit{Action: data.ActionSignInFailed, Detail: problem})
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET failed_attempts = 0, locked_until = '' WHERE staff_id = ?", who.StaffID); err != nil {
			return s.writeError(err)
		}
		if prev, signedIn := s.Actor(); signedIn && prev != who {
			if err := s.audit(ctx, tx, prev, data.Audit{Action: data.ActionSignedOut, Detail: "switched user"}); err != nil {
				return s.writeError(err)
			}
		}
		if err := s.audit(ctx, tx, who, data.Audit{Action: data.ActionSignedIn}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
	if err != nil {
		return data.Actor{}, err
	}
	if refusal != nil {
		return data.Actor{}, refusal
	}
	s.SetActor(who)
	return who, nil
}

// refuseUnknownUsername records a sign-in with a username nobody has,
// naming it by its digest only, and returns the same refusal as a wrong
// password.
func (s *Store) refuseUnknownUsername(ctx context.Context, username string) error {
	digest := usernameDigest(username)
	unknown := data.Actor{Name: "unknown username #" + digest}
	if err := s.auditAlone(ctx, unknown, data.Audit{Action: data.ActionSignInFailed,
		Detail: "no such username; what was typed is kept only as its digest, #" + digest}); err != nil {
		return err
	}
	return errBadSignIn
}

// foldUsername is how usernames are stored and compared: trimmed and in
// lower case, so "Élise" and "élise" are one account.
func foldUsername(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

// failSignIn counts a wrong password in tx and locks the account at the
// fifth; it returns the refusal to show, and err when it could not record
// the attempt.
func (s *Store) failSignIn(ctx context.Context, tx *sql.Tx, who data.Actor, now time.Time) (refusal, err error) {
	var failed int
	err = tx.QueryRowContext(ctx, `UPDATE accounts SET failed_attempts = failed_attempts + 1
		WHERE staff_id = ? RETURNING failed_attempts`, who.StaffID).Scan(&failed)
	if err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("wrong password (%d of %d)", failed, data.MaxFailedSignIns)
	locked := failed >= data.MaxFailedSignIns
	if locked {
		until := now.Add(data.SignInLockMinutes * time.Minute)
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET failed_attempts = 0, locked_until = ? WHERE staff_id = ?",
			formatTime(until), who.StaffID); err != nil {
			return nil, err
		}
		detail += fmt.Sprintf("; account locked for %d minutes", data.SignInLockMinutes)
	}
	if err := s.audit(ctx, tx, who, data.Audit{Action: data.ActionSignInFailed, Detail: detail}); err != nil {
		return nil, err
	}
	if locked {
		return data.Errorf(data.ELOCKED, "That was the %dth wrong password in a row, so the account is locked for %d minutes. Ask an administrator if you have forgotten it.",
			data.MaxFailedSignIns, data.SignInLockMinutes), nil
	}
	return errBadSignIn, nil
}

// SignOut ends the signed-in user's session; the store then refuses
// everything until someone signs in.
func (s *Store) SignOut(ctx context.Context) error {
	a, ok := s.Actor()
	if !ok {
		return nil
	}
	// Signed out first: a failure to write the audit row must not leave
	// the records open.
	s.actor.Store(nil)
	return s.auditAlone(ctx, a, data.Audit{Action: data.ActionSignedOut})
}
