package sqlstore

import "testing"

// TestRebind checks that statements written for SQLite get PostgreSQL's
// numbered placeholders, and that nothing quoted is touched.
func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM patients WHERE id = ? AND name_key LIKE ?", "SELECT * FROM patients WHERE id = $1 AND name_key LIKE $2"},
		{"UPDATE accounts SET username = ?2, password_hash = ?3 WHERE staff_id = ?1", "UPDATE accounts SET username = $2, password_hash = $3 WHERE staff_id = $1"},
		{"SELECT '?', \"who?\" FROM t WHERE a = ?", "SELECT '?', \"who?\" FROM t WHERE a = $1"},
		{"SELECT 'it''s ?' WHERE a = ?", "SELECT 'it''s ?' WHERE a = $1"},
		{"SELECT a -- why?\nFROM t WHERE b = ?", "SELECT a -- why?\nFROM t WHERE b = $1"},
		{"INSERT INTO t VALUES (?, ?, ?)", "INSERT INTO t VALUES ($1, $2, $3)"},
		{"SELECT 'unterminated ?", "SELECT 'unterminated ?"},
	} {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsServerAddress(t *testing.T) {
	for in, want := range map[string]bool{
		"postgres://desk@clinic-server/needlepoint?sslmode=verify-full": true,
		"PostgreSQL://clinic-server/needlepoint":                        true,
		"postgres:clinic.db":                                            false,
		"/home/fiona/needlepoint.db":                                    false,
		`C:\Users\Fiona\needlepoint.db`:                                 false,
	} {
		if got := IsServerAddress(in); got != want {
			t.Errorf("IsServerAddress(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestServerNameHidesPassword(t *testing.T) {
	got := serverName("postgres://desk:s3cret@clinic-server:5432/needlepoint?sslmode=require")
	if got != "postgres://desk@clinic-server:5432/needlepoint?sslmode=require" {
		t.Errorf("serverName = %q, want the address without its password", got)
	}
}

func TestServerDatabaseName(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://desk@clinic-server:5432/needlepoint?sslmode=require": "needlepoint",
		"postgres:///clinic":       "clinic",
		"postgres://clinic-server": "needlepoint",
	} {
		if got := serverDatabaseName(in); got != want {
			t.Errorf("serverDatabaseName(%q) = %q, want %q", in, got, want)
		}
	}
}
