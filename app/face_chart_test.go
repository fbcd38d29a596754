package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"needlepoint/data"
)

func TestFaceChart(t *testing.T) {
	test.NewTempApp(t)
	x := data.Session{Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 150}, {Area: data.AreaForehead, Depth: 50},
		{Area: data.AreaCheeks, Depth: 100}, {Area: data.AreaChin, Depth: 175}, {Area: data.AreaBody, Depth: 200}}}
	chart := newFaceChart(sessionDepths(x))
	w := test.NewTempWindow(t, chart)
	w.Resize(fyne.NewSize(400, 400))
	chart.Resize(chart.MinSize())

	texts := map[string]int{}
	for _, o := range test.LaidOutObjects(chart) {
		if txt, ok := o.(*canvas.Text); ok && txt.Text != "" {
			texts[txt.Text]++
			if txt.Text == "Body (e.g. stretch marks) 2 mm" && txt.TextSize < theme.TextSize() {
				t.Errorf("the off-face areas in %v pt text, want the theme's %v", txt.TextSize, theme.TextSize())
			}
		}
	}
	// Each cheek filled says its depth.
	for want, n := range map[string]int{"1.5 mm": 2, "0.5 mm": 1, "1.75 mm": 1, "Body (e.g. stretch marks) 2 mm": 1} {
		if texts[want] != n {
			t.Errorf("%q shown %d times, want %d (all: %v)", want, texts[want], n, texts)
		}
	}

	var tapped []data.Area
	chart.OnTapped = func(a data.Area) { tapped = append(tapped, a) }
	at, fig := chart.figure(chart.Size())
	tap := func(fx, fy float32) *fyne.PointEvent {
		return &fyne.PointEvent{Position: at.Add(fyne.NewPos(fx*fig.Width, fy*fig.Height))}
	}
	chart.Tapped(tap(.28, .44)) // left cheek
	chart.Tapped(tap(.72, .44)) // right cheek
	chart.Tapped(tap(.50, .38)) // nose, inside the cheeks' band
	chart.Tapped(tap(.50, .16)) // forehead
	chart.Tapped(tap(.03, .03)) // outside the face
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

// TestFaceChartLabels: at each size the chart is shown, every treated
// region has its depth, inside its shape or beside the face with a line
// to it, within the chart, and no depth covers another.
func TestFaceChartLabels(t *testing.T) {
	test.NewTempApp(t)
	all := map[data.Area]data.Depth{}
	for i, a := range data.Areas {
		all[a] = data.Depth(25 * (i + 1))
	}
	some := map[data.Area]data.Depth{data.AreaCheeks: 150, data.AreaChin: 175, data.AreaNose: 100, data.AreaAroundEyes: 50}
	for name, depths := range map[string]map[data.Area]data.Depth{"all": all, "some": some} {
		for _, size := range []fyne.Size{faceChartSize, recordFaceChartSize, fyne.NewSize(520, 420)} {
			chart := newFaceChart(depths)
			size = fyne.NewSize(max(size.Width, chart.MinSize().Width), size.Height+chart.MinSize().Height-chart.chartSize.Height)
			placed := chart.placeLabels(size)
			at, fig := chart.figure(size)
			labelled := map[int]int{}
			for _, l := range placed {
				labelled[l.region]++
				reg := faceRegions[l.region]
				where := fmt.Sprintf("%s at %v, %s on %s", name, size, l.text, reg.area)
				if l.text != depths[reg.area].String() {
					t.Errorf("%s: want %s", where, depths[reg.area])
				}
				if l.pos.X < 0 || l.pos.Y < 0 || l.pos.X+l.size.Width > size.Width || l.pos.Y+l.size.Height > size.Height {
					t.Errorf("%s: label at %v size %v leaves the chart", where, l.pos, l.size)
				}
				p, s := regionBox(reg, at, fig)
				if l.inside {
					if !fitsInside(reg, l.size, s) || l.pos.X < p.X || l.pos.Y < p.Y ||
						l.pos.X+l.size.Width > p.X+s.Width || l.pos.Y+l.size.Height > p.Y+s.Height {
						t.Errorf("%s: label at %v size %v runs out of its area at %v size %v", where, l.pos, l.size, p, s)
					}
					continue
				}
				if l.pos.X+l.size.Width > at.X && l.pos.X < at.X+fig.Width {
					t.Errorf("%s: a label beside the face at %v size %v is over the figure", where, l.pos, l.size)
				}
				if l.from.Y != l.pos.Y+l.size.Height/2 || (l.from.X != l.pos.X && l.from.X != l.pos.X+l.size.Width) {
					t.Errorf("%s: the leader starts at %v, not at the label's side", where, l.from)
				}
				if l.to.Y != p.Y+s.Height/2 || (l.to.X != p.X && l.to.X != p.X+s.Width) {
					t.Errorf("%s: the leader ends at %v, not at its area's edge", where, l.to)
				}
			}
			for i, reg := range faceRegions {
				_, treated := depths[reg.area]
				if got, want := labelled[i], map[bool]int{true: 1}[treated]; got != want {
					t.Errorf("%s at %v: %s (region %d) labelled %d times, want %d", name, size, reg.area, i, got, want)
				}
			}
			for i, a := range placed {
				for _, b := range placed[i+1:] {
					if a.pos.X < b.pos.X+b.size.Width && b.pos.X < a.pos.X+a.size.Width &&
						a.pos.Y < b.pos.Y+b.size.Height && b.pos.Y < a.pos.Y+a.size.Height {
						t.Errorf("%s at %v: %s on %s overlaps %s on %s", name, size,
							a.text, faceRegions[a.region].area, b.text, faceRegions[b.region].area)
					}
				}
			}
		}
	}
}

// TestFaceChartContrast: a depth written on its area, and one beside
// the face, reads at 4.5:1 or better in the light and dark appearances.
func TestFaceChartContrast(t *testing.T) {
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		test.NewTempApp(t).Settings().SetTheme(variantTheme{theme.DefaultTheme(), v})
		bg := theme.Color(theme.ColorNameBackground)
		for d := data.Depth(0); d <= 300; d += 5 {
			if got := contrastRatio(depthTextColour(d), over(depthColour(d), bg)); got < 4.5 {
				t.Errorf("variant %d, %s: depth on its area at %.2f:1", v, d, got)
			}
		}
		if got := contrastRatio(theme.Color(theme.ColorNameForeground), bg); got < 4.5 {
			t.Errorf("variant %d: depth beside the face at %.2f:1", v, got)
		}
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
