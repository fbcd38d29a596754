package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

func TestFaceChart(t *testing.T) {
	test.NewTempApp(t)
	x := data.Session{Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 150}, {Area: data.AreaForehead, Depth: 50},
		{Area: data.AreaCheeks, Depth: 100}, {Area: data.AreaBody, Depth: 200}}}
	chart := newFaceChart(sessionDepths(x))
	w := test.NewTempWindow(t, chart)
	w.Resize(fyne.NewSize(300, 300))
	chart.Resize(fyne.NewSize(210, 260))

	texts := map[string]int{}
	for _, o := range test.LaidOutObjects(chart) {
		if txt, ok := o.(*canvas.Text); ok && txt.Text != "" {
			texts[txt.Text]++
		}
	}
	for want, n := range map[string]int{"1.5 mm": 1, "0.5 mm": 1, "Body (e.g. stretch marks) 2 mm": 1} {
		if texts[want] != n {
			t.Errorf("%q shown %d times, want %d (all: %v)", want, texts[want], n, texts)
		}
	}

	var tapped []data.Area
	chart.OnTapped = func(a data.Area) { tapped = append(tapped, a) }
	at := func(fx, fy float32) *fyne.PointEvent { return &fyne.PointEvent{Position: fyne.NewPos(fx*210, fy*260)} }
	chart.Tapped(at(.28, .44)) // left cheek
	chart.Tapped(at(.72, .44)) // right cheek
	chart.Tapped(at(.50, .38)) // nose, inside the cheeks' band
	chart.Tapped(at(.50, .16)) // forehead
	chart.Tapped(at(.03, .03)) // outside the face
	want := []data.Area{data.AreaCheeks, data.AreaCheeks, data.AreaNose, data.AreaForehead}
	if len(tapped) != len(want) {
		t.Fatalf("tapped %v, want %v", tapped, want)
	}
	for i := range want {
		if tapped[i] != want[i] {
			t.Errorf("tap %d gave %s, want %s", i, tapped[i], want[i])
		}
	}
	if depthColour(50) == depthColour(200) {
		t.Error("a deep area is coloured like a shallow one")
	}
}

// TestSessionFormFaceChart: the session form's face chart shows the areas
// as they are typed, and a tap on an area adds it.
func TestSessionFormFaceChart(t *testing.T) {
	store := newFakeSessionStore()
	f := newTestSessionForm(t, store)
	if got := f.faceChart.depths; len(got) != 2 || got[data.AreaCheeks] != 100 || got[data.AreaForehead] != 50 {
		t.Fatalf("chart depths %v, want the pre-filled forehead and cheeks", got)
	}
	f.faceChart.OnTapped(data.AreaCheeks)
	if len(f.areaRows) != 2 || f.win.Canvas().Focused() != f.areaRows[1].depth {
		t.Errorf("a tap on a listed area: %d rows, focus on %v", len(f.areaRows), f.win.Canvas().Focused())
	}
	f.faceChart.OnTapped(data.AreaChin)
	if len(f.areaRows) != 3 || f.areaRows[2].area.Selected != "Chin" || f.win.Canvas().Focused() != f.areaRows[2].depth {
		t.Fatalf("a tap on the chin: %d rows", len(f.areaRows))
	}
	test.Type(f.areaRows[2].depth, "1.25")
	if got := f.faceChart.depths[data.AreaChin]; got != 125 {
		t.Errorf("chin on the chart at %v, want 1.25 mm", got)
	}
}
