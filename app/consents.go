package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// ConsentRecordStore is what the clinical record's consents need beyond
// taking one.
type ConsentRecordStore interface {
	ConsentStore
	WithdrawConsent(ctx context.Context, id int64, reason string) (data.Consent, error)
}

// consentSection lists where the patient stands on consent to treatment
// today and every consent they signed, newest first.
func (v *clinicalView) consentSection(r clinicalRecord) {
	lines := []string{r.consent.Message()}
	if len(r.consents) == 0 {
		lines = append(lines, "No consent forms signed yet.")
	}
	v.body.Add(section("Consent", lines))
	if v.actions != nil {
		v.add(v.actions.consentToolbar())
	}
	for _, c := range r.consents {
		label := widget.NewLabel(consentLine(c, v.order))
		label.Wrapping = fyne.TextWrapWord
		if c.Withdrawn() {
			label.Importance = widget.LowImportance
		}
		v.body.Add(label)
		if v.actions != nil {
			v.add(v.actions.consentButtons(c))
		}
	}
}

// consentHeadline is the consent part of the banner: how long consent
// holds, or that it is needed, coloured to match.
func consentHeadline(st data.ConsentStatus) (string, widget.Importance) {
	if st.OK() {
		return st.Headline(), widget.SuccessImportance
	}
	return st.Headline(), widget.WarningImportance
}

// consentToolbar offers to take either consent form.
func (c clinicalActions) consentToolbar() fyne.CanvasObject {
	return c.row(
		action{data.PermSessions, widget.NewButtonWithIcon("Consent to microneedling…", theme.DocumentCreateIcon(), func() {
			c.takeConsent(data.ConsentMicroneedling)
		})},
		action{data.PermSessions, widget.NewButton("Photo consent form…", func() { c.takeConsent(data.ConsentPhotos) })},
	)
}

// consentButtons returns the actions for one signed consent.
func (c clinicalActions) consentButtons(x data.Consent) fyne.CanvasObject {
	actions := []action{
		{data.PermPrint, widget.NewButtonWithIcon("Print consent", theme.DocumentPrintIcon(), func() { c.printConsent(x) })},
	}
	if !x.Withdrawn() {
		actions = append(actions, action{data.PermPatients, widget.NewButton("Withdraw…", func() { c.withdrawConsent(x) })})
	}
	return c.row(actions...)
}

// printConsent opens the signed consent as a PDF, ready to print, for the
// patient to take a copy.
func (c clinicalActions) printConsent(x data.Consent) {
	c.openPDF(fmt.Sprintf("needlepoint-consent-%d", x.ID), func(w io.Writer) error {
		_, err := writeConsent(context.Background(), c.store, x.PatientID, x.Template.Kind, x.ID, c.screen.order, w)
		return err
	})
}

// takeConsent opens a consent form of kind for the open patient.
func (c clinicalActions) takeConsent(kind data.ConsentKind) {
	showConsentWindow(fyne.CurrentApp(), &c.screen.worker, c.store, c.patientName(), c.screen.form.loaded.ID, kind, func(x data.Consent) {
		c.refresh()
		c.offerCopy(x)
	})
}

// offerCopy asks, once a consent is signed, whether to print the patient's
// copy.
func (c clinicalActions) offerCopy(x data.Consent) {
	if !can(c.store, data.PermPrint) {
		return
	}
	dialog.ShowConfirm("Consent signed", "The consent is signed and saved. Print a copy for the patient to take home?", func(ok bool) {
		if ok {
			c.printConsent(x)
		}
	}, c.screen.win)
}

// withdrawConsent records, with the reason, that the patient withdrew x.
func (c clinicalActions) withdrawConsent(x data.Consent) {
	reason := widget.NewMultiLineEntry()
	reason.Wrapping = fyne.TextWrapWord
	reason.SetMinRowsVisible(3)
	reason.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return data.Errorf(data.EINVALID, "Say why, in the patient's words if you can.")
		}
		return nil
	}
	d := dialog.NewForm("Withdraw the consent", "Withdraw", "Cancel",
		[]*widget.FormItem{{Text: "Reason", Widget: reason, HintText: "Required; kept with the consent. It cannot be undone: a new consent is signed instead."}},
		func(ok bool) {
			if ok {
				c.run(func(ctx context.Context) error {
					_, err := c.store.WithdrawConsent(ctx, x.ID, reason.Text)
					return err
				})
			}
		}, c.screen.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}
