package app

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// The security choices of the server form, and what each means.
var (
	securityLabels = map[string]string{
		sslVerifyFull: "Encrypted, server checked (verify-full)",
		sslRequire:    "Encrypted (require)",
		sslDisable:    "Not encrypted (disable, only on a trusted clinic network)",
	}
	securityExplained = map[string]string{
		sslVerifyFull: "Everything sent is encrypted, and Needlepoint checks the server's certificate against the clinic's own certificate (a file ending in .crt or .pem that the clinic's administrator gives you), so no other computer can pose as the clinic server. Use this whenever you can.",
		sslRequire:    "Everything sent is encrypted, but Needlepoint does not check which computer answers: another computer on the network could pose as the server. Use it only until the clinic's certificate is set up.",
		sslDisable:    "Nothing is encrypted: anyone on the network could read the records and the password. Only on the clinic's own wired network, never over guest Wi-Fi or the internet.",
	}
)

// serverForm asks where the clinic server is and how to sign in to it:
// the server, port, database, user name and password, and the security of
// the connection, with the clinic's certificate for verify-full. Enter in
// any field connects.
type serverForm struct {
	host, port, database, user, password *widget.Entry
	security                             *widget.RadioGroup
	explain                              *widget.Label
	rootCert                             *widget.Entry
	chooseCert                           *widget.Button
	message                              *widget.Label
	connectButton, backButton            *widget.Button

	content fyne.CanvasObject
}

// newServerForm builds the form, filled in from login; connect runs on
// Connect and on Enter, back on Back.
func newServerForm(win fyne.Window, login serverLogin, connect, back func()) *serverForm {
	f := &serverForm{}
	f.host = widget.NewEntry()
	f.host.SetPlaceHolder("The server's name or address, e.g. clinic-server")
	f.port = widget.NewEntry()
	f.database = widget.NewEntry()
	f.database.SetPlaceHolder("e.g. needlepoint")
	f.user = widget.NewEntry()
	f.user.SetPlaceHolder("Given by the clinic's administrator")
	f.password = widget.NewPasswordEntry()
	f.password.SetPlaceHolder("Kept in this computer user's .pgpass file")
	f.explain = widget.NewLabel("")
	f.explain.Wrapping = fyne.TextWrapWord
	f.rootCert = widget.NewEntry()
	f.rootCert.SetPlaceHolder("The clinic's CA certificate file (.crt or .pem)")
	f.chooseCert = widget.NewButton("Choose…", func() { f.onChooseCert(win) })
	f.security = widget.NewRadioGroup([]string{securityLabels[sslVerifyFull], securityLabels[sslRequire], securityLabels[sslDisable]}, f.onSecurity)
	f.security.Required = true
	f.message = widget.NewLabel("")
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Hide()
	f.connectButton = widget.NewButton("Connect", connect)
	f.connectButton.Importance = widget.HighImportance
	f.backButton = widget.NewButton("Back", back)
	for _, e := range []*widget.Entry{f.host, f.port, f.database, f.user, f.password, f.rootCert} {
		e.OnSubmitted = func(string) { connect() }
	}
	f.fill(login)

	heading := widget.NewLabelWithStyle("Connect to the clinic server", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	intro := widget.NewLabel("The clinic's administrator gives you these. The password is kept for this computer's user only, in the .pgpass file PostgreSQL's own tools read; Needlepoint never shows it again.")
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem("Server", f.host),
		widget.NewFormItem("Port", f.port),
		widget.NewFormItem("Database", f.database),
		widget.NewFormItem("User name", f.user),
		widget.NewFormItem("Password", f.password),
		widget.NewFormItem("Security", f.security),
		widget.NewFormItem("", f.explain),
		widget.NewFormItem("Clinic's certificate", container.NewBorder(nil, nil, nil, f.chooseCert, f.rootCert)),
	)
	f.content = container.NewBorder(nil, container.NewVBox(f.message, container.NewHBox(f.backButton, layout.NewSpacer(), f.connectButton)), nil, nil,
		wheelAnywhere(container.NewVScroll(container.NewVBox(heading, intro, form))))
	return f
}

// fill shows login in the form; the password is never filled in.
func (f *serverForm) fill(login serverLogin) {
	f.host.SetText(login.Host)
	if login.Port == 0 {
		login.Port = 5432
	}
	f.port.SetText(strconv.Itoa(login.Port))
	f.database.SetText(login.Database)
	f.user.SetText(login.User)
	f.rootCert.SetText(login.RootCert)
	mode := login.SSLMode
	if securityLabels[mode] == "" {
		mode = sslVerifyFull
	}
	f.security.SetSelected(securityLabels[mode])
}

// sslMode is the security chosen, as PostgreSQL's sslmode.
func (f *serverForm) sslMode() string {
	for mode, label := range securityLabels {
		if label == f.security.Selected {
			return mode
		}
	}
	return sslVerifyFull
}

func (f *serverForm) onSecurity(string) {
	mode := f.sslMode()
	f.explain.SetText(securityExplained[mode])
	if mode == sslVerifyFull {
		f.rootCert.Enable()
		f.chooseCert.Enable()
	} else {
		f.rootCert.Disable()
		f.chooseCert.Disable()
	}
}

func (f *serverForm) onChooseCert(win fyne.Window) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		f.rootCert.SetText(r.URI().Path())
	}, win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".crt", ".pem", ".cer"}))
	d.Resize(win.Canvas().Size())
	d.Show()
}

// login reads the form, or says what to correct and in which field.
func (f *serverForm) login() (serverLogin, error) {
	l := serverLogin{Host: strings.TrimSpace(f.host.Text), Database: strings.TrimSpace(f.database.Text),
		User: strings.TrimSpace(f.user.Text), SSLMode: f.sslMode()}
	if l.SSLMode == sslVerifyFull {
		l.RootCert = strings.TrimSpace(f.rootCert.Text)
	}
	missing := func(field, text string) error {
		return &data.Error{Code: data.EINVALID, Message: text, Fields: []data.FieldError{{Field: field, Message: text}}}
	}
	port, err := strconv.Atoi(strings.TrimSpace(f.port.Text))
	switch {
	case l.Host == "":
		return l, missing(sqlstore.FieldServer, "Type the server's name or address.")
	case err != nil || port < 1 || port > 65535:
		return l, missing("port", "The port is a number from 1 to 65535; PostgreSQL's usual one is 5432.")
	case l.Database == "":
		return l, missing(sqlstore.FieldDatabase, "Type the name of the clinic's database on the server.")
	case l.User == "":
		return l, missing("user", "Type the user name the clinic's administrator gave you.")
	}
	l.Port = port
	return l, nil
}

// fieldAt is the entry an error's field names, or nil.
func (f *serverForm) fieldAt(err error) fyne.Focusable {
	fields := map[string]*widget.Entry{sqlstore.FieldServer: f.host, "port": f.port, sqlstore.FieldDatabase: f.database,
		"user": f.user, sqlstore.FieldLogin: f.password, sqlstore.FieldCertificate: f.rootCert}
	var e *data.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return nil
	}
	if entry := fields[e.Fields[0].Field]; entry != nil && !entry.Disabled() {
		return entry
	}
	return nil
}

// say shows text in l, in red when it is a problem.
func say(l *widget.Label, text string, problem bool) {
	l.Importance = widget.MediumImportance
	if problem {
		l.Importance = widget.DangerImportance
	}
	l.SetText(text)
	l.Show()
}

// busy disables the buttons while a connection is tried, and says so.
func (f *serverForm) busy(on bool) {
	if on {
		f.connectButton.SetText("Connecting…")
		f.connectButton.Disable()
		f.backButton.Disable()
		return
	}
	f.connectButton.SetText("Connect")
	f.connectButton.Enable()
	f.backButton.Enable()
}
