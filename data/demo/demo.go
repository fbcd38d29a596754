// Package demo makes believable patient records for demonstrations,
// screenshots and benchmarks. The same seed always gives the same patients.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// batchSize is how many patients Fill stores per transaction: large enough
// that commits do not dominate, small enough for steady progress reports.
const batchSize = 2000

// yearsOnFile is how far back the oldest demo registration goes.
const yearsOnFile = 6

// Patients returns n demo patients as they would stand on today: registered
// over the past six years in ID order, about 3% archived and about 0.5%
// near-duplicates of an earlier patient. The first few always include names
// such as Zoë, Łukasz, Дмитрий, O'Brien and Nguyễn, so that even a small demo
// database shows what search does with accents and other alphabets.
func Patients(n int, seed int64, today time.Time) []data.Patient {
	if n <= 0 {
		return nil
	}
	return newGenerator(n, seed, today).batch(n)
}

// demoClinic is the made-up clinic printed on the demo's handouts. Its
// phone number is from the range reserved for drama.
var demoClinic = data.ClinicDetails{
	Name:                "Needlepoint Demo Skin Clinic",
	Address:             "1 Example Street\nBrighton BN1 1AA",
	Phone:               "01632 960123",
	PaperSize:           data.PaperA4,
	RecommendedProducts: "Redness Solution Complex\nRejuvenative Moisturizer\nMineral sunscreen SPF 50",
}

// Stages of Fill, as progress reports them: the words finish "3 of 10 …".
const (
	StagePatients = "patients"
	StageClinical = "patients given clinical records"
)

// Fill stores n demo patients in s, the same ones Patients(n, seed, s.Now())
// returns, in batches of a few thousand, then a staff directory and, for
// about a third of the active patients, clinical records consistent in
// time: screenings (some with a caution, a few contraindicated),
// consultations (mostly signed, some with an addendum), treatment series in
// every state and their sessions with device, lots and products, and, for
// a few series, a photo consent and drawn test cards as the photos of
// every session. For large
// n the clinical records are capped at a few thousand patients, spread over
// the whole file, because each is stored in its own transactions.
//
// The diary matches the records: a completed appointment at every
// consultation and session, missed and cancelled ones, next sessions and
// reviews booked for many series and left for the recall list for others,
// and, from today for two weeks, each practitioner's day filled with other
// patients' consultations and visits, never on a Sunday and never two at
// once. Times are wall-clock times in the zone of s.Now().
//
// The staff of Accounts get their sign-ins, and the records are written
// in the name of the practitioner who made them, so the audit trail reads
// like a clinic's.
//
// progress, when not nil, is called in two stages: StagePatients after
// each batch of patients with how many of the n are stored, then
// StageClinical every hundred patients given clinical records with how
// many of those are done.
//
// s should be a new, empty database: the clinical records find the stored
// patients by the IDs the import gives them.
func Fill(ctx context.Context, s *sqlstore.Store, n int, seed int64, progress func(stage string, done, total int)) error {
	if n <= 0 {
		return nil
	}
	counts, err := s.CountPatients(ctx)
	if err != nil {
		return err
	}
	base := int64(counts.Active + counts.Archived)
	g := newGenerator(n, seed, s.Now())
	stored := make([]slim, 0, n)
	for done := 0; done < n; {
		if err := ctx.Err(); err != nil {
			return err
		}
		size := min(batchSize, n-done)
		batch := g.batch(size)
		if err := s.ImportPatients(ctx, batch); err != nil {
			return err
		}
		for i := range batch {
			stored = append(stored, slimOf(base+int64(len(stored))+1, &batch[i]))
		}
		done += size
		if progress != nil {
			progress(StagePatients, done, n)
		}
	}
	return fillClinical(ctx, s, stored, seed, progress)
}

// fillClinical creates the staff and the clinical records of a share of the
// active patients in stored.
func fillClinical(ctx context.Context, s *sqlstore.Store, stored []slim, seed int64, progress func(stage string, done, total int)) error {
	first, err := s.Patient(ctx, stored[0].id)
	if err != nil || !first.CreatedAt.Equal(stored[0].created) {
		return fmt.Errorf("demo: the imported patients did not get the expected IDs; fill a new, empty database")
	}
	c, err := newClinical(ctx, s, seed)
	if err != nil {
		return err
	}
	// The records are written in their practitioners' names; the rest in
	// the name of whoever fills the demo.
	who, _ := s.Actor()
	defer s.SetActor(who)
	if err := c.hireStaff(); err != nil {
		return err
	}
	if err := s.SaveClinicDetails(ctx, demoClinic); err != nil {
		return err
	}
	active := 0
	for _, p := range stored {
		if !p.archived {
			active++
		}
	}
	// Per mille, so that the cap spreads the records over the whole file.
	share := min(10*clinicalPercent, 1000*maxClinical/max(active, 1))
	var chosen, others []slim
	for _, p := range stored {
		switch {
		case p.archived:
		case c.rng.IntN(1000) < share:
			chosen = append(chosen, p)
		default:
			others = append(others, p)
		}
	}
	for i, p := range chosen {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := c.patient(p); err != nil {
			return fmt.Errorf("demo: patient %d: %w", p.id, err)
		}
		if progress != nil && ((i+1)%clinicalProgress == 0 || i+1 == len(chosen)) {
			progress(StageClinical, i+1, len(chosen))
		}
	}
	if err := c.photos(chosen); err != nil {
		return err
	}
	c.fillDiary(others)
	if err := c.diary.store(ctx, s); err != nil {
		return fmt.Errorf("demo: appointments: %w", err)
	}
	s.SetActor(who)
	if err := c.retire(); err != nil {
		return err
	}
	return openAccounts(ctx, s)
}

// generator makes patients one after another. It remembers phone numbers
// and email addresses in use so that they repeat only on purpose.
type generator struct {
	rng       *rand.Rand
	today     time.Time
	n, made   int
	start     time.Time
	span      time.Duration
	phones    map[string]bool
	emails    map[string]bool
	recent    []data.Patient // the last few hundred, to copy as near-duplicates
	originSum int
}

func newGenerator(n int, seed int64, today time.Time) *generator {
	g := &generator{
		// The second PCG word is fixed ("needptn"); the seed alone picks
		// the sequence.
		rng:    rand.New(rand.NewPCG(uint64(seed), 0x6e65656470746e)),
		today:  today,
		n:      n,
		start:  today.AddDate(-yearsOnFile, 0, 0),
		phones: make(map[string]bool, n),
		emails: make(map[string]bool, n),
	}
	g.span = today.Sub(g.start)
	for _, o := range origins {
		g.originSum += o.weight
	}
	return g
}

func (g *generator) batch(size int) []data.Patient {
	list := make([]data.Patient, size)
	for i := range list {
		list[i] = g.next()
	}
	return list
}

// next makes the next patient. Registration times rise with the index, as
// IDs do in a real clinic.
func (g *generator) next() data.Patient {
	i := g.made
	g.made++
	u := g.rng.Float64()
	created := g.atWork(g.start.Add(time.Duration(float64(g.span)*(float64(i)+u)/float64(g.n))), time.Time{})
	var p data.Patient
	duplicate := false
	switch {
	case i < len(showcase):
		c := showcase[i]
		p = g.person(created, origins[c.origin], c.first, c.last, c.sex)
		p.PreferredName = c.preferred
	case i >= 4*len(showcase) && g.rng.IntN(200) == 0:
		p, duplicate = g.nearDuplicate(created), true
	default:
		p = g.randomPerson(created)
	}
	g.history(&p, created, duplicate, i < len(showcase))
	if len(g.recent) < 500 {
		g.recent = append(g.recent, p)
	} else {
		g.recent[i%500] = p
	}
	return p
}

// randomPerson draws a name from one origin, the first name now and then
// from another.
func (g *generator) randomPerson(created time.Time) data.Patient {
	o := g.origin()
	var sex data.Sex
	switch r := g.rng.IntN(100); {
	case r < 68: // most clients of a skin clinic are women
		sex = data.SexFemale
	case r < 94:
		sex = data.SexMale
	case r < 96:
		sex = data.SexOther
	}
	firstFrom := o
	if other := g.origin(); g.rng.IntN(100) < 15 && !o.native && !other.native {
		firstFrom = other
	}
	pool := firstFrom.female
	if sex == data.SexMale || (sex != data.SexFemale && g.rng.IntN(2) == 0) {
		pool = firstFrom.male
	}
	first := spaced(g.pick(pool))
	last := g.pick(o.family)
	if g.rng.IntN(50) == 0 {
		if other := g.pick(o.family); other != last {
			last += "-" + other
		}
	}
	last = spaced(last)
	if sex == data.SexFemale && o.feminine != nil {
		last = o.feminine(last)
	}
	p := g.person(created, o, first, last, sex)
	if nicks := nicknames[first]; len(nicks) > 0 && g.rng.IntN(3) == 0 {
		p.PreferredName = g.pick(nicks)
	}
	if g.rng.IntN(100) == 0 {
		p.DateOfBirth = time.Time{} // not given at registration
	}
	return p
}

// person fills in everything but the name with what a registration form
// usually holds, some fields often left blank.
func (g *generator) person(created time.Time, o origin, first, last string, sex data.Sex) data.Patient {
	p := data.Patient{FirstName: first, LastName: last, Sex: sex}
	p.DateOfBirth = g.dateOfBirth(created)
	if g.rng.IntN(50) != 0 {
		p.Phone = g.phone()
	}
	if g.rng.IntN(100) < 82 {
		p.Email = g.email(first, last, p.DateOfBirth)
	}
	if g.rng.IntN(100) < 70 {
		p.Address = g.address()
	}
	if g.rng.IntN(100) >= 15 {
		p.SkinType = o.skin[0] + data.SkinType(g.rng.IntN(int(o.skin[1]-o.skin[0])+1))
		if g.rng.IntN(10) == 0 {
			p.SkinType = min(6, max(1, p.SkinType+data.SkinType(g.rng.IntN(3)-1)))
		}
	}
	if g.rng.IntN(100) < 20 {
		p.Allergies = g.some(allergies, 2, ", ")
	}
	if g.rng.IntN(100) < 30 {
		p.Medications = g.some(medications, 3, "\n")
	}
	if g.rng.IntN(100) < 25 {
		p.MedicalNotes = g.some(medicalNotes, 2, "\n")
	}
	if g.rng.IntN(100) < 30 {
		p.EmergencyContactName, p.EmergencyContactPhone = g.emergencyContact(o, last)
	}
	p.ReminderConsent = g.rng.IntN(100) < 85
	return p
}

// nearDuplicate copies a recent patient the way a second registration
// happens: same name and date of birth with another phone, or the same
// phone with the name spelled differently.
func (g *generator) nearDuplicate(created time.Time) data.Patient {
	q := g.recent[g.rng.IntN(len(g.recent))]
	p := data.Patient{
		FirstName: q.FirstName, LastName: q.LastName, PreferredName: q.PreferredName,
		DateOfBirth: q.DateOfBirth, Sex: q.Sex, Phone: q.Phone, Email: q.Email,
		SkinType: q.SkinType, ReminderConsent: q.ReminderConsent,
	}
	if g.rng.IntN(2) == 0 {
		if v, ok := variant(p.LastName); ok {
			p.LastName = v
		} else if v, ok := variant(p.FirstName); ok {
			p.FirstName = v
		}
	}
	if p.FirstName == q.FirstName && p.LastName == q.LastName {
		p.Phone = g.phone()
		if g.rng.IntN(2) == 0 {
			p.Email = ""
		}
	} else if g.rng.IntN(3) == 0 {
		p.DateOfBirth = time.Time{}
	}
	return p
}

// history sets when the record was created, last changed and, for a few,
// archived.
func (g *generator) history(p *data.Patient, created time.Time, duplicate, keepActive bool) {
	p.CreatedAt, p.UpdatedAt = created, created
	onFile := g.today.Sub(created)
	if g.rng.IntN(2) == 0 {
		p.UpdatedAt = g.atWork(created.Add(g.duration(onFile)), created)
	}
	archive := g.rng.IntN(100) < 3
	if duplicate {
		archive = g.rng.IntN(4) == 0
	}
	if keepActive || !archive || onFile < time.Minute {
		return
	}
	p.ArchivedAt = g.atWork(created.Add(g.duration(onFile)), created.Add(time.Second))
	p.UpdatedAt = p.ArchivedAt
	p.ArchiveReason = g.pick(archiveReasons)
	if duplicate {
		p.ArchiveReason = "Duplicate record, merged into the older one"
	}
}

// atWork moves t to the same share of the clinic's working day, 9:00 to
// 18:00, keeping it from earliest to today.
func (g *generator) atWork(t, earliest time.Time) time.Time {
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	share := float64(t.Sub(day)) / float64(24*time.Hour)
	t = day.Add(9*time.Hour + time.Duration(share*float64(9*time.Hour))).Truncate(time.Second)
	if t.Before(earliest) {
		t = earliest
	}
	if t.After(g.today) {
		t = g.today
	}
	return t
}

// dateOfBirth gives an adult of 18 to 80, mostly 22 to 55, now and then a
// 16 or 17 year old registered recently; nobody was under 16 when
// registered.
func (g *generator) dateOfBirth(created time.Time) time.Time {
	today := data.DateOf(g.today)
	for {
		var age int
		switch r := g.rng.IntN(100); {
		case r < 2 && g.today.Sub(created) < 365*24*time.Hour:
			age = 16 + g.rng.IntN(2)
		case r < 70:
			age = 22 + g.rng.IntN(34)
		default:
			age = 18 + g.rng.IntN(63)
		}
		dob := today.AddDate(-age, 0, -g.rng.IntN(365))
		if !dob.AddDate(16, 0, 0).After(created) {
			return dob
		}
	}
}

// origin draws a naming tradition by its weight.
func (g *generator) origin() origin {
	r := g.rng.IntN(g.originSum)
	for _, o := range origins {
		if r < o.weight {
			return o
		}
		r -= o.weight
	}
	return origins[0]
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// some joins one to most different entries of list.
func (g *generator) some(list []string, most int, sep string) string {
	k := 1 + g.rng.IntN(most)
	picked := make([]string, 0, k)
	for _, i := range g.rng.Perm(len(list))[:k] {
		picked = append(picked, list[i])
	}
	return strings.Join(picked, sep)
}

// duration returns a random span from 0 to d.
func (g *generator) duration(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(g.rng.Int64N(int64(d) + 1))
}

// plainLetters are the letters people write without their stroke or
// diaeresis that Unicode does not decompose, or (й) must keep.
var plainLetters = map[rune]rune{
	'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D', 'ı': 'i',
	'ё': 'е', 'Ё': 'Е',
}

// variant returns another way a receptionist might spell name: a common
// alternative spelling (Catherine → Katherine), without its accents
// (Zoë → Zoe, Фёдоров → Федоров), or with a typing slip.
func variant(name string) (string, bool) {
	if v, ok := spellings[name]; ok {
		return v, true
	}
	var b strings.Builder
	for _, r := range name {
		switch plain, ok := plainLetters[r]; {
		case ok:
			b.WriteRune(plain)
		case unicode.In(r, unicode.Latin, unicode.Greek):
			for _, c := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, c) {
					b.WriteRune(c)
				}
			}
		default:
			b.WriteRune(r)
		}
	}
	if v := b.String(); v != name {
		return v, true
	}
	return typo(name)
}

// typo writes a doubled letter once (Russell → Russel) or swaps two letters
// inside the name (Okafor → Okafro), the slips of a busy desk.
func typo(name string) (string, bool) {
	r := []rune(name)
	for i := 1; i < len(r); i++ {
		if r[i] == r[i-1] && unicode.IsLetter(r[i]) {
			return string(r[:i]) + string(r[i+1:]), true
		}
	}
	for i := len(r) - 2; i >= 1; i-- {
		if r[i] != r[i+1] && unicode.IsLower(r[i]) && unicode.IsLower(r[i+1]) {
			r[i], r[i+1] = r[i+1], r[i]
			return string(r), true
		}
	}
	return name, false
}
