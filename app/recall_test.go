package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// recallCall is one MarkCalled the fake store was given.
type recallCall struct {
	patientID, seriesID, by int64
	note                    string
}

// fakeRecallStore answers Recall from a fixed list, records the calls
// marked and the sessions booked, and counts the loads.
type fakeRecallStore struct {
	list  []data.RecallEntry
	me    data.Actor
	days  []time.Time
	calls []recallCall
	// cutoff is the clinic's cut-off in months.
	cutoff int
	// proposed are the series whose next session was proposed; booked the
	// appointments booked, each taking its patient off the list.
	proposed []int64
	booked   []data.Appointment
	// country is the clinic's, "" for never saved.
	country string
}

func (f *fakeRecallStore) ClinicDetails(context.Context) (data.ClinicDetails, error) {
	return data.ClinicDetails{Country: f.country}, nil
}

func (f *fakeRecallStore) Recall(_ context.Context, today time.Time) ([]data.RecallEntry, error) {
	f.days = append(f.days, today)
	return append([]data.RecallEntry(nil), f.list...), nil
}

func (f *fakeRecallStore) MarkCalled(_ context.Context, patientID, seriesID, by int64, note string) error {
	f.calls = append(f.calls, recallCall{patientID, seriesID, by, note})
	for i := range f.list {
		if f.list[i].PatientID == patientID && f.list[i].SeriesID == seriesID {
			f.list[i].LastCalled = time.Date(2026, 5, 4, 9, 15, 0, 0, time.Local)
			f.list[i].LastCallNote = note
		}
	}
	return nil
}

func (f *fakeRecallStore) Actor() (data.Actor, bool) { return f.me, f.me.StaffID != 0 }

func (f *fakeRecallStore) RecordExported(context.Context, string) error { return nil }

func (f *fakeRecallStore) DiarySettings(context.Context) (data.DiarySettings, error) {
	d := data.DefaultDiarySettings()
	d.RecallCutoffMonths = f.cutoff
	return d, nil
}

func (f *fakeRecallStore) ProposeNextSession(_ context.Context, seriesID int64, _ *time.Location) (data.Proposal, error) {
	f.proposed = append(f.proposed, seriesID)
	return data.Proposal{Start: time.Date(2026, 5, 12, 10, 0, 0, 0, time.Local), PractitionerID: 5, Why: "4 weeks after 7 Apr"}, nil
}

func (f *fakeRecallStore) Staff(context.Context, bool) ([]data.StaffMember, error) {
	return []data.StaffMember{
		{ID: 4, Name: "Dr Ines Varga", Role: data.RolePractitioner, Active: true},
		{ID: 5, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true},
	}, nil
}

func (f *fakeRecallStore) BookingWarnings(context.Context, data.Appointment) ([]string, error) {
	return nil, nil
}

func (f *fakeRecallStore) Book(_ context.Context, a *data.Appointment) error {
	f.booked = append(f.booked, *a)
	f.list = slices.DeleteFunc(f.list, func(e data.RecallEntry) bool { return e.PatientID == a.PatientID })
	return nil
}

var recallToday = time.Date(2026, 5, 4, 9, 0, 0, 0, time.Local)

func newTestRecall(t *testing.T, store *fakeRecallStore) *recallScreen {
	t.Helper()
	return newTestRecallOpening(t, store, nil)
}

// newTestRecallOpening is newTestRecall whose Open patient calls open.
func newTestRecallOpening(t *testing.T, store *fakeRecallStore, open func(int64)) *recallScreen {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := newRecallScreen(w, store, data.DayFirst, func() time.Time { return recallToday }, open)
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(980, 560))
	s.worker.inline = true
	s.load()
	return s
}

var (
	okafor = data.RecallPractitioner{ID: 5, Name: "Dr Amara Okafor"}
	varga  = data.RecallPractitioner{ID: 4, Name: "Dr Ines Varga"}
)

func recallFixture() *fakeRecallStore {
	return &fakeRecallStore{
		list: []data.RecallEntry{
			{PatientID: 7, PatientName: "Amara Osei", Phone: "07700 900123", ReminderConsent: true,
				Reason: "Session 3 of 4 overdue", Urgency: 40, SeriesID: 11,
				Kinds: []data.RecallKind{data.RecallSessionOverdue}, Practitioners: []data.RecallPractitioner{okafor},
				LastCalled: time.Date(2026, 4, 20, 14, 5, 0, 0, time.Local), LastCallNote: "No answer"},
			{PatientID: 9, PatientName: "Bea Lund", Phone: "07700 900456",
				Reason: "Did not attend the treatment on 1 May 2026 10:00, not rebooked", Urgency: 3,
				Kinds: []data.RecallKind{data.RecallMissed}, Practitioners: []data.RecallPractitioner{varga}},
			{PatientID: 12, PatientName: "Cleo Park", Reason: "Six-month review due since 4 May 2026", SeriesID: 13,
				Kinds: []data.RecallKind{data.RecallReviewDue}, Practitioners: []data.RecallPractitioner{okafor}},
		},
		me:     data.Actor{StaffID: 3, Name: "Eli Moss", Role: data.RoleReception},
		cutoff: data.DefaultRecallCutoffMonths,
	}
}

func TestRecallListsPatients(t *testing.T) {
	store := recallFixture()
	s := newTestRecall(t, store)

	if got := len(store.days); got != 1 || !store.days[0].Equal(recallToday) {
		t.Fatalf("Recall asked for %v, want once for %v", store.days, recallToday)
	}
	if got, want := s.summary.Text, "3 patients to call, most overdue first."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if got, want := len(s.entries), 3; got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	rows, cols := s.table.Length()
	if rows != 3 || cols != len(recallColumns) {
		t.Errorf("table is %dx%d, want 3x%d", rows, cols, len(recallColumns))
	}
	for _, c := range []struct {
		row, col int
		want     string
	}{
		{0, 0, "40 days"},
		{0, 1, "Amara Osei"},
		{0, 2, "07700 900123"},
		{0, 3, "yes"},
		{0, 4, "Session 3 of 4 overdue"},
		{0, 5, "20 Apr 2026 14:05 – No answer"},
		{1, 0, "3 days"},
		{1, 3, "no"},
		{1, 5, "not yet"},
		{2, 0, "today"},
		{2, 2, "no phone"},
	} {
		if got := recallCell(s.entries[c.row], c.col, s.country); got != c.want {
			t.Errorf("cell %d,%d = %q, want %q", c.row, c.col, got, c.want)
		}
	}
	if !s.markButton.Disabled() {
		t.Error("Mark called is enabled with no row selected")
	}
	if s.exportButton.Disabled() {
		t.Error("Export CSV is disabled with patients listed")
	}
}

func TestRecallMarkCalled(t *testing.T) {
	store := recallFixture()
	s := newTestRecall(t, store)

	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	if s.markButton.Disabled() {
		t.Fatal("Mark called is disabled with a row selected")
	}
	test.Tap(s.markButton)
	if s.callDialog == nil {
		t.Fatal("no dialog asks who called")
	}
	if got := overlayText(s.win.Canvas()); !strings.Contains(got, "Eli Moss") {
		t.Errorf("the dialog = %q, want it to say the call is recorded as the signed-in Eli Moss", got)
	}
	test.Type(s.callNote, "Booked for Tuesday")
	s.callDialog.Submit()

	if got, want := len(store.calls), 1; got != want {
		t.Fatalf("%d calls recorded, want %d", got, want)
	}
	if got, want := store.calls[0], (recallCall{patientID: 7, seriesID: 11, by: 3, note: "Booked for Tuesday"}); got != want {
		t.Errorf("call recorded = %+v, want %+v", got, want)
	}
	if got, want := len(store.days), 2; got != want {
		t.Errorf("list loaded %d times, want %d (reloaded after the call)", got, want)
	}
	if got, want := recallCell(s.entries[0], 5, s.country), "4 May 2026 09:15 – Booked for Tuesday"; got != want {
		t.Errorf("last called after reload = %q, want %q", got, want)
	}
	if s.selected != -1 || !s.markButton.Disabled() {
		t.Errorf("selection kept after reload: row %d, Mark called enabled = %v", s.selected, !s.markButton.Disabled())
	}
}

func TestRecallMarkCalledNeedsANote(t *testing.T) {
	store := recallFixture()
	s := newTestRecall(t, store)

	s.table.Select(widget.TableCellID{Row: 1, Col: 0})
	test.Tap(s.markButton)
	if s.callDialog == nil {
		t.Fatal("no dialog asks what was said")
	}
	s.callDialog.Submit()
	if len(store.calls) != 0 {
		t.Errorf("call recorded without a note: %+v", store.calls)
	}
}

func TestRecallNobodyToCall(t *testing.T) {
	store := &fakeRecallStore{}
	s := newTestRecall(t, store)

	if got, want := s.summary.Text, "Nobody to call today."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if len(s.entries) != 0 {
		t.Errorf("%d rows, want none", len(s.entries))
	}
	if !s.exportButton.Disabled() || !s.markButton.Disabled() {
		t.Error("Export CSV or Mark called is enabled with nobody to call")
	}
	test.Tap(s.refreshButton)
	if got, want := len(store.days), 2; got != want {
		t.Errorf("list loaded %d times, want %d after Refresh", got, want)
	}
}

// TestRecallNotYetEligibleApart: a patient whose screening holds their
// next session back is shown as not yet eligible, after those to call, and
// is not counted among them.
func TestRecallNotYetEligibleApart(t *testing.T) {
	store := recallFixture()
	store.list = append(store.list, data.RecallEntry{PatientID: 14, PatientName: "Dana Fox", Phone: "07700 900789",
		Reason: "Not before 29 Mar 2027: isotretinoin (session 2 of 3)", Since: time.Date(2027, 3, 29, 0, 0, 0, 0, time.UTC),
		Urgency: -120, NotYetEligible: true, SeriesID: 15})
	s := newTestRecall(t, store)

	if got, want := s.summary.Text, "3 patients to call, most overdue first. Listed after them: 1 patient not yet eligible for their next session, soonest first."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if got, want := recallCell(s.entries[3], 0, s.country), "not yet eligible"; got != want {
		t.Errorf("first column = %q, want %q", got, want)
	}

	store.list = store.list[3:]
	test.Tap(s.refreshButton)
	if got, want := s.summary.Text, "Nobody to call today. Listed: 1 patient not yet eligible for their next session, soonest first."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

// TestRecallMarkCalledShowsEveryReason: the table cuts a long reason
// short, so the call dialog shows every reason of the patient in full.
func TestRecallMarkCalledShowsEveryReason(t *testing.T) {
	store := recallFixture()
	store.list[0].Reason = "Session 3 of 4 overdue; Did not attend the review on 1 May 2026 10:00, not rebooked"
	s := newTestRecall(t, store)

	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	test.Tap(s.markButton)
	if got := overlayText(s.win.Canvas()); !strings.Contains(got, "Session 3 of 4 overdue\nDid not attend the review on 1 May 2026 10:00, not rebooked") {
		t.Errorf("the dialog = %q, want every reason, one a line", got)
	}
}

// TestRecallPhoneNotCutOff: the phone column is as wide as the longest
// number listed, with room for the cell's padding, so no digit is cut off.
func TestRecallPhoneNotCutOff(t *testing.T) {
	store := recallFixture()
	long := "+44 (0)7700 900123 ext. 4567"
	store.list[0].Phone = long
	s := newTestRecall(t, store)
	text := fyne.MeasureText(long, theme.TextSize(), fyne.TextStyle{}).Width
	if width := phoneColumnWidth(s.entries, s.country); width < text+2*theme.InnerPadding() {
		t.Errorf("phone column %v wide for a number %v wide", width, text)
	}
	if short := phoneColumnWidth(nil, data.DefaultCountry); short != minPhoneWidth {
		t.Errorf("phone column with nothing listed = %v, want %v", short, minPhoneWidth)
	}
}

// TestRecallFilters: patients overdue for years drop off the list unless
// asked for, a name or phone number finds one patient in it, and Open
// patient shows the chosen one's record.
func TestRecallFilters(t *testing.T) {
	store := recallFixture()
	store.list = append([]data.RecallEntry{{PatientID: 20, PatientName: "Dora Ólafsdóttir", Phone: "07700 900789",
		Reason: "Six-month review due since 4 May 2022", Urgency: 1461}}, store.list...)
	var opened []int64
	s := newTestRecallOpening(t, store, func(id int64) { opened = append(opened, id) })
	if len(s.entries) != 3 || !strings.Contains(s.summary.Text, "Left out: 1 patient overdue for longer") {
		t.Errorf("by default: %d listed, summary %q; want the patient four years overdue left out", len(s.entries), s.summary.Text)
	}
	s.cutoff.SetSelected("Everyone, however long ago")
	if len(s.entries) != 4 || s.entries[0].PatientName != "Dora Ólafsdóttir" {
		t.Errorf("everyone: %d listed, first %q", len(s.entries), s.entries[0].PatientName)
	}
	test.Type(s.search, "dora olafs")
	if len(s.entries) != 1 || s.entries[0].PatientID != 20 {
		t.Errorf("searching a name without its accents lists %+v", s.entries)
	}
	s.search.SetText("900456")
	if len(s.entries) != 1 || s.entries[0].PatientName != "Bea Lund" {
		t.Errorf("searching a phone number lists %+v", s.entries)
	}
	if !s.openButton.Disabled() {
		t.Error("Open patient is enabled with nobody chosen")
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	test.Tap(s.openButton)
	if len(opened) != 1 || opened[0] != 9 {
		t.Errorf("opened %v, want Bea Lund (9)", opened)
	}
}

// TestRecallFilterByReason: choosing a kind of reason lists only the
// patients with a reason of that kind, and Any reason lists them all.
func TestRecallFilterByReason(t *testing.T) {
	store := recallFixture()
	store.list[0].Reason += "; Did not attend the review on 1 Apr 2026 10:00, not rebooked"
	store.list[0].Kinds = append(store.list[0].Kinds, data.RecallMissed)
	s := newTestRecall(t, store)

	for _, c := range []struct {
		reason string
		want   []int64
	}{
		{"Missed appointment", []int64{7, 9}},
		{"Next session overdue", []int64{7}},
		{"Six-month review due", []int64{12}},
		{"Next session due", nil},
		{"Any reason", []int64{7, 9, 12}},
	} {
		s.reason.SetSelected(c.reason)
		if got := recallPatients(s); !slices.Equal(got, c.want) {
			t.Errorf("%s: listed %v, want %v", c.reason, got, c.want)
		}
	}
	s.reason.SetSelected("Next session due")
	if got, want := s.summary.Text, "Nobody to call today."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

// TestRecallFilterByPractitioner: the practitioners offered are those of
// the list, and choosing one lists only their patients, also after a
// refresh.
func TestRecallFilterByPractitioner(t *testing.T) {
	store := recallFixture()
	s := newTestRecall(t, store)

	if got, want := s.practitioner.Options, []string{"Any practitioner", "Dr Amara Okafor", "Dr Ines Varga"}; !slices.Equal(got, want) {
		t.Errorf("practitioners offered = %q, want %q", got, want)
	}
	s.practitioner.SetSelected("Dr Ines Varga")
	if got, want := recallPatients(s), []int64{9}; !slices.Equal(got, want) {
		t.Errorf("Dr Ines Varga: listed %v, want %v", got, want)
	}
	s.practitioner.SetSelected("Dr Amara Okafor")
	if got, want := recallPatients(s), []int64{7, 12}; !slices.Equal(got, want) {
		t.Errorf("Dr Amara Okafor: listed %v, want %v", got, want)
	}
	test.Tap(s.refreshButton)
	if got, want := s.practitioner.Selected, "Dr Amara Okafor"; got != want {
		t.Errorf("after a refresh the practitioner chosen is %q, want %q", got, want)
	}
	if got, want := recallPatients(s), []int64{7, 12}; !slices.Equal(got, want) {
		t.Errorf("after a refresh: listed %v, want %v", got, want)
	}
}

// TestRecallClinicCutoff: the window starts at the clinic's own cut-off,
// marked as the clinic's, with Everyone still offered; a cut-off the desk
// chooses outlasts a refresh.
func TestRecallClinicCutoff(t *testing.T) {
	store := recallFixture()
	store.cutoff = 1
	s := newTestRecall(t, store)

	if got, want := s.cutoff.Selected, "Overdue up to 1 month (clinic's cut-off)"; got != want {
		t.Errorf("cut-off = %q, want %q", got, want)
	}
	if got, want := recallPatients(s), []int64{9, 12}; !slices.Equal(got, want) {
		t.Errorf("listed %v, want %v: Amara Osei is 40 days overdue", got, want)
	}
	if !strings.Contains(s.summary.Text, "Left out: 1 patient overdue for longer") {
		t.Errorf("summary = %q", s.summary.Text)
	}
	s.cutoff.SetSelected("Everyone, however long ago")
	if got, want := len(s.entries), 3; got != want {
		t.Errorf("everyone: %d listed, want %d", got, want)
	}
	test.Tap(s.refreshButton)
	if got, want := s.cutoff.Selected, "Everyone, however long ago"; got != want {
		t.Errorf("after a refresh the cut-off is %q, want the desk's choice %q", got, want)
	}

	store.cutoff = 0
	s = newTestRecall(t, store)
	if got, want := s.cutoff.Selected, "Everyone, however long ago (clinic's cut-off)"; got != want {
		t.Errorf("with no clinic cut-off the choice is %q, want %q", got, want)
	}
	store.cutoff = data.DefaultRecallCutoffMonths
	s = newTestRecall(t, store)
	if got, want := s.cutoff.Options, []string{"Overdue up to 6 months", "Overdue up to 1 year",
		"Overdue up to 2 years (clinic's cut-off)", "Everyone, however long ago"}; !slices.Equal(got, want) {
		t.Errorf("cut-offs offered = %q, want %q", got, want)
	}
}

// TestRecallBook: Book next session opens the booking of the chosen
// patient's series with the proposed date and the series' practitioner
// chosen, and once booked the list is read again without them. A row
// about a review, or about several series, cannot be booked from here.
func TestRecallBook(t *testing.T) {
	store := recallFixture()
	s := newTestRecall(t, store)

	for row, want := range []bool{true, false, false} {
		s.table.Select(widget.TableCellID{Row: row, Col: 1})
		if got := !s.bookButton.Disabled(); got != want {
			t.Errorf("row %d (%s): Book enabled = %v, want %v", row, s.entries[row].PatientName, got, want)
		}
	}
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	test.Tap(s.bookButton)
	if got, want := store.proposed, []int64{11}; !slices.Equal(got, want) {
		t.Fatalf("proposed the next session of series %v, want %v", got, want)
	}
	if text := overlayText(s.win.Canvas()); !strings.Contains(text, "Book the next session of Amara Osei") ||
		!strings.Contains(text, "Proposed: 4 weeks after 7 Apr.") {
		t.Fatalf("booking dialog = %q", text)
	}
	var (
		who     *widget.Select
		entries []*widget.Entry
	)
	for _, o := range test.LaidOutObjects(s.win.Canvas().Overlays().Top()) {
		switch w := o.(type) {
		case *widget.Select:
			who = w
		case *widget.Entry:
			entries = append(entries, w)
		}
	}
	if who == nil || len(entries) != 2 || who.Selected != "Dr Amara Okafor" || entries[0].Text != "12/05/2026" || entries[1].Text != "10:00" {
		t.Fatalf("booking not pre-filled with the proposal: %v %v", who, entries)
	}
	loads := len(store.days)
	for _, o := range test.LaidOutObjects(s.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Book" {
			test.Tap(b)
		}
	}
	if len(store.booked) != 1 {
		t.Fatalf("booked %+v, want one session", store.booked)
	}
	if a := store.booked[0]; a.PatientID != 7 || a.SeriesID != 11 || a.PractitionerID != 5 || a.Kind != data.KindTreatment ||
		a.Start.Format("2006-01-02 15:04") != "2026-05-12 10:00" {
		t.Errorf("booked %+v", a)
	}
	if got := len(store.days); got != loads+1 {
		t.Errorf("list loaded %d times after booking, want once more", got-loads)
	}
	if got, want := recallPatients(s), []int64{9, 12}; !slices.Equal(got, want) {
		t.Errorf("after booking: listed %v, want %v", got, want)
	}
	if got, want := s.summary.Text, "2 patients to call, most overdue first. Booked Tue 12 May 2026 10:00 for Amara Osei."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if top := s.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog is still open after booking: %q", overlayText(s.win.Canvas()))
	}
}

// recallPatients lists the IDs of the patients the table shows.
func recallPatients(s *recallScreen) []int64 {
	var ids []int64
	for _, e := range s.entries {
		ids = append(ids, e.PatientID)
	}
	return ids
}

// TestRecallShowsPhonesAsDialledInTheClinic: the list reads the clinic's
// country, and shows each number as it is dialled there.
func TestRecallShowsPhonesAsDialledInTheClinic(t *testing.T) {
	store := recallFixture()
	store.country = "FR"
	store.list[0].Phone, store.list[0].PhoneE164 = "+33 6-12-34-56-78", "+33612345678"
	s := newTestRecall(t, store)
	if s.country != "FR" {
		t.Fatalf("the list reads numbers as dialled in %q, want the clinic's FR", s.country)
	}
	if got, want := recallCell(s.entries[0], recallPhoneColumn, s.country), "06 12 34 56 78"; got != want {
		t.Errorf("phone shown as %q, want %q", got, want)
	}
}
