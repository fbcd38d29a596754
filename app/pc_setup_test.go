package app

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data/sqlstore"
)

// setupPC gives a test a configuration folder and a password file of its
// own, never the real user's, and the first-start screen in a window.
// opened and chosen record what the screen opened and chose.
type setupPC struct {
	*pcSetupScreen
	passfile string
	opened   []string
	chosen   []string
}

func newSetupPC(t *testing.T, current pcSetting, open func(string) error) *setupPC {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	p := &setupPC{passfile: filepath.Join(t.TempDir(), "pgpass")}
	t.Setenv("PGPASSFILE", p.passfile)
	test.NewTempApp(t)
	win := test.NewTempWindow(t, widget.NewLabel(""))
	win.Resize(fyne.NewSize(1280, 760))
	p.pcSetupScreen = newPCSetupScreen(win, "Choose once for this PC.", filepath.Join(t.TempDir(), "needlepoint.db"), current, func(db string) error {
		p.opened = append(p.opened, db)
		if open != nil {
			return open(db)
		}
		return nil
	}, func(db string) { p.chosen = append(p.chosen, db) })
	p.worker.inline = true
	win.SetContent(p.content)
	return p
}

// fill types a server login into the form.
func (p *setupPC) fill(host, port, database, user, password, security string) {
	f := p.form
	for e, text := range map[*widget.Entry]string{f.host: host, f.port: port, f.database: database, f.user: user, f.password: password} {
		e.SetText("")
		test.Type(e, text)
	}
	f.security.SetSelected(securityLabels[security])
}

func TestSetupThisPCOnly(t *testing.T) {
	p := newSetupPC(t, pcSetting{}, nil)
	if got := p.win.Canvas().Focused(); got != nil && got != p.thisPCButton {
		t.Errorf("the focus is on %T, want nothing or This PC only", got)
	}
	test.Tap(p.thisPCButton)
	if got, want := strings.Join(p.chosen, ","), p.local; got != want {
		t.Fatalf("chose %q, want the PC's own file %q", got, want)
	}
	if got, want := strings.Join(p.opened, ","), p.local; got != want {
		t.Errorf("opened %q, want %q", got, want)
	}
	s, ok, err := readPCSetting()
	if err != nil || !ok || s.Records != recordsThisPC || s.Server != "" {
		t.Errorf("setting %+v, %v, %v; want this PC only", s, ok, err)
	}
	path, _ := pcSettingPath()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("setting file: %v, %v; want mode 600", fi, err)
	}
}

func TestSetupServerForm(t *testing.T) {
	p := newSetupPC(t, pcSetting{}, nil)
	test.Tap(p.serverButton)
	f := p.form
	if p.win.Canvas().Focused() != f.host {
		t.Error("the server form does not start in the Server field")
	}
	if got, want := f.port.Text, "5432"; got != want {
		t.Errorf("port %q, want %q", got, want)
	}
	if got, want := f.sslMode(), sslVerifyFull; got != want {
		t.Errorf("security %q, want %q first", got, want)
	}
	if !strings.Contains(labelsText(p.content), "checks the server's certificate") {
		t.Errorf("verify-full is not explained:\n%s", labelsText(p.content))
	}
	p.fill("clinic-server", "5433", "needlepoint", "desk", "secret", sslRequire)
	if !f.rootCert.Disabled() || !strings.Contains(f.explain.Text, "does not check which computer answers") {
		t.Errorf("require: certificate disabled %v, explained %q", f.rootCert.Disabled(), f.explain.Text)
	}
	l, err := f.login()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := l.address(), "postgres://desk@clinic-server:5433/needlepoint?sslmode=require"; got != want {
		t.Errorf("address %q, want %q", got, want)
	}

	f.security.SetSelected(securityLabels[sslVerifyFull])
	f.rootCert.SetText("/media/usb/clinic ca.crt")
	l, _ = f.login()
	if got, want := l.address(), "postgres://desk@clinic-server:5433/needlepoint?sslmode=verify-full&sslrootcert=%2Fmedia%2Fusb%2Fclinic+ca.crt"; got != want {
		t.Errorf("address %q, want %q", got, want)
	}
	back, err := parseServerLogin(l.address())
	if err != nil || back != l {
		t.Errorf("read back %+v, %v; want %+v", back, err, l)
	}

	t.Run("ErrMissingDatabase", func(t *testing.T) {
		f.database.SetText("")
		test.Tap(f.connectButton)
		if !f.message.Visible() || !strings.Contains(f.message.Text, "name of the clinic's database") {
			t.Errorf("message %q", f.message.Text)
		}
		if p.win.Canvas().Focused() != f.database {
			t.Error("the cursor is not in the Database field")
		}
		f.database.SetText("needlepoint")
	})

	t.Run("BackKeepsWhatWasTyped", func(t *testing.T) {
		test.Tap(f.backButton)
		test.Tap(p.serverButton)
		if f.host.Text != "clinic-server" || f.password.Text != "secret" {
			t.Errorf("host %q, password kept %v", f.host.Text, f.password.Text == "secret")
		}
	})
}

// TestSetupRefusedConnection: a server that does not answer keeps the form
// as typed, with the reason under it, and keeps nothing.
func TestSetupRefusedConnection(t *testing.T) {
	p := newSetupPC(t, pcSetting{}, nil)
	test.Tap(p.serverButton)
	p.fill("127.0.0.1", "1", "needlepoint", "desk", "secret", sslDisable)
	p.form.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f := p.form
	if !strings.Contains(f.message.Text, "does not answer") || f.message.Importance != widget.DangerImportance {
		t.Errorf("message %q", f.message.Text)
	}
	if f.connectButton.Disabled() || f.connectButton.Text != "Connect" {
		t.Errorf("Connect is %q, disabled %v after the refusal", f.connectButton.Text, f.connectButton.Disabled())
	}
	if f.host.Text != "127.0.0.1" || f.port.Text != "1" || f.user.Text != "desk" || f.password.Text != "secret" {
		t.Error("the form lost what was typed")
	}
	if p.win.Canvas().Focused() != f.host {
		t.Error("the cursor is not in the Server field")
	}
	if len(p.chosen)+len(p.opened) > 0 {
		t.Errorf("chose %v, opened %v", p.chosen, p.opened)
	}
	if _, ok, _ := readPCSetting(); ok {
		t.Error("a setting was kept")
	}
	if _, err := os.Stat(p.passfile); err == nil {
		t.Error("the password was kept")
	}
}

// TestSetupLeavingServerAsks: an administrator turning a server PC into
// This PC only is asked first.
func TestSetupLeavingServerAsks(t *testing.T) {
	p := newSetupPC(t, pcSetting{Records: recordsServer, Server: "postgres://desk@clinic-server:5432/needlepoint?sslmode=require"}, nil)
	if p.form.host.Text != "clinic-server" || p.form.sslMode() != sslRequire {
		t.Errorf("the form is not filled in from the setting: %q, %q", p.form.host.Text, p.form.sslMode())
	}
	test.Tap(p.thisPCButton)
	if len(p.chosen) > 0 || p.win.Canvas().Overlays().Top() == nil {
		t.Fatal("This PC only was taken without asking")
	}
	if text := labelsText(p.win.Canvas().Overlays().Top()); !strings.Contains(text, "not seen on this PC") {
		t.Errorf("the question says:\n%s", text)
	}
}

// testServer is the test PostgreSQL server's host, port, user and
// password, from the PG* variables pg_virtualenv sets; the test is skipped
// when no server answers.
func testServer(t *testing.T) (host, port, user, password string) {
	t.Helper()
	if os.Getenv("PGHOST") == "" || strings.HasPrefix(os.Getenv("PGHOST"), "/") {
		t.Skip("no PostgreSQL server on the network to connect to (PGHOST is not a host name)")
	}
	db, err := sql.Open("pgx", "")
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = db.PingContext(ctx)
		db.Close()
	}
	if err != nil {
		t.Skipf("no PostgreSQL server answers: %v", err)
	}
	port = os.Getenv("PGPORT")
	if port == "" {
		port = "5432"
	}
	return os.Getenv("PGHOST"), port, os.Getenv("PGUSER"), os.Getenv("PGPASSWORD")
}

// newServerDatabase makes an empty database on the test server, dropped
// when the test ends.
func newServerDatabase(t *testing.T) string {
	t.Helper()
	admin, err := sql.Open("pgx", "")
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("needlepoint_setup_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	return name
}

// TestSetupConnectsWithPassfile sets a PC up on the test server through
// the form, and opens the records with the password in the .pgpass file
// only, as every later start does.
func TestSetupConnectsWithPassfile(t *testing.T) {
	host, port, user, password := testServer(t)
	database := newServerDatabase(t)
	var store *sqlstore.Store
	p := newSetupPC(t, pcSetting{}, func(db string) error {
		var err error
		store, err = sqlstore.Open(context.Background(), db)
		return err
	})
	t.Setenv("PGPASSWORD", "")
	t.Cleanup(func() {
		if store != nil {
			store.Close()
		}
	})
	test.Tap(p.serverButton)

	t.Run("ErrWrongPassword", func(t *testing.T) {
		p.fill(host, port, database, user, "not the password", sslDisable)
		test.Tap(p.form.connectButton)
		if !strings.Contains(p.form.message.Text, "refused the user name") || p.win.Canvas().Focused() != p.form.password {
			t.Errorf("message %q, the cursor in the password %v", p.form.message.Text, p.win.Canvas().Focused() == p.form.password)
		}
	})

	t.Run("ErrCertificateNotTheClinics", func(t *testing.T) {
		p.fill(host, port, database, user, password, sslVerifyFull)
		p.form.rootCert.SetText(writeTestCA(t))
		test.Tap(p.form.connectButton)
		t.Logf("the form says %q", p.form.message.Text)
		if !strings.Contains(p.form.message.Text, "certificate") || p.win.Canvas().Focused() != p.form.rootCert || len(p.chosen) > 0 {
			t.Errorf("message %q, chose %v", p.form.message.Text, p.chosen)
		}
	})

	p.fill(host, port, database, user, password, sslDisable)
	test.Tap(p.form.connectButton)
	want := fmt.Sprintf("postgres://%s@%s:%s/%s?sslmode=disable", user, host, port, database)
	if got := strings.Join(p.chosen, ","); got != want {
		t.Fatalf("chose %q, want %q; the form says %q", got, want, p.form.message.Text)
	}
	if store == nil {
		t.Fatal("the records were not opened")
	}
	if has, err := store.HasAccounts(context.Background()); err != nil || has {
		t.Errorf("the new database: accounts %v, %v", has, err)
	}
	s, ok, err := readPCSetting()
	if err != nil || !ok || s.Server != want {
		t.Errorf("setting %+v, %v, %v; want the server %s", s, ok, err, want)
	}
	b, err := os.ReadFile(p.passfile)
	if err != nil || !strings.Contains(string(b), ":"+database+":"+user+":") {
		t.Errorf("the password file holds %d bytes, %v", len(b), err)
	}
}

// writeTestCA writes a CA certificate that signed nothing the server has.
func writeTestCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Another clinic's CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "other-ca.crt")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPCDatabaseWindow: the administrator's window says, in words, where
// the records are now and that a change waits for the next start.
func TestPCDatabaseWindow(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	a := test.NewTempApp(t)
	if err := savePCSetting(pcSetting{Records: recordsServer, Server: "postgres://desk@clinic-server:5432/needlepoint?sslmode=verify-full&sslrootcert=%2Fetc%2Fclinic-ca.crt"}); err != nil {
		t.Fatal(err)
	}
	showPCDatabaseWindow(a, "/srv/clinic.db")
	wins := a.Driver().AllWindows()
	win := wins[len(wins)-1]
	t.Cleanup(win.Close)
	text := labelsText(win.Content())
	for _, want := range []string{
		"Needlepoint is using /srv/clinic.db.",
		"This PC's setting: the clinic server clinic-server (port 5432), database needlepoint, as desk, encrypted, server checked against the certificate /etc/clinic-ca.crt.",
		"takes effect when Needlepoint is next started",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the window lacks %q:\n%s", want, text)
		}
	}
}
