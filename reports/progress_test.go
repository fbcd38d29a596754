package reports

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"regexp"
	"strings"
	"testing"
)

func progressPhoto(t *testing.T, c color.Color, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sampleProgress(t *testing.T) ProgressSheet {
	before, after := progressPhoto(t, color.RGBA{R: 200, A: 255}, 300, 400), progressPhoto(t, color.RGBA{B: 200, A: 255}, 300, 400)
	s := ProgressSheet{
		Clinic:      Clinic{Name: "First Impressions Clinic", Address: "12 Harbour Street, Brighton BN1 2AB", Phone: "01273 960000"},
		PatientName: "Zoë Łukasz-Дмитрий O'Brien",
	}
	for _, angle := range []string{"Front", "Left 45°", "Right 45°", "Left cheek scar"} {
		s.Pairs = append(s.Pairs, ProgressPair{Angle: angle,
			Before: ProgressPhoto{Caption: "Session 1 · 16 January 2026", JPEG: before},
			After:  ProgressPhoto{Caption: "Session 4 · 10 April 2026", JPEG: after}})
	}
	return s
}

func TestProgressSheet(t *testing.T) {
	t.Parallel()
	for _, paper := range []string{"A4", "Letter"} {
		t.Run(paper, func(t *testing.T) {
			s := sampleProgress(t)
			s.Clinic.PaperSize = paper
			pdf := render(t, Progress, s)
			text := pdfText(t, pdf)
			for _, want := range []string{
				"Your progress, Zoë Łukasz-Дмитрий O'Brien", "First Impressions Clinic",
				"Front", "Left 45°", "Right 45°", "Left cheek scar",
				"Session 1 · 16 January 2026", "Session 4 · 10 April 2026", "Page 1 of",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("the progress sheet lacks %q; it reads:\n%s", want, text)
				}
			}
			// The same photo is stored once however often it is placed.
			if n := bytes.Count(pdf, []byte("/Subtype /Image")); n != 2 {
				t.Errorf("%d images stored in the PDF, want 2", n)
			}
			if n := len(regexp.MustCompile(`/I\w+ Do`).FindAll(pdf, -1)); n != 8 {
				t.Errorf("%d images placed, want 8: four pairs", n)
			}
		})
	}
}

func TestProgressSheetRefusesBrokenPhoto(t *testing.T) {
	s := sampleProgress(t)
	s.Pairs[1].After.JPEG = []byte("not a photo")
	if err := Progress(&bytes.Buffer{}, s); err == nil {
		t.Error("a sheet with a broken photo was written")
	}
}
