package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// fieldMessages holds the red line under each input of a form where a
// refused save says what is wrong with that input, keyed by data.Field*.
type fieldMessages map[string]*widget.Label

// line makes the hidden message line of a field.
func (m fieldMessages) line(field string) *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	m[field] = l
	return l
}

// show puts each message under its field and clears the others. It
// returns the problems that have no line of their own.
func (m fieldMessages) show(problems []data.FieldError) (loose []data.FieldError) {
	for _, l := range m {
		l.SetText("")
		l.Hide()
	}
	for _, p := range problems {
		l, ok := m[p.Field]
		if !ok {
			loose = append(loose, p)
			continue
		}
		if l.Text != "" {
			l.SetText(l.Text + "\n" + p.Message)
		} else {
			l.SetText(p.Message)
		}
		l.Show()
	}
	return loose
}

// showing reports whether any field shows a message.
func (m fieldMessages) showing() bool {
	for _, l := range m {
		if !l.Hidden {
			return true
		}
	}
	return false
}

// recheck brings the messages shown up to date with problems, what is
// wrong with the form now: the message of a field that is now right goes,
// and one still wrong says what is wrong now. A field without a message
// gets none until the next save, so nobody is told off while still typing.
func (m fieldMessages) recheck(problems []data.FieldError) {
	now := map[string][]string{}
	for _, p := range problems {
		now[p.Field] = append(now[p.Field], p.Message)
	}
	for field, l := range m {
		if l.Hidden {
			continue
		}
		if msgs := now[field]; len(msgs) > 0 {
			l.SetText(strings.Join(msgs, "\n"))
			continue
		}
		l.SetText("")
		l.Hide()
	}
}

// first returns the first of fields, in the order given, that shows a
// message.
func (m fieldMessages) first(fields []string) (string, bool) {
	for _, f := range fields {
		if l, ok := m[f]; ok && !l.Hidden {
			return f, true
		}
	}
	return "", false
}

// newProblemLine is the line where a dialog says what is wrong with what
// was typed. It keeps its place while empty, so the dialog does not grow
// and move its buttons from under the pointer when a problem is shown.
func newProblemLine() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}
