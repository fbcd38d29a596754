package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// Where a PC keeps the clinic's records (pcSetting.Records).
const (
	recordsThisPC = "this-pc"
	recordsServer = "clinic-server"
)

// pcSetting is where this PC keeps the clinic's records, chosen at the
// first start and changed by an administrator: its own database file, or
// the clinic server. It is kept per PC, in the user's configuration
// folder, and never holds a password (that is in the .pgpass file).
type pcSetting struct {
	Records string `json:"records"`
	// Server is the clinic server's address, without a password, when
	// Records is recordsServer.
	Server string `json:"server,omitempty"`
}

// database is the --db value the setting stands for; local is the file
// of This PC only.
func (s pcSetting) database(local string) string {
	if s.Records == recordsServer {
		return s.Server
	}
	return local
}

// configDir is Needlepoint's folder in the user's configuration folder,
// where this PC's settings are kept.
func configDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", data.Errorf(data.EINVALID, "Cannot find your configuration folder; start Needlepoint with --db FILE.")
	}
	return filepath.Join(dir, "needlepoint"), nil
}

// pcSettingPath is the file this PC's setting is kept in.
func pcSettingPath() (string, error) {
	dir, err := configDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "database.json"), nil
}

// readPCSetting reads this PC's setting; ok is false when none was made
// yet. A setting that cannot be read is an error, never taken for a first
// start: offering a choice then could split the records over two
// databases.
func readPCSetting() (s pcSetting, ok bool, err error) {
	path, err := pcSettingPath()
	if err != nil {
		return s, false, err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, false, nil
	}
	if err != nil {
		return s, false, data.Errorf(data.EINVALID, "Cannot read %s, which says where this PC keeps its records: %s.", path, osReason(err))
	}
	bad := func() error {
		return data.Errorf(data.EINVALID, "%s, which says where this PC keeps its records, is damaged. Start Needlepoint with --db FILE, or remove that file to choose again.", path)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, false, bad()
	}
	switch {
	case s.Records == recordsThisPC:
		s.Server = ""
	case s.Records == recordsServer && sqlstore.IsServerAddress(s.Server):
	default:
		return s, false, bad()
	}
	return s, true, nil
}

// savePCSetting keeps s as this PC's setting, written whole or not at all,
// readable by the computer's user only. A password written into a server
// address is left out.
func savePCSetting(s pcSetting) error {
	if s.Records == recordsServer {
		u, err := url.Parse(s.Server)
		if err != nil {
			return data.Errorf(data.EINVALID, "Needlepoint does not understand the server's address.")
		}
		if u.User != nil {
			u.User = url.User(u.User.Username())
		}
		s.Server = u.String()
	}
	path, err := pcSettingPath()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return data.Errorf(data.EINVALID, "Cannot create the folder %s: %s.", filepath.Dir(path), osReason(err))
	}
	return writeFileAtomically(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	})
}

// Security of the connection to the clinic server: the sslmode values
// the server form offers, strongest first.
const (
	sslVerifyFull = "verify-full"
	sslRequire    = "require"
	sslDisable    = "disable"
)

// serverLogin is where and as whom this PC connects to the clinic server,
// as the server form shows it.
type serverLogin struct {
	Host     string
	Port     int
	Database string
	User     string
	SSLMode  string
	// RootCert is the clinic's CA certificate file, for verify-full; empty
	// to trust the authorities the computer trusts.
	RootCert string
}

// address is the login's --db value, without a password.
func (l serverLogin) address() string {
	q := url.Values{"sslmode": {l.SSLMode}}
	if l.SSLMode == sslVerifyFull && l.RootCert != "" {
		q.Set("sslrootcert", l.RootCert)
	}
	u := url.URL{Scheme: "postgres", User: url.User(l.User), Host: net.JoinHostPort(l.Host, strconv.Itoa(l.Port)),
		Path: "/" + l.Database, RawQuery: q.Encode()}
	return u.String()
}

// parseServerLogin reads a server address back into the form's fields.
func parseServerLogin(address string) (serverLogin, error) {
	u, err := url.Parse(address)
	if err != nil || !sqlstore.IsServerAddress(address) {
		return serverLogin{}, fmt.Errorf("not a server address")
	}
	l := serverLogin{Host: u.Hostname(), Port: 5432, Database: strings.TrimPrefix(u.Path, "/"), SSLMode: u.Query().Get("sslmode"),
		RootCert: u.Query().Get("sslrootcert")}
	if u.User != nil {
		l.User = u.User.Username()
	}
	if p, err := strconv.Atoi(u.Port()); err == nil {
		l.Port = p
	}
	if l.SSLMode == "" {
		l.SSLMode = "prefer"
	}
	return l, nil
}
