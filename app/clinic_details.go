package app

import (
	"context"
	"io"
	"slices"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/reports"
)

// ClinicDetailsStore is what the clinic details window needs.
type ClinicDetailsStore interface {
	ClinicDetails(ctx context.Context) (data.ClinicDetails, error)
	SaveClinicDetails(ctx context.Context, d data.ClinicDetails) error
}

// clinicDetailsScreen edits what the clinic prints on its handouts.
type clinicDetailsScreen struct {
	win    fyne.Window
	store  ClinicDetailsStore
	worker worker

	details data.ClinicDetails // as loaded; the logo lives here
	// saved, when not nil, is told the details once they are saved.
	saved func(data.ClinicDetails)

	name, address, phone *widget.Entry
	country              *widget.Select
	paper                *widget.RadioGroup
	logoStatus           *widget.Label
	removeLogo           *widget.Button // shown only when there is a logo
	products, aftercare  *widget.Entry
	outOfHours, guide    *widget.Entry
	status               *widget.Label
	saveButton           *widget.Button
	fieldErrors          fieldMessages

	content fyne.CanvasObject
}

// paperLabels are the paper choices as the window shows them.
var paperLabels = map[string]string{data.PaperA4: "A4", data.PaperLetter: "US Letter"}

// showClinicDetailsWindow opens the clinic details; saved, when not nil,
// is told the details once they are saved.
func showClinicDetailsWindow(a fyne.App, store ClinicDetailsStore, saved func(data.ClinicDetails)) {
	w := newAppWindow(a, "Clinic details")
	s := newClinicDetailsScreen(w, store)
	s.saved = saved
	w.SetContent(s.content)
	saveMenu(w, "Clinic details", s.saveButton)
	showFitted(w, fyne.NewSize(720, 640))
	s.load()
}

func newClinicDetailsScreen(win fyne.Window, store ClinicDetailsStore) *clinicDetailsScreen {
	s := &clinicDetailsScreen{win: win, store: store, fieldErrors: fieldMessages{}}
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder("As patients know it")
	s.address = widget.NewMultiLineEntry()
	s.address.SetMinRowsVisible(3)
	s.phone = widget.NewEntry()
	s.phone.SetPlaceHolder("Printed on every handout")
	s.country = newCountrySelect()
	s.paper = widget.NewRadioGroup([]string{paperLabels[data.PaperA4], paperLabels[data.PaperLetter]}, nil)
	s.paper.Horizontal = true
	s.logoStatus = widget.NewLabel("")
	s.products = widget.NewMultiLineEntry()
	s.products.SetPlaceHolder("One per line, e.g. Redness Solution Complex")
	s.products.SetMinRowsVisible(3)
	s.aftercare = widget.NewMultiLineEntry()
	s.aftercare.SetPlaceHolder("Leave empty to print Needlepoint's own aftercare text")
	s.aftercare.Wrapping = fyne.TextWrapWord
	s.aftercare.SetMinRowsVisible(8)
	s.outOfHours = widget.NewMultiLineEntry()
	s.outOfHours.SetPlaceHolder(data.DefaultOutOfHours)
	s.outOfHours.Wrapping = fyne.TextWrapWord
	s.outOfHours.SetMinRowsVisible(3)
	s.guide = widget.NewMultiLineEntry()
	s.guide.TextStyle = fyne.TextStyle{Monospace: true}
	s.guide.SetMinRowsVisible(7)
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord

	row := func(field, label string, input fyne.CanvasObject) []fyne.CanvasObject {
		return []fyne.CanvasObject{widget.NewLabel(label), container.NewVBox(input, s.fieldErrors.line(field))}
	}
	s.removeLogo = widget.NewButton("Remove", func() {
		s.details.Logo = nil
		s.showLogo()
	})
	logoButtons := container.NewHBox(s.logoStatus, layout.NewSpacer(),
		widget.NewButton("Choose PNG…", s.chooseLogo), s.removeLogo)
	grid := container.New(layout.NewFormLayout(), slices.Concat(
		row(data.FieldClinicName, "Clinic name", s.name),
		row(data.FieldClinicAddress, "Address", s.address),
		row(data.FieldClinicPhone, "Phone", s.phone),
		row(data.FieldClinicCountry, "Country", container.NewBorder(nil,
			widget.NewLabel("A phone number typed without a country code is read as a number of this\ncountry. Numbers are shown the way they are dialled here, and dates as they are\nwritten here."),
			nil, nil, s.country)),
		row(data.FieldClinicLogo, "Logo", logoButtons),
		row(data.FieldPaperSize, "Paper", s.paper),
		row(data.FieldRecommendedProducts, "Recommended products", s.products),
		row(data.FieldOutOfHours, "When we are closed", s.outOfHours),
		row(data.FieldDowntimeGuide, "Downtime guide", container.NewBorder(nil,
			widget.NewLabel("One row a depth: the downtime in days, then the day after the treatment\n(day 0) from which each thing is fine again. Every aftercare sheet follows it."),
			nil, nil, s.guide)),
		row(data.FieldAftercareTemplate, "Aftercare text", container.NewBorder(nil,
			container.NewHBox(layout.NewSpacer(), widget.NewButton("Start from the built-in text", func() {
				s.aftercare.SetText(reports.DefaultAftercareTemplate)
			})), nil, nil, s.aftercare)),
	)...)
	s.saveButton = widget.NewButton("Save", s.onSave)
	s.saveButton.Importance = widget.HighImportance
	bottom := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, s.saveButton, s.status))
	s.content = container.NewBorder(nil, bottom, nil, nil, container.NewVScroll(container.NewPadded(grid)))
	return s
}

func (s *clinicDetailsScreen) load() {
	background(&s.worker, func() (data.ClinicDetails, error) {
		return s.store.ClinicDetails(context.Background())
	}, func(d data.ClinicDetails, err error) {
		if err != nil {
			showError(err, s.win)
			return
		}
		s.fill(d)
	})
}

func (s *clinicDetailsScreen) fill(d data.ClinicDetails) {
	s.details = d
	s.name.SetText(d.Name)
	s.address.SetText(d.Address)
	s.phone.SetText(d.Phone)
	selectCountry(s.country, d.Country)
	s.paper.SetSelected(paperLabels[d.PaperSize])
	s.products.SetText(d.RecommendedProducts)
	s.aftercare.SetText(d.AftercareTemplate)
	s.outOfHours.SetText(d.OutOfHours)
	s.guide.SetText(d.DowntimeGuide.String())
	s.showLogo()
}

// showLogo says whether there is a logo, offering to remove one there is.
func (s *clinicDetailsScreen) showLogo() {
	if len(s.details.Logo) == 0 {
		s.logoStatus.SetText("No logo: handouts show the clinic's name")
		s.removeLogo.Hide()
		return
	}
	s.logoStatus.SetText("Logo chosen (" + itoaKB(len(s.details.Logo)) + ")")
	s.removeLogo.Show()
}

// itoaKB writes a size in whole kilobytes, at least 1.
func itoaKB(n int) string { return thousands(max(1, n/1024)) + " KB" }

// chooseLogo reads a PNG the user picks.
func (s *clinicDetailsScreen) chooseLogo() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, data.MaxLogoBytes+1))
		if err != nil {
			showError(data.Errorf(data.EINVALID, "Cannot read %s.", r.URI().Name()), s.win)
			return
		}
		s.details.Logo = b
		s.showLogo()
	}, s.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".PNG"}))
	d.Show()
}

func (s *clinicDetailsScreen) onSave() {
	d := s.details
	d.Name, d.Address, d.Phone = s.name.Text, s.address.Text, s.phone.Text
	d.Country = selectedCountry(s.country)
	d.PaperSize = data.PaperA4
	if s.paper.Selected == paperLabels[data.PaperLetter] {
		d.PaperSize = data.PaperLetter
	}
	d.RecommendedProducts, d.AftercareTemplate, d.OutOfHours = s.products.Text, s.aftercare.Text, s.outOfHours.Text
	guide, err := data.ParseDowntimeGuide(s.guide.Text)
	d.DowntimeGuide = guide
	problems := fieldProblems(err)
	if err == nil {
		problems = fieldProblems(d.Validate())
	}
	if d.AftercareTemplate != "" {
		if err := reports.ValidateTemplate(d.AftercareTemplate); err != nil {
			problems = append(problems, data.FieldError{Field: data.FieldAftercareTemplate, Message: err.Error()})
		}
	}
	if len(problems) > 0 {
		s.fieldErrors.show(problems)
		s.status.SetText("Nothing was saved: please correct the fields marked in red.")
		return
	}
	s.fieldErrors.show(nil)
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.store.SaveClinicDetails(context.Background(), d)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.fieldErrors.show(fieldProblems(err))
			showError(err, s.win)
			return
		}
		saved := "Saved. Handouts printed from now on use these details."
		if order := data.DateOrderIn(d.Country); order != data.DateOrderIn(s.details.Country) {
			saved += " Dates are written " + order.Pattern() + " from the next start of Needlepoint."
		}
		s.details = d
		s.status.SetText(saved)
		if s.saved != nil {
			s.saved(d)
		}
	})
}

// countryLabels are the countries a clinic can be in, as the country
// choice shows them ("United Kingdom (GB)"), and their codes, in the same
// order.
var countryLabels = sync.OnceValues(func() (labels, codes []string) {
	for _, code := range data.Countries() {
		labels = append(labels, data.CountryName(code)+" ("+code+")")
		codes = append(codes, code)
	}
	return labels, codes
})

// newCountrySelect offers every country whose phone numbers can be read.
func newCountrySelect() *widget.Select {
	labels, _ := countryLabels()
	return widget.NewSelect(labels, nil)
}

// selectCountry chooses the country of code in sel, DefaultCountry when
// code is empty.
func selectCountry(sel *widget.Select, code string) {
	if code == "" {
		code = data.DefaultCountry
	}
	_, codes := countryLabels()
	sel.SetSelectedIndex(slices.Index(codes, code))
}

// selectedCountry returns the code of the country chosen in sel, or ""
// when none is.
func selectedCountry(sel *widget.Select) string {
	_, codes := countryLabels()
	if i := sel.SelectedIndex(); i >= 0 {
		return codes[i]
	}
	return ""
}
