package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// StaffStore is what the staff directory needs from the database.
type StaffStore interface {
	Staff(ctx context.Context, activeOnly bool) ([]data.StaffMember, error)
	CreateStaffMember(ctx context.Context, m *data.StaffMember) error
	UpdateStaffMember(ctx context.Context, m *data.StaffMember) error
	Accounts(ctx context.Context) ([]data.Account, error)
	SetAccount(ctx context.Context, staffID int64, username, password string) error
	ConfirmAccount(ctx context.Context, staffID int64) error
	IdleLockMinutes(ctx context.Context) (int, error)
	SaveIdleLockMinutes(ctx context.Context, n int) error
}

// staffScreen is the staff directory: everyone who works or worked at the
// clinic on the left, the chosen person's name, role and active flag on the
// right. Consultations, sessions and signatures name a practitioner from it.
type staffScreen struct {
	win   fyne.Window
	store StaffStore

	list     *widget.List
	staff    []data.StaffMember // those at the clinic first, then those who left
	accounts map[int64]data.Account

	heading *widget.Label
	name    *widget.Entry
	role    *widget.Select
	active  *widget.Check
	hint    *widget.Label

	// fieldErrors shows a validation message under each input.
	fieldErrors fieldMessages

	addButton  *widget.Button
	saveButton *widget.Button

	// The sign-in of the chosen person, and the clinic's idle lock.
	signIn        *widget.Label
	username      *widget.Entry
	password      *widget.Entry
	accountButton *widget.Button
	// confirmButton accepts an account changed outside Needlepoint.
	confirmButton *widget.Button
	idleMinutes   *widget.Entry
	idleButton    *widget.Button

	// editing is the record the form was filled from; ID 0 for a new one.
	editing data.StaffMember
	// selecting is set while the list selection is changed by code.
	selecting bool
	worker    worker

	content fyne.CanvasObject
}

func newStaffScreen(win fyne.Window, store StaffStore) *staffScreen {
	s := &staffScreen{win: win, store: store, fieldErrors: fieldMessages{}}

	s.list = widget.NewList(
		func() int { return len(s.staff) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("Name", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			detail := widget.NewLabel("Role")
			detail.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, detail)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.staff) {
				return
			}
			m := s.staff[id]
			box := o.(*fyne.Container)
			name, detail := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
			// Those who left stay listed, greyed, for their past records.
			name.Importance, detail.Importance = widget.MediumImportance, widget.MediumImportance
			if !m.Active {
				name.Importance, detail.Importance = widget.LowImportance, widget.LowImportance
			}
			name.SetText(m.Name)
			detail.SetText(staffDetail(m))
		},
	)
	s.list.OnSelected = s.onSelect

	s.heading = widget.NewLabelWithStyle("New staff member", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.SizeName = theme.SizeNameSubHeadingText
	s.heading.Truncation = fyne.TextTruncateEllipsis
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder("Full name, as it appears on signatures")
	s.name.OnSubmitted = func(string) { s.onSave() }
	s.role = widget.NewSelect(labels(data.Roles, data.Role.Label), nil)
	s.role.PlaceHolder = "Choose a role"
	s.active = widget.NewCheck("Works at the clinic", nil)
	s.hint = widget.NewLabel("Staff are never deleted, so their names stay on past records. " +
		"When someone leaves, untick \"Works at the clinic\".")
	s.hint.TextStyle = fyne.TextStyle{Italic: true}
	s.hint.Wrapping = fyne.TextWrapWord

	s.addButton = widget.NewButtonWithIcon("Add staff member", theme.ContentAddIcon(), s.onAdd)
	s.saveButton = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.onSave)
	s.saveButton.Importance = widget.HighImportance

	s.signIn = widget.NewLabel("")
	s.signIn.Wrapping = fyne.TextWrapWord
	s.username = widget.NewEntry()
	s.username.SetPlaceHolder("e.g. fiona")
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder("8+ characters, upper and lower case, a digit")
	s.accountButton = widget.NewButtonWithIcon("Save sign-in", theme.AccountIcon(), s.onSaveAccount)
	s.confirmButton = widget.NewButtonWithIcon("Confirm as it is now", theme.WarningIcon(), s.onConfirmAccount)
	s.confirmButton.Hide()
	s.idleMinutes = widget.NewEntry()
	s.idleButton = widget.NewButton("Save", s.onSaveIdle)

	grid := container.New(layout.NewFormLayout(), slices.Concat(
		s.row(data.FieldStaffName, "Name *", s.name),
		s.row(data.FieldRole, "Role *", s.role),
		[]fyne.CanvasObject{widget.NewLabel("Status"), s.active},
	)...)
	accountGrid := container.New(layout.NewFormLayout(), slices.Concat(
		s.row(data.FieldUsername, "Username", s.username),
		s.row(data.FieldPassword, "New password", s.password),
	)...)
	idle := container.NewHBox(widget.NewLabel("Lock a PC left alone after"),
		container.NewGridWrap(fyne.NewSize(60, 36), s.idleMinutes), widget.NewLabel("minutes"), s.idleButton)
	form := container.NewVBox(s.heading, grid, s.hint,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Sign-in", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.signIn, accountGrid, container.NewHBox(s.accountButton, s.confirmButton),
		widget.NewSeparator(), idle)
	right := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewHBox(s.saveButton)), nil, nil,
		wheelAnywhere(container.NewVScroll(container.NewPadded(form))))
	left := container.NewBorder(s.addButton, nil, nil, nil, s.list)
	split := container.NewHSplit(left, right)
	split.Offset = 0.38
	s.content = split
	s.fill(data.StaffMember{Active: true})
	return s
}

// showStaffWindow opens the staff directory in a window of its own.
func showStaffWindow(a fyne.App, store StaffStore) {
	w := newAppWindow(a, "Staff directory")
	s := newStaffScreen(w, store)
	w.SetContent(s.content)
	showFitted(w, fyne.NewSize(820, 640))
	s.load()
	w.Canvas().Focus(s.name)
}

// staffDetail is the second line of a staff row: the role, and whether the
// person has left.
func staffDetail(m data.StaffMember) string {
	if m.Active {
		return m.Role.Label()
	}
	return m.Role.Label() + " · left the clinic"
}

// row returns the label and the input with its error line beneath, as the
// two cells of a form layout.
func (s *staffScreen) row(field, label string, input fyne.CanvasObject) []fyne.CanvasObject {
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	s.fieldErrors[field] = msg
	return []fyne.CanvasObject{widget.NewLabel(label), container.NewVBox(input, msg)}
}

// load lists all staff, those at the clinic first, and keeps the open
// record selected.
func (s *staffScreen) load() {
	type loaded struct {
		staff    []data.StaffMember
		accounts []data.Account
		idle     int
	}
	background(&s.worker, func() (loaded, error) {
		ctx := context.Background()
		var l loaded
		var err error
		if l.staff, err = s.store.Staff(ctx, false); err != nil {
			return l, err
		}
		if l.accounts, err = s.store.Accounts(ctx); err != nil {
			return l, err
		}
		l.idle, err = s.store.IdleLockMinutes(ctx)
		return l, err
	}, func(l loaded, err error) {
		if err != nil {
			showError(err, s.win)
			return
		}
		s.accounts = map[int64]data.Account{}
		for _, a := range l.accounts {
			s.accounts[a.StaffID] = a
		}
		s.idleMinutes.SetText(strconv.Itoa(l.idle))
		s.fillAccount(s.editing)
		list := l.staff
		slices.SortStableFunc(list, func(a, b data.StaffMember) int {
			if a.Active != b.Active {
				if a.Active {
					return -1
				}
				return 1
			}
			return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		})
		s.staff = list
		s.selecting = true
		s.list.UnselectAll()
		for i, m := range list {
			if m.ID == s.editing.ID && m.ID != 0 {
				s.list.Select(i)
			}
		}
		s.selecting = false
		s.list.Refresh()
	})
}

func (s *staffScreen) onSelect(id widget.ListItemID) {
	if s.selecting || id >= len(s.staff) {
		return
	}
	s.fill(s.staff[id])
}

func (s *staffScreen) onAdd() {
	s.selecting = true
	s.list.UnselectAll()
	s.selecting = false
	s.fill(data.StaffMember{Active: true})
	s.win.Canvas().Focus(s.name)
}

// fill shows m in the form.
func (s *staffScreen) fill(m data.StaffMember) {
	s.editing = m
	s.name.SetText(m.Name)
	if slices.Contains(data.Roles, m.Role) {
		s.role.SetSelected(m.Role.Label())
	} else {
		s.role.ClearSelected()
	}
	s.active.SetChecked(m.Active)
	s.fieldErrors.show(nil)
	s.fillAccount(m)
	if m.ID == 0 {
		s.heading.SetText("New staff member")
		s.saveButton.SetText("Save new staff member")
	} else {
		s.heading.SetText(m.Name)
		s.saveButton.SetText("Save")
	}
}

// member returns the open record with the user's edits applied.
func (s *staffScreen) member() data.StaffMember {
	m := s.editing
	m.Name = strings.TrimSpace(s.name.Text)
	m.Role = ""
	if i := s.role.SelectedIndex(); i >= 0 {
		m.Role = data.Roles[i]
	}
	m.Active = s.active.Checked
	return m
}

// onSave checks the form and creates or updates the staff member.
func (s *staffScreen) onSave() {
	m := s.member()
	if err := m.Validate(); err != nil {
		if problems := fieldProblems(err); len(problems) > 0 {
			s.fieldErrors.show(problems)
			if !s.fieldErrors[data.FieldStaffName].Hidden {
				s.win.Canvas().Focus(s.name)
			}
			return
		}
		showError(err, s.win)
		return
	}
	s.fieldErrors.show(nil)
	background(&s.worker, func() (data.StaffMember, error) {
		var err error
		if m.ID == 0 {
			err = s.store.CreateStaffMember(context.Background(), &m)
		} else {
			err = s.store.UpdateStaffMember(context.Background(), &m)
		}
		return m, err
	}, func(saved data.StaffMember, err error) {
		if err != nil {
			s.fieldErrors.show(fieldProblems(err))
			showError(err, s.win)
			return
		}
		s.fill(saved)
		s.load()
	})
}

// fillAccount shows whether m can sign in, and under which username.
func (s *staffScreen) fillAccount(m data.StaffMember) {
	s.password.SetText("")
	a, ok := s.accounts[m.ID]
	s.confirmButton.Hide()
	s.signIn.Importance = widget.MediumImportance
	switch {
	case m.ID == 0:
		s.signIn.SetText("Save the new staff member first, then give them a username and password.")
		s.username.SetText("")
		s.accountButton.Disable()
		return
	case !ok:
		s.signIn.SetText(m.Name + " cannot sign in yet. Choose a username and a first password, and tell them in person.")
		s.username.SetText("")
	case a.ChangedOutside != "":
		s.signIn.Importance = widget.DangerImportance
		s.signIn.SetText("Cannot sign in: " + a.ChangedOutside + " (now " + strings.ToLower(a.Role.Label()) +
			"). If you know why and it is right, confirm it; otherwise correct the role or reset the password first.")
		s.username.SetText(a.Username)
		s.confirmButton.Show()
	case time.Now().Before(a.LockedUntil):
		s.signIn.SetText(fmt.Sprintf("Locked after failed sign-ins until %s. Saving the sign-in unlocks it.", a.LockedUntil.Local().Format("15:04")))
		s.username.SetText(a.Username)
	default:
		s.signIn.SetText("Signs in as " + a.Username + ". Leave the password empty to keep it; type a new one to reset it.")
		s.username.SetText(a.Username)
	}
	s.accountButton.Enable()
}

// onConfirmAccount accepts the open staff member's account as it now is,
// after a change made outside Needlepoint, so it can sign in again.
func (s *staffScreen) onConfirmAccount() {
	m := s.editing
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.store.ConfirmAccount(context.Background(), m.ID)
	}, func(_ struct{}, err error) {
		if err != nil {
			showError(err, s.win)
			return
		}
		s.load()
		dialog.ShowInformation("Account confirmed", m.Name+" can sign in again. The confirmation is in the audit trail.", s.win)
	})
}

// onSaveAccount gives the open staff member a username and password, or
// changes them, and lifts a lock.
func (s *staffScreen) onSaveAccount() {
	m := s.editing
	username, password := s.username.Text, s.password.Text
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.store.SetAccount(context.Background(), m.ID, username, password)
	}, func(_ struct{}, err error) {
		if err != nil {
			if problems := fieldProblems(err); len(problems) > 0 {
				s.fieldErrors.show(problems)
				return
			}
			showError(err, s.win)
			return
		}
		s.fieldErrors.show(nil)
		s.load()
		dialog.ShowInformation("Sign-in saved", m.Name+" signs in as "+strings.TrimSpace(username)+".", s.win)
	})
}

// onSaveIdle sets the clinic's idle lock.
func (s *staffScreen) onSaveIdle() {
	n, err := strconv.Atoi(strings.TrimSpace(s.idleMinutes.Text))
	if err != nil {
		showError(data.Errorf(data.EINVALID, "Type the idle minutes as a whole number from 1 to 60."), s.win)
		return
	}
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.store.SaveIdleLockMinutes(context.Background(), n)
	}, func(_ struct{}, err error) {
		if err != nil {
			showError(err, s.win)
			return
		}
		dialog.ShowInformation("Idle lock saved", fmt.Sprintf("Needlepoint locks after %d idle minutes, on every PC from its next sign-in.", n), s.win)
	})
}
