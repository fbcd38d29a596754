package demo

import (
	"context"
	"fmt"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// Account is a demo staff member's sign-in, printed in README so a
// newcomer can try each role.
type Account struct {
	Name, Username, Password string
	Role                     data.Role
}

// Accounts are the demo database's sign-ins, one or more per role.
var Accounts = []Account{
	{"Fiona Byrne", "fiona", "Admin-2026", data.RoleAdmin},
	{"Dr Amelia Hart", "amelia", "Practice-2026", data.RolePractitioner},
	{"Marta Kowalska", "marta", "Practice-2026", data.RolePractitioner},
	{"Jamal Reid", "jamal", "Desk-2026", data.RoleReception},
	{"Chloé Martin", "chloe", "Desk-2026", data.RoleReception},
}

// openAccounts gives the demo staff in Accounts their sign-ins.
func openAccounts(ctx context.Context, s *sqlstore.Store) error {
	staff, err := s.Staff(ctx, false)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, m := range staff {
		ids[m.Name] = m.ID
	}
	for _, a := range Accounts {
		id, ok := ids[a.Name]
		if !ok {
			return fmt.Errorf("demo: no staff member %s for the account %s", a.Name, a.Username)
		}
		if err := s.SetAccount(ctx, id, a.Username, a.Password); err != nil {
			return err
		}
	}
	return nil
}
