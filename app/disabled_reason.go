package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// reasonButton is a button that knows why it is disabled and says so in
// its screen's hint line when the pointer rests on it or it is tapped: a
// greyed-out button alone leaves the desk guessing. Fyne has no tooltips,
// and an overlay would catch every click, so the reason goes in a line of
// the screen instead.
type reasonButton struct {
	widget.Button
	// reason is why the button is disabled, as the end of a sentence
	// ("choose an appointment in the diary first."); empty while enabled
	// or disabled for an instant only, such as while saving.
	reason string
	hint   *hintLine
}

// newReasonButton makes a button that explains itself in hint; icon may
// be nil.
func newReasonButton(label string, icon fyne.Resource, tapped func(), hint *hintLine) *reasonButton {
	b := &reasonButton{Button: widget.Button{Text: label, Icon: icon, OnTapped: tapped}, hint: hint}
	b.ExtendBaseWidget(b)
	return b
}

// setEnabled enables b when reason is empty, and otherwise disables it
// and keeps reason to explain why. A reason on show follows the change.
func (b *reasonButton) setEnabled(reason string) {
	b.reason = reason
	if reason == "" {
		b.Button.Enable()
	} else {
		b.Button.Disable()
	}
	if b.hint.shows(b) {
		b.explain()
	}
}

// Enable enables b, forgetting any reason.
func (b *reasonButton) Enable() { b.setEnabled("") }

// Disable disables b for a moment, such as while saving, with nothing to
// explain.
func (b *reasonButton) Disable() {
	b.reason = ""
	b.Button.Disable()
	b.hint.clear(b)
}

// explain shows why b is disabled, or clears the hint of b's if there is
// nothing to say.
func (b *reasonButton) explain() {
	if !b.Disabled() || b.reason == "" || !b.Visible() {
		b.hint.clear(b)
		return
	}
	text := b.reason
	if label := strings.TrimSuffix(b.Text, "…"); label != "" {
		text = label + ": " + text
	}
	b.hint.show(b, text)
}

// MouseIn gives an enabled button its hover look, and a disabled one's
// reason.
func (b *reasonButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.explain()
}

// MouseOut takes the hover look and the reason away.
func (b *reasonButton) MouseOut() {
	b.Button.MouseOut()
	b.hint.clear(b)
}

// Tapped acts as a button does when enabled; disabled, it shows why, for
// the touch screens of the treatment rooms, where nothing hovers.
func (b *reasonButton) Tapped(e *fyne.PointEvent) {
	if b.Disabled() {
		b.explain()
		return
	}
	b.Button.Tapped(e)
}

// hintLine is the line of a screen that says why a button is disabled. It
// keeps one line's height when empty and cuts a long reason short rather
// than wrap, so the screen does not move as reasons come and go.
type hintLine struct {
	label *widget.Label
	// from is the button whose reason is shown; nil when empty.
	from *reasonButton
	// changed, if set, is called when a reason comes or goes, for a
	// screen that shows its reasons in its status's place.
	changed func()
}

func newHintLine() *hintLine {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	l.Importance = widget.WarningImportance
	return &hintLine{label: l}
}

// shows reports whether the line holds b's reason.
func (h *hintLine) shows(b *reasonButton) bool { return h != nil && h.from == b }

// show puts b's reason, text, in the line.
func (h *hintLine) show(b *reasonButton, text string) {
	if h == nil {
		return
	}
	h.from = b
	h.label.SetText(text)
	if h.changed != nil {
		h.changed()
	}
}

// clear empties the line if it shows b's reason.
func (h *hintLine) clear(b *reasonButton) {
	if !h.shows(b) {
		return
	}
	h.from = nil
	h.label.SetText("")
	if h.changed != nil {
		h.changed()
	}
}

// text is what the line says, for tests.
func (h *hintLine) text() string { return h.label.Text }
