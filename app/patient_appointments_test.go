package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

func TestPatientAppointmentsTab(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }
	// Newest first, as the store gives them; today is 28 Nov 2026.
	store.appointments = []data.Appointment{
		{ID: 3, Kind: data.KindTreatment, PatientID: 1, SeriesID: 4, PractitionerID: 7, PractitionerName: "Dr Amara Okafor",
			Start: at(12, 22, 14), DurationMinutes: 60, Status: data.StatusBooked, SessionNumber: 2, PlannedSessions: 3, Version: 1},
		{ID: 2, Kind: data.KindReview, PatientID: 1, PractitionerID: 7, PractitionerName: "Dr Amara Okafor",
			Start: at(11, 28, 9), DurationMinutes: 15, Status: data.StatusCompleted},
		{ID: 1, Kind: data.KindConsultation, PatientID: 1, PractitionerID: 7, PractitionerName: "Dr Amara Okafor",
			Start: at(11, 2, 10), DurationMinutes: 30, Status: data.StatusCompleted},
	}
	s := newTestScreen(t, store)
	s.list.Select(0)
	s.tabs.SelectIndex(2)
	v := s.appointments

	row := func(a data.Appointment) string {
		var cells []string
		for col := range appointmentColumns {
			cells = append(cells, v.cell(a, col))
		}
		return strings.Join(cells, " | ")
	}
	if got, want := len(v.upcoming), 2; got != want {
		t.Fatalf("%d upcoming, want %d", got, want)
	}
	for i, want := range []string{
		"Sat 28/11/2026 | 09:00–09:15 | Review | Dr Amara Okafor | Completed",
		"Tue 22/12/2026 | 14:00–15:00 | Treatment session 2 of 3 | Dr Amara Okafor | Booked",
	} {
		if got := row(v.upcoming[i]); got != want {
			t.Errorf("upcoming %d = %q, want %q", i, got, want)
		}
	}
	if len(v.past) != 1 || row(v.past[0]) != "Mon 02/11/2026 | 10:00–10:30 | Consultation | Dr Amara Okafor | Completed" {
		t.Errorf("past = %+v", v.past)
	}

	t.Run("MoveOnlyWhatMayMove", func(t *testing.T) {
		if !v.moveButton.Disabled() {
			t.Error("Move… enabled with nothing selected")
		}
		v.upcomingTable.Select(widget.TableCellID{Row: 0, Col: 0})
		if !v.moveButton.Disabled() {
			t.Error("Move… enabled for a completed appointment")
		}
		v.upcomingTable.Select(widget.TableCellID{Row: 1, Col: 0})
		if v.moveButton.Disabled() {
			t.Fatal("Move… disabled for a booked appointment")
		}
		test.Tap(v.moveButton)
		if text := topDialogText(s); !strings.Contains(text, "Move appointment") {
			t.Fatalf("dialog = %q", text)
		}
		_, entries := dialogWidgets(s)
		entries[1].SetText("16:00")
		test.Tap(dialogButton(t, s, "Save changes"))
		if got := store.writes; len(got) != 1 || got[0] != "UpdateAppointment 2026-12-22 16:00" {
			t.Errorf("writes = %q", got)
		}
		if !strings.HasPrefix(v.status.Text, "Saved: Treatment session 2 of 3 on Tue 22/12/2026") {
			t.Errorf("status = %q", v.status.Text)
		}
	})
	t.Run("Book", func(t *testing.T) {
		store.writes = nil
		test.Tap(v.bookButton)
		if text := topDialogText(s); !strings.Contains(text, "New appointment · Zoë Adams") {
			t.Fatalf("dialog = %q", text)
		}
		_, entries := dialogWidgets(s)
		entries[0].SetText("29/11/2026") // a Sunday
		entries[1].SetText("11:00")
		test.Tap(dialogButton(t, s, "Book"))
		if text := topDialogText(s); !strings.Contains(text, "The clinic is closed on Sundays.") {
			t.Fatalf("no confirmation for a closed day:\n%s", text)
		}
		test.Tap(dialogButton(t, s, "Book anyway"))
		if got := store.writes; len(got) != 1 || got[0] != "Book 2026-11-29 11:00" {
			t.Errorf("writes = %q", got)
		}
	})
}
