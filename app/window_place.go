package app

import (
	"image"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// preferredWindowSize is the main window's size, in Fyne's units, on a
// screen with room for it.
var preferredWindowSize = fyne.NewSize(1280, 760)

// windowFrame is the room, in Fyne's units, that a window's title bar and
// borders take beside it: Fyne sizes and places the inside of a window, and
// the frame must fit on the screen too.
var windowFrame = struct{ top, side float32 }{top: 32, side: 8}

// The preferences where this PC keeps the main window's size, in Fyne's
// units, and its position on the screen, in the screen's pixels.
const (
	windowWidthPreference    = "window.width"
	windowHeightPreference   = "window.height"
	windowPositionPreference = "window.position"
)

// fitWindow is the size, in Fyne's units, of a window that wants want on a
// screen whose work area (the screen less its taskbar) is area pixels wide
// and high, drawn at scale: want, or less where the screen is smaller, as
// it is at 125% or 150% display scaling on a clinic laptop.
func fitWindow(want fyne.Size, area image.Point, scale float32) fyne.Size {
	room := fyne.NewSize(float32(area.X)/scale-2*windowFrame.side, float32(area.Y)/scale-windowFrame.top-windowFrame.side)
	return want.Min(room)
}

// placeWindow is the position nearest to pos for a window of size pixels,
// drawn at scale, that keeps it and its frame inside area; a window too big
// for area keeps its title bar on the screen.
func placeWindow(pos, size image.Point, area image.Rectangle, scale float32) image.Point {
	top, side := int(windowFrame.top*scale), int(windowFrame.side*scale)
	pos.X = max(min(pos.X, area.Max.X-side-size.X), area.Min.X+side)
	pos.Y = max(min(pos.Y, area.Max.Y-side-size.Y), area.Min.Y+top)
	return pos
}

// placement is the main window's size and position kept on this PC, or
// its preferred size and no position (placed false) before it was closed
// once.
func placement(p fyne.Preferences) (size fyne.Size, pos image.Point, placed bool) {
	size = fyne.NewSize(
		float32(p.FloatWithFallback(windowWidthPreference, float64(preferredWindowSize.Width))),
		float32(p.FloatWithFallback(windowHeightPreference, float64(preferredWindowSize.Height))))
	if xy := p.IntList(windowPositionPreference); len(xy) == 2 {
		return size, image.Pt(xy[0], xy[1]), true
	}
	return size, image.Point{}, false
}

// keepPlacement keeps the main window's size, and its position where the
// driver tells it, for its next start on this PC.
func keepPlacement(a fyne.App, win fyne.Window) {
	p := a.Preferences()
	size := win.Canvas().Size()
	p.SetFloat(windowWidthPreference, float64(size.Width))
	p.SetFloat(windowHeightPreference, float64(size.Height))
	if gw := glfwWindow(win); gw != nil {
		x, y := gw.GetPos()
		p.SetIntList(windowPositionPreference, []int{x, y})
	}
}

// showPlaced shows the main window as this PC last left it, or at its
// preferred size in the middle of the screen, kept on the screen either
// way.
func showPlaced(a fyne.App, win fyne.Window) {
	size, pos, placed := placement(a.Preferences())
	win.Resize(size)
	win.Show()
	if gw := glfwWindow(win); gw != nil {
		fitOnScreen(win, gw, size, workArea(pos, placed), pos, !placed)
	}
}

// showFitted shows one of Needlepoint's other windows at size, or smaller
// where the screen it opens on has no room for it, in the middle of that
// screen: at 150% display scaling a form's buttons would otherwise open
// below the taskbar.
func showFitted(win fyne.Window, size fyne.Size) {
	win.Resize(size)
	win.Show()
	if gw := glfwWindow(win); gw != nil {
		x, y := gw.GetPos()
		opened := image.Pt(x, y)
		fitOnScreen(win, gw, size, workArea(opened, true), opened, true)
	}
}

// fitOnScreen shrinks win, shown at size, to area, its screen's work area,
// and moves it to pos, or to the middle of area when centre, keeping it
// inside area. Fyne neither tells the screen's size nor places a window,
// so this asks gw, its GLFW window under Fyne's desktop driver; the
// window's scale is known once it shows.
func fitOnScreen(win fyne.Window, gw *glfw.Window, size fyne.Size, area image.Rectangle, pos image.Point, centre bool) {
	scale := win.Canvas().Scale()
	size = fitWindow(size, area.Size(), scale)
	win.Resize(size)
	pixels := image.Pt(int(size.Width*scale), int(size.Height*scale))
	if centre {
		pos = centred(pixels, area)
	}
	pos = placeWindow(pos, pixels, area, scale)
	gw.SetPos(pos.X, pos.Y)
}

// centred is the position of a window size pixels big in the middle of
// area.
func centred(size image.Point, area image.Rectangle) image.Point {
	return area.Min.Add(area.Size().Sub(size).Div(2))
}
