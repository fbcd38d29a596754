package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// patientPicker makes the search and the list of matches by which the
// desk chooses the patient of an appointment booked from the diary.
func (f *appointmentForm) patientPicker() fyne.CanvasObject {
	f.patientQuery = widget.NewEntry()
	f.patientQuery.SetPlaceHolder("Name, phone or date of birth, then Enter")
	f.patientQuery.OnSubmitted = f.onFindPatient
	f.patientChoice = widget.NewSelect(nil, func(string) { f.onChoosePatient() })
	f.patientChoice.PlaceHolder = "Find the patient first"
	// One above the other, so the placeholder and the patients found,
	// with their birthdays and phones, read whole.
	return container.NewVBox(f.patientQuery, f.patientChoice)
}

// onFindPatient lists the active patients matching query; a single match
// is chosen at once.
func (f *appointmentForm) onFindPatient(query string) {
	if strings.TrimSpace(query) == "" {
		return
	}
	background(f.worker, func() ([]data.PatientSummary, error) {
		return f.store.Search(context.Background(), query, f.order)
	}, func(found []data.PatientSummary, err error) {
		if err != nil {
			showError(err, f.win)
			return
		}
		f.found = nil
		var options []string
		seen := map[string]bool{}
		for _, p := range found {
			if p.Archived {
				continue // an archived patient is restored before booking
			}
			// Two patients of one name and birthday are told apart by
			// phone, so the choice never falls on the wrong one.
			label := p.FullName()
			if !p.DateOfBirth.IsZero() {
				label += " · " + f.order.Format(p.DateOfBirth)
			}
			if seen[label] {
				label += " · " + p.Phone
			}
			if seen[label] {
				label += " · record " + strconv.FormatInt(p.ID, 10)
			}
			seen[label] = true
			f.found = append(f.found, p)
			options = append(options, label)
		}
		f.patientChoice.ClearSelected()
		f.patientChoice.PlaceHolder = fmt.Sprintf("Choose one of %d patients", len(options))
		switch {
		case len(options) == 0 && len(found) > 0:
			f.patientChoice.PlaceHolder = "Only archived patients match"
		case len(options) == 0:
			f.patientChoice.PlaceHolder = "No patient matches"
		}
		f.patientChoice.SetOptions(options)
		switch {
		case len(options) == 1:
			f.patientChoice.SetSelectedIndex(0)
		case len(options) > 1:
			f.win.Canvas().Focus(f.patientChoice)
		}
	})
}

// onChoosePatient makes the chosen patient the appointment's, and offers
// that patient's active series for a treatment.
func (f *appointmentForm) onChoosePatient() {
	i := f.patientChoice.SelectedIndex()
	f.loaded.PatientID, f.loaded.PatientName = 0, ""
	f.setSeries(nil)
	if i < 0 || i >= len(f.found) {
		return
	}
	p := f.found[i]
	f.loaded.PatientID, f.loaded.PatientName = p.ID, p.FullName()
	background(f.worker, func() ([]data.TreatmentSeries, error) {
		return activeSeries(context.Background(), f.store, p.ID)
	}, func(series []data.TreatmentSeries, err error) {
		if err != nil {
			showError(err, f.win)
			return
		}
		if f.loaded.PatientID == p.ID { // not changed meanwhile
			f.setSeries(series)
		}
	})
}
