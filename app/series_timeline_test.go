package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

func TestSeriesMarks(t *testing.T) {
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 14, 0, 0, 0, time.Local) }
	areas := []data.SessionArea{{Area: data.AreaCheeks, Depth: 100}, {Area: data.AreaForehead, Depth: 50}}
	s := seriesRecord{
		series: data.TreatmentSeries{ID: 4, PlannedSessions: 5, IntervalWeeks: 4, Status: data.SeriesActive},
		sessions: []data.Session{
			{ID: 2, PerformedAt: at(10, 29), Areas: areas[:1]},
			{ID: 1, PerformedAt: at(10, 1), Areas: areas, SignedAt: at(10, 1)},
		},
	}
	booked := []data.Appointment{{SeriesID: 4, Kind: data.KindTreatment, Status: data.StatusBooked, Start: at(12, 10), DurationMinutes: 60}}
	due := data.SeriesProgress{NextDue: time.Date(2027, 1, 7, 0, 0, 0, 0, time.UTC)}

	got := func(marks []timelineMark) []string {
		var out []string
		for _, m := range marks {
			out = append(out, strings.ReplaceAll(m.label(), "\n", " | "))
		}
		return out
	}
	if marks, want := seriesMarks(s, due, booked, true), []string{
		"1 · 1 Oct | 0.5–1 mm", "2 · 29 Oct | 1 mm · draft", "3 · booked | 10 Dec 14:00", "4 · planned", "5 · planned",
	}; !slices.Equal(got(marks), want) {
		t.Errorf("marks = %q, want %q", got(marks), want)
	}
	// Unbooked, the next session is due: the one obvious step.
	if marks, want := seriesMarks(s, due, nil, true), []string{
		"1 · 1 Oct | 0.5–1 mm", "2 · 29 Oct | 1 mm · draft", "3 · due | 7 Jan", "4 · planned", "5 · planned",
	}; !slices.Equal(got(marks), want) {
		t.Errorf("marks = %q, want %q", got(marks), want)
	}
	states := func(marks []timelineMark) []markState {
		var out []markState
		for _, m := range marks {
			out = append(out, m.state)
		}
		return out
	}
	if marks := seriesMarks(s, due, booked, true); !slices.Equal(states(marks), []markState{markDone, markDraft, markBooked, markPlanned, markPlanned}) {
		t.Errorf("states = %v", states(marks))
	}
	overdue := data.SeriesProgress{NextDue: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Overdue: true}
	if marks := seriesMarks(s, overdue, nil, true); marks[2].state != markOverdue || !strings.Contains(marks[2].text, "since 26 Nov") {
		t.Errorf("third mark %+v, want overdue since 26 Nov", marks[2])
	}
	s.series.Status = data.SeriesDiscontinued
	if marks := seriesMarks(s, overdue, nil, false); marks[4].text != "not given" || marks[2].state != markPlanned {
		t.Errorf("a discontinued series shows %q", got(marks))
	}
}

func TestBookedForLeavesOutThePastAndOtherSeries(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	list := []data.Appointment{
		{ID: 1, SeriesID: 4, Kind: data.KindTreatment, Status: data.StatusBooked, Start: now.AddDate(0, 0, 14), DurationMinutes: 60},
		{ID: 2, SeriesID: 4, Kind: data.KindTreatment, Status: data.StatusBooked, Start: now.AddDate(0, 0, -3), DurationMinutes: 60},
		{ID: 3, SeriesID: 5, Kind: data.KindTreatment, Status: data.StatusBooked, Start: now.AddDate(0, 0, 7), DurationMinutes: 60},
		{ID: 4, SeriesID: 4, Kind: data.KindTreatment, Status: data.StatusCancelled, Start: now.AddDate(0, 0, 7), DurationMinutes: 60},
		{ID: 5, SeriesID: 4, Kind: data.KindTreatment, Status: data.StatusCheckedIn, Start: now.Add(-30 * time.Minute), DurationMinutes: 60},
	}
	var ids []int64
	for _, a := range bookedFor(4, list, now) {
		ids = append(ids, a.ID)
	}
	if !slices.Equal(ids, []int64{5, 1}) {
		t.Errorf("booked = %v, want the checked-in one now, then the one in a fortnight", ids)
	}
}

// TestClinicalRecordShowsTheSeriesAtAGlance: each series is a timeline of
// its planned sessions, the next step stands out, and sessions are listed
// newest first.
func TestClinicalRecordShowsTheSeriesAtAGlance(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.screening = &data.Screening{PatientID: 1, ScreenedOn: time.Date(2026, 9, 20, 0, 0, 0, 0, time.UTC)}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, Areas: []data.Area{data.AreaCheeks},
		PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}}
	session := func(id int64, d int) data.Session {
		at := time.Date(2026, 10, d, 14, 0, 0, 0, time.UTC)
		return data.Session{ID: id, SeriesID: 4, PerformedAt: at, PractitionerID: 7, SignedAt: at, SignedBy: 7,
			Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 100 + data.Depth(id)*25, Passes: 2}}}
	}
	store.sessions = map[int64][]data.Session{4: {session(1, 1), session(2, 29)}}
	s := newTestScreen(t, store)
	s.list.Select(0)

	text := viewText(s.clinical)
	for _, want := range []string{"1 · 1 Oct\n1.25 mm", "2 · 29 Oct\n1.5 mm", "3 · due\n26 Nov"} {
		if !strings.Contains(text, want) {
			t.Errorf("timeline lacks %q:\n%s", want, text)
		}
	}
	if second, first := strings.Index(text, "Session 2 ·"), strings.Index(text, "Session 1 ·"); second < 0 || first < second {
		t.Errorf("sessions not newest first:\n%s", text)
	}
	if b := bodyButton(t, s.clinical, "Book next session…"); b.Importance != widget.HighImportance {
		t.Error("with nothing booked, booking the next session is not the obvious step")
	}
	if b := bodyButton(t, s.clinical, "Log session…"); b.Importance == widget.HighImportance {
		t.Error("two buttons stand out")
	}
}

// TestSessionActionsInOneMenu: a session shows the step to take as a
// button and the rest in one menu, which opens under it.
func TestSessionActionsInOneMenu(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	day := time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: day}}
	store.sessions = map[int64][]data.Session{4: {{ID: 8, SeriesID: 4, PerformedAt: day, PractitionerID: 1, SignedAt: day, SignedBy: 1}}}
	s := newTestScreen(t, store)
	s.list.Select(0)

	var menu *actionMenu
	buttons := 0
	for _, o := range test.LaidOutObjects(s.clinical.body) {
		switch x := o.(type) {
		case *actionMenu:
			menu = x
		case *widget.Button:
			if x.Text == "Open…" || strings.Contains(x.Text, "aftercare") || strings.Contains(x.Text, "addendum") {
				buttons++
			}
		}
	}
	if menu == nil || buttons != 1 {
		t.Fatalf("menu %v, %d session buttons; want Open… and one menu", menu != nil, buttons)
	}
	var labels []string
	for _, item := range menu.menu.Items {
		labels = append(labels, item.Label)
	}
	if want := []string{"Print aftercare", "Save aftercare as…", "Print session record", "Add addendum to session…"}; !slices.Equal(labels, want) {
		t.Errorf("menu %q, want %q", labels, want)
	}
	test.Tap(menu)
	if top := s.win.Canvas().Overlays().Top(); top == nil {
		t.Error("the menu did not open")
	}
}
