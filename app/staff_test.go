package app

import (
	"context"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// fakeStaffStore is an in-memory StaffStore that counts what it was asked.
type fakeStaffStore struct {
	mu       sync.Mutex
	staff    map[int64]data.StaffMember
	nextID   int64
	creates  int
	updates  int
	accounts map[int64]data.Account
	// passwords are the passwords set, by staff ID.
	passwords map[int64]string
	idle      int
	confirmed []int64
}

func newFakeStaffStore(staff ...data.StaffMember) *fakeStaffStore {
	f := &fakeStaffStore{staff: map[int64]data.StaffMember{}, accounts: map[int64]data.Account{},
		passwords: map[int64]string{}, idle: data.DefaultIdleLockMinutes}
	for _, m := range staff {
		f.nextID++
		m.ID = f.nextID
		f.staff[m.ID] = m
	}
	return f
}

func (f *fakeStaffStore) Staff(_ context.Context, activeOnly bool) ([]data.StaffMember, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var list []data.StaffMember
	for id := int64(1); id <= f.nextID; id++ {
		if m, ok := f.staff[id]; ok && (m.Active || !activeOnly) {
			list = append(list, m)
		}
	}
	return list, nil
}

func (f *fakeStaffStore) Accounts(context.Context) ([]data.Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var list []data.Account
	for _, a := range f.accounts {
		list = append(list, a)
	}
	return list, nil
}

// SetAccount refuses an empty username and a new account without a
// password, as the store does.
func (f *fakeStaffStore) SetAccount(_ context.Context, staffID int64, username, password string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.TrimSpace(username) == "" {
		return &data.Error{Code: data.EINVALID, Message: "Enter a username.",
			Fields: []data.FieldError{{Field: data.FieldUsername, Message: "Enter a username."}}}
	}
	if _, ok := f.accounts[staffID]; !ok && password == "" {
		return &data.Error{Code: data.EINVALID, Message: "Give them a password.",
			Fields: []data.FieldError{{Field: data.FieldPassword, Message: "Required for a new account."}}}
	}
	m := f.staff[staffID]
	f.accounts[staffID] = data.Account{StaffID: staffID, Username: strings.TrimSpace(username), Name: m.Name, Role: m.Role, Active: m.Active}
	if password != "" {
		f.passwords[staffID] = password
	}
	return nil
}

// ConfirmAccount clears the mark of a change made outside Needlepoint.
func (f *fakeStaffStore) ConfirmAccount(_ context.Context, staffID int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := f.accounts[staffID]
	a.ChangedOutside = ""
	f.accounts[staffID] = a
	f.confirmed = append(f.confirmed, staffID)
	return nil
}

func (f *fakeStaffStore) IdleLockMinutes(context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.idle, nil
}

func (f *fakeStaffStore) SaveIdleLockMinutes(_ context.Context, n int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n < 1 || n > data.MaxIdleLockMinutes {
		return data.Errorf(data.EINVALID, "Lock after 1 to 60 idle minutes.")
	}
	f.idle = n
	return nil
}

func (f *fakeStaffStore) CreateStaffMember(_ context.Context, m *data.StaffMember) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.creates++
	if err := m.Validate(); err != nil {
		return err
	}
	f.nextID++
	m.ID = f.nextID
	f.staff[m.ID] = *m
	return nil
}

func (f *fakeStaffStore) UpdateStaffMember(_ context.Context, m *data.StaffMember) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates++
	if err := m.Validate(); err != nil {
		return err
	}
	if _, ok := f.staff[m.ID]; !ok {
		return data.Errorf(data.ENOTFOUND, "That staff member was not found.")
	}
	f.staff[m.ID] = *m
	return nil
}

// newTestStaffScreen shows the staff directory on a headless window over
// store, with database work run inline.
func newTestStaffScreen(t *testing.T, store *fakeStaffStore) *staffScreen {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := newStaffScreen(w, store)
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(760, 480))
	s.worker.inline = true
	s.load()
	return s
}

// indexOf returns the list position of the staff member named name, or -1.
func (s *staffScreen) indexOf(name string) int {
	for i, m := range s.staff {
		if m.Name == name {
			return i
		}
	}
	return -1
}

func TestAddStaffMemberThroughForm(t *testing.T) {
	store := newFakeStaffStore()
	s := newTestStaffScreen(t, store)

	test.Tap(s.addButton)
	if !s.active.Checked {
		t.Error("a new staff member is not marked as working at the clinic")
	}
	test.Type(s.name, "  Amara Osei ")
	s.role.SetSelected(data.RolePractitioner.Label())
	test.Tap(s.saveButton)

	if got, want := store.creates, 1; got != want {
		t.Fatalf("CreateStaffMember called %d times, want %d", got, want)
	}
	saved := store.staff[1]
	if saved.Name != "Amara Osei" || saved.Role != data.RolePractitioner || !saved.Active {
		t.Errorf("stored %+v", saved)
	}
	if got, want := len(s.staff), 1; got != want {
		t.Fatalf("list shows %d staff, want %d", got, want)
	}
	if got, want := s.heading.Text, "Amara Osei"; got != want {
		t.Errorf("heading = %q, want %q", got, want)
	}

	// Saving again updates the same record instead of adding another.
	test.Tap(s.saveButton)
	if store.creates != 1 || store.updates != 1 {
		t.Errorf("second save: %d creates, %d updates; want 1 and 1", store.creates, store.updates)
	}
}

func TestStaffNameRequired(t *testing.T) {
	store := newFakeStaffStore()
	s := newTestStaffScreen(t, store)

	s.role.SetSelected(data.RoleReception.Label())
	test.Type(s.name, "   ")
	test.Tap(s.saveButton)

	if store.creates != 0 {
		t.Fatalf("CreateStaffMember called %d times with an empty name", store.creates)
	}
	msg := s.fieldErrors[data.FieldStaffName]
	if msg.Hidden || !strings.Contains(msg.Text, "Name") {
		t.Errorf("name message = %q (hidden %v)", msg.Text, msg.Hidden)
	}
	if role := s.fieldErrors[data.FieldRole]; !role.Hidden {
		t.Errorf("role message shown with a role chosen: %q", role.Text)
	}
	if got := s.win.Canvas().Focused(); got != s.name {
		t.Errorf("focus is on %T, want the name entry", got)
	}

	s.role.ClearSelected()
	s.name.SetText("Bea Lund")
	test.Tap(s.saveButton)
	if store.creates != 0 {
		t.Fatalf("CreateStaffMember called without a role")
	}
	if role := s.fieldErrors[data.FieldRole]; role.Hidden || role.Text == "" {
		t.Error("no message under the role without a role chosen")
	}
	if !msg.Hidden {
		t.Errorf("name message still shown after typing a name: %q", msg.Text)
	}
}

func TestEditStaffMember(t *testing.T) {
	store := newFakeStaffStore(
		data.StaffMember{Name: "Amara Osei", Role: data.RolePractitioner, Active: true},
		data.StaffMember{Name: "Bea Lund", Role: data.RoleReception, Active: true},
	)
	s := newTestStaffScreen(t, store)

	i := s.indexOf("Bea Lund")
	if i < 0 {
		t.Fatal("Bea Lund not listed")
	}
	s.list.Select(i)
	if got, want := s.name.Text, "Bea Lund"; got != want {
		t.Fatalf("name after selecting = %q, want %q", got, want)
	}
	if got, want := s.role.Selected, data.RoleReception.Label(); got != want {
		t.Errorf("role after selecting = %q, want %q", got, want)
	}
	s.role.SetSelected(data.RoleAdmin.Label())
	test.Tap(s.active)
	test.Tap(s.saveButton)

	if store.updates != 1 || store.creates != 0 {
		t.Fatalf("%d updates and %d creates, want 1 and 0", store.updates, store.creates)
	}
	got := store.staff[2]
	if got.Name != "Bea Lund" || got.Role != data.RoleAdmin || got.Active {
		t.Errorf("stored %+v, want Bea Lund, admin, inactive", got)
	}
	if got, want := s.indexOf("Bea Lund"), 1; got != want {
		t.Errorf("Bea Lund is at %d after leaving, want %d (last)", got, want)
	}
}

func TestInactiveStaffListedLastAndMarked(t *testing.T) {
	store := newFakeStaffStore(
		data.StaffMember{Name: "Amara Osei", Role: data.RolePractitioner, Active: false},
		data.StaffMember{Name: "Zofia Nowak", Role: data.RoleAdmin, Active: true},
		data.StaffMember{Name: "Bea Lund", Role: data.RoleReception, Active: true},
	)
	s := newTestStaffScreen(t, store)

	var names []string
	for _, m := range s.staff {
		names = append(names, m.Name)
	}
	if got, want := strings.Join(names, ", "), "Bea Lund, Zofia Nowak, Amara Osei"; got != want {
		t.Errorf("list order = %s, want %s", got, want)
	}
	if got, want := staffDetail(s.staff[2]), "Practitioner · left the clinic"; got != want {
		t.Errorf("inactive row says %q, want %q", got, want)
	}
	if got, want := staffDetail(s.staff[0]), "Reception"; got != want {
		t.Errorf("active row says %q, want %q", got, want)
	}
}

func TestGiveStaffMemberASignIn(t *testing.T) {
	store := newFakeStaffStore(data.StaffMember{Name: "Jamal Reid", Role: data.RoleReception, Active: true})
	s := newTestStaffScreen(t, store)
	s.list.Select(s.indexOf("Jamal Reid"))
	if got := s.signIn.Text; !strings.Contains(got, "cannot sign in yet") {
		t.Errorf("sign-in line for someone without an account = %q", got)
	}

	s.username.SetText("jamal")
	test.Tap(s.accountButton)
	if _, ok := store.accounts[1]; ok || s.fieldErrors[data.FieldPassword].Hidden {
		t.Fatal("an account was made without a password, or no message said so")
	}
	s.password.SetText("Desk-2026")
	test.Tap(s.accountButton)
	if got := store.accounts[1].Username; got != "jamal" || store.passwords[1] != "Desk-2026" {
		t.Fatalf("account = %q with password %q, want jamal / Desk-2026", got, store.passwords[1])
	}
	if got := s.signIn.Text; !strings.Contains(got, "Signs in as jamal") {
		t.Errorf("sign-in line after saving = %q", got)
	}
	if s.password.Text != "" {
		t.Error("the password stays on screen after saving")
	}

	s.idleMinutes.SetText("12")
	test.Tap(s.idleButton)
	if store.idle != 12 {
		t.Errorf("idle lock = %d minutes, want 12", store.idle)
	}
}

func TestConfirmAccountChangedOutside(t *testing.T) {
	store := newFakeStaffStore(data.StaffMember{Name: "Jamal Reid", Role: data.RoleAdmin, Active: true})
	store.accounts[1] = data.Account{StaffID: 1, Username: "jamal", Name: "Jamal Reid", Role: data.RoleAdmin, Active: true,
		ChangedOutside: "the staff member's name, role or active flag was changed outside Needlepoint"}
	s := newTestStaffScreen(t, store)
	s.list.Select(s.indexOf("Jamal Reid"))
	if got := s.signIn.Text; !strings.Contains(got, "Cannot sign in: the staff member's name, role or active flag was changed outside Needlepoint (now administrator)") {
		t.Errorf("sign-in line = %q, want what was changed and the role it has now", got)
	}
	if s.confirmButton.Hidden {
		t.Fatal("no Confirm button for an account changed outside Needlepoint")
	}
	test.Tap(s.confirmButton)
	if len(store.confirmed) != 1 || store.confirmed[0] != 1 {
		t.Fatalf("confirmed = %v, want staff member 1", store.confirmed)
	}
	if got := s.signIn.Text; !strings.Contains(got, "Signs in as jamal") || !s.confirmButton.Hidden {
		t.Errorf("after confirming: sign-in line %q, Confirm shown %v", got, !s.confirmButton.Hidden)
	}
}
