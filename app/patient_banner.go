package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// patientBanner stands above every tab of the open patient: whose record
// it is, and what nobody may miss (allergies, a minor, today's check).
type patientBanner struct {
	order data.DateOrder
	now   func() time.Time

	// shown is the patient shown; today's check stays while it is the
	// same one.
	shown   int64
	name    *widget.Label
	born    *widget.Label
	alerts  *widget.Label
	check   *widget.Label
	consent *widget.Label
	content *fyne.Container
}

func newPatientBanner(order data.DateOrder, now func() time.Time) *patientBanner {
	b := &patientBanner{order: order, now: now,
		name:    widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		born:    widget.NewLabel(""),
		alerts:  widget.NewLabel(""),
		check:   widget.NewLabel(""),
		consent: widget.NewLabel(""),
	}
	b.alerts.Importance = widget.DangerImportance
	b.alerts.Truncation = fyne.TextTruncateEllipsis
	// Two lines whatever they say, so that the tabs below never move.
	b.content = container.NewVBox(container.NewHBox(b.name, b.born),
		container.NewBorder(nil, nil, container.NewHBox(b.check, b.consent), nil, b.alerts), widget.NewSeparator())
	b.show(data.Patient{})
	return b
}

// show names p, or a new patient when p is not saved yet.
func (b *patientBanner) show(p data.Patient) {
	if p.ID != b.shown || p.ID == 0 {
		b.check.SetText("")
		b.consent.SetText("")
	}
	b.shown = p.ID
	if p.ID == 0 {
		b.name.SetText("New patient")
		b.born.SetText("")
		b.alerts.SetText("")
		return
	}
	b.name.SetText(p.FullName())
	born := ""
	if !p.DateOfBirth.IsZero() {
		born = "born " + b.order.Format(p.DateOfBirth)
		if age, ok := p.AgeOn(b.now()); ok {
			born += " · " + strconv.Itoa(age) + " years"
		}
	}
	if p.Archived() {
		born = strings.TrimPrefix(born+" · archived", " · ")
	}
	b.born.SetText(born)
	var alerts []string
	if a := strings.TrimSpace(p.Allergies); a != "" {
		alerts = append(alerts, "Allergies: "+strings.Join(strings.Fields(a), " "))
	}
	if p.IsMinorOn(b.now()) {
		alerts = append(alerts, "Under 18: a parent's or guardian's consent is needed")
	}
	b.alerts.SetText(strings.Join(alerts, " · "))
}

// showCheck adds today's contraindication check and the state of the
// consent to treatment, as the clinical record found them.
func (b *patientBanner) showCheck(r data.CheckResult, consent data.ConsentStatus) {
	b.check.Importance = checkImportance(r)
	b.check.SetText("Today: " + r.Headline())
	text, importance := consentHeadline(consent)
	b.consent.Importance = importance
	b.consent.SetText(text)
}

// checkImportance is the colour of a check's result: green when clear,
// amber for a caution or a screening still to do, red when
// contraindicated.
func checkImportance(r data.CheckResult) widget.Importance {
	switch {
	case r.NeedsScreening(), r.Status == data.CheckCaution:
		return widget.WarningImportance
	case r.Status == data.CheckContraindicated:
		return widget.DangerImportance
	}
	return widget.SuccessImportance
}
