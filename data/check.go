package data

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CheckStatus is the outcome of a contraindication check.
type CheckStatus string

// Outcomes of a check, from best to worst. A practitioner may proceed after
// a caution, with the reason recorded; a contraindication stops the session
// unless a practitioner overrides it with a written reason.
const (
	CheckClear           CheckStatus = "clear"
	CheckCaution         CheckStatus = "caution"
	CheckContraindicated CheckStatus = "contraindicated"
)

// Label returns the word a badge shows for st.
func (st CheckStatus) Label() string {
	switch st {
	case CheckClear:
		return "Clear"
	case CheckCaution:
		return "Caution"
	case CheckContraindicated:
		return "Contraindicated"
	}
	return string(st)
}

func (st CheckStatus) rank() int {
	switch st {
	case CheckCaution:
		return 1
	case CheckContraindicated:
		return 2
	}
	return 0
}

// CheckReason is one finding of a check, in the practitioner's words.
// EligibleFrom is the first session date on which the finding no longer
// applies, or zero when it does not end by itself.
type CheckReason struct {
	Rule         string
	Status       CheckStatus
	Message      string
	EligibleFrom time.Time
}

// CheckResult is the outcome of a check: the worst status among its
// reasons, or CheckClear with no reasons.
type CheckResult struct {
	Status  CheckStatus
	Reasons []CheckReason
}

// NeedsScreening reports whether the result is stopped only for want of a
// screening: no one has screened the patient yet, which is a step to take,
// not a finding against treatment.
func (r CheckResult) NeedsScreening() bool {
	return len(r.Reasons) == 1 && r.Reasons[0].Rule == RuleNoScreening
}

// Headline is the result in a few words for a badge: "Screening needed
// before treatment" when the patient was never screened, otherwise the
// status, "Contraindicated", "Caution" or "Clear".
func (r CheckResult) Headline() string {
	if r.NeedsScreening() {
		return "Screening needed before treatment"
	}
	return r.Status.Label()
}

// Summary returns one line for a badge, naming the rules behind the status,
// worst first: "Contraindicated: pregnancy, isotretinoin; caution: cold sores".
func (r CheckResult) Summary() string {
	var parts []string
	for _, st := range []CheckStatus{CheckContraindicated, CheckCaution} {
		var names []string
		for _, reason := range r.Reasons {
			if reason.Status == st {
				names = append(names, ruleLabel(reason.Rule))
			}
		}
		if len(names) == 0 {
			continue
		}
		word := st.Label()
		if len(parts) > 0 {
			word = strings.ToLower(word)
		}
		parts = append(parts, word+": "+strings.Join(names, ", "))
	}
	if len(parts) == 0 {
		return CheckClear.Label()
	}
	return strings.Join(parts, "; ")
}

// Rules of the check, named in CheckReason.Rule.
const (
	RuleNoScreening          = "no_screening"
	RulePregnancy            = "pregnancy"
	RuleOpenWounds           = "open_wounds"
	RuleActiveInfection      = "active_infection"
	RuleActiveAcne           = "active_acne"
	RulePsoriasisOrEczema    = "psoriasis_or_eczema"
	RuleKeloidHistory        = "keloid_history"
	RuleRadiation            = "radiation"
	RuleUncontrolledDiabetes = "uncontrolled_diabetes"
	RuleImmunosuppression    = "immunosuppression"
	RuleBleedingDisorder     = "bleeding_disorder"
	RuleMetalAllergy         = "metal_allergy"
	RuleIsotretinoin         = "isotretinoin"
	RuleTopicalRetinoid      = "topical_retinoid"
	RuleFillerOrSurgery      = "filler_or_surgery"
	RulePregnancyRecheck     = "pregnancy_recheck"
	RuleAutoimmune           = "autoimmune"
	RuleAnticoagulants       = "anticoagulants"
	RuleColdSores            = "cold_sores"
	RuleNumbingAgentAllergy  = "numbing_agent_allergy"
	RuleBotulinumToxin       = "botulinum_toxin"
	RuleTopicalRetinoidUse   = "topical_retinoid_use"
	RuleScreeningStale       = "screening_stale"
)

// checkRule is one row of the severity table. test reports whether the rule
// applies, with the message and the first day it no longer applies (zero
// when it does not end by itself).
type checkRule struct {
	rule   string
	label  string
	status CheckStatus
	test   func(checkInput) (msg string, from time.Time, ok bool)
}

// checkInput is what every rule reads: the screening, the session day and
// the clinic's rules.
type checkInput struct {
	s     *Screening
	day   time.Time
	rules ClinicRules
}

// noScreening stops a session for a patient with no screening on file:
// every contraindication could be present, and the questionnaire takes
// minutes. A practitioner can still override it with a written reason.
var noScreening = checkRule{RuleNoScreening, "no screening", CheckContraindicated, nil}

// checkRules is the clinic's severity table, in the order reasons are
// listed: contraindications first, then cautions. The comment on each row
// says why it has its severity.
var checkRules = []checkRule{
	// Clinic page. Until the due date plus the postpartum wait; after
	// that the screening is out of date (RulePregnancyRecheck).
	{RulePregnancy, "pregnancy", CheckContraindicated, checkInput.pregnancy},
	// Clinic page and all sources: needling spreads infection and tears
	// broken skin. Skin findings are as seen on the screening day; only a
	// practitioner looking at the skin can clear them, with a new screening.
	{RuleOpenWounds, "open wound", CheckContraindicated,
		skinFinding(func(s *Screening) bool { return s.OpenWounds }, "Open wound", "it has healed")},
	{RuleActiveInfection, "active infection", CheckContraindicated,
		skinFinding(func(s *Screening) bool { return s.ActiveInfection }, "Active skin infection", "it has cleared")},
	{RuleActiveAcne, "active acne", CheckContraindicated,
		skinFinding(func(s *Screening) bool { return s.ActiveAcne }, "Active acne", "it has settled")},
	// Clinic page: needling can flare the disease where it is active.
	{RulePsoriasisOrEczema, "psoriasis or eczema", CheckContraindicated,
		skinFinding(func(s *Screening) bool { return s.PsoriasisOrEczema }, "Psoriasis or eczema", "the skin is clear")},
	// Micro-injuries can raise new keloids.
	{RuleKeloidHistory, "keloid scarring", CheckContraindicated,
		whenYes(func(s *Screening) bool { return s.KeloidHistory },
			"History of keloid scarring; needling can raise new keloids.")},
	// Clinic page: irradiated skin heals poorly.
	{RuleRadiation, "radiation therapy", CheckContraindicated, checkInput.radiation},
	// Slow healing and a high risk of infection.
	{RuleUncontrolledDiabetes, "uncontrolled diabetes", CheckContraindicated,
		whenYes(func(s *Screening) bool { return s.UncontrolledDiabetes },
			"Uncontrolled diabetes; the skin heals slowly and infects easily. Treat once it is under control, with a new screening.")},
	{RuleImmunosuppression, "immunosuppression", CheckContraindicated,
		whenYes(func(s *Screening) bool { return s.Immunosuppressed },
			"Weakened immune system (immunosuppressants, chemotherapy or high-dose steroids); high risk of infection and poor healing.")},
	// A bleeding disorder is a medical matter beyond the clinic's call;
	// an override records the doctor's agreement.
	{RuleBleedingDisorder, "bleeding disorder", CheckContraindicated,
		whenYes(func(s *Screening) bool { return s.BleedingDisorder },
			"Bleeding disorder; treat only with the written agreement of the patient's doctor.")},
	// The needles themselves are the allergen.
	{RuleMetalAllergy, "metal allergy", CheckContraindicated,
		whenYes(func(s *Screening) bool { return s.MetalAllergy },
			"Allergic to stainless steel; the needles are stainless steel.")},
	// Isotretinoin delays healing; the wait is the clinic's setting.
	{RuleIsotretinoin, "isotretinoin", CheckContraindicated, checkInput.isotretinoin},
	// Retinoids thin the outer skin: needling then injures more than meant.
	{RuleTopicalRetinoid, "topical retinoid", CheckContraindicated, checkInput.topicalRetinoid},
	// Fresh filler can shift or infect; surgical skin is still remodelling.
	{RuleFillerOrSurgery, "filler or surgery", CheckContraindicated, checkInput.fillerOrSurgery},

	// The pregnancy has ended by now, but the screening cannot say how.
	{RulePregnancyRecheck, "pregnancy to re-confirm", CheckCaution, checkInput.pregnancyRecheck},
	// The clinic page says "certain" autoimmune conditions and the
	// screening cannot tell which, so the practitioner decides.
	// Immunosuppressive treatment is caught by RuleImmunosuppression.
	{RuleAutoimmune, "autoimmune condition", CheckCaution,
		whenYes(func(s *Screening) bool { return s.AutoimmuneCondition },
			"Autoimmune condition; only certain ones rule treatment out. Ask which, and check with the patient's doctor if unsure.")},
	// More bleeding and bruising, managed with a shallower depth; stopping
	// a prescribed blood thinner is never the clinic's decision.
	{RuleAnticoagulants, "blood thinner", CheckCaution,
		whenYes(func(s *Screening) bool { return s.Anticoagulants },
			"Takes a blood thinner (such as warfarin, heparin or daily aspirin); expect more bleeding and bruising and consider a shallower depth. Never ask the patient to stop a prescribed medicine.")},
	// Clinics treat it as a caution, with antiviral cover.
	{RuleColdSores, "cold sores", CheckCaution,
		whenYes(func(s *Screening) bool { return s.ColdSores },
			"History of cold sores; needling can set off an outbreak. Make sure antiviral cover was taken before treating the face.")},
	// The treatment itself is fine; only the cream must change.
	{RuleNumbingAgentAllergy, "numbing-agent allergy", CheckCaution,
		whenYes(func(s *Screening) bool { return s.NumbingAgentAllergy },
			"Allergic to the numbing agent; do not use it. Treat without it, or with an alternative the patient tolerates.")},
	// Sources range from 2 weeks to 3 months, and the risk is a weaker or
	// uneven toxin result rather than harm to the skin: the practitioner
	// may treat away from the injected area.
	{RuleBotulinumToxin, "botulinum toxin", CheckCaution, checkInput.botulinumToxin},
	// Regular use after the screening cannot be known: ask every session.
	{RuleTopicalRetinoidUse, "topical retinoid use", CheckCaution, checkInput.topicalRetinoidUse},
	// Answers change; an old screening is re-confirmed, not trusted.
	{RuleScreeningStale, "screening out of date", CheckCaution, checkInput.screeningStale},
}

// Check decides whether a patient with screening s may be treated on the
// session date on, under the clinic's rules (as returned by
// Store.ClinicRules). It lists every rule that applies, worst first. A nil
// s, no screening on file, is contraindicated: complete one first.
//
// Waits in months end on the same day of the month, or on the last day of a
// shorter month: after a last dose on 31 August, a 6-month wait ends on 28
// February (29 in a leap year), which is the first day the patient is
// eligible. Waits in days and weeks are counted in calendar days.
func Check(s *Screening, on time.Time, rules ClinicRules) CheckResult {
	result := CheckResult{Status: CheckClear}
	if s == nil {
		result.add(CheckReason{Rule: noScreening.rule, Status: noScreening.status,
			Message: "No screening on file; complete one with the patient before treatment."})
		return result
	}
	in := checkInput{s: s, day: DateOf(on), rules: rules}
	for _, row := range checkRules {
		if msg, from, ok := row.test(in); ok {
			result.add(CheckReason{Rule: row.rule, Status: row.status, Message: msg, EligibleFrom: from})
		}
	}
	return result
}

func (r *CheckResult) add(reason CheckReason) {
	r.Reasons = append(r.Reasons, reason)
	if reason.Status.rank() > r.Status.rank() {
		r.Status = reason.Status
	}
}

func ruleLabel(rule string) string {
	if rule == noScreening.rule {
		return noScreening.label
	}
	for _, row := range checkRules {
		if row.rule == rule {
			return row.label
		}
	}
	return strings.ReplaceAll(rule, "_", " ")
}

// whenYes is a rule that applies whenever the answer is yes.
func whenYes(answer func(*Screening) bool, msg string) func(checkInput) (string, time.Time, bool) {
	return func(in checkInput) (string, time.Time, bool) {
		return msg, time.Time{}, answer(in.s)
	}
}

// skinFinding is a rule about the skin in the area as seen on the
// screening day.
func skinFinding(answer func(*Screening) bool, what, until string) func(checkInput) (string, time.Time, bool) {
	return func(in checkInput) (string, time.Time, bool) {
		msg := fmt.Sprintf("%s in the treatment area at the screening on %s; do not treat until %s and a new screening is recorded.",
			what, longDate(in.s.ScreenedOn), until)
		return msg, time.Time{}, answer(in.s)
	}
}

func (in checkInput) pregnancy() (string, time.Time, bool) {
	s, weeks := in.s, in.rules.PostpartumWaitWeeks
	if !s.Pregnant {
		return "", time.Time{}, false
	}
	if s.PregnancyDueDate.IsZero() {
		return "Pregnant (no due date on file); no microneedling during pregnancy.", time.Time{}, true
	}
	from := DateOf(s.PregnancyDueDate).AddDate(0, 0, 7*weeks)
	if !in.day.Before(from) {
		return "", time.Time{}, false
	}
	wait := "no microneedling during pregnancy"
	if weeks > 0 {
		wait = "the clinic waits " + Plural(weeks, "week") + " after the birth"
	}
	return fmt.Sprintf("Pregnant, due %s; %s — eligible from %s.", longDate(s.PregnancyDueDate), wait, longDate(from)), from, true
}

func (in checkInput) pregnancyRecheck() (string, time.Time, bool) {
	if !in.s.Pregnant || in.s.PregnancyDueDate.IsZero() {
		return "", time.Time{}, false
	}
	if _, _, ok := in.pregnancy(); ok {
		return "", time.Time{}, false
	}
	return fmt.Sprintf("The screening recorded a pregnancy due %s; re-confirm with the patient, and ask about breastfeeding, before treating.",
		longDate(in.s.PregnancyDueDate)), time.Time{}, true
}

func (in checkInput) radiation() (string, time.Time, bool) {
	return in.waitAfter("Radiation therapy", in.s.LastRadiationTherapy, in.rules.RadiationWaitMonths, 0, "eligible from")
}

func (in checkInput) isotretinoin() (string, time.Time, bool) {
	// A clinic that waits 0 months follows the newer consensus that
	// isotretinoin does not rule microneedling out, even while taken.
	if in.s.TakingIsotretinoin && in.rules.IsotretinoinWaitMonths > 0 {
		return fmt.Sprintf("Taking isotretinoin at the screening on %s; the clinic waits %s after the last dose. Record a new screening with its date once the patient has stopped.",
			longDate(in.s.ScreenedOn), Plural(in.rules.IsotretinoinWaitMonths, "month")), time.Time{}, true
	}
	return in.waitAfter("Isotretinoin stopped", in.s.LastIsotretinoinDose, in.rules.IsotretinoinWaitMonths, 0, "eligible from")
}

func (in checkInput) topicalRetinoid() (string, time.Time, bool) {
	return in.waitAfter("Topical retinoid last used", in.s.LastTopicalRetinoid, 0, in.rules.TopicalRetinoidWaitDays, "eligible from")
}

func (in checkInput) topicalRetinoidUse() (string, time.Time, bool) {
	days := in.rules.TopicalRetinoidWaitDays
	if !in.s.UsesTopicalRetinoid || days == 0 {
		return "", time.Time{}, false
	}
	if _, _, ok := in.topicalRetinoid(); ok {
		return "", time.Time{}, false
	}
	return fmt.Sprintf("Uses a topical retinoid; check it was stopped at least %s before the session (last use on or before %s).",
		Plural(days, "day"), longDate(in.day.AddDate(0, 0, -days))), time.Time{}, true
}

func (in checkInput) botulinumToxin() (string, time.Time, bool) {
	msg, from, ok := in.waitAfter("Botulinum toxin in the area", in.s.LastBotulinumToxin, in.rules.BotulinumToxinWaitMonths, 0, "caution until")
	if ok {
		msg += " Needling may spread the toxin: keep away from the injected area."
	}
	return msg, from, ok
}

func (in checkInput) fillerOrSurgery() (string, time.Time, bool) {
	return in.waitAfter("Filler or surgery in the area", in.s.LastFillerOrSurgery, in.rules.FillerOrSurgeryWaitMonths, 0, "eligible from")
}

func (in checkInput) screeningStale() (string, time.Time, bool) {
	s, months := in.s, in.rules.ScreeningValidMonths
	if s.ScreenedOn.IsZero() {
		return "The screening has no date; re-confirm it with the patient.", time.Time{}, true
	}
	if !in.day.After(AddMonths(DateOf(s.ScreenedOn), months)) {
		return "", time.Time{}, false
	}
	return fmt.Sprintf("Screening is from %s, more than %s ago; re-confirm it with the patient.",
		longDate(s.ScreenedOn), Plural(months, "month")), time.Time{}, true
}

// waitAfter applies a wait of months and days after event, which is zero
// when it never happened: "Isotretinoin stopped 2 months ago; the clinic
// waits 6 months — eligible from 3 May 2027."
func (in checkInput) waitAfter(what string, event time.Time, months, days int, until string) (string, time.Time, bool) {
	if event.IsZero() {
		return "", time.Time{}, false
	}
	event = DateOf(event)
	from := AddMonths(event, months).AddDate(0, 0, days)
	if !in.day.Before(from) {
		return "", time.Time{}, false
	}
	wait := Plural(months, "month")
	if days > 0 {
		wait = Plural(days, "day")
	}
	return fmt.Sprintf("%s %s; the clinic waits %s — %s %s.", what, timeAgo(event, in.day), wait, until, longDate(from)), from, true
}

// timeAgo says how long before day an event was, in the words a person
// would use: "yesterday", "10 days ago", "5 weeks ago", "2 months ago".
func timeAgo(event, day time.Time) string {
	days := int(day.Sub(event).Hours() / 24)
	switch {
	case days < 0:
		return "on " + longDate(event)
	case days == 0:
		return "today"
	case days == 1:
		return "yesterday"
	case days < 14:
		return Plural(days, "day") + " ago"
	}
	months := 0
	for !AddMonths(event, months+1).After(day) {
		months++
	}
	switch {
	case months < 2:
		return Plural(days/7, "week") + " ago"
	case months < 24:
		return Plural(months, "month") + " ago"
	}
	return Plural(months/12, "year") + " ago"
}

// Plural writes a count with its unit: "1 month", "6 months".
func Plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// longDate writes a date as a person reads it aloud, with no doubt about
// which number is the day: 3 May 2027.
func longDate(d time.Time) string { return d.Format("2 January 2006") }
