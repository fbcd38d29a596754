// Package sqlstore keeps the domain values of package data on SQLite (a file,
// the default) or PostgreSQL (a clinic server): one Store over
// database/sql, one file per entity, and what differs between the engines
// behind a small seam in files named for their engine (placeholders, error
// codes, search, schema version, backup, integrity), with a migration track
// per engine under migrations/.
//
// Every write checks the signed-in actor's permission, runs in one
// transaction and appends to the audit chain, whose rows are sealed so that
// a change made outside the program is found (VerifyDatabase).
package sqlstore
