package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"needlepoint/data"
)

// TestTwentyBookOneSlot books one practitioner's slot twenty times at
// once, as twenty PCs might: exactly one booking is kept and every other
// is refused as a clash, on SQLite (one writer at a time) and on
// PostgreSQL (where the database's exclusion constraint decides).
func TestTwentyBookOneSlot(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	var patients []data.Patient
	for i := range 20 {
		patients = append(patients, mustPatient(t, c, "Pat", fmt.Sprintf("Number%02d", i), fmt.Sprintf("+44 7700 9001%02d", i)))
	}
	start := time.Date(2026, 12, 16, 10, 0, 0, 0, time.UTC)
	var (
		wg                 sync.WaitGroup
		mu                 sync.Mutex
		booked, conflicted int
		other              []error
	)
	for _, p := range patients {
		wg.Go(func() {
			a := data.Appointment{Kind: data.KindConsultation, PatientID: p.ID, PractitionerID: c.practitioner.ID,
				Start: start, DurationMinutes: 30}
			err := c.s.Book(ctx, &a)
			mu.Lock()
			defer mu.Unlock()
			switch data.ErrorCode(err) {
			case "":
				booked++
			case data.ECONFLICT:
				conflicted++
			default:
				other = append(other, err)
			}
		})
	}
	wg.Wait()
	if booked != 1 || conflicted != 19 || len(other) > 0 {
		t.Errorf("%d booked, %d refused as a clash, other errors %v; want 1 and 19", booked, conflicted, other)
	}
	day, err := c.s.Appointments(ctx, start, start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(day) != 1 {
		t.Errorf("the diary holds %d appointments at that slot, want 1", len(day))
	}
}

// TestTwentySaveOnePatient saves one patient's record twenty times at
// once, each from the same version as twenty PCs that opened it would:
// exactly one save is kept and the others are told the record changed, on
// SQLite and on PostgreSQL (where the version in each update's WHERE
// decides).
func TestTwentySaveOnePatient(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	var (
		wg              sync.WaitGroup
		mu              sync.Mutex
		saved, conflict int
		other           []error
	)
	for i := range 20 {
		wg.Go(func() {
			p := c.patient
			p.Phone = fmt.Sprintf("+44 7700 9002%02d", i)
			err := c.s.UpdatePatient(ctx, &p)
			mu.Lock()
			defer mu.Unlock()
			switch data.ErrorCode(err) {
			case "":
				saved++
			case data.ECONFLICT:
				conflict++
			default:
				other = append(other, err)
			}
		})
	}
	wg.Wait()
	if saved != 1 || conflict != 19 || len(other) > 0 {
		t.Errorf("%d saved, %d told the record changed, other errors %v; want 1 and 19", saved, conflict, other)
	}
	got, err := c.s.Patient(ctx, c.patient.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != c.patient.Version+1 {
		t.Errorf("version after the saves = %d, want %d", got.Version, c.patient.Version+1)
	}
}
