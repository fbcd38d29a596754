package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// TestDepthOutsideGuideConfirmedWithReason: a depth outside the guide asks
// for the reason under the warning, then for a confirmation, and is saved
// with the reason only once confirmed.
func TestDepthOutsideGuideConfirmedWithReason(t *testing.T) {
	store := newFakeSessionStore()
	f := newTestSessionForm(t, store)
	if !f.depthReasonBox.Hidden {
		t.Error("a reason for the depth is asked with every depth within the guide")
	}

	f.areaRows[0].depth.SetText("1.5") // forehead: the guide is 0.25–0.75 mm
	if f.depthReasonBox.Hidden {
		t.Fatal("no reason asked for a depth outside the guide")
	}
	test.Tap(f.saveButton)
	if len(store.calls) != 1 {
		t.Fatalf("store calls = %q with no reason for the depth", store.calls)
	}
	if msg := fieldMessage(f, data.FieldDepthReason); !strings.Contains(msg, "write why, or change the depth") {
		t.Errorf("depth reason message = %q", msg)
	}
	if got := f.win.Canvas().Focused(); got != f.depthReason {
		t.Errorf("focus on %T, want the reason for the depth", got)
	}

	test.Type(f.depthReason, "Thick sun-damaged skin; patient informed.")
	test.Tap(f.saveButton)
	text := sessionDialogText(f)
	for _, want := range []string{"Forehead at 1.5 mm is deeper than the guide for that area (0.25–0.75 mm).",
		"Your reason: Thick sun-damaged skin; patient informed."} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, text)
		}
	}
	tapSessionDialog(t, f, "Go back")
	if len(store.logged) != 0 {
		t.Fatal("saved without the confirmation")
	}
	test.Tap(f.saveButton)
	tapSessionDialog(t, f, "Save with this depth")
	if len(store.logged) != 1 {
		t.Fatalf("logged %d sessions after the confirmation, want 1", len(store.logged))
	}
	if got, want := store.logged[0].DepthReason, "Thick sun-damaged skin; patient informed."; got != want {
		t.Errorf("DepthReason = %q, want %q", got, want)
	}
	if msg := fieldMessage(f, data.FieldDepthReason); msg != "" {
		t.Errorf("depth reason message still shown: %q", msg)
	}
	if text := sessionDialogText(f); !strings.Contains(text, "Reason for the depth: Thick sun-damaged skin; patient informed.") {
		t.Errorf("the sign dialog does not show the reason for the depth:\n%s", text)
	}
}

// TestClinicalRecordShowsDepthReason: the session in the clinical record
// flags the depth outside the guide with the practitioner's reason.
func TestClinicalRecordShowsDepthReason(t *testing.T) {
	store := draftStore()
	x := &store.sessions[4][1]
	x.Areas = []data.SessionArea{{Area: data.AreaForehead, Depth: 100, Passes: 2}}
	x.DepthReason = "Thick sun-damaged skin"
	s := newTestScreen(t, store)
	s.list.Select(0)
	text := viewText(s.clinical)
	for _, want := range []string{"⚠ Forehead at 1 mm is deeper than the guide for that area (0.25–0.75 mm).",
		"Reason for the depth: Thick sun-damaged skin"} {
		if !strings.Contains(text, want) {
			t.Errorf("clinical record lacks %q:\n%s", want, text)
		}
	}
}
