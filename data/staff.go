package data

import (
	"time"
)

// Role is what a staff member does at the clinic; it decides what they may
// do in Needlepoint.
type Role string

// Staff roles.
const (
	RoleReception    Role = "reception"
	RolePractitioner Role = "practitioner"
	RoleAdmin        Role = "admin"
)

// Roles lists the roles in the order a form offers them.
var Roles = []Role{RoleReception, RolePractitioner, RoleAdmin}

// Label returns the word a form shows for r.
func (r Role) Label() string {
	switch r {
	case RoleReception:
		return "Reception"
	case RolePractitioner:
		return "Practitioner"
	case RoleAdmin:
		return "Administrator"
	}
	return string(r)
}

// FieldStaffName and FieldRole name the inputs of the staff form.
const (
	FieldStaffName = "staff_name"
	FieldRole      = "role"
)

// StaffMember is a person who works at the clinic. Staff are never deleted:
// someone who leaves is marked inactive, so their signatures keep a name.
type StaffMember struct {
	ID        int64
	Name      string
	Role      Role
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks a staff record.
func (m *StaffMember) Validate() error {
	var v Validator
	v.Name(FieldStaffName, "Name", m.Name, true)
	switch m.Role {
	case RoleReception, RolePractitioner, RoleAdmin:
	default:
		v.Add(FieldRole, "Choose a role: reception, practitioner or administrator.")
	}
	return v.Err()
}
