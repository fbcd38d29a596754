package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"needlepoint/data"
)

// contrastRatio is the WCAG 2 contrast ratio of two colours, from 1 to 21.
func contrastRatio(a, b color.Color) float64 {
	la, lb := relativeLuminance(a), relativeLuminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestDiaryStatusColoursContrast(t *testing.T) {
	if got := contrastRatio(color.White, color.Black); got < 20.99 || got > 21.01 {
		t.Fatalf("white on black = %.2f:1, want 21:1", got)
	}
	for _, dark := range []bool{false, true} {
		for _, st := range diaryStatuses {
			look, ok := statusLooks[dark][st]
			if !ok {
				t.Errorf("no colours for %s (dark %v)", st, dark)
				continue
			}
			if got := contrastRatio(look.text, look.fill); got < 4.5 {
				t.Errorf("%s (dark %v): text contrast %.2f:1, want at least 4.5:1", st, dark, got)
			}
		}
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		test.NewTempApp(t).Settings().SetTheme(variantTheme{theme.DefaultTheme(), v})
		if got, want := darkAppearance(), v == theme.VariantDark; got != want {
			t.Errorf("darkAppearance() = %v in variant %d", got, v)
		}
		if got := contrastRatio(lookOf(data.StatusBooked).fill, theme.Color(theme.ColorNameBackground)); got > 4 {
			t.Errorf("in variant %d the blocks stand out at %.2f:1 from the background: the wrong palette", v, got)
		}
	}
}
