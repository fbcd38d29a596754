package reports

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// The embedded fonts: Noto Sans for Latin (Vietnamese included), Greek and
// Cyrillic, Noto Sans Hebrew and Noto Sans Arabic, each in the two weights
// the documents use. They are subsets (fonts/OFL.txt says which), so that
// every document parses them quickly; a clinic's PC needs none installed.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	notoRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	notoBold []byte
	//go:embed fonts/NotoSansHebrew-Regular.ttf
	hebrewRegular []byte
	//go:embed fonts/NotoSansHebrew-Bold.ttf
	hebrewBold []byte
	//go:embed fonts/NotoSansArabic-Regular.ttf
	arabicRegular []byte
	//go:embed fonts/NotoSansArabic-Bold.ttf
	arabicBold []byte
)

// face is one font a document may print a letter in, in both weights.
type face struct {
	family        string // the name it is registered under in a document
	regular, bold []byte
	has           *[1 << 16]bool // which letters of the Basic Multilingual Plane it draws
}

// fontFamily is the main face: every document's own text is set in it.
const fontFamily = "sans"

// embeddedFaces are the faces every Needlepoint has, the main one first.
var embeddedFaces = sync.OnceValue(func() []*face {
	return []*face{
		mustFace(fontFamily, notoRegular, notoBold),
		mustFace("hebrew", hebrewRegular, hebrewBold),
		mustFace("arabic", arabicRegular, arabicBold),
	}
})

func mustFace(family string, regular, bold []byte) *face {
	f, err := newFace(family, regular, bold)
	if err != nil {
		panic("reports: the embedded font " + family + " does not parse: " + err.Error())
	}
	return f
}

// newFace reads which letters a font draws; a letter counts only when
// both weights have it. bold is nil for a font in one weight, which then
// stands in for bold too.
func newFace(family string, regular, bold []byte) (*face, error) {
	f := &face{family: family, regular: regular, bold: bold, has: new([1 << 16]bool)}
	for r := range f.has {
		f.has[r] = true
	}
	for _, ttf := range [][]byte{regular, bold} {
		if ttf == nil {
			continue
		}
		font, err := sfnt.Parse(ttf)
		if err != nil {
			return nil, err
		}
		var buf sfnt.Buffer
		for r := range f.has {
			if f.has[r] {
				g, err := font.GlyphIndex(&buf, rune(r))
				f.has[r] = err == nil && g != 0
			}
		}
	}
	return f, nil
}

// systemFaces are the fonts of the operating system that draw Chinese,
// Japanese or Korean, read the first time a document needs one. Fonts for
// those scripts run to many megabytes each, too many to embed; Windows and
// macOS come with some, and Linux desktops with a CJK language do too.
var systemFaces = sync.OnceValue(func() []*face {
	var faces []*face
	need := map[rune]bool{'山': true, 'あ': true, '한': true}
	for _, path := range systemFontPaths() {
		if len(need) == 0 {
			break
		}
		f := systemFace(path)
		if f == nil {
			continue
		}
		useful := false
		for r := range need {
			if f.has[r] {
				useful = true
				delete(need, r)
			}
		}
		if useful {
			f.family = "cjk" + string(rune('a'+len(faces)))
			faces = append(faces, f)
		}
	}
	return faces
})

// systemFontPaths lists, most complete first, the CJK fonts with TrueType
// outlines (the only kind the PDF library embeds) where each operating
// system keeps them.
func systemFontPaths() []string {
	var dirs, names []string
	switch runtime.GOOS {
	case "windows":
		windir := os.Getenv("WINDIR")
		if windir == "" {
			windir = `C:\Windows`
		}
		dirs = []string{filepath.Join(windir, "Fonts")}
		names = []string{"msyh.ttc", "msjh.ttc", "simsun.ttc", "meiryo.ttc", "msgothic.ttc", "YuGothR.ttc", "malgun.ttf", "gulim.ttc"}
	case "darwin":
		dirs = []string{"/System/Library/Fonts/Supplemental", "/Library/Fonts", "/System/Library/Fonts"}
		names = []string{"Arial Unicode.ttf", "STHeiti Light.ttc", "STHeiti Medium.ttc", "AppleGothic.ttf", "AppleSDGothicNeo.ttc"}
	default:
		dirs = []string{"/usr/share/fonts", "/usr/local/share/fonts"}
		if home, err := os.UserHomeDir(); err == nil {
			dirs = append(dirs, filepath.Join(home, ".local/share/fonts"), filepath.Join(home, ".fonts"))
		}
		names = []string{"wqy-zenhei.ttc", "wqy-microhei.ttc", "DroidSansFallbackFull.ttf", "DroidSansFallback.ttf",
			"uming.ttc", "ukai.ttc", "ipag.ttf", "ipagp.ttf", "NanumGothic.ttf", "UnDotum.ttf"}
	}
	var paths []string
	for _, name := range names {
		for _, dir := range dirs {
			if runtime.GOOS != "linux" && runtime.GOOS != "freebsd" {
				paths = append(paths, filepath.Join(dir, name))
				continue
			}
			// Linux distributions file fonts in folders by package.
			found, _ := filepath.Glob(filepath.Join(dir, "*", name))
			deeper, _ := filepath.Glob(filepath.Join(dir, "*", "*", name))
			paths = append(paths, append(found, deeper...)...)
		}
	}
	return paths
}

// systemFace reads one font file, the first font of a collection, and
// returns nil when it is missing, not TrueType or too large to be sane.
func systemFace(path string) *face {
	info, err := os.Stat(path)
	if err != nil || info.Size() > 64<<20 {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	if bytes.HasPrefix(b, []byte("ttcf")) {
		if b, err = firstOfCollection(b); err != nil {
			return nil
		}
	}
	if !hasTable(b, "glyf") {
		return nil
	}
	f, err := newFace("", b, nil)
	if err != nil {
		return nil
	}
	return f
}

// hasTable reports whether a TrueType font has the table with tag.
func hasTable(ttf []byte, tag string) bool {
	if len(ttf) < 12 {
		return false
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return false
		}
		if string(ttf[rec:rec+4]) == tag {
			return true
		}
	}
	return false
}

// firstOfCollection copies the first font of a TrueType collection (.ttc)
// into a font file of its own, which is what the PDF library reads.
func firstOfCollection(ttc []byte) ([]byte, error) {
	bad := errors.New("not a font collection")
	if len(ttc) < 16 {
		return nil, bad
	}
	off := int(binary.BigEndian.Uint32(ttc[12:]))
	if off+12 > len(ttc) {
		return nil, bad
	}
	n := int(binary.BigEndian.Uint16(ttc[off+4:]))
	if off+12+16*n > len(ttc) {
		return nil, bad
	}
	out := make([]byte, 12+16*n)
	copy(out, ttc[off:off+12])
	for i := range n {
		rec := ttc[off+12+16*i : off+28+16*i]
		start, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if start < 0 || length < 0 || start+length > len(ttc) {
			return nil, bad
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		dst := out[12+16*i : 28+16*i]
		copy(dst, rec)
		binary.BigEndian.PutUint32(dst[8:], uint32(len(out)))
		out = append(out, ttc[start:start+length]...)
	}
	return out, nil
}

// faceFor returns the face that draws r: the main face when it can, then
// Hebrew and Arabic, then a font of the operating system; nil when none.
func faceFor(r rune) *face {
	if r < 0 || r >= 1<<16 {
		return nil // gofpdf indexes its width tables by rune
	}
	for _, f := range embeddedFaces() {
		if f.has[r] {
			return f
		}
	}
	if !needsSystemFont(r) {
		return nil
	}
	for _, f := range systemFaces() {
		if f.has[r] {
			return f
		}
	}
	return nil
}

// needsSystemFont reports whether r is a letter of the scripts the
// operating system's fonts stand in for.
func needsSystemFont(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// printable reports whether a document can draw r.
func printable(r rune) bool { return faceFor(r) != nil }

// missingGlyph stands in for a letter no font can draw. A question mark is
// plain, prints everywhere and tells the reader a letter is missing.
const missingGlyph = '?'

// printableText rewrites s so that every rune is one a font can draw: it
// keeps what the fonts have, falls back to the letter without its accent
// when only the accent is missing (NFKD), and writes a question mark for a
// letter of a script no font has. Line breaks are kept; tabs become
// spaces; other control and invisible formatting characters are dropped.
// It never fails, so that any name or note prints legibly as far as the
// fonts allow.
func printableText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
			b.WriteRune('\n')
		case r == '\t':
			b.WriteRune(' ')
		case r == unicode.ReplacementChar:
			b.WriteRune(missingGlyph)
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r):
			// Controls, invisible formatting and private use carry
			// nothing a reader could see.
		case printable(r):
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteString(fallback(r))
		}
	}
	return b.String()
}

// fallback returns what to print for a rune the fonts lack. It decomposes
// the rune (NFKD) and puts back as many of its accents as the fonts have a
// ready-made letter for: the letter is never lost for want of an accent.
// With nothing printable it returns a question mark.
func fallback(r rune) string {
	var b strings.Builder
	base := rune(-1)
	flush := func() {
		if base >= 0 {
			b.WriteRune(base)
		}
	}
	for _, d := range norm.NFKD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			if base >= 0 {
				if c := []rune(norm.NFC.String(string([]rune{base, d}))); len(c) == 1 && printable(c[0]) {
					base = c[0]
				}
			}
			continue
		}
		flush()
		base = -1
		if printable(d) {
			base = d
		}
	}
	flush()
	if b.Len() == 0 {
		return string(missingGlyph)
	}
	return b.String()
}

// Unprintable returns, once each and in order, the letters of s that a
// document printed on this computer cannot draw and prints as a question
// mark (such as Thai, Devanagari or emoji, or Chinese on a computer
// without a Chinese font), so that a screen can warn before printing.
func Unprintable(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range norm.NFC.String(s) {
		if r == unicode.ReplacementChar || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
			unicode.Is(unicode.Co, r) || unicode.IsSpace(r) || seen[r] || printable(r) {
			continue
		}
		if fallback(r) == string(missingGlyph) {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}
