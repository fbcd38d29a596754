package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// clinicalRecord is everything the clinical view shows for one patient.
type clinicalRecord struct {
	check         data.CheckResult
	consent       data.ConsentStatus // to microneedling, today
	consents      []data.Consent     // all signed, newest first
	rules         data.ClinicRules
	screening     *data.Screening
	screenings    []data.Screening // all on file, newest first
	consultations []data.Consultation
	series        []seriesRecord
	appointments  []data.Appointment // the patient's, for the series' bookings
	staff         map[int64]string
}

type seriesRecord struct {
	series   data.TreatmentSeries
	sessions []data.Session
}

// clinicalView shows a practitioner, at a glance, whether the patient may
// be treated today and why, what was agreed at consultation, and where
// each treatment series stands. It only reads; the forms that write these
// records are separate.
type clinicalView struct {
	store  PatientStore
	order  data.DateOrder
	now    func() time.Time
	worker *worker

	patientID int64
	// latest is the patient's latest screening as last shown, nil for none.
	latest *data.Screening
	// onCheck is told today's check and consent each time the record is
	// shown.
	onCheck func(data.CheckResult, data.ConsentStatus)
	// scroll holds the record, shown from its top for another patient.
	scroll *container.Scroll
	// actions makes the buttons that write the record; nil shows none.
	actions *clinicalActions
	// checkBadge shows today's contraindication check.
	checkBadge *widget.Label
	body       *fyne.Container
	content    fyne.CanvasObject
}

func newClinicalView(store PatientStore, order data.DateOrder, now func() time.Time, w *worker) *clinicalView {
	v := &clinicalView{store: store, order: order, now: now, worker: w}
	v.checkBadge = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.checkBadge.Wrapping = fyne.TextWrapWord
	v.body = container.NewVBox()
	v.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(v.checkBadge, v.body)))
	v.content = v.scroll
	v.clear("Open a patient to see their clinical record.")
	return v
}

// clear empties the view and shows why.
func (v *clinicalView) clear(why string) {
	v.patientID = 0
	v.checkBadge.Importance = widget.MediumImportance
	v.checkBadge.SetText(why)
	v.body.RemoveAll()
}

// show loads and shows the clinical record of a patient.
func (v *clinicalView) show(patientID int64) {
	v.patientID = patientID
	background(v.worker, func() (clinicalRecord, error) {
		return v.load(context.Background(), patientID)
	}, func(r clinicalRecord, err error) {
		if v.patientID != patientID {
			return
		}
		if err != nil {
			v.clear("The clinical record could not be read: " + data.ErrorMessage(err))
			fyne.LogError("loading clinical record", err)
			return
		}
		v.render(r)
	})
}

// load reads everything the view shows; it runs off the UI goroutine.
func (v *clinicalView) load(ctx context.Context, patientID int64) (clinicalRecord, error) {
	var r clinicalRecord
	var err error
	if r.screening, err = v.store.LatestScreening(ctx, patientID); err != nil {
		return r, err
	}
	if r.screenings, err = v.store.Screenings(ctx, patientID); err != nil {
		return r, err
	}
	if r.rules, err = v.store.ClinicRules(ctx); err != nil {
		return r, err
	}
	r.check = data.Check(r.screening, v.now(), r.rules)
	if r.consents, err = v.store.PatientConsents(ctx, patientID); err != nil {
		return r, err
	}
	r.consent = data.ConsentStatusOn(r.consents, data.ConsentMicroneedling, v.now(), r.rules.ConsentValidMonths)
	if r.consultations, err = v.store.Consultations(ctx, patientID); err != nil {
		return r, err
	}
	series, err := v.store.PatientSeries(ctx, patientID)
	if err != nil {
		return r, err
	}
	for _, ts := range series {
		sessions, err := v.store.SeriesSessions(ctx, ts.ID)
		if err != nil {
			return r, err
		}
		r.series = append(r.series, seriesRecord{ts, sessions})
	}
	if r.appointments, err = v.store.PatientAppointments(ctx, patientID); err != nil {
		return r, err
	}
	staff, err := v.store.Staff(ctx, false)
	if err != nil {
		return r, err
	}
	r.staff = map[int64]string{}
	for _, m := range staff {
		r.staff[m.ID] = m.Name
	}
	return r, nil
}

// add puts o in the record, unless it is nil: a row of actions the
// signed-in user may not take.
func (v *clinicalView) add(o fyne.CanvasObject) {
	if o != nil {
		v.body.Add(o)
	}
}

func (v *clinicalView) render(r clinicalRecord) {
	v.latest = r.screening
	v.checkBadge.SetText("Today: " + r.check.Headline())
	v.checkBadge.Importance = checkImportance(r.check)
	v.checkBadge.Refresh()
	if v.onCheck != nil {
		v.onCheck(r.check, r.consent)
	}
	v.body.RemoveAll()
	if v.actions != nil {
		v.add(v.actions.toolbar())
	}

	var check []string
	for _, reason := range r.check.Reasons {
		check = append(check, "• "+reason.Message)
	}
	if r.screening != nil {
		check = append(check, "Screening of "+v.day(r.screening.ScreenedOn)+recordedBy(r.screening.RecordedBy))
	}
	if len(r.screenings) > 1 {
		var earlier []string
		for _, sc := range r.screenings[1:] {
			earlier = append(earlier, v.day(sc.ScreenedOn)+recordedBy(sc.RecordedBy))
		}
		check = append(check, "Earlier screenings, kept on file: "+strings.Join(earlier, "; "))
	}
	v.body.Add(section("Contraindication check for today", check))

	if len(r.series) == 0 {
		v.body.Add(section("Treatment series", []string{"No treatment series yet."}))
	}
	for _, s := range r.series {
		p := s.series.Progress(data.SessionDates(s.sessions), r.screening, r.rules, v.now(), data.DefaultOverdueDays)
		booked := bookedFor(s.series.ID, r.appointments, v.now())
		v.body.Add(section(v.seriesTitle(s), v.seriesLines(s, p, booked)))
		// The next step comes before the pictures, where it is seen
		// without scrolling on a small screen.
		if v.actions != nil {
			if b := v.actions.seriesButtons(s, r.staff, len(booked) > 0); b != nil {
				v.body.Add(b)
			}
		}
		marks := timeline(seriesMarks(s, v.planned(s, p, r), booked, s.series.Status == data.SeriesActive))
		if len(s.sessions) > 0 {
			marks = container.NewBorder(nil, nil, newFaceChart(sessionDepths(s.sessions[len(s.sessions)-1])).sized(recordFaceChartSize), nil, marks)
		}
		v.body.Add(marks)
		// Newest first: the last session is the one looked for.
		for i := len(s.sessions) - 1; i >= 0; i-- {
			x := s.sessions[i]
			label := widget.NewLabel(v.sessionText(i+1, x, r.staff))
			label.Wrapping = fyne.TextWrapWord
			v.body.Add(label)
			if v.actions != nil {
				v.add(v.actions.sessionButtons(i+1, x, r.staff))
			}
		}
	}
	// After the series, whose next step is what a practitioner comes for;
	// the banner above says already whether consent holds.
	v.consentSection(r)
	if len(r.consultations) == 0 {
		v.body.Add(section("Consultations", []string{"No consultations yet."}))
	}
	for _, c := range r.consultations {
		started := startedFrom(r.series, c.ID)
		v.body.Add(section("Consultation of "+v.day(c.ConsultedOn), v.consultationLines(c, started, r.staff)))
		if v.actions != nil {
			v.add(v.actions.consultationButtons(c, started))
		}
	}
}

// startedFrom returns the series started from a consultation's plan,
// newest first.
func startedFrom(series []seriesRecord, consultationID int64) []data.TreatmentSeries {
	var list []data.TreatmentSeries
	for _, s := range series {
		if s.series.ConsultationID == consultationID {
			list = append(list, s.series)
		}
	}
	return list
}

func recordedBy(name string) string {
	if name == "" {
		return ""
	}
	return ", recorded by " + name
}

// section is a titled block of wrapped lines.
func section(title string, lines []string) fyne.CanvasObject {
	box := container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, l := range lines {
		label := widget.NewLabel(l)
		label.Wrapping = fyne.TextWrapWord
		box.Add(label)
	}
	return box
}

func (v *clinicalView) day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("Mon 2 Jan 2006")
}

func (v *clinicalView) seriesTitle(s seriesRecord) string {
	title := "Treatment series started " + v.day(s.series.StartedOn)
	switch s.series.Status {
	case data.SeriesCompleted:
		title += " · completed"
	case data.SeriesDiscontinued:
		title += " · discontinued"
	}
	return title
}

// planned is where the series' timeline stands: as p, counted from the
// signed sessions, unless a draft is waiting to be signed; that session
// took place, so the one after it is due an interval after it.
func (v *clinicalView) planned(s seriesRecord, p data.SeriesProgress, r clinicalRecord) data.SeriesProgress {
	if len(data.Drafts(s.sessions)) == 0 {
		return p
	}
	var all []time.Time
	for _, x := range s.sessions {
		all = append(all, x.PerformedAt)
	}
	return s.series.Progress(all, r.screening, r.rules, v.now(), data.DefaultOverdueDays)
}

// seriesLines describes a series: where it stands, with its next booking
// when there is one (booked, the series' bookings to come, soonest first).
func (v *clinicalView) seriesLines(s seriesRecord, p data.SeriesProgress, booked []data.Appointment) []string {
	lines := []string{p.Summary()}
	if len(booked) > 0 {
		lines[0] = p.SummaryBooked(booked[0].Start.In(v.now().Location()))
	}
	switch drafts := data.Drafts(s.sessions); len(drafts) {
	case 0:
	case 1:
		lines = append(lines, "The draft session of "+v.day(drafts[0].PerformedAt.Local())+" is not counted until it is signed.")
	default:
		var days []string
		for _, x := range drafts {
			days = append(days, v.day(x.PerformedAt.Local()))
		}
		lines = append(lines, "The draft sessions of "+strings.Join(days, ", ")+" are not counted until they are signed.")
	}
	lines = append(lines, fmt.Sprintf("%s · every %d weeks", labelList(s.series.Areas), s.series.IntervalWeeks))
	if s.series.RepeatReason != "" {
		lines = append(lines, "Another series from the same plan: "+s.series.RepeatReason)
	}
	if s.series.Status == data.SeriesDiscontinued && s.series.StatusReason != "" {
		lines = append(lines, "Discontinued: "+s.series.StatusReason)
	}
	return lines
}

// sessionText describes the n-th session of a series in a few lines, with
// its addenda.
func (v *clinicalView) sessionText(n int, x data.Session, staff map[int64]string) string {
	var areas []string
	for _, a := range x.Areas {
		areas = append(areas, fmt.Sprintf("%s %s ×%d", a.Area.Label(), a.Depth, a.Passes))
	}
	state := "draft, not signed"
	if x.Signed() {
		state = "signed by " + staff[x.SignedBy]
	}
	text := fmt.Sprintf("Session %d · %s · %s · %s\n%s", n, x.PerformedAt.Local().Format("Mon 2 Jan 2006 15:04"),
		staff[x.PractitionerID], state, strings.Join(areas, ", "))
	if x.CartridgeLot != "" || x.ProductLot != "" {
		text += fmt.Sprintf("\n%s cartridge lot %s · %s lot %s", x.Device, x.CartridgeLot, x.Product, x.ProductLot)
	}
	text += "\nCheck: " + x.Check.Status.Label()
	if x.OverrideReason != "" {
		text += " — overridden by " + staff[x.OverrideBy] + ": " + x.OverrideReason
	}
	for _, l := range depthLines(x) {
		text += "\n" + l
	}
	for _, a := range x.Addenda {
		text += "\n" + v.addendumText(a)
	}
	return text
}

func (v *clinicalView) addendumText(a data.Addendum) string {
	return fmt.Sprintf("Addendum by %s on %s (%s): %s", a.AuthorName, v.day(a.WrittenAt.Local()), a.Reason, a.Text)
}

func (v *clinicalView) consultationLines(c data.Consultation, started []data.TreatmentSeries, staff map[int64]string) []string {
	state := "Draft, not signed"
	if c.Signed() {
		state = "Signed by " + staff[c.SignedBy] + " on " + v.day(c.SignedAt.Local())
	}
	lines := []string{"With " + staff[c.PractitionerID] + " · " + state}
	if len(c.Concerns) > 0 {
		lines = append(lines, "Concerns: "+labelList(c.Concerns))
	}
	if c.Goals != "" {
		lines = append(lines, "Goals: "+c.Goals)
	}
	if c.SkinCondition != "" {
		lines = append(lines, "Assessment: "+c.SkinCondition)
	}
	if c.PlannedSessions > 0 {
		plan := fmt.Sprintf("Plan: %d sessions, every %d weeks", c.PlannedSessions, c.IntervalWeeks)
		if len(c.Areas) > 0 {
			plan += ", " + labelList(c.Areas)
		}
		if c.DepthMax > 0 {
			plan += fmt.Sprintf(", %s to %s", c.DepthMin, c.DepthMax)
		}
		lines = append(lines, plan)
	}
	for _, ts := range started {
		lines = append(lines, "Series started from this plan on "+v.day(ts.StartedOn)+" ("+string(ts.Status)+")")
	}
	if c.Notes != "" {
		lines = append(lines, "Notes: "+c.Notes)
	}
	for _, a := range c.Addenda {
		lines = append(lines, v.addendumText(a))
	}
	return lines
}

// labelList joins the labels of areas or indications.
func labelList[T interface{ Label() string }](list []T) string {
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = x.Label()
	}
	return strings.Join(out, ", ")
}
