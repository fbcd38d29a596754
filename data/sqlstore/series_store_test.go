package sqlstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// mustScreened records a clear screening for the clinic's patient, so
// sessions are not contraindicated.
func mustScreened(t testing.TB, c clinic) {
	t.Helper()
	sc := data.Screening{PatientID: c.patient.ID, ScreenedOn: datatest.Date(2026, 9, 1), RecordedBy: "Dr Amara Okafor"}
	if err := c.s.CreateScreening(context.Background(), &sc); err != nil {
		t.Fatal(err)
	}
}

func mustSeries(t testing.TB, c clinic, ts data.TreatmentSeries) data.TreatmentSeries {
	t.Helper()
	ts.PatientID = c.patient.ID
	if err := c.s.CreateSeries(context.Background(), &ts); err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestSeries(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)

	t.Run("Defaults", func(t *testing.T) {
		ts := mustSeries(t, c, data.TreatmentSeries{Areas: []data.Area{data.AreaCheeks}})
		want := data.TreatmentSeries{ID: ts.ID, PatientID: c.patient.ID, Areas: []data.Area{data.AreaCheeks},
			PlannedSessions: 3, IntervalWeeks: 4, Status: data.SeriesActive, StartedOn: datatest.Date(2026, 11, 28)}
		got, err := c.s.Series(ctx, ts.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(ts, want) {
			t.Errorf("Series() =\n%+v\ncreated\n%+v\nwant\n%+v", got, ts, want)
		}
	})

	t.Run("FromConsultation", func(t *testing.T) {
		cons := mustConsultation(t, c)
		ts := mustSeries(t, c, data.TreatmentSeries{ConsultationID: cons.ID, StartedOn: datatest.Date(2026, 11, 1)})
		if got, want := ts.PlannedSessions, 4; got != want {
			t.Errorf("PlannedSessions = %d, want %d", got, want)
		}
		if !reflect.DeepEqual(ts.Areas, cons.Areas) || ts.IntervalWeeks != 4 {
			t.Errorf("series %+v does not follow the plan %+v", ts, cons)
		}
		list, err := c.s.PatientSeries(ctx, c.patient.ID)
		if err != nil || len(list) != 2 || list[1].ID != ts.ID {
			t.Errorf("PatientSeries() = %+v, %v", list, err)
		}
	})

	t.Run("ErrPlannedSessions", func(t *testing.T) {
		ts := data.TreatmentSeries{PatientID: c.patient.ID, PlannedSessions: 21}
		if code := data.ErrorCode(c.s.CreateSeries(ctx, &ts)); code != data.EINVALID {
			t.Errorf("ErrorCode = %q, want %q", code, data.EINVALID)
		}
	})

	t.Run("ExtendAndClose", func(t *testing.T) {
		ts := mustSeries(t, c, data.TreatmentSeries{})
		if err := c.s.ExtendSeries(ctx, ts.ID, c.practitioner.ID, ""); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("extend without reason: %v", err)
		}
		if err := c.s.ExtendSeries(ctx, ts.ID, c.receptionist.ID, "Scars need more"); data.ErrorCode(err) != data.EFORBIDDEN {
			t.Errorf("extend by reception: %v", err)
		}
		if err := c.s.ExtendSeries(ctx, ts.ID, c.practitioner.ID, "Scars need more"); err != nil {
			t.Fatal(err)
		}
		got, _ := c.s.Series(ctx, ts.ID)
		if got.PlannedSessions != 4 {
			t.Errorf("PlannedSessions = %d after extending, want 4", got.PlannedSessions)
		}
		ext, err := c.s.SeriesExtensions(ctx, ts.ID)
		if err != nil || len(ext) != 1 || ext[0].Reason != "Scars need more" || ext[0].StaffName != c.practitioner.Name {
			t.Errorf("SeriesExtensions() = %+v, %v", ext, err)
		}
		if _, err := rawDB(t, c.s.Path()).Exec("DELETE FROM series_extensions"); err == nil {
			t.Error("a raw DELETE removed an extension")
		}
		if err := c.s.DiscontinueSeries(ctx, ts.ID, " "); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("discontinue without reason: %v", err)
		}
		if err := c.s.DiscontinueSeries(ctx, ts.ID, "Moved abroad"); err != nil {
			t.Fatal(err)
		}
		got, _ = c.s.Series(ctx, ts.ID)
		if got.Status != data.SeriesDiscontinued || got.StatusReason != "Moved abroad" {
			t.Errorf("series = %+v", got)
		}
		if err := c.s.CompleteSeries(ctx, ts.ID); data.ErrorCode(err) != data.ELOCKED {
			t.Errorf("completing a discontinued series: %v", err)
		}
		if err := c.s.ExtendSeries(ctx, ts.ID, c.practitioner.ID, "again"); data.ErrorCode(err) != data.ELOCKED {
			t.Errorf("extending a discontinued series: %v", err)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := c.s.Series(ctx, 9999)
		if code := data.ErrorCode(err); code != data.ENOTFOUND || !strings.Contains(data.ErrorMessage(err), "series") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestSeriesProgressFromSessions(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustScreened(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{StartedOn: datatest.Date(2026, 10, 1)})
	for _, day := range []int{1, 29} {
		x := validSession(c, ts.ID)
		x.PerformedAt = datatest.Date(2026, 10, day).Add(14 * 3600e9)
		mustLogSigned(t, c, &x)
	}
	p, err := c.s.SeriesProgress(ctx, ts.ID, datatest.Date(2026, 11, 28))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Summary(), "Session 3 of 3 · next due around 26 Nov 2026"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	if err := c.s.CompleteSeries(ctx, ts.ID); err != nil {
		t.Fatal(err)
	}
	p, _ = c.s.SeriesProgress(ctx, ts.ID, datatest.Date(2026, 11, 28))
	if got, want := p.ReviewDue, datatest.Date(2027, 4, 29); !got.Equal(want) {
		t.Errorf("ReviewDue = %v, want %v", got, want)
	}
}
