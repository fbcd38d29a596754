package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// TestStartSeriesFromPlanOnce: once a plan has started a series, the
// consultation says so and offers only another series, with a reason.
func TestStartSeriesFromPlanOnce(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	day := time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC)
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.consultations = []data.Consultation{{ID: 3, PatientID: 1, ConsultedOn: day, PractitionerID: 7,
		PlannedSessions: 3, IntervalWeeks: 4, SignedAt: day, SignedBy: 7}}
	s := newTestScreen(t, store)
	s.list.Select(0)

	test.Tap(bodyButton(t, s.clinical, "Start series from this plan"))
	test.Tap(dialogButton(t, s, "Start series"))
	if got, want := strings.Join(store.writes, "; "), `CreateSeries from consultation 3, reason ""`; got != want {
		t.Fatalf("writes = %q, want %q", got, want)
	}

	store.writes = nil
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, ConsultationID: 3, PlannedSessions: 3, IntervalWeeks: 4,
		Status: data.SeriesActive, StartedOn: time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC)}}
	s.clinical.show(1)
	if text := buttonsText(s.clinical); strings.Contains(text, "[Start series from this plan]") {
		t.Errorf("the plan still offers a first series:\n%s", text)
	}
	if text := viewText(s.clinical); !strings.Contains(text, "Series started from this plan on Mon 26 Oct 2026 (active)") {
		t.Errorf("the consultation does not say its plan started a series:\n%s", text)
	}
	test.Tap(bodyButton(t, s.clinical, "Start another series from this plan…"))
	if text := topDialogText(s); !strings.Contains(text, "This plan already started a treatment series on 26 Oct 2026 (active).") {
		t.Errorf("dialog = %q", text)
	}
	test.Tap(dialogButton(t, s, "Start another series"))
	if len(store.writes) != 0 || !strings.Contains(topDialogText(s), "Reason is required.") {
		t.Fatalf("another series started without a reason: %q", store.writes)
	}
	_, entries := dialogWidgets(s)
	test.Type(entries[0], "Restarting after the baby")
	test.Tap(dialogButton(t, s, "Start another series"))
	if got, want := strings.Join(store.writes, "; "), `CreateSeries from consultation 3, reason "Restarting after the baby"`; got != want {
		t.Errorf("writes = %q, want %q", got, want)
	}

	store.series = append(store.series, data.TreatmentSeries{ID: 5, PatientID: 1, ConsultationID: 3, PlannedSessions: 3,
		IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: day.AddDate(0, 1, 10), RepeatReason: "Restarting after the baby"})
	s.clinical.show(1)
	if text := viewText(s.clinical); !strings.Contains(text, "Another series from the same plan: Restarting after the baby") {
		t.Errorf("the series does not show why it was started again:\n%s", text)
	}
}
