package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// This file shows a session in full before it is signed: a signature
// vouches for every field, so the practitioner reads them all first.

// showSignDialog shows the draft x in full and, when me (the signed-in
// staff member) is its practitioner, asks whether to sign it now; sign does
// it. Anyone else is told whose signature it needs. name gives a staff
// member's name.
func showSignDialog(win fyne.Window, x data.Session, name func(int64) string, me int64, sign func()) {
	owner := name(x.PractitionerID)
	summary := widget.NewLabel(sessionSummary(x, name))
	summary.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(summary)
	scroll.SetMinSize(fyne.NewSize(560, 320))
	question := "Sign this session as " + owner + "?"
	note := "A signed session is locked: later corrections are added as addenda."
	if me != x.PractitionerID {
		question = "This draft session is " + owner + "'s: only they can sign it."
		note = "Ask " + owner + " to sign in and sign it."
	}
	head := widget.NewLabelWithStyle(question, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	foot := widget.NewLabel(note)
	foot.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(head, foot, nil, nil, scroll)
	var d dialog.Dialog
	if me == x.PractitionerID {
		d = dialog.NewCustomConfirm("Sign the session", "Sign now", "Leave as draft", content, func(ok bool) {
			if ok {
				sign()
			}
		}, win)
	} else {
		d = dialog.NewCustom("Sign the session", "Close", content, win)
	}
	d.Resize(fyne.NewSize(620, 520))
	d.Show()
}

// sessionSummary writes every field of a session, one to a line, with what
// was not recorded said as such.
func sessionSummary(x data.Session, name func(int64) string) string {
	or := func(s string) string {
		if s = strings.TrimSpace(s); s == "" {
			return "not recorded"
		}
		return s
	}
	lines := []string{
		"Date and time: " + x.PerformedAt.Local().Format("Mon 2 Jan 2006 15:04"),
		"Practitioner: " + name(x.PractitionerID),
		"Contraindication check: " + x.Check.Status.Label(),
	}
	for _, r := range x.Check.Reasons {
		lines = append(lines, "  • "+r.Status.Label()+": "+r.Message)
	}
	if x.OverrideReason != "" {
		lines = append(lines, "Overridden by "+name(x.OverrideBy)+": "+x.OverrideReason)
	}
	numbing := or(x.NumbingProduct)
	if !x.NumbingApplied.IsZero() {
		numbing += ", applied " + x.NumbingApplied.Local().Format("15:04")
	}
	if !x.NumbingRemoved.IsZero() {
		numbing += ", removed " + x.NumbingRemoved.Local().Format("15:04")
	}
	expiry := "not recorded"
	if !x.CartridgeExpiry.IsZero() {
		expiry = x.CartridgeExpiry.Format("2 Jan 2006")
	}
	var areas []string
	for _, a := range x.Areas {
		areas = append(areas, fmt.Sprintf("%s %s ×%d", a.Area.Label(), a.Depth, a.Passes))
	}
	lines = append(lines,
		"Numbing cream: "+numbing,
		"Device: "+or(x.Device),
		"Cartridge lot: "+or(x.CartridgeLot)+" · expires "+expiry,
		"Areas: "+or(strings.Join(areas, ", ")),
	)
	lines = append(lines, depthLines(x)...)
	comfort, duration := "not recorded", "not recorded"
	if x.Comfort > 0 {
		comfort = fmt.Sprintf("%d of 10", x.Comfort)
	}
	if x.DurationMinutes > 0 {
		duration = fmt.Sprintf("%d minutes", x.DurationMinutes)
	}
	lines = append(lines,
		"Product: "+or(x.Product)+" · lot "+or(x.ProductLot),
		"Endpoint: "+or(x.Endpoint),
		"Reaction: "+or(x.Reaction),
		"Comfort: "+comfort,
		"Duration: "+duration,
		"Notes: "+or(x.Notes),
	)
	return strings.Join(lines, "\n")
}

// depthLines flags each depth outside the manufacturer's guide, with the
// practitioner's reason.
func depthLines(x data.Session) []string {
	var lines []string
	for _, w := range x.DepthWarnings() {
		lines = append(lines, "⚠ "+w)
	}
	if len(lines) > 0 {
		lines = append(lines, "Reason for the depth: "+x.DepthReason)
	}
	return lines
}
