package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// twoComputers opens one database twice, as the desk's PC and a treatment
// room's would: one file, or one server database.
func twoComputers(t *testing.T) (desk, room *sqlstore.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clinic.db")
	if testEngine == "postgres" {
		path = pgAddress(t)
	}
	return openAnyPath(t, path), openAnyPath(t, path)
}

// nextChanges waits for the next batch Watch reports; a batch that takes
// longer than a few seconds fails the test.
func nextChanges(t *testing.T, heard <-chan []data.Change) []data.Change {
	t.Helper()
	select {
	case c := <-heard:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no change was reported")
		return nil
	}
}

// TestWatchHearsOtherComputers: what one PC saves reaches the other, with
// the patient and who saved it; the watching PC's own saves and views are
// not reported back to it.
func TestWatchHearsOtherComputers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	desk, room := twoComputers(t)
	desk.SetActor(data.Actor{Name: "Jamal Reid", Role: data.RoleReception})
	heard := make(chan []data.Change, 10)
	room.Watch(ctx, func(c []data.Change) { heard <- c })

	p := datatest.ValidPatient()
	if err := desk.CreatePatient(ctx, &p); err != nil {
		t.Fatal(err)
	}
	got := nextChanges(t, heard)
	if len(got) != 1 || got[0].PatientID != p.ID || got[0].By != "Jamal Reid" || got[0].Action != data.ActionCreated {
		t.Fatalf("heard %+v, want Jamal Reid's new patient %d", got, p.ID)
	}

	mine := datatest.ValidPatient()
	mine.FirstName = "Ada"
	if err := room.CreatePatient(ctx, &mine); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.ViewPatient(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	p.Phone = "+44 7700 900456"
	if err := desk.UpdatePatient(ctx, &p); err != nil {
		t.Fatal(err)
	}
	got = nextChanges(t, heard)
	if len(got) != 1 || got[0].PatientID != p.ID || got[0].Action != data.ActionChanged {
		t.Fatalf("heard %+v, want only the desk's change to patient %d (not the room's own patient, not a view)", got, p.ID)
	}

	staff := data.StaffMember{Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true}
	if err := room.CreateStaffMember(ctx, &staff); err != nil {
		t.Fatal(err)
	}
	a := data.Appointment{PatientID: p.ID, PractitionerID: staff.ID, Kind: data.KindConsultation,
		Start: datatest.Now.Add(48 * time.Hour), DurationMinutes: 30}
	if err := desk.Book(ctx, &a); err != nil {
		t.Fatal(err)
	}
	got = nextChanges(t, heard)
	if len(got) != 1 || got[0].Record != "appointment" || got[0].RecordID != a.ID {
		t.Fatalf("heard %+v, want appointment %d named", got, a.ID)
	}
}

// TestWatchStopsWithItsContext: once its context ends, Watch reports
// nothing more.
func TestWatchStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	desk, room := twoComputers(t)
	heard := make(chan []data.Change, 10)
	room.Watch(ctx, func(c []data.Change) { heard <- c })
	cancel()
	time.Sleep(100 * time.Millisecond)
	p := datatest.ValidPatient()
	if err := desk.CreatePatient(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-heard:
		t.Fatalf("heard %+v after the watch ended", c)
	case <-time.After(time.Second):
	}
}
