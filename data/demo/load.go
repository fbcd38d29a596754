package demo

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// The operations of a clinic's day that BusyMorning times, in the order
// its report lists them.
const (
	OpSearch     = "search"
	OpOpenRecord = "open record"
	OpDiary      = "diary day"
	OpBook       = "book"
	OpCheckIn    = "check in"
	OpLogSession = "log session"
	OpSign       = "sign session"
	OpPrint      = "print"
)

var loadOps = []string{OpSearch, OpOpenRecord, OpDiary, OpBook, OpCheckIn, OpLogSession, OpSign, OpPrint}

// OpStats are the timings and outcomes of one kind of operation.
type OpStats struct {
	Name  string
	Times []time.Duration // of the operations that did not fail
	// Refused counts what the rules refused, as they should (a slot taken
	// a moment ago, a contraindication, no consent, a series already complete), with
	// how often each message came; Failed counts what went wrong.
	Refused, Failed int
	Refusals        map[string]int
}

// Percentile returns the p-th percentile (0–100) of the timings.
func (o OpStats) Percentile(p float64) time.Duration {
	if len(o.Times) == 0 {
		return 0
	}
	t := slices.Clone(o.Times)
	slices.Sort(t)
	return t[min(len(t)-1, int(float64(len(t))*p/100))]
}

// LoadReport is what BusyMorning measured and checked.
type LoadReport struct {
	Workstations int
	Duration     time.Duration
	Ops          []OpStats
	// Failures holds the first messages of the failed operations.
	Failures []string
	// Saved counts the bookings and sessions that were saved, and Lost
	// those of them not found afterwards.
	Saved, Lost int
	// ChainOK says the audit chain verified after the run.
	ChainOK bool
	Verdict string
}

// Failed is the number of operations that failed.
func (r LoadReport) Failed() int {
	n := 0
	for _, o := range r.Ops {
		n += o.Failed
	}
	return n
}

// String is the report as a table, one operation a line.
func (r LoadReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d workstations for %s\n\n", r.Workstations, r.Duration.Round(time.Second))
	fmt.Fprintf(&b, "%-14s %7s %9s %9s %9s %8s %7s\n", "operation", "count", "p50 ms", "p95 ms", "max ms", "refused", "failed")
	for _, o := range r.Ops {
		fmt.Fprintf(&b, "%-14s %7d %9.1f %9.1f %9.1f %8d %7d\n", o.Name, len(o.Times), ms(o.Percentile(50)),
			ms(o.Percentile(95)), ms(o.Percentile(100)), o.Refused, o.Failed)
	}
	for _, o := range r.Ops {
		msgs := slices.Collect(maps.Keys(o.Refusals))
		slices.SortFunc(msgs, func(a, b string) int { return o.Refusals[b] - o.Refusals[a] })
		for _, msg := range msgs[:min(len(msgs), 2)] {
			fmt.Fprintf(&b, "%s refused %d of %d times, e.g. %q\n", o.Name, o.Refusals[msg], o.Refused, msg)
		}
	}
	fmt.Fprintf(&b, "\nSaved %d bookings and sessions; %d not found afterwards.\n", r.Saved, r.Lost)
	if r.ChainOK {
		b.WriteString("The audit chain verifies.\n")
	} else {
		fmt.Fprintf(&b, "THE AUDIT CHAIN DOES NOT VERIFY: %s\n", r.Verdict)
	}
	for _, f := range r.Failures {
		fmt.Fprintf(&b, "failed: %s\n", f)
	}
	return b.String()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadRun is what the workstations of one run share.
type loadRun struct {
	mu       sync.Mutex
	ops      map[string]*OpStats
	failures []string
	// series are active series with sessions still to log, and left how
	// many.
	series []int64
	left   map[int64]int
	// patients are the IDs of the patients the workstations pick from,
	// names their surnames to search for.
	patients []int64
	names    []string
	staff    []data.StaffMember
	// saved lists what was saved: "appointment 12", "session 40 signed".
	saved []savedRecord
}

type savedRecord struct {
	appointment, session int64
	signed               bool
}

// BusyMorning runs a clinic's busy morning against one database: n
// workstations, each a store of its own as each PC is, work for d at a
// brisk person's pace (an action every 0.1 to 0.5 s) with the day's mix — the desks search, open records, look at the diary, book and
// check in; the treatment rooms search, open records, log and sign
// sessions and print — and the report gives the timings of each operation,
// what failed, whether every saved booking and session is there afterwards
// and whether the audit chain verifies. The database should be a demo's
// (Fill): BusyMorning adds bookings and sessions to it.
func BusyMorning(ctx context.Context, open func(context.Context) (*sqlstore.Store, error), n int, d time.Duration, seed int64) (LoadReport, error) {
	admin, err := open(ctx)
	if err != nil {
		return LoadReport{}, err
	}
	defer admin.Close()
	admin.SetActor(data.CommandLine("load test"))
	run := &loadRun{ops: map[string]*OpStats{}, left: map[int64]int{}}
	if err := run.prepare(ctx, admin, seed); err != nil {
		return LoadReport{}, err
	}
	stores := make([]*sqlstore.Store, n)
	for i := range stores {
		if stores[i], err = open(ctx); err != nil {
			return LoadReport{}, err
		}
		defer stores[i].Close()
	}
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run.workstation(ctx, s, i, deadline, seed)
		}()
	}
	wg.Wait()
	report := LoadReport{Workstations: n, Duration: d, Failures: run.failures}
	for _, name := range loadOps {
		if o := run.ops[name]; o != nil {
			report.Ops = append(report.Ops, *o)
		}
	}
	report.Saved, report.Lost = len(run.saved), run.lost(ctx, admin)
	verdict, err := admin.VerifyAudit(ctx)
	if err != nil {
		return report, err
	}
	report.ChainOK, report.Verdict = verdict.OK(), fmt.Sprintf("%+v", verdict)
	return report, nil
}

// prepare finds the patients, staff and series the workstations use.
func (r *loadRun) prepare(ctx context.Context, s *sqlstore.Store, seed int64) error {
	staff, err := s.Staff(ctx, true)
	if err != nil {
		return err
	}
	r.staff = staff
	counts, err := s.CountPatients(ctx)
	if err != nil {
		return err
	}
	total := counts.Active + counts.Archived
	if total < 50 {
		return data.Errorf(data.EINVALID, "The load test needs a demo database of at least 50 patients; make one with: needlepoint demo --db DB --patients 2000")
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	for len(r.patients) < 400 || len(r.series) < 300 && len(r.patients) < 3000 {
		id := int64(1 + rng.IntN(total))
		p, err := s.Patient(ctx, id)
		if err != nil || p.Archived() {
			continue
		}
		r.patients, r.names = append(r.patients, id), append(r.names, p.LastName)
		series, err := s.PatientSeries(ctx, id)
		if err != nil {
			return err
		}
		for _, ts := range series {
			if ts.Status != data.SeriesActive {
				continue
			}
			logged, err := s.SeriesSessions(ctx, ts.ID)
			if err != nil {
				return err
			}
			if len(logged) < ts.PlannedSessions {
				r.series = append(r.series, ts.ID)
				r.left[ts.ID] = ts.PlannedSessions - len(logged)
			}
		}
	}
	return nil
}

// by returns the first active staff member of role.
func (r *loadRun) by(role data.Role, i int) data.StaffMember {
	var of []data.StaffMember
	for _, m := range r.staff {
		if m.Role == role {
			of = append(of, m)
		}
	}
	if len(of) == 0 {
		return data.StaffMember{Name: "Load test", Role: role}
	}
	return of[i%len(of)]
}

// workstation works as one PC until deadline: even ones are treatment
// rooms, odd ones the desk.
func (r *loadRun) workstation(ctx context.Context, s *sqlstore.Store, i int, deadline time.Time, seed int64) {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(100+i)))
	desk := i%2 == 1
	me := r.by(data.RolePractitioner, i/2)
	if desk {
		me = r.by(data.RoleReception, i/2)
	}
	s.SetActor(data.Actor{StaffID: me.ID, Name: me.Name, Role: me.Role, Username: "load" + fmt.Sprint(i)})
	var booked, sessions []int64
	for time.Now().Before(deadline) && ctx.Err() == nil {
		// A person's pace, and a brisk one: a click every 0.1 to 0.5 s.
		time.Sleep(time.Duration(100+rng.IntN(400)) * time.Millisecond)
		pick := rng.IntN(100)
		patient := r.patients[rng.IntN(len(r.patients))]
		switch {
		case pick < 30:
			name := r.names[rng.IntN(len(r.names))]
			r.time(OpSearch, func() error {
				_, err := s.Search(ctx, name[:min(len(name), 4)], data.DayFirst)
				return err
			})
		case pick < 55:
			r.time(OpOpenRecord, func() error { return openRecord(ctx, s, patient) })
		case pick < 60:
			r.time(OpDiary, func() error {
				day := time.Now().Truncate(24 * time.Hour)
				_, err := s.Appointments(ctx, day, day.AddDate(0, 0, 1))
				return err
			})
		case desk && pick < 80:
			r.time(OpBook, func() error {
				a, err := r.book(ctx, s, rng, patient)
				if err == nil {
					booked = append(booked, a)
				}
				return err
			})
		case desk:
			if len(booked) == 0 {
				continue
			}
			id := booked[0]
			booked = booked[1:]
			r.time(OpCheckIn, func() error { return s.SetStatus(ctx, id, 1, data.StatusCheckedIn, "") })
		case pick < 85:
			if len(sessions) == 0 {
				continue
			}
			id := sessions[rng.IntN(len(sessions))]
			r.time(OpPrint, func() error {
				if _, err := s.Session(ctx, id); err != nil {
					return err
				}
				_, err := s.RecordPrint(ctx, id, "Aftercare sheet")
				return err
			})
		default:
			if id, ok := r.logAndSign(ctx, s, me); ok {
				sessions = append(sessions, id)
			}
		}
	}
}

// openRecord reads what opening a patient's record shows.
func openRecord(ctx context.Context, s *sqlstore.Store, id int64) error {
	if _, err := s.ViewPatient(ctx, id); err != nil {
		return err
	}
	if _, err := s.LatestScreening(ctx, id); err != nil {
		return err
	}
	if _, err := s.PatientSeries(ctx, id); err != nil {
		return err
	}
	_, err := s.PatientAppointments(ctx, id)
	return err
}

// book books a consultation for patient at a random quarter hour of a
// weekday in the coming months.
func (r *loadRun) book(ctx context.Context, s *sqlstore.Store, rng *rand.Rand, patient int64) (int64, error) {
	day := time.Now().AddDate(0, 0, 1+rng.IntN(120))
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 15*rng.IntN(28), 0, 0, time.Local)
	by := r.by(data.RolePractitioner, rng.IntN(8))
	a := data.Appointment{PatientID: patient, PractitionerID: by.ID, Kind: data.KindConsultation, Start: start, DurationMinutes: 30}
	if err := s.Book(ctx, &a); err != nil {
		return 0, err
	}
	r.mu.Lock()
	r.saved = append(r.saved, savedRecord{appointment: a.ID})
	r.mu.Unlock()
	return a.ID, nil
}

// logAndSign logs the next session of a series from the pool and signs
// it, timing each.
func (r *loadRun) logAndSign(ctx context.Context, s *sqlstore.Store, me data.StaffMember) (int64, bool) {
	r.mu.Lock()
	if len(r.series) == 0 {
		r.mu.Unlock()
		return 0, false
	}
	series := r.series[0]
	r.series = r.series[1:]
	r.mu.Unlock()
	var x data.Session
	ok := r.time(OpLogSession, func() error {
		var err error
		if x, err = s.PrefillSession(ctx, series); err != nil {
			return err
		}
		now := time.Now()
		x.PerformedAt, x.PractitionerID = now, me.ID
		x.CartridgeLot, x.CartridgeExpiry = fmt.Sprintf("LOAD%06d", now.Nanosecond()/1000), data.DateOf(now.AddDate(1, 0, 0))
		x.Device, x.Comfort, x.DurationMinutes = "Dr. Pen A10", 2, 45
		for i, a := range x.Areas {
			if a.Depth < data.MinDepth {
				x.Areas[i].Depth = data.MinDepth
				if lo, _, ok := data.DepthGuide(a.Area); ok {
					x.Areas[i].Depth = lo
				}
			}
		}
		return s.LogSession(ctx, &x)
	})
	if !ok {
		return 0, false
	}
	signed := r.time(OpSign, func() error { return s.SignSession(ctx, x.ID, x.Version, me.ID) })
	r.mu.Lock()
	r.saved = append(r.saved, savedRecord{session: x.ID, signed: signed})
	if r.left[series]--; signed && r.left[series] > 0 {
		r.series = append(r.series, series) // its next session, later
	}
	r.mu.Unlock()
	return x.ID, signed
}

// time runs op, records how long it took and how it ended, and reports
// whether it succeeded.
func (r *loadRun) time(name string, op func() error) bool {
	start := time.Now()
	err := op()
	took := time.Since(start)
	r.mu.Lock()
	defer r.mu.Unlock()
	o := r.ops[name]
	if o == nil {
		o = &OpStats{Name: name}
		r.ops[name] = o
	}
	switch data.ErrorCode(err) {
	case "":
		o.Times = append(o.Times, took)
		return true
	case data.ECONFLICT, data.EINVALID, data.ELOCKED, data.ENOCONSENT:
		o.Refused++
		if o.Refusals == nil {
			o.Refusals = map[string]int{}
		}
		o.Refusals[data.ErrorMessage(err)]++
	default:
		o.Failed++
		if len(r.failures) < 10 {
			r.failures = append(r.failures, name+": "+err.Error())
		}
	}
	return false
}

// lost counts the saved bookings and sessions that cannot be read back
// as they were saved.
func (r *loadRun) lost(ctx context.Context, s *sqlstore.Store) int {
	n := 0
	for _, sr := range r.saved {
		if sr.appointment != 0 {
			if _, err := s.Appointment(ctx, sr.appointment); err != nil {
				n++
			}
			continue
		}
		x, err := s.Session(ctx, sr.session)
		if err != nil || x.Signed() != sr.signed {
			n++
		}
	}
	return n
}
