package demo_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/demo"
	"needlepoint/data/sqlstore"
)

// today is the clock every test runs on.
var today = time.Date(2026, 11, 28, 10, 30, 0, 0, time.UTC)

func mustOpen(tb testing.TB) *sqlstore.Store {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "demo.db")
	s, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	s.SetActor(data.CommandLine("test"))
	s.Now = func() time.Time { return today }
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestPatients(t *testing.T) {
	const n = 20000
	list := demo.Patients(n, 1, today)

	t.Run("SameSeedSamePatients", func(t *testing.T) {
		if !reflect.DeepEqual(list, demo.Patients(n, 1, today)) {
			t.Error("two calls with seed 1 gave different patients")
		}
	})

	t.Run("OtherSeedOtherPatients", func(t *testing.T) {
		other := demo.Patients(n, 2, today)
		same := 0
		for i := range other {
			if reflect.DeepEqual(other[i], list[i]) {
				same++
			}
		}
		if same > 0 {
			t.Errorf("%d patients are identical for seeds 1 and 2", same)
		}
	})

	t.Run("AllValid", func(t *testing.T) {
		if got, want := len(list), n; got != want {
			t.Fatalf("len = %d, want %d", got, want)
		}
		for i, p := range list {
			if err := p.Validate(today, data.DefaultCountry); err != nil {
				t.Fatalf("patient %d (%s): %v", i, p.FullName(), err)
			}
			if p.CreatedAt.After(today) || p.CreatedAt.Before(today.AddDate(-6, 0, 0)) {
				t.Errorf("patient %d created %v, want within six years before %v", i, p.CreatedAt, today)
			}
			if p.UpdatedAt.Before(p.CreatedAt) || p.UpdatedAt.After(today) {
				t.Errorf("patient %d updated %v, want between %v and %v", i, p.UpdatedAt, p.CreatedAt, today)
			}
			if p.Archived() != (p.ArchiveReason != "") {
				t.Errorf("patient %d archived at %v with reason %q", i, p.ArchivedAt, p.ArchiveReason)
			}
			if p.Archived() && (!p.ArchivedAt.After(p.CreatedAt) || p.ArchivedAt.After(today)) {
				t.Errorf("patient %d archived %v, want after %v and not after %v", i, p.ArchivedAt, p.CreatedAt, today)
			}
			if age, ok := p.AgeOn(today); ok && (age < 16 || age > 80) {
				t.Errorf("patient %d is %d, want 16 to 80", i, age)
			}
			if i > 0 && p.CreatedAt.Before(list[i-1].CreatedAt) {
				t.Errorf("patient %d registered before patient %d", i, i-1)
			}
		}
	})

	t.Run("Mix", func(t *testing.T) {
		var archived, minors, preferred, noEmail int
		phones := map[string]int{}
		firsts, lasts := map[string]bool{}, map[string]bool{}
		for _, p := range list {
			if p.Archived() {
				archived++
			}
			if p.IsMinorOn(today) {
				minors++
			}
			if p.PreferredName != "" {
				preferred++
			}
			if p.Email == "" {
				noEmail++
			}
			if p.Phone != "" {
				phones[data.PhoneDigits(p.Phone)]++
			}
			firsts[p.FirstName], lasts[p.LastName] = true, true
		}
		shared := 0
		for _, count := range phones {
			shared += count - 1
		}
		for _, c := range []struct {
			name          string
			got, min, max int
		}{
			{"archived", archived, n * 2 / 100, n * 4 / 100},
			{"minors", minors, 5, n / 100},
			{"with a preferred name", preferred, n / 50, n / 5},
			{"without email", noEmail, n / 10, n / 3},
			{"sharing a phone number", shared, n / 1000, n / 100},
			{"first names", len(firsts), 150, n},
			{"last names", len(lasts), 200, n},
		} {
			if c.got < c.min || c.got > c.max {
				t.Errorf("%d patients %s, want %d to %d", c.got, c.name, c.min, c.max)
			}
		}
	})

	t.Run("ShowcaseFirst", func(t *testing.T) {
		small := demo.Patients(8, 99, today)
		names := map[string]bool{}
		for _, p := range small {
			names[p.FirstName], names[p.LastName] = true, true
		}
		for _, want := range []string{"Zoë", "Łukasz", "Ngozi", "Дмитрий", "O'Brien", "Nguyễn"} {
			if !names[want] {
				t.Errorf("the first 8 patients do not include %s", want)
			}
		}
	})

	t.Run("NoneOrNegative", func(t *testing.T) {
		if got := demo.Patients(0, 1, today); len(got) != 0 {
			t.Errorf("Patients(0) gave %d patients", len(got))
		}
		if got := demo.Patients(-5, 1, today); len(got) != 0 {
			t.Errorf("Patients(-5) gave %d patients", len(got))
		}
	})
}

func TestFill(t *testing.T) {
	ctx := context.Background()
	const n = 2000 + 500 // a full batch and a part one
	s := mustOpen(t)
	var calls [][2]int
	var stages []string
	err := demo.Fill(ctx, s, n, 7, func(stage string, done, total int) {
		calls = append(calls, [2]int{done, total})
		stages = append(stages, stage)
	})
	if err != nil {
		t.Fatalf("Fill: %v", err)
	}

	t.Run("StoresAll", func(t *testing.T) {
		c, err := s.CountPatients(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := c.Active+c.Archived, n; got != want {
			t.Errorf("stored %d patients, want %d", got, want)
		}
		if c.Archived == 0 {
			t.Error("no archived patients stored")
		}
	})

	t.Run("Progress", func(t *testing.T) {
		// Patients first, then the patients given clinical records.
		if len(calls) < 3 {
			t.Fatalf("progress calls = %v, want two for the patients and more for the clinical records", calls)
		}
		if got, want := calls[:2], [][2]int{{2000, n}, {n, n}}; !reflect.DeepEqual(got, want) {
			t.Errorf("patient progress calls = %v, want %v", got, want)
		}
		if stages[1] != demo.StagePatients || stages[2] != demo.StageClinical {
			t.Errorf("stages = %q, want patients then clinical records", stages)
		}
		clinical := calls[2:]
		last := clinical[len(clinical)-1]
		if last[0] != last[1] || last[1] < n/5 || last[1] > n/2 {
			t.Errorf("clinical progress ends at %v, want done = total, about a third of %d", last, n)
		}
		for i, c := range clinical[1:] {
			if c[1] != last[1] || c[0] <= clinical[i][0] {
				t.Errorf("clinical progress calls = %v, want rising done and a fixed total", clinical)
				break
			}
		}
	})

	t.Run("SameAsPatients", func(t *testing.T) {
		want := demo.Patients(n, 7, today)
		for _, i := range []int{0, 1, 999, 2000, n - 1} {
			got, err := s.Patient(ctx, int64(i+1))
			if err != nil {
				t.Fatal(err)
			}
			w := want[i]
			if got.FullName() != w.FullName() || !got.DateOfBirth.Equal(w.DateOfBirth) ||
				got.Phone != w.Phone || !got.CreatedAt.Equal(w.CreatedAt) || got.Archived() != w.Archived() {
				t.Errorf("patient %d stored as %+v, want %+v", i+1, got, w)
			}
		}
	})

	for _, query := range []string{"zoe", "lukasz", "ngozi", "дмитрий", "obrien", "nguyen"} {
		t.Run("Finds_"+query, func(t *testing.T) {
			list, err := s.Search(ctx, query, data.DayFirst)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) == 0 {
				t.Errorf("Search(%q) found nobody", query)
			}
		})
	}

	t.Run("ErrCancelled", func(t *testing.T) {
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		err := demo.Fill(cancelled, mustOpen(t), 10, 1, nil)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Fill with a cancelled context = %v, want context.Canceled", err)
		}
	})
}

func BenchmarkPatients(b *testing.B) {
	for b.Loop() {
		demo.Patients(batch, 1, today)
	}
}

// batch is the size BenchmarkPatients makes, that of one Fill batch.
const batch = 2000

func TestDemoAccountsSignIn(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if err := demo.Fill(ctx, s, 60, 1, nil); err != nil {
		t.Fatal(err)
	}
	roles := map[data.Role]bool{}
	for _, a := range demo.Accounts {
		got, err := s.SignIn(ctx, a.Username, a.Password)
		if err != nil {
			t.Errorf("demo account %s: %v", a.Username, err)
			continue
		}
		if got.Name != a.Name || got.Role != a.Role {
			t.Errorf("demo account %s signs in as %+v, want %s (%s)", a.Username, got, a.Name, a.Role)
		}
		roles[got.Role] = true
	}
	if len(roles) != len(data.Roles) {
		t.Errorf("demo accounts cover roles %v, want one per role", roles)
	}
}
