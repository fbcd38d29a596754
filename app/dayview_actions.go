package app

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/reports"
)

// This file holds what the desk does with the day view: book a new
// appointment; with an appointment of the day, check in (with today's
// contraindication check for a treatment), mark a no-show once it has
// started, undo a check-in or a no-show, move, cancel with a reason,
// complete (through the session log for a treatment); and print the day
// sheet.

// onNew opens the booking form, the patient still to be found, on the day
// shown (from the week, today if the week holds it, else its Monday).
// Once booked, the diary shows the appointment's day with it selected.
func (s *dayScreen) onNew() {
	day := s.day
	if s.weekShown() {
		day = s.week.monday
		if today := startOfDay(s.now()); !today.Before(day) && today.Before(day.AddDate(0, 0, 7)) {
			day = today
		}
	}
	background(&s.worker, func() (data.DiarySettings, error) {
		return s.store.DiarySettings(context.Background())
	}, func(diary data.DiarySettings, err error) {
		if err != nil {
			showError(err, s.win)
			return
		}
		s.book(data.Appointment{Start: newAppointmentStart(day, s.now(), diary)})
	})
}

// newAppointmentStart proposes when a new appointment on day starts: the
// clinic's opening time that day, or on a closed day its earliest opening
// time of the week; today, the next quarter hour once the clinic is open.
func newAppointmentStart(day, now time.Time, diary data.DiarySettings) time.Time {
	day = startOfDay(day)
	h := diary.Hours[day.Weekday()]
	opens := h.Opens
	if day.Equal(startOfDay(now)) {
		local := now.Local()
		minutes := local.Hour()*60 + local.Minute()
		if local.Second() > 0 || local.Nanosecond() > 0 {
			minutes++
		}
		if next := (minutes + 14) / 15 * 15; !h.Open || next > opens {
			return time.Date(day.Year(), day.Month(), day.Day(), 0, next, 0, 0, time.Local)
		}
	}
	if !h.Open {
		opens = 24 * 60
		for _, o := range diary.Hours {
			if o.Open {
				opens = min(opens, o.Opens)
			}
		}
		if opens == 24*60 {
			opens = 9 * 60 // a diary closed all week
		}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 0, opens, 0, 0, time.Local)
}

// move sets the selected appointment's status and reloads the day.
func (s *dayScreen) move(to data.AppointmentStatus, reason string) {
	a, ok := s.current()
	if !ok || !s.allowed(a, to) {
		return
	}
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.store.SetStatus(context.Background(), a.ID, a.Version, to, reason)
	}, func(_ struct{}, err error) {
		if err != nil {
			showError(err, s.win)
		}
		s.load()
	})
}

// onNoShow marks the selected appointment as did not attend once it has
// started. Before its start time it says so and offers to cancel instead:
// the patient may still come.
func (s *dayScreen) onNoShow() {
	a, ok := s.current()
	if !ok || !s.allowed(a, data.StatusNoShow) {
		return
	}
	if !s.now().Before(a.Start) {
		s.move(data.StatusNoShow, "")
		return
	}
	msg := widget.NewLabel(data.ErrorMessage(data.NotStartedYet(a)))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Not started yet", "Cancel appointment…", "Keep it booked", msg, func(cancel bool) {
		if cancel {
			s.onCancel()
		}
	}, s.win)
	d.SetConfirmImportance(widget.WarningImportance)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// onUndo puts a checked-in or no-show appointment back to booked: a
// check-in by mistake, or a patient marked as did not attend who then
// arrived. The store records the undo in the audit trail.
func (s *dayScreen) onUndo() {
	a, ok := s.current()
	if !ok || !data.CanUndo(a.Status) {
		return
	}
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.store.UndoStatus(context.Background(), a.ID, a.Version)
	}, func(_ struct{}, err error) {
		if err != nil {
			showError(err, s.win)
		}
		s.load()
	})
}

// onMove opens the booking form on the selected appointment.
func (s *dayScreen) onMove() {
	if a, ok := s.current(); ok && movable(a) {
		s.moveTo(a)
	}
}

// moveTo opens the booking form to move an appointment, filled in with a,
// which a drag may have put at another time or in another column. The
// form asks about clashes and warnings before it saves. Once moved, the
// diary shows the appointment's new day, or week when the week is shown,
// with it selected.
func (s *dayScreen) moveTo(a data.Appointment) {
	s.moveForm = openAppointmentForm(&s.worker, s.win, s.store, a, s.order, s.now, func(moved data.Appointment) {
		s.moveForm = nil
		if s.weekShown() {
			s.week.selected = moved.ID
			s.week.showWeek(moved.Start)
			return
		}
		s.selected = moved.ID
		s.showDay(moved.Start)
	})
}

// onCancel asks why the selected appointment is cancelled, then cancels
// it.
func (s *dayScreen) onCancel() {
	a, ok := s.current()
	if !ok || !s.allowed(a, data.StatusCancelled) {
		return
	}
	msg := widget.NewLabel("Cancel " + a.PatientName + "'s appointment at " + a.TimeRange() + " on " + dayHeading(s.day) + "? Say why; the reason is kept with the appointment.")
	msg.Wrapping = fyne.TextWrapWord
	reason := widget.NewMultiLineEntry()
	reason.Wrapping = fyne.TextWrapWord
	reason.SetMinRowsVisible(3)
	reason.SetPlaceHolder("For example: patient phoned, unwell")
	problem := newProblemLine()
	box := container.NewVBox(msg, widget.NewLabel("Reason"), reason, problem)
	d := dialog.NewCustomWithoutButtons("Cancel appointment", box, s.win)
	confirm := widget.NewButton("Cancel appointment", func() {
		text := strings.TrimSpace(reason.Text)
		if text == "" {
			problem.SetText("Say why the appointment is cancelled.")
			return
		}
		if len([]rune(text)) > data.MaxReasonLength {
			problem.SetText("The reason is at most " + strconv.Itoa(data.MaxReasonLength) + " characters.")
			return
		}
		d.Hide()
		s.reasonEntry, s.reasonProblem, s.reasonConfirm = nil, nil, nil
		s.move(data.StatusCancelled, text)
	})
	confirm.Importance = widget.DangerImportance
	d.SetButtons([]fyne.CanvasObject{widget.NewButton("Keep appointment", d.Hide), confirm})
	d.Resize(fyne.NewSize(480, 0))
	s.reasonEntry, s.reasonProblem, s.reasonConfirm = reason, problem, confirm
	d.Show()
	s.win.Canvas().Focus(reason)
}

// arrival is what the practitioner needs to know of a patient checked in
// for treatment: today's contraindication check and consent.
type arrival struct {
	check   data.CheckResult
	consent data.ConsentStatus
}

// onCheckIn checks the selected patient in. For a treatment it then runs
// the contraindication check for today, looks for their consent and shows
// both, so the practitioner knows before the patient sits down.
func (s *dayScreen) onCheckIn() {
	a, ok := s.current()
	if !ok || !s.allowed(a, data.StatusCheckedIn) {
		return
	}
	today := s.now()
	background(&s.worker, func() (*arrival, error) {
		ctx := context.Background()
		if err := s.store.SetStatus(ctx, a.ID, a.Version, data.StatusCheckedIn, ""); err != nil {
			return nil, err
		}
		if a.Kind != data.KindTreatment {
			return nil, nil
		}
		screening, err := s.store.LatestScreening(ctx, a.PatientID)
		if err != nil {
			return nil, err
		}
		rules, err := s.store.ClinicRules(ctx)
		if err != nil {
			return nil, err
		}
		consents, err := s.store.PatientConsents(ctx, a.PatientID)
		if err != nil {
			return nil, err
		}
		return &arrival{data.Check(screening, today, rules),
			data.ConsentStatusOn(consents, data.ConsentMicroneedling, today, rules.ConsentValidMonths)}, nil
	}, func(r *arrival, err error) {
		if err != nil {
			showError(err, s.win)
		} else if r != nil {
			s.showCheck(a, today, r.check, r.consent)
		}
		s.load()
	})
}

// showCheck tells the practitioner what today's contraindication check
// says about a patient who has just checked in, with every reason, and
// whether their consent holds.
func (s *dayScreen) showCheck(a data.Appointment, day time.Time, r data.CheckResult, consent data.ConsentStatus) {
	badge := widget.NewLabelWithStyle("Contraindication check for "+day.Format("2 Jan 2006")+": "+r.Status.Label(),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	badge.Importance = map[data.CheckStatus]widget.Importance{
		data.CheckClear: widget.SuccessImportance, data.CheckCaution: widget.WarningImportance,
		data.CheckContraindicated: widget.DangerImportance,
	}[r.Status]
	box := container.NewVBox(widget.NewLabel(a.PatientName+" is checked in for "+strings.ToLower(a.What())+" at "+a.Start.Format("15:04")+"."), badge)
	for _, reason := range r.Reasons {
		l := widget.NewLabel("• " + reason.Status.Label() + ": " + reason.Message)
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	switch {
	case r.Status == data.CheckClear && consent.OK():
		box.Add(widget.NewLabel("Nothing on file stops today's session."))
	case r.Status == data.CheckContraindicated:
		l := widget.NewLabel("No session today unless a practitioner overrides the check with a written reason in the session log.")
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	consentLine := widget.NewLabelWithStyle(consent.Message(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	consentLine.Wrapping = fyne.TextWrapWord
	consentLine.Importance = widget.SuccessImportance
	if !consent.OK() {
		consentLine.Importance = widget.DangerImportance
	}
	box.Add(consentLine)
	d := dialog.NewCustom("Checked in: "+a.PatientName, "OK", box, s.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// onComplete completes the selected appointment. A treatment is completed
// by its session: the session log opens pre-filled, and the store
// completes the appointment in the same save as the session; closed
// unsaved, it stays checked in.
func (s *dayScreen) onComplete() {
	a, ok := s.current()
	if !ok || !s.allowed(a, data.StatusCompleted) {
		return
	}
	if a.Kind != data.KindTreatment || a.SeriesID == 0 {
		s.move(data.StatusCompleted, "")
		return
	}
	if !can(s.store, data.PermSessions) {
		showError(data.Errorf(data.EFORBIDDEN, "A treatment is completed by its practitioner logging the session. Ask %s to complete it from the day view.", a.PractitionerName), s.win)
		return
	}
	s.openSessionLog(a, s.reload)
	s.summary.SetText("Log " + a.PatientName + "'s session: the appointment is completed when the session is saved.")
}

// onPrint opens the day sheet of the day shown in the system's PDF
// viewer, ready for the front desk printer.
func (s *dayScreen) onPrint() {
	day := s.day
	var names []string
	for _, a := range s.appointments {
		names = append(names, a.PatientName, a.PractitionerName)
	}
	confirmPrintable(s.win, names, func() {
		printPDF(s.win, &s.worker, "needlepoint-day-"+day.Format("2006-01-02")+"-"+s.now().Format("150405"), func(w io.Writer) error {
			return writeDaySheet(context.Background(), s.store, day, w)
		}, func(path string) {
			s.summary.SetText("Opened for printing: " + path)
		})
	})
}

// writeDaySheet reads a day's appointments, with the patients' phone
// numbers, and renders the day sheet.
func writeDaySheet(ctx context.Context, store DayStore, day time.Time, w io.Writer) error {
	l, err := loadDay(ctx, store, day, day.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	clinic, err := store.ClinicDetails(ctx)
	if err != nil {
		return err
	}
	phones := map[int64]string{}
	for _, a := range l.appointments {
		if _, ok := phones[a.PatientID]; ok {
			continue
		}
		p, err := store.Patient(ctx, a.PatientID)
		if err != nil {
			return err
		}
		phones[a.PatientID] = p.Phone
	}
	err = reports.Day(w, reports.DaySheet{Clinic: reportClinic(clinic), Day: day, Appointments: l.appointments, Phones: phones})
	if err != nil {
		return err
	}
	return store.RecordPrinted(ctx, 0, "Day sheet of "+day.Format("2 Jan 2006"))
}
