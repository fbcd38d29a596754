package demo

import (
	"fmt"
	"strings"
	"time"

	"needlepoint/data"
)

// This file makes the contact details of demo patients: phone numbers,
// email addresses, postal addresses and emergency contacts.

// phone returns a number not yet given to another patient, mostly UK
// mobiles written in the ways people write them, each one a number the
// store reads with the demo clinic's country.
func (g *generator) phone() string {
	for {
		s := g.phoneText()
		key := data.PhoneE164(s, data.DefaultCountry)
		if key != "" && !g.phones[key] {
			g.phones[key] = true
			return s
		}
	}
}

func (g *generator) phoneText() string {
	r, d := g.rng.IntN(100), g.rng.IntN
	mobile := "12345789"[d(8)]
	switch {
	case r < 15:
		return fmt.Sprintf("+44 7700 9%05d", d(100000))
	case r < 48:
		return fmt.Sprintf("07%c%02d %06d", mobile, d(100), d(1000000))
	case r < 58:
		return fmt.Sprintf("+447%c%08d", mobile, d(100000000))
	case r < 68:
		return fmt.Sprintf("07%c%02d %03d %03d", mobile, d(100), d(1000), d(1000))
	case r < 72:
		return fmt.Sprintf("+44 (0)7%c%02d %06d", mobile, d(100), d(1000000))
	case r < 76:
		return fmt.Sprintf("07%c%02d-%03d-%03d", mobile, d(100), d(1000), d(1000))
	case r < 94:
		local, city := 2+d(8), "234569"[d(6)] // Birmingham to Newcastle
		switch d(6) {
		case 0:
			return fmt.Sprintf("020 %d%03d %04d", 7+d(2), d(1000), d(10000))
		case 1:
			return fmt.Sprintf("01%c1 %d%02d %04d", city, local, d(100), d(10000))
		case 2:
			return fmt.Sprintf("(01%c1) %d%02d %04d", city, local, d(100), d(10000))
		case 3:
			return fmt.Sprintf("029 20%02d %04d", d(100), d(10000))
		case 4:
			return fmt.Sprintf("01%03d %d%05d", 200+d(800), local, d(100000))
		default:
			return fmt.Sprintf("01%c1-%d%02d-%04d", city, local, d(100), d(10000))
		}
	}
	switch d(4) {
	case 0:
		return fmt.Sprintf("+353 8%d %03d %04d", 3+d(7), d(1000), d(10000))
	case 1:
		return fmt.Sprintf("+48 %d%02d %03d %03d", 5+d(4), d(100), d(1000), d(1000))
	case 2:
		return fmt.Sprintf("+33 6 %02d %02d %02d %02d", d(100), d(100), d(100), d(100))
	}
	return fmt.Sprintf("+1 (%03d) 555-%04d", 200+d(800), d(10000))
}

// email makes an address from the ASCII letters of the name, or none when
// the name has no ASCII letters (Дмитрий Иванов). Addresses are unique.
func (g *generator) email(first, last string, dob time.Time) string {
	f, l := asciiLetters(first), asciiLetters(last)
	if f == "" && l == "" {
		return ""
	}
	var local string
	switch {
	case f == "" || l == "":
		local = f + l + fmt.Sprint(1+g.rng.IntN(99))
	default:
		switch g.rng.IntN(8) {
		case 0, 1, 2:
			local = f + "." + l
		case 3:
			local = f + l
		case 4:
			local = f[:1] + l
		case 5:
			local = f + "_" + l
		case 6:
			local = l + "." + f
		default:
			local = f + "." + l + fmt.Sprintf("%02d", dob.Year()%100)
		}
	}
	domain := g.pick(emailDomains)
	for addr := local + "@" + domain; ; addr = fmt.Sprintf("%s%d@%s", local, 1+g.rng.IntN(999), domain) {
		if !g.emails[addr] {
			g.emails[addr] = true
			return addr
		}
	}
}

// asciiLetters folds s and keeps only the letters a to z.
func asciiLetters(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, data.Fold(s))
}

func (g *generator) address() string {
	street := fmt.Sprintf("%d %s", 1+g.rng.IntN(180), spaced(g.pick(streets)))
	if g.rng.IntN(8) == 0 {
		street = g.pick(flats) + ", " + street
	}
	town := towns[g.rng.IntN(len(towns))]
	const inward = "ABDEFGHJLNPQRSTUWXYZ"
	postcode := fmt.Sprintf("%s %d%c%c", town[1], g.rng.IntN(10),
		inward[g.rng.IntN(len(inward))], inward[g.rng.IntN(len(inward))])
	return street + "\n" + town[0] + "\n" + postcode
}

// emergencyContact names a relative or friend, mostly of the patient's own
// origin, family sharing the patient's family name where the language
// does not change it by sex.
func (g *generator) emergencyContact(o origin, last string) (name, phone string) {
	if g.rng.IntN(10) < 3 {
		o = g.origin()
	}
	pool, relations := o.female, []string{"partner", "wife", "mother", "sister", "daughter", "friend"}
	female := g.rng.IntN(2) == 0
	if !female {
		pool, relations = o.male, []string{"partner", "husband", "father", "brother", "son", "friend"}
	}
	relation := g.pick(relations)
	family := spaced(g.pick(o.family))
	if female && o.feminine != nil {
		family = o.feminine(family)
	}
	if relation != "friend" && o.feminine == nil && g.rng.IntN(3) != 0 {
		family = last
	}
	return spaced(g.pick(pool)) + " " + family + " (" + relation + ")", g.phoneText()
}
