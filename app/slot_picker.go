package app

import (
	"context"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// SlotStore is what the slot picker reads: the diary around the chosen day.
type SlotStore interface {
	Appointments(ctx context.Context, from, to time.Time) ([]data.Appointment, error)
}

// slotPicker chooses the day and time of an appointment: the date typed in
// the clinic's order, picked on a calendar or moved a day on or back, and
// under it the chosen practitioner's free times that day, one button each;
// a tap puts the time in the time entry. The time can still be typed by
// hand, to squeeze someone in; the form's warnings and the store's checks
// then have their say.
type slotPicker struct {
	win    fyne.Window
	worker *worker
	store  SlotStore
	order  data.DateOrder
	diary  data.DiarySettings
	now    func() time.Time
	// booking returns the appointment to place, with its practitioner,
	// length, room and, when it is moved, ID, and the practitioner's name;
	// ok is false while no practitioner is chosen.
	booking func() (a data.Appointment, who string, ok bool)

	date, clock              *widget.Entry
	previous, next, calendar *widget.Button
	message                  *widget.Label
	times                    *fyne.Container // one button per free time
	scroll                   *container.Scroll
	dateRow, timesBox        fyne.CanvasObject
	slots                    []time.Time
	day, loading             time.Time // the day of busy, and the day asked for last
	busy                     []data.Appointment
	calendarPopUp            *widget.PopUp
	// settingClock is set while the picker fills in the time, which
	// keepPicking then still follows (see newSlotPicker); dayUnreadable
	// and haveTheDiary say what the list can show.
	settingClock, keepPicking   bool
	dayUnreadable, haveTheDiary bool
}

// newSlotPicker makes the picker's widgets, showing start when it is set.
// A start set by the caller is a proposal: while the time is not typed by
// hand, each list of free times moves it to the first free time at or
// after it. The caller lays out dateRow, timesBox and clock, then calls
// reload once the practitioner is chosen.
func newSlotPicker(win fyne.Window, w *worker, store SlotStore, order data.DateOrder, diary data.DiarySettings,
	now func() time.Time, start time.Time, booking func() (data.Appointment, string, bool)) *slotPicker {
	p := &slotPicker{win: win, worker: w, store: store, order: order, diary: diary, now: now, booking: booking}
	p.date = widget.NewEntry()
	p.date.SetPlaceHolder(order.Hint())
	p.clock = widget.NewEntry()
	p.clock.SetPlaceHolder("HH:MM")
	if start.IsZero() {
		p.date.SetText(order.Format(now()))
	} else {
		p.date.SetText(order.Format(start))
		p.clock.SetText(start.Format("15:04"))
		p.keepPicking = true
	}
	p.date.OnChanged = func(string) { p.reload() }
	p.clock.OnChanged = func(string) {
		if !p.settingClock {
			p.keepPicking = false
		}
		p.mark()
	}
	p.previous = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { p.step(-1) })
	p.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { p.step(1) })
	p.calendar = widget.NewButtonWithIcon("", theme.CalendarIcon(), p.showCalendar)
	p.message = widget.NewLabel("")
	p.message.Wrapping = fyne.TextWrapWord
	cell := widget.NewButton("00:00", nil).MinSize()
	p.times = container.NewGridWrap(cell)
	p.scroll = container.NewVScroll(p.times)
	p.scroll.SetMinSize(fyne.NewSize(cell.Width, 3*cell.Height+2*theme.Padding()))
	p.dateRow = container.NewBorder(nil, nil, p.previous, container.NewHBox(p.next, p.calendar), p.date)
	// Room from the start for a message of two lines over three rows of
	// times, so the form keeps its size whatever the list shows.
	reserve := canvas.NewRectangle(color.Transparent)
	reserve.SetMinSize(fyne.NewSize(0, widget.NewLabel("\n").MinSize().Height+theme.Padding()+p.scroll.MinSize().Height))
	p.timesBox = container.NewStack(reserve, container.NewBorder(p.message, nil, nil, nil, p.scroll))
	return p
}

// chosenDay returns the day typed, or false when it cannot be read.
func (p *slotPicker) chosenDay() (time.Time, bool) {
	day, err := data.ParseDate(p.date.Text, p.order)
	if err != nil || day.IsZero() {
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.Local), true
}

// reload reads the diary of the day typed and lists the free times; the
// forms call it when the practitioner changes too, so the list is fresh.
func (p *slotPicker) reload() {
	day, ok := p.chosenDay()
	p.dayUnreadable = !ok
	if !ok {
		p.show()
		return
	}
	p.loading = day
	p.message.SetText("Looking for free times…")
	if p.diary.ClosedOn(day) {
		p.day, p.busy, p.haveTheDiary = day, nil, true
		p.show()
		return
	}
	background(p.worker, func() ([]data.Appointment, error) {
		from, to := data.SlotsRange(day)
		return p.store.Appointments(context.Background(), from, to)
	}, func(busy []data.Appointment, err error) {
		if !p.loading.Equal(day) {
			return // the desk has moved on to another day
		}
		p.day, p.busy, p.haveTheDiary = day, busy, err == nil
		if err != nil {
			fyne.LogError("reading the diary for free times", err)
		}
		p.show()
	})
}

// show lists the free times of the day read, or says why there are none.
func (p *slotPicker) show() {
	if !p.dayUnreadable && (p.day.IsZero() || !p.loading.Equal(p.day)) {
		return // the diary of the day is still being read
	}
	p.slots = nil
	p.times.RemoveAll()
	a, who, chosen := p.booking()
	switch {
	case p.dayUnreadable:
		p.message.SetText("Type the date as " + p.order.Hint() + " to see the free times.")
	case p.diary.ClosedOn(p.day):
		p.message.SetText("The clinic is closed on " + p.day.Weekday().String() + "s — try another day.")
	case !chosen:
		p.message.SetText("Choose the practitioner to see their free times.")
	case !p.haveTheDiary:
		p.message.SetText("The diary could not be read; type the time.")
	default:
		p.slots = p.diary.FreeSlots(p.day, p.now(), a, p.busy)
		if len(p.slots) == 0 {
			p.message.SetText("No free time for " + who + " on " + p.day.Format("Mon 2 Jan") + " — try another day.")
		} else {
			p.message.SetText("Free times for " + who + " on " + p.day.Format("Mon 2 Jan") + ":")
		}
	}
	for _, s := range p.slots {
		p.times.Add(widget.NewButton(s.Format("15:04"), func() { p.pick(s) }))
	}
	if p.keepPicking {
		p.pickFrom(p.clock.Text)
	}
	p.mark()
	p.scroll.ScrollToTop()
	for _, o := range p.times.Objects {
		if o.(*widget.Button).Importance == widget.HighImportance {
			p.scroll.ScrollToOffset(fyne.NewPos(0, o.Position().Y))
		}
	}
}

// pickFrom chooses the first free time at or after clock, if there is one.
func (p *slotPicker) pickFrom(clock string) {
	want, err := data.ParseClock(clock)
	if err != nil {
		return
	}
	for _, s := range p.slots {
		if s.Hour()*60+s.Minute() >= want {
			p.setClock(s)
			return
		}
	}
}

// pick puts a free time in the time entry. It stays a choice from the list:
// another day then picks the first free time at or after it.
func (p *slotPicker) pick(s time.Time) {
	p.setClock(s)
}

func (p *slotPicker) setClock(s time.Time) {
	p.settingClock = true
	p.clock.SetText(s.Format("15:04"))
	p.settingClock = false
}

// mark shows the free time that is in the time entry as chosen.
func (p *slotPicker) mark() {
	for _, o := range p.times.Objects {
		b := o.(*widget.Button)
		importance := widget.MediumImportance
		if b.Text == p.clock.Text {
			importance = widget.HighImportance
		}
		if b.Importance != importance {
			b.Importance = importance
			b.Refresh()
		}
	}
}

// step moves the date by days to the next day the clinic is open, or by
// one day when it never opens.
func (p *slotPicker) step(days int) {
	day, ok := p.chosenDay()
	if !ok {
		day = p.now()
	}
	next := day.AddDate(0, 0, days)
	for i := 0; i < 7 && p.diary.ClosedOn(next); i++ {
		next = next.AddDate(0, 0, days)
	}
	if p.diary.ClosedOn(next) {
		next = day.AddDate(0, 0, days)
	}
	p.date.SetText(p.order.Format(next))
}

// showCalendar opens a month calendar under the calendar button; a tap on
// a day puts it in the date.
func (p *slotPicker) showCalendar() {
	day, ok := p.chosenDay()
	if !ok {
		day = p.now()
	}
	p.calendarPopUp = widget.NewPopUp(widget.NewCalendar(day, func(t time.Time) {
		p.calendarPopUp.Hide()
		p.date.SetText(p.order.Format(t))
	}), p.win.Canvas())
	p.calendarPopUp.ShowAtRelativePosition(fyne.NewPos(0, p.calendar.Size().Height), p.calendar)
}

// start returns the date and time chosen, or a problem in the desk's words.
func (p *slotPicker) start() (time.Time, string) {
	day, ok := p.chosenDay()
	if !ok {
		return time.Time{}, "Type the date as " + p.order.Hint() + "."
	}
	minutes, err := data.ParseClock(p.clock.Text)
	if err != nil || minutes >= 24*60 {
		return time.Time{}, "Type the time as HH:MM, e.g. 14:30."
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 0, minutes, 0, 0, time.Local), ""
}
