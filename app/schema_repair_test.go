package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"needlepoint/data/sqlstore"
)

// fakeSchemaStore has the problems it is given until it is repaired.
type fakeSchemaStore struct {
	problems []sqlstore.SchemaProblem
	repairs  int
}

func (f *fakeSchemaStore) SchemaProblems() []sqlstore.SchemaProblem { return f.problems }

func (f *fakeSchemaStore) RepairSchema(context.Context) ([]sqlstore.SchemaProblem, error) {
	f.repairs++
	repaired := f.problems
	f.problems = nil
	return repaired, nil
}

func TestSchemaNotice(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	if n := showSchemaNotice(w, &fakeSchemaStore{}); n != nil {
		t.Fatal("a notice was shown with nothing wrong")
	}
	store := &fakeSchemaStore{problems: []sqlstore.SchemaProblem{
		{Type: "trigger", Name: "sessions_signed_locked", Table: "sessions", What: "missing"}}}
	n := showSchemaNotice(w, store)
	if n == nil {
		t.Fatal("no notice for a missing trigger")
	}
	n.worker.inline = true
	if got := overlayText(w.Canvas()); !strings.Contains(got, "The trigger sessions_signed_locked (on sessions) is missing") {
		t.Errorf("the notice does not name the missing trigger:\n%s", got)
	}
	test.Tap(n.repair)
	if store.repairs != 1 || len(store.problems) != 0 {
		t.Errorf("repairs = %d, problems left %v; want one repair", store.repairs, store.problems)
	}
	if got := overlayText(w.Canvas()); !strings.Contains(got, "Put right: the trigger sessions_signed_locked.") {
		t.Errorf("after the repair the window shows:\n%s", got)
	}
}
