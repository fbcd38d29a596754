package data_test

import (
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// checkScreenedOn is the date of the screening in the check tests; sessions up
// to 4 July 2027 fall inside the default 6 months it stays valid.
var checkScreenedOn = datatest.Date(2027, 1, 4)

// wantReason is a reason Check must give; msg is a part of its message.
type wantReason struct {
	rule   string
	status data.CheckStatus
	from   time.Time
	msg    string
}

func wantContra(rule string, from time.Time, msg string) wantReason {
	return wantReason{rule, data.CheckContraindicated, from, msg}
}

func wantCaution(rule string, from time.Time, msg string) wantReason {
	return wantReason{rule, data.CheckCaution, from, msg}
}

func TestCheck(t *testing.T) {
	never := time.Time{}
	tests := []struct {
		name   string
		change func(s *data.Screening)
		rules  func(r *data.ClinicRules)
		on     time.Time
		want   []wantReason
	}{
		{"ClearWhenNothingApplies", nil, nil, datatest.Date(2027, 1, 10), nil},

		{"PregnantWithoutDueDate", func(s *data.Screening) { s.Pregnant = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantContra(data.RulePregnancy, never, "Pregnant (no due date on file)")}},
		{"PregnantBeforeDueDate", func(s *data.Screening) { s.Pregnant, s.PregnancyDueDate = true, datatest.Date(2027, 5, 3) }, nil, datatest.Date(2027, 5, 2),
			[]wantReason{wantContra(data.RulePregnancy, datatest.Date(2027, 6, 14), "Pregnant, due 3 May 2027; the clinic waits 6 weeks after the birth — eligible from 14 June 2027.")}},
		{"PregnantDayBeforeEligible", func(s *data.Screening) { s.Pregnant, s.PregnancyDueDate = true, datatest.Date(2027, 5, 3) }, nil, datatest.Date(2027, 6, 13),
			[]wantReason{wantContra(data.RulePregnancy, datatest.Date(2027, 6, 14), "eligible from 14 June 2027")}},
		{"PregnantEligibleDayRecheck", func(s *data.Screening) { s.Pregnant, s.PregnancyDueDate = true, datatest.Date(2027, 5, 3) }, nil, datatest.Date(2027, 6, 14),
			[]wantReason{wantCaution(data.RulePregnancyRecheck, never, "recorded a pregnancy due 3 May 2027; re-confirm")}},
		{"PregnantNoPostpartumWaitDayBeforeDue", func(s *data.Screening) { s.Pregnant, s.PregnancyDueDate = true, datatest.Date(2027, 5, 3) },
			func(r *data.ClinicRules) { r.PostpartumWaitWeeks = 0 }, datatest.Date(2027, 5, 2),
			[]wantReason{wantContra(data.RulePregnancy, datatest.Date(2027, 5, 3), "no microneedling during pregnancy — eligible from 3 May 2027")}},
		{"PregnantNoPostpartumWaitDueDay", func(s *data.Screening) { s.Pregnant, s.PregnancyDueDate = true, datatest.Date(2027, 5, 3) },
			func(r *data.ClinicRules) { r.PostpartumWaitWeeks = 0 }, datatest.Date(2027, 5, 3),
			[]wantReason{wantCaution(data.RulePregnancyRecheck, never, "re-confirm")}},

		{"OpenWounds", func(s *data.Screening) { s.OpenWounds = true }, nil, datatest.Date(2027, 1, 4),
			[]wantReason{wantContra(data.RuleOpenWounds, never, "Open wound in the treatment area at the screening on 4 January 2027; do not treat until it has healed")}},
		{"OpenWoundsStillOnFileLater", func(s *data.Screening) { s.OpenWounds = true }, nil, datatest.Date(2027, 3, 1),
			[]wantReason{wantContra(data.RuleOpenWounds, never, "a new screening is recorded")}},
		{"ActiveInfection", func(s *data.Screening) { s.ActiveInfection = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantContra(data.RuleActiveInfection, never, "Active skin infection")}},
		{"ActiveAcne", func(s *data.Screening) { s.ActiveAcne = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantContra(data.RuleActiveAcne, never, "Active acne")}},
		{"PsoriasisOrEczema", func(s *data.Screening) { s.PsoriasisOrEczema = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantContra(data.RulePsoriasisOrEczema, never, "Psoriasis or eczema")}},
		{"KeloidHistory", func(s *data.Screening) { s.KeloidHistory = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantContra(data.RuleKeloidHistory, never, "keloid")}},
		{"UncontrolledDiabetes", func(s *data.Screening) { s.UncontrolledDiabetes = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantContra(data.RuleUncontrolledDiabetes, never, "Uncontrolled diabetes")}},
		{"Immunosuppressed", func(s *data.Screening) { s.Immunosuppressed = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantContra(data.RuleImmunosuppression, never, "Weakened immune system")}},
		{"BleedingDisorder", func(s *data.Screening) { s.BleedingDisorder = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantContra(data.RuleBleedingDisorder, never, "Bleeding disorder")}},
		{"MetalAllergy", func(s *data.Screening) { s.MetalAllergy = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantContra(data.RuleMetalAllergy, never, "stainless steel")}},
		{"AutoimmuneCondition", func(s *data.Screening) { s.AutoimmuneCondition = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantCaution(data.RuleAutoimmune, never, "Autoimmune condition")}},
		{"Anticoagulants", func(s *data.Screening) { s.Anticoagulants = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantCaution(data.RuleAnticoagulants, never, "blood thinner")}},
		{"ColdSores", func(s *data.Screening) { s.ColdSores = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantCaution(data.RuleColdSores, never, "antiviral cover")}},
		{"NumbingAgentAllergy", func(s *data.Screening) { s.NumbingAgentAllergy = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantCaution(data.RuleNumbingAgentAllergy, never, "numbing agent")}},

		{"RadiationDayBeforeEligible", func(s *data.Screening) { s.LastRadiationTherapy = datatest.Date(2026, 3, 15) }, nil, datatest.Date(2027, 3, 14),
			[]wantReason{wantContra(data.RuleRadiation, datatest.Date(2027, 3, 15), "Radiation therapy 11 months ago; the clinic waits 12 months — eligible from 15 March 2027.")}},
		{"RadiationEligibleDay", func(s *data.Screening) { s.LastRadiationTherapy = datatest.Date(2026, 3, 15) }, nil, datatest.Date(2027, 3, 15), nil},

		{"IsotretinoinStopped", func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 11, 3) }, nil, datatest.Date(2027, 1, 5),
			[]wantReason{wantContra(data.RuleIsotretinoin, datatest.Date(2027, 5, 3), "Isotretinoin stopped 2 months ago; the clinic waits 6 months — eligible from 3 May 2027.")}},
		{"IsotretinoinDayBeforeEligible", func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 11, 3) }, nil, datatest.Date(2027, 5, 2),
			[]wantReason{wantContra(data.RuleIsotretinoin, datatest.Date(2027, 5, 3), "5 months ago")}},
		{"IsotretinoinEligibleDay", func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 11, 3) }, nil, datatest.Date(2027, 5, 3), nil},
		{"IsotretinoinEligibleDayAnyTimeAnyZone", func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 11, 3) }, nil,
			time.Date(2027, 5, 3, 8, 30, 0, 0, time.FixedZone("EDT", -4*3600)), nil},
		{"IsotretinoinMonthEndDayBefore", func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 8, 31) }, nil, datatest.Date(2027, 2, 27),
			[]wantReason{wantContra(data.RuleIsotretinoin, datatest.Date(2027, 2, 28), "eligible from 28 February 2027")}},
		{"IsotretinoinMonthEndEligible", func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 8, 31) }, nil, datatest.Date(2027, 2, 28), nil},
		{"IsotretinoinLeapYearDayBefore", func(s *data.Screening) {
			s.ScreenedOn, s.LastIsotretinoinDose = datatest.Date(2027, 12, 1), datatest.Date(2027, 8, 31)
		}, nil, datatest.Date(2028, 2, 28),
			[]wantReason{wantContra(data.RuleIsotretinoin, datatest.Date(2028, 2, 29), "eligible from 29 February 2028")}},
		{"IsotretinoinLeapDayEligible", func(s *data.Screening) {
			s.ScreenedOn, s.LastIsotretinoinDose = datatest.Date(2027, 12, 1), datatest.Date(2027, 8, 31)
		}, nil, datatest.Date(2028, 2, 29), nil},
		{"IsotretinoinClinicWaitsThreeMonths", func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 11, 3) },
			func(r *data.ClinicRules) { r.IsotretinoinWaitMonths = 3 }, datatest.Date(2027, 2, 2),
			[]wantReason{wantContra(data.RuleIsotretinoin, datatest.Date(2027, 2, 3), "the clinic waits 3 months — eligible from 3 February 2027")}},
		{"IsotretinoinClinicWaitsThreeMonthsEligible", func(s *data.Screening) { s.LastIsotretinoinDose = datatest.Date(2026, 11, 3) },
			func(r *data.ClinicRules) { r.IsotretinoinWaitMonths = 3 }, datatest.Date(2027, 2, 3), nil},
		{"IsotretinoinStillTaking", func(s *data.Screening) { s.TakingIsotretinoin = true }, nil, datatest.Date(2027, 9, 1),
			[]wantReason{
				wantContra(data.RuleIsotretinoin, never, "Taking isotretinoin at the screening on 4 January 2027; the clinic waits 6 months after the last dose"),
				wantCaution(data.RuleScreeningStale, never, "Screening is from 4 January 2027"),
			}},

		{"IsotretinoinStillTakingClinicDoesNotWait", func(s *data.Screening) { s.TakingIsotretinoin = true },
			func(r *data.ClinicRules) { r.IsotretinoinWaitMonths = 0 }, datatest.Date(2027, 1, 10), nil},

		{"TopicalRetinoidDayBeforeEligible", func(s *data.Screening) { s.LastTopicalRetinoid = datatest.Date(2027, 1, 1) }, nil, datatest.Date(2027, 1, 5),
			[]wantReason{wantContra(data.RuleTopicalRetinoid, datatest.Date(2027, 1, 6), "Topical retinoid last used 4 days ago; the clinic waits 5 days — eligible from 6 January 2027.")}},
		{"TopicalRetinoidEligibleDay", func(s *data.Screening) { s.LastTopicalRetinoid = datatest.Date(2027, 1, 1) }, nil, datatest.Date(2027, 1, 6), nil},
		{"TopicalRetinoidAcrossLeapDay", func(s *data.Screening) {
			s.ScreenedOn, s.LastTopicalRetinoid = datatest.Date(2028, 2, 29), datatest.Date(2028, 2, 26)
		}, nil, datatest.Date(2028, 3, 1),
			[]wantReason{wantContra(data.RuleTopicalRetinoid, datatest.Date(2028, 3, 2), "eligible from 2 March 2028")}},
		{"TopicalRetinoidAcrossLeapDayEligible", func(s *data.Screening) {
			s.ScreenedOn, s.LastTopicalRetinoid = datatest.Date(2028, 2, 29), datatest.Date(2028, 2, 26)
		}, nil, datatest.Date(2028, 3, 2), nil},
		{"TopicalRetinoidAcrossFebruary", func(s *data.Screening) {
			s.ScreenedOn, s.LastTopicalRetinoid = datatest.Date(2027, 2, 28), datatest.Date(2027, 2, 26)
		}, nil, datatest.Date(2027, 3, 2),
			[]wantReason{wantContra(data.RuleTopicalRetinoid, datatest.Date(2027, 3, 3), "eligible from 3 March 2027")}},
		{"TopicalRetinoidUsedToday", func(s *data.Screening) { s.LastTopicalRetinoid = datatest.Date(2027, 1, 4) }, nil, datatest.Date(2027, 1, 4),
			[]wantReason{wantContra(data.RuleTopicalRetinoid, datatest.Date(2027, 1, 9), "last used today")}},
		{"TopicalRetinoidRegularUse", func(s *data.Screening) { s.UsesTopicalRetinoid = true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{wantCaution(data.RuleTopicalRetinoidUse, never, "stopped at least 5 days before the session (last use on or before 5 January 2027)")}},
		{"TopicalRetinoidRegularUseInsideWindow", func(s *data.Screening) {
			s.UsesTopicalRetinoid, s.LastTopicalRetinoid = true, datatest.Date(2027, 1, 3)
		}, nil, datatest.Date(2027, 1, 4),
			[]wantReason{wantContra(data.RuleTopicalRetinoid, datatest.Date(2027, 1, 8), "yesterday")}},
		{"TopicalRetinoidRegularUseNoWait", func(s *data.Screening) { s.UsesTopicalRetinoid = true },
			func(r *data.ClinicRules) { r.TopicalRetinoidWaitDays = 0 }, datatest.Date(2027, 1, 10), nil},

		{"BotulinumToxinDayBeforeClear", func(s *data.Screening) { s.LastBotulinumToxin = datatest.Date(2026, 11, 30) }, nil, datatest.Date(2027, 2, 27),
			[]wantReason{wantCaution(data.RuleBotulinumToxin, datatest.Date(2027, 2, 28), "Botulinum toxin in the area 2 months ago; the clinic waits 3 months — caution until 28 February 2027. Needling may spread")}},
		{"BotulinumToxinClearDay", func(s *data.Screening) { s.LastBotulinumToxin = datatest.Date(2026, 11, 30) }, nil, datatest.Date(2027, 2, 28), nil},
		{"BotulinumToxinWeeksAgo", func(s *data.Screening) { s.LastBotulinumToxin = datatest.Date(2026, 12, 10) }, nil, datatest.Date(2027, 1, 5),
			[]wantReason{wantCaution(data.RuleBotulinumToxin, datatest.Date(2027, 3, 10), "3 weeks ago")}},

		{"FillerDayBeforeEligible", func(s *data.Screening) { s.LastFillerOrSurgery = datatest.Date(2026, 6, 10) }, nil, datatest.Date(2027, 6, 9),
			[]wantReason{wantContra(data.RuleFillerOrSurgery, datatest.Date(2027, 6, 10), "Filler or surgery in the area 11 months ago; the clinic waits 12 months — eligible from 10 June 2027.")}},
		{"FillerEligibleDay", func(s *data.Screening) { s.LastFillerOrSurgery = datatest.Date(2026, 6, 10) }, nil, datatest.Date(2027, 6, 10), nil},
		{"FillerOnLeapDayDayBefore", func(s *data.Screening) {
			s.ScreenedOn, s.LastFillerOrSurgery = datatest.Date(2028, 3, 1), datatest.Date(2028, 2, 29)
		},
			func(r *data.ClinicRules) { r.ScreeningValidMonths = 24 }, datatest.Date(2029, 2, 27),
			[]wantReason{wantContra(data.RuleFillerOrSurgery, datatest.Date(2029, 2, 28), "eligible from 28 February 2029")}},
		{"FillerOnLeapDayEligible", func(s *data.Screening) {
			s.ScreenedOn, s.LastFillerOrSurgery = datatest.Date(2028, 3, 1), datatest.Date(2028, 2, 29)
		},
			func(r *data.ClinicRules) { r.ScreeningValidMonths = 24 }, datatest.Date(2029, 2, 28), nil},

		{"ScreeningValidOnLastDay", func(s *data.Screening) { s.ScreenedOn = datatest.Date(2026, 5, 28) }, nil, datatest.Date(2026, 11, 28), nil},
		{"ScreeningStaleDayAfter", func(s *data.Screening) { s.ScreenedOn = datatest.Date(2026, 5, 28) }, nil, datatest.Date(2026, 11, 29),
			[]wantReason{wantCaution(data.RuleScreeningStale, never, "Screening is from 28 May 2026, more than 6 months ago; re-confirm it with the patient.")}},
		{"ScreeningValidToShortMonthEnd", func(s *data.Screening) { s.ScreenedOn = datatest.Date(2026, 5, 31) }, nil, datatest.Date(2026, 11, 30), nil},
		{"ScreeningStaleAfterShortMonthEnd", func(s *data.Screening) { s.ScreenedOn = datatest.Date(2026, 5, 31) }, nil, datatest.Date(2026, 12, 1),
			[]wantReason{wantCaution(data.RuleScreeningStale, never, "from 31 May 2026")}},
		{"ScreeningValidLongerByClinic", func(s *data.Screening) { s.ScreenedOn = datatest.Date(2026, 5, 31) },
			func(r *data.ClinicRules) { r.ScreeningValidMonths = 12 }, datatest.Date(2026, 12, 1), nil},

		{"SeveralReasonsWorstWins", func(s *data.Screening) {
			s.ScreenedOn, s.Pregnant, s.KeloidHistory = datatest.Date(2026, 4, 1), true, true
			s.ColdSores, s.Anticoagulants, s.LastFillerOrSurgery = true, true, datatest.Date(2026, 3, 1)
		}, nil, datatest.Date(2026, 11, 28),
			[]wantReason{
				wantContra(data.RulePregnancy, never, "Pregnant"),
				wantContra(data.RuleKeloidHistory, never, "keloid"),
				wantContra(data.RuleFillerOrSurgery, datatest.Date(2027, 3, 1), "eligible from 1 March 2027"),
				wantCaution(data.RuleAnticoagulants, never, "blood thinner"),
				wantCaution(data.RuleColdSores, never, "cold sores"),
				wantCaution(data.RuleScreeningStale, never, "from 1 April 2026"),
			}},
		{"SeveralCautionsOnly", func(s *data.Screening) { s.ColdSores, s.NumbingAgentAllergy = true, true }, nil, datatest.Date(2027, 1, 10),
			[]wantReason{
				wantCaution(data.RuleColdSores, never, ""),
				wantCaution(data.RuleNumbingAgentAllergy, never, ""),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := data.Screening{ID: 1, PatientID: 1, ScreenedOn: checkScreenedOn, RecordedBy: "Ada Byrne"}
			if tt.change != nil {
				tt.change(&s)
			}
			rules := data.DefaultClinicRules()
			if tt.rules != nil {
				tt.rules(&rules)
			}
			assertCheck(t, data.Check(&s, tt.on, rules), tt.want)
		})
	}

	t.Run("NoScreening", func(t *testing.T) {
		got := data.Check(nil, datatest.Date(2027, 1, 10), data.DefaultClinicRules())
		assertCheck(t, got, []wantReason{wantContra(data.RuleNoScreening, never, "No screening on file; complete one")})
		if got, want := got.Summary(), "Contraindicated: no screening"; got != want {
			t.Errorf("Summary() = %q, want %q", got, want)
		}
	})
}

// assertCheck compares a result with the reasons wanted, in order, and
// checks its status is the worst of them.
func assertCheck(t *testing.T, got data.CheckResult, want []wantReason) {
	t.Helper()
	status := data.CheckClear
	for _, w := range want {
		if w.status == data.CheckContraindicated || status == data.CheckClear {
			status = w.status
		}
	}
	if got.Status != status {
		t.Errorf("Status = %q, want %q", got.Status, status)
	}
	if len(got.Reasons) != len(want) {
		t.Fatalf("got %d reasons, want %d:\n%s", len(got.Reasons), len(want), reasonsText(got.Reasons))
	}
	for i, w := range want {
		r := got.Reasons[i]
		if r.Rule != w.rule || r.Status != w.status || !r.EligibleFrom.Equal(w.from) {
			t.Errorf("reason %d = %s %s from %v, want %s %s from %v", i, r.Rule, r.Status, r.EligibleFrom, w.rule, w.status, w.from)
		}
		if !strings.Contains(r.Message, w.msg) {
			t.Errorf("reason %d message = %q, want it to contain %q", i, r.Message, w.msg)
		}
	}
}

func reasonsText(reasons []data.CheckReason) string {
	var b strings.Builder
	for _, r := range reasons {
		b.WriteString("  " + string(r.Status) + " " + r.Rule + ": " + r.Message + "\n")
	}
	return b.String()
}

func TestCheckTimeAgo(t *testing.T) {
	rules := data.DefaultClinicRules()
	rules.RadiationWaitMonths = 60
	for _, tt := range []struct {
		last time.Time
		want string
	}{
		{datatest.Date(2027, 1, 4), "Radiation therapy today;"},
		{datatest.Date(2027, 1, 3), "Radiation therapy yesterday;"},
		{datatest.Date(2026, 12, 22), "Radiation therapy 13 days ago;"},
		{datatest.Date(2026, 12, 21), "Radiation therapy 2 weeks ago;"},
		{datatest.Date(2026, 11, 5), "Radiation therapy 8 weeks ago;"},
		{datatest.Date(2026, 11, 4), "Radiation therapy 2 months ago;"},
		{datatest.Date(2025, 1, 5), "Radiation therapy 23 months ago;"},
		{datatest.Date(2025, 1, 4), "Radiation therapy 2 years ago;"},
	} {
		s := data.Screening{ScreenedOn: checkScreenedOn, LastRadiationTherapy: tt.last}
		got := data.Check(&s, checkScreenedOn, rules)
		if len(got.Reasons) != 1 || !strings.HasPrefix(got.Reasons[0].Message, tt.want) {
			t.Errorf("last radiation %s: reasons\n%swant a message starting %q", tt.last.Format(time.DateOnly), reasonsText(got.Reasons), tt.want)
		}
	}
}

func TestCheckResultSummary(t *testing.T) {
	for _, tt := range []struct {
		reasons []data.CheckReason
		want    string
	}{
		{nil, "Clear"},
		{[]data.CheckReason{{Rule: data.RuleColdSores, Status: data.CheckCaution}}, "Caution: cold sores"},
		{[]data.CheckReason{
			{Rule: data.RulePregnancy, Status: data.CheckContraindicated},
			{Rule: data.RuleIsotretinoin, Status: data.CheckContraindicated},
			{Rule: data.RuleColdSores, Status: data.CheckCaution},
			{Rule: data.RuleScreeningStale, Status: data.CheckCaution},
		}, "Contraindicated: pregnancy, isotretinoin; caution: cold sores, screening out of date"},
	} {
		r := data.CheckResult{Status: data.CheckClear, Reasons: tt.reasons}
		if got := r.Summary(); got != tt.want {
			t.Errorf("Summary() = %q, want %q", got, tt.want)
		}
	}
}

func TestCheckStatusLabel(t *testing.T) {
	for st, want := range map[data.CheckStatus]string{
		data.CheckClear: "Clear", data.CheckCaution: "Caution", data.CheckContraindicated: "Contraindicated",
	} {
		if got := st.Label(); got != want {
			t.Errorf("%q.Label() = %q, want %q", st, got, want)
		}
	}
}

func TestClinicRulesValidate(t *testing.T) {
	if err := data.DefaultClinicRules().Validate(); err != nil {
		t.Fatalf("DefaultClinicRules().Validate() = %v, want nil", err)
	}
	tests := []struct {
		name   string
		change func(r *data.ClinicRules)
		field  string
		want   string
	}{
		{"ErrIsotretinoinNegative", func(r *data.ClinicRules) { r.IsotretinoinWaitMonths = -1 }, data.FieldIsotretinoinWaitMonths, "Wait after isotretinoin must be from 0 to 24 months."},
		{"ErrIsotretinoinTooLong", func(r *data.ClinicRules) { r.IsotretinoinWaitMonths = 25 }, data.FieldIsotretinoinWaitMonths, "0 to 24 months"},
		{"ErrTopicalRetinoid", func(r *data.ClinicRules) { r.TopicalRetinoidWaitDays = 61 }, data.FieldTopicalRetinoidWaitDays, "0 to 60 days"},
		{"ErrBotulinumToxin", func(r *data.ClinicRules) { r.BotulinumToxinWaitMonths = 13 }, data.FieldBotulinumToxinWaitMonths, "0 to 12 months"},
		{"ErrFillerOrSurgery", func(r *data.ClinicRules) { r.FillerOrSurgeryWaitMonths = -3 }, data.FieldFillerOrSurgeryWaitMonths, "0 to 36 months"},
		{"ErrRadiation", func(r *data.ClinicRules) { r.RadiationWaitMonths = 61 }, data.FieldRadiationWaitMonths, "0 to 60 months"},
		{"ErrPostpartum", func(r *data.ClinicRules) { r.PostpartumWaitWeeks = 53 }, data.FieldPostpartumWaitWeeks, "0 to 52 weeks"},
		{"ErrScreeningNeverValid", func(r *data.ClinicRules) { r.ScreeningValidMonths = 0 }, data.FieldScreeningValidMonths, "1 to 24 months"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := data.DefaultClinicRules()
			tt.change(&r)
			fields := datatest.FieldErrors(t, r.Validate())
			if got := fields[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("message for %s = %q, want it to contain %q (all: %v)", tt.field, got, tt.want, fields)
			}
			if len(fields) != 1 {
				t.Errorf("got %d field errors, want 1: %v", len(fields), fields)
			}
		})
	}

	t.Run("AcceptsLimits", func(t *testing.T) {
		r := data.ClinicRules{ScreeningValidMonths: 1, ConsentValidMonths: 1}
		if err := r.Validate(); err != nil {
			t.Errorf("no waits at all: Validate() = %v, want nil", err)
		}
		r = data.ClinicRules{IsotretinoinWaitMonths: 24, TopicalRetinoidWaitDays: 60, BotulinumToxinWaitMonths: 12,
			FillerOrSurgeryWaitMonths: 36, RadiationWaitMonths: 60, PostpartumWaitWeeks: 52, ScreeningValidMonths: 24,
			ConsentValidMonths: 60}
		if err := r.Validate(); err != nil {
			t.Errorf("longest waits: Validate() = %v, want nil", err)
		}
	})
}

// TestCheckHeadline: a patient never screened needs a screening, which the
// badge says in those words rather than calling them contraindicated.
func TestCheckHeadline(t *testing.T) {
	rules := data.DefaultClinicRules()
	none := data.Check(nil, datatest.Date(2026, 12, 2), rules)
	if !none.NeedsScreening() || none.Headline() != "Screening needed before treatment" {
		t.Errorf("no screening: NeedsScreening %v, Headline %q", none.NeedsScreening(), none.Headline())
	}
	if none.Status != data.CheckContraindicated {
		t.Errorf("no screening: status %v, want treatment still stopped", none.Status)
	}
	pregnant := data.Check(&data.Screening{ScreenedOn: datatest.Date(2026, 11, 2), Pregnant: true,
		PregnancyDueDate: datatest.Date(2027, 3, 1)}, datatest.Date(2026, 12, 2), rules)
	if pregnant.NeedsScreening() || pregnant.Headline() != "Contraindicated" {
		t.Errorf("pregnant: NeedsScreening %v, Headline %q", pregnant.NeedsScreening(), pregnant.Headline())
	}
	clear := data.Check(&data.Screening{ScreenedOn: datatest.Date(2026, 11, 2)}, datatest.Date(2026, 12, 2), rules)
	if clear.Headline() != "Clear" {
		t.Errorf("clear: Headline %q", clear.Headline())
	}
}
