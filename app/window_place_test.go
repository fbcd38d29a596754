package app

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
)

// TestWindowFitsTheScreen: the main window opens at its preferred size
// where the screen has room, and no larger than the screen, less its
// frame, at 125% and 150% display scaling.
func TestWindowFitsTheScreen(t *testing.T) {
	for _, c := range []struct {
		name  string
		area  image.Point
		scale float32
		want  fyne.Size
	}{
		{"1920x1080 at 100%", image.Pt(1920, 1080), 1, fyne.NewSize(1280, 760)},
		{"1920x1080 at 125%", image.Pt(1920, 1080), 1.25, fyne.NewSize(1280, 760)},
		{"1920x1080 at 150%", image.Pt(1920, 1080), 1.5, fyne.NewSize(1264, 680)},
		{"1920x1032 with a taskbar, at 150%", image.Pt(1920, 1032), 1.5, fyne.NewSize(1264, 648)},
		{"1366x768 at 100%", image.Pt(1366, 768), 1, fyne.NewSize(1280, 728)},
		{"1366x768 at 125%", image.Pt(1366, 768), 1.25, fyne.NewSize(1076.8, 574.4)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := fitWindow(preferredWindowSize, c.area, c.scale); got != c.want {
				t.Errorf("fitWindow = %v, want %v", got, c.want)
			}
		})
	}
}

// TestWindowPlacedOnTheScreen: a window is put back where it was when it
// fits there; one that would stick out, or whose screen is gone, is moved
// onto the screen with its title bar showing.
func TestWindowPlacedOnTheScreen(t *testing.T) {
	area := image.Rect(0, 0, 1920, 1032)
	for _, c := range []struct {
		name      string
		pos, size image.Point
		want      image.Point
	}{
		{"fits", image.Pt(100, 60), image.Pt(1500, 900), image.Pt(100, 60)},
		{"past the right and bottom", image.Pt(1000, 500), image.Pt(1500, 900), image.Pt(408, 120)},
		{"title bar above the screen", image.Pt(100, 0), image.Pt(1500, 900), image.Pt(100, 48)},
		{"on a screen now gone", image.Pt(-1800, 200), image.Pt(1500, 900), image.Pt(12, 120)},
		{"taller than the screen", image.Pt(100, 60), image.Pt(1500, 1200), image.Pt(100, 48)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := placeWindow(c.pos, c.size, area, 1.5); got != c.want {
				t.Errorf("placeWindow = %v, want %v", got, c.want)
			}
		})
	}
}

// TestWindowSizeKeptOnClosing: closing Needlepoint keeps the main
// window's size with this PC's preferences; the next start opens at that
// size, clamped to the screen it opens on.
func TestWindowSizeKeptOnClosing(t *testing.T) {
	w := newTestWindow(t, newFakeStore())
	w.signedIn(testAdminActor)
	if size, _, placed := placement(w.app.Preferences()); size != preferredWindowSize || placed {
		t.Fatalf("before any closing, placement = %v, placed %v; want the preferred size %v, no position", size, placed, preferredWindowSize)
	}

	w.win.Resize(fyne.NewSize(1200, 700))
	quit := false
	w.onQuit(func() { quit = true })
	if !quit {
		t.Fatal("Quit did not close")
	}
	size, _, placed := placement(w.app.Preferences())
	if want := fyne.NewSize(1200, 700); size != want {
		t.Errorf("kept size = %v, want %v", size, want)
	}
	if placed {
		t.Error("a position was kept where the driver tells none")
	}
	if got, want := fitWindow(size, image.Pt(1920, 1080), 1.5), fyne.NewSize(1200, 680); got != want {
		t.Errorf("kept size on a 1920x1080 screen at 150%% opens at %v, want %v", got, want)
	}
}

// TestWindowCentred: a window opens in the middle of its screen's work
// area, on a second screen as on the first.
func TestWindowCentred(t *testing.T) {
	for _, c := range []struct {
		name       string
		size, want image.Point
		area       image.Rectangle
	}{
		{"main screen with a taskbar", image.Pt(1200, 900), image.Pt(360, 66), image.Rect(0, 0, 1920, 1032)},
		{"screen left of the main one", image.Pt(1000, 600), image.Pt(-1460, 240), image.Rect(-1920, 0, 0, 1080)},
		{"as big as the screen", image.Pt(1920, 1032), image.Pt(0, 0), image.Rect(0, 0, 1920, 1032)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := centred(c.size, c.area); got != c.want {
				t.Errorf("centred = %v, want %v", got, c.want)
			}
		})
	}
}
