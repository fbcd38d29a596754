package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// Clinical records are stored through the store's ordinary methods, one
// transaction each (about a dozen per patient), so they cost far more than
// the batched patients. A realistic share of the patients gets them, capped
// for very large demo files so that a 100,000-patient database is still
// made in well under a minute.
const (
	clinicalPercent  = 35   // of active patients, in a small demo file
	maxClinical      = 2000 // patients with clinical records, at most
	clinicalProgress = 100  // clinical patients between progress reports
)

// slim is what the clinical generator needs to know of a stored patient.
type slim struct {
	id       int64
	created  time.Time
	archived bool
	sex      data.Sex
	dob      time.Time
	skin     data.SkinType
}

func slimOf(id int64, p *data.Patient) slim {
	return slim{id: id, created: p.CreatedAt, archived: p.Archived(), sex: p.Sex, dob: p.DateOfBirth, skin: p.SkinType}
}

// staff is the demo clinic's staff directory. former worked at the clinic
// until leftOn and signed the older notes; newcomer replaced her.
type staff struct {
	lead, newcomer, former data.StaffMember
	leftOn                 time.Time
}

// clinical makes the screenings, consultations, series and sessions of
// chosen patients, with its own random sequence so that the patients
// themselves stay what Patients returns.
type clinical struct {
	ctx      context.Context
	s        *sqlstore.Store
	rng      *rand.Rand
	today    time.Time // calendar day
	rules    data.ClinicRules
	staff    staff
	diary    *diary
	consents consents
	// sessionsToday counts the treatment sessions booked for today, so
	// that a newcomer finds some in the day's diary to log.
	sessionsToday int
}

// at runs f with the store's clock at t, or at the real time when t is
// still to come: what the demo signs in the past is signed then, as it
// was in the clinic, not on the day the demo was made.
func (c *clinical) at(t time.Time, f func() error) error {
	clock := c.s.Now
	if now := clock(); t.After(now) {
		t = now
	}
	c.s.Now = func() time.Time { return t }
	defer func() { c.s.Now = clock }()
	return f()
}

func newClinical(ctx context.Context, s *sqlstore.Store, seed int64) (*clinical, error) {
	rules, err := s.ClinicRules(ctx)
	if err != nil {
		return nil, err
	}
	// "clinical" as the second PCG word.
	rng := rand.New(rand.NewPCG(uint64(seed), 0x636c696e6963616c))
	return &clinical{ctx: ctx, s: s, rules: rules, today: data.DateOf(s.Now()), rng: rng,
		diary: newDiary(rng, s.Now()), consents: consents{until: map[int64]time.Time{}}}, nil
}

// hireStaff creates the staff directory: two practitioners, an
// administrator, two receptionists and a former practitioner, who is
// created active so that the older notes can carry her name and is marked
// inactive by retire once they are written.
func (c *clinical) hireStaff() error {
	list := []data.StaffMember{
		{Name: "Dr Amelia Hart", Role: data.RolePractitioner, Active: true},
		{Name: "Marta Kowalska", Role: data.RolePractitioner, Active: true},
		{Name: "Nadia Petrova", Role: data.RolePractitioner, Active: true},
		{Name: "Fiona Byrne", Role: data.RoleAdmin, Active: true},
		{Name: "Jamal Reid", Role: data.RoleReception, Active: true},
		{Name: "Chloé Martin", Role: data.RoleReception, Active: true},
	}
	for i := range list {
		if err := c.s.CreateStaffMember(c.ctx, &list[i]); err != nil {
			return err
		}
	}
	c.staff = staff{lead: list[0], newcomer: list[1], former: list[2], leftOn: c.today.AddDate(-2, -3, 0)}
	return nil
}

// as makes m the store's user for the writes that follow, so each note is
// written and signed by its practitioner in person, as at the clinic.
func (c *clinical) as(m data.StaffMember) {
	c.s.SetActor(data.Actor{StaffID: m.ID, Name: m.Name, Role: m.Role})
}

// retire marks the former practitioner as no longer working at the clinic.
func (c *clinical) retire() error {
	c.staff.former.Active = false
	return c.s.UpdateStaffMember(c.ctx, &c.staff.former)
}

// practitioner returns who worked with a patient on day: the lead or, for
// half the patients, the former practitioner before she left and her
// replacement after.
func (c *clinical) practitioner(day time.Time, second bool) data.StaffMember {
	switch {
	case !second:
		return c.staff.lead
	case day.Before(c.staff.leftOn):
		return c.staff.former
	}
	return c.staff.newcomer
}

// plan is a patient's course of care as the generator decides it before
// storing anything.
type plan struct {
	p        slim
	second   bool // sees the second practitioner
	consult  time.Time
	concerns []data.Indication
	areas    []data.SessionArea
	sessions int
	interval int
}

// patient stores the clinical records of one patient, consistent in time:
// screening, consultation, series from the consultation's plan, sessions,
// and their appointments in the diary. A patient whose consultation is
// still to come has only that appointment.
func (c *clinical) patient(p slim) error {
	pl := plan{p: p, second: c.rng.IntN(2) == 0}
	// Most patients book their consultation within a month of registering.
	pl.consult = workingDay(data.DateOf(p.created).AddDate(0, 0, c.rng.IntN(30)))
	if !c.consultationBooked(&pl) {
		return nil
	}
	pl.concerns = c.concerns()
	pl.areas = c.areasFor(pl.concerns)
	pl.sessions = 3 + c.rng.IntN(4)
	pl.interval = 4
	if pl.concerns[0] == data.IndicationStretchMarks && c.rng.IntN(2) == 0 {
		pl.interval = 6
	}

	sc, followUp := c.screening(pl)
	if err := c.s.CreateScreening(c.ctx, &sc); err != nil {
		return fmt.Errorf("screening: %w", err)
	}
	latest := &sc
	if !followUp.IsZero() {
		// The wound or acne has settled: a new screening clears the way.
		again := data.Screening{PatientID: p.id, ScreenedOn: followUp, RecordedBy: sc.RecordedBy,
			Indications: sc.Indications, Notes: "Area re-examined: skin intact and calm."}
		if err := c.s.CreateScreening(c.ctx, &again); err != nil {
			return fmt.Errorf("follow-up screening: %w", err)
		}
		latest = &again
	}

	// A recent consultation may still be a draft; now and then an old one
	// was never signed, which the clinic should notice.
	draft := (c.today.Sub(pl.consult) < 21*24*time.Hour && c.rng.IntN(3) == 0) || c.rng.IntN(50) == 0
	cons, err := c.consultation(pl, draft)
	if err != nil {
		return err
	}
	if draft {
		return nil // the plan is still being discussed
	}
	start, override, ok := c.firstSessionDay(pl, latest)
	if !ok {
		return nil // contraindicated for now: consultation only
	}
	return c.series(pl, cons, latest, start, override)
}

// concerns draws one or two indications, weighted as a skin clinic sees
// them.
func (c *clinical) concerns() []data.Indication {
	weighted := []struct {
		i data.Indication
		w int
	}{
		{data.IndicationAcneScars, 26}, {data.IndicationFineLines, 20},
		{data.IndicationHyperpigmentation, 12}, {data.IndicationLargePores, 10},
		{data.IndicationUnevenSkinTone, 9}, {data.IndicationReducedElasticity, 8},
		{data.IndicationStretchMarks, 7}, {data.IndicationScars, 5}, {data.IndicationRosacea, 3},
	}
	draw := func() data.Indication {
		r := c.rng.IntN(100)
		for _, x := range weighted {
			if r < x.w {
				return x.i
			}
			r -= x.w
		}
		return weighted[0].i
	}
	list := []data.Indication{draw()}
	if c.rng.IntN(3) == 0 {
		if other := draw(); other != list[0] {
			list = append(list, other)
		}
	}
	return list
}

// concernAreas are the areas usually treated for each indication.
var concernAreas = map[data.Indication][]data.Area{
	data.IndicationAcneScars:         {data.AreaCheeks, data.AreaChin, data.AreaForehead},
	data.IndicationFineLines:         {data.AreaForehead, data.AreaAroundEyes, data.AreaUpperLip},
	data.IndicationHyperpigmentation: {data.AreaCheeks, data.AreaForehead},
	data.IndicationLargePores:        {data.AreaCheeks, data.AreaNose},
	data.IndicationUnevenSkinTone:    {data.AreaCheeks, data.AreaForehead, data.AreaChin},
	data.IndicationReducedElasticity: {data.AreaJawline, data.AreaNeck, data.AreaDecolletage},
	data.IndicationStretchMarks:      {data.AreaBody},
	data.IndicationScars:             {data.AreaCheeks, data.AreaBody},
	data.IndicationRosacea:           {data.AreaCheeks, data.AreaNose},
}

// areasFor picks the areas for the concerns, each with a depth inside the
// manufacturer's guide (acne scars and stretch marks deeper) and 2 to 4
// passes.
func (c *clinical) areasFor(concerns []data.Indication) []data.SessionArea {
	var list []data.SessionArea
	seen := map[data.Area]bool{}
	for _, i := range concerns {
		options := concernAreas[i]
		for k, a := range options {
			if seen[a] || (k > 0 && c.rng.IntN(2) == 0) {
				continue
			}
			seen[a] = true
			lo, hi, _ := data.DepthGuide(a)
			if i != data.IndicationAcneScars && i != data.IndicationStretchMarks && i != data.IndicationScars {
				hi = min(hi, lo+50)
			}
			steps := int(hi-lo) / 25
			d := lo + data.Depth(25*c.rng.IntN(steps+1))
			list = append(list, data.SessionArea{Area: a, Depth: d, Passes: 2 + c.rng.IntN(3)})
		}
	}
	return list
}

// screening makes the first screening of a patient on the consultation
// day: mostly clear, some with a caution, a few contraindicated. For a
// skin finding that heals, it also returns the day of a follow-up
// screening, or zero.
func (c *clinical) screening(pl plan) (data.Screening, time.Time) {
	day := pl.consult
	sc := data.Screening{PatientID: pl.p.id, ScreenedOn: day, Indications: pl.concerns,
		RecordedBy: c.practitioner(day, pl.second).Name}
	var followUp time.Time
	age := 0
	if !pl.p.dob.IsZero() {
		age = int(day.Sub(pl.p.dob).Hours() / 24 / 365.25)
	}
	switch r := c.rng.IntN(100); {
	case r < 3 && pl.p.sex == data.SexFemale && age >= 20 && age <= 44:
		sc.Pregnant = true
		sc.PregnancyDueDate = day.AddDate(0, 1+c.rng.IntN(8), c.rng.IntN(28))
		sc.Notes = "Pregnant; treatment postponed until after the birth."
	case r < 5:
		sc.LastIsotretinoinDose = day.AddDate(0, -1-c.rng.IntN(4), -c.rng.IntN(28))
		sc.Notes = "Finished a course of oral isotretinoin for acne."
	case r < 7:
		sc.OpenWounds = true
		sc.Notes = "Healing graze on the left cheek."
		followUp = day.AddDate(0, 0, 14+c.rng.IntN(21))
	case r < 8:
		sc.ActiveAcne = true
		sc.Notes = "Active papules on the chin; topical treatment started by the GP."
		followUp = day.AddDate(0, 0, 28+c.rng.IntN(28))
	case r < 9:
		sc.KeloidHistory = true
		sc.Notes = "Keloid after a piercing of the left ear lobe, 2015."
	case r < 14:
		sc.ColdSores = true
		sc.Notes = "Cold sores two or three times a year; aciclovir prescribed by the GP."
	case r < 18:
		sc.Anticoagulants = true
		sc.Notes = "Daily low-dose aspirin (75 mg) on cardiologist's advice."
	case r < 20:
		sc.AutoimmuneCondition = true
		sc.Notes = "Hashimoto's thyroiditis, stable on levothyroxine."
	case r < 22:
		sc.LastBotulinumToxin = day.AddDate(0, 0, -7-c.rng.IntN(60))
		sc.Notes = "Botulinum toxin to the frown lines."
	case r < 23:
		sc.NumbingAgentAllergy = true
		sc.Notes = "Rash after lidocaine cream at the dentist."
	case r < 30:
		sc.UsesTopicalRetinoid = true
		sc.LastTopicalRetinoid = day.AddDate(0, 0, -6-c.rng.IntN(20))
		sc.Notes = "Uses tretinoin 0.025% at night; told to stop 5 days before each session."
	}
	if followUp.After(c.today) {
		followUp = time.Time{}
	}
	return sc, followUp
}

// consultationGoals are what patients say they want, by concern.
var consultationGoals = map[data.Indication]string{
	data.IndicationAcneScars:         "Smoother skin texture; less visible rolling and boxcar scars on the cheeks.",
	data.IndicationFineLines:         "Softer fine lines on the forehead and around the eyes.",
	data.IndicationHyperpigmentation: "More even skin; lighter sunspots.",
	data.IndicationLargePores:        "Smaller-looking pores on the cheeks and nose.",
	data.IndicationUnevenSkinTone:    "A brighter, more even complexion.",
	data.IndicationReducedElasticity: "Firmer skin along the jaw and neck.",
	data.IndicationStretchMarks:      "Less visible stretch marks after pregnancy.",
	data.IndicationScars:             "A flatter, less noticeable surgical scar.",
	data.IndicationRosacea:           "Less background redness.",
}

var skinConditions = []string{
	"Combination skin, mild dehydration.",
	"Oily T-zone, enlarged pores, no active lesions.",
	"Dry skin, fine lines, good barrier.",
	"Rolling and boxcar scars on both cheeks, no active acne.",
	"Mild sun damage, scattered lentigines.",
	"Normal skin, slight laxity along the jawline.",
}

var addenda = []struct{ reason, text string }{
	{"Late entry", "Patient phoned after the consultation: she takes daily vitamin D and no other supplements."},
	{"Correction", "Skin type is Fitzpatrick III, not II as noted; plan unchanged."},
	{"Additional information", "GP letter received confirming the isotretinoin course ended as stated."},
	{"Correction", "Aftercare sheet given in person; the note said sent by email."},
	{"Additional information", "Patient asked to add the neck at a later session if the face responds well."},
}

// consultation stores the consultation and, unless it stays a draft, signs
// it; about one in ten signed ones gets an addendum.
func (c *clinical) consultation(pl plan, draft bool) (data.Consultation, error) {
	by := c.practitioner(pl.consult, pl.second)
	cons := data.Consultation{
		PatientID: pl.p.id, ConsultedOn: pl.consult, PractitionerID: by.ID,
		Concerns: pl.concerns, Goals: consultationGoals[pl.concerns[0]], SkinType: pl.p.skin,
		SkinCondition:   skinConditions[c.rng.IntN(len(skinConditions))],
		PlannedSessions: pl.sessions, IntervalWeeks: pl.interval,
		Notes: "Explained the procedure, expected downtime and aftercare; consent form signed.",
	}
	for _, a := range pl.areas {
		cons.Areas = append(cons.Areas, a.Area)
		if cons.DepthMin == 0 || a.Depth < cons.DepthMin {
			cons.DepthMin = a.Depth
		}
		cons.DepthMax = max(cons.DepthMax, a.Depth)
	}
	c.as(by)
	if err := c.s.CreateConsultation(c.ctx, &cons); err != nil {
		return cons, fmt.Errorf("consultation: %w", err)
	}
	if draft {
		return cons, nil
	}
	signed := func() error { return c.s.SignConsultation(c.ctx, cons.ID, cons.Version, by.ID) }
	if err := c.at(pl.consult.Add(17*time.Hour), signed); err != nil {
		return cons, fmt.Errorf("sign consultation: %w", err)
	}
	if c.rng.IntN(10) == 0 {
		a := addenda[c.rng.IntN(len(addenda))]
		if _, err := c.s.AddConsultationAddendum(c.ctx, cons.ID, by.ID, a.reason, a.text); err != nil {
			return cons, fmt.Errorf("addendum: %w", err)
		}
	}
	return cons, nil
}

// firstSessionDay returns when the series can start: a week or two after
// the consultation, or once a dated contraindication has passed. A lasting
// one (keloid history) is overridden for some patients with a written
// reason and stops the rest; ok is false when no session can be held or
// booked yet.
func (c *clinical) firstSessionDay(pl plan, sc *data.Screening) (start time.Time, override string, ok bool) {
	start = workingDay(pl.consult.AddDate(0, 0, 7+c.rng.IntN(14)))
	last := c.today.AddDate(0, 0, bookedAhead)
	res := data.Check(sc, start, c.rules)
	if res.Status != data.CheckContraindicated {
		return start, "", !start.After(last)
	}
	for _, r := range res.Reasons {
		if r.Status != data.CheckContraindicated {
			continue
		}
		if r.EligibleFrom.IsZero() {
			if c.rng.IntN(2) == 0 {
				return time.Time{}, "", false
			}
			override = "Keloid was on the ear lobe only; facial skin has healed normally after past injuries. Discussed the risk; patient consents."
		} else if r.EligibleFrom.After(start) {
			start = workingDay(r.EligibleFrom.AddDate(0, 0, c.rng.IntN(14)))
		}
	}
	return start, override, !start.After(last)
}

// The demo clinic's devices and products. Lots change every two months
// (cartridges) or three (serums), so one lot is used on many patients,
// as in a real recall.
var (
	devices = []struct{ name, lotPrefix string }{
		{"Dr. Pen A6S", "A6S-"}, {"Dermapen 4", "DP4-"},
	}
	products = []struct {
		name, lotPrefix string
		weight          int
	}{
		{"Hyaluronic acid serum 2%", "HA", 45},
		{"Redness Solution Complex", "RSC", 25},
		{"Growth factor serum", "GF", 20},
		{"Peptide recovery serum", "PRS", 10},
	}
	numbingCreams = []string{"EMLA 5% cream", "LMX4 (lidocaine 4%)", "BLT cream (benzocaine, lidocaine, tetracaine)"}
	endpoints     = []string{"Even erythema", "Even redness with pinpoint bleeding", "Mild erythema", "Pinpoint bleeding on the scars"}
	reactions     = []string{
		"Expected redness, no bleeding after cleansing.",
		"Moderate redness and slight swelling; cooled with a sheet mask.",
		"Pinpoint bleeding, stopped with gentle pressure.",
		"Mild redness only.",
		"Slight swelling around the eyes.",
	}
	discontinueReasons = []string{
		"Moved away from the area.",
		"Patient happy with the result after fewer sessions.",
		"Pregnant; series stopped, to resume after the birth.",
		"Could not continue for cost reasons.",
		"Did not return; no answer to two calls and a letter.",
		"Prolonged redness after the last session; referred to the GP.",
	}
)

// cartridgeLot returns the needle-cartridge lot of device in use on day and
// its expiry, two years after the lot came into use, so always valid on
// day.
func (c *clinical) cartridgeLot(device int, day time.Time) (string, time.Time) {
	y, m, _ := day.Date()
	m -= (m - 1) % 2
	from := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	lot := fmt.Sprintf("%s%02d%02d%c", devices[device].lotPrefix, y%100, int(m), 'A'+rune(c.rng.IntN(2)))
	return lot, from.AddDate(2, 0, -1)
}

// product draws a serum and its lot in use on day.
func (c *clinical) product(day time.Time) (string, string) {
	r := c.rng.IntN(100)
	k := 0
	for ; k < len(products)-1 && r >= products[k].weight; k++ {
		r -= products[k].weight
	}
	y, m, _ := day.Date()
	q := (int(m)-1)/3 + 1
	return products[k].name, fmt.Sprintf("%s-%02dQ%d", products[k].lotPrefix, y%100, q)
}

// series starts the series from the consultation's plan and logs its
// sessions in the past, each at the hour of its completed appointment,
// then leaves it active (in progress or overdue), completed, or
// discontinued with a reason, and books what comes next.
func (c *clinical) series(pl plan, cons data.Consultation, sc *data.Screening, start time.Time, override string) error {
	ts := data.TreatmentSeries{PatientID: pl.p.id, ConsultationID: cons.ID, StartedOn: start}
	if err := c.s.CreateSeries(c.ctx, &ts); err != nil {
		return fmt.Errorf("series: %w", err)
	}
	var days []time.Time
	for k := range ts.PlannedSessions {
		d := start.AddDate(0, 0, 7*ts.IntervalWeeks*k)
		if k > 0 {
			d = d.AddDate(0, 0, c.rng.IntN(6)-2)
		}
		if !d.Before(c.today) {
			break
		}
		days = append(days, d)
	}
	done, status := len(days), data.SeriesActive
	switch r := c.rng.IntN(100); {
	case done == ts.PlannedSessions && r < 75:
		status = data.SeriesCompleted
	case done == ts.PlannedSessions && r < 90:
		status, done = data.SeriesDiscontinued, 1+c.rng.IntN(done-1)
	case done == ts.PlannedSessions:
		done = 1 + c.rng.IntN(done-1) // stopped coming: overdue
	case done > 0 && r < 15:
		done-- // missed the last one: overdue
	}
	device := c.rng.IntN(len(devices))
	numbing := numbingCreams[c.rng.IntN(len(numbingCreams))]
	if sc.NumbingAgentAllergy {
		numbing = ""
	}
	var held []time.Time
	for k, day := range days[:done] {
		by, at, ok := c.treatmentSlot(pl, day)
		if !ok {
			break // the diary is full until today: the series waits
		}
		if k > 0 {
			c.missedBefore(pl, ts.ID, by, at)
		}
		if err := c.session(pl, ts.ID, k, by, at, device, numbing, override, status == data.SeriesActive && k == done-1); err != nil {
			return err
		}
		c.diary.add(data.Appointment{Kind: data.KindTreatment, PatientID: pl.p.id, PractitionerID: by.ID,
			SeriesID: ts.ID, Start: at, DurationMinutes: data.KindTreatment.DefaultMinutes(), Status: data.StatusCompleted})
		held = append(held, at)
	}
	if len(held) < done {
		status = data.SeriesActive
	}
	c.nextSteps(pl, ts, status, held)
	switch status {
	case data.SeriesCompleted:
		return c.s.CompleteSeries(c.ctx, ts.ID)
	case data.SeriesDiscontinued:
		reason := discontinueReasons[c.rng.IntN(len(discontinueReasons))]
		if pl.p.sex != data.SexFemale && strings.HasPrefix(reason, "Pregnant") {
			reason = discontinueReasons[0]
		}
		if err := c.s.DiscontinueSeries(c.ctx, ts.ID, reason); err != nil {
			return err
		}
		if strings.HasPrefix(reason, "Pregnant") {
			return nil
		}
		return c.withdrawConsent(pl.p.id, c.practitioner(c.today, pl.second))
	}
	return nil
}

// treatmentSlot finds the hour of a session due on day with the patient's
// practitioner, on that day or the next open ones before today.
func (c *clinical) treatmentSlot(pl plan, day time.Time) (data.StaffMember, time.Time, bool) {
	by := c.practitioner(day, pl.second)
	minutes := data.KindTreatment.DefaultMinutes()
	at, ok := c.diary.place(by.ID, workingDay(day), minutes, time.Time{}, c.today)
	return by, at, ok
}

// session logs one session at at and, mostly, signs it; the latest session
// of a series in progress is left a draft when it was this week. It lasts
// at most the hour its appointment holds.
func (c *clinical) session(pl plan, seriesID int64, k int, by data.StaffMember, at time.Time, device int, numbing, override string, latest bool) error {
	day := data.DateOf(at)
	x := data.Session{
		SeriesID: seriesID, PerformedAt: at, PractitionerID: by.ID, OverrideReason: override,
		Device: devices[device].name, NumbingProduct: numbing,
		Endpoint: endpoints[c.rng.IntN(len(endpoints))], Reaction: reactions[c.rng.IntN(len(reactions))],
		Comfort: 1 + c.rng.IntN(6), DurationMinutes: 30 + 5*c.rng.IntN(7),
	}
	x.CartridgeLot, x.CartridgeExpiry = c.cartridgeLot(device, day)
	x.Product, x.ProductLot = c.product(day)
	if numbing != "" {
		x.NumbingApplied = at.Add(-time.Duration(20+5*c.rng.IntN(6)) * time.Minute)
		x.NumbingRemoved = at.Add(-time.Duration(2+c.rng.IntN(4)) * time.Minute)
	}
	for _, a := range pl.areas {
		// Deeper by a step from the second session where the guide allows.
		if lo, hi, ok := data.DepthGuide(a.Area); ok && k > 0 && a.Depth+25 <= hi && a.Depth >= lo {
			a.Depth += 25
		}
		x.Areas = append(x.Areas, a)
	}
	if k == 0 {
		x.Notes = "First session; patch test the week before, no reaction."
	}
	if err := c.consent(pl, by, at); err != nil {
		return fmt.Errorf("consent before the session on %s: %w", day.Format(time.DateOnly), err)
	}
	c.as(by)
	if err := c.s.LogSession(c.ctx, &x); err != nil {
		return fmt.Errorf("session on %s: %w", day.Format(time.DateOnly), err)
	}
	if (latest && c.today.Sub(day) < 7*24*time.Hour) || c.rng.IntN(40) == 0 {
		return nil // not signed yet
	}
	signed := func() error { return c.s.SignSession(c.ctx, x.ID, x.Version, by.ID) }
	if err := c.at(at.Add(time.Duration(x.DurationMinutes+10)*time.Minute), signed); err != nil {
		return fmt.Errorf("sign session: %w", err)
	}
	return nil
}
