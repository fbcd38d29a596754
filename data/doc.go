// Package data holds Needlepoint's domain types and the clinical rules
// they follow, as plain Go with no SQL: reports and the rules link no
// database driver. Their storage is the store package beside it.
//
// # The clinical facts the rules rely on
//
// These are defaults, not law: where sources disagree the clinic changes
// the value in its settings (ClinicRules, DowntimeGuide, the aftercare
// text).
//
// The treatment. Microneedling (collagen induction therapy) makes tiny
// injuries that the skin repairs by building collagen. A series is
// usually 3 or more sessions (3 to 6) about 4 weeks apart (sources range
// from 2 to 6 weeks; a setting per series, DefaultPlannedSessions and
// DefaultIntervalWeeks). Results keep improving for about 6 months after
// the last session, the moment for a review appointment.
//
// Needle depth and downtime, from the manufacturer's guide (drpen.net's
// needle-depth guide): forehead 0.25–0.75 mm; around the eyes, nose and
// upper lip 0.25–0.5 mm; cheeks and chin 0.5–1.0 mm (up to 2.0 mm); acne
// scars 1.0–2.0 mm; body up to 2.0 mm. Expected downtime: up to 0.5 mm
// about 2 to 3 days, 0.8–1.5 mm about 4 to 5 days, 2 mm and deeper about 6
// to 7 days (DefaultDowntimeGuide).
//
// Contraindications and cautions (the clinic's own page: pregnancy,
// certain autoimmune conditions, psoriasis or eczema, open wounds, recent
// radiation therapy; clinics' contraindication pages add active infection
// or acne, keloid scarring, blood thinners or a bleeding disorder,
// uncontrolled diabetes, immunosuppression, allergy to stainless steel or
// to the numbing agent, and cold sores as a caution with antiviral cover).
// Dated ones depend on the session date, so the check (Check) runs before
// every session: isotretinoin 6 months after the last dose (clinics use 3
// or 6; newer dermatology consensus is less strict, so it is a setting),
// topical retinoids 5 days, botulinum toxin 3 months in the treated area
// (some clinics say 2 weeks), fillers or facial surgery 12 months. A check
// is clear, a caution (treat, with the reason recorded) or a
// contraindication (no session unless a practitioner overrides it with a
// written reason, recorded with their name).
//
// Records. Signed notes are locked and corrected only by addenda that keep
// the original and record who, when and why (HIPAA 45 CFR 164.526; Open
// Dental locks completed procedure notes). Each person has their own
// sign-in, the PC locks after idle minutes, and an audit trail nobody can
// edit records who viewed and changed which record (45 CFR 164.312; ONC
// 170.315(d)(2), (d)(5)); five failed sign-ins lock an account for five
// minutes (Open Dental's rule). Patients are archived, never deleted, and
// backups are verified.
package data
