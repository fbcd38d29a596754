package data

import (
	"slices"
	"strings"
)

// Permission is something a role may do in Needlepoint.
type Permission string

// Permissions. Every role may find and read records; what it may change is
// set by grants.
const (
	// PermPatients: register patients, change their details, archive and
	// restore them.
	PermPatients Permission = "patients"
	// PermAppointments: book, move, check in, complete and cancel.
	PermAppointments Permission = "appointments"
	// PermRecall: work the recall list, mark calls, export the call list.
	PermRecall Permission = "recall"
	// PermPrint: print and save handouts and records.
	PermPrint Permission = "print"
	// PermScreening: record a contraindication screening.
	PermScreening Permission = "screening"
	// PermOverride: treat despite a contraindication, with a reason.
	PermOverride Permission = "override"
	// PermConsultations: write consultation notes.
	PermConsultations Permission = "consultations"
	// PermSessions: start, extend and close treatment series, log sessions.
	PermSessions Permission = "sessions"
	// PermSign: sign one's own notes.
	PermSign Permission = "sign"
	// PermAddenda: add an addendum to a signed note.
	PermAddenda Permission = "addenda"
	// PermStaff: the staff directory, accounts and roles.
	PermStaff Permission = "staff"
	// PermSettings: clinic details, rules, opening hours and backups'
	// settings.
	PermSettings Permission = "settings"
	// PermAudit: read and export the audit trail.
	PermAudit Permission = "audit"
	// PermBackup: make backups and restore one.
	PermBackup Permission = "backup"
)

// Permissions lists every permission, in the order a matrix shows them.
var Permissions = []Permission{
	PermPatients, PermAppointments, PermRecall, PermPrint,
	PermScreening, PermOverride, PermConsultations, PermSessions, PermSign, PermAddenda,
	PermStaff, PermSettings, PermAudit, PermBackup,
}

// grants is the permissions table: reception runs the desk, a practitioner
// also keeps the clinical record, and an administrator also runs the
// clinic's staff, settings, audit trail and backups.
var grants = func() map[Role]map[Permission]bool {
	desk := []Permission{PermPatients, PermAppointments, PermRecall, PermPrint}
	clinical := slices.Concat(desk, []Permission{PermScreening, PermOverride, PermConsultations, PermSessions, PermSign, PermAddenda})
	admin := slices.Concat(clinical, []Permission{PermStaff, PermSettings, PermAudit, PermBackup})
	set := func(list []Permission) map[Permission]bool {
		m := map[Permission]bool{}
		for _, p := range list {
			m[p] = true
		}
		return m
	}
	return map[Role]map[Permission]bool{
		RoleReception:    set(desk),
		RolePractitioner: set(clinical),
		RoleAdmin:        set(admin),
	}
}()

// Can reports whether role r has permission p.
func (r Role) Can(p Permission) bool { return grants[r][p] }

// Describe is how a refusal names what was not allowed.
func (p Permission) Describe() string {
	switch p {
	case PermPatients:
		return "change patients' details"
	case PermAppointments:
		return "change the diary"
	case PermRecall:
		return "work the recall list"
	case PermPrint:
		return "print or export records"
	case PermScreening:
		return "record screenings"
	case PermOverride:
		return "override a contraindication"
	case PermConsultations:
		return "write consultation notes"
	case PermSessions:
		return "log treatment sessions or change a treatment series"
	case PermSign:
		return "sign notes"
	case PermAddenda:
		return "add addenda to signed notes"
	case PermStaff:
		return "manage staff and accounts"
	case PermSettings:
		return "change the clinic's settings"
	case PermAudit:
		return "read the audit trail"
	case PermBackup:
		return "make or restore backups"
	}
	return string(p)
}

// Actor is who is using the store: a signed-in staff member, or the
// computer's user running a command-line action (StaffID 0).
type Actor struct {
	StaffID  int64
	Name     string
	Role     Role
	Username string // empty on the command line
}

// CommandLine is the actor of a command-line action, named after the
// operating-system user who ran it. Whoever can run commands on the
// database file can read it anyway, so the command line acts as an
// administrator.
func CommandLine(osUser string) Actor {
	if strings.TrimSpace(osUser) == "" {
		osUser = "unknown user"
	}
	return Actor{Name: osUser + " (command line)", Role: RoleAdmin}
}
