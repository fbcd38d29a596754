package app

import (
	"strings"
	"testing"
	"time"

	"needlepoint/data"
)

// draftStore is a patient with a series of three: the first session signed
// on 2 Nov, the second logged on 27 Nov by Dr Amara Okafor (staff 7) and
// still a draft.
func draftStore() *fakeStore {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	first := time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: first}}
	store.sessions = map[int64][]data.Session{4: {
		{ID: 8, SeriesID: 4, PatientID: 1, PerformedAt: first, PractitionerID: 7, SignedAt: first, SignedBy: 7,
			Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 100, Passes: 3}}, Check: data.CheckResult{Status: data.CheckClear}},
		{ID: 9, SeriesID: 4, PatientID: 1, PerformedAt: time.Date(2026, 11, 27, 15, 30, 0, 0, time.UTC), PractitionerID: 7,
			Device: "Dr. Pen A6", CartridgeLot: "C-2291", Product: "Hyaluronic serum", ProductLot: "HS-77",
			Areas:    []data.SessionArea{{Area: data.AreaCheeks, Depth: 125, Passes: 3}},
			Endpoint: "Even redness", Reaction: "Mild erythema", Comfort: 4, DurationMinutes: 35, Notes: "Tolerated well",
			Check: data.CheckResult{Status: data.CheckClear}, Version: 2},
	}}
	return store
}

// TestClinicalRecordCountsSignedSessions: the progress line counts the
// signed session only and says which draft is not counted yet.
func TestClinicalRecordCountsSignedSessions(t *testing.T) {
	s := newTestScreen(t, draftStore())
	s.list.Select(0)
	text := viewText(s.clinical)
	for _, want := range []string{
		"Session 2 of 3 · next due around 30 Nov 2026",
		"Not counted yet: the draft of Fri 27 Nov 2026, until it is signed.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("clinical record lacks %q; it shows:\n%s", want, text)
		}
	}
}
