package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// serverTryTimeout is how long Connect waits for the clinic server.
const serverTryTimeout = 20 * time.Second

// pcSetupScreen asks where this PC keeps the clinic's records: This PC
// only, in its own file, or on the clinic server, whose login is tried
// before anything is kept. It is the first start's screen and, for an
// administrator, the Clinic menu's "This PC's database…".
type pcSetupScreen struct {
	win    fyne.Window
	local  string
	worker worker
	// current is the setting the PC has, if any; leaving the clinic
	// server for This PC only is confirmed first.
	current pcSetting
	// open runs off the UI goroutine once the choice is kept: the first
	// start opens the records there. nil opens nothing.
	open func(db string) error
	// done runs on the UI goroutine once the choice is kept (and open
	// succeeded); db is the --db value chosen.
	done func(db string)

	thisPCButton, serverButton *widget.Button
	status                     *widget.Label
	choice                     fyne.CanvasObject
	form                       *serverForm
	page                       *fyne.Container

	content fyne.CanvasObject
}

// newPCSetupScreen builds the choice, with intro above it, and the server
// form, filled in from current.
func newPCSetupScreen(win fyne.Window, intro, local string, current pcSetting, open func(string) error, done func(string)) *pcSetupScreen {
	s := &pcSetupScreen{win: win, local: local, current: current, open: open, done: done}
	heading := widget.NewLabelWithStyle("Where does this PC keep the clinic's records?", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	introLabel := widget.NewLabel(intro)
	introLabel.Wrapping = fyne.TextWrapWord
	s.thisPCButton = widget.NewButtonWithIcon("This PC only", theme.ComputerIcon(), s.onThisPC)
	s.serverButton = widget.NewButtonWithIcon("Connect to the clinic server", theme.StorageIcon(), s.onServer)
	thisPC := widget.NewLabel("The records stay in a file on this computer, for a clinic with one PC:\n" + local)
	thisPC.Wrapping = fyne.TextWrapWord
	server := widget.NewLabel("The records are on the clinic's PostgreSQL server, shared by every PC in the clinic. You need the server's name, the database, a user name and a password from the clinic's administrator.")
	server.Wrapping = fyne.TextWrapWord
	big := fyne.NewSize(340, 64)
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.status.Hide()
	s.choice = container.NewVScroll(container.NewVBox(heading, introLabel, widget.NewSeparator(),
		container.NewGridWithColumns(2,
			container.NewVBox(container.NewGridWrap(big, s.thisPCButton), thisPC),
			container.NewVBox(container.NewGridWrap(big, s.serverButton), server)),
		s.status))
	login, _ := parseServerLogin(current.Server)
	s.form = newServerForm(win, login, s.onConnect, s.showChoice)
	s.page = container.NewStack(s.choice)
	s.content = container.New(columnLayout{width: 760}, container.NewPadded(s.page))
	return s
}

// columnLayout centres a column of at most width in the space given, as
// tall as the space, so a form keeps a readable width in a wide window.
type columnLayout struct{ width float32 }

func (l columnLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	w := min(l.width, size.Width)
	for _, o := range objects {
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func (l columnLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objects {
		m = m.Max(o.MinSize())
	}
	return m
}

// showChoice shows the two choices.
func (s *pcSetupScreen) showChoice() {
	s.page.Objects = []fyne.CanvasObject{s.choice}
	s.page.Refresh()
	s.win.Canvas().Focus(s.thisPCButton)
}

// onServer shows the server form.
func (s *pcSetupScreen) onServer() {
	s.status.Hide()
	s.page.Objects = []fyne.CanvasObject{s.form.content}
	s.page.Refresh()
	s.win.Canvas().Focus(s.form.host)
}

// onThisPC keeps the records in this PC's own file; leaving the clinic
// server is confirmed first, as that PC then no longer sees its records.
func (s *pcSetupScreen) onThisPC() {
	if s.current.Records != recordsServer {
		s.useThisPC()
		return
	}
	d := dialog.NewConfirm("Keep the records on this PC only?",
		"This PC would stop using the clinic server and keep records of its own, in "+s.local+". The patients on the clinic server are not seen on this PC then.",
		func(ok bool) {
			if ok {
				s.useThisPC()
			}
		}, s.win)
	d.SetConfirmText("This PC only")
	d.SetConfirmImportance(widget.WarningImportance)
	d.Show()
}

func (s *pcSetupScreen) useThisPC() {
	s.thisPCButton.Disable()
	s.serverButton.Disable()
	if s.open != nil {
		say(s.status, "Opening the records on this PC…", false)
	}
	background(&s.worker, func() (string, error) {
		if err := savePCSetting(pcSetting{Records: recordsThisPC}); err != nil {
			return "", err
		}
		return s.local, s.opened(s.local)
	}, func(db string, err error) {
		s.thisPCButton.Enable()
		s.serverButton.Enable()
		if err != nil {
			say(s.status, errorText(err), true)
			return
		}
		s.status.Hide()
		s.done(db)
	})
}

// onConnect tries the server login typed in, and only once it works
// keeps the clinic's certificate, the password and the setting. What was
// typed stays in the form when it does not.
func (s *pcSetupScreen) onConnect() {
	f := s.form
	if !f.connectButton.Disabled() {
		login, err := f.login()
		if err != nil {
			s.refused(err)
			return
		}
		password := f.password.Text
		f.busy(true)
		say(f.message, "Connecting to "+login.Host+"…", false)
		background(&s.worker, func() (string, error) {
			return s.connect(login, password)
		}, func(db string, err error) {
			f.busy(false)
			if err != nil {
				s.refused(err)
				return
			}
			f.message.Hide()
			s.done(db)
		})
	}
}

// connect tries login with password and keeps it: the clinic's
// certificate copied beside this PC's setting (so the file it came from,
// on a USB stick perhaps, may go), the password in the .pgpass file, then
// the setting. It returns the --db value.
func (s *pcSetupScreen) connect(login serverLogin, password string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), serverTryTimeout)
	defer cancel()
	if err := sqlstore.TryServer(ctx, login.address(), password); err != nil {
		return "", err
	}
	if login.RootCert != "" {
		kept, err := keepClinicCertificate(login.RootCert)
		if err != nil {
			return "", err
		}
		login.RootCert = kept
	}
	address := login.address()
	if password != "" {
		if err := sqlstore.SavePassword(address, password); err != nil {
			return "", err
		}
	}
	if err := savePCSetting(pcSetting{Records: recordsServer, Server: address}); err != nil {
		return "", err
	}
	return address, s.opened(address)
}

// opened runs open, when there is one, on db.
func (s *pcSetupScreen) opened(db string) error {
	if s.open == nil {
		return nil
	}
	return s.open(db)
}

// refused shows why the login was not taken, under the form, and puts the
// cursor in the field to correct.
func (s *pcSetupScreen) refused(err error) {
	say(s.form.message, errorText(err), true)
	if field := s.form.fieldAt(err); field != nil {
		s.win.Canvas().Focus(field)
	}
}

// errorText is err in the user's words: a domain error's message, or a
// general sentence with the details logged.
func errorText(err error) string {
	if data.ErrorCode(err) == data.EINTERNAL {
		fyne.LogError("setting up this PC", err)
	}
	return data.ErrorMessage(err)
}

// keepClinicCertificate copies the clinic's CA certificate at path into
// Needlepoint's configuration folder, and returns the copy's path.
func keepClinicCertificate(path string) (string, error) {
	dir, err := configDir()
	if err != nil {
		return "", err
	}
	kept := filepath.Join(dir, "clinic-ca.crt")
	if path == kept {
		return kept, nil
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return "", data.Errorf(data.EINVALID, "Cannot read the clinic's certificate %s: %s.", path, osReason(err))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", data.Errorf(data.EINVALID, "Cannot create the folder %s: %s.", dir, osReason(err))
	}
	return kept, writeFileAtomically(kept, func(w io.Writer) error {
		_, err := w.Write(pem)
		return err
	})
}

// RunFirstStart runs the app on a PC that keeps no records yet: it asks
// where this PC keeps them, opens them there, and carries on in the same
// window as Run does. local is This PC only's file. It returns the exit
// status.
func RunFirstStart(local string) int {
	a := newApp()
	removePrints()
	defer removePrints()
	win := newAppWindow(a, "Needlepoint — setting up this PC")
	var (
		store *sqlstore.Store
		w     *window
	)
	s := newPCSetupScreen(win, "Choose once for this PC. An administrator can change it later with \"This PC's database…\" in the Clinic menu.",
		local, pcSetting{}, func(db string) error {
			var err error
			store, err = sqlstore.Open(context.Background(), db)
			return err
		}, func(string) {
			w = openDesk(a, win, store, false)
		})
	win.SetContent(s.content)
	win.Canvas().Focus(s.thisPCButton)
	showPlaced(a, win)
	a.Run()
	if w != nil {
		w.closed()
	}
	if store != nil {
		store.Close()
	}
	return 0
}

// showPCDatabaseWindow shows an administrator where this PC keeps its
// records, and lets them choose again; the change takes effect at the
// next start.
func showPCDatabaseWindow(a fyne.App, openNow string) {
	win := newAppWindow(a, "This PC's database")
	dir, err := dataDir()
	local := filepath.Join(dir, "needlepoint.db")
	current, ok, serr := readPCSetting()
	if err == nil {
		err = serr
	}
	intro := "Needlepoint is using " + databaseText(openNow) + ".\n" + settingText(current, ok, local) +
		"\nA change here takes effect when Needlepoint is next started on this PC."
	s := newPCSetupScreen(win, intro, local, current, nil, func(db string) {
		d := dialog.NewInformation("Saved for this PC",
			"From its next start, Needlepoint on this PC uses "+databaseText(db)+".\n\nClose Needlepoint and start it again for the change to take effect.", win)
		d.SetOnClosed(win.Close)
		d.Show()
	})
	win.SetContent(s.content)
	showFitted(win, fyne.NewSize(900, 720))
	if err != nil {
		showError(err, win)
	}
}

// settingText says in words what this PC's setting is.
func settingText(s pcSetting, ok bool, local string) string {
	switch {
	case ok && s.Records == recordsServer:
		return "This PC's setting: " + databaseText(s.Server) + "."
	case ok:
		return "This PC's setting: this PC only, in " + local + "."
	}
	return "This PC has no setting yet, so it uses its own file " + local + "."
}

// databaseText names a --db value in words: a file's path, or the clinic
// server, its database, user and security.
func databaseText(db string) string {
	l, err := parseServerLogin(db)
	if err != nil {
		return db
	}
	security := map[string]string{sslVerifyFull: "encrypted, server checked", sslRequire: "encrypted, server not checked",
		sslDisable: "not encrypted"}[l.SSLMode]
	if security == "" {
		security = "security " + l.SSLMode
	}
	text := fmt.Sprintf("the clinic server %s (port %d), database %s, as %s, %s", l.Host, l.Port, l.Database, l.User, security)
	if l.RootCert != "" {
		text += " against the certificate " + l.RootCert
	}
	return text
}
