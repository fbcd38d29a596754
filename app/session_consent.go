package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// This file shows, in the session form, whether the patient's consent holds
// on the session date, and takes it when it does not.

// showConsent says whether the patient's consent to microneedling holds on
// day, and offers to take it when it does not. A draft already saved was
// logged with consent, so it says nothing.
func (f *sessionForm) showConsent(day time.Time) {
	f.consent = data.ConsentStatusOn(f.consents, data.ConsentMicroneedling, day, f.rules.ConsentValidMonths)
	if f.saved != nil || f.draft != nil {
		f.consentRow.Hide()
		return
	}
	f.consentRow.Show()
	f.consentLine.SetText(f.consent.Message())
	f.consentLine.Importance = widget.SuccessImportance
	f.takeConsent.Hidden = f.consent.OK()
	if !f.consent.OK() {
		f.consentLine.Importance = widget.DangerImportance
	}
	f.consentLine.Refresh()
	f.takeConsent.Refresh()
}

// onTakeConsent opens the consent form for the patient, or brings back
// the one already open; once it is signed, the session form checks the
// consent again, keeping what was typed.
func (f *sessionForm) onTakeConsent() {
	if f.consentForm != nil {
		f.consentForm.win.RequestFocus()
		return
	}
	f.consentForm = showConsentWindow(fyne.CurrentApp(), &f.worker, f.store, f.patientName, f.patientID, data.ConsentMicroneedling, func(c data.Consent) {
		f.consents = append([]data.Consent{c}, f.consents...)
		f.runCheck()
		if f.consent.OK() {
			f.status.SetText("Consent signed. Save the session when it is ready.")
		}
	})
	f.consentForm.win.SetOnClosed(func() { f.consentForm = nil })
}

// refuseForConsent stops a save for want of consent: it says why and
// offers to take consent there and then. Nothing typed is lost.
func (f *sessionForm) refuseForConsent(msg string) {
	f.status.SetText("Not saved: " + msg)
	d := dialog.NewConfirm("Consent needed before treatment", msg+"\n\nTake consent now? What you typed in the session log stays.",
		func(ok bool) {
			if ok {
				f.onTakeConsent()
			}
		}, f.win)
	d.SetConfirmText("Take consent now")
	d.SetDismissText("Not now")
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}
