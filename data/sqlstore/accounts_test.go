package sqlstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// mustSetUp opens a new database and sets up the clinic with its first
// administrator, "owner" / "Clinic-2026", who is then signed in.
func mustSetUp(t *testing.T) *sqlstore.Store {
	t.Helper()
	s := mustOpen(t)
	if _, err := s.SetUpClinic(context.Background(), data.ClinicDetails{Name: "Skin Studio", PaperSize: data.PaperA4},
		"Fiona Byrne", "owner", "Clinic-2026"); err != nil {
		t.Fatal(err)
	}
	return s
}

// mustAccount adds a staff member in role with an account and returns it.
func mustAccount(t *testing.T, s *sqlstore.Store, name string, role data.Role, username, password string) data.StaffMember {
	t.Helper()
	ctx := context.Background()
	m := data.StaffMember{Name: name, Role: role, Active: true}
	if err := s.CreateStaffMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAccount(ctx, m.ID, username, password); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSetUpClinic(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if has, err := s.HasAccounts(ctx); err != nil || has {
		t.Fatalf("HasAccounts() on a new database = %v, %v; want false", has, err)
	}
	// The country is read before anyone signs in, to write dates the
	// clinic's way from the first screen.
	if got, err := s.ClinicCountry(ctx); err != nil || got != data.DefaultCountry {
		t.Errorf("ClinicCountry() on a new database = %q, %v; want %q", got, err, data.DefaultCountry)
	}
	t.Run("ErrFieldsNamed", func(t *testing.T) {
		_, err := s.SetUpClinic(ctx, data.ClinicDetails{PaperSize: data.PaperA4}, " ", "has space", "short")
		fields := datatest.FieldErrors(t, err)
		for _, f := range []string{data.FieldStaffName, data.FieldUsername, data.FieldPassword} {
			if fields[f] == "" {
				t.Errorf("no message for %s in %v", f, fields)
			}
		}
	})
	a, err := s.SetUpClinic(ctx, data.ClinicDetails{Name: "Skin Studio", PaperSize: data.PaperA4, Country: "US"},
		"Zoë Łukasz-Дмитрий O'Brien", "zoe.admin", "Clinic-2026")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ClinicCountry(ctx); err != nil || got != "US" {
		t.Errorf("ClinicCountry() signed out, after set-up in the US = %q, %v", got, err)
	}
	if a, err = s.SignIn(ctx, "zoe.admin", "Clinic-2026"); err != nil {
		t.Fatal(err)
	}
	if a.Role != data.RoleAdmin || a.Name != "Zoë Łukasz-Дмитрий O'Brien" {
		t.Errorf("first user = %+v, want an administrator with the name given", a)
	}
	if got, ok := s.Actor(); !ok || got != a {
		t.Errorf("signed in = %+v, %v; want %+v", got, ok, a)
	}
	d, err := s.ClinicDetails(ctx)
	if err != nil || d.Name != "Skin Studio" {
		t.Errorf("clinic details = %+v, %v", d, err)
	}
	if has, _ := s.HasAccounts(ctx); !has {
		t.Error("HasAccounts() after set-up = false")
	}
	t.Run("ErrOnlyOnce", func(t *testing.T) {
		_, err := s.SetUpClinic(ctx, data.ClinicDetails{PaperSize: data.PaperA4}, "Intruder", "intruder", "Clinic-2026")
		wantError(t, err, data.ECONFLICT, "already set up")
	})
}

func TestPasswordPolicy(t *testing.T) {
	s := mustSetUp(t)
	m := data.StaffMember{Name: "Ben Desk", Role: data.RoleReception, Active: true}
	if err := s.CreateStaffMember(context.Background(), &m); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ password, want string }{
		{"Ab1", "at least 8"},
		{"alllowercase1", "upper-case"},
		{"ALLUPPERCASE1", "lower-case"},
		{"NoDigitsHere", "digit"},
		{strings.Repeat("Ab1", 70), "at most 200"},
	} {
		err := s.SetAccount(context.Background(), m.ID, "ben", tc.password)
		if msg := datatest.FieldErrors(t, err)[data.FieldPassword]; !strings.Contains(msg, tc.want) {
			t.Errorf("password %.20q: message %q, want it to contain %q", tc.password, msg, tc.want)
		}
	}
	if err := s.SetAccount(context.Background(), m.ID, "ben", "Łódź-Żółw9"); err != nil {
		t.Errorf("a good password with accents was refused: %v", err)
	}
}

// TestCommonPasswordsRefused: a password on the list of the 10,000 most
// common is refused whatever its capitals, and so is one with up to three
// digits or symbols added at its end.
func TestCommonPasswordsRefused(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	m := data.StaffMember{Name: "Ben Desk", Role: data.RoleReception, Active: true}
	if err := s.CreateStaffMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"Password1", "PASSword1", "Password1!", "Qwerty123", "Monkey12!", "Football1", "Bäseball1", "Abcd1234", "Trustno1"} {
		err := s.SetAccount(ctx, m.ID, "ben", pw)
		if msg := datatest.FieldErrors(t, err)[data.FieldPassword]; !strings.Contains(msg, "one of the most common") {
			t.Errorf("password %q: message %q, want it refused as one of the most common", pw, msg)
		}
	}
	for _, pw := range []string{"Admin-2026", "Summer-Garden-7", "Reception-1"} {
		if err := s.SetAccount(ctx, m.ID, "ben", pw); err != nil {
			t.Errorf("password %q was refused: %v", pw, err)
		}
	}
	t.Run("ErrChangeOwnPassword", func(t *testing.T) {
		if _, err := s.SignIn(ctx, "ben", "Reception-1"); err != nil {
			t.Fatal(err)
		}
		err := s.ChangePassword(ctx, "Reception-1", "Superman1!")
		wantError(t, err, data.EINVALID, "one of the most common")
		if got := datatest.FieldErrors(t, err)[data.FieldNewPassword]; got == "" {
			t.Errorf("no message by the new password in %v", err)
		}
	})
	t.Run("ErrSetUpClinic", func(t *testing.T) {
		_, err := mustOpen(t).SetUpClinic(ctx, data.ClinicDetails{PaperSize: data.PaperA4}, "Fiona Byrne", "fiona", "Welcome1")
		if msg := datatest.FieldErrors(t, err)[data.FieldPassword]; !strings.Contains(msg, "one of the most common") {
			t.Errorf("set-up with Welcome1: message %q", msg)
		}
	})
}

// TestPersonalPasswordsRefused: a password may not contain the username or
// a part of the person's name of three letters or more, whatever the case
// and accents.
func TestPersonalPasswordsRefused(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	m := data.StaffMember{Name: "Zoë Łukasz-Hart O'Brien", Role: data.RolePractitioner, Active: true}
	if err := s.CreateStaffMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ password, want string }{
		{"Zoe-Kettle-8", `"zoe"`},
		{"Kettle-LUKASZ-8", `"lukasz"`},
		{"Kettle-Łukasz-8", `"lukasz"`},
		{"Kettle-HART-8", `"hart"`},
		{"Kettle-obrien-8", `"brien"`},
		{"Kettle-Zo.Practice9", `username "zo.practice"`},
	} {
		err := s.SetAccount(ctx, m.ID, "zo.practice", tc.password)
		msg := datatest.FieldErrors(t, err)[data.FieldPassword]
		if !strings.Contains(msg, tc.want) || !strings.Contains(msg, "without the name or username") {
			t.Errorf("password %q: message %q, want it refused for %s", tc.password, msg, tc.want)
		}
	}
	if err := s.SetAccount(ctx, m.ID, "zo.practice", "Kettle-Oboe-8"); err != nil {
		t.Errorf("a password with only a two-letter part of the name (O') was refused: %v", err)
	}
	t.Run("ErrChangeOwnPassword", func(t *testing.T) {
		if _, err := s.SignIn(ctx, "zo.practice", "Kettle-Oboe-8"); err != nil {
			t.Fatal(err)
		}
		err := s.ChangePassword(ctx, "Kettle-Oboe-8", "Brien-Kettle-9")
		wantError(t, err, data.EINVALID, `"brien"`)
		if got := datatest.FieldErrors(t, err)[data.FieldNewPassword]; got == "" {
			t.Errorf("no message by the new password in %v", err)
		}
	})
	t.Run("ErrSetUpClinic", func(t *testing.T) {
		_, err := mustOpen(t).SetUpClinic(ctx, data.ClinicDetails{PaperSize: data.PaperA4}, "Fiona Byrne", "owner", "Byrne-Kettle-9")
		if msg := datatest.FieldErrors(t, err)[data.FieldPassword]; !strings.Contains(msg, `"byrne"`) {
			t.Errorf("set-up with the surname in the password: message %q", msg)
		}
		_, err = mustOpen(t).SetUpClinic(ctx, data.ClinicDetails{PaperSize: data.PaperA4}, "Fiona Byrne", "boss", "Kettle-BOSS-9")
		if msg := datatest.FieldErrors(t, err)[data.FieldPassword]; !strings.Contains(msg, `username "boss"`) {
			t.Errorf("set-up with the username in the password: message %q", msg)
		}
	})
}

// TestUnknownUsernameKeptAsDigest: what was typed as an unknown username
// (often a password) is not in the audit trail, only a short digest of
// it, the same each time it is tried.
func TestUnknownUsernameKeptAsDigest(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	for range 2 {
		_, err := s.SignIn(ctx, "Secret-Kettle-42", "whatever")
		wantError(t, err, data.EFORBIDDEN, "username or password is not right")
	}
	if _, err := s.SignIn(ctx, "owner", "Clinic-2026"); err != nil {
		t.Fatal(err)
	}
	rows, err := s.AuditTrail(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var failed []data.Audit
	for _, r := range rows {
		if strings.Contains(strings.ToLower(r.Actor+r.Subject+r.Detail), "kettle") {
			t.Errorf("audit row keeps what was typed: %+v", r)
		}
		if r.Action == data.ActionSignInFailed {
			failed = append(failed, r)
		}
	}
	if len(failed) != 2 {
		t.Fatalf("failed sign-ins in the trail = %+v, want 2", failed)
	}
	if failed[0].Actor != failed[1].Actor || !strings.HasPrefix(failed[0].Actor, "unknown username #") ||
		len(failed[0].Actor) != len("unknown username #")+8 {
		t.Errorf("actors %q and %q, want the same 8-digit digest", failed[0].Actor, failed[1].Actor)
	}
	if !strings.Contains(failed[0].Detail, "digest") {
		t.Errorf("detail %q does not say it is a digest", failed[0].Detail)
	}
	if v, err := s.VerifyAudit(ctx); err != nil || !v.OK() {
		t.Errorf("VerifyAudit = %+v, %v", v, err)
	}
}

func TestSignIn(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	desk := mustAccount(t, s, "Ben Desk", data.RoleReception, "Ben", "Reception-1")
	t.Run("UsernameIgnoresCase", func(t *testing.T) {
		a, err := s.SignIn(ctx, " ben ", "Reception-1")
		if err != nil || a.StaffID != desk.ID || a.Role != data.RoleReception {
			t.Fatalf("SignIn = %+v, %v", a, err)
		}
	})
	t.Run("ErrWrongPasswordSaysNotWhich", func(t *testing.T) {
		_, err := s.SignIn(ctx, "ben", "reception-1")
		wantError(t, err, data.EFORBIDDEN, "username or password is not right")
		_, err = s.SignIn(ctx, "nobody", "Reception-1")
		wantError(t, err, data.EFORBIDDEN, "username or password is not right")
	})
	t.Run("ErrLockedAfterFive", func(t *testing.T) {
		if _, err := s.SignIn(ctx, "ben", "Reception-1"); err != nil {
			t.Fatal(err) // a success resets the count
		}
		for i := 1; i < data.MaxFailedSignIns; i++ {
			_, err := s.SignIn(ctx, "ben", "wrong")
			wantError(t, err, data.EFORBIDDEN, "not right")
		}
		_, err := s.SignIn(ctx, "ben", "wrong")
		wantError(t, err, data.ELOCKED, "locked for 5 minutes")
		_, err = s.SignIn(ctx, "ben", "Reception-1")
		wantError(t, err, data.ELOCKED, "Try again after")
		now := datatest.Now
		s.Now = func() time.Time { return now.Add(4*time.Minute + 59*time.Second) }
		_, err = s.SignIn(ctx, "ben", "Reception-1")
		wantError(t, err, data.ELOCKED, "locked")
		s.Now = func() time.Time { return now.Add(5 * time.Minute) }
		if _, err := s.SignIn(ctx, "ben", "Reception-1"); err != nil {
			t.Errorf("sign-in after the lock ended: %v", err)
		}
	})
	t.Run("ErrInactive", func(t *testing.T) {
		if _, err := s.SignIn(ctx, "owner", "Clinic-2026"); err != nil {
			t.Fatal(err)
		}
		desk.Active = false
		if err := s.UpdateStaffMember(ctx, &desk); err != nil {
			t.Fatal(err)
		}
		_, err := s.SignIn(ctx, "ben", "Reception-1")
		wantError(t, err, data.EFORBIDDEN, "no longer marked as working")
	})
	t.Run("SignOut", func(t *testing.T) {
		if err := s.SignOut(ctx); err != nil {
			t.Fatal(err)
		}
		if _, ok := s.Actor(); ok {
			t.Error("still signed in after SignOut")
		}
		_, err := s.Staff(ctx, true)
		wantError(t, err, data.EFORBIDDEN, "Sign in")
	})
}

func TestSetAccount(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	a := mustAccount(t, s, "Ann Lee", data.RolePractitioner, "ann", "Practice-1")
	b := data.StaffMember{Name: "Bea Lee", Role: data.RolePractitioner, Active: true}
	if err := s.CreateStaffMember(ctx, &b); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrUsernameTaken", func(t *testing.T) {
		err := s.SetAccount(ctx, b.ID, "ANN", "Practice-2")
		wantError(t, err, data.ECONFLICT, "taken")
	})
	t.Run("ErrNewAccountNeedsPassword", func(t *testing.T) {
		err := s.SetAccount(ctx, b.ID, "bea", "")
		wantError(t, err, data.EINVALID, "Give Bea Lee a password")
	})
	t.Run("RenameKeepsPassword", func(t *testing.T) {
		if err := s.SetAccount(ctx, a.ID, "ann.lee", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SignIn(ctx, "ann.lee", "Practice-1"); err != nil {
			t.Errorf("sign-in after rename: %v", err)
		}
	})
	t.Run("ErrOnlyAdmins", func(t *testing.T) {
		err := s.SetAccount(ctx, b.ID, "bea", "Practice-2")
		wantError(t, err, data.EFORBIDDEN, "may not manage staff")
	})
	t.Run("ChangeOwnPassword", func(t *testing.T) {
		err := s.ChangePassword(ctx, "Practice-9", "Practice-3")
		wantError(t, err, data.EINVALID, "current password is not right")
		err = s.ChangePassword(ctx, "Practice-1", "weak")
		wantError(t, err, data.EINVALID, "at least 8")
		if err := s.ChangePassword(ctx, "Practice-1", "Practice-3"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SignIn(ctx, "ann.lee", "Practice-3"); err != nil {
			t.Errorf("sign-in with the new password: %v", err)
		}
	})
}

func TestIdleLockMinutes(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	if n, err := s.IdleLockMinutes(ctx); err != nil || n != data.DefaultIdleLockMinutes {
		t.Fatalf("IdleLockMinutes on a new clinic = %d, %v; want the default 5", n, err)
	}
	if err := s.SaveIdleLockMinutes(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.IdleLockMinutes(ctx); n != 12 {
		t.Errorf("IdleLockMinutes after saving 12 = %d", n)
	}
	for _, bad := range []int{0, -1, 61} {
		err := s.SaveIdleLockMinutes(ctx, bad)
		if msg := datatest.FieldErrors(t, err)[data.FieldIdleLockMinutes]; msg == "" {
			t.Errorf("SaveIdleLockMinutes(%d) = %v, want a message by the field", bad, err)
		}
	}
}

// BenchmarkSignIn measures a sign-in, most of it the argon2id hash: a
// good one, a wrong password and an unknown username, which should take
// as long as each other.
func BenchmarkSignIn(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b)
	if _, err := s.SetUpClinic(ctx, data.ClinicDetails{PaperSize: data.PaperA4}, "Fiona Byrne", "owner", "Clinic-2026"); err != nil {
		b.Fatal(err)
	}
	// Every reading of the clock is six minutes on, so a lock after five
	// wrong passwords is over by the next attempt.
	now := datatest.Now
	s.Now = func() time.Time { now = now.Add(6 * time.Minute); return now }
	for _, bc := range []struct{ name, username, password string }{
		{"Good", "owner", "Clinic-2026"},
		{"WrongPassword", "owner", "Wrong-Guess-1"},
		{"UnknownUsername", "nobody", "Wrong-Guess-1"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				_, err := s.SignIn(ctx, bc.username, bc.password)
				if good := bc.name == "Good"; good != (err == nil) {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSetUpKeepsHandoutSettings: a database from before sign-ins keeps its
// logo and aftercare text when its first administrator is set up.
func TestSetUpKeepsHandoutSettings(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	before := data.ClinicDetails{Name: "Skin Studio", Phone: "+44 20 7946 0000", PaperSize: data.PaperLetter,
		AftercareTemplate: "Our own aftercare text.", RecommendedProducts: "Gentle cleanser"}
	if err := s.SaveClinicDetails(ctx, before); err != nil {
		t.Fatal(err)
	}
	if err := s.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetUpClinic(ctx, data.ClinicDetails{Address: "1 High Street"}, "Fiona Byrne", "fiona", "Clinic-2026"); err != nil {
		t.Fatal(err)
	}
	got, err := s.ClinicDetails(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := before
	want.Address = "1 High Street"
	if got.Name != want.Name || got.Phone != want.Phone || got.Address != want.Address || got.PaperSize != want.PaperSize ||
		got.AftercareTemplate != want.AftercareTemplate || got.RecommendedProducts != want.RecommendedProducts {
		t.Errorf("clinic details after set-up = %+v, want %+v", got, want)
	}
}

// TestLockoutHoldsUnderConcurrentGuesses: many wrong passwords tried at
// the same moment lock the account once, and the right password tried
// right after is refused until the lock ends.
func TestLockoutHoldsUnderConcurrentGuesses(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	mustAccount(t, s, "Ben Desk", data.RoleReception, "ben", "Reception-1")
	var wg sync.WaitGroup
	locks := make(chan error, 11)
	for range 11 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.SignIn(ctx, "ben", "guess"); data.ErrorCode(err) == data.ELOCKED {
				locks <- err
			}
		}()
	}
	wg.Wait()
	close(locks)
	if len(locks) == 0 {
		t.Fatal("eleven wrong passwords did not lock the account")
	}
	_, err := s.SignIn(ctx, "ben", "Reception-1")
	wantError(t, err, data.ELOCKED, "locked")
}

func TestUsernamesFoldCase(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	mustAccount(t, s, "Élise Durand", data.RolePractitioner, "Élise", "Practice-1")
	m := data.StaffMember{Name: "Other Élise", Role: data.RoleReception, Active: true}
	if err := s.CreateStaffMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	err := s.SetAccount(ctx, m.ID, "élise", "Practice-2")
	wantError(t, err, data.ECONFLICT, "taken")
	if a, err := s.SignIn(ctx, "ÉLISE", "Practice-1"); err != nil || a.Name != "Élise Durand" {
		t.Errorf("sign-in with the username in capitals = %+v, %v", a, err)
	}
}

func TestInactiveNamedOnlyAfterThePassword(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	m := mustAccount(t, s, "Ben Desk", data.RoleReception, "ben", "Reception-1")
	m.Active = false
	if err := s.UpdateStaffMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	_, err := s.SignIn(ctx, "ben", "wrong")
	wantError(t, err, data.EFORBIDDEN, "username or password is not right")
	_, err = s.SignIn(ctx, "ben", "Reception-1")
	wantError(t, err, data.EFORBIDDEN, "no longer marked as working")
}

func TestAccountsListed(t *testing.T) {
	ctx := context.Background()
	s := mustSetUp(t)
	desk := mustAccount(t, s, "Ben Desk", data.RoleReception, "ben", "Reception-1")
	for range data.MaxFailedSignIns {
		s.SignIn(ctx, "ben", "wrong")
	}
	if _, err := s.SignIn(ctx, "owner", "Clinic-2026"); err != nil {
		t.Fatal(err)
	}
	list, err := s.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("Accounts() = %+v, want the owner's and Ben's", list)
	}
	ben := list[0]
	if ben.StaffID != desk.ID || ben.Username != "ben" || ben.Role != data.RoleReception || !ben.LockedUntil.After(datatest.Now) {
		t.Errorf("Ben's account = %+v, want username ben, reception, locked", ben)
	}
}
