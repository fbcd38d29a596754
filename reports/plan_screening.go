package reports

import (
	"fmt"
	"time"

	"needlepoint/data"
)

// toldUs is the part of the plan that speaks to this patient's screening:
// what they told us and what it means for their dates and sessions, in
// place of generic questions the clinic already asked. first is the first
// proposed session.
func (p TreatmentPlan) toldUs(first time.Time) []block {
	if p.Screening == nil {
		return []block{
			{kind: heading, text: "Your health questions"},
			{kind: paragraph, text: "We have not gone through our health questions with you yet. We will before your first session, and some answers can move the dates above."},
		}
	}
	// What held the first session back no longer shows on the day it
	// moved to: read the screening on the day first proposed too.
	seen := map[string]bool{}
	var reasons []data.CheckReason
	for _, day := range []time.Time{p.proposedFirst(), first} {
		for _, r := range data.Check(p.Screening, day, p.Rules).Reasons {
			if !seen[r.Rule] {
				seen[r.Rule] = true
				reasons = append(reasons, r)
			}
		}
	}
	var b []block
	for _, r := range reasons {
		if text := p.toldUsOne(r); text != "" {
			b = append(b, block{kind: bullet, text: text})
		}
	}
	if len(b) == 0 {
		return nil
	}
	intro := fmt.Sprintf("When we went through our health questions on %s, you told us about the following. This is what it means for your treatment:",
		p.Screening.ScreenedOn.Format(dateLayout))
	return append([]block{{kind: heading, text: "What you told us"}, {kind: paragraph, text: intro}}, b...)
}

// toldUsOne says one finding of the screening to the patient; "" for the
// findings the proposed dates section already explains.
func (p TreatmentPlan) toldUsOne(r data.CheckReason) string {
	until := ""
	if !r.EligibleFrom.IsZero() {
		until = r.EligibleFrom.Format(dateLayout)
	}
	rules := p.Rules
	switch r.Rule {
	case data.RuleIsotretinoin:
		if until == "" {
			return "You are taking isotretinoin (such as Roaccutane). Your skin needs time to recover after the last dose: tell us when you stop, and we will set the dates from then."
		}
		return fmt.Sprintf("You took isotretinoin (such as Roaccutane). Your skin needs %s to recover after the last dose, so your first session is not before %s.",
			plural(rules.IsotretinoinWaitMonths, "month"), until)
	case data.RuleRadiation:
		return fmt.Sprintf("You had radiation therapy. We wait %s after it, so your first session is not before %s.", plural(rules.RadiationWaitMonths, "month"), until)
	case data.RulePregnancy:
		if until == "" {
			return "You told us you are pregnant. Microneedling waits until after the birth: tell us your due date and we will set the dates from then."
		}
		return fmt.Sprintf("You told us you are pregnant. We start %s after your due date, so not before %s, and we will check with you that all is well.",
			plural(rules.PostpartumWaitWeeks, "week"), until)
	case data.RuleTopicalRetinoid, data.RuleTopicalRetinoidUse:
		return fmt.Sprintf("You use a retinoid cream (such as retinol or tretinoin). Stop it %s before each session, and start again from the date on your aftercare sheet.",
			plural(rules.TopicalRetinoidWaitDays, "day"))
	case data.RuleFillerOrSurgery:
		return fmt.Sprintf("You had fillers or surgery in the area. We wait %s after it, so your first session is not before %s.", plural(rules.FillerOrSurgeryWaitMonths, "month"), until)
	case data.RuleBotulinumToxin:
		return fmt.Sprintf("You had botulinum toxin (such as Botox) in the area recently. We avoid needling there for %s after it.", plural(rules.BotulinumToxinWaitMonths, "month"))
	case data.RuleColdSores:
		return "You get cold sores. Needling can set one off, so take antiviral medicine before each session, as agreed with your doctor or pharmacist, and tell us if you have a cold sore on the day."
	case data.RuleAnticoagulants:
		return "You take a blood thinner. You may bruise or bleed a little more; do not stop it unless your doctor tells you to."
	case data.RuleNumbingAgentAllergy:
		return "You are allergic to a numbing agent. We will not use that numbing cream, and will talk with you about comfort during the session."
	case data.RuleAutoimmune:
		return "You have an autoimmune condition. We will ask how you are before each session, and may treat more gently."
	case data.RulePregnancyRecheck:
		return "Please tell us at each session if you might be pregnant."
	case data.RuleScreeningStale:
		return "Your answers are some months old: we will go through them again with you at your first session."
	}
	if r.Status == data.CheckContraindicated && r.EligibleFrom.IsZero() {
		return "" // said with the dates: no date can be proposed
	}
	return r.Message
}
