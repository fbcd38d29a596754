package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// fakeLotStore answers LotLookup from a fixed list and records the lots
// it was asked about.
type fakeLotStore struct {
	uses  map[string][]data.LotUse
	asked []string
}

func (f *fakeLotStore) LotLookup(_ context.Context, lot string) ([]data.LotUse, error) {
	f.asked = append(f.asked, lot)
	return f.uses[lot], nil
}

func newTestLotLookup(t *testing.T, store *fakeLotStore) *lotLookupScreen {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := newLotLookupScreen(w, store, data.DayFirst)
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(760, 520))
	s.worker.inline = true
	w.Canvas().Focus(s.lot)
	return s
}

func TestLotLookupShowsSessions(t *testing.T) {
	at := time.Date(2026, 3, 14, 10, 30, 0, 0, time.Local)
	store := &fakeLotStore{uses: map[string][]data.LotUse{"DP4-2503B": {
		{PatientID: 7, PatientName: "Amara Osei", SessionID: 31, PerformedAt: at, Which: "cartridge"},
		{PatientID: 7, PatientName: "Amara Osei", SessionID: 30, PerformedAt: at.AddDate(0, 0, -28), Which: "product"},
		{PatientID: 9, PatientName: "Bea Lund", SessionID: 12, PerformedAt: at.AddDate(0, -1, 0), Which: "cartridge"},
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
	if got, want := s.cell(s.results[1], 2), "Serum / product"; got != want {
		t.Errorf("which cell = %q, want %q", got, want)
	}
	if got, want := s.cell(s.results[2], 3), "#12"; got != want {
		t.Errorf("session cell = %q, want %q", got, want)
	}

	if s.copyButton.Disabled() {
		t.Fatal("Copy list is disabled with results shown")
	}
	test.Tap(s.copyButton)
	lines := strings.Split(strings.TrimSpace(fyne.CurrentApp().Clipboard().Content()), "\n")
	if got, want := len(lines), 4; got != want {
		t.Fatalf("clipboard has %d lines, want %d: %q", got, want, lines)
	}
	if got, want := lines[1], "DP4-2503B\t14/03/2026\t10:30\tAmara Osei\t7\tNeedle cartridge\t31"; got != want {
		t.Errorf("first copied line = %q, want %q", got, want)
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
