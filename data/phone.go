package data

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// DefaultCountry is the clinic's country until one is chosen. Phone
// numbers typed without a country code are read as dialled there.
const DefaultCountry = "GB"

// countryOr returns the country code in capitals, or DefaultCountry when
// none is set.
func countryOr(country string) string {
	if country == "" {
		return DefaultCountry
	}
	return strings.ToUpper(country)
}

// KnownCountry reports whether code is an ISO 3166 alpha-2 code whose
// phone numbers can be read.
func KnownCountry(code string) bool {
	return code == strings.ToUpper(code) && phonenumbers.GetCountryCodeForRegion(code) != 0
}

// Countries lists the codes of the countries whose phone numbers can be
// read, in the order of their English names.
func Countries() []string {
	var codes []string
	for code := range phonenumbers.GetSupportedRegions() {
		codes = append(codes, code)
	}
	slices.SortFunc(codes, func(a, b string) int { return strings.Compare(CountryName(a), CountryName(b)) })
	return codes
}

// CountryName returns the English name of a country code, or the code
// itself when it has none.
func CountryName(code string) string {
	if r, err := language.ParseRegion(code); err == nil {
		if name := display.English.Regions().Name(r); name != "" {
			return name
		}
	}
	return code
}

// PhoneE164 returns the phone number s in international form, the form
// numbers are compared in ("+447700900123"), reading a number without a
// country code as dialled in country. It returns "" when s is empty or is
// not a whole number that Validate would accept.
func PhoneE164(s, country string) string {
	n, problem := readPhone(s, country)
	if problem != phoneRead {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

// PhonePrefixE164 returns the start of a number typed with the national
// prefix of country or with a country code in international form, for
// finding a number by its first digits however it was typed: "07700 9" is
// "+4477009" in the United Kingdom. It returns "" for digits that start
// with neither.
func PhonePrefixE164(s, country string) string {
	s = strings.TrimSpace(s)
	digits := PhoneDigits(s)
	if strings.HasPrefix(s, "+") {
		return "+" + digits
	}
	national := phonenumbers.GetNddPrefixForRegion(countryOr(country), true)
	if national == "" || !strings.HasPrefix(digits, national) {
		return ""
	}
	return "+" + strconv.Itoa(phonenumbers.GetCountryCodeForRegion(countryOr(country))) + digits[len(national):]
}

// phoneProblem is what keeps a typed phone number from being read.
type phoneProblem int

const (
	phoneRead phoneProblem = iota
	phoneEmpty
	phoneCharacters
	phoneUnreadable
	phoneNoSuchCountryCode
	phoneNoAreaCode
	phoneTooShort
	phoneTooLong
	phoneWrongLength
)

// readPhone reads s as a whole number dialled in country. A number in the
// ranges the library knows to be in use is read; so is one outside them
// with as many digits as a mobile or landline number there, since
// countries open new ranges and keep some for films (07700 900123).
func readPhone(s, country string) (*phonenumbers.PhoneNumber, phoneProblem) {
	if s == "" {
		return nil, phoneEmpty
	}
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '/':
		default:
			return nil, phoneCharacters
		}
	}
	n, err := phonenumbers.Parse(s, countryOr(country))
	if errors.Is(err, phonenumbers.ErrInvalidCountryCode) {
		return nil, phoneNoSuchCountryCode
	}
	if err != nil {
		return nil, phoneUnreadable
	}
	if phonenumbers.IsValidNumber(n) {
		return n, phoneRead
	}
	switch phonenumbers.IsPossibleNumberWithReason(n) {
	case phonenumbers.IS_POSSIBLE:
	case phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
		return nil, phoneNoAreaCode
	case phonenumbers.TOO_SHORT:
		return nil, phoneTooShort
	case phonenumbers.TOO_LONG:
		return nil, phoneTooLong
	case phonenumbers.INVALID_COUNTRY_CODE:
		return nil, phoneNoSuchCountryCode
	default:
		return nil, phoneWrongLength
	}
	digits := len(phonenumbers.GetNationalSignificantNumber(n))
	shortest, longest := usualLengths(phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())))
	switch {
	case shortest == 0:
	case digits < shortest:
		return nil, phoneTooShort
	case digits > longest:
		return nil, phoneTooLong
	case digits != shortest && digits != longest:
		return nil, phoneWrongLength
	}
	return n, phoneRead
}

// usualLengths returns how many digits, without the country code or the
// national prefix, a mobile and a landline number of region have, shortest
// first; 0, 0 when the library has no examples.
func usualLengths(region string) (shortest, longest int) {
	l := regionLengths()[region]
	return l[0], l[1]
}

// regionLengths are the usualLengths of every region, worked out once.
var regionLengths = sync.OnceValue(func() map[string][2]int {
	lengths := map[string][2]int{}
	for region := range phonenumbers.GetSupportedRegions() {
		var l [2]int
		for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.MOBILE, phonenumbers.FIXED_LINE} {
			if n := phonenumbers.GetExampleNumberForType(region, typ); n != nil {
				digits := len(phonenumbers.GetNationalSignificantNumber(n))
				if l[0] == 0 || digits < l[0] {
					l[0] = digits
				}
				l[1] = max(l[1], digits)
			}
		}
		lengths[region] = l
	}
	return lengths
})

// FormatPhone returns a stored number as the desk reads it: in the
// national format when it is a number of the clinic's country
// ("07700 900123"), in the international format otherwise
// ("+33 6 12 34 56 78"). A number that could not be read (e164 empty) is
// shown as it was typed.
func FormatPhone(typed, e164, country string) string {
	if e164 == "" {
		return typed
	}
	n, err := phonenumbers.Parse(e164, countryOr(country))
	if err != nil {
		return typed
	}
	// By the calling code, not the region: a number outside the ranges in
	// use (07700 900123) has no region.
	if int(n.GetCountryCode()) == phonenumbers.GetCountryCodeForRegion(countryOr(country)) {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}

// phone checks a phone number read as dialled in country and says what is
// wrong in the words of the desk.
func (v *Validator) phone(field, label, s, country string) {
	if s == "" || !v.Text(field, label, s, MaxPhoneLength, false) {
		return
	}
	_, problem := readPhone(s, country)
	where := countryWithThe(numberCountry(s, country))
	switch problem {
	case phoneCharacters:
		v.Add(field, label+" may hold only digits, spaces, brackets, dashes and a leading +, e.g. "+ExamplePhone(country)+".")
	case phoneUnreadable:
		v.Add(field, label+" cannot be read as a phone number; type it like "+ExamplePhone(country)+".")
	case phoneNoSuchCountryCode:
		v.Add(field, label+" starts with a country code that does not exist. Check the digits after the +.")
	case phoneNoAreaCode:
		v.Add(field, label+" is missing its area code; type the whole number, e.g. "+ExamplePhone(country)+".")
	case phoneTooShort:
		v.Add(field, label+" has too few digits for "+where+". Check that none is missing.")
	case phoneTooLong:
		v.Add(field, label+" has too many digits for "+where+". Check that none is typed twice.")
	case phoneWrongLength:
		v.Add(field, label+" does not have the right number of digits for "+where+".")
	}
}

// numberCountry is the country a typed number belongs to: the clinic's,
// unless it starts with another country's code.
func numberCountry(s, country string) string {
	n, err := phonenumbers.Parse(s, countryOr(country))
	if err != nil || int(n.GetCountryCode()) == phonenumbers.GetCountryCodeForRegion(countryOr(country)) {
		return countryOr(country)
	}
	return phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode()))
}

// countriesWithThe are the countries whose English names take "the".
var countriesWithThe = map[string]bool{
	"AE": true, "BS": true, "CF": true, "DO": true, "FO": true, "GB": true, "GM": true, "KM": true,
	"KY": true, "MH": true, "MV": true, "NL": true, "PH": true, "SB": true, "TC": true, "US": true,
	"VG": true, "VI": true,
}

// countryWithThe names a country as it reads after "for": "for France", "for the
// United Kingdom".
func countryWithThe(code string) string {
	if countriesWithThe[code] {
		return "the " + CountryName(code)
	}
	return CountryName(code)
}

// ExamplePhone is a mobile number of the country in its national format,
// to show how a number is typed: "07400 123456" in the United Kingdom.
func ExamplePhone(country string) string {
	if n := phonenumbers.GetExampleNumberForType(countryOr(country), phonenumbers.MOBILE); n != nil {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	return "+44 7700 900123"
}
