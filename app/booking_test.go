package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

func TestBookNextSession(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	start := time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: start}}
	store.proposal = data.Proposal{Start: time.Date(2026, 12, 22, 14, 0, 0, 0, time.Local), PractitionerID: 7, Why: "4 weeks after 24 Nov"}
	s := newTestScreen(t, store)
	s.list.Select(0)

	test.Tap(bodyButton(t, s.clinical, "Book next session…"))
	if text := topDialogText(s); !strings.Contains(text, "Proposed: 4 weeks after 24 Nov.") {
		t.Fatalf("booking dialog = %q", text)
	}
	selects, entries := dialogWidgets(s)
	if selects[0].Selected != "Dr Amara Okafor" || entries[0].Text != "22/12/2026" || entries[1].Text != "14:00" {
		t.Fatalf("not pre-filled with the proposal: %q %q %q", selects[0].Selected, entries[0].Text, entries[1].Text)
	}
	entries[1].SetText("2pm")
	test.Tap(dialogButton(t, s, "Book"))
	if len(store.writes) != 0 || !strings.Contains(topDialogText(s), "HH:MM") {
		t.Fatalf("booked with an unreadable time: %q", store.writes)
	}
	entries[1].SetText("15:30")
	store.warnings = []string{"Pregnant until the due date of 1 Jan 2027. Eligible from 12 Feb 2027."}
	test.Tap(dialogButton(t, s, "Book"))
	if len(store.writes) != 0 || !strings.Contains(topDialogText(s), "Pregnant until") {
		t.Fatalf("booked without showing the contraindication: %q", store.writes)
	}
	test.Tap(dialogButton(t, s, "Book anyway"))
	if len(store.writes) != 1 || store.writes[0] != "Book 2026-12-22 15:30" {
		t.Errorf("writes = %q", store.writes)
	}
	if !strings.Contains(s.status.Text, "Booked Tue 22 Dec 2026 15:30") {
		t.Errorf("status = %q", s.status.Text)
	}
}

// bookOnASunday opens the booking of a series' next session, proposed for
// a Tuesday, and books it on a Sunday, when the clinic is closed: the
// warning is on top.
func bookOnASunday(t *testing.T) (*fakeStore, *patientsScreen) {
	t.Helper()
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive,
		StartedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}}
	store.proposal = data.Proposal{Start: time.Date(2026, 12, 22, 14, 0, 0, 0, time.Local), PractitionerID: 7, Why: "4 weeks after 24 Nov"}
	s := newTestScreen(t, store)
	s.list.Select(0)

	test.Tap(bodyButton(t, s.clinical, "Book next session…"))
	_, entries := dialogWidgets(s)
	entries[0].SetText("27/12/2026") // a Sunday
	test.Tap(dialogButton(t, s, "Book"))
	return store, s
}

func TestBookNextSessionOnClosedDay(t *testing.T) {
	store, s := bookOnASunday(t)
	if text := topDialogText(s); !strings.Contains(text, "The clinic is closed on Sundays.") || strings.Contains(text, "check is run again") {
		t.Fatalf("confirmation = %q", text)
	}
	test.Tap(dialogButton(t, s, "Book anyway"))
	if len(store.writes) != 1 || store.writes[0] != "Book 2026-12-27 14:00" {
		t.Errorf("writes = %q", store.writes)
	}
}

// TestNoToABookingWarningKeepsTheQuestion: answering No to the warning
// goes back to the booking question as it was typed, to choose another
// day, rather than throwing it away.
func TestNoToABookingWarningKeepsTheQuestion(t *testing.T) {
	store, s := bookOnASunday(t)
	test.Tap(dialogButton(t, s, "No"))
	if len(store.writes) != 0 {
		t.Fatalf("writes = %q after answering No", store.writes)
	}
	if text := topDialogText(s); !strings.Contains(text, "Book the next session of Zoë Adams") {
		t.Fatalf("on top after No: %q, want the booking question", text)
	}
	_, entries := dialogWidgets(s)
	if got := entries[0].Text; got != "27/12/2026" {
		t.Errorf("date = %q after No, want what was typed", got)
	}
	entries[0].SetText("29/12/2026")
	test.Tap(dialogButton(t, s, "Book"))
	if len(store.writes) != 1 || store.writes[0] != "Book 2026-12-29 14:00" {
		t.Errorf("writes = %q", store.writes)
	}
	if text := topDialogText(s); strings.Contains(text, "Book the next session") {
		t.Errorf("the booking question stays open after booking: %q", text)
	}
}
