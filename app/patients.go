package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// patientsScreen is the front desk's main screen: a search box and results
// on the left, the selected patient's record on the right.
type patientsScreen struct {
	win   fyne.Window
	store ClinicStore
	order data.DateOrder
	now   func() time.Time

	search  *widget.Entry
	list    *widget.List
	results []data.PatientSummary
	status  *widget.Label
	form    *patientForm
	// changed says when another computer changed the open record.
	changed *changedBanner
	// banner says whose record is open, above every tab.
	banner *patientBanner
	// detailsScroll holds the details, which another patient shows from
	// their top.
	detailsScroll *container.Scroll
	// tabs switch between the record form and the clinical record.
	tabs         *container.AppTabs
	clinical     *clinicalView
	appointments *patientAppointments
	photos       *photosView

	newButton     *widget.Button
	saveButton    *reasonButton
	archiveButton *reasonButton
	// hint says why the button under the pointer is disabled.
	hint *hintLine
	// saved says "Saved" beside the button once the record is stored, until
	// it is changed again or another patient is opened; savedID is whose.
	saved   *widget.Label
	savedID int64

	// archiveReason and archiveConfirm belong to the open archive dialog.
	archiveReason  *widget.Entry
	archiveConfirm *widget.Button

	// searchSeq numbers searches so a slow, older answer never replaces a
	// newer one; openSeq does the same for the record loaded into the form.
	searchSeq, openSeq int
	// shownSeq is the search whose results the list shows; openFirst is
	// set when Enter is pressed before the list has caught up with the
	// search box, to open the first result of the search still running.
	shownSeq  int
	openFirst bool
	// selecting is set while the list selection is changed by code.
	selecting bool
	worker    worker

	content fyne.CanvasObject
}

func newPatientsScreen(win fyne.Window, store ClinicStore, order data.DateOrder, now func() time.Time) *patientsScreen {
	s := &patientsScreen{win: win, store: store, order: order, now: now}
	s.form = newPatientForm(order, now)
	s.form.onChanged = s.updateButtons
	s.changed = newChangedBanner(s.onShowSaved)
	s.banner = newPatientBanner(order, now)
	s.form.onFilled = s.banner.show
	s.clinical = newClinicalView(store, order, now, &s.worker)
	s.clinical.actions = &clinicalActions{screen: s, store: store}
	s.clinical.onCheck = s.banner.showCheck
	s.appointments = newPatientAppointments(win, store, order, now, &s.worker)
	s.photos = newPhotosView(win, store, order, &s.worker)

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Name, phone, email or date of birth")
	s.search.OnChanged = func(string) { s.onSearch() }
	s.search.OnSubmitted = func(string) { s.openFirstResult() }

	s.list = widget.NewList(
		func() int { return len(s.results) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("Name", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			detail := widget.NewLabel("Detail")
			detail.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, detail)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.results) {
				return
			}
			r := s.results[id]
			box := o.(*fyne.Container)
			name, detail := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
			text := r.FullName()
			if r.Archived {
				text += " · archived"
				name.Importance = widget.LowImportance
			} else {
				name.Importance = widget.MediumImportance
			}
			name.SetText(text)
			detail.SetText(s.resultDetail(r))
		},
	)
	s.list.OnSelected = s.onSelect

	s.status = widget.NewLabel("Opening " + store.Path() + "…")
	s.status.Truncation = fyne.TextTruncateEllipsis

	s.newButton = widget.NewButtonWithIcon("New patient", theme.ContentAddIcon(), s.onNew)
	s.hint = newHintLine()
	s.saveButton = newReasonButton("Save", theme.DocumentSaveIcon(), s.onSave, s.hint)
	s.saveButton.Importance = widget.HighImportance
	s.archiveButton = newReasonButton("Archive…", theme.DeleteIcon(), s.onArchive, s.hint)

	left := container.NewBorder(container.NewVBox(s.search, s.newButton), nil, nil, nil, s.list)
	s.saved = widget.NewLabel("")
	s.saved.Importance = widget.SuccessImportance
	// A reason takes what room the row has left, cut short rather than
	// wrapped, so the row keeps its height.
	buttons := container.NewBorder(nil, nil, container.NewHBox(s.saveButton, s.archiveButton, s.saved), nil, s.hint.label)
	s.detailsScroll = container.NewVScroll(container.NewPadded(s.form.content))
	details := container.NewBorder(s.changed.box, container.NewVBox(widget.NewSeparator(), buttons), nil, nil,
		wheelAnywhere(s.detailsScroll))
	s.changed.relayout = details.Refresh
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Details", theme.AccountIcon(), details),
		container.NewTabItemWithIcon("Clinical record", theme.DocumentIcon(), s.clinical.content),
		container.NewTabItemWithIcon("Appointments", theme.CalendarIcon(), s.appointments.content),
		container.NewTabItemWithIcon("Photos", theme.MediaPhotoIcon(), s.photos.content),
	)
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t.Content == s.photos.content {
			s.photos.show()
		}
	}
	split := container.NewHSplit(left, container.NewBorder(container.NewPadded(s.banner.content), nil, nil, nil, s.tabs))
	split.Offset = 0.32
	s.content = container.NewBorder(nil, s.status, nil, nil, split)
	s.updateButtons()
	return s
}

// resultDetail is the second line of a search result: birth date and phone.
func (s *patientsScreen) resultDetail(r data.PatientSummary) string {
	var parts []string
	if !r.DateOfBirth.IsZero() {
		parts = append(parts, "born "+s.order.Format(r.DateOfBirth))
	}
	if r.Phone != "" {
		parts = append(parts, data.FormatPhone(r.Phone, r.PhoneE164, s.form.country))
	} else if r.Email != "" {
		parts = append(parts, r.Email)
	}
	if len(parts) == 0 {
		return "no date of birth or phone"
	}
	return strings.Join(parts, " · ")
}

// start loads the clinic's country, the first list and the counts, and
// puts the cursor in the search box.
func (s *patientsScreen) start() {
	s.win.Canvas().Focus(s.search)
	s.loadCountry()
	s.onSearch()
	s.refreshStatus()
}

// loadCountry reads the clinic's country, which phone numbers are read
// and shown in.
func (s *patientsScreen) loadCountry() {
	background(&s.worker, func() (data.ClinicDetails, error) {
		return s.store.ClinicDetails(context.Background())
	}, func(d data.ClinicDetails, err error) {
		if err != nil {
			showError(err, s.win)
			return
		}
		s.setCountry(d.Country)
	})
}

// setCountry reads and shows phone numbers as dialled in country from now
// on, in the list and in the record, unless the record is being edited.
func (s *patientsScreen) setCountry(country string) {
	s.form.setCountry(country)
	s.list.Refresh()
}

func (s *patientsScreen) onSearch() {
	s.searchSeq++
	seq, query := s.searchSeq, s.search.Text
	background(&s.worker, func() ([]data.PatientSummary, error) {
		return s.store.Search(context.Background(), query, s.order)
	}, func(list []data.PatientSummary, err error) {
		if seq != s.searchSeq {
			return
		}
		openFirst := s.openFirst
		s.openFirst = false
		if err != nil {
			showError(err, s.win)
			return
		}
		s.results, s.shownSeq = list, seq
		s.selecting = true
		s.list.UnselectAll()
		for i, r := range list {
			if r.ID == s.form.loaded.ID && r.ID != 0 {
				s.list.Select(i)
			}
		}
		s.selecting = false
		s.list.Refresh()
		if len(list) > 0 {
			s.list.ScrollToTop()
		}
		if openFirst {
			s.openFirstResult()
		}
	})
}

func (s *patientsScreen) refreshStatus() {
	background(&s.worker, func() (data.PatientCounts, error) {
		return s.store.CountPatients(context.Background())
	}, func(c data.PatientCounts, err error) {
		if err != nil {
			s.status.SetText("Database: " + s.store.Path() + " · patient count unavailable")
			fyne.LogError("counting patients", err)
			return
		}
		s.status.SetText(fmt.Sprintf("Database: %s · %s, %s archived",
			s.store.Path(), plural(c.Active, "active patient"), thousands(c.Archived)))
	})
}

// openFirstResult opens the first patient found for what the search box
// says, once the search for it has answered: Enter typed straight after
// the name never opens someone found for the first letters.
func (s *patientsScreen) openFirstResult() {
	if s.shownSeq != s.searchSeq {
		s.openFirst = true
		return
	}
	if len(s.results) > 0 {
		s.list.Select(0)
	}
}

// onSelect opens the chosen patient, asking first if the open record has
// unsaved changes.
func (s *patientsScreen) onSelect(id widget.ListItemID) {
	if s.selecting || id >= len(s.results) {
		return
	}
	target := s.results[id].ID
	if target == s.form.loaded.ID {
		s.openSeq++ // back to the patient shown: drop one clicked before and still loading
		return
	}
	s.confirmLeave(func() { s.open(target) }, func() {
		s.selecting = true
		s.list.UnselectAll()
		s.selecting = false
	})
}

// open loads a patient into the form. The last patient asked for wins: a
// slower answer for one clicked before is dropped.
func (s *patientsScreen) open(id int64) {
	s.openSeq++
	seq := s.openSeq
	background(&s.worker, func() (data.Patient, error) {
		return s.store.ViewPatient(context.Background(), id)
	}, func(p data.Patient, err error) {
		if seq != s.openSeq {
			return
		}
		if err != nil {
			showError(err, s.win)
			return
		}
		s.changed.hide()
		if p.ID != s.form.loaded.ID {
			s.toTop()
		}
		s.form.fill(p)
		s.updateButtons()
		s.clinical.show(p.ID)
		s.appointments.show(p.ID, p.FullName())
		s.photos.setPatient(p.ID, p.FullName())
		if s.tabs.Selected().Content == s.photos.content {
			s.photos.show()
		}
	})
}

// toTop shows every tab of the patient from its top, for another patient.
func (s *patientsScreen) toTop() {
	s.detailsScroll.ScrollToTop()
	s.clinical.scroll.ScrollToTop()
	s.appointments.upcomingTable.ScrollToTop()
	s.appointments.pastTable.ScrollToTop()
	s.photos.scroll.ScrollToTop()
}

// openPatient shows a patient chosen elsewhere, such as from the day's
// appointments, asking first if the open record has unsaved changes.
func (s *patientsScreen) openPatient(id int64) {
	s.openPatientAt(id, -1)
}

// openPatientAt opens a patient as openPatient does, on the tab numbered
// tab (Details is 0, the Clinical record 1), or on the tab shown when tab
// is -1.
func (s *patientsScreen) openPatientAt(id int64, tab int) {
	show := func() {
		if tab >= 0 {
			s.tabs.SelectIndex(tab)
		}
	}
	if id == s.form.loaded.ID {
		s.openSeq++
		show()
		return
	}
	s.confirmLeave(func() {
		s.selecting = true
		s.list.UnselectAll()
		s.selecting = false
		show()
		s.open(id)
	}, nil)
}

func (s *patientsScreen) onNew() {
	s.confirmLeave(func() {
		s.openSeq++ // a patient still loading must not replace the new form
		s.selecting = true
		s.list.UnselectAll()
		s.selecting = false
		s.changed.hide()
		s.form.fill(data.Patient{})
		s.updateButtons()
		s.clinical.clear("Save the new patient first; their clinical record starts after that.")
		s.appointments.clear("Save the new patient first; then book their appointments here.")
		s.photos.clear("Save the new patient first; their photos are added to their sessions.")
		s.tabs.SelectIndex(0)
		s.win.Canvas().Focus(s.form.firstName)
	}, nil)
}

func (s *patientsScreen) focusSearch() {
	s.win.Canvas().Focus(s.search)
	s.search.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// onSave checks the form, warns about possible duplicates and saves.
func (s *patientsScreen) onSave() { s.saveThen(nil) }

// saveThen saves like onSave and runs next, if not nil, once the record is
// stored; it does not run when the form has problems or the user stops.
func (s *patientsScreen) saveThen(next func()) {
	if s.form.loaded.Archived() {
		return
	}
	p, problems := s.form.check()
	if len(problems) > 0 {
		if first := s.form.showErrors(problems); first != nil {
			s.win.Canvas().Focus(first)
		}
		return
	}
	s.form.showErrors(nil)
	if !identityChanged(s.form.loaded, p, s.form.country) {
		s.save(p, next)
		return
	}
	background(&s.worker, func() ([]data.Duplicate, error) {
		return s.store.FindDuplicates(context.Background(), p)
	}, func(dups []data.Duplicate, err error) {
		if err != nil {
			showError(err, s.win)
			return
		}
		if len(dups) == 0 {
			s.save(p, next)
			return
		}
		s.askDuplicate(p, dups, next)
	})
}

// identityChanged reports whether a save could create a duplicate: the
// record is new, or a name, birth date, phone or email changed. A phone
// number only written another way, as the form shows it, is the same.
func identityChanged(before, after data.Patient, country string) bool {
	samePhone := before.Phone == after.Phone ||
		(before.PhoneE164 != "" && before.PhoneE164 == data.PhoneE164(after.Phone, country))
	return before.ID == 0 || before.FirstName != after.FirstName || before.LastName != after.LastName ||
		!before.DateOfBirth.Equal(after.DateOfBirth) || !samePhone || before.Email != after.Email
}

// fieldProblems returns the per-field messages of a validation error, or
// nil when err is of another kind.
func fieldProblems(err error) []data.FieldError {
	if e, ok := err.(*data.Error); ok {
		return e.Fields
	}
	return nil
}

// askDuplicate names the patients this may be and lets the user open one
// of them or save anyway (and then go on with next).
func (s *patientsScreen) askDuplicate(p data.Patient, dups []data.Duplicate, next func()) {
	var lines []string
	for _, d := range dups {
		line := d.FullName()
		if !d.DateOfBirth.IsZero() {
			line += ", born " + s.order.Format(d.DateOfBirth)
		}
		if d.Archived {
			line += " (archived)"
		}
		lines = append(lines, line+" — "+d.Reason)
	}
	msg := widget.NewLabel("This may be a patient already on file:\n\n" + strings.Join(lines, "\n") +
		"\n\nOpen the existing record instead, or save anyway (twins and family members can share details).")
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomWithoutButtons("Possible duplicate", msg, s.win)
	open := widget.NewButton("Open "+dups[0].FullName(), func() {
		d.Hide()
		s.form.fill(s.form.loaded) // drop the edits only after the user chose to
		s.open(dups[0].ID)
	})
	open.Importance = widget.HighImportance
	save := widget.NewButton("Save anyway", func() { d.Hide(); s.save(p, next) })
	cancel := widget.NewButton("Cancel", d.Hide)
	d.SetButtons([]fyne.CanvasObject{cancel, save, open})
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// save creates or updates p, shows the stored record and then runs next,
// if not nil.
func (s *patientsScreen) save(p data.Patient, next func()) {
	background(&s.worker, func() (data.Patient, error) {
		var err error
		if p.ID == 0 {
			err = s.store.CreatePatient(context.Background(), &p)
		} else {
			err = s.store.UpdatePatient(context.Background(), &p)
		}
		return p, err
	}, func(saved data.Patient, err error) {
		if err != nil {
			if problems := fieldProblems(err); len(problems) > 0 {
				s.form.showErrors(problems)
			}
			showError(err, s.win)
			return
		}
		s.changed.hide()
		s.form.fill(saved)
		s.savedID = saved.ID
		s.saved.SetText("✓ Saved at " + s.now().Format("15:04"))
		s.updateButtons()
		s.onSearch()
		s.refreshStatus()
		if s.clinical.patientID != saved.ID {
			s.clinical.show(saved.ID)
			s.appointments.show(saved.ID, saved.FullName())
		}
		if next != nil {
			next()
		}
	})
}

// confirmLeave runs next at once when the form has no unsaved changes;
// otherwise it asks whether to save, discard or stay. cancelled, if not
// nil, runs when the user stays.
func (s *patientsScreen) confirmLeave(next, cancelled func()) {
	if !s.form.dirty() {
		next()
		return
	}
	name := s.form.loaded.FullName()
	if s.form.loaded.ID == 0 {
		name = "the new patient"
	}
	msg := widget.NewLabel("You have unsaved changes to " + name + ".")
	d := dialog.NewCustomWithoutButtons("Unsaved changes", msg, s.win)
	stay := widget.NewButton("Keep editing", func() {
		d.Hide()
		if cancelled != nil {
			cancelled()
		}
	})
	discard := widget.NewButton("Discard changes", func() { d.Hide(); s.form.fill(s.form.loaded); next() })
	discard.Importance = widget.DangerImportance
	save := widget.NewButton("Save changes", func() {
		d.Hide()
		if cancelled != nil {
			cancelled()
		}
		s.saveThen(next)
	})
	save.Importance = widget.HighImportance
	if s.form.loaded.Archived() {
		save.Disable()
	}
	d.SetButtons([]fyne.CanvasObject{stay, discard, save})
	d.Show()
}

func (s *patientsScreen) onArchive() {
	p := s.form.loaded
	if p.ID == 0 {
		return
	}
	if p.Archived() {
		s.restore(p)
		return
	}
	s.archiveReason = widget.NewMultiLineEntry()
	s.archiveReason.SetPlaceHolder("e.g. moved away, asked to leave the clinic's list")
	s.archiveReason.SetMinRowsVisible(2)
	problem := newProblemLine()
	msg := widget.NewLabel("Archive " + p.FullName() + "? The record is kept and can be restored; it no longer shows first in searches.")
	msg.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(msg, widget.NewLabel("Reason (required)"), s.archiveReason, problem)
	d := dialog.NewCustomWithoutButtons("Archive patient", content, s.win)
	s.archiveConfirm = widget.NewButton("Archive", func() {
		if strings.TrimSpace(s.archiveReason.Text) == "" {
			problem.SetText("Please give a reason for archiving this patient.")
			return
		}
		d.Hide()
		reason := s.archiveReason.Text
		background(&s.worker, func() (struct{}, error) {
			return struct{}{}, s.store.ArchivePatient(context.Background(), p.ID, p.Version, reason)
		}, func(_ struct{}, err error) { s.afterArchiveChange(p.ID, err) })
	})
	s.archiveConfirm.Importance = widget.DangerImportance
	d.SetButtons([]fyne.CanvasObject{widget.NewButton("Cancel", d.Hide), s.archiveConfirm})
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
	s.win.Canvas().Focus(s.archiveReason)
}

func (s *patientsScreen) restore(p data.Patient) {
	dialog.ShowConfirm("Restore patient", "Bring "+p.FullName()+" back to the active patient list?", func(ok bool) {
		if !ok {
			return
		}
		background(&s.worker, func() (struct{}, error) {
			return struct{}{}, s.store.RestorePatient(context.Background(), p.ID, p.Version)
		}, func(_ struct{}, err error) { s.afterArchiveChange(p.ID, err) })
	}, s.win)
}

func (s *patientsScreen) afterArchiveChange(id int64, err error) {
	if err != nil {
		showError(err, s.win)
		return
	}
	s.open(id)
	s.onSearch()
	s.refreshStatus()
}

// updateButtons enables what makes sense for the open record.
func (s *patientsScreen) updateButtons() {
	p := s.form.loaded
	if s.saved != nil && (p.ID != s.savedID || s.form.dirty()) {
		s.saved.SetText("")
	}
	switch {
	case p.Archived():
		s.saveButton.setEnabled("an archived record cannot be changed: restore it first.")
		s.archiveButton.SetText("Restore…")
		s.archiveButton.SetIcon(theme.HistoryIcon())
		s.archiveButton.Enable()
	case p.ID == 0:
		s.saveButton.Enable()
		s.archiveButton.SetText("Archive…")
		s.archiveButton.SetIcon(theme.DeleteIcon())
		s.archiveButton.setEnabled("save the new patient first: only a saved record can be archived.")
	default:
		s.saveButton.Enable()
		s.archiveButton.SetText("Archive…")
		s.archiveButton.SetIcon(theme.DeleteIcon())
		s.archiveButton.Enable()
	}
	switch {
	case p.ID == 0:
		s.saveButton.SetText("Save new patient")
	case s.form.dirty():
		s.saveButton.SetText("Save changes")
	default:
		s.saveButton.SetText("Save")
	}
}

// plural writes a count with its noun: "1 active patient", "2,000 active
// patients".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// thousands writes n with thousands separators: 100000 → "100,000".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
