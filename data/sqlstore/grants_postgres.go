package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"needlepoint/data"
)

// The application role's privileges on a clinic server, which server init
// (roles_postgres.go) gives and puts back.

// appPrivileges is what the application role may do to each table: what
// the store's statements do to it, and no more. Every table may be read;
// the audit trail, seals, addenda, screenings, consent forms, photo
// consents, the photos'
// images and every log only grow; records (photos too, to hide one) are
// updated (their lock triggers refuse a signed one) and never deleted, apart from
// the rows of the search index and a draft session's areas, which the
// store replaces. The tables' identity columns number rows without the
// sequences' privileges, so the role has none on them.
var appPrivileges = map[string][]string{
	"accounts":                {"SELECT", "INSERT", "UPDATE"},
	"appointments":            {"SELECT", "INSERT", "UPDATE"},
	"audit_log":               {"SELECT", "INSERT"},
	"consent_templates":       {"SELECT", "INSERT"},
	"consents":                {"SELECT", "INSERT", "UPDATE"},
	"consultation_addenda":    {"SELECT", "INSERT"},
	"consultations":           {"SELECT", "INSERT", "UPDATE"},
	"lot_keys":                {"SELECT", "INSERT"},
	"needlepoint_schema":      {"SELECT"},
	"patient_medical_history": {"SELECT", "INSERT"},
	"patient_search":          {"SELECT", "INSERT", "DELETE"},
	"patient_search_words":    {"SELECT", "INSERT", "DELETE"},
	"patients":                {"SELECT", "INSERT", "UPDATE"},
	"photo_consents":          {"SELECT", "INSERT"},
	"photo_images":            {"SELECT", "INSERT"},
	"photos":                  {"SELECT", "INSERT", "UPDATE"},
	"recall_calls":            {"SELECT", "INSERT"},
	"screenings":              {"SELECT", "INSERT"},
	"seals":                   {"SELECT", "INSERT"},
	"series_extensions":       {"SELECT", "INSERT"},
	"session_addenda":         {"SELECT", "INSERT"},
	"session_areas":           {"SELECT", "INSERT", "DELETE"},
	"session_prints":          {"SELECT", "INSERT"},
	"sessions":                {"SELECT", "INSERT", "UPDATE"},
	"settings":                {"SELECT", "INSERT", "UPDATE"},
	"staff":                   {"SELECT", "INSERT", "UPDATE"},
	"treatment_series":        {"SELECT", "INSERT", "UPDATE"},
}

// pgGrant is one privilege on one object, given to one role or to
// PUBLIC (an empty grantee).
type pgGrant struct {
	kind, object, grantee, privilege string
	grantable                        bool
}

// currentGrants reads the privileges that the application role and PUBLIC
// hold on the database, Needlepoint's schema (and public) and every table
// and sequence in it.
func currentGrants(ctx context.Context, tx *sql.Tx, app string) ([]pgGrant, error) {
	rows, err := tx.QueryContext(ctx, `WITH app AS (SELECT ?::regrole::oid AS oid)
		SELECT kind, object, CASE WHEN x.grantee = 0 THEN '' ELSE pg_get_userbyid(x.grantee) END,
			x.privilege_type, x.is_grantable
		FROM (
			SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind, c.relname AS object,
				coalesce(c.relacl, acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner)) AS acl
			FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
				AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
			UNION ALL
			SELECT 'SCHEMA', n.nspname, coalesce(n.nspacl, acldefault('n', n.nspowner))
			FROM pg_namespace n WHERE n.nspname IN ('public', current_schema())
			UNION ALL
			SELECT 'DATABASE', d.datname, coalesce(d.datacl, acldefault('d', d.datdba))
			FROM pg_database d WHERE d.datname = current_database()
		) o, aclexplode(o.acl) x, app
		WHERE x.grantee IN (0, app.oid)
		ORDER BY kind, object, x.grantee, x.privilege_type`, app)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []pgGrant
	for rows.Next() {
		var g pgGrant
		if err := rows.Scan(&g.kind, &g.object, &g.grantee, &g.privilege, &g.grantable); err != nil {
			return nil, err
		}
		list = append(list, g)
	}
	return list, rows.Err()
}

// allowed reports whether a privilege the application role or PUBLIC
// holds may stay: the application role keeps what appPrivileges, USAGE on
// the schema and CONNECT to the database give it, without the grant
// option; PUBLIC keeps only its USAGE of schemas and CONNECT to the
// database.
func allowed(g pgGrant) bool {
	if g.grantee != "" && g.grantable {
		return false
	}
	switch g.kind {
	case "TABLE":
		return g.grantee != "" && slices.Contains(appPrivileges[g.object], g.privilege)
	case "SCHEMA":
		return g.privilege == "USAGE"
	case "DATABASE":
		return g.privilege == "CONNECT"
	}
	return false
}

// wantedGrants is every privilege the application role must hold.
func wantedGrants(ctx context.Context, tx *sql.Tx, app string) ([]pgGrant, error) {
	var schema, db string
	if err := tx.QueryRowContext(ctx, "SELECT current_schema(), current_database()").Scan(&schema, &db); err != nil {
		return nil, err
	}
	want := []pgGrant{{"SCHEMA", schema, app, "USAGE", false}, {"DATABASE", db, app, "CONNECT", false}}
	tables := slices.Sorted(maps.Keys(appPrivileges))
	for _, table := range tables {
		for _, p := range appPrivileges[table] {
			want = append(want, pgGrant{"TABLE", table, app, p, false})
		}
	}
	return want, nil
}

// setAppGrants takes from the application role and from PUBLIC every
// privilege that is not allowed, gives the application role every one it
// needs, and says what it changed, grouped.
func setAppGrants(ctx context.Context, tx *sql.Tx, app string) ([]string, error) {
	failed := func(err error) ([]string, error) {
		return nil, wrapf(err, data.EINTERNAL, "Cannot set the privileges of %s: %s", app, pgErrorText(err))
	}
	have, err := currentGrants(ctx, tx, app)
	if err != nil {
		return failed(err)
	}
	want, err := wantedGrants(ctx, tx, app)
	if err != nil {
		return failed(err)
	}
	var stmts []grantStatement
	for _, g := range have {
		if !allowed(g) {
			stmts = append(stmts, revokeStatement(g))
		}
	}
	for _, w := range want {
		if !slices.ContainsFunc(have, func(g pgGrant) bool {
			return g.kind == w.kind && g.object == w.object && g.grantee == w.grantee && g.privilege == w.privilege
		}) {
			stmts = append(stmts, grantStatement{verb: "GRANT", g: w})
		}
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st.sql()); err != nil {
			return failed(err)
		}
	}
	have, err = currentGrants(ctx, tx, app)
	if err != nil {
		return failed(err)
	}
	for _, g := range have {
		if !allowed(g) {
			return nil, data.Errorf(data.EINVALID, "%s still holds %s on the %s %s, which another role gave and only that role (or the server's administrator) can take back: REVOKE %s ON %s %s FROM %s. Then run server init again.",
				grantee(g), g.privilege, strings.ToLower(g.kind), g.object, g.privilege, g.kind, quoteName(g.object), grantee(g))
		}
	}
	if len(stmts) == 0 {
		return []string{fmt.Sprintf("The privileges of %s were already as Needlepoint needs them.", app)}, nil
	}
	return summarise(stmts), nil
}

func grantee(g pgGrant) string {
	if g.grantee == "" {
		return "PUBLIC"
	}
	return g.grantee
}

// grantStatement is one GRANT or REVOKE of a privilege.
type grantStatement struct {
	verb string // "GRANT", "REVOKE" or "REVOKE GRANT OPTION FOR"
	g    pgGrant
}

func revokeStatement(g pgGrant) grantStatement {
	if g.grantable && allowed(pgGrant{g.kind, g.object, g.grantee, g.privilege, false}) {
		return grantStatement{verb: "REVOKE GRANT OPTION FOR", g: g}
	}
	return grantStatement{verb: "REVOKE", g: g}
}

func (st grantStatement) sql() string {
	to := " TO "
	if st.verb != "GRANT" {
		to = " FROM "
	}
	who := "PUBLIC"
	if st.g.grantee != "" {
		who = quoteName(st.g.grantee)
	}
	return st.verb + " " + st.g.privilege + " ON " + st.g.kind + " " + quoteName(st.g.object) + to + who
}

// summarise says what the statements did, one sentence for each kind of
// change to one grantee, naming the objects.
func summarise(stmts []grantStatement) []string {
	type key struct{ verb, privilege, kind, grantee string }
	objects := map[key][]string{}
	var keys []key
	for _, st := range stmts {
		k := key{st.verb, st.g.privilege, st.g.kind, grantee(st.g)}
		if _, ok := objects[k]; !ok {
			keys = append(keys, k)
		}
		objects[k] = append(objects[k], st.g.object)
	}
	var done []string
	for _, k := range keys {
		names := objects[k]
		sort.Strings(names)
		kind := strings.ToLower(k.kind)
		if len(names) > 1 {
			kind += "s"
		}
		switch k.verb {
		case "GRANT":
			done = append(done, fmt.Sprintf("Gave %s %s on the %s %s.", k.grantee, k.privilege, kind, strings.Join(names, ", ")))
		case "REVOKE":
			done = append(done, fmt.Sprintf("Took %s on the %s %s from %s.", k.privilege, kind, strings.Join(names, ", "), k.grantee))
		default:
			done = append(done, fmt.Sprintf("Took from %s the right to pass on %s on the %s %s.", k.grantee, k.privilege, kind, strings.Join(names, ", ")))
		}
	}
	return done
}
