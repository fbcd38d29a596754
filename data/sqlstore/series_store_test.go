package sqlstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// mustReady makes the clinic's patient ready for treatment from 1
// September 2026: a clear screening, and a consent to microneedling
// signed that day with the practitioner as witness.
func mustReady(t testing.TB, c clinic) {
	t.Helper()
	sc := data.Screening{PatientID: c.patient.ID, ScreenedOn: datatest.Date(2026, 9, 1), RecordedBy: "Dr Amara Okafor"}
	if err := c.s.CreateScreening(context.Background(), &sc); err != nil {
		t.Fatal(err)
	}
	mustConsent(t, c, c.patient.ID, datatest.Date(2026, 9, 1).Add(9*time.Hour))
}

// mustConsent records patientID's consent to microneedling on the form in
// force, signed at the time at, witnessed by the practitioner.
func mustConsent(t testing.TB, c clinic, patientID int64, at time.Time) data.Consent {
	t.Helper()
	ctx := context.Background()
	form, err := c.s.ConsentTemplate(ctx, data.ConsentMicroneedling)
	if err != nil {
		t.Fatal(err)
	}
	consent := datatest.Consent(patientID, form)
	now := c.s.Now
	c.s.Now = func() time.Time { return at }
	defer func() { c.s.Now = now }()
	c.signIn(c.practitioner)
	if err := c.s.SignConsent(ctx, &consent); err != nil {
		t.Fatal(err)
	}
	return consent
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
	mustReady(t, c)
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
