package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// sessionView shows a signed session as it was signed, in plain readable
// text rather than locked inputs, with its addenda, Print and Close.
type sessionView struct {
	printButton *widget.Button
	closeButton *widget.Button
	fields      *fyne.Container // the label and value of each field recorded
	content     fyne.CanvasObject
}

// sessionFields lists what a session recorded, label and value, leaving
// out what was not recorded.
func sessionFields(x data.Session, order data.DateOrder, staff map[int64]string) [][2]string {
	var out [][2]string
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			out = append(out, [2]string{label, value})
		}
	}
	local := x.PerformedAt.Local()
	add("Date and time", order.Format(local)+" "+local.Format("15:04"))
	add("Practitioner", staff[x.PractitionerID])
	add("Signed", fmt.Sprintf("by %s on %s %s", staff[x.SignedBy], order.Format(x.SignedAt.Local()), x.SignedAt.Local().Format("15:04")))
	check := x.Check.Status.Label()
	for _, r := range x.Check.Reasons {
		check += "\n• " + r.Message
	}
	add("Contraindication check", check)
	if x.OverrideReason != "" {
		add("Treated despite it", staff[x.OverrideBy]+": "+x.OverrideReason)
	}
	numbing := x.NumbingProduct
	if !x.NumbingApplied.IsZero() {
		numbing += fmt.Sprintf(", on %s, off %s", sessionClock(x.NumbingApplied.Local()), sessionClock(x.NumbingRemoved.Local()))
	}
	add("Numbing cream", numbing)
	add("Device", x.Device)
	cartridge := x.CartridgeLot
	if !x.CartridgeExpiry.IsZero() {
		cartridge += ", expires " + order.Format(x.CartridgeExpiry)
	}
	add("Cartridge lot", cartridge)
	add("Product", strings.TrimSpace(x.Product+" "+lotOf(x.ProductLot)))
	var areas []string
	for _, a := range x.Areas {
		areas = append(areas, fmt.Sprintf("%s at %s, %d passes", a.Area.Label(), a.Depth, a.Passes))
	}
	add("Treated areas", strings.Join(areas, "\n"))
	add("Why outside the depth guide", x.DepthReason)
	add("Endpoint", x.Endpoint)
	add("Reaction", x.Reaction)
	if x.Comfort > 0 {
		add("Discomfort", fmt.Sprintf("%d of 10", x.Comfort))
	}
	if x.DurationMinutes > 0 {
		add("Duration", fmt.Sprintf("%d minutes", x.DurationMinutes))
	}
	add("Notes", x.Notes)
	for _, a := range x.Addenda {
		add("Addendum", fmt.Sprintf("by %s on %s (%s): %s", a.AuthorName, order.Format(a.WrittenAt.Local()), a.Reason, a.Text))
	}
	return out
}

func lotOf(lot string) string {
	if lot == "" {
		return ""
	}
	return "lot " + lot
}

func newSessionView(x data.Session, order data.DateOrder, staff map[int64]string, print, close func()) *sessionView {
	v := &sessionView{fields: container.New(layout.NewFormLayout())}
	for _, f := range sessionFields(x, order, staff) {
		label := widget.NewLabelWithStyle(f[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		value := widget.NewLabel(f[1])
		value.Wrapping = fyne.TextWrapWord
		v.fields.Add(label)
		v.fields.Add(value)
	}
	v.printButton = widget.NewButtonWithIcon("Print session record", theme.DocumentPrintIcon(), print)
	v.closeButton = widget.NewButton("Close", close)
	v.closeButton.Importance = widget.HighImportance
	state := widget.NewLabel("Signed and locked. Corrections are added as addenda from the clinical record.")
	state.Importance = widget.SuccessImportance
	body := container.NewBorder(nil, nil, container.NewVBox(newFaceChart(sessionDepths(x))), nil, v.fields)
	v.content = container.NewBorder(state, container.NewVBox(widget.NewSeparator(),
		container.NewHBox(layout.NewSpacer(), v.printButton, v.closeButton)), nil, nil,
		container.NewVScroll(container.NewPadded(body)))
	return v
}

// showSessionView opens a signed session, readable, in its own window.
func showSessionView(a fyne.App, x data.Session, n int, patientName string, order data.DateOrder, staff map[int64]string, print func()) {
	w := newAppWindow(a, fmt.Sprintf("Session %d — %s", n, patientName))
	v := newSessionView(x, order, staff, print, w.Close)
	w.SetContent(v.content)
	showFitted(w, fyne.NewSize(860, 640))
}
