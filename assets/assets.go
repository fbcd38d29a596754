// Package assets holds the files built into Needlepoint: the application
// icon.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is Needlepoint's application icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
