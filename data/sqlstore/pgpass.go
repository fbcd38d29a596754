package sqlstore

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"needlepoint/data"

	"github.com/jackc/pgx/v5/pgconn"
)

// PassfilePath is the password file PostgreSQL's own tools read, and pgx
// with them: PGPASSFILE when it is set, otherwise .pgpass in the home
// folder, or %APPDATA%\postgresql\pgpass.conf on Windows.
func PassfilePath() (string, error) {
	if p := os.Getenv("PGPASSFILE"); p != "" {
		return p, nil
	}
	if runtime.GOOS == "windows" {
		if dir := os.Getenv("APPDATA"); dir != "" {
			return filepath.Join(dir, "postgresql", "pgpass.conf"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", data.Errorf(data.EINVALID, "Cannot find your home folder to keep the server's password in.")
	}
	return filepath.Join(home, ".pgpass"), nil
}

// SavePassword keeps password for the server address (which holds none) in
// the password file, as the line host:port:database:user:password that
// libpq and pgx look for, so every later connection to address finds it.
// A line for the same host, port, database and user is replaced. The new
// line comes first, as both take the first line that matches and one with
// wildcards further up would otherwise win. The file is rewritten whole,
// readable by the computer's user only (libpq ignores it otherwise), and
// its contents are never logged.
func SavePassword(address, password string) error {
	if strings.ContainsAny(password, "\r\n") || strings.TrimSpace(password) != password {
		return data.Errorf(data.EINVALID, "A password that begins or ends with a space, or spans lines, cannot be kept in the password file. Ask the clinic's administrator for another password.")
	}
	cfg, err := pgconn.ParseConfig(address)
	if err != nil {
		return wrapf(err, data.EINVALID, "Needlepoint does not understand the server's address %s.", serverName(address))
	}
	host := cfg.Host
	if network, _ := pgconn.NetworkAddress(cfg.Host, cfg.Port); network == "unix" {
		host = "localhost"
	}
	key := []string{host, strconv.Itoa(int(cfg.Port)), cfg.Database, cfg.User}
	path, err := PassfilePath()
	if err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return wrapf(err, data.EINVALID, "Cannot read the password file %s: %s.", path, osErrorText(err))
	}
	var b bytes.Buffer
	b.WriteString(passfileLine(append(key, password)) + "\n")
	lines := bufio.NewScanner(bytes.NewReader(old))
	for lines.Scan() {
		if !passfileKeyIs(lines.Text(), key) {
			b.WriteString(lines.Text() + "\n")
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return wrapf(err, data.EINVALID, "Cannot create the folder %s: %s.", filepath.Dir(path), osErrorText(err))
	}
	return writePrivately(path, b.Bytes())
}

// passfileLine joins fields with ':', escaping ':' and '\' with '\' as
// libpq requires.
func passfileLine(fields []string) string {
	escaped := make([]string, len(fields))
	for i, f := range fields {
		escaped[i] = strings.NewReplacer(`\`, `\\`, `:`, `\:`).Replace(f)
	}
	return strings.Join(escaped, ":")
}

// passfileKeyIs reports whether a password file line is the one for key
// (host, port, database, user), comments and other lines not.
func passfileKeyIs(line string, key []string) bool {
	if strings.HasPrefix(strings.TrimSpace(line), "#") {
		return false
	}
	var fields []string
	var f strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line):
			i++
			f.WriteByte(line[i])
		case line[i] == ':':
			fields = append(fields, f.String())
			f.Reset()
		default:
			f.WriteByte(line[i])
		}
	}
	fields = append(fields, f.String())
	return len(fields) == 5 && strings.Join(fields[:4], "\x00") == strings.Join(key, "\x00")
}

// writePrivately replaces the file at path with contents, readable and
// writable by the computer's user only: written under a temporary name
// beside it, synced and renamed, so a failure leaves the old file whole.
func writePrivately(path string, contents []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".new-*")
	if err != nil {
		return wrapf(err, data.EINVALID, "Cannot write in the folder %s: %s.", filepath.Dir(path), osErrorText(err))
	}
	defer os.Remove(f.Name())
	_, err = f.Write(contents)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return wrapf(err, data.EINVALID, "Cannot write %s: %s.", path, osErrorText(err))
	}
	return syncDir(filepath.Dir(path))
}
