package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// TestSignedSessionOpensReadable: a signed session opens as text, not as
// greyed-out inputs, with what it recorded, Print and Close.
func TestSignedSessionOpensReadable(t *testing.T) {
	test.NewTempApp(t)
	at := time.Date(2026, 11, 20, 10, 45, 0, 0, time.Local)
	x := data.Session{ID: 9, PerformedAt: at, PractitionerID: 7, SignedAt: at.Add(time.Hour), SignedBy: 7,
		Check: data.CheckResult{Status: data.CheckClear}, Device: "Dermapen 4", CartridgeLot: "DP4-2611B",
		CartridgeExpiry: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), Product: "Growth factor serum", ProductLot: "GF-26Q4",
		Areas: []data.SessionArea{{Area: data.AreaForehead, Depth: 50, Passes: 3}}, Comfort: 3,
		Notes:   "Zoë tolerated it well.",
		Addenda: []data.Addendum{{AuthorName: "Dr Amelia Hart", WrittenAt: at.AddDate(0, 0, 1), Reason: "Lot", Text: "Serum lot GF-26Q5."}}}
	printed, closed := 0, 0
	v := newSessionView(x, data.DayFirst, map[int64]string{7: "Dr Amelia Hart"}, func() { printed++ }, func() { closed++ })
	w := test.NewTempWindow(t, v.content)
	w.Resize(fyne.NewSize(860, 640))

	var text strings.Builder
	for _, o := range test.LaidOutObjects(v.fields) {
		switch x := o.(type) {
		case *widget.Label:
			text.WriteString(x.Text + "\n")
		case *widget.Entry:
			t.Errorf("an input %q in the signed session", x.Text)
		}
	}
	for _, want := range []string{"20/11/2026 10:45", "by Dr Amelia Hart on 20/11/2026 11:45", "DP4-2611B, expires 30/06/2027",
		"Growth factor serum lot GF-26Q4", "Forehead at 0.5 mm, 3 passes", "3 of 10", "Zoë tolerated it well.",
		"by Dr Amelia Hart on 21/11/2026 (Lot): Serum lot GF-26Q5."} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the session lacks %q:\n%s", want, text.String())
		}
	}
	if strings.Contains(text.String(), "Duration") {
		t.Error("a duration not recorded is shown")
	}
	test.Tap(v.printButton)
	test.Tap(v.closeButton)
	if printed != 1 || closed != 1 {
		t.Errorf("printed %d, closed %d", printed, closed)
	}
}
