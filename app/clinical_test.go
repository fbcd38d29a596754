package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// viewText returns all the text of the clinical view's body.
func viewText(v *clinicalView) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(v.body) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// buttonsText lists the clinical record's buttons, and the items of its
// menus, as "[label]".
func buttonsText(v *clinicalView) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(v.body) {
		switch x := o.(type) {
		case *widget.Button:
			b.WriteString("[" + x.Text + "]")
		case *actionMenu:
			for _, item := range x.menu.Items {
				b.WriteString("[" + item.Label + "]")
			}
		}
	}
	return b.String()
}

func TestClinicalRecordAtAGlance(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.screening = &data.Screening{PatientID: 1, ScreenedOn: day(11, 2), RecordedBy: "Dr Amara Okafor",
		Pregnant: true, PregnancyDueDate: day(12, 20)}
	store.consultations = []data.Consultation{{
		ID: 3, PatientID: 1, ConsultedOn: day(10, 19), PractitionerID: 7,
		Concerns: []data.Indication{data.IndicationAcneScars}, PlannedSessions: 3, IntervalWeeks: 4,
		Areas: []data.Area{data.AreaCheeks}, DepthMin: 50, DepthMax: 150,
		SignedAt: day(10, 19), SignedBy: 7,
		Addenda: []data.Addendum{{AuthorName: "Dr Amara Okafor", WrittenAt: day(10, 20), Reason: "Wrong area", Text: "Chin too."}},
	}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, Areas: []data.Area{data.AreaCheeks},
		PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: day(11, 2)}}
	store.sessions = map[int64][]data.Session{4: {{
		ID: 9, SeriesID: 4, PerformedAt: time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC), PractitionerID: 7,
		Areas:  []data.SessionArea{{Area: data.AreaCheeks, Depth: 100, Passes: 3}},
		Device: "Dr. Pen A6", CartridgeLot: "C-2291", Product: "Hyaluronic serum", ProductLot: "HS-77",
		Check: data.CheckResult{Status: data.CheckClear}, SignedAt: day(11, 2), SignedBy: 7,
	}}}
	s := newTestScreen(t, store)
	s.list.Select(0)

	if got := s.clinical.checkBadge.Text; got != "Today: Contraindicated" {
		t.Errorf("badge = %q", got)
	}
	if got, want := s.clinical.checkBadge.Importance, widget.DangerImportance; got != want {
		t.Errorf("badge importance = %v, want %v", got, want)
	}
	text := viewText(s.clinical)
	for _, want := range []string{
		"Pregnan",
		"Session 2 of 3 · not before 31 Jan 2027: pregnancy", // due 30 Nov by the interval, but pregnant
		"Cheeks 1 mm ×3",
		"cartridge lot C-2291",
		"Signed by Dr Amara Okafor",
		"Plan: 3 sessions, every 4 weeks, Cheeks, 0.5 mm to 1.5 mm",
		"Addendum by Dr Amara Okafor on Tue 20 Oct 2026 (Wrong area): Chin too.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("clinical view lacks %q; it shows:\n%s", want, text)
		}
	}

	test.Tap(s.newButton)
	if got := s.clinical.checkBadge.Text; !strings.Contains(got, "Save the new patient first") {
		t.Errorf("new patient: badge = %q", got)
	}
	if strings.TrimSpace(viewText(s.clinical)) != "" {
		t.Error("the previous patient's record is still shown for a new patient")
	}
}

// bodyButton finds a button by its text in the clinical view.
func bodyButton(t *testing.T, v *clinicalView, text string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(v.body) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	// An item of a menu, as a button that chooses it.
	for _, o := range test.LaidOutObjects(v.body) {
		if m, ok := o.(*actionMenu); ok {
			for _, item := range m.menu.Items {
				if item.Label == text {
					return widget.NewButton(text, item.Action)
				}
			}
		}
	}
	t.Fatalf("no %q button in the clinical record", text)
	return nil
}

// dialogWidgets returns the selects and entries of the dialog on top.
func dialogWidgets(s *patientsScreen) (selects []*widget.Select, entries []*widget.Entry) {
	for _, o := range test.LaidOutObjects(s.win.Canvas().Overlays().Top()) {
		switch w := o.(type) {
		case *widget.Select:
			selects = append(selects, w)
		case *widget.Entry:
			entries = append(entries, w)
		}
	}
	return selects, entries
}

func TestAddendumAndSeriesActions(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	day := time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC)
	store.staff = []data.StaffMember{
		{ID: 2, Name: "Ben Desk", Role: data.RoleReception, Active: true},
		{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true},
	}
	store.consultations = []data.Consultation{{ID: 3, PatientID: 1, ConsultedOn: day, PractitionerID: 7, SignedAt: day, SignedBy: 7}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: day}}
	s := newTestScreen(t, store)
	s.list.Select(0)

	test.Tap(bodyButton(t, s.clinical, "Add addendum…"))
	selects, entries := dialogWidgets(s)
	if len(selects) != 0 || len(entries) != 2 {
		t.Fatalf("addendum dialog has %d selects and %d entries, want the reason and the text only", len(selects), len(entries))
	}
	if got := topDialogText(s); !strings.Contains(got, "In the name of Dr Amara Okafor, who is signed in") {
		t.Errorf("addendum dialog = %q, want it to name the signed-in author", got)
	}
	test.Type(entries[0], "Wrong area")
	test.Tap(dialogButton(t, s, "Add addendum"))
	if len(store.writes) != 0 || !strings.Contains(topDialogText(s), "Addendum is required") {
		t.Fatalf("addendum stored without text: %v", store.writes)
	}
	test.Type(entries[1], "Chin too.")
	test.Tap(dialogButton(t, s, "Add addendum"))
	if len(store.writes) != 1 || store.writes[0] != "AddConsultationAddendum Wrong area: Chin too." {
		t.Errorf("writes = %q", store.writes)
	}

	test.Tap(bodyButton(t, s.clinical, "Extend by one session…"))
	_, entries = dialogWidgets(s)
	test.Type(entries[0], "Scars need one more")
	test.Tap(dialogButton(t, s, "Extend"))
	if got := store.writes[len(store.writes)-1]; got != "ExtendSeries Scars need one more" {
		t.Errorf("last write = %q", got)
	}
}

func TestSessionActions(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	day := time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)
	store.staff = []data.StaffMember{{ID: 1, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: day}}
	store.sessions = map[int64][]data.Session{4: {
		{ID: 8, SeriesID: 4, PerformedAt: day, PractitionerID: 1, SignedAt: day, SignedBy: 1,
			Addenda: []data.Addendum{{AuthorName: "Dr Amara Okafor", WrittenAt: day, Reason: "Lot typo", Text: "Cartridge lot is C-2219."}}},
		{ID: 9, SeriesID: 4, PerformedAt: day.AddDate(0, 0, 26), PractitionerID: 1},
	}}
	s := newTestScreen(t, store)
	s.list.Select(0)
	if text := viewText(s.clinical); !strings.Contains(text, "Addendum by Dr Amara Okafor on Mon 2 Nov 2026 (Lot typo): Cartridge lot is C-2219.") {
		t.Errorf("session addendum not shown:\n%s", text)
	}

	test.Tap(bodyButton(t, s.clinical, "Sign session…"))
	test.Tap(dialogButton(t, s, "Sign now"))
	if len(store.writes) != 1 || store.writes[0] != "SignSession by 1" {
		t.Errorf("writes after signing = %q, want a signature by the signed-in user", store.writes)
	}

	test.Tap(bodyButton(t, s.clinical, "Add addendum to session…"))
	_, entries := dialogWidgets(s)
	test.Type(entries[0], "Depth")
	test.Type(entries[1], "Chin was 1.5 mm.")
	test.Tap(dialogButton(t, s, "Add addendum"))
	if got := store.writes[len(store.writes)-1]; got != "AddSessionAddendum Depth: Chin was 1.5 mm." {
		t.Errorf("last write = %q", got)
	}
}

// TestClinicalRecordByRole shows each role the buttons of what it may do:
// reception prints but does not write clinical notes or sign.
func TestClinicalRecordByRole(t *testing.T) {
	day := time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		role     data.Role
		shown    []string
		notShown []string
	}{
		{data.RoleReception, []string{"Print aftercare", "Book next session…"},
			[]string{"Sign session…", "Log session…", "New consultation", "New screening", "Access history…"}},
		{data.RolePractitioner, []string{"Print aftercare", "Sign session…", "Log session…", "New consultation"},
			[]string{"Access history…"}},
		{data.RoleAdmin, []string{"Sign session…", "Access history…"}, nil},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
			store.me = &data.Actor{StaffID: 7, Name: "Someone", Role: tc.role}
			store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: day}}
			store.sessions = map[int64][]data.Session{4: {{ID: 9, SeriesID: 4, PerformedAt: day, PractitionerID: 7}}}
			s := newTestScreen(t, store)
			s.list.Select(0)
			text := buttonsText(s.clinical)
			for _, b := range tc.shown {
				if !strings.Contains(text, "["+b+"]") {
					t.Errorf("%s does not see %q:\n%s", tc.role, b, text)
				}
			}
			for _, b := range tc.notShown {
				if strings.Contains(text, "["+b+"]") {
					t.Errorf("%s sees %q", tc.role, b)
				}
			}
		})
	}
}

// TestNoScreeningReadsScreeningNeeded: a patient never screened is not
// "Contraindicated" on their record: the badge asks, in amber, for the
// screening that comes first.
func TestNoScreeningReadsScreeningNeeded(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	s := newTestScreen(t, store)
	s.list.Select(0)
	if got := s.clinical.checkBadge.Text; got != "Today: Screening needed before treatment" {
		t.Errorf("badge = %q", got)
	}
	if got, want := s.clinical.checkBadge.Importance, widget.WarningImportance; got != want {
		t.Errorf("badge importance = %v, want amber (%v)", got, want)
	}
}

// TestNewConsultationStartsFromWhatIsKnown: a new consultation is the
// signed-in practitioner's, with the patient's skin type and the concerns
// of their latest screening already filled in.
func TestNewConsultationStartsFromWhatIsKnown(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", SkinType: 3})
	store.staff = []data.StaffMember{{ID: 5, Name: "Dr Lena Brandt", Role: data.RolePractitioner, Active: true},
		{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.me = &data.Actor{StaffID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Username: "amara"}
	store.screening = &data.Screening{PatientID: 1, ScreenedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
		Indications: []data.Indication{data.IndicationAcneScars, data.IndicationLargePores}}
	s := newTestScreen(t, store)
	s.list.Select(0)

	x := s.clinical.actions.newConsultation()
	if x.PractitionerID != 7 || x.SkinType != 3 || len(x.Concerns) != 2 || x.Concerns[0] != data.IndicationAcneScars {
		t.Fatalf("new consultation = %+v", x)
	}
	f := newConsultationForm(s.win, store, data.DayFirst, testNow, x, nil)
	f.worker.inline = true
	f.load()
	if got := f.practitioner.Selected; got != "Dr Amara Okafor" {
		t.Errorf("practitioner = %q, want the signed-in one", got)
	}
	if got := f.skinType.SelectedIndex(); got != 3 {
		t.Errorf("skin type = %d, want the patient's 3", got)
	}
	if got := f.concerns.Selected(); len(got) != 2 {
		t.Errorf("concerns = %q, want the screening's two", got)
	}
}

// oneSeries is a patient's record with one active series of planned
// sessions, started on started, by Dr Okafor (staff 7), holding sessions.
func oneSeries(first, last string, planned int, started time.Time, sessions ...data.Session) *fakeStore {
	store := newFakeStore(data.Patient{FirstName: first, LastName: last})
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, Areas: []data.Area{data.AreaCheeks},
		PlannedSessions: planned, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: started}}
	store.sessions = map[int64][]data.Session{4: sessions}
	return store
}

// cheeksSession is session id of series 4 at at, on the cheeks, by Dr
// Okafor; signed an hour later unless it is a draft.
func cheeksSession(id int64, at time.Time, draft bool) data.Session {
	x := data.Session{ID: id, SeriesID: 4, PerformedAt: at, PractitionerID: 7,
		Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 100, Passes: 3}},
		Check: data.CheckResult{Status: data.CheckClear}}
	if !draft {
		x.SignedAt, x.SignedBy = at.Add(time.Hour), 7
	}
	return x
}

// TestClinicalRecordSaysTheNextBooking: a series whose next session is
// booked says when, rather than only that it is overdue, and its next step
// comes before the timeline and face chart.
func TestClinicalRecordSaysTheNextBooking(t *testing.T) {
	store := oneSeries("Ciarán", "Allen", 3, time.Date(2026, 8, 3, 0, 0, 0, 0, time.UTC),
		cheeksSession(9, time.Date(2026, 8, 3, 14, 0, 0, 0, time.UTC), false))
	store.appointments = []data.Appointment{{ID: 2, PatientID: 1, SeriesID: 4, Kind: data.KindTreatment, Status: data.StatusBooked,
		PractitionerID: 7, Start: time.Date(2026, 12, 4, 15, 30, 0, 0, time.UTC), DurationMinutes: 60}}
	s := newTestScreen(t, store)
	s.list.Select(0)

	text := viewText(s.clinical)
	if want := "Session 2 of 3 · booked Fri 4 Dec 2026 15:30, due since 31 Aug 2026"; !strings.Contains(text, want) {
		t.Errorf("clinical view lacks %q; it shows:\n%s", want, text)
	}
	step, chart := -1, -1
	for i, o := range test.LaidOutObjects(s.clinical.body) {
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == "Log session…" && step < 0 {
				step = i
			}
		case *faceChart:
			if chart < 0 {
				chart = i
			}
		}
	}
	if step < 0 || chart < 0 || step > chart {
		t.Errorf("Log session… at %d and the face chart at %d: the next step should come first", step, chart)
	}
}

// TestTimelineAfterADraft: a session logged as a draft took the due place
// on the timeline; the next one is due an interval after it, not overdue
// since the date the draft fulfilled.
func TestTimelineAfterADraft(t *testing.T) {
	store := oneSeries("Yuting", "Ng", 3, time.Date(2026, 8, 3, 0, 0, 0, 0, time.UTC),
		cheeksSession(9, time.Date(2026, 8, 3, 14, 0, 0, 0, time.UTC), false),
		cheeksSession(10, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC), true))
	s := newTestScreen(t, store)
	s.list.Select(0)

	text := viewText(s.clinical)
	if !strings.Contains(text, "3 · due\n26 Dec") || strings.Contains(text, "\n3 · overdue") {
		t.Errorf("after the draft of 28 Nov, the third session should be due 26 Dec; the record shows:\n%s", text)
	}
	if !strings.Contains(text, "Session 2 of 3 · overdue since 31 Aug 2026") {
		t.Errorf("the series line should still count signed sessions only:\n%s", text)
	}
}

// TestSeriesWithEverySessionDone: once every planned session is signed,
// closing the series is the step shown, and nothing is offered to book or
// log until it is extended.
func TestSeriesWithEverySessionDone(t *testing.T) {
	store := oneSeries("Xinyi", "Cheung", 2, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
		cheeksSession(9, time.Date(2026, 9, 1, 14, 0, 0, 0, time.UTC), false),
		cheeksSession(10, time.Date(2026, 9, 29, 14, 0, 0, 0, time.UTC), false))
	s := newTestScreen(t, store)
	s.list.Select(0)

	buttons := buttonsText(s.clinical)
	for _, gone := range []string{"[Book next session…]", "[Log session…]"} {
		if strings.Contains(buttons, gone) {
			t.Errorf("a series with every session done offers %s: %s", gone, buttons)
		}
	}
	if b := bodyButton(t, s.clinical, "Mark completed"); b.Importance != widget.HighImportance {
		t.Error("Mark completed is not the step shown")
	}
	bodyButton(t, s.clinical, "Extend by one session…")
}
