package reports

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"needlepoint/data"
)

// Tests need the same bytes on every run and readable streams; set once,
// before any test runs, so parallel tests never race on them.
func init() {
	now = func() time.Time { return time.Date(2026, 1, 13, 12, 0, 0, 0, time.UTC) }
	compress = false
}

const longNotes = `Your cheeks were treated a little deeper today because of the acne scars, so expect them to stay pink for a few days longer than your forehead.

Use the Redness Solution Complex morning and evening for the first week. If the skin around your eyes feels tight, a thin layer of the Rejuvenative Moisturizer helps. Please do not use the retinol serum you mentioned until Saturday at the earliest, and stop it again two days before your next session. Bring the sunscreen you use to your next visit so we can check it is SPF 30 or more and suits your skin.`

func sampleSheet() AftercareSheet {
	treated := time.Date(2026, 1, 13, 10, 30, 0, 0, time.UTC) // a Tuesday
	return AftercareSheet{
		Clinic: Clinic{
			Name:    "First Impressions Clinic",
			Address: "12 Harbour Street\nBrighton BN1 2AB",
			Phone:   "01273 555 012",
		},
		PatientName:  "Zoë Łukasz-Дмитрий O'Brien",
		TreatedAt:    treated,
		Practitioner: "Ana Sánchez",
		Areas: []data.SessionArea{
			{Area: data.AreaForehead, Depth: 50, Passes: 2},
			{Area: data.AreaCheeks, Depth: 150, Passes: 3},
		},
		ProductsUsed:        []string{"Hyaluronic glide serum", "Lidocaine 4% numbing cream"},
		RecommendedProducts: []string{"Redness Solution Complex", "Rejuvenative Moisturizer"},
		NextAppointment:     time.Date(2026, 2, 10, 14, 30, 0, 0, time.UTC),
		Notes:               longNotes,
	}
}

// render makes a document with one of the package's functions, failing
// the test on an error.
func render[T any](t testing.TB, write func(io.Writer, T) error, doc T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, doc); err != nil {
		t.Fatalf("rendering %T: %v", doc, err)
	}
	return buf.Bytes()
}

// pdfText returns what a PDF reader gets back from the document, with
// runs of white space folded so that wrapped lines compare as one.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); cannot check the printed text")
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(readable(string(out))), " ")
}

// readable undoes what a PDF reader adds to right-to-left text: the
// embedding marks around it, and Arabic letters in the joined forms they
// are drawn in.
func readable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0x202A && r <= 0x202E:
			return -1
		case r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
			if d := []rune(norm.NFKC.String(string(r))); len(d) == 1 {
				return d[0]
			}
		}
		return r
	}, lamAlefApart(s))
}

// lamAlefApart writes the lam-alef ligatures as their two letters.
func lamAlefApart(s string) string {
	return strings.NewReplacer("\uFEF5", "لآ", "\uFEF6", "لآ", "\uFEF7", "لأ", "\uFEF8", "لأ",
		"\uFEF9", "لإ", "\uFEFA", "لإ", "\uFEFB", "لا", "\uFEFC", "لا").Replace(s)
}

func TestAftercarePrintsThePersonalParts(t *testing.T) {
	t.Parallel()
	text := pdfText(t, render(t, Aftercare, sampleSheet()))
	for _, want := range []string{
		"Zoë Łukasz-Дмитрий O'Brien",
		"First Impressions Clinic",
		"12 Harbour Street, Brighton BN1 2AB",
		"01273 555 012",
		"Tuesday 13 January 2026",
		"Ana Sánchez",
		"Forehead, 0.5 mm deep",
		"Cheeks, 1.5 mm deep",
		"about 4 to 5 days",
		"Day 0 — Tuesday 13 January",
		"Days 1 to 2 — Wednesday 14 January to Thursday 15 January",
		"Days 3 to 4 — Friday 16 January to Saturday 17 January",
		"From day 5 — Sunday 18 January",
		"about 4 to 5 days, until about Sunday 18 January",
		"Mineral makeup from Thursday 15 January",
		"Exercise that makes you sweat from Saturday 17 January",
		"Swimming, sauna, hot baths from Sunday 18 January",
		"Retinol, acids, vitamin C from Sunday 18 January",
		"Scrubs, peels, exfoliating from Friday 23 January",
		"Strong sun and sunbeds from Tuesday 27 January",
		"SPF 30 or more",
		"When we are closed",
		"Redness Solution Complex",
		"Used in your treatment Hyaluronic glide serum Lidocaine 4% numbing cream",
		"Your next session is booked for Tuesday 10 February 2026 at 14:30.",
		"Call us on 01273 555 012",
		"Page 1 of 2",
		"Aftercare for Zoë Łukasz-Дмитрий O'Brien, continued",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet does not say %q; it says:\n%s", want, text)
		}
	}
}

func TestAftercareNamesInManyScripts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, want string }{
		{"Zoë Łukasz-Дмитрий O'Brien", "Zoë Łukasz-Дмитрий O'Brien"},
		{"Αθηνά Παπαδοπούλου", "Αθηνά Παπαδοπούλου"},
		{"Đặng Thị Ngọc", "Đặng Thị Ngọc"},
		{"Hương Hoàng", "Hương Hoàng"},
		{"Søren Ærø-Åberg", "Søren Ærø-Åberg"},
		{"Noor نور الهدى", "Noor نور الهدى"},
		{"נועה כהן", "נועה כהן"},
		// In the system's CJK font, where the computer has one.
		{"山田 花子", "山田 花子"},
		{"김민준", "김민준"},
		{"佐藤 さくら", "佐藤 さくら"},
		// Scripts no font has print what they can, never nothing.
		{"Mia 🌸", "Mia ?"},
		{"สมชาย Lee", "????? Lee"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			if strings.Contains(tc.want, tc.name) && len(Unprintable(tc.name)) > 0 {
				t.Skipf("no font on this computer prints %q (apt-get install fonts-wqy-zenhei)", tc.name)
			}
			s := sampleSheet()
			s.PatientName, s.Notes = tc.name, ""
			// A reader puts a right-to-left line where it likes: look for
			// the name anywhere.
			if text := pdfText(t, render(t, Aftercare, s)); !strings.Contains(text, tc.want) {
				t.Errorf("want the name %q on the sheet; it says:\n%s", tc.want, text)
			}
		})
	}
}

func TestAftercareNextSessionDue(t *testing.T) {
	t.Parallel()
	s := sampleSheet()
	s.NextAppointment = time.Time{}
	s.NextDue = time.Date(2026, 2, 17, 0, 0, 0, 0, time.UTC)
	text := pdfText(t, render(t, Aftercare, s))
	if want := "Your next session is due around Tuesday 17 February 2026. Call us on 01273 555 012 to book it."; !strings.Contains(text, want) {
		t.Errorf("want %q; the sheet says:\n%s", want, text)
	}
}

func TestAftercareLeavesOutEmptySections(t *testing.T) {
	t.Parallel()
	s := sampleSheet()
	s.Notes, s.ProductsUsed, s.RecommendedProducts = "", nil, nil
	s.NextAppointment = time.Time{}
	s.Clinic.Logo = mustRead(t, "testdata/logo.png")
	text := pdfText(t, render(t, Aftercare, s))
	for _, gone := range []string{"A note from", "Products used", "Products we recommend", "next session is"} {
		if strings.Contains(text, gone) {
			t.Errorf("the sheet says %q though there is nothing to say", gone)
		}
	}
}

func TestAftercareLogoThatIsNotPNG(t *testing.T) {
	t.Parallel()
	s := sampleSheet()
	s.Clinic.Logo = []byte("GIF89a not a png")
	if text := pdfText(t, render(t, Aftercare, s)); !strings.HasPrefix(text, "FI First Impressions Clinic") {
		t.Errorf("want the clinic's initials in place of a broken logo; the sheet says:\n%s", text)
	}
}

func TestAftercareLetterAndBadPaper(t *testing.T) {
	t.Parallel()
	s := sampleSheet()
	s.Clinic.PaperSize = "Letter"
	if pdf := render(t, Aftercare, s); !bytes.Contains(pdf, []byte("/MediaBox [0 0 612.00 792.00]")) {
		t.Error("a Letter sheet is not 612 by 792 points")
	}
	s.Clinic.PaperSize = "A5"
	if err := Aftercare(&bytes.Buffer{}, s); err == nil || !strings.Contains(err.Error(), "A4 or Letter") {
		t.Errorf("paper size A5: got %v, want an error naming A4 or Letter", err)
	}
}

func TestAftercareCustomTemplate(t *testing.T) {
	t.Parallel()
	s := sampleSheet()
	s.Template = "## Hello {name}\nSee you on {day3}. {{not a placeholder}\n- {areas}\n"
	text := pdfText(t, render(t, Aftercare, s))
	for _, want := range []string{"Hello Zoë", "See you on Friday 16 January. {not a placeholder}", "Forehead, 0.5 mm deep Cheeks"} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q; the sheet says:\n%s", want, text)
		}
	}
	s.Template = "Hello {nmae}"
	if err := Aftercare(&bytes.Buffer{}, s); err == nil || !strings.Contains(err.Error(), `"{nmae}"`) {
		t.Errorf("unknown placeholder: got %v", err)
	}
}

// The notes are the patient's; a line in them must not become a heading.
func TestAftercareNotesStayText(t *testing.T) {
	t.Parallel()
	s := sampleSheet()
	s.Notes = "## Day 9\n- not a bullet {name}"
	blocks, err := fill(DefaultAftercareTemplate, sheetValues(s))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if b.kind == heading && strings.Contains(b.text, "Day 9") {
			t.Fatalf("a note became a heading: %q", b.text)
		}
		if strings.Contains(b.text, "## Day 9") && !strings.Contains(b.text, "{name}") {
			t.Fatalf("a placeholder inside the note was filled in: %q", b.text)
		}
	}
}

func TestAftercareConcurrent(t *testing.T) {
	t.Parallel()
	want := render(t, Aftercare, sampleSheet())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := sampleSheet()
			if i%2 == 1 {
				s.Clinic.Logo = mustRead(t, "testdata/logo.png")
			}
			var buf bytes.Buffer
			if err := Aftercare(&buf, s); err != nil {
				t.Error(err)
				return
			}
			if i%2 == 0 && !bytes.HasPrefix(buf.Bytes(), want[:1000]) {
				t.Error("concurrent sheets differ from one made alone")
			}
		}()
	}
	wg.Wait()
}

func TestPrintableText(t *testing.T) {
	for in, want := range map[string]string{
		"Zoë\tŁukasz\r\nДмитрий": "Zoë Łukasz\nДмитрий",
		"a\u200bb\x00c":          "abc",
		"e\u0301":                "é",
		"ก":                      "?",
		"\xff":                   "?",
		"ǅ":                      "ǅ",
		"\U0001D400":             "A",
	} {
		if got := printableText(in); got != want {
			t.Errorf("printableText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateTemplate(t *testing.T) {
	if err := ValidateTemplate(DefaultAftercareTemplate); err != nil {
		t.Errorf("the default template: %v", err)
	}
	if err := ValidateTemplate("Hi {{name} and {{"); err != nil {
		t.Errorf("escaped braces: %v", err)
	}
	err := ValidateTemplate("Hello {name}\nSee you {when}\nCall {clinic_phone")
	if err == nil {
		t.Fatal("want errors for an unknown placeholder and an open brace")
	}
	for _, want := range []string{`line 2: "{when}" is not a placeholder we know`, "line 3: a \"{\" is not closed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func mustRead(t testing.TB, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzAftercare(f *testing.F) {
	f.Add("Zoë Łukasz-Дмитрий O'Brien", longNotes)
	f.Add("山田花子", "مرحبا\u202eabc\u0000\xff🌸")
	f.Add("", "")
	f.Add(strings.Repeat("W", 400), strings.Repeat("x", 5000))
	f.Fuzz(func(t *testing.T, name, notes string) {
		s := sampleSheet()
		s.PatientName, s.Notes, s.Practitioner = name, notes, name
		s.ProductsUsed = []string{notes}
		var buf bytes.Buffer
		if err := Aftercare(&buf, s); err != nil {
			t.Fatalf("Aftercare: %v", err)
		}
		out := bytes.TrimRight(buf.Bytes(), "\r\n")
		if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.HasSuffix(out, []byte("%%EOF")) {
			t.Fatalf("not a complete PDF: %q…%q", out[:min(20, len(out))], out[max(0, len(out)-20):])
		}
	})
}

func BenchmarkAftercare(b *testing.B) {
	s := sampleSheet()
	for b.Loop() {
		if err := Aftercare(&bytes.Buffer{}, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAftercareParallel(b *testing.B) {
	s := sampleSheet()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := Aftercare(&bytes.Buffer{}, s); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func TestUnprintable(t *testing.T) {
	for in, want := range map[string]string{
		"Zoë Łukasz-Дмитрий O'Brien": "",
		"Đặng Thị Ngọc":              "",
		"สมชาย ส Hanako 🌸":           "สมชาย🌸",
		"a\u200b\x00b":               "",
	} {
		if got := string(Unprintable(in)); got != want {
			t.Errorf("Unprintable(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkAftercareScripts prints a sheet for a Vietnamese, an Arabic and,
// when this computer has a font for it, a Chinese name.
func BenchmarkAftercareScripts(b *testing.B) {
	for _, name := range []string{"Hương Hoàng Thị Ngọc", "نور الهدى", "山田 花子"} {
		b.Run(name, func(b *testing.B) {
			if len(Unprintable(name)) > 0 {
				b.Skip("no font on this computer prints ", name)
			}
			s := sampleSheet()
			s.PatientName = name
			for b.Loop() {
				if err := Aftercare(&bytes.Buffer{}, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
