package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"needlepoint/data"
)

// TreatmentPlan is the handout a patient takes home from a signed
// consultation: how many sessions, how far apart, on which proposed dates,
// what to avoid before the first one and what results to expect.
type TreatmentPlan struct {
	Clinic          Clinic
	PatientName     string // as the patient writes it, in any script
	Practitioner    string
	ConsultedOn     time.Time
	Concerns        []data.Indication
	Areas           []data.Area
	PlannedSessions int // 0 when not yet agreed
	IntervalWeeks   int // 0 means the usual 4 weeks
	DepthMin        data.Depth
	DepthMax        data.Depth
	// FirstSession is the proposed date of the first session; zero means
	// two weeks after the consultation. Either way, the first session is
	// no earlier than the patient's screening allows.
	FirstSession time.Time
	Rules        data.ClinicRules // the waits before treatment
	Screening    *data.Screening  // in force when printed; nil if none
	Guide        data.DowntimeGuide
	Goals        string
}

// Defaults of a plan, as in package data's documentation: sessions about 4
// weeks apart, results that keep improving up to 6 months after the series.
const (
	defaultIntervalWeeks = 4
	firstSessionAfter    = 14 // days after the consultation
	resultsMonths        = 6
)

// Plan writes the treatment plan handout as a PDF.
func Plan(w io.Writer, p TreatmentPlan) error {
	patient := printableText(oneLine(p.PatientName))
	d, err := newDoc(p.Clinic, "Treatment plan for "+patient)
	if err != nil {
		return err
	}
	dates := p.Dates()

	d.newPage()
	d.title("Your microneedling treatment plan")
	d.panel(p.rows(patient), true)
	d.body(p.blocks(dates))
	return d.finish(w, "the treatment plan")
}

// Dates returns the proposed date of every planned session: the first, then
// one every interval after the one before, each moved to the day the
// patient may be treated again when their screening holds it back (a due
// date or a last dose falls between two sessions). A plan with no number
// of sessions yet has only the first.
func (p TreatmentPlan) Dates() []time.Time {
	n := min(max(p.PlannedSessions, 1), data.MaxPlannedSessions)
	dates := make([]time.Time, n)
	for k := range dates {
		day := p.proposedFirst()
		if k > 0 {
			day = dates[k-1].AddDate(0, 0, 7*p.interval())
		}
		if wait := data.WaitBefore(day, p.Screening, p.Rules); wait.Holds() {
			day = wait.Until
		}
		dates[k] = day
	}
	return dates
}

// moved returns, for a session on day, what moved it from the day the
// interval alone gives, or a zero Wait.
func (p TreatmentPlan) moved(dates []time.Time, k int) data.Wait {
	day := p.proposedFirst()
	if k > 0 {
		day = dates[k-1].AddDate(0, 0, 7*p.interval())
	}
	return data.WaitBefore(day, p.Screening, p.Rules)
}

// blocked returns the reasons, on the first proposed date, that no date
// can be proposed: contraindications that do not end by themselves (a
// missing screening aside, which the plan only mentions).
func (p TreatmentPlan) blocked(first time.Time) []data.CheckReason {
	var out []data.CheckReason
	if p.Screening == nil {
		return nil
	}
	for _, r := range data.Check(p.Screening, first, p.Rules).Reasons {
		if r.Status == data.CheckContraindicated && r.EligibleFrom.IsZero() {
			out = append(out, r)
		}
	}
	return out
}

// proposedFirst is the first session the plan proposes before the
// screening is taken into account.
func (p TreatmentPlan) proposedFirst() time.Time {
	if !p.FirstSession.IsZero() {
		return p.FirstSession
	}
	return data.DateOf(p.ConsultedOn).AddDate(0, 0, firstSessionAfter)
}

// ResultsBy returns the day up to which results keep improving: 6 months
// after the last proposed session.
func (p TreatmentPlan) ResultsBy() time.Time {
	dates := p.Dates()
	return data.AddMonths(dates[len(dates)-1], resultsMonths)
}

func (p TreatmentPlan) interval() int {
	if p.IntervalWeeks <= 0 {
		return defaultIntervalWeeks
	}
	return min(p.IntervalWeeks, data.MaxIntervalWeeks)
}

func (p TreatmentPlan) rows(patient string) []row {
	var concerns, areas []string
	for _, c := range p.Concerns {
		concerns = append(concerns, c.Label())
	}
	for _, a := range p.Areas {
		areas = append(areas, a.Label())
	}
	var sessions, depth string
	if p.PlannedSessions > 0 {
		sessions = plural(min(p.PlannedSessions, data.MaxPlannedSessions), "session") + ", " + plural(p.interval(), "week") + " apart"
	}
	switch {
	case p.DepthMin > 0 && p.DepthMax > p.DepthMin:
		depth = strings.TrimSuffix(p.DepthMin.String(), " mm") + " to " + p.DepthMax.String()
	case p.DepthMax > 0:
		depth = p.DepthMax.String()
	}
	var consulted string
	if !p.ConsultedOn.IsZero() {
		consulted = p.ConsultedOn.Format(dateLayout)
	}
	return []row{
		{"Name", patient},
		{"Consultation", consulted},
		{"Practitioner", oneLine(p.Practitioner)},
		{"Your concerns", strings.Join(concerns, "\n")},
		{"Areas to treat", strings.Join(areas, "\n")},
		{"Sessions", sessions},
		{"Needle depth", depth},
	}
}

func (p TreatmentPlan) blocks(dates []time.Time) []block {
	var b []block
	add := func(kind blockKind, text string) { b = append(b, block{kind: kind, text: text}) }

	if goals := strings.TrimSpace(p.Goals); goals != "" {
		add(heading, "Your goals")
		add(paragraph, goals)
	}

	blocked := p.blocked(dates[0])
	add(heading, "Proposed dates")
	switch {
	case len(blocked) > 0:
		var what []string
		for _, r := range blocked {
			what = append(what, r.Message)
		}
		add(warning, "We cannot propose dates yet. From what you told us: "+strings.Join(what, " ")+
			" Microneedling is not safe while this lasts, so we will talk it through with you before we book.")
	case p.PlannedSessions > 0:
		if wait := p.moved(dates, 0); wait.Holds() {
			add(paragraph, "Your first session is "+wait.Note(dateLayout)+". The dates below start from that day.")
		}
		add(paragraph, fmt.Sprintf("We recommend %s, about %s apart. These dates are a proposal: we will confirm each one with you when you book.",
			plural(len(dates), "session"), plural(p.interval(), "week")))
		for k, day := range dates {
			text := fmt.Sprintf("Session %d: %s", k+1, day.Format(dateLayout))
			if wait := p.moved(dates, k); k > 0 && wait.Holds() {
				text += " (" + wait.Note(dayLayout) + ")"
			}
			add(bullet, text)
		}
	default:
		if wait := p.moved(dates, 0); wait.Holds() {
			add(paragraph, "Your first session is "+wait.Note(dateLayout)+".")
		}
		add(paragraph, "We will agree the number of sessions with you. Most people need 3 or more, about "+
			plural(p.interval(), "week")+" apart. Your first session could be on "+dates[0].Format(dateLayout)+".")
	}
	b = append(b, p.toldUs(dates[0])...)

	first := dates[0]
	add(heading, "Before your first session")
	add(paragraph, "Some things make needling unsafe for a while. Please follow these before "+first.Format(dateLayout)+":")
	r := p.Rules
	if r.TopicalRetinoidWaitDays > 0 {
		add(bullet, fmt.Sprintf("No retinol or other retinoid creams for %s before: use them for the last time on %s at the latest.",
			plural(r.TopicalRetinoidWaitDays, "day"), first.AddDate(0, 0, -r.TopicalRetinoidWaitDays).Format(dateLayout)))
	}
	add(bullet, "No acids, scrubs, peels, waxing, threading or hair-removal creams on the areas to treat in the week before.")
	add(bullet, "Stay out of strong sun and tanning beds, and do not use fake tan, in the 2 weeks before. Come with skin that is not sunburnt.")
	if r.BotulinumToxinWaitMonths > 0 {
		add(bullet, fmt.Sprintf("No botulinum toxin (such as Botox) in the area in the %s before.", plural(r.BotulinumToxinWaitMonths, "month")))
	}
	if r.FillerOrSurgeryWaitMonths > 0 {
		add(bullet, fmt.Sprintf("No fillers or surgery in the area in the %s before.", plural(r.FillerOrSurgeryWaitMonths, "month")))
	}
	if p.Screening == nil {
		if r.IsotretinoinWaitMonths > 0 {
			add(bullet, fmt.Sprintf("Tell us if you took isotretinoin (such as Roaccutane or Accutane) in the last %s.", plural(r.IsotretinoinWaitMonths, "month")))
		}
		if r.RadiationWaitMonths > 0 {
			add(bullet, fmt.Sprintf("Tell us if you had radiation therapy in the last %s.", plural(r.RadiationWaitMonths, "month")))
		}
		if r.PostpartumWaitWeeks > 0 {
			add(bullet, fmt.Sprintf("Tell us if you are pregnant, or had a baby in the last %s.", plural(r.PostpartumWaitWeeks, "week")))
		}
		add(bullet, "Tell us if you have a cold sore, a skin infection or a breakout, or start a new medicine, especially a blood thinner.")
	} else {
		add(bullet, "Tell us if anything has changed since you answered our health questions on "+p.Screening.ScreenedOn.Format(dateLayout)+
			": a new medicine (especially a blood thinner or isotretinoin), a pregnancy, a cold sore, a skin infection or a breakout.")
	}
	add(bullet, "Come with clean skin and no makeup if you can.")

	add(heading, "What to expect")
	settle := "a few days"
	if p.DepthMax > 0 {
		settle = p.Guide.For(p.DepthMax).Downtime()
	}
	add(paragraph, "After each session your skin will be red, like a mild sunburn. At the depth we plan, most people look like themselves again in "+settle+". We will give you an aftercare sheet each time.")
	add(paragraph, "Results build over the series. Many people see a fresh glow within a few days of a session; smoother, firmer skin comes as new collagen forms from one session to the next.")
	add(paragraph, fmt.Sprintf("Your skin keeps making collagen after the series: results keep improving for up to %d months after your last session, until about %s. We suggest a review then, with photos to compare.",
		resultsMonths, p.ResultsBy().Format(dateLayout)))

	phone := nobreak(strings.TrimSpace(p.Clinic.Phone))
	if phone != "" {
		add(heading, "Questions")
		add(paragraph, "Call us on "+phone+" with any question, or to change a date.")
	}
	return b
}

// plural writes a count with its noun: "1 week", "3 weeks", "2 passes".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "s") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
