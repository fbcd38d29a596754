package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// ConsentStore is what taking a consent needs from the database.
type ConsentStore interface {
	ConsentTemplate(ctx context.Context, kind data.ConsentKind) (data.ConsentTemplate, error)
	SignConsent(ctx context.Context, c *data.Consent) error
	PatientConsents(ctx context.Context, patientID int64) ([]data.Consent, error)
	Actor() (data.Actor, bool)
}

// consentForm is a consent form on screen: the patient reads it, ticks
// each statement and signs; the signed-in practitioner signs as witness.
// Saving seals it.
type consentForm struct {
	win       fyne.Window
	store     ConsentStore
	patientID int64
	kind      data.ConsentKind
	onSigned  func(data.Consent)
	worker    *worker // the opener's

	form data.ConsentTemplate

	heading     *widget.Label
	body        *widget.RichText
	checks      []*widget.Check
	checksBox   *fyne.Container
	scope       *widget.RadioGroup
	scopeBox    *fyne.Container
	patientPad  *signaturePad
	witnessPad  *signaturePad
	witnessName *widget.Label
	status      *widget.Label
	saveButton  *widget.Button

	fieldErrors fieldMessages
	content     fyne.CanvasObject
}

// photoScopes are the uses a patient may allow on the photo consent form.
var photoScopes = []data.PhotoConsentScope{data.PhotoConsentRecord, data.PhotoConsentTraining, data.PhotoConsentMarketing}

func newConsentForm(win fyne.Window, w *worker, store ConsentStore, patientID int64, kind data.ConsentKind, onSigned func(data.Consent)) *consentForm {
	f := &consentForm{win: win, worker: w, store: store, patientID: patientID, kind: kind, onSigned: onSigned, fieldErrors: fieldMessages{}}
	f.heading = widget.NewLabelWithStyle("Opening the form…", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.heading.SizeName = theme.SizeNameSubHeadingText
	f.heading.Wrapping = fyne.TextWrapWord
	f.body = widget.NewRichText()
	f.body.Wrapping = fyne.TextWrapWord
	f.checksBox = container.NewVBox()

	var scopes []string
	for _, s := range photoScopes {
		scopes = append(scopes, s.Label())
	}
	f.scope = widget.NewRadioGroup(scopes, nil)
	f.scopeBox = container.NewVBox(widget.NewLabelWithStyle("The patient allows photographs to be used for",
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), f.scope, f.fieldErrors.line(data.FieldPhotoScope))
	f.scopeBox.Hidden = kind != data.ConsentPhotos

	f.patientPad = newSignaturePad("Patient signs here")
	f.witnessPad = newSignaturePad("Witness signs here")
	me, _ := store.Actor()
	f.witnessName = widget.NewLabelWithStyle("Witness: "+me.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	f.saveButton = widget.NewButtonWithIcon("Sign and save", theme.ConfirmIcon(), f.onSave)
	f.saveButton.Importance = widget.HighImportance
	f.saveButton.Disable()
	cancel := widget.NewButton("Close", win.Close)

	pad := func(p *signaturePad, label fyne.CanvasObject, field string) fyne.CanvasObject {
		clear := widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), p.Clear)
		return container.NewVBox(label, container.NewHBox(p, container.NewVBox(clear)), f.fieldErrors.line(field))
	}
	signatures := container.NewVBox(
		pad(f.patientPad, widget.NewLabelWithStyle("Patient's signature", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), data.FieldPatientSignature),
		pad(f.witnessPad, f.witnessName, data.FieldWitnessSignature),
	)
	reading := container.NewVBox(f.heading, f.body, widget.NewSeparator(),
		widget.NewLabelWithStyle("The patient confirms, ticking each", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		f.checksBox, f.fieldErrors.line(data.FieldConsentConfirmations), f.scopeBox, widget.NewSeparator(), signatures)
	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(cancel, f.saveButton), f.status)
	f.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), buttons), nil, nil,
		container.NewVScroll(container.NewPadded(reading)))
	return f
}

// start reads the form in force.
func (f *consentForm) start() {
	if me, _ := f.store.Actor(); !me.Role.Can(data.PermSessions) {
		f.heading.SetText("A practitioner takes consent")
		f.status.SetText(me.Name + " is signed in; the practitioner who witnesses the consent signs in to take it.")
		return
	}
	background(f.worker, func() (data.ConsentTemplate, error) {
		return f.store.ConsentTemplate(context.Background(), f.kind)
	}, func(t data.ConsentTemplate, err error) {
		if err != nil {
			f.status.SetText("The form could not be opened: " + data.ErrorMessage(err))
			showError(err, f.win)
			return
		}
		f.show(t)
	})
}

// show puts the form's words on screen, every statement unticked.
func (f *consentForm) show(t data.ConsentTemplate) {
	f.form = t
	version := "the form as shipped"
	if t.Version > 0 {
		version = fmt.Sprintf("version %d", t.Version)
	}
	f.heading.SetText(t.Title + " (" + version + ")")
	f.body.Segments = consentSegments(t)
	f.body.Refresh()
	f.checks = nil
	f.checksBox.RemoveAll()
	for _, c := range t.Confirmations {
		check := widget.NewCheck(c, nil)
		f.checks = append(f.checks, check)
		f.checksBox.Add(check)
	}
	f.saveButton.Enable()
	f.status.SetText("Read the form with the patient. Both of you sign with the mouse, a finger or a stylus.")
}

// consentSegments shows a form's text with its headings in bold.
func consentSegments(t data.ConsentTemplate) []widget.RichTextSegment {
	var list []widget.RichTextSegment
	for _, p := range t.Paragraphs() {
		style := widget.RichTextStyleParagraph
		if p.Heading {
			style = widget.RichTextStyleHeading
			style.SizeName = theme.SizeNameSubHeadingText
		}
		list = append(list, &widget.TextSegment{Text: p.Text, Style: style})
	}
	return list
}

// consent reads the form into a consent to sign.
func (f *consentForm) consent() (data.Consent, error) {
	c := data.Consent{PatientID: f.patientID, Template: f.form}
	for _, check := range f.checks {
		c.Confirmed = append(c.Confirmed, check.Checked)
	}
	if f.kind == data.ConsentPhotos {
		for _, s := range photoScopes {
			if s.Label() == f.scope.Selected {
				c.PhotoScope = s
			}
		}
	}
	var err error
	if c.Patient, err = f.patientPad.Signature(); err != nil {
		return c, err
	}
	c.Witness, err = f.witnessPad.Signature()
	return c, err
}

// onSave signs and seals the consent.
func (f *consentForm) onSave() {
	c, err := f.consent()
	if err == nil {
		err = c.Validate()
	}
	if err != nil {
		f.refuse(err)
		return
	}
	f.saveButton.Disable()
	f.status.SetText("Saving…")
	background(f.worker, func() (data.Consent, error) {
		return c, f.store.SignConsent(context.Background(), &c)
	}, func(c data.Consent, err error) {
		if err != nil {
			f.saveButton.Enable()
			f.refuse(err)
			return
		}
		f.fieldErrors.show(nil)
		f.status.SetText("Signed and saved.")
		if f.onSigned != nil {
			f.onSigned(c)
		}
		f.win.Close()
	})
}

// refuse shows what stops the consent being saved; nothing drawn or
// ticked is lost.
func (f *consentForm) refuse(err error) {
	var e *data.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		f.fieldErrors.show(e.Fields)
		f.status.SetText("Not saved: " + e.Fields[0].Message)
		return
	}
	f.status.SetText("Not saved: " + data.ErrorMessage(err))
	showError(err, f.win)
}

// showConsentWindow opens a consent form of kind for a patient in its own
// window, its database work run by wk; onSigned runs once it is signed
// and saved.
func showConsentWindow(a fyne.App, wk *worker, store ConsentStore, patientName string, patientID int64, kind data.ConsentKind, onSigned func(data.Consent)) *consentForm {
	w := newAppWindow(a, kind.Label()+" consent — "+patientName)
	f := newConsentForm(w, wk, store, patientID, kind, onSigned)
	w.SetContent(f.content)
	saveMenu(w, "Consent", f.saveButton)
	askBeforeClosing(w, func() bool { return f.patientPad.Signed() || f.witnessPad.Signed() },
		"The signatures drawn on this form will be lost.")
	showFitted(w, fyne.NewSize(760, 720))
	f.start()
	return f
}

// consentLine describes a signed consent in one line for the record.
func consentLine(c data.Consent, order data.DateOrder) string {
	line := fmt.Sprintf("%s, form version %d: signed %s %s, witnessed by %s", c.Template.Kind.Label(), c.Template.Version,
		order.Format(c.PatientSignedAt.Local()), c.PatientSignedAt.Local().Format("15:04"), c.WitnessName)
	if c.Template.Kind == data.ConsentPhotos {
		line += "; photos: " + strings.ToLower(c.PhotoScope.Label())
	}
	if c.Withdrawn() {
		line += fmt.Sprintf(" · withdrawn %s by %s: %s", order.Format(c.WithdrawnAt.Local()), c.WithdrawnBy, c.WithdrawnReason)
	}
	return line
}
