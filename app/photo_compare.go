package app

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// comparableAngles lists the angles (a close-up by its area's name)
// photographed at two visits or more, in the order of data.PhotoAngles.
func comparableAngles(visits []photoVisit, withHidden bool) []string {
	count := map[string]int{}
	var order []string
	for _, v := range visits {
		seen := map[string]bool{}
		for _, p := range v.photos {
			label := p.AngleLabel()
			if p.Hidden() && !withHidden || seen[label] {
				continue
			}
			seen[label] = true
			if count[label] == 0 {
				order = append(order, label)
			}
			count[label]++
		}
	}
	rank := func(label string) int {
		for i, a := range data.PhotoAngles {
			if a.Label() == label {
				return i
			}
		}
		return len(data.PhotoAngles)
	}
	slices.SortStableFunc(order, func(a, b string) int { return rank(a) - rank(b) })
	return slices.DeleteFunc(order, func(label string) bool { return count[label] < 2 })
}

// photoAt returns the first photo of a visit at an angle, and false when
// it has none.
func photoAt(v photoVisit, label string, withHidden bool) (data.Photo, bool) {
	for _, p := range v.photos {
		if p.AngleLabel() == label && (withHidden || !p.Hidden()) {
			return p, true
		}
	}
	return data.Photo{}, false
}

// photoCompare puts the same angle of two visits side by side, and one
// over the other with a see-through slider to check the framing. By
// default it compares the first visit with the latest.
type photoCompare struct {
	view       *photosView
	withHidden bool
	// visits are those with a photo at the chosen angle, oldest first.
	visits []photoVisit
	label  string

	angle, before, after    *widget.Select
	zoom, seeThrough        *widget.Slider
	beforeTitle, afterTitle *widget.Label
	// underTitle and overTitle name the overlay's two photos at the ends
	// of its slider.
	underTitle, overTitle *widget.Label
	// sideBefore and sideAfter are side by side; underBefore and
	// overAfter are stacked, overAfter see-through by seeThrough.
	sideBefore, sideAfter, underBefore, overAfter *canvas.Image
	content                                       fyne.CanvasObject
}

func newPhotoCompare(v *photosView) *photoCompare {
	c := &photoCompare{view: v, withHidden: v.showHidden.Checked}
	newImage := func() *canvas.Image {
		img := canvas.NewImageFromImage(nil)
		img.FillMode = canvas.ImageFillContain
		return img
	}
	c.sideBefore, c.sideAfter, c.underBefore, c.overAfter = newImage(), newImage(), newImage(), newImage()
	c.beforeTitle = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	c.afterTitle = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	c.before = widget.NewSelect(nil, func(string) { c.onPick() })
	c.after = widget.NewSelect(nil, func(string) { c.onPick() })
	c.underTitle, c.overTitle = widget.NewLabel("Before"), widget.NewLabel("After")
	c.angle = widget.NewSelect(comparableAngles(v.record.visits, c.withHidden), c.onAngle)
	c.zoom = widget.NewSlider(1, 4)
	c.zoom.Step = 0.25
	c.zoom.OnChanged = func(float64) { c.resize() }
	c.seeThrough = widget.NewSlider(0, 1)
	c.seeThrough.Step = 0.01
	c.seeThrough.OnChanged = func(f float64) {
		c.overAfter.Translucency = 1 - f
		c.overAfter.Refresh()
	}
	c.seeThrough.SetValue(0.5)

	side := container.NewGridWithColumns(2,
		container.NewBorder(c.beforeTitle, nil, nil, nil, container.NewScroll(c.sideBefore)),
		container.NewBorder(c.afterTitle, nil, nil, nil, container.NewScroll(c.sideAfter)))
	overlay := container.NewBorder(
		container.NewBorder(nil, nil, c.underTitle, c.overTitle, c.seeThrough),
		nil, nil, nil, container.NewScroll(container.NewStack(c.underBefore, c.overAfter)))
	tabs := container.NewAppTabs(container.NewTabItem("Side by side", side), container.NewTabItem("Overlay", overlay))
	choices := container.NewGridWithColumns(4,
		widget.NewForm(widget.NewFormItem("Angle", c.angle)),
		widget.NewForm(widget.NewFormItem("Before", c.before)),
		widget.NewForm(widget.NewFormItem("After", c.after)),
		widget.NewForm(widget.NewFormItem("Zoom", c.zoom)))
	c.content = container.NewBorder(choices, nil, nil, nil, tabs)
	if len(c.angle.Options) > 0 {
		c.angle.SetSelectedIndex(0)
	}
	c.resize()
	return c
}

// onAngle offers the visits with a photo at the chosen angle, the first
// as before and the latest as after.
func (c *photoCompare) onAngle(label string) {
	c.label, c.visits = label, nil
	var names []string
	for _, v := range c.view.record.visits {
		if _, ok := photoAt(v, label, c.withHidden); ok {
			c.visits = append(c.visits, v)
			names = append(names, v.short)
		}
	}
	c.before.Options, c.after.Options = names, names
	if len(names) < 2 {
		return
	}
	c.before.SetSelectedIndex(0)
	c.after.SetSelectedIndex(len(names) - 1)
}

// picked returns the photos chosen as before and after.
func (c *photoCompare) picked() (before, after data.Photo, ok bool) {
	i, j := c.before.SelectedIndex(), c.after.SelectedIndex()
	if i < 0 || j < 0 || i >= len(c.visits) || j >= len(c.visits) {
		return before, after, false
	}
	before, _ = photoAt(c.visits[i], c.label, c.withHidden)
	after, _ = photoAt(c.visits[j], c.label, c.withHidden)
	return before, after, true
}

// onPick loads the two photos chosen.
func (c *photoCompare) onPick() {
	before, after, ok := c.picked()
	if !ok {
		return
	}
	c.beforeTitle.SetText("Before: " + c.visits[c.before.SelectedIndex()].short)
	c.afterTitle.SetText("After: " + c.visits[c.after.SelectedIndex()].short)
	c.underTitle.SetText(c.beforeTitle.Text)
	c.overTitle.SetText(c.afterTitle.Text)
	c.load(before, c.sideBefore, c.underBefore)
	c.load(after, c.sideAfter, c.overAfter)
}

// load reads a photo's full image into the two places that show it; an
// answer for a photo no longer chosen is dropped.
func (c *photoCompare) load(p data.Photo, shown ...*canvas.Image) {
	background(c.view.worker, func() (image.Image, error) {
		b, err := c.view.store.PhotoImage(context.Background(), p.ID)
		if err != nil {
			return nil, err
		}
		return jpeg.Decode(bytes.NewReader(b))
	}, func(img image.Image, err error) {
		if err != nil {
			showError(err, c.view.win)
			return
		}
		if before, after, _ := c.picked(); before.ID != p.ID && after.ID != p.ID {
			return
		}
		for _, s := range shown {
			s.Image = img
			s.Refresh()
		}
	})
}

// resize sets the images' size from the zoom.
func (c *photoCompare) resize() {
	size := fyne.NewSize(440*float32(c.zoom.Value), 520*float32(c.zoom.Value))
	for _, img := range []*canvas.Image{c.sideBefore, c.sideAfter, c.underBefore, c.overAfter} {
		img.SetMinSize(size)
		img.Refresh()
	}
}

// onCompare opens the comparison of the open patient's photos.
func (v *photosView) onCompare() {
	c := newPhotoCompare(v)
	d := dialog.NewCustom("Compare photos", "Close", c.content, v.win)
	d.Resize(v.win.Canvas().Size().Subtract(fyne.NewSize(40, 40)))
	d.Show()
}
