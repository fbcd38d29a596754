package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// ConsentTemplateStore is what editing the consent forms needs.
type ConsentTemplateStore interface {
	ConsentTemplate(ctx context.Context, kind data.ConsentKind) (data.ConsentTemplate, error)
	ConsentTemplateVersions(ctx context.Context, kind data.ConsentKind) ([]data.ConsentTemplate, error)
	SaveConsentTemplate(ctx context.Context, t *data.ConsentTemplate) error
}

// consentTemplatesScreen lets an administrator reword a consent form.
// Saving makes a new version; the versions before stay, and each signed
// consent keeps the one its patient signed.
type consentTemplatesScreen struct {
	win    fyne.Window
	store  ConsentTemplateStore
	worker worker

	kind          data.ConsentKind
	kindChoice    *widget.Select
	title         *widget.Entry
	body          *widget.Entry
	confirmations *widget.Entry
	versions      *widget.Label
	status        *widget.Label
	saveButton    *widget.Button
	fieldErrors   fieldMessages
	// loaded is what the form showed when read, to tell unsaved changes.
	loaded data.ConsentTemplate

	content fyne.CanvasObject
}

func newConsentTemplatesScreen(win fyne.Window, store ConsentTemplateStore) *consentTemplatesScreen {
	s := &consentTemplatesScreen{win: win, store: store, kind: data.ConsentMicroneedling, fieldErrors: fieldMessages{}}
	var kinds []string
	for _, k := range data.ConsentKinds {
		kinds = append(kinds, k.Label())
	}
	s.kindChoice = widget.NewSelect(kinds, func(label string) {
		for _, k := range data.ConsentKinds {
			if k.Label() == label && k != s.kind {
				s.kind = k
				s.status.SetText("")
				s.load()
			}
		}
	})
	s.title = widget.NewEntry()
	s.body = widget.NewMultiLineEntry()
	s.body.Wrapping = fyne.TextWrapWord
	s.body.SetMinRowsVisible(14)
	s.confirmations = widget.NewMultiLineEntry()
	s.confirmations.Wrapping = fyne.TextWrapWord
	s.confirmations.SetMinRowsVisible(6)
	s.confirmations.SetPlaceHolder("One statement per line, e.g. I am not pregnant and not breastfeeding.")
	s.versions = widget.NewLabel("")
	s.versions.Wrapping = fyne.TextWrapWord
	s.versions.Importance = widget.LowImportance
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.saveButton = widget.NewButton("Save as a new version", s.onSave)
	s.saveButton.Importance = widget.HighImportance

	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Form"), s.kindChoice,
		widget.NewLabel("Title"), container.NewVBox(s.title, s.fieldErrors.line(data.FieldConsentTitle)),
		widget.NewLabel("Text the patient reads"), container.NewVBox(s.body, s.fieldErrors.line(data.FieldConsentBody)),
		widget.NewLabel("Statements the patient ticks"), container.NewVBox(s.confirmations, s.fieldErrors.line(data.FieldConsentConfirmations)),
	)
	intro := widget.NewLabel("Patients read and sign the newest version. Saving keeps every earlier version: a signed consent always shows the words its patient signed.")
	intro.Wrapping = fyne.TextWrapWord
	buttons := container.NewBorder(nil, nil, nil, s.saveButton, s.status)
	s.content = container.NewBorder(intro, container.NewVBox(widget.NewSeparator(), buttons), nil, nil,
		container.NewVScroll(container.NewVBox(form, s.versions)))
	return s
}

// load reads the form of the chosen kind in force and its saved versions.
func (s *consentTemplatesScreen) load() {
	kind := s.kind
	s.kindChoice.SetSelected(kind.Label())
	type read struct {
		current  data.ConsentTemplate
		versions []data.ConsentTemplate
	}
	background(&s.worker, func() (read, error) {
		var r read
		var err error
		if r.current, err = s.store.ConsentTemplate(context.Background(), kind); err != nil {
			return r, err
		}
		r.versions, err = s.store.ConsentTemplateVersions(context.Background(), kind)
		return r, err
	}, func(r read, err error) {
		if err != nil || kind != s.kind {
			showError(err, s.win)
			return
		}
		s.show(r.current, r.versions)
	})
}

func (s *consentTemplatesScreen) show(t data.ConsentTemplate, versions []data.ConsentTemplate) {
	s.loaded = t
	s.title.SetText(t.Title)
	s.body.SetText(t.Body)
	s.confirmations.SetText(strings.Join(t.Confirmations, "\n"))
	s.fieldErrors.show(nil)
	var lines []string
	for _, v := range versions {
		lines = append(lines, fmt.Sprintf("Version %d, saved %s by %s", v.Version, v.CreatedAt.Local().Format("2 Jan 2006 15:04"), v.CreatedBy))
	}
	if len(lines) == 0 {
		lines = []string{"No version saved yet: patients sign the form as Needlepoint ships it, which is saved as version 1 when first signed."}
	}
	s.versions.SetText("Versions kept:\n" + strings.Join(lines, "\n"))
}

// dirty reports whether the wording differs from the version shown.
func (s *consentTemplatesScreen) dirty() bool {
	t := s.template()
	return t.Title != strings.TrimSpace(s.loaded.Title) || t.Body != strings.TrimSpace(s.loaded.Body) ||
		strings.Join(t.Confirmations, "\n") != strings.Join(s.loaded.Confirmations, "\n")
}

// template reads the form's inputs.
func (s *consentTemplatesScreen) template() data.ConsentTemplate {
	t := data.ConsentTemplate{Kind: s.kind, Title: strings.TrimSpace(s.title.Text), Body: strings.TrimSpace(s.body.Text)}
	for _, line := range strings.Split(s.confirmations.Text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			t.Confirmations = append(t.Confirmations, line)
		}
	}
	return t
}

// onSave saves the wording as the next version.
func (s *consentTemplatesScreen) onSave() {
	t := s.template()
	if err := t.Validate(); err != nil {
		s.refuse(err)
		return
	}
	s.saveButton.Disable()
	background(&s.worker, func() (data.ConsentTemplate, error) {
		return t, s.store.SaveConsentTemplate(context.Background(), &t)
	}, func(t data.ConsentTemplate, err error) {
		s.saveButton.Enable()
		if err != nil {
			s.refuse(err)
			return
		}
		s.load()
		s.status.SetText(fmt.Sprintf("Saved as version %d. Consents signed from now on use it.", t.Version))
	})
}

func (s *consentTemplatesScreen) refuse(err error) {
	var e *data.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		s.fieldErrors.show(e.Fields)
		s.status.SetText("Not saved: please correct the fields marked.")
		return
	}
	s.status.SetText("Not saved: " + data.ErrorMessage(err))
	showError(err, s.win)
}

// showConsentTemplatesWindow opens the consent forms for an administrator.
func showConsentTemplatesWindow(a fyne.App, store ConsentTemplateStore) {
	w := newAppWindow(a, "Consent forms")
	s := newConsentTemplatesScreen(w, store)
	w.SetContent(container.NewPadded(s.content))
	saveMenu(w, "Consent forms", s.saveButton)
	askBeforeClosing(w, s.dirty, "The changes to this form's wording will be lost.")
	showFitted(w, fyne.NewSize(900, 720))
	s.load()
}
