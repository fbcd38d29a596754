package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// checkGrid is a set of ticks laid out in columns, for option lists that a
// horizontal CheckGroup would stretch past the window's width.
type checkGrid struct {
	checks  []*widget.Check
	content *fyne.Container
}

func newCheckGrid(options []string, columns int) *checkGrid {
	g := &checkGrid{content: container.NewGridWithColumns(columns)}
	for _, o := range options {
		c := widget.NewCheck(o, nil)
		g.checks = append(g.checks, c)
		g.content.Add(c)
	}
	return g
}

// Selected returns the ticked options in display order.
func (g *checkGrid) Selected() []string {
	var out []string
	for _, c := range g.checks {
		if c.Checked {
			out = append(out, c.Text)
		}
	}
	return out
}

// SetSelected ticks exactly the options given.
func (g *checkGrid) SetSelected(options []string) {
	for _, c := range g.checks {
		c.SetChecked(slices.Contains(options, c.Text))
	}
}
