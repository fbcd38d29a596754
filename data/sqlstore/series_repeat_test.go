package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"needlepoint/data"
)

// TestSeriesFromPlanOnce: a consultation's plan starts one series; another
// from the same plan needs a reason, which is kept with the series and in
// the audit trail.
func TestSeriesFromPlanOnce(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	cons := mustConsultation(t, c)
	first := mustSeries(t, c, data.TreatmentSeries{ConsultationID: cons.ID, RepeatReason: "first of all"})
	if first.RepeatReason != "" {
		t.Errorf("the first series from a plan kept a reason to repeat: %q", first.RepeatReason)
	}

	t.Run("ErrSecondWithoutReason", func(t *testing.T) {
		ts := data.TreatmentSeries{PatientID: c.patient.ID, ConsultationID: cons.ID, RepeatReason: "  "}
		err := c.s.CreateSeries(ctx, &ts)
		wantError(t, err, data.ECONFLICT, "The plan of the consultation of 27 Nov 2026 already started a treatment series on 28 Nov 2026 (active).")
		var e *data.Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != data.FieldSeriesReason {
			t.Errorf("err = %#v, want the reason field marked", err)
		}
		if list, _ := c.s.PatientSeries(ctx, c.patient.ID); len(list) != 1 {
			t.Errorf("%d series on file, want the first only", len(list))
		}
	})
	t.Run("SecondWithReason", func(t *testing.T) {
		if err := c.s.DiscontinueSeries(ctx, first.ID, "Pregnant"); err != nil {
			t.Fatal(err)
		}
		ts := data.TreatmentSeries{PatientID: c.patient.ID, ConsultationID: cons.ID}
		wantError(t, c.s.CreateSeries(ctx, &ts), data.ECONFLICT, "(discontinued)")
		ts.RepeatReason = " Restarting the plan after the baby "
		if err := c.s.CreateSeries(ctx, &ts); err != nil {
			t.Fatal(err)
		}
		got, err := c.s.Series(ctx, ts.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := "Restarting the plan after the baby"; got.RepeatReason != want || ts.RepeatReason != want {
			t.Errorf("RepeatReason = %q (returned %q), want %q", got.RepeatReason, ts.RepeatReason, want)
		}
		c.signIn(c.admin)
		defer c.signIn(c.practitioner)
		trail, err := c.s.AuditTrail(ctx, data.AuditFilter{PatientID: c.patient.ID})
		if err != nil || len(trail) == 0 {
			t.Fatalf("AuditTrail() = %d rows, %v", len(trail), err)
		}
		if !strings.Contains(trail[0].Detail, "another series from the same plan: Restarting the plan after the baby") {
			t.Errorf("latest audit row = %+v; want the reason", trail[0])
		}
	})
	t.Run("StartedDirectlyNeedsNoReason", func(t *testing.T) {
		for range 2 {
			ts := mustSeries(t, c, data.TreatmentSeries{})
			if ts.RepeatReason != "" {
				t.Errorf("RepeatReason = %q for a series with no plan", ts.RepeatReason)
			}
		}
	})
}
