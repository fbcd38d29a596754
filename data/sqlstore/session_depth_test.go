package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// TestDepthOutsideGuideNeedsReason: a depth outside the manufacturer's
// guide is saved only with a written reason, which is kept with the
// session and in the audit trail.
func TestDepthOutsideGuideNeedsReason(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{PlannedSessions: 5})
	deep := validSession(c, ts.ID)
	deep.Areas[1].Depth = 100 // forehead: the guide is 0.25–0.75 mm

	t.Run("ErrNoReason", func(t *testing.T) {
		x := deep
		x.DepthReason = " "
		err := c.s.LogSession(ctx, &x)
		wantError(t, err, data.EINVALID, "Forehead at 1 mm is deeper than the guide for that area (0.25–0.75 mm). Write why you go outside the manufacturer's guide.")
		var e *data.Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != data.FieldDepthReason {
			t.Errorf("err = %#v, want the depth reason marked", err)
		}
		if list, _ := c.s.SeriesSessions(ctx, ts.ID); len(list) != 0 {
			t.Errorf("%d sessions stored without a reason for the depth", len(list))
		}
	})

	x := deep
	x.DepthReason = " Thick sun-damaged skin; patient informed. "
	if err := c.s.LogSession(ctx, &x); err != nil {
		t.Fatal(err)
	}
	t.Run("Kept", func(t *testing.T) {
		got, err := c.s.Session(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := "Thick sun-damaged skin; patient informed."; got.DepthReason != want || x.DepthReason != want {
			t.Errorf("DepthReason = %q (returned %q), want %q", got.DepthReason, x.DepthReason, want)
		}
		c.signIn(c.admin)
		defer c.signIn(c.practitioner)
		trail, err := c.s.AuditTrail(ctx, data.AuditFilter{PatientID: c.patient.ID})
		if err != nil || len(trail) == 0 {
			t.Fatalf("AuditTrail() = %d rows, %v", len(trail), err)
		}
		if got, want := trail[0].Detail, "depth outside the guide: Thick sun-damaged skin; patient informed."; got != want {
			t.Errorf("audit detail = %q, want %q", got, want)
		}
	})
	t.Run("DroppedWithinGuide", func(t *testing.T) {
		y, _ := c.s.Session(ctx, x.ID)
		y.Areas[1].Depth = 50
		if err := c.s.UpdateSession(ctx, &y); err != nil {
			t.Fatal(err)
		}
		if got, _ := c.s.Session(ctx, x.ID); got.DepthReason != "" {
			t.Errorf("DepthReason = %q with every depth within the guide", got.DepthReason)
		}
		z := validSession(c, ts.ID)
		z.DepthReason = "Not needed"
		if err := c.s.LogSession(ctx, &z); err != nil || z.DepthReason != "" {
			t.Errorf("within the guide: err %v, DepthReason %q", err, z.DepthReason)
		}
	})
	t.Run("ErrTooLong", func(t *testing.T) {
		y := deep
		y.DepthReason = strings.Repeat("x", data.MaxReasonLength+1)
		wantError(t, y.Validate(datatest.Now), data.EINVALID, "The reason for the depth is too long")
	})
}
