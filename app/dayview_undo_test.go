package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// UndoStatus puts a checked-in or no-show appointment back to booked, as
// the store does.
func (f *fakeDayStore) UndoStatus(_ context.Context, id, version int64) error {
	for i := range f.appointments {
		if a := &f.appointments[i]; a.ID == id {
			if !data.CanUndo(a.Status) {
				return data.Errorf(data.EINVALID, "Only a check-in or a did not attend can be undone.")
			}
			f.moves = append(f.moves, dayMove{id, version, data.StatusBooked, "undo"})
			a.Status = data.StatusBooked
			a.Version++
		}
	}
	return nil
}

func TestDayViewNoShowNotBeforeStart(t *testing.T) {
	store := newFakeDayStore()
	s := newTestDayScreen(t, store) // 09:15, Bea Lund booked at 10:00

	selectRow(s, 0)
	if s.noShowButton.Disabled() {
		t.Fatal("No-show is disabled for today's booked appointment")
	}
	test.Tap(s.noShowButton)
	if len(store.moves) != 0 {
		t.Fatalf("marked as did not attend before the start: %+v", store.moves)
	}
	text := overlayText(s.win.Canvas())
	if want := "This appointment has not started yet: Bea Lund is booked for 10:00 on Saturday 28 Nov."; !strings.Contains(text, want) {
		t.Errorf("the confirmation lacks %q:\n%s", want, text)
	}
	tapOverlay(t, s.win, "Cancel appointment…")
	if s.reasonEntry == nil {
		t.Error("Cancel appointment… did not ask for the reason")
	}

	s.now = func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.Local) }
	test.Tap(s.noShowButton)
	if got, want := store.moves, []dayMove{{1, 3, data.StatusNoShow, ""}}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("at the start time SetStatus %+v, want %+v", got, want)
	}
}

func TestDayViewUndo(t *testing.T) {
	for _, tt := range []struct {
		status data.AppointmentStatus
		label  string
	}{
		{data.StatusNoShow, "Undo no-show"},
		{data.StatusCheckedIn, "Undo check-in"},
	} {
		t.Run(string(tt.status), func(t *testing.T) {
			store := newFakeDayStore()
			store.appointments[0].Status = tt.status
			s := newTestDayScreen(t, store)

			selectRow(s, 0)
			if s.undoButton.Disabled() || s.undoButton.Text != tt.label {
				t.Fatalf("undo button %q (disabled %v), want %q enabled", s.undoButton.Text, s.undoButton.Disabled(), tt.label)
			}
			test.Tap(s.undoButton)
			if got, want := store.moves, []dayMove{{1, 3, data.StatusBooked, "undo"}}; len(got) != 1 || got[0] != want[0] {
				t.Fatalf("UndoStatus %+v, want %+v", got, want)
			}
			if got := s.appointments[0].Status; got != data.StatusBooked {
				t.Errorf("status = %s after the undo, want booked", got)
			}
			if s.checkInButton.Disabled() || !s.undoButton.Disabled() {
				t.Error("after the undo, Check in should be enabled and the undo disabled")
			}
		})
	}
	t.Run("NothingToUndo", func(t *testing.T) {
		s := newTestDayScreen(t, newFakeDayStore())
		selectRow(s, 0)
		if !s.undoButton.Disabled() {
			t.Error("the undo is enabled for a booked appointment")
		}
	})
}
