package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/demo"
)

// AccountStore is what signing in needs from the database.
type AccountStore interface {
	HasAccounts(ctx context.Context) (bool, error)
	// ClinicCountry is read before anyone signs in, to write dates the
	// clinic's way.
	ClinicCountry(ctx context.Context) (string, error)
	SetUpClinic(ctx context.Context, d data.ClinicDetails, name, username, password string) (data.Actor, error)
	SignIn(ctx context.Context, username, password string) (data.Actor, error)
	SignOut(ctx context.Context) error
	Actor() (data.Actor, bool)
	ChangePassword(ctx context.Context, current, next string) error
	IdleLockMinutes(ctx context.Context) (int, error)
	SchemaStore
}

// signInScreen asks for a username and password. It is the first screen,
// the lock screen after idle minutes and the "switch user" screen; locked
// names the user who was signed in, so they can resume where they were.
type signInScreen struct {
	store  AccountStore
	worker worker
	done   func(data.Actor)

	heading, intro *widget.Label
	username       *widget.Entry
	password       *widget.Entry
	message        *widget.Label
	signInButton   *widget.Button
	// checking moves while the password is checked, which takes a moment
	// on purpose.
	checking *widget.ProgressBarInfinite

	content fyne.CanvasObject
}

func newSignInScreen(store AccountStore, locked *data.Actor, done func(data.Actor)) *signInScreen {
	s := &signInScreen{store: store, done: done}
	s.heading = widget.NewLabelWithStyle("Sign in to Needlepoint", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.intro = widget.NewLabel("Each member of staff signs in with their own username.")
	s.intro.Wrapping = fyne.TextWrapWord
	s.username = widget.NewEntry()
	s.username.SetPlaceHolder("Username")
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder("Password")
	s.message = widget.NewLabel("")
	s.message.Importance = widget.DangerImportance
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Hide()
	s.signInButton = widget.NewButton("Sign in", s.onSignIn)
	s.signInButton.Importance = widget.HighImportance
	s.checking = widget.NewProgressBarInfinite()
	s.checking.Stop()
	s.checking.Hide()
	s.username.OnSubmitted = func(string) { s.onSignIn() }
	s.password.OnSubmitted = func(string) { s.onSignIn() }
	if locked != nil {
		s.heading.SetText("Needlepoint is locked")
		s.intro.SetText(locked.Name + " was signed in; patient records are hidden. Enter the password to carry on where you were, or sign in as someone else.")
		s.username.SetText(locked.Username)
	}
	form := container.NewVBox(
		s.heading, s.intro,
		widget.NewForm(
			widget.NewFormItem("Username", s.username),
			widget.NewFormItem("Password", s.password),
		),
		container.NewHBox(layout.NewSpacer(), s.signInButton),
		// Below the button, so that what is said does not move it.
		container.NewStack(s.message, s.checking),
	)
	s.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 440), form))
	return s
}

// showDemoAccounts lists the demo database's sign-ins, so a newcomer can
// try each role.
func (s *signInScreen) showDemoAccounts() {
	lines := []string{"This is the demo database. Sign in as:"}
	for _, a := range demo.Accounts {
		lines = append(lines, fmt.Sprintf("%s / %s  (%s, %s)", a.Username, a.Password, a.Name, strings.ToLower(a.Role.Label())))
	}
	s.intro.SetText(s.intro.Text + "\n\n" + strings.Join(lines, "\n"))
}

// focus puts the cursor where the user types first.
func (s *signInScreen) focus(c fyne.Canvas) {
	if s.username.Text == "" {
		c.Focus(s.username)
	} else {
		c.Focus(s.password)
	}
}

func (s *signInScreen) onSignIn() {
	if s.signInButton.Disabled() {
		return // Enter pressed again while the first sign-in runs
	}
	username, password := s.username.Text, s.password.Text
	s.signInButton.Disable()
	s.signInButton.SetText("Checking…")
	s.message.Hide()
	s.checking.Show()
	s.checking.Start()
	background(&s.worker, func() (data.Actor, error) {
		return s.store.SignIn(context.Background(), username, password)
	}, func(a data.Actor, err error) {
		s.checking.Stop()
		s.checking.Hide()
		s.signInButton.SetText("Sign in")
		s.signInButton.Enable()
		s.password.SetText("")
		if err != nil {
			if data.ErrorCode(err) == data.EINTERNAL {
				fyne.LogError("sign-in", err)
			}
			s.message.SetText(data.ErrorMessage(err))
			s.message.Show()
			return
		}
		s.message.Hide()
		s.done(a)
	})
}

// setUpScreen is the first start of a database nobody can sign in to: the
// clinic's details and the first administrator's account.
type setUpScreen struct {
	store  AccountStore
	worker worker
	done   func(data.Actor)

	clinicName, clinicPhone *widget.Entry
	clinicAddress           *widget.Entry
	clinicCountry           *widget.Select
	name, username          *widget.Entry
	password, repeat        *widget.Entry
	fieldErrors             fieldMessages
	message                 *widget.Label
	setUpButton             *widget.Button

	content fyne.CanvasObject
}

// fieldRepeat is the set-up form's second password input.
const fieldRepeat = "repeat_password"

func newSetUpScreen(store AccountStore, done func(data.Actor)) *setUpScreen {
	s := &setUpScreen{store: store, done: done, fieldErrors: fieldMessages{}}
	s.clinicName = widget.NewEntry()
	s.clinicName.SetPlaceHolder("As patients know it")
	s.clinicAddress = widget.NewMultiLineEntry()
	s.clinicAddress.SetMinRowsVisible(2)
	s.clinicPhone = widget.NewEntry()
	s.clinicPhone.SetPlaceHolder("Printed on every handout")
	s.clinicCountry = newCountrySelect()
	selectCountry(s.clinicCountry, data.DefaultCountry)
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder("e.g. Fiona Byrne")
	s.username = widget.NewEntry()
	s.username.SetPlaceHolder("e.g. fiona")
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder("8 or more characters, upper and lower case and a digit")
	s.repeat = widget.NewPasswordEntry()
	s.repeat.OnSubmitted = func(string) { s.onSetUp() }
	s.message = widget.NewLabel("")
	s.message.Importance = widget.DangerImportance
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Hide()
	s.setUpButton = widget.NewButton("Set up the clinic", s.onSetUp)
	s.setUpButton.Importance = widget.HighImportance

	row := func(field, label string, input fyne.CanvasObject) *widget.FormItem {
		return widget.NewFormItem(label, container.NewVBox(input, s.fieldErrors.line(field)))
	}
	intro := widget.NewLabel("Welcome. Before anyone uses Needlepoint, enter the clinic's details for its printed handouts, and create your own administrator account. Details left empty keep what the database already holds. You can add the rest of the staff and their sign-ins afterwards from Clinic → Staff and sign-ins.")
	intro.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(
		widget.NewLabelWithStyle("Set up Needlepoint", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		intro,
		widget.NewForm(
			row(data.FieldClinicName, "Clinic name", s.clinicName),
			row(data.FieldClinicAddress, "Address", s.clinicAddress),
			row(data.FieldClinicPhone, "Phone", s.clinicPhone),
			row(data.FieldClinicCountry, "Country", s.clinicCountry),
			row(data.FieldStaffName, "Your name", s.name),
			row(data.FieldUsername, "Username", s.username),
			row(data.FieldPassword, "Password", s.password),
			row(fieldRepeat, "Password again", s.repeat),
		),
		container.NewHBox(layout.NewSpacer(), s.setUpButton),
		s.message,
	)
	s.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(640, 640), wheelAnywhere(container.NewVScroll(form))))
	return s
}

func (s *setUpScreen) onSetUp() {
	if s.password.Text != s.repeat.Text {
		s.fieldErrors.show([]data.FieldError{{Field: fieldRepeat, Message: "The two passwords differ; type them again."}})
		s.password.SetText("")
		s.repeat.SetText("")
		return
	}
	d := data.ClinicDetails{Name: s.clinicName.Text, Address: s.clinicAddress.Text,
		Phone: s.clinicPhone.Text, Country: selectedCountry(s.clinicCountry)}
	name, username, password := s.name.Text, s.username.Text, s.password.Text
	s.setUpButton.Disable()
	background(&s.worker, func() (data.Actor, error) {
		return s.store.SetUpClinic(context.Background(), d, name, username, password)
	}, func(a data.Actor, err error) {
		s.setUpButton.Enable()
		if err != nil {
			var problems []data.FieldError
			if e, ok := err.(*data.Error); ok {
				problems = e.Fields
			}
			if loose := s.fieldErrors.show(problems); len(problems) == 0 || len(loose) > 0 {
				s.message.SetText(data.ErrorMessage(err))
				s.message.Show()
			} else {
				s.message.Hide()
			}
			return
		}
		s.done(a)
	})
}
