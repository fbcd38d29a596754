package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// TestSetUpShowsPasswordPolicy: on the real store, the set-up screen shows
// why a common password, or one holding the person's name, is refused,
// under the password itself.
func TestSetUpShowsPasswordPolicy(t *testing.T) {
	store, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	test.NewTempApp(t)
	var signedIn data.Actor
	s := newSetUpScreen(store, func(a data.Actor) { signedIn = a })
	s.worker.inline = true
	w := test.NewTempWindow(t, s.content)
	w.Resize(fyne.NewSize(800, 700))
	s.name.SetText("Fiona Byrne")
	s.username.SetText("fiona")
	for _, tc := range []struct{ password, want string }{
		{"Password1!", "one of the most common"},
		{"Byrne-Kettle-9", `"byrne"`},
	} {
		s.password.SetText(tc.password)
		s.repeat.SetText(tc.password)
		test.Tap(s.setUpButton)
		line := s.fieldErrors[data.FieldPassword]
		if line.Hidden || !strings.Contains(line.Text, tc.want) {
			t.Errorf("password %q: line under the password %q (hidden %v), want %s", tc.password, line.Text, line.Hidden, tc.want)
		}
	}
	s.password.SetText("Admin-2026")
	s.repeat.SetText("Admin-2026")
	test.Tap(s.setUpButton)
	if signedIn.Username != "fiona" {
		t.Errorf("set-up with a good password signed in %+v", signedIn)
	}
}

// TestStaffScreenShowsPasswordPolicy: on the real store, a password with
// the staff member's name in it is refused with the reason by the field.
func TestStaffScreenShowsPasswordPolicy(t *testing.T) {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.SetUpClinic(ctx, data.ClinicDetails{PaperSize: data.PaperA4}, "Fiona Byrne", "fiona", "Admin-2026"); err != nil {
		t.Fatal(err)
	}
	m := data.StaffMember{Name: "Jamal Reid", Role: data.RoleReception, Active: true}
	if err := store.CreateStaffMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := newStaffScreen(w, store)
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(760, 480))
	s.worker.inline = true
	s.load()
	s.list.Select(s.indexOf("Jamal Reid"))
	s.username.SetText("jamal")
	s.password.SetText("Jamal-Desk-26")
	test.Tap(s.accountButton)
	if line := s.fieldErrors[data.FieldPassword]; line.Hidden || !strings.Contains(line.Text, `username "jamal"`) {
		t.Errorf("line under the password = %q (hidden %v), want the username named", line.Text, line.Hidden)
	}
	s.password.SetText("Desk-2026")
	test.Tap(s.accountButton)
	if line := s.fieldErrors[data.FieldPassword]; !line.Hidden {
		t.Errorf("a good password left the message %q", line.Text)
	}
}
