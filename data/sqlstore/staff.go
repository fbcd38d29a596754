package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"needlepoint/data"
)

// CreateStaffMember adds a person to the staff directory and sets its ID.
func (s *Store) CreateStaffMember(ctx context.Context, m *data.StaffMember) error {
	a, err := s.allow(ctx, data.PermStaff, 0)
	if err != nil {
		return err
	}
	m.Name = strings.TrimSpace(m.Name)
	if err := m.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if err := insertStaff(ctx, tx, m, s.Now()); err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionCreated, Subject: "staff member " + m.Name, Detail: "role " + string(m.Role)}
		if err := s.auditSealed(ctx, tx, a, e, sealRef{sealStaff, m.ID}); err != nil {
			return s.writeError(err)
		}
		return nil
	})
}

// insertStaff adds m to the staff directory and sets its ID and times.
func insertStaff(ctx context.Context, tx *sql.Tx, m *data.StaffMember, now time.Time) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO staff (name, role, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		m.Name, string(m.Role), m.Active, formatTime(now), formatTime(now)).Scan(&m.ID)
	m.CreatedAt, m.UpdatedAt = now, now
	return err
}

// UpdateStaffMember saves a changed name, role or active flag.
func (s *Store) UpdateStaffMember(ctx context.Context, m *data.StaffMember) error {
	a, err := s.allow(ctx, data.PermStaff, 0)
	if err != nil {
		return err
	}
	m.Name = strings.TrimSpace(m.Name)
	if err := m.Validate(); err != nil {
		return err
	}
	now := s.Now()
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		old, err := findStaff(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET name = ?, role = ?, active = ?, updated_at = ? WHERE id = ?`,
			m.Name, string(m.Role), m.Active, formatTime(now), m.ID); err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionChanged, Subject: "staff member " + m.Name, Detail: staffChanges(old, *m)}
		if old.Role != m.Role {
			e.Action = data.ActionRoleChanged
		}
		if err := s.auditSealed(ctx, tx, a, e, sealRef{sealStaff, m.ID}); err != nil {
			return s.writeError(err)
		}
		return nil
	}); err != nil {
		return err
	}
	m.UpdatedAt = now
	return nil
}

// Staff lists the staff directory by name; activeOnly leaves out those who
// have left.
func (s *Store) Staff(ctx context.Context, activeOnly bool) ([]data.StaffMember, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	q := "SELECT id, name, role, active, created_at, updated_at FROM staff"
	if activeOnly {
		q += " WHERE active"
	}
	rows, err := tx.QueryContext(ctx, q+" ORDER BY name, id")
	if err != nil {
		return nil, s.readError(err)
	}
	defer rows.Close()
	var list []data.StaffMember
	for rows.Next() {
		m, err := scanStaff(rows)
		if err != nil {
			return nil, s.readError(err)
		}
		list = append(list, m)
	}
	return list, s.readError(rows.Err())
}

// findStaff returns a staff member, ENOTFOUND if there is none.
func findStaff(ctx context.Context, tx *sql.Tx, id int64) (data.StaffMember, error) {
	row := tx.QueryRowContext(ctx, "SELECT id, name, role, active, created_at, updated_at FROM staff WHERE id = ?", id)
	m, err := scanStaff(row)
	return m, notFound(err, "That staff member")
}

func scanStaff(row interface{ Scan(...any) error }) (data.StaffMember, error) {
	var (
		m                    data.StaffMember
		role                 string
		createdAt, updatedAt string
	)
	if err := row.Scan(&m.ID, &m.Name, &role, &m.Active, &createdAt, &updatedAt); err != nil {
		return m, err
	}
	m.Role = data.Role(role)
	var err error
	if m.CreatedAt, err = parseTime(createdAt); err != nil {
		return m, err
	}
	m.UpdatedAt, err = parseTime(updatedAt)
	return m, err
}

// staffChanges says what changed in a staff record, for the audit trail.
func staffChanges(old, m data.StaffMember) string {
	var changes []string
	if old.Name != m.Name {
		changes = append(changes, "name was "+old.Name)
	}
	if old.Role != m.Role {
		changes = append(changes, fmt.Sprintf("role %s → %s", old.Role, m.Role))
	}
	if old.Active != m.Active {
		changes = append(changes, fmt.Sprintf("active %t → %t", old.Active, m.Active))
	}
	if len(changes) == 0 {
		return "saved with no change"
	}
	return strings.Join(changes, "; ")
}
