package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// This file reads the session form back into a session, shows what is
// wrong with it, and saves and signs it.

// session reads the inputs into a session, or lists what cannot be read.
func (f *sessionForm) session() (data.Session, []data.FieldError) {
	x := f.prefill
	if f.saved != nil {
		x = *f.saved
	}
	var problems []data.FieldError
	bad := func(field, msg string) { problems = append(problems, data.FieldError{Field: field, Message: msg}) }
	loc := f.now().Location()

	day, err := data.ParseDate(f.date.Text, f.order)
	switch {
	case err != nil:
		bad(data.FieldPerformedAt, "Date: "+err.Error()+".")
	case day.IsZero():
		bad(data.FieldPerformedAt, "Enter the date of the session ("+f.order.Hint()+").")
	}
	at, err := parseSessionClock(f.timeOfDay.Text)
	switch {
	case err != nil:
		bad(data.FieldPerformedAt, "Time: "+err.Error()+".")
	case at < 0:
		bad(data.FieldPerformedAt, "Enter the time the session started (HH:MM).")
	}
	x.PerformedAt = time.Time{}
	if !day.IsZero() && at >= 0 {
		x.PerformedAt = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc).Add(at)
	}
	onDay := func(d time.Duration) time.Time {
		if d < 0 || day.IsZero() {
			return time.Time{}
		}
		return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc).Add(d)
	}

	x.PractitionerID = 0
	if i := f.practitioner.SelectedIndex(); i >= 0 && i < len(f.practitioners) {
		x.PractitionerID = f.practitioners[i].ID
	}
	x.OverrideReason = ""
	if f.check.Status == data.CheckContraindicated {
		x.OverrideReason = strings.TrimSpace(f.overrideReason.Text)
	}

	x.NumbingProduct = strings.TrimSpace(f.numbingProduct.Text)
	applied, err1 := parseSessionClock(f.numbingApplied.Text)
	removed, err2 := parseSessionClock(f.numbingRemoved.Text)
	if err := errors.Join(err1, err2); err != nil {
		bad(data.FieldNumbingTimes, "Numbing cream: "+strings.ReplaceAll(err.Error(), "\n", "; ")+".")
	}
	x.NumbingApplied, x.NumbingRemoved = onDay(applied), onDay(removed)

	x.Device = strings.TrimSpace(f.device.Text)
	x.CartridgeLot = strings.TrimSpace(f.cartridgeLot.Text)
	if x.CartridgeExpiry, err = data.ParseDate(f.cartridgeExpiry.Text, f.order); err != nil {
		bad(data.FieldCartridgeExpiry, "Cartridge expiry: "+err.Error()+".")
	}
	x.Product = strings.TrimSpace(f.product.Text)
	x.ProductLot = strings.TrimSpace(f.productLot.Text)

	x.Areas = nil
	for n, r := range f.areaRows {
		a := data.SessionArea{}
		name := "Area " + strconv.Itoa(n+1)
		if i := r.area.SelectedIndex(); i >= 0 {
			a.Area = data.Areas[i]
			name = a.Area.Label()
		} else {
			bad(data.FieldSessionAreas, name+": choose the area, or remove the row.")
		}
		if a.Depth, err = data.ParseDepth(r.depth.Text); err != nil {
			bad(data.FieldSessionAreas, name+": "+err.Error()+".")
		}
		if a.Passes, err = strconv.Atoi(strings.TrimSpace(r.passes.Text)); err != nil {
			bad(data.FieldSessionAreas, name+": type the number of passes, 1 to 10.")
		}
		x.Areas = append(x.Areas, a)
	}
	x.DepthReason = ""
	if len(x.DepthWarnings()) > 0 {
		x.DepthReason = strings.TrimSpace(f.depthReason.Text)
	}

	x.Endpoint = strings.TrimSpace(f.endpoint.Text)
	x.Reaction = strings.TrimSpace(f.reaction.Text)
	x.Notes = strings.TrimSpace(f.notes.Text)
	if x.Comfort, err = sessionNumber(f.comfort.Text); err != nil {
		bad(data.FieldComfort, "Comfort: type a whole number from 0 (none) to 10 (worst imaginable).")
	}
	if x.DurationMinutes, err = sessionNumber(f.duration.Text); err != nil {
		bad(data.FieldDuration, "Duration: type whole minutes, such as 45, or leave it empty.")
	}
	return x, problems
}

// parseSessionClock reads a time of day typed as HH:MM (or H.MM) as the time
// since midnight; empty input gives -1 and no error.
func parseSessionClock(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return -1, nil
	}
	h, m, ok := strings.Cut(strings.Replace(s, ".", ":", 1), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return -1, fmt.Errorf("%q is not a time; type it as HH:MM, e.g. 14:30", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

// sessionNumber reads a whole number; empty input is 0.
func sessionNumber(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

// onSave stores the session as a draft, then offers to sign it. A depth
// outside the guide is saved only with a reason, once confirmed.
func (f *sessionForm) onSave() {
	f.readScan()
	x, problems := f.session()
	if f.check.Status == data.CheckContraindicated && x.OverrideReason == "" {
		problems = append(problems, data.FieldError{Field: data.FieldOverrideReason,
			Message: "Treatment is contraindicated on this date: write why you treat in spite of it, or do not log the session."})
	}
	warnings := x.DepthWarnings()
	if len(warnings) > 0 && x.DepthReason == "" {
		problems = append(problems, data.FieldError{Field: data.FieldDepthReason,
			Message: "A depth is outside the manufacturer's guide: write why, or change the depth."})
	}
	if len(problems) > 0 {
		f.refuse(problems)
		return
	}
	if f.saved == nil && !f.consent.OK() {
		f.refuseForConsent(f.consent.Message())
		return
	}
	if !f.settled(x.PerformedAt) {
		return
	}
	x.Diary = f.diary.choice
	if len(warnings) == 0 {
		f.write(x)
		return
	}
	msg := widget.NewLabel("⚠ " + strings.Join(warnings, "\n⚠ ") + "\n\nYour reason: " + x.DepthReason +
		"\n\nThe reason is kept with the session and shown wherever the session is shown.")
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Depth outside the manufacturer's guide", "Save with this depth", "Go back", msg, func(ok bool) {
		if ok {
			f.write(x)
		}
	}, f.win)
	d.SetConfirmImportance(widget.WarningImportance)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// write stores x, a new session or the changed draft, then offers to sign
// it.
func (f *sessionForm) write(x data.Session) {
	update := f.saved != nil
	f.saveButton.Disable()
	background(&f.worker, func() (data.Session, error) {
		if update {
			return x, f.store.UpdateSession(context.Background(), &x)
		}
		return x, f.store.LogSession(context.Background(), &x)
	}, func(x data.Session, err error) {
		f.saveButton.Enable()
		if err != nil {
			var e *data.Error
			if errors.As(err, &e) && len(e.Fields) > 0 {
				f.refuse(e.Fields)
				return
			}
			if data.ErrorCode(err) == data.ENOCONSENT {
				f.refuseForConsent(data.ErrorMessage(err))
				return
			}
			showError(err, f.win)
			return
		}
		f.saved = &x
		f.snapshot = f.values()
		f.showErrors(nil)
		f.status.SetText(strings.TrimSpace("Saved as a draft. Sign it to lock it. " + x.Diary.Done))
		f.saveButton.SetText("Save changes")
		f.signButton.Show()
		if f.onSaved != nil {
			f.onSaved()
		}
		f.confirmSign()
	})
}

// refuse shows the problems under their inputs and focuses the first; what
// was typed stays.
func (f *sessionForm) refuse(problems []data.FieldError) {
	for _, p := range problems {
		if p.Field == data.FieldOverrideReason {
			f.showOverride(true)
		}
	}
	if in := f.showErrors(problems); in != nil {
		f.win.Canvas().Focus(in)
	}
	f.status.SetText("Not saved: please correct the fields marked below.")
}

// practitionerName returns the name of a staff member the form knows.
func (f *sessionForm) practitionerName(id int64) string {
	for _, m := range f.practitioners {
		if m.ID == id {
			return m.Name
		}
	}
	return "the practitioner"
}

// onSign signs the session as the form shows it: changes typed since the
// last save are saved first, which then offers to sign.
func (f *sessionForm) onSign() {
	if f.dirty() {
		f.onSave()
		return
	}
	f.confirmSign()
}

// confirmSign shows the saved draft in full and asks whether to sign it
// now in the name of its practitioner, or leave it as a draft.
func (f *sessionForm) confirmSign() {
	if f.saved == nil {
		return
	}
	x := *f.saved
	me, _ := f.store.Actor()
	showSignDialog(f.win, x, f.practitionerName, me.StaffID, func() { f.sign(x) })
}

func (f *sessionForm) sign(x data.Session) {
	background(&f.worker, func() (struct{}, error) {
		return struct{}{}, f.store.SignSession(context.Background(), x.ID, x.Version, x.PractitionerID)
	}, func(_ struct{}, err error) {
		if err != nil {
			showError(err, f.win)
			return
		}
		f.saved.SignedAt, f.saved.SignedBy, f.saved.Version = f.now(), x.PractitionerID, x.Version+1
		f.status.SetText("Signed by " + f.practitionerName(x.PractitionerID) + " and locked.")
		f.status.Importance = widget.SuccessImportance
		f.status.Refresh()
		f.setEditable(false)
		f.saveButton.Hide()
		f.signButton.Hide()
		if f.onSaved != nil {
			f.onSaved()
		}
	})
}

// showErrors puts each message under its input and clears the others. It
// returns the topmost input with a problem, for focus.
func (f *sessionForm) showErrors(problems []data.FieldError) fyne.Focusable {
	for _, l := range f.fieldErrors {
		l.SetText("")
		l.Hide()
	}
	for _, p := range problems {
		l, ok := f.fieldErrors[p.Field]
		if !ok {
			l = f.fieldErrors[data.FieldSessionText]
		}
		if l.Text != "" {
			l.SetText(l.Text + "\n" + p.Message)
		} else {
			l.SetText(p.Message)
		}
		l.Show()
	}
	for _, field := range f.fields {
		if !f.fieldErrors[field].Hidden {
			return f.inputs[field]
		}
	}
	return nil
}

func (f *sessionForm) setEditable(on bool) {
	list := []fyne.Disableable{f.overrideReason, f.depthReason, f.date, f.timeOfDay, f.practitioner,
		f.numbingProduct, f.numbingApplied, f.numbingRemoved, f.device, f.cartridgeLot,
		f.cartridgeExpiry, f.addArea, f.product, f.productLot, f.endpoint, f.reaction, f.comfort,
		f.duration, f.notes}
	for _, r := range f.areaRows {
		list = append(list, r.area, r.depth, r.passes, r.remove)
	}
	for _, w := range list {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

// showSessionWindow opens the session log for a series in its own window
// and returns it.
func showSessionWindow(a fyne.App, store SessionStore, order data.DateOrder, now func() time.Time, patientName string, seriesID, patientID int64, onSaved func()) *sessionForm {
	w := newAppWindow(a, "Log session — "+patientName)
	f := newSessionForm(w, store, order, now, seriesID, patientID, onSaved)
	f.patientName = patientName
	openSessionWindow(w, f)
	return f
}

// sessionID is the number of the session the form edits, 0 until a new
// one is saved.
func (f *sessionForm) sessionID() int64 {
	switch {
	case f.saved != nil:
		return f.saved.ID
	case f.draft != nil:
		return f.draft.ID
	}
	return 0
}

// showDraftWindow opens a draft session in its own window, to finish and
// sign it.
func showDraftWindow(a fyne.App, store SessionStore, order data.DateOrder, now func() time.Time, patientName string, x data.Session, onSaved func()) {
	w := newAppWindow(a, "Draft session — "+patientName)
	f := newSessionForm(w, store, order, now, x.SeriesID, x.PatientID, onSaved)
	f.patientName = patientName
	f.draft = &x
	openSessionWindow(w, f)
}

// openSessionWindow shows the session form f in its window w, which asks
// before closing on unsaved typing.
func openSessionWindow(w fyne.Window, f *sessionForm) {
	content, closed := watchRecord("session", f.sessionID, f.content)
	w.SetContent(content)
	w.SetOnClosed(closed)
	saveMenu(w, "Session", f.saveButton)
	askBeforeClosing(w, f.dirty, "What you typed in this session log will be lost.")
	showFitted(w, fyne.NewSize(900, 700))
	f.load()
}
