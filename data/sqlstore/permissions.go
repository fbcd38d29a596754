package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"needlepoint/data"
)

// SetActor makes a the user of the store, as the command line does before
// it acts; the desktop signs in with SignIn instead.
func (s *Store) SetActor(a data.Actor) {
	s.actor.Store(&a)
}

// Actor returns who is using the store, and false when nobody is signed in.
func (s *Store) Actor() (data.Actor, bool) {
	a := s.actor.Load()
	if a == nil {
		return data.Actor{}, false
	}
	return *a, true
}

// reader returns the signed-in actor, or EFORBIDDEN when nobody is.
func (s *Store) reader() (data.Actor, error) {
	a, ok := s.Actor()
	if !ok {
		return data.Actor{}, data.Errorf(data.EFORBIDDEN, "Sign in to Needlepoint first.")
	}
	return a, nil
}

// readTx begins a read-only transaction for someone signed in: every
// read of the clinic's records needs a signed-in user.
func (s *Store) readTx(ctx context.Context) (*sql.Tx, error) {
	if _, err := s.reader(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	return tx, s.readError(err)
}

// allow returns the signed-in actor when their role has permission p and
// the schema protecting what p writes is whole (guardWrite). A refusal by
// role is written to the audit trail, in its own transaction since the
// action's own never starts, and returned as EFORBIDDEN naming what was
// refused.
func (s *Store) allow(ctx context.Context, p data.Permission, patientID int64) (data.Actor, error) {
	a, err := s.reader()
	if err != nil {
		return a, err
	}
	if a.Role.Can(p) {
		return a, s.guardWrite(p)
	}
	refusal := data.Errorf(data.EFORBIDDEN, "%s is signed in as %s and may not %s. Ask an administrator if this is wrong.",
		a.Name, strings.ToLower(a.Role.Label()), p.Describe())
	if err := s.auditAlone(ctx, a, data.Audit{Action: data.ActionRefused, PatientID: patientID, Detail: string(p)}); err != nil {
		return a, fmt.Errorf("%w (and the refusal could not be written to the audit trail: %v)", refusal, err)
	}
	return a, refusal
}

// sameStaff refuses an act that must be done by staff member id in person,
// such as signing their note, when someone else is signed in; the refusal
// is audited like any other.
func (s *Store) sameStaff(ctx context.Context, a data.Actor, id int64, act string, patientID int64) error {
	if a.StaffID == id {
		return nil
	}
	refusal := data.Errorf(data.EFORBIDDEN, "%s is signed in; only the staff member named can %s. They sign in to do it.", a.Name, act)
	if err := s.auditAlone(ctx, a, data.Audit{Action: data.ActionRefused, PatientID: patientID, Detail: act + " for another staff member"}); err != nil {
		return fmt.Errorf("%w (and the refusal could not be written to the audit trail: %v)", refusal, err)
	}
	return refusal
}
