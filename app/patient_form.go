package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// patientForm is the editable record of one patient. It knows nothing of
// the database: it is filled from a data.Patient and read back into one.
type patientForm struct {
	order data.DateOrder
	now   func() time.Time
	// country is the clinic's: phone numbers are read as dialled there and
	// shown in its national format.
	country string

	heading *widget.Label
	notice  *widget.Label // archived, or under 18

	firstName, lastName, preferredName, dateOfBirth *widget.Entry
	sex, skinType                                   *widget.Select
	phone, email, address                           *widget.Entry
	reminderConsent                                 *widget.Check
	allergies, medications, medicalNotes            *widget.Entry
	emergencyName, emergencyPhone                   *widget.Entry

	// fieldErrors shows a validation message under each input.
	fieldErrors fieldMessages
	inputs      map[string]fyne.Focusable
	fields      []string // in the order they appear

	loaded   data.Patient
	snapshot []string // input values right after the last fill

	// onChanged is called whenever the user edits any input, onFilled
	// whenever a record is put in the form.
	onChanged func()
	onFilled  func(data.Patient)

	content fyne.CanvasObject
}

func newPatientForm(order data.DateOrder, now func() time.Time) *patientForm {
	f := &patientForm{order: order, now: now, country: data.DefaultCountry, fieldErrors: fieldMessages{}, inputs: map[string]fyne.Focusable{}}
	f.heading = widget.NewLabelWithStyle("New patient", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.heading.SizeName = theme.SizeNameSubHeadingText
	f.notice = widget.NewLabel("")
	f.notice.Importance = widget.WarningImportance
	f.notice.Wrapping = fyne.TextWrapWord
	f.notice.Hide()

	line := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { f.changed() }
		return e
	}
	lines := func(placeholder string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.SetPlaceHolder(placeholder)
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.OnChanged = func(string) { f.changed() }
		return e
	}
	f.firstName = line("Required")
	f.lastName = line("Required")
	f.preferredName = line("What the patient likes to be called")
	f.dateOfBirth = line(order.Hint())
	f.sex = widget.NewSelect(labels(data.Sexes, data.Sex.Label), func(string) { f.changed() })
	f.skinType = widget.NewSelect(labels([]data.SkinType{0, 1, 2, 3, 4, 5, 6}, data.SkinType.Label), func(string) { f.changed() })
	f.phone = line("e.g. " + data.ExamplePhone(f.country))
	f.email = line("name@example.com")
	f.address = lines("")
	f.reminderConsent = widget.NewCheck("Agrees to appointment reminders by phone, text or email", func(bool) { f.changed() })
	f.allergies = lines("e.g. lidocaine, latex, nickel")
	f.medications = lines("Include isotretinoin, anticoagulants, retinoids")
	f.medicalNotes = lines("")
	f.emergencyName = line("")
	f.emergencyPhone = line("")

	section := func(title string) []fyne.CanvasObject {
		return []fyne.CanvasObject{
			widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			layout.NewSpacer(),
		}
	}
	grid := container.New(layout.NewFormLayout(), slices.Concat(
		section("Personal details"),
		f.row(data.FieldFirstName, "First name *", f.firstName),
		f.row(data.FieldLastName, "Last name *", f.lastName),
		f.row(data.FieldPreferredName, "Preferred name", f.preferredName),
		f.row(data.FieldDateOfBirth, "Date of birth", f.dateOfBirth),
		f.row(data.FieldSex, "Sex", f.sex),
		section("Contact"),
		f.row(data.FieldPhone, "Phone", f.phone),
		f.row(data.FieldEmail, "Email", f.email),
		f.row(data.FieldAddress, "Address", f.address),
		[]fyne.CanvasObject{widget.NewLabel("Reminders"), f.reminderConsent},
		section("Medical"),
		f.row(data.FieldSkinType, "Skin type (Fitzpatrick)", f.skinType),
		f.row(data.FieldAllergies, "Allergies", f.allergies),
		f.row(data.FieldMedications, "Current medications", f.medications),
		f.row(data.FieldMedicalNotes, "Medical notes", f.medicalNotes),
		section("Emergency contact"),
		f.row(data.FieldEmergencyContactName, "Name", f.emergencyName),
		f.row(data.FieldEmergencyContactPhone, "Phone", f.emergencyPhone),
	)...)
	f.content = container.NewVBox(f.heading, f.notice, grid)
	f.fill(data.Patient{})
	return f
}

// labels maps values to the words a Select shows.
func labels[T any](values []T, label func(T) string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = label(v)
	}
	return out
}

// row returns the label and the input with its error line beneath, as the
// two cells of a form layout.
func (f *patientForm) row(field, label string, input fyne.CanvasObject) []fyne.CanvasObject {
	msg := f.fieldErrors.line(field)
	f.fields = append(f.fields, field)
	if in, ok := input.(fyne.Focusable); ok {
		f.inputs[field] = in
	}
	return []fyne.CanvasObject{widget.NewLabel(label), container.NewVBox(input, msg)}
}

func (f *patientForm) changed() {
	if f.fieldErrors.showing() {
		_, problems := f.check()
		f.fieldErrors.recheck(problems)
	}
	f.updateNotice()
	if f.onChanged != nil {
		f.onChanged()
	}
}

// setCountry reads phone numbers as dialled in country from now on. The
// record shown is shown again in that country's format, unless the user
// has changed it.
func (f *patientForm) setCountry(country string) {
	f.country = country
	f.phone.SetPlaceHolder("e.g. " + data.ExamplePhone(country))
	if !f.dirty() {
		f.fill(f.loaded)
	}
}

// fill shows p in the form and marks it unchanged.
func (f *patientForm) fill(p data.Patient) {
	f.loaded = p
	on := f.onChanged
	f.onChanged = nil
	f.firstName.SetText(p.FirstName)
	f.lastName.SetText(p.LastName)
	f.preferredName.SetText(p.PreferredName)
	f.dateOfBirth.SetText(f.order.Format(p.DateOfBirth))
	f.sex.SetSelected(p.Sex.Label())
	f.phone.SetText(data.FormatPhone(p.Phone, p.PhoneE164, f.country))
	f.email.SetText(p.Email)
	f.address.SetText(p.Address)
	f.reminderConsent.SetChecked(p.ReminderConsent)
	f.skinType.SetSelected(p.SkinType.Label())
	f.allergies.SetText(p.Allergies)
	f.medications.SetText(p.Medications)
	f.medicalNotes.SetText(p.MedicalNotes)
	f.emergencyName.SetText(p.EmergencyContactName)
	f.emergencyPhone.SetText(data.FormatPhone(p.EmergencyContactPhone, p.EmergencyContactPhoneE164, f.country))
	f.onChanged = on
	f.snapshot = f.values()
	f.showErrors(nil)
	if p.ID == 0 {
		f.heading.SetText("New patient")
	} else {
		f.heading.SetText(p.FullName())
	}
	f.setEditable(!p.Archived())
	f.updateNotice()
	if f.onFilled != nil {
		f.onFilled(p)
	}
}

// values lists what the inputs hold, to tell whether the user changed any.
func (f *patientForm) values() []string {
	consent := "no"
	if f.reminderConsent.Checked {
		consent = "yes"
	}
	return []string{
		f.firstName.Text, f.lastName.Text, f.preferredName.Text, f.dateOfBirth.Text,
		f.sex.Selected, f.phone.Text, f.email.Text, f.address.Text, consent,
		f.skinType.Selected, f.allergies.Text, f.medications.Text, f.medicalNotes.Text,
		f.emergencyName.Text, f.emergencyPhone.Text,
	}
}

// dirty reports whether the user has changed anything since the last fill.
func (f *patientForm) dirty() bool { return !slices.Equal(f.values(), f.snapshot) }

// patient returns the loaded patient with the user's edits applied, or the
// problems that stop the form from being read (an unreadable date).
func (f *patientForm) patient() (data.Patient, []data.FieldError) {
	p := f.loaded
	p.FirstName = strings.TrimSpace(f.firstName.Text)
	p.LastName = strings.TrimSpace(f.lastName.Text)
	p.PreferredName = strings.TrimSpace(f.preferredName.Text)
	p.Phone = strings.TrimSpace(f.phone.Text)
	p.Email = strings.TrimSpace(f.email.Text)
	p.Address = strings.TrimSpace(f.address.Text)
	p.ReminderConsent = f.reminderConsent.Checked
	p.Allergies = strings.TrimSpace(f.allergies.Text)
	p.Medications = strings.TrimSpace(f.medications.Text)
	p.MedicalNotes = strings.TrimSpace(f.medicalNotes.Text)
	p.EmergencyContactName = strings.TrimSpace(f.emergencyName.Text)
	p.EmergencyContactPhone = strings.TrimSpace(f.emergencyPhone.Text)
	p.Sex = data.Sexes[max(f.sex.SelectedIndex(), 0)]
	p.SkinType = data.SkinType(max(f.skinType.SelectedIndex(), 0))
	dob, err := data.ParseDate(f.dateOfBirth.Text, f.order)
	if err != nil {
		return p, []data.FieldError{{Field: data.FieldDateOfBirth, Message: "Date of birth: " + err.Error() + "."}}
	}
	p.DateOfBirth = dob
	return p, nil
}

// check reads the form like patient, and adds what the clinic's rules
// find wrong with the patient.
func (f *patientForm) check() (data.Patient, []data.FieldError) {
	p, problems := f.patient()
	if err := p.Validate(f.now(), f.country); err != nil {
		problems = append(problems, fieldProblems(err)...)
	}
	return p, problems
}

// showErrors puts each message under its input and clears the others. It
// returns the topmost input with a problem, for focus.
func (f *patientForm) showErrors(problems []data.FieldError) fyne.Focusable {
	f.fieldErrors.show(problems)
	if field, ok := f.fieldErrors.first(f.fields); ok {
		return f.inputs[field]
	}
	return nil
}

// updateNotice shows what the desk must know at a glance: the record is
// archived, or the patient is under 18.
func (f *patientForm) updateNotice() {
	text := ""
	if f.loaded.Archived() {
		text = "Archived on " + f.order.Format(f.loaded.ArchivedAt.Local()) + ": " + f.loaded.ArchiveReason + ". Restore the record to change it."
	} else if dob, err := data.ParseDate(f.dateOfBirth.Text, f.order); err == nil {
		p := data.Patient{DateOfBirth: dob}
		if p.IsMinorOn(f.now()) {
			age, _ := p.AgeOn(f.now())
			text = "Under 18 (age " + strconv.Itoa(age) + "): treatment needs a parent's or guardian's written consent."
		}
	}
	f.notice.SetText(text)
	f.notice.Hidden = text == ""
	f.notice.Refresh()
}

func (f *patientForm) setEditable(on bool) {
	for _, w := range []fyne.Disableable{
		f.firstName, f.lastName, f.preferredName, f.dateOfBirth, f.sex, f.phone, f.email,
		f.address, f.reminderConsent, f.skinType, f.allergies, f.medications, f.medicalNotes,
		f.emergencyName, f.emergencyPhone,
	} {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}
