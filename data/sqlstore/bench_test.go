package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/demo"
	"needlepoint/data/sqlstore"
)

// Benchmarks run against one generated database of a large clinic, made
// the first time a benchmark needs it and shared by the rest of the run.
// Plain `go test` never builds it.
const (
	benchPatients = 100_000
	benchSeed     = 1
	benchQueries  = 50
)

var benchDB struct {
	once sync.Once
	err  error
	dir  string
	path string
	// Queries typed at the desk, taken from generated patients.
	namePrefixes, phoneEndings, birthDates []string
	// Cartridge and product lots used in the demo sessions, for a recall.
	lots []string
	// The same clinic on PostgreSQL, for the PostgreSQL pass.
	pgOnce  sync.Once
	pgErr   error
	address string
}

// TestMain keeps the witness key out of the user's configuration folder,
// runs the tests on SQLite, then again on PostgreSQL when a server is
// reachable, and removes the benchmark database when the run ends.
func TestMain(m *testing.M) {
	config := isolateConfigFolder()
	code := m.Run()
	if ok, why := pgReachable(); !ok {
		fmt.Printf("The store's tests ran on SQLite only: no PostgreSQL server (%s).\n", why)
	} else if code == 0 {
		fmt.Println("The store's tests run again, on PostgreSQL.")
		testEngine = "postgres"
		code = m.Run()
		dropPGTemplate(benchDB.address)
	}
	os.RemoveAll(config)
	if benchDB.dir != "" {
		os.RemoveAll(benchDB.dir)
	}
	os.Exit(code)
}

// benchDatabase returns the path of the shared benchmark database, making
// it on first use.
func benchDatabase(b *testing.B) string {
	b.Helper()
	benchDB.once.Do(func() { benchDB.err = makeBenchDatabase(b) })
	if benchDB.err != nil {
		b.Fatal(benchDB.err)
	}
	if testEngine == "postgres" {
		benchDB.pgOnce.Do(func() { benchDB.pgErr = makeBenchServer(b) })
		if benchDB.pgErr != nil {
			b.Fatal(benchDB.pgErr)
		}
		return benchDB.address
	}
	return benchDB.path
}

// makeBenchServer copies the benchmark database into a PostgreSQL
// database of its own, which the PostgreSQL pass measures; TestMain drops
// it when the run ends.
func makeBenchServer(b *testing.B) error {
	ctx := context.Background()
	src, err := sqlstore.Open(ctx, benchDB.path)
	if err != nil {
		return err
	}
	defer src.Close()
	src.SetActor(testAdmin)
	name := fmt.Sprintf("needlepoint_bench_%d", os.Getpid())
	admin, err := sql.Open("pgx", "")
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return err
	}
	benchDB.address = "postgres:///" + name
	dst, err := sqlstore.Open(ctx, benchDB.address)
	if err != nil {
		return err
	}
	defer dst.Close()
	start := time.Now()
	if _, err := src.CopyTo(ctx, dst); err != nil {
		return err
	}
	b.Logf("copied the benchmark clinic into %s in %v", benchDB.address, time.Since(start).Round(time.Millisecond))
	return nil
}

func makeBenchDatabase(b *testing.B) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "needlepoint-bench-")
	if err != nil {
		return err
	}
	benchDB.dir, benchDB.path = dir, filepath.Join(dir, "clinic.db")
	s, err := sqlstore.Open(ctx, benchDB.path)
	if err != nil {
		return err
	}
	s.SetActor(testAdmin)
	s.Now = func() time.Time { return datatest.Now }
	start := time.Now()
	err = demo.Fill(ctx, s, benchPatients, benchSeed, nil)
	elapsed := time.Since(start)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("demo.Fill: %w", err)
	}
	info, err := os.Stat(benchDB.path)
	if err != nil {
		return err
	}
	b.Logf("demo.Fill stored %d patients, their clinical records and the diary in %v; database file %.1f MB",
		benchPatients, elapsed.Round(time.Millisecond), float64(info.Size())/(1<<20))
	if benchDB.lots, err = usedLots(ctx, benchDB.path); err != nil {
		return err
	}

	// Fifty patients spread over the file; from each, alternately the last
	// or first name, the last four to six phone digits, and the birthday.
	patients := demo.Patients(benchPatients, benchSeed, datatest.Now)
	take := func(from int, query func(data.Patient) string) string {
		for i := from; i < len(patients); i++ {
			if q := query(patients[i]); q != "" {
				return q
			}
		}
		return ""
	}
	step := len(patients) / benchQueries
	for k := range benchQueries {
		from := k*step + step/2
		benchDB.namePrefixes = append(benchDB.namePrefixes, take(from, func(p data.Patient) string {
			if k%2 == 1 {
				return namePrefix(p.FirstName)
			}
			return namePrefix(p.LastName)
		}))
		benchDB.phoneEndings = append(benchDB.phoneEndings, take(from, func(p data.Patient) string {
			digits := data.PhoneDigits(p.Phone)
			if len(digits) < 6 {
				return ""
			}
			return digits[len(digits)-4-k%3:]
		}))
		benchDB.birthDates = append(benchDB.birthDates, take(from, func(p data.Patient) string {
			if p.DateOfBirth.IsZero() {
				return ""
			}
			return p.DateOfBirth.Format(time.DateOnly)
		}))
	}
	return nil
}

// namePrefix returns the first three letters of the name's first word of
// three or more, as a receptionist starts typing it.
func namePrefix(name string) string {
	for _, w := range strings.FieldsFunc(data.Fold(name), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(w) >= 3 {
			return string([]rune(w)[:3])
		}
	}
	return ""
}

func BenchmarkSearchNamePrefix(b *testing.B) {
	benchSearch(b, func() []string { return benchDB.namePrefixes })
}

func BenchmarkSearchPhoneDigits(b *testing.B) {
	benchSearch(b, func() []string { return benchDB.phoneEndings })
}

func BenchmarkSearchDateOfBirth(b *testing.B) {
	benchSearch(b, func() []string { return benchDB.birthDates })
}

// benchSearch searches the benchmark database for each query in turn and
// reports the median and 95th percentile time of one search, what a
// receptionist feels while typing.
func benchSearch(b *testing.B, queries func() []string) {
	ctx := context.Background()
	s := mustOpenPath(b, benchDatabase(b))
	list := queries()
	for _, q := range list { // warm the page cache, as in a running app
		if _, err := s.Search(ctx, q, data.DayFirst); err != nil {
			b.Fatalf("Search(%q): %v", q, err)
		}
	}
	times := make([]time.Duration, 0, b.N)
	found := 0
	for i := 0; b.Loop(); i++ {
		q := list[i%len(list)]
		start := time.Now()
		result, err := s.Search(ctx, q, data.DayFirst)
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatalf("Search(%q): %v", q, err)
		}
		if len(result) == 0 {
			b.Fatalf("Search(%q) found nobody, want at least the patient it was taken from", q)
		}
		found += len(result)
	}
	reportLatency(b, times)
	b.ReportMetric(float64(found)/float64(len(times)), "patients/op")
}

// BenchmarkOpenAndFirstPage is what starting Needlepoint costs before the
// patient list shows: open the file, list the recent patients, count all.
func BenchmarkOpenAndFirstPage(b *testing.B) {
	ctx := context.Background()
	path := benchDatabase(b)
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		s, err := sqlstore.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		s.SetActor(testAdmin)
		list, err := s.Search(ctx, "", data.DayFirst)
		if err != nil {
			b.Fatal(err)
		}
		c, err := s.CountPatients(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		if got, want := len(list), data.SearchLimit; got != want {
			b.Fatalf("first page has %d patients, want %d", got, want)
		}
		if got, want := c.Active+c.Archived, benchPatients; got != want {
			b.Fatalf("CountPatients = %d, want %d", got, want)
		}
	}
	reportLatency(b, times)
}

// usedLots reads the lots of the demo sessions straight from the file, as
// the store has no list of lots: cartridge and product lots alternately,
// spread over the years.
func usedLots(ctx context.Context, path string) ([]string, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var lists [2][]string
	for i, column := range []string{"cartridge_lot", "product_lot"} {
		rows, err := db.QueryContext(ctx, "SELECT DISTINCT "+column+" FROM sessions WHERE "+column+" <> '' ORDER BY 1")
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var lot string
			if err := rows.Scan(&lot); err != nil {
				rows.Close()
				return nil, err
			}
			lists[i] = append(lists[i], lot)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(lists[i]) == 0 {
			return nil, fmt.Errorf("the benchmark database has no %s", column)
		}
	}
	var lots []string
	for k := range benchQueries {
		list := lists[k%2]
		lots = append(lots, list[(k/2)*len(list)/(benchQueries/2)%len(list)])
	}
	return lots, nil
}

// BenchmarkLotLookup is a manufacturer's recall: every patient who had a
// cartridge or product lot, and when.
func BenchmarkLotLookup(b *testing.B) {
	ctx := context.Background()
	s := mustOpenPath(b, benchDatabase(b))
	lots := benchDB.lots
	for _, lot := range lots { // warm the page cache, as in a running app
		if _, err := s.LotLookup(ctx, lot); err != nil {
			b.Fatalf("LotLookup(%q): %v", lot, err)
		}
	}
	times := make([]time.Duration, 0, b.N)
	found := 0
	for i := 0; b.Loop(); i++ {
		lot := lots[i%len(lots)]
		start := time.Now()
		uses, err := s.LotLookup(ctx, lot)
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatalf("LotLookup(%q): %v", lot, err)
		}
		if len(uses) == 0 {
			b.Fatalf("LotLookup(%q) found no session, want the sessions it was taken from", lot)
		}
		found += len(uses)
	}
	reportLatency(b, times)
	b.ReportMetric(float64(found)/float64(len(times)), "sessions/op")
}

// BenchmarkLotLookupPart is a recall typed as the desk types it: a part of
// each lot in small letters, found inside every lot that contains it.
func BenchmarkLotLookupPart(b *testing.B) {
	ctx := context.Background()
	s := mustOpenPath(b, benchDatabase(b))
	var parts []string
	for _, lot := range benchDB.lots {
		parts = append(parts, strings.ToLower(lot[len(lot)/3:]))
	}
	times := make([]time.Duration, 0, b.N)
	found := 0
	for i := 0; b.Loop(); i++ {
		part := parts[i%len(parts)]
		start := time.Now()
		uses, err := s.LotLookup(ctx, part)
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatalf("LotLookup(%q): %v", part, err)
		}
		if len(uses) == 0 {
			b.Fatalf("LotLookup(%q) found no session, want those of the lot it was taken from", part)
		}
		found += len(uses)
	}
	reportLatency(b, times)
	b.ReportMetric(float64(found)/float64(len(times)), "sessions/op")
}

// BenchmarkRecall is the front desk's morning call list on a large
// clinic's database.
func BenchmarkRecall(b *testing.B) {
	ctx := context.Background()
	s := mustOpenPath(b, benchDatabase(b))
	var times []time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		list, err := s.Recall(ctx, datatest.Now)
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		n = len(list)
	}
	if n == 0 {
		b.Fatal("the recall list is empty; the benchmark database should have patients to call")
	}
	reportLatency(b, times)
	b.ReportMetric(float64(n), "patients")
}

// BenchmarkDayView loads the diary of today and of the next six days in
// turn, as the desk pages through the week the demo has filled.
func BenchmarkDayView(b *testing.B) {
	ctx := context.Background()
	s := mustOpenPath(b, benchDatabase(b))
	today := data.DateOf(datatest.Now)
	var times []time.Duration
	found := 0
	for i := 0; b.Loop(); i++ {
		day := today.AddDate(0, 0, i%7)
		start := time.Now()
		list, err := s.Appointments(ctx, day, day.AddDate(0, 0, 1))
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if len(list) == 0 && day.Weekday() != time.Sunday {
			b.Fatalf("no appointments on %s; the demo fills the diary from today", day.Format("Mon 2 Jan"))
		}
		found += len(list)
	}
	reportLatency(b, times)
	b.ReportMetric(float64(found)/float64(len(times)), "appointments/op")
}

// reportLatency adds the median and 95th percentile of times, in
// milliseconds, to the benchmark's results.
func reportLatency(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	ms := func(q float64) float64 {
		return float64(times[min(len(times)-1, int(q*float64(len(times))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
}

// BenchmarkRecentCartridgeLots reads the lots offered when a session form
// opens: those of the last weeks, out of years of sessions.
func BenchmarkRecentCartridgeLots(b *testing.B) {
	ctx := context.Background()
	s := mustOpenPath(b, benchDatabase(b))
	today := data.DateOf(datatest.Now)
	var times []time.Duration
	found := 0
	for b.Loop() {
		start := time.Now()
		lots, err := s.RecentCartridgeLots(ctx, today)
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if len(lots) == 0 {
			b.Fatal("no recent lots; the demo logs sessions up to today")
		}
		found += len(lots)
	}
	reportLatency(b, times)
	b.ReportMetric(float64(found)/float64(len(times)), "lots/op")
}
