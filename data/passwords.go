package data

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"
)

// Password policy.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 200
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
// letter, a lower-case letter and a digit.
func passwordProblem(pw string) string {
	var upper, lower, digit bool
	for _, r := range pw {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
		digit = digit || unicode.IsDigit(r)
	}
	switch n := len([]rune(pw)); {
	case n < MinPasswordLength:
		return fmt.Sprintf("A password has at least %d characters.", MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Sprintf("A password has at most %d characters.", MaxPasswordLength)
	case !upper || !lower || !digit:
		return "A password needs upper-case and lower-case letters and at least one digit."
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
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime,
		argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
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
	got := argon2.IDKey([]byte(pw), salt, passes, memory, threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}
