package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

func TestAftercareSheetOfSession(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Łukasz-Дмитрий O'Brien", PreferredName: "Zo"})
	at := time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC)
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: at}}
	store.sessions = map[int64][]data.Session{4: {{ID: 9, SeriesID: 4, PatientID: 1, PerformedAt: at, PractitionerID: 7,
		Product: "Hyaluronic serum", Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 150, Passes: 3}}}}}

	sheet, err := aftercareSheet(context.Background(), store, 9, testNow())
	if err != nil {
		t.Fatal(err)
	}
	if sheet.PatientName != "Zoë Łukasz-Дмитрий O'Brien (Zo)" || sheet.Practitioner != "Dr Amara Okafor" ||
		!sheet.NextDue.Equal(time.Date(2026, 12, 22, 0, 0, 0, 0, time.UTC)) ||
		len(sheet.ProductsUsed) != 1 || sheet.ProductsUsed[0] != "Hyaluronic serum" || len(sheet.Areas) != 1 {
		t.Errorf("sheet = %+v", sheet)
	}

	var pdf bytes.Buffer
	if err := writeAftercare(context.Background(), store, 9, testNow(), &pdf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Error("writeAftercare did not write a PDF")
	}
	if got := store.writes; len(got) != 1 || got[0] != "RecordPrint Aftercare sheet" {
		t.Errorf("print log writes = %q", got)
	}

	if _, err := aftercareSheet(context.Background(), store, 99, testNow()); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("unknown session: err = %v", err)
	}
}

func TestAftercareCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errOut, _ := runCLI(t, "demo", "--db", db, "--patients", "200"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	out := filepath.Join(dir, "sheet.pdf")
	code, stdout, errOut, _ := runCLI(t, "aftercare", "--db", db, "--latest", "--out", out)
	if code != 0 {
		t.Fatalf("aftercare --latest: exit %d, %s", code, errOut)
	}
	if !strings.Contains(stdout, "Wrote the aftercare sheet of session") {
		t.Errorf("stdout = %q", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("no PDF written: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command("pdftotext", out, "-").Output()
		if err != nil || !strings.Contains(string(text), "SPF 30") || !strings.Contains(string(text), "Needlepoint Demo Skin Clinic") {
			t.Errorf("the sheet's text lacks the clinic or SPF 30: %v\n%s", err, text)
		}
	}

	t.Run("ErrUnknownSession", func(t *testing.T) {
		code, _, errOut, _ := runCLI(t, "aftercare", "--db", db, "--session", "999999", "--out", filepath.Join(dir, "unknown.pdf"))
		if code != 1 || !strings.Contains(errOut, "was not found") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
	t.Run("ErrUnwritablePath", func(t *testing.T) {
		code, _, errOut, _ := runCLI(t, "aftercare", "--db", db, "--latest", "--out", filepath.Join(dir, "no", "such", "folder", "x.pdf"))
		if code != 1 || !strings.Contains(errOut, "Cannot write in the folder") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		if code, _, _, _ := runCLI(t, "aftercare", "--db", db, "--out", out); code != 2 {
			t.Errorf("no session given: exit %d, want 2", code)
		}
	})
}

func TestPlanAndRecordHandouts(t *testing.T) {
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams", DateOfBirth: time.Date(1990, 3, 2, 0, 0, 0, 0, time.UTC)})
	at := time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC)
	store.staff = []data.StaffMember{{ID: 7, Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: at}}
	store.sessions = map[int64][]data.Session{4: {{ID: 9, SeriesID: 4, PatientID: 1, PerformedAt: at, PractitionerID: 7,
		SignedAt: at, SignedBy: 7, Areas: []data.SessionArea{{Area: data.AreaCheeks, Depth: 150, Passes: 3}}}}}
	c := data.Consultation{ID: 3, PatientID: 1, ConsultedOn: at, PractitionerID: 7, PlannedSessions: 3, IntervalWeeks: 4,
		Areas: []data.Area{data.AreaCheeks}, SignedAt: at, SignedBy: 7}

	var plan, record bytes.Buffer
	if err := writePlan(context.Background(), store, c, &plan); err != nil {
		t.Fatal(err)
	}
	if err := writeRecord(context.Background(), store, 9, &record); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"plan": plan.Bytes(), "record": record.Bytes()} {
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("the %s is not a PDF", name)
		}
	}
	text := pdfText(t, record.Bytes())
	for _, want := range []string{"Zoë Adams · born 2 March 1990 · clinic no. 000001", "Series Session 1 of 3", "Clinical record — confidential"} {
		if !strings.Contains(text, want) {
			t.Errorf("the record does not say %q; it says:\n%s", want, text)
		}
	}
	if got, want := strings.Join(store.writes, "; "), "RecordPrinted Treatment plan; RecordPrint Session record"; got != want {
		t.Errorf("prints recorded = %q, want %q", got, want)
	}
}

// pageCount counts the pages of a PDF that gofpdf wrote.
func pageCount(pdf []byte) int {
	return len(regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(pdf, -1))
}

// TestAftercareForEveryDemoSession renders the aftercare sheet and the
// record of every session in a generated demo database.
func TestAftercareForEveryDemoSession(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errOut, _ := runCLI(t, "demo", "--db", db, "--patients", "300", "--seed", "3"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	store.SetActor(data.CommandLine("test"))
	defer store.Close()
	sessions, longest := 0, 0
	for _, paper := range []string{data.PaperA4, data.PaperLetter} {
		d, err := store.ClinicDetails(ctx)
		if err != nil {
			t.Fatal(err)
		}
		d.PaperSize = paper
		if err := store.SaveClinicDetails(ctx, d); err != nil {
			t.Fatal(err)
		}
		for id := int64(1); ; id++ {
			if _, err := store.Session(ctx, id); data.ErrorCode(err) == data.ENOTFOUND {
				break
			}
			for i, write := range []func(io.Writer) error{
				func(w io.Writer) error { return writeAftercare(ctx, store, id, testNow(), w) },
				func(w io.Writer) error { return writeRecord(ctx, store, id, w) },
			} {
				var b bytes.Buffer
				if err := write(&b); err != nil || !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
					t.Fatalf("session %d: %v", id, err)
				}
				// The aftercare sheet fits one sheet of paper printed on
				// both sides.
				if n := pageCount(b.Bytes()); i == 0 {
					longest = max(longest, n)
					if n > 2 {
						t.Errorf("session %d on %s: the aftercare sheet runs to %d pages", id, paper, n)
					}
				}
			}
			if paper == data.PaperA4 {
				sessions++
			}
		}
	}
	t.Logf("%d sessions; the longest aftercare sheet has %d pages", sessions, longest)
	if sessions < 50 {
		t.Errorf("rendered %d sessions; the demo should have many more", sessions)
	}
	prints, err := store.SessionPrints(ctx, 1)
	if err != nil || len(prints) != 4 {
		t.Errorf("session 1 print log = %+v, %v; want the aftercare sheet and the record", prints, err)
	}
}
