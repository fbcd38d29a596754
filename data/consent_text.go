package data

// The consent forms Needlepoint ships. A clinic reads them through and
// saves its own wording as a new version; until then these are offered.

const microneedlingConsentBody = `What the treatment is
Microneedling (collagen induction therapy) uses a device with a single-use, sterile cartridge of fine needles to make many tiny, controlled punctures in the skin. The skin's repair of these micro-injuries starts new collagen and elastin. A numbing cream may be applied first. A session takes 30 to 60 minutes.

What to expect
Redness like a mild sunburn, swelling, tightness and sensitivity for a few hours up to 2 to 3 days; pinpoint bleeding during the treatment; dryness and flaking as the skin heals. Results build over weeks, and several sessions about 4 weeks apart are usually needed. No particular result is guaranteed.

Risks
Common: redness, swelling, pinpoint bleeding, bruising, dryness, itching, milia (small white spots).
Less common or rare: infection; a flare of cold sores in people who have had them; an allergic reaction to a serum or to the numbing cream; changes in skin colour (darker or lighter patches), more likely with sun exposure or darker skin; granulomas; keloid or other scarring.

Aftercare
I have been given the aftercare sheet. I will keep the skin clean and avoid make-up for the rest of the day; avoid sun, sauna, swimming, hard exercise and active skin products (retinoids, acids, vitamin C) for the days the sheet gives; use SPF 30 or higher every day; not pick or scrub the skin; and call the clinic if I notice increasing pain, swelling, warmth, pus, fever, blistering, or redness lasting more than a week.

Photographs
Photographs of the treated areas may be taken before and after treatment for my clinical record. Any other use needs my separate photo consent.

My rights
I have been able to ask questions and am satisfied with the answers. I may withdraw this consent at any time, before or between sessions, without giving a reason.`

var microneedlingConsentConfirmations = []string{
	"I am not pregnant and not breastfeeding.",
	"I have not taken isotretinoin (Roaccutane) in the last 6 months.",
	"I am not taking blood thinners (anticoagulants) and have no bleeding disorder.",
	"I have no active infection, cold sore, active acne or open wound in the area to be treated.",
	"I do not form keloid scars.",
	"I have not had botulinum toxin, fillers or surgery in the area in the waiting time the practitioner explained.",
	"I have not used retinoid creams on the area in the last 5 days.",
	"I have told the practitioner about my medical conditions, medicines and allergies.",
	"I have read and understood this form and agree to follow the aftercare.",
}

const photoConsentBody = `Why photographs are taken
Standard photographs of the treated areas, taken before treatment and at later sessions, show how the skin responds and help plan each session.

How they are kept
Photographs are part of my clinical record: kept with it on the clinic's computers, seen only by the clinic's staff, and every viewing is recorded. The camera's hidden information (location, device) is removed. They are kept as long as the clinical record is.

What I allow
I choose below whether my photographs are used only for my clinical record, also for training clinicians (without my name), or also in the clinic's marketing. I can change my choice or withdraw it at any time; photographs already published cannot always be recalled.`

var photoConsentConfirmations = []string{
	"I have read this form and had my questions answered.",
}

// ShippedConsentTemplate returns the form Needlepoint ships for kind, as
// version 0.
func ShippedConsentTemplate(kind ConsentKind) ConsentTemplate {
	if kind == ConsentPhotos {
		return ConsentTemplate{Kind: kind, Title: "Consent to clinical photographs", Body: photoConsentBody,
			Confirmations: append([]string(nil), photoConsentConfirmations...)}
	}
	return ConsentTemplate{Kind: ConsentMicroneedling, Title: "Consent to microneedling (collagen induction therapy)",
		Body: microneedlingConsentBody, Confirmations: append([]string(nil), microneedlingConsentConfirmations...)}
}
