package app

import (
	"context"
	"image/color"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// SessionStore is what the session log needs from the database. The tests
// give the form a fake one.
type SessionStore interface {
	ConsentStore
	PrefillSession(ctx context.Context, seriesID int64) (data.Session, error)
	RecentCartridgeLots(ctx context.Context, day time.Time) ([]data.RecentLot, error)
	LogSession(ctx context.Context, x *data.Session) error
	UpdateSession(ctx context.Context, x *data.Session) error
	SignSession(ctx context.Context, id, version, practitionerID int64) error
	Staff(ctx context.Context, activeOnly bool) ([]data.StaffMember, error)
	LatestScreening(ctx context.Context, patientID int64) (*data.Screening, error)
	ClinicRules(ctx context.Context) (data.ClinicRules, error)
	Actor() (data.Actor, bool)
	SessionBookings(ctx context.Context, seriesID int64, at time.Time) (data.SessionBookings, error)
}

// sessionForm logs one treatment session of a series: structured fields,
// pre-filled from the previous session, checked for contraindications on
// the session date, then saved as a draft and signed. Opened on a draft, it
// shows the draft to finish and sign; only the draft's practitioner may.
type sessionForm struct {
	win       fyne.Window
	store     SessionStore
	order     data.DateOrder
	now       func() time.Time
	seriesID  int64
	patientID int64
	// patientName names the patient in the windows the form opens.
	patientName string
	onSaved     func()
	worker      worker
	// draft is the draft session reopened; nil for a new session.
	draft *data.Session
	diary sessionDiary

	// What the form was opened with.
	prefill       data.Session
	practitioners []data.StaffMember
	screening     *data.Screening
	rules         data.ClinicRules
	check         data.CheckResult
	consents      []data.Consent // the patient's, newest first
	consent       data.ConsentStatus
	saved         *data.Session // the draft once saved
	snapshot      []string      // input values when last filled or saved

	status       *widget.Label
	checkBadge   *widget.Label
	checkReasons *widget.Label
	// consentLine says whether the patient's consent holds on the session
	// date, with takeConsent when it does not.
	consentLine *widget.Label
	takeConsent *widget.Button
	consentRow  *fyne.Container
	consentForm *consentForm // open from this form, nil when none is

	overrideReason *widget.Entry
	overrideLabel  fyne.CanvasObject
	overrideBox    *fyne.Container // the reason with its message

	date, timeOfDay *widget.Entry
	practitioner    *widget.Select

	numbingProduct, numbingApplied, numbingRemoved *widget.Entry
	device, cartridgeExpiry                        *widget.Entry
	cartridgeLot                                   *lotEntry

	areaRows      []*sessionAreaRow
	areasBox      *fyne.Container
	faceChart     *faceChart // the areas chosen, by depth; a tap adds one
	addArea       *widget.Button
	depthWarnings *widget.Label
	// depthReason is why a depth is outside the guide; shown with the
	// warnings.
	depthReason      *widget.Entry
	depthReasonLabel fyne.CanvasObject
	depthReasonBox   *fyne.Container

	product, productLot *widget.Entry
	endpoint, reaction  *widget.Entry
	comfort, duration   *widget.Entry
	notes               *widget.Entry

	saveButton, signButton *widget.Button

	// fieldErrors shows a validation message under each input.
	fieldErrors map[string]*widget.Label
	inputs      map[string]fyne.Focusable
	fields      []string // in the order they appear

	// scroll holds the form's fields; content is scroll above the status
	// line and the buttons.
	scroll  *container.Scroll
	content fyne.CanvasObject
}

// sessionAreaRow is one treated area in the form.
type sessionAreaRow struct {
	area          *widget.Select
	depth, passes *widget.Entry
	remove        *widget.Button
	content       fyne.CanvasObject
}

func newSessionForm(win fyne.Window, store SessionStore, order data.DateOrder, now func() time.Time, seriesID, patientID int64, onSaved func()) *sessionForm {
	f := &sessionForm{win: win, store: store, order: order, now: now, seriesID: seriesID,
		patientID: patientID, onSaved: onSaved, fieldErrors: map[string]*widget.Label{},
		inputs: map[string]fyne.Focusable{}, check: data.CheckResult{Status: data.CheckClear}}

	f.status = widget.NewLabel("Loading the previous session…")
	f.status.Wrapping = fyne.TextWrapWord
	f.checkBadge = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.checkBadge.Wrapping = fyne.TextWrapWord
	f.checkReasons = widget.NewLabel("")
	f.checkReasons.Wrapping = fyne.TextWrapWord
	f.consentLine = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.consentLine.Wrapping = fyne.TextWrapWord
	f.takeConsent = widget.NewButton("Take consent now…", f.onTakeConsent)
	f.takeConsent.Importance = widget.HighImportance
	f.consentRow = container.NewBorder(nil, nil, nil, container.NewVBox(f.takeConsent), f.consentLine)

	f.overrideReason = f.lines("Why you treat in spite of the contraindication")
	f.date = f.line(order.Hint())
	f.date.OnChanged = func(string) { f.runCheck() }
	f.timeOfDay = f.line("HH:MM")
	f.practitioner = widget.NewSelect(nil, nil)
	f.practitioner.PlaceHolder = "Choose the practitioner"
	f.numbingProduct = f.line("e.g. lidocaine 5% cream, or leave empty")
	f.numbingApplied = f.line("HH:MM")
	f.numbingRemoved = f.line("HH:MM")
	f.device = f.line("e.g. Dr. Pen A10")
	f.cartridgeLot = newLotEntry(order)
	f.cartridgeLot.SetPlaceHolder("Lot number, or scan the pack")
	// A scanner ends its code with Enter: the code is read, then the
	// focus moves on to the expiry, past the drop-down; nothing is saved.
	f.cartridgeLot.OnSubmitted = func(string) {
		f.readScan()
		f.win.Canvas().Focus(f.cartridgeExpiry)
	}
	f.cartridgeLot.onLeave = f.readScan
	f.cartridgeLot.onPick = f.pickLot
	f.cartridgeExpiry = f.line("Expiry " + order.Hint())
	f.product = f.line("Serum or product applied")
	f.productLot = f.line("Lot number")
	f.endpoint = f.line("e.g. even redness, pinpoint bleeding")
	f.reaction = f.lines("Immediate reaction")
	f.comfort = f.line("0 (none) to 10 (worst)")
	f.duration = f.line("Minutes")
	f.notes = f.lines("")

	f.areasBox = container.NewVBox()
	f.faceChart = newFaceChart(nil)
	f.faceChart.OnTapped = f.onFaceArea
	f.addArea = widget.NewButtonWithIcon("Add area", theme.ContentAddIcon(), func() {
		r := f.addAreaRow(data.SessionArea{Passes: 1})
		f.win.Canvas().Focus(r.area)
	})
	f.depthWarnings = widget.NewLabel("")
	f.depthWarnings.Importance = widget.WarningImportance
	f.depthWarnings.Wrapping = fyne.TextWrapWord
	f.depthWarnings.Hide()
	f.depthReason = f.lines("Why you go outside the manufacturer's guide")

	f.saveButton = widget.NewButtonWithIcon("Save session", theme.DocumentSaveIcon(), f.onSave)
	f.saveButton.Importance = widget.HighImportance
	f.saveButton.Disable()
	f.signButton = widget.NewButton("Sign…", f.onSign)
	f.signButton.Hide()

	section := func(title string) []fyne.CanvasObject {
		return []fyne.CanvasObject{
			widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			layout.NewSpacer(),
		}
	}
	// Text fields share one message line (data.FieldSessionText), under
	// the endpoint; each message names its field.
	plain := func(label string, input fyne.CanvasObject) []fyne.CanvasObject {
		return []fyne.CanvasObject{widget.NewLabel(label), input}
	}
	pair := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }

	override := f.row(data.FieldOverrideReason, "Override reason (required)", f.overrideReason)
	f.overrideLabel, f.overrideBox = override[0], override[1].(*fyne.Container)
	f.showOverride(false)

	// An empty cell as wide as a remove button keeps the headings over
	// their columns.
	gap := canvas.NewRectangle(color.Transparent)
	gap.SetMinSize(widget.NewButtonWithIcon("", theme.DeleteIcon(), nil).MinSize())
	areaHeader := container.NewBorder(nil, nil, nil, gap,
		container.NewGridWithColumns(3, widget.NewLabel("Area"), widget.NewLabel("Depth (mm)"), widget.NewLabel("Passes")))

	// One form layout for every row keeps the inputs in one column. Rows
	// are made in screen order: the first problem found gets the focus.
	rows := slices.Concat(
		override,
		f.row(data.FieldPerformedAt, "Date and time *", pair(f.date, f.timeOfDay), f.date),
		f.row(data.FieldPractitioner, "Practitioner *", f.practitioner),
		section("Numbing cream"),
		plain("Product", f.numbingProduct),
		f.row(data.FieldNumbingTimes, "Applied / removed at", pair(f.numbingApplied, f.numbingRemoved), f.numbingApplied),
		section("Device"),
		plain("Device", f.device),
		f.row(data.FieldCartridgeExpiry, "Cartridge lot / expiry", pair(f.cartridgeLot, f.cartridgeExpiry), f.cartridgeExpiry),
		section("Treated areas *"),
	)
	areasMsg := f.errorLabel(data.FieldSessionAreas, f.addArea)
	depth := f.row(data.FieldDepthReason, "Reason for the depth *", f.depthReason)
	f.depthReasonLabel, f.depthReasonBox = depth[0], depth[1].(*fyne.Container)
	f.depthReasonLabel.Hide()
	f.depthReasonBox.Hide()
	rows = slices.Concat(rows,
		[]fyne.CanvasObject{layout.NewSpacer(), container.NewBorder(nil, nil, nil, container.NewVBox(f.faceChart),
			container.NewVBox(areaHeader, f.areasBox, container.NewHBox(f.addArea), areasMsg, f.depthWarnings))},
		depth,
		section("Product"),
		plain("Serum or product / lot", pair(f.product, f.productLot)),
		section("Outcome"),
		f.row(data.FieldSessionText, "Endpoint reached", f.endpoint),
		plain("Immediate reaction", f.reaction),
		f.row(data.FieldComfort, "Patient comfort (0–10)", f.comfort),
		f.row(data.FieldDuration, "Duration (minutes)", f.duration),
		f.row(data.FieldNotes, "Notes", f.notes),
	)
	// The form scrolls under its buttons and status line, which stay in
	// sight: at 150% display scaling the form is taller than the window.
	f.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(
		f.checkBadge, f.checkReasons, f.consentRow,
		container.New(layout.NewFormLayout(), rows...))))
	f.content = container.NewBorder(nil,
		container.NewVBox(widget.NewSeparator(), f.status,
			container.NewHBox(layout.NewSpacer(), f.signButton, f.saveButton)),
		nil, nil, wheelAnywhere(f.scroll))
	f.setEditable(false)
	return f
}

func (f *sessionForm) line(placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	// Enter moves on, like Tab, so a practitioner types the form through
	// without reaching for the mouse; only Save stores it.
	e.OnSubmitted = func(string) { f.win.Canvas().FocusNext() }
	return e
}

func (f *sessionForm) lines(placeholder string) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.SetPlaceHolder(placeholder)
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(2)
	return e
}

// errorLabel makes the hidden message line of a field; focus is the input
// to focus when the field has a problem.
func (f *sessionForm) errorLabel(field string, focus fyne.Focusable) *widget.Label {
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	f.fieldErrors[field] = msg
	f.fields = append(f.fields, field)
	if focus != nil {
		f.inputs[field] = focus
	}
	return msg
}

// row returns the label and the input with its error line beneath, as the
// two cells of a form layout. focus names the input to focus on a problem
// when input is a group.
func (f *sessionForm) row(field, label string, input fyne.CanvasObject, focus ...fyne.Focusable) []fyne.CanvasObject {
	var in fyne.Focusable
	if len(focus) > 0 {
		in = focus[0]
	} else if fo, ok := input.(fyne.Focusable); ok {
		in = fo
	}
	msg := f.errorLabel(field, in)
	return []fyne.CanvasObject{widget.NewLabel(label), container.NewVBox(input, msg)}
}

// addAreaRow adds an editable treated area to the list.
func (f *sessionForm) addAreaRow(a data.SessionArea) *sessionAreaRow {
	r := &sessionAreaRow{}
	r.area = widget.NewSelect(labels(data.Areas, data.Area.Label), func(string) { f.updateDepthWarnings() })
	r.area.PlaceHolder = "Choose an area"
	if a.Area != "" {
		r.area.SetSelected(a.Area.Label())
	}
	r.depth = f.line("0.1–3.0")
	if a.Depth > 0 {
		r.depth.SetText(strings.TrimSuffix(a.Depth.String(), " mm"))
	}
	r.depth.OnChanged = func(string) { f.updateDepthWarnings() }
	r.passes = f.line("1–10")
	if a.Passes > 0 {
		r.passes.SetText(strconv.Itoa(a.Passes))
	}
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { f.removeAreaRow(r) })
	r.content = container.NewBorder(nil, nil, nil, r.remove, container.NewGridWithColumns(3, r.area, r.depth, r.passes))
	f.areaRows = append(f.areaRows, r)
	f.areasBox.Add(r.content)
	f.updateDepthWarnings()
	return r
}

func (f *sessionForm) removeAreaRow(r *sessionAreaRow) {
	f.areaRows = slices.DeleteFunc(f.areaRows, func(x *sessionAreaRow) bool { return x == r })
	f.areasBox.Remove(r.content)
	f.updateDepthWarnings()
}

// load reads what the form is opened with, off the UI goroutine, and
// fills the inputs.
func (f *sessionForm) load() {
	type opened struct {
		prefill   data.Session
		staff     []data.StaffMember
		screening *data.Screening
		rules     data.ClinicRules
		consents  []data.Consent
		recent    []data.RecentLot
	}
	background(&f.worker, func() (opened, error) {
		ctx := context.Background()
		var o opened
		var err error
		if f.draft != nil {
			o.prefill = *f.draft
		} else if o.prefill, err = f.store.PrefillSession(ctx, f.seriesID); err != nil {
			return o, err
		}
		if o.staff, err = f.store.Staff(ctx, false); err != nil {
			return o, err
		}
		if o.screening, err = f.store.LatestScreening(ctx, f.patientID); err != nil {
			return o, err
		}
		if o.consents, err = f.store.PatientConsents(ctx, f.patientID); err != nil {
			return o, err
		}
		day := f.now()
		if f.draft != nil {
			day = f.draft.PerformedAt
		}
		if o.recent, err = f.store.RecentCartridgeLots(ctx, day); err != nil {
			return o, err
		}
		o.rules, err = f.store.ClinicRules(ctx)
		return o, err
	}, func(o opened, err error) {
		if err != nil {
			f.status.SetText("The session form could not be opened: " + data.ErrorMessage(err))
			showError(err, f.win)
			return
		}
		f.screening, f.rules, f.consents = o.screening, o.rules, o.consents
		f.cartridgeLot.setRecent(o.recent)
		// Active practitioners are offered; a draft's own practitioner is
		// shown even after leaving the clinic.
		for _, m := range o.staff {
			own := f.draft != nil && m.ID == f.draft.PractitionerID
			if m.Role == data.RolePractitioner && (m.Active || own) {
				f.practitioners = append(f.practitioners, m)
			}
		}
		f.fill(o.prefill)
		if f.draft != nil {
			f.reopen(*f.draft)
		}
	})
}

// fill shows a session: a pre-filled one, with today and now for its time
// and what the previous session of the series used, or a draft as saved.
func (f *sessionForm) fill(x data.Session) {
	f.prefill = x
	now := f.now()
	if !x.PerformedAt.IsZero() {
		now = x.PerformedAt.In(now.Location())
	}
	f.practitioner.Options = labels(f.practitioners, func(m data.StaffMember) string { return m.Name })
	if i := slices.IndexFunc(f.practitioners, func(m data.StaffMember) bool { return m.ID == x.PractitionerID }); i >= 0 {
		f.practitioner.SetSelectedIndex(i)
	} else {
		f.practitioner.ClearSelected()
	}
	f.date.SetText(f.order.Format(now))
	f.timeOfDay.SetText(now.Format("15:04"))
	f.numbingProduct.SetText(x.NumbingProduct)
	f.numbingApplied.SetText(sessionClock(x.NumbingApplied))
	f.numbingRemoved.SetText(sessionClock(x.NumbingRemoved))
	f.device.SetText(x.Device)
	f.cartridgeLot.SetText(x.CartridgeLot)
	f.cartridgeExpiry.SetText(f.order.Format(x.CartridgeExpiry))
	f.product.SetText(x.Product)
	f.productLot.SetText(x.ProductLot)
	f.overrideReason.SetText(x.OverrideReason)
	f.depthReason.SetText(x.DepthReason)
	f.endpoint.SetText(x.Endpoint)
	f.reaction.SetText(x.Reaction)
	f.comfort.SetText(positive(x.Comfort))
	f.duration.SetText(positive(x.DurationMinutes))
	f.notes.SetText(x.Notes)
	f.areasBox.RemoveAll()
	f.areaRows = nil
	for _, a := range x.Areas {
		f.addAreaRow(a)
	}
	if len(x.Areas) == 0 {
		f.addAreaRow(data.SessionArea{Passes: 1})
	}
	f.status.SetText("Pre-filled from the previous session of the series: change only what differs today. Scan or pick the new cartridge's lot.")
	f.showErrors(nil)
	f.runCheck()
	f.setEditable(true)
	f.saveButton.Enable()
	f.snapshot = f.values()
	// Pre-filled, what changes is the new cartridge: the cursor waits in
	// its lot for the scanner. Otherwise the form is filled from the top.
	if x.Device != "" || len(x.Areas) > 0 {
		f.win.Canvas().Focus(f.cartridgeLot)
	} else {
		f.win.Canvas().Focus(f.date)
	}
}

// reopen makes the form the draft x's: saving changes it, and it can be
// signed. Anyone but its practitioner sees it without changing it.
func (f *sessionForm) reopen(x data.Session) {
	f.saved = &x
	f.saveButton.SetText("Save changes")
	if me, _ := f.store.Actor(); me.StaffID != x.PractitionerID {
		f.setEditable(false)
		f.saveButton.Hide()
		f.status.SetText("This draft session is " + f.practitionerName(x.PractitionerID) + "'s: only they can change or sign it.")
		f.status.Importance = widget.WarningImportance
		f.status.Refresh()
		return
	}
	f.signButton.Show()
	f.status.SetText("Draft of " + x.PerformedAt.In(f.now().Location()).Format("2 Jan 2006") + ", not signed yet: change what is needed, save, then sign it.")
}

// positive writes a number that is recorded only when above zero.
func positive(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// values lists what the inputs hold, to tell whether the user changed any.
func (f *sessionForm) values() []string {
	v := []string{f.overrideReason.Text, f.depthReason.Text, f.date.Text, f.timeOfDay.Text, f.practitioner.Selected,
		f.numbingProduct.Text, f.numbingApplied.Text, f.numbingRemoved.Text, f.device.Text,
		f.cartridgeLot.Text, f.cartridgeExpiry.Text, f.product.Text, f.productLot.Text,
		f.endpoint.Text, f.reaction.Text, f.comfort.Text, f.duration.Text, f.notes.Text}
	for _, r := range f.areaRows {
		v = append(v, r.area.Selected, r.depth.Text, r.passes.Text)
	}
	return v
}

// dirty reports whether there is typed work not yet saved.
func (f *sessionForm) dirty() bool {
	signed := f.saved != nil && f.saved.Signed()
	return !signed && f.snapshot != nil && !slices.Equal(f.values(), f.snapshot)
}

// sessionClock writes a time of day as HH:MM; a zero time is empty.
func sessionClock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("15:04")
}

// runCheck runs the contraindication check for the date typed and shows
// its outcome at the top, with every reason.
func (f *sessionForm) runCheck() {
	day, err := data.ParseDate(f.date.Text, f.order)
	if err != nil || day.IsZero() {
		f.checkBadge.SetText("Contraindication check: type the session date to run it.")
		f.checkBadge.Importance = widget.MediumImportance
		f.checkBadge.Refresh()
		f.checkReasons.Hide()
		f.consentRow.Hide()
		return
	}
	f.showConsent(day)
	f.check = data.Check(f.screening, day, f.rules)
	f.checkBadge.SetText("Contraindication check for " + day.Format("2 Jan 2006") + ": " + f.check.Status.Label())
	f.checkBadge.Importance = map[data.CheckStatus]widget.Importance{
		data.CheckClear: widget.SuccessImportance, data.CheckCaution: widget.WarningImportance,
		data.CheckContraindicated: widget.DangerImportance,
	}[f.check.Status]
	f.checkBadge.Refresh()
	var reasons []string
	for _, r := range f.check.Reasons {
		reasons = append(reasons, "• "+r.Status.Label()+": "+r.Message)
	}
	f.checkReasons.SetText(strings.Join(reasons, "\n"))
	f.checkReasons.Hidden = len(reasons) == 0
	f.checkReasons.Refresh()
	f.showOverride(f.check.Status == data.CheckContraindicated)
}

// showOverride shows or hides the override reason with its label.
func (f *sessionForm) showOverride(on bool) {
	for _, o := range []fyne.CanvasObject{f.overrideLabel, f.overrideBox} {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// updateDepthWarnings shows, as the practitioner types, each depth outside
// the guide for its area, and asks for the reason.
func (f *sessionForm) updateDepthWarnings() {
	x := data.Session{}
	chosen := map[data.Area]data.Depth{}
	for _, r := range f.areaRows {
		i := r.area.SelectedIndex()
		if i < 0 {
			continue
		}
		d, err := data.ParseDepth(r.depth.Text)
		chosen[data.Areas[i]] = max(chosen[data.Areas[i]], d)
		if err != nil {
			continue
		}
		x.Areas = append(x.Areas, data.SessionArea{Area: data.Areas[i], Depth: d})
	}
	f.faceChart.SetDepths(chosen)
	w := x.DepthWarnings()
	for i := range w {
		w[i] = "⚠ " + w[i]
	}
	f.depthWarnings.SetText(strings.Join(w, "\n"))
	f.depthWarnings.Hidden = len(w) == 0
	f.depthWarnings.Refresh()
	for _, o := range []fyne.CanvasObject{f.depthReasonLabel, f.depthReasonBox} {
		if len(w) > 0 {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// onFaceArea takes a tap on the face chart: the area's row gets the
// cursor in its depth, added first when the area is not listed yet (in an
// empty row, if there is one).
func (f *sessionForm) onFaceArea(a data.Area) {
	var empty *sessionAreaRow
	for _, r := range f.areaRows {
		i := r.area.SelectedIndex()
		if i >= 0 && data.Areas[i] == a {
			f.win.Canvas().Focus(r.depth)
			return
		}
		if i < 0 && empty == nil {
			empty = r
		}
	}
	if empty == nil {
		empty = f.addAreaRow(data.SessionArea{Passes: 1})
	}
	empty.area.SetSelected(a.Label())
	f.win.Canvas().Focus(empty.depth)
}
