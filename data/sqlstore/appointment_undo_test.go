package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

func TestNoShowOnlyFromStart(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	later := mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: c.patient.ID,
		PractitionerID: c.practitioner.ID, Start: datatest.Now.Add(30 * time.Minute)})

	wantError(t, c.s.SetStatus(ctx, later.ID, later.Version, data.StatusNoShow, ""), data.EINVALID,
		"This appointment has not started yet: "+c.patient.FullName()+" is booked for 11:00 on Saturday 28 Nov.")
	if got, _ := c.s.Appointment(ctx, later.ID); got.Status != data.StatusBooked {
		t.Errorf("status = %s after a refused no-show, want booked", got.Status)
	}
	c.s.Now = func() time.Time { return later.Start }
	if err := c.s.SetStatus(ctx, later.ID, later.Version, data.StatusNoShow, ""); err != nil {
		t.Errorf("a no-show at the start time: %v", err)
	}
}

func TestUndoStatus(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	missed := mustPatient(t, c, "Mary", "Somerville", "+44 7700 900333")
	book := func(p data.Patient, h int) data.Appointment {
		return mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: p.ID,
			PractitionerID: c.practitioner.ID, Start: time.Date(2026, 11, 28, h, 0, 0, 0, time.UTC)})
	}
	onRecall := func() bool {
		t.Helper()
		list, err := c.s.Recall(ctx, datatest.Now)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range list {
			if e.PatientID == missed.ID {
				return true
			}
		}
		return false
	}

	t.Run("NoShow", func(t *testing.T) {
		a := book(missed, 9)
		if err := c.s.SetStatus(ctx, a.ID, a.Version, data.StatusNoShow, ""); err != nil {
			t.Fatal(err)
		}
		if !onRecall() {
			t.Fatal("a no-show is not on the recall list")
		}
		if err := c.s.UndoStatus(ctx, a.ID, a.Version+1); err != nil {
			t.Fatal(err)
		}
		if got, _ := c.s.Appointment(ctx, a.ID); got.Status != data.StatusBooked || got.Version != a.Version+2 {
			t.Errorf("after the undo: %s, version %d; want booked, version %d", got.Status, got.Version, a.Version+2)
		}
		if onRecall() {
			t.Error("the patient whose no-show was undone is still on the recall list")
		}
		if err := c.s.SetStatus(ctx, a.ID, a.Version+2, data.StatusCheckedIn, ""); err != nil {
			t.Errorf("checking in the patient who arrived after all: %v", err)
		}
	})
	t.Run("CheckIn", func(t *testing.T) {
		a := book(c.patient, 12)
		if err := c.s.SetStatus(ctx, a.ID, a.Version, data.StatusCheckedIn, ""); err != nil {
			t.Fatal(err)
		}
		if err := c.s.UndoStatus(ctx, a.ID, a.Version+1); err != nil {
			t.Fatal(err)
		}
		if got, _ := c.s.Appointment(ctx, a.ID); got.Status != data.StatusBooked {
			t.Errorf("after the undo: %s, want booked", got.Status)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		c.signIn(c.admin)
		defer c.signIn(c.practitioner)
		rows, err := c.s.AuditTrail(ctx, data.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var undone []string
		for _, r := range rows {
			if strings.HasSuffix(r.Detail, " undone") {
				undone = append(undone, r.Actor+": "+r.Detail)
			}
		}
		if got, want := strings.Join(undone, "; "), "Dr Amara Okafor: check-in undone; Dr Amara Okafor: did not attend undone"; got != want {
			t.Errorf("audited undos = %q, want %q", got, want)
		}
	})
	t.Run("ErrNothingToUndo", func(t *testing.T) {
		a := book(c.patient, 15)
		wantError(t, c.s.UndoStatus(ctx, a.ID, a.Version), data.EINVALID, "Only a check-in or a did not attend can be undone; this appointment is booked.")
		wantError(t, c.s.UndoStatus(ctx, a.ID, a.Version+1), data.ECONFLICT, "changed on another computer")
	})
}
