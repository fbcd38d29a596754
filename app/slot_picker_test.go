package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// Appointments returns the appointments booked through the list to call,
// where the booking looks for free times.
func (f *fakeRecallStore) Appointments(context.Context, time.Time, time.Time) ([]data.Appointment, error) {
	return append([]data.Appointment(nil), f.booked...), nil
}

// slotTimes returns the free times f's slot picker lists, and the chosen one.
func slotTimes(p *slotPicker) (times string, chosen string) {
	var all []string
	for _, o := range p.times.Objects {
		b := o.(*widget.Button)
		all = append(all, b.Text)
		if b.Importance == widget.HighImportance {
			chosen = b.Text
		}
	}
	return strings.Join(all, " "), chosen
}

// tapSlot taps the free time text of the picker.
func tapSlot(t *testing.T, p *slotPicker, text string) {
	t.Helper()
	for _, o := range p.times.Objects {
		if b := o.(*widget.Button); b.Text == text {
			test.Tap(b)
			return
		}
	}
	times, _ := slotTimes(p)
	t.Fatalf("no free time %s in %q", text, times)
}

func TestSlotPickerInAppointmentForm(t *testing.T) {
	store := newFakeAppointmentStore()
	tue := func(h, m int) time.Time { return time.Date(2026, 12, 1, h, m, 0, 0, time.Local) }
	store.diary.Hours[time.Tuesday] = data.OpeningHours{Open: true, Opens: 9 * 60, Closes: 11 * 60}
	store.busy = []data.Appointment{
		{ID: 1, PractitionerID: 7, Start: tue(9, 0), DurationMinutes: 60, Status: data.StatusBooked},
		{ID: 2, PractitionerID: 9, Start: tue(10, 0), DurationMinutes: 60, Status: data.StatusBooked, Room: "Room 1"},
		{ID: 3, PractitionerID: 7, Start: tue(10, 15), DurationMinutes: 15, Status: data.StatusCancelled},
	}
	f, w, saved := newTestAppointmentForm(t, store, data.Appointment{PatientID: 1, PatientName: "Zoë Adams"})
	f.date.SetText("01/12/2026")
	f.practitioner.SetSelected("Dr Amara Okafor")

	// A consultation lasts 45 minutes at this clinic.
	if got, want := f.slots.message.Text, "Free times for Dr Amara Okafor on Tue 1 Dec:"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if got, _ := slotTimes(f.slots); got != "10:00 10:15" {
		t.Errorf("Dr Okafor's free times = %q, want %q", got, "10:00 10:15")
	}
	t.Run("OtherPractitioner", func(t *testing.T) {
		f.practitioner.SetSelected("Łucja Nowak")
		if got, _ := slotTimes(f.slots); got != "09:00 09:15" {
			t.Errorf("Łucja's free times = %q", got)
		}
		f.practitioner.SetSelected("Dr Amara Okafor")
	})
	t.Run("RoomTaken", func(t *testing.T) {
		f.room.SetText("room 1")
		if got, _ := slotTimes(f.slots); got != "" || !strings.Contains(f.slots.message.Text, "No free time for Dr Amara Okafor on Tue 1 Dec — try another day.") {
			t.Errorf("free times with Room 1 taken = %q, message %q", got, f.slots.message.Text)
		}
		f.room.SetText("")
	})
	t.Run("OtherDay", func(t *testing.T) {
		test.Tap(f.slots.next)
		if got, want := f.date.Text, "02/12/2026"; got != want {
			t.Errorf("date after ▶ = %q, want %q", got, want)
		}
		if got, _ := slotTimes(f.slots); !strings.HasPrefix(got, "09:00 09:15") || !strings.HasSuffix(got, "17:15") {
			t.Errorf("free times on an empty Wednesday = %q", got)
		}
		test.Tap(f.slots.previous)
	})
	t.Run("ClosedDay", func(t *testing.T) {
		f.date.SetText("06/12/2026")
		if got, _ := slotTimes(f.slots); got != "" || f.slots.message.Text != "The clinic is closed on Sundays — try another day." {
			t.Errorf("on a Sunday: times %q, message %q", got, f.slots.message.Text)
		}
		test.Tap(f.slots.next)
		if got, want := f.date.Text, "07/12/2026"; got != want {
			t.Errorf("date after ▶ = %q, want %q", got, want)
		}
		test.Tap(f.slots.previous)
		if got, want := f.date.Text, "05/12/2026"; got != want {
			t.Errorf("◀ from Monday = %q, want Saturday %q, over the closed Sunday", got, want)
		}
		f.date.SetText("01/12/2026")
	})

	tapSlot(t, f.slots, "10:15")
	if _, chosen := slotTimes(f.slots); f.clock.Text != "10:15" || chosen != "10:15" {
		t.Errorf("after tapping 10:15: time %q, marked %q", f.clock.Text, chosen)
	}
	test.Tap(f.saveButton)
	if len(store.booked) != 1 || len(*saved) != 1 {
		t.Fatalf("booked %d, saved %d; want 1 each:\n%s", len(store.booked), len(*saved), overlayText(w.Canvas()))
	}
	if got := store.booked[0]; !got.Start.Equal(tue(10, 15)) || got.PractitionerID != 7 || got.DurationMinutes != 45 {
		t.Errorf("booked %+v, want Dr Okafor at 10:15 for 45 minutes", got)
	}
}

// TestSlotPickerCalendar: the calendar button opens a month to pick the
// day from, and the picked day's free times are listed.
func TestSlotPickerCalendar(t *testing.T) {
	store := newFakeAppointmentStore()
	f, w, _ := newTestAppointmentForm(t, store, data.Appointment{PatientID: 1, PractitionerID: 7})
	test.Tap(f.slots.calendar)
	top := w.Canvas().Overlays().Top()
	var day3 *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == "3" {
			day3 = b
		}
	}
	if day3 == nil {
		t.Fatalf("no calendar on top:\n%s", overlayText(w.Canvas()))
	}
	test.Tap(day3)
	if got, want := f.date.Text, "03/11/2026"; got != want {
		t.Errorf("date = %q, want the day tapped %q", got, want)
	}
	if !strings.Contains(overlayText(w.Canvas()), "New appointment") {
		t.Errorf("the calendar stayed on top:\n%s", overlayText(w.Canvas()))
	}
}

// TestSlotPickerToday leaves out the times already gone today.
func TestSlotPickerToday(t *testing.T) {
	store := newFakeAppointmentStore() // today is Saturday 28 Nov 2026, 10:00, open 09:00–13:00
	f, _, _ := newTestAppointmentForm(t, store, data.Appointment{PatientID: 1, PractitionerID: 7})
	if got, _ := slotTimes(f.slots); !strings.HasPrefix(got, "10:00 10:15") {
		t.Errorf("free times today = %q, want none before now", got)
	}
}

// TestMoveKeepsItsTimeChosen: moving an appointment lists its own time as
// free and marks it.
func TestMoveKeepsItsTimeChosen(t *testing.T) {
	store := newFakeAppointmentStore()
	booked := data.Appointment{ID: 12, Kind: data.KindTreatment, PatientID: 1, SeriesID: 4, PractitionerID: 7,
		Start: time.Date(2026, 12, 1, 14, 0, 0, 0, time.Local), DurationMinutes: 60, Status: data.StatusBooked, Version: 3}
	store.busy = []data.Appointment{booked}
	f, _, _ := newTestAppointmentForm(t, store, booked)
	if times, chosen := slotTimes(f.slots); chosen != "14:00" || !strings.Contains(times, "13:45 14:00 14:15") {
		t.Errorf("free times %q, chosen %q; want its own 14:00 chosen", times, chosen)
	}
}

// nextSessionClinic is Zoë Adams's record with a series whose next session
// is proposed on Tue 22 Dec at 14:00 with Dr Okafor (staff 7); Dr Ito
// (staff 6) works too. at is a time of that day.
func nextSessionClinic() (store *fakeStore, at func(h, m int) time.Time) {
	store = newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	store.staff = []data.StaffMember{
		{ID: 6, Name: "Dr Ben Ito", Role: data.RolePractitioner, Active: true},
		{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true},
	}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive,
		StartedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}}
	at = func(h, m int) time.Time { return time.Date(2026, 12, 22, h, m, 0, 0, time.Local) }
	store.proposal = data.Proposal{Start: at(14, 0), PractitionerID: 7, Why: "4 weeks after 24 Nov"}
	return store, at
}

// TestBookNextSessionInTwoTaps: the series' practitioner, the proposed day
// and its first free time at or after the proposed time are chosen
// already, so "Book next session…" and "Book" book it.
func TestBookNextSessionInTwoTaps(t *testing.T) {
	store, at := nextSessionClinic()
	// Booked since the proposal was made: Dr Okafor is busy 13:30–15:00.
	store.diary = []data.Appointment{{ID: 1, PractitionerID: 7, Start: at(13, 30), DurationMinutes: 90, Status: data.StatusBooked}}
	s := newTestScreen(t, store)
	s.list.Select(0)

	test.Tap(bodyButton(t, s.clinical, "Book next session…"))
	selects, entries := dialogWidgets(s)
	if selects[0].Selected != "Dr Amara Okafor" || entries[0].Text != "22/12/2026" || entries[1].Text != "15:00" {
		t.Errorf("chosen: %q %q %q, want Dr Okafor on 22/12/2026 at the first free time after 14:00, 15:00",
			selects[0].Selected, entries[0].Text, entries[1].Text)
	}
	if text := topDialogText(s); !strings.Contains(text, "Free times for Dr Amara Okafor on Tue 22 Dec:") || !strings.Contains(text, "[12:30]\n[15:00]") {
		t.Errorf("free times not listed:\n%s", text)
	}
	test.Tap(dialogButton(t, s, "Book"))
	if len(store.writes) != 1 || store.writes[0] != "Book 2026-12-22 15:00" {
		t.Errorf("writes = %q, want the session booked at 15:00 in two taps", store.writes)
	}
}

// TestBookNextSessionPickAnother: another practitioner lists their own free
// times, and a tapped time is the one booked.
func TestBookNextSessionPickAnother(t *testing.T) {
	store, at := nextSessionClinic()
	store.diary = []data.Appointment{{ID: 1, PractitionerID: 6, Start: at(9, 0), DurationMinutes: 540, Status: data.StatusBooked}}
	s := newTestScreen(t, store)
	s.list.Select(0)

	test.Tap(bodyButton(t, s.clinical, "Book next session…"))
	selects, _ := dialogWidgets(s)
	selects[0].SetSelected("Dr Ben Ito")
	if text := topDialogText(s); !strings.Contains(text, "No free time for Dr Ben Ito on Tue 22 Dec — try another day.") {
		t.Fatalf("Dr Ito's full day:\n%s", text)
	}
	selects[0].SetSelected("Dr Amara Okafor")
	var slot *widget.Button
	for _, o := range test.LaidOutObjects(s.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "16:45" {
			slot = b
		}
	}
	if slot == nil {
		t.Fatalf("no 16:45 for Dr Okafor:\n%s", topDialogText(s))
	}
	test.Tap(slot)
	test.Tap(dialogButton(t, s, "Book"))
	if len(store.writes) != 1 || store.writes[0] != "Book 2026-12-22 16:45" {
		t.Errorf("writes = %q, want the tapped 16:45", store.writes)
	}
}
