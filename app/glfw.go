package app

import (
	"image"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// What Fyne 2.7 does not tell (the screen's work area, which window has
// the keyboard) or do (put a window at a position), Needlepoint asks of
// GLFW, which Fyne's desktop driver runs on. Under any other driver, the
// tests', these find nothing and the window is left where Fyne puts it.

// workArea is the work area, in pixels, of the screen holding pos when the
// window was placed there before and that screen is still attached, of the
// main screen otherwise.
func workArea(pos image.Point, placed bool) image.Rectangle {
	area := func(m *glfw.Monitor) image.Rectangle {
		x, y, width, height := m.GetWorkarea()
		return image.Rect(x, y, x+width, y+height)
	}
	if placed {
		for _, m := range glfw.GetMonitors() {
			if a := area(m); pos.In(a) {
				return a
			}
		}
	}
	return area(glfw.GetPrimaryMonitor())
}

// glfwWindow is win's GLFW window under Fyne's desktop driver, nil under
// any other (the tests'). Fyne does not give it out, but its desktop
// windows make their GL context current while they run f in
// RunWithContext.
func glfwWindow(win fyne.Window) *glfw.Window {
	c, ok := win.(interface{ RunWithContext(f func()) })
	if !ok {
		return nil
	}
	var gw *glfw.Window
	c.RunWithContext(func() { gw = glfw.GetCurrentContext() })
	return gw
}

// keyboardWindow is the window of a that has the keyboard, nil when none
// has or the driver does not tell (the tests').
func keyboardWindow(a fyne.App) fyne.Window {
	for _, win := range a.Driver().AllWindows() {
		if gw := glfwWindow(win); gw != nil && gw.GetAttrib(glfw.Focused) == glfw.True {
			return win
		}
	}
	return nil
}
