package app

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2/theme"

	"needlepoint/data"
)

// statusLook is how an appointment of one status is drawn in the diary:
// its background, the colour of its text, and the stripe down its left
// edge. The text is dark on a pale background in the light appearance and
// pale on a dark one in the dark appearance, at a contrast of at least
// 4.5:1 (WCAG AA for normal text) either way.
type statusLook struct {
	fill, text, stripe color.NRGBA
}

// rgb is an opaque colour from its hex value, 0xRRGGBB.
func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// diaryStatuses are the statuses in the order the legend shows them.
var diaryStatuses = []data.AppointmentStatus{data.StatusBooked, data.StatusCheckedIn, data.StatusCompleted,
	data.StatusNoShow, data.StatusCancelled}

// statusLooks are the light and the dark appearance of each status.
var statusLooks = map[bool]map[data.AppointmentStatus]statusLook{
	false: {
		data.StatusBooked:    {rgb(0xd6e6fa), rgb(0x102a4c), rgb(0x2f6db5)},
		data.StatusCheckedIn: {rgb(0xfce3a6), rgb(0x3d2a00), rgb(0xc48a00)},
		data.StatusCompleted: {rgb(0xcfebd6), rgb(0x0e3b1c), rgb(0x2e8b4e)},
		data.StatusNoShow:    {rgb(0xf6d3d3), rgb(0x541010), rgb(0xb83a3a)},
		data.StatusCancelled: {rgb(0xe6e6e6), rgb(0x424242), rgb(0x8a8a8a)},
	},
	true: {
		data.StatusBooked:    {rgb(0x1f3b60), rgb(0xe3eeff), rgb(0x6fa8f0)},
		data.StatusCheckedIn: {rgb(0x594000), rgb(0xfff0c8), rgb(0xe8b23a)},
		data.StatusCompleted: {rgb(0x1c4a2a), rgb(0xdaf3e1), rgb(0x5cc27e)},
		data.StatusNoShow:    {rgb(0x5a1f1f), rgb(0xffdada), rgb(0xe57373)},
		data.StatusCancelled: {rgb(0x383838), rgb(0xd0d0d0), rgb(0x9a9a9a)},
	},
}

// nowColours are the line at the current time, light and dark.
var nowColours = map[bool]color.NRGBA{false: rgb(0xd32f2f), true: rgb(0xff5252)}

// lookOf is how st is drawn in the appearance in use.
func lookOf(st data.AppointmentStatus) statusLook {
	looks := statusLooks[darkAppearance()]
	if l, ok := looks[st]; ok {
		return l
	}
	return looks[data.StatusBooked]
}

// darkAppearance reports whether the theme in use draws on a dark
// background, whichever way it was chosen (Account → Appearance or the
// computer's own setting).
func darkAppearance() bool {
	return relativeLuminance(theme.Color(theme.ColorNameBackground)) < 0.5
}

// relativeLuminance is c's relative luminance as WCAG 2 defines it, from
// 0 for black to 1 for white.
func relativeLuminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	linear := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*linear(r) + 0.7152*linear(g) + 0.0722*linear(b)
}
