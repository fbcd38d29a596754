package sqlstore

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"needlepoint/data"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: RFC 9106's second recommended option, 64 MiB and
// three passes, about a tenth of a second on a clinic PC.
const (
	argonTime    = 3
	argonMemory  = 64 << 10 // KiB
	argonThreads = 4
	argonKeyLen  = 32
	argonSaltLen = 16
)

// passwordProblem returns why pw breaks the policy, in the user's words,
// or "" when it is good enough: at least 8 characters, with an upper-case
// letter, a lower-case letter and a digit; not one of the most common
// passwords; and without the name or username of the person it is for.
func passwordProblem(pw, name, username string) string {
	var upper, lower, digit bool
	for _, r := range pw {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
		digit = digit || unicode.IsDigit(r)
	}
	switch n := len([]rune(pw)); {
	case n < data.MinPasswordLength:
		return fmt.Sprintf("A password has at least %d characters.", data.MinPasswordLength)
	case n > data.MaxPasswordLength:
		return fmt.Sprintf("A password has at most %d characters.", data.MaxPasswordLength)
	case !upper || !lower || !digit:
		return "A password needs upper-case and lower-case letters and at least one digit."
	case isCommonPassword(pw):
		return "That password is one of the most common, the first anyone guessing would try, even with capitals or a few digits or symbols at the end. Choose something less predictable."
	}
	return personalProblem(pw, name, username)
}

// commonPasswordList is SecLists' 10,000 most common passwords, one a line
// (MIT licence, in passwords/LICENSE).
//
//go:embed passwords/10k-most-common.txt
var commonPasswordList string

// commonPasswords is commonPasswordList as a set, built once.
var commonPasswords = func() map[string]bool {
	set := make(map[string]bool, 10000)
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			set[data.Fold(line)] = true
		}
	}
	return set
}()

// maxAddedTail is how many digits and symbols at the end of a password
// are taken for the ones people add to a common word to pass the rules
// ("Password1!", "Monkey123"). A longer tail such as "-2026" is counted as
// part of the password.
const maxAddedTail = 3

// isCommonPassword reports whether pw, in lower case and without accents,
// is on the list, or is once up to maxAddedTail digits and symbols at its
// end are taken off.
func isCommonPassword(pw string) bool {
	folded := data.Fold(pw)
	if commonPasswords[folded] {
		return true
	}
	for range maxAddedTail {
		r, size := utf8.DecodeLastRuneInString(folded)
		if size == 0 || unicode.IsLetter(r) {
			return false
		}
		folded = folded[:len(folded)-size]
		if commonPasswords[folded] {
			return true
		}
	}
	return false
}

// minPersonalPart is the shortest part of a name or username a password
// may not contain: shorter ones ("Jo", "Li") are inside too many words.
const minPersonalPart = 3

// personalProblem says whether pw contains username or a part of name or
// username of minPersonalPart letters or more, ignoring case and accents:
// the first guesses of anyone who knows the person.
func personalProblem(pw, name, username string) string {
	folded := data.Fold(pw)
	const choose = " Choose one without the name or username in it."
	if u := data.Fold(strings.TrimSpace(username)); utf8.RuneCountInString(u) >= minPersonalPart && strings.Contains(folded, u) {
		return fmt.Sprintf("That password contains the username %q.", u) + choose
	}
	for _, text := range []string{name, username} {
		for _, part := range strings.FieldsFunc(data.Fold(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if utf8.RuneCountInString(part) >= minPersonalPart && strings.Contains(folded, part) {
				return fmt.Sprintf("That password contains %q, part of the name or username.", part) + choose
			}
		}
	}
	return ""
}

// hashPassword returns pw's argon2id hash in the usual encoded form,
// $argon2id$v=19$m=…,t=…,p=…$salt$key, so the parameters can change later
// without breaking stored hashes.
func hashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return encodeHash(salt, deriveKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)), nil
}

func encodeHash(salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime,
		argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// deriveKey is argon2.IDKey, in a variable so that a test can count the
// hashes a sign-in computes.
var deriveKey = argon2.IDKey

// dummyHash is what a password typed with an unknown username is checked
// against, so that the answer takes as long as for a real account and does
// not tell which usernames exist. It has the parameters of a real hash and
// a random salt and key, made once, that no password is known to match.
var dummyHash = func() string {
	salt := make([]byte, argonSaltLen)
	key := make([]byte, argonKeyLen)
	rand.Read(salt)
	rand.Read(key)
	return encodeHash(salt, key)
}()

// usernameDigest is how a username nobody has is recorded in the audit
// trail: people type their password into the username box, and the trail
// keeps what it holds for ever. The first 8 hex digits of the SHA-256 of
// the folded username are too few to give back what was typed, and enough
// to see the same thing tried again and again.
func usernameDigest(folded string) string {
	sum := sha256.Sum256([]byte(folded))
	return hex.EncodeToString(sum[:4])
}

// passwordMatches reports whether pw hashes to encoded. A hash in a form
// it does not know never matches.
func passwordMatches(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil ||
		memory == 0 || memory > 4*argonMemory || passes == 0 || passes > 100 || threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) == 0 || len(key) > 128 {
		return false
	}
	got := deriveKey([]byte(pw), salt, passes, memory, threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}
