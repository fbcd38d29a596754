package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// mustLogSigned logs x and signs it in the name of its practitioner, who
// must be signed in.
func mustLogSigned(t *testing.T, c clinic, x *data.Session) {
	t.Helper()
	ctx := context.Background()
	if err := c.s.LogSession(ctx, x); err != nil {
		t.Fatal(err)
	}
	if err := c.s.SignSession(ctx, x.ID, x.Version, x.PractitionerID); err != nil {
		t.Fatal(err)
	}
	x.Version++
}

// TestDraftsDoNotCount follows a draft session through everything derived
// from the number of sessions done: it counts nowhere until it is signed,
// but it takes its place in the plan.
func TestDraftsDoNotCount(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{StartedOn: datatest.Date(2026, 10, 1)})
	first := validSession(c, ts.ID)
	first.PerformedAt = datatest.Date(2026, 10, 1).Add(14 * time.Hour)
	mustLogSigned(t, c, &first)
	draft := validSession(c, ts.ID)
	draft.PerformedAt = datatest.Date(2026, 10, 29).Add(14 * time.Hour)
	if err := c.s.LogSession(ctx, &draft); err != nil {
		t.Fatal(err)
	}

	summary := func() string {
		t.Helper()
		p, err := c.s.SeriesProgress(ctx, ts.ID, datatest.Now)
		if err != nil {
			t.Fatal(err)
		}
		return p.Summary()
	}
	recall := func() string {
		t.Helper()
		list, err := c.s.Recall(ctx, datatest.Now)
		if err != nil || len(list) != 1 {
			t.Fatalf("Recall() = %+v, %v; want the patient once", list, err)
		}
		return list[0].Reason
	}
	booking := func() string {
		t.Helper()
		list, err := c.s.PatientAppointments(ctx, c.patient.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("PatientAppointments() = %+v, %v", list, err)
		}
		return list[0].What()
	}
	if got, want := summary(), "Session 2 of 3 · overdue since 29 Oct 2026"; got != want {
		t.Errorf("with a draft: Summary() = %q, want %q", got, want)
	}
	if got, want := recall(), "Session 2 of 3 overdue: due 29 Oct 2026"; !strings.HasPrefix(got, want) {
		t.Errorf("with a draft: recall reason = %q, want %q…", got, want)
	}
	mustBook(t, c, data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID, SeriesID: ts.ID,
		PractitionerID: c.practitioner.ID, Start: time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC)})
	if got, want := booking(), "Treatment session 3 of 3"; got != want {
		t.Errorf("with a draft: booking = %q, want %q (the draft is the second treatment given)", got, want)
	}

	t.Run("DraftsFillThePlan", func(t *testing.T) {
		a := data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID, SeriesID: ts.ID,
			PractitionerID: c.practitioner.ID, Start: time.Date(2027, 1, 7, 14, 0, 0, 0, time.UTC), DurationMinutes: 60}
		wantError(t, c.s.Book(ctx, &a), data.EINVALID, "2 logged, 1 booked")
	})

	if err := c.s.SignSession(ctx, draft.ID, draft.Version, c.practitioner.ID); err != nil {
		t.Fatal(err)
	}
	if got, want := summary(), "Session 3 of 3 · next due around 26 Nov 2026"; got != want {
		t.Errorf("once signed: Summary() = %q, want %q", got, want)
	}
	if got, want := booking(), "Treatment session 3 of 3"; got != want {
		t.Errorf("once signed: booking = %q, want %q", got, want)
	}
}

// TestDraftOnlyByItsPractitioner: a draft session is reopened and changed,
// or signed, by its own practitioner; anyone else is told whose it is, and
// the refusal is audited.
func TestDraftOnlyByItsPractitioner(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{})
	x := validSession(c, ts.ID)
	if err := c.s.LogSession(ctx, &x); err != nil {
		t.Fatal(err)
	}
	other := mustPractitioner(t, c, "Dr Ines Navarro")
	c.signIn(other)

	t.Run("ErrChangedByAnother", func(t *testing.T) {
		y, err := c.s.Session(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		y.Notes = "Changed by someone else"
		wantError(t, c.s.UpdateSession(ctx, &y), data.EFORBIDDEN, "This draft session is Dr Amara Okafor's: only they can change or sign it.")
		if got, _ := c.s.Session(ctx, x.ID); got.Notes != x.Notes || got.Version != x.Version {
			t.Errorf("draft changed by another practitioner: %+v", got)
		}
	})
	t.Run("ErrSignedByAnother", func(t *testing.T) {
		wantError(t, c.s.SignSession(ctx, x.ID, x.Version, other.ID), data.EFORBIDDEN, "only they can change or sign it")
		if got, _ := c.s.Session(ctx, x.ID); got.Signed() {
			t.Error("draft signed by another practitioner")
		}
	})
	t.Run("RefusalsAudited", func(t *testing.T) {
		c.signIn(c.admin)
		defer c.signIn(other)
		trail, err := c.s.AuditTrail(ctx, data.AuditFilter{PatientID: c.patient.ID})
		if err != nil {
			t.Fatal(err)
		}
		var refused []string
		for _, e := range trail {
			if e.Action == data.ActionRefused {
				refused = append(refused, e.Detail)
			}
		}
		if len(refused) != 2 {
			t.Errorf("refusals audited = %q, want the change and the signature", refused)
		}
	})
	t.Run("ReopenedByItsPractitioner", func(t *testing.T) {
		c.signIn(c.practitioner)
		y, err := c.s.Session(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		y.Notes = "Finished the next morning"
		if err := c.s.UpdateSession(ctx, &y); err != nil {
			t.Fatal(err)
		}
		if err := c.s.SignSession(ctx, y.ID, y.Version, c.practitioner.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := c.s.Session(ctx, x.ID); got.Notes != "Finished the next morning" || !got.Signed() {
			t.Errorf("after reopening: %+v", got)
		}
	})
}
