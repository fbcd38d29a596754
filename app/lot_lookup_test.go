package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// fakeLotStore answers LotLookup from a fixed list and records the lots
// it was asked about, and the patients opened from the results.
type fakeLotStore struct {
	uses    map[string][]data.LotUse
	asked   []string
	opened  []int64
	country string // the clinic's, "" for never saved
}

func (f *fakeLotStore) ClinicDetails(context.Context) (data.ClinicDetails, error) {
	return data.ClinicDetails{Country: f.country}, nil
}

func (f *fakeLotStore) LotLookup(_ context.Context, lot string) ([]data.LotUse, error) {
	f.asked = append(f.asked, lot)
	return f.uses[lot], nil
}

func newTestLotLookup(t *testing.T, store *fakeLotStore) *lotLookupScreen {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := newLotLookupScreen(w, store, data.DayFirst, func(id int64) { store.opened = append(store.opened, id) })
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(760, 520))
	s.worker.inline = true
	w.Canvas().Focus(s.lot)
	return s
}

func TestLotLookupShowsSessions(t *testing.T) {
	at := time.Date(2026, 3, 14, 10, 30, 0, 0, time.Local)
	store := &fakeLotStore{uses: map[string][]data.LotUse{"DP4-2503B": {
		{PatientID: 7, PatientName: "Amara Osei", DateOfBirth: time.Date(1988, 7, 2, 0, 0, 0, 0, time.UTC), Phone: "07700 900123",
			SessionID: 31, PerformedAt: at, Which: "cartridge", Lot: "DP4-2503B"},
		{PatientID: 7, PatientName: "Amara Osei", DateOfBirth: time.Date(1988, 7, 2, 0, 0, 0, 0, time.UTC), Phone: "07700 900123",
			SessionID: 30, PerformedAt: at.AddDate(0, 0, -28), Which: "product", Lot: "dp4 2503b"},
		{PatientID: 9, PatientName: "Bea Lund", SessionID: 12, PerformedAt: at.AddDate(0, -1, 0), Which: "cartridge", Lot: "DP4-2503B"},
	}}}
	s := newTestLotLookup(t, store)

	test.Type(s.lot, " DP4-2503B ")
	s.lot.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})

	if got, want := strings.Join(store.asked, ","), "DP4-2503B"; got != want {
		t.Fatalf("store asked for %q, want %q", got, want)
	}
	if got, want := s.summary.Text, "Lot DP4-2503B was used in 3 sessions for 2 patients."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if got, want := len(s.results), 3; got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	if got, want := s.cell(s.results[0], 0), "14/03/2026 10:30"; got != want {
		t.Errorf("date cell = %q, want %q", got, want)
	}
	for _, c := range []struct {
		row, col int
		want     string
	}{
		{0, 2, "02/07/1988"}, {0, 3, "07700 900123"}, {1, 4, "dp4 2503b"}, {1, 5, "Serum / product"},
		{2, 2, ""}, {2, 3, "no phone"}, {2, 6, "#12"},
	} {
		if got := s.cell(s.results[c.row], c.col); got != c.want {
			t.Errorf("cell %d of row %d = %q, want %q", c.col, c.row, got, c.want)
		}
	}

	if s.copyButton.Disabled() {
		t.Fatal("Copy list is disabled with results shown")
	}
	test.Tap(s.copyButton)
	lines := strings.Split(strings.TrimSpace(fyne.CurrentApp().Clipboard().Content()), "\n")
	if got, want := len(lines), 4; got != want {
		t.Fatalf("clipboard has %d lines, want %d: %q", got, want, lines)
	}
	if got, want := lines[1], "DP4-2503B\t14/03/2026\t10:30\tAmara Osei\t7\t02/07/1988\t07700 900123\tNeedle cartridge\t31"; got != want {
		t.Errorf("first copied line = %q, want %q", got, want)
	}
}

// TestLotLookupCopiesText: the list pasted into a spreadsheet shows what
// a patient's record holds as text; nothing in it runs as a formula.
func TestLotLookupCopiesText(t *testing.T) {
	at := time.Date(2026, 3, 14, 10, 30, 0, 0, time.Local)
	store := &fakeLotStore{uses: map[string][]data.LotUse{"DP4-2503B": {
		{PatientID: 7, PatientName: `=HYPERLINK("http://x.example","Zoë")`, Phone: "+44 7700 900123",
			SessionID: 31, PerformedAt: at, Which: "cartridge", Lot: "DP4-2503B"},
	}}}
	s := newTestLotLookup(t, store)
	test.Type(s.lot, "DP4-2503B")
	s.lot.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Tap(s.copyButton)
	lines := strings.Split(strings.TrimSpace(fyne.CurrentApp().Clipboard().Content()), "\n")
	if len(lines) != 2 {
		t.Fatalf("clipboard = %q, want a heading and one row", lines)
	}
	cells := strings.Split(lines[1], "\t")
	if got, want := cells[3], `'=HYPERLINK("http://x.example","Zoë")`; got != want {
		t.Errorf("name pasted as %q, want %q", got, want)
	}
	if got, want := cells[6], "'+44 7700 900123"; got != want {
		t.Errorf("phone pasted as %q, want %q", got, want)
	}
}

func TestLotLookupEmptyLot(t *testing.T) {
	store := &fakeLotStore{}
	s := newTestLotLookup(t, store)

	test.Type(s.lot, "   ")
	s.lot.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Tap(s.searchButton)

	if len(store.asked) != 0 {
		t.Fatalf("store asked %q for an empty lot", store.asked)
	}
	if !strings.Contains(s.summary.Text, "Type a lot number") {
		t.Errorf("summary = %q, want a request for a lot number", s.summary.Text)
	}
	if !s.copyButton.Disabled() {
		t.Error("Copy list is enabled without results")
	}
}

func TestLotLookupNoMatches(t *testing.T) {
	store := &fakeLotStore{}
	s := newTestLotLookup(t, store)

	test.Type(s.lot, "XYZ-1")
	test.Tap(s.searchButton)

	if got, want := len(store.asked), 1; got != want {
		t.Fatalf("store asked %d times, want %d", got, want)
	}
	if got, want := s.summary.Text, "No session used lot XYZ-1."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if len(s.results) != 0 || !s.copyButton.Disabled() {
		t.Errorf("%d rows and copy enabled = %v after no matches", len(s.results), !s.copyButton.Disabled())
	}
}

func TestLotLookupSeveralLots(t *testing.T) {
	at := time.Date(2026, 3, 14, 10, 30, 0, 0, time.Local)
	store := &fakeLotStore{uses: map[string][]data.LotUse{"2612": {
		{PatientID: 7, PatientName: "Amara Osei", SessionID: 31, PerformedAt: at, Which: "cartridge", Lot: "DP4-2612D"},
		{PatientID: 9, PatientName: "Bea Lund", SessionID: 12, PerformedAt: at.AddDate(0, -1, 0), Which: "cartridge", Lot: "DP4-2612C"},
		{PatientID: 9, PatientName: "Bea Lund", SessionID: 11, PerformedAt: at.AddDate(0, -2, 0), Which: "cartridge", Lot: "dp4 2612c"},
	}}}
	s := newTestLotLookup(t, store)

	test.Type(s.lot, "2612")
	test.Tap(s.searchButton)

	if got, want := s.summary.Text, "2 lots contain 2612: DP4-2612D, DP4-2612C. They were used in 3 sessions for 2 patients."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	lines := strings.Split(strings.TrimSpace(s.lotListText()), "\n")
	if got, want := strings.Split(lines[3], "\t")[0], "dp4 2612c"; got != want {
		t.Errorf("copied lot = %q, want the lot as recorded, %q", got, want)
	}
}

func TestLotLookupOpensPatient(t *testing.T) {
	at := time.Date(2026, 3, 14, 10, 30, 0, 0, time.Local)
	store := &fakeLotStore{uses: map[string][]data.LotUse{"DP4-2612C": {
		{PatientID: 7, PatientName: "Amara Osei", SessionID: 31, PerformedAt: at, Which: "cartridge", Lot: "DP4-2612C"},
		{PatientID: 9, PatientName: "Bea Lund", SessionID: 12, PerformedAt: at.AddDate(0, -1, 0), Which: "cartridge", Lot: "DP4-2612C"},
		{PatientID: 11, PatientName: "Cleo Park", SessionID: 5, PerformedAt: at.AddDate(0, -2, 0), Which: "product", Lot: "DP4-2612C"},
	}}}
	s := newTestLotLookup(t, store)
	test.Type(s.lot, "DP4-2612C")
	test.Tap(s.searchButton)
	if !s.openButton.Disabled() {
		t.Error("Open patient is enabled with no row selected")
	}

	s.table.Select(widget.TableCellID{Row: 1, Col: 1})
	test.Tap(s.openButton)
	if got, want := store.opened, []int64{9}; !slices.Equal(got, want) {
		t.Fatalf("Open patient opened %v, want %v", got, want)
	}

	s.table.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(200, rowY(t, s, "Cleo Park"))})
	if got, want := store.opened, []int64{9, 11}; !slices.Equal(got, want) {
		t.Fatalf("a double click on Cleo Park's row opened %v, want %v", got, want)
	}
	s.table.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(200, s.table.Size().Height-10)})
	if got, want := len(store.opened), 2; got != want {
		t.Errorf("a double click below the rows opened %v", store.opened)
	}

	s.table.Tapped(&fyne.PointEvent{Position: fyne.NewPos(200, rowY(t, s, "Cleo Park"))})
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got, want := store.opened, []int64{9, 11, 7}; !slices.Equal(got, want) {
		t.Errorf("Enter on Amara Osei's row opened %v, want %v", got, want)
	}
}

// rowY is the height, within the table, of the middle of the row naming
// patient.
func rowY(t *testing.T, s *lotLookupScreen, patient string) float32 {
	t.Helper()
	var tableY float32
	y := float32(-1)
	walkVisible(s.win.Canvas().Content(), fyne.Position{}, func(o fyne.CanvasObject, pos fyne.Position) {
		if o == s.table {
			tableY = pos.Y
		}
		if l, ok := o.(*widget.Label); ok && l.Text == patient {
			y = pos.Y + l.Size().Height/2
		}
	})
	if y < 0 {
		t.Fatalf("no row shows %s", patient)
	}
	return y - tableY
}

// TestLotLookupShowsPhonesAsDialledInTheClinic: a number is shown the way
// it is dialled in the clinic's country, not as it was once typed.
func TestLotLookupShowsPhonesAsDialledInTheClinic(t *testing.T) {
	store := &fakeLotStore{country: "FR", uses: map[string][]data.LotUse{"DP4-2503B": {
		{PatientID: 7, PatientName: "Élodie Martin", Phone: "+33 6-12-34-56-78", PhoneE164: "+33612345678",
			SessionID: 3, PerformedAt: time.Date(2026, 3, 14, 10, 30, 0, 0, time.Local), Which: "cartridge", Lot: "DP4-2503B"},
	}}}
	s := newTestLotLookup(t, store)
	s.lot.SetText("DP4-2503B")
	s.onSearch()
	if got, want := s.cell(s.results[0], 3), "06 12 34 56 78"; got != want {
		t.Errorf("phone shown as %q, want %q as dialled in France", got, want)
	}
}
