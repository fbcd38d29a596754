package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestConfirmPrintable(t *testing.T) {
	w := test.NewTempWindow(t, widget.NewLabel(""))

	printed := 0
	confirmPrintable(w, []string{"Hương Hoàng", "Αθηνά", "נועה כהן", "نور الهدى", ""}, func() { printed++ })
	if printed != 1 {
		t.Fatalf("names every font prints: printed %d times, want at once", printed)
	}
	if overlays := w.Canvas().Overlays().List(); len(overlays) != 0 {
		t.Fatal("a warning was shown for names that print as written")
	}

	confirmPrintable(w, []string{"Somchai สมชาย", "Mia 🌸"}, func() { printed++ })
	if printed != 1 {
		t.Fatal("printed before the person printing was told which letters cannot print")
	}
	overlay := w.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("no warning before printing names with letters no font has")
	}
	got := strings.ReplaceAll(labelsText(overlay), "\n", " ")
	for _, want := range []string{"Somchai สมชาย (ส ม ช า ย)", "Mia 🌸 (🌸)", `print as "?"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the warning does not say %q; it says %q", want, got)
		}
	}
	printAnyway := widgetButton(t, overlay, "Print anyway")
	test.Tap(printAnyway)
	if printed != 2 {
		t.Error("Print anyway did not print")
	}
}
