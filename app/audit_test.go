package app

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"needlepoint/data"
)

// fakeAuditStore answers the audit report from fixed rows and records the
// filters it was asked for.
type fakeAuditStore struct {
	rows     []data.Audit
	verdict  data.AuditVerdict
	filters  []data.AuditFilter
	patients []data.PatientSummary
}

func (f *fakeAuditStore) AuditTrail(_ context.Context, filter data.AuditFilter) ([]data.Audit, error) {
	f.filters = append(f.filters, filter)
	var out []data.Audit
	for _, r := range f.rows {
		if (filter.StaffID == 0 || r.StaffID == filter.StaffID) && (filter.PatientID == 0 || r.PatientID == filter.PatientID) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fakeAuditStore) ExportAudit(context.Context, data.AuditFilter, io.Writer) error { return nil }

func (f *fakeAuditStore) VerifyAudit(context.Context) (data.AuditVerdict, error) {
	return f.verdict, nil
}

func (f *fakeAuditStore) Staff(context.Context, bool) ([]data.StaffMember, error) {
	return []data.StaffMember{{ID: 1, Name: "Fiona Byrne"}, {ID: 2, Name: "Jamal Reid"}}, nil
}

func (f *fakeAuditStore) Search(context.Context, string, data.DateOrder) ([]data.PatientSummary, error) {
	return f.patients, nil
}

func newTestAudit(t *testing.T, store *fakeAuditStore, patientID int64) *auditScreen {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := newAuditScreen(w, store, data.DayFirst, testNow, patientID, "Zoë Adams")
	s.worker.inline = true
	w.SetContent(s.content)
	w.Resize(fyne.NewSize(1100, 640))
	s.load()
	return s
}

func auditFixture() *fakeAuditStore {
	at := time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
	return &fakeAuditStore{
		rows: []data.Audit{
			{ID: 3, At: at, StaffID: 2, Actor: "Jamal Reid", Action: data.ActionViewed, PatientID: 7, PatientName: "Zoë Adams", Subject: "patient record"},
			{ID: 2, At: at, StaffID: 1, Actor: "Fiona Byrne", Action: data.ActionChanged, PatientID: 8, PatientName: "Ngozi Okafor", Subject: "patient record", Detail: "phone"},
			{ID: 1, At: at, StaffID: 1, Actor: "Fiona Byrne", Action: data.ActionSignedIn},
		},
		patients: []data.PatientSummary{{ID: 8, FirstName: "Ngozi", LastName: "Okafor"}},
	}
}

func TestAuditReport(t *testing.T) {
	store := auditFixture()
	s := newTestAudit(t, store, 0)
	if got, want := len(s.rows), 3; got != want {
		t.Fatalf("%d rows shown, want %d", got, want)
	}
	if got := auditCell(s.rows[1], 2) + " " + auditCell(s.rows[1], 3) + " " + auditCell(s.rows[1], 5); got != "Changed Ngozi Okafor phone" {
		t.Errorf("row 2 = %q", got)
	}

	s.from.SetText("27/11/2026")
	s.to.SetText("28/11/2026")
	s.staffChoice.SetSelected("Jamal Reid")
	test.Tap(s.showButton)
	f := store.filters[len(store.filters)-1]
	if f.StaffID != 2 || !f.From.Equal(time.Date(2026, 11, 27, 0, 0, 0, 0, time.Local)) ||
		!f.To.Equal(time.Date(2026, 11, 29, 0, 0, 0, 0, time.Local)) {
		t.Errorf("filter = %+v, want Jamal Reid from 27 Nov until the end of 28 Nov", f)
	}
	if len(s.rows) != 1 || s.rows[0].Actor != "Jamal Reid" {
		t.Errorf("rows for Jamal = %+v", s.rows)
	}

	s.staffChoice.SetSelected(everyone)
	s.patientQuery.SetText("ngozi")
	s.onFindPatient("ngozi")
	if f := store.filters[len(store.filters)-1]; f.PatientID != 8 {
		t.Errorf("after finding one patient the filter is %+v, want patient 8", f)
	}

	calls := len(store.filters)
	s.from.SetText("31/02/2026")
	test.Tap(s.showButton)
	if len(store.filters) != calls || !strings.Contains(s.summary.Text, "From") {
		t.Errorf("an impossible date was searched; summary %q", s.summary.Text)
	}
}

func TestAccessHistoryOfOnePatient(t *testing.T) {
	store := auditFixture()
	s := newTestAudit(t, store, 7)
	if f := store.filters[0]; f.PatientID != 7 {
		t.Errorf("access history asked for %+v, want patient 7 only", f)
	}
	if len(s.rows) != 1 || s.rows[0].Action != data.ActionViewed {
		t.Errorf("rows = %+v, want Jamal's view", s.rows)
	}
}

func TestAuditVerifyShowsTheFirstBadRow(t *testing.T) {
	store := auditFixture()
	store.verdict = data.AuditVerdict{Rows: 2, BadRow: 3, Problem: "row 3 (…) was altered after it was written."}
	s := newTestAudit(t, store, 0)
	test.Tap(s.verifyButton)
	if got := overlayText(s.win.Canvas()); !strings.Contains(got, "Audit trail altered") || !strings.Contains(got, "row 3") {
		t.Errorf("verify dialog = %q", got)
	}
}
