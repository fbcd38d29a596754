package sqlstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// ownDiary returns a clinic's own diary: late opening on Thursdays, closed
// on Saturdays, 45-minute consultations and 75-minute treatments, and
// patients left off the list to call after 18 months.
func ownDiary() data.DiarySettings {
	d := data.DefaultDiarySettings()
	d.Hours[time.Thursday] = data.OpeningHours{Open: true, Opens: 12 * 60, Closes: 20*60 + 30}
	d.Hours[time.Saturday] = data.OpeningHours{}
	d.ConsultationMinutes, d.TreatmentMinutes = 45, 75
	d.RecallCutoffMonths = 18
	return d
}

func TestDiarySettings(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)

	t.Run("Defaults", func(t *testing.T) {
		got, err := s.DiarySettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := data.DefaultDiarySettings(); !reflect.DeepEqual(got, want) {
			t.Errorf("DiarySettings() = %+v, want the defaults %+v", got, want)
		}
		if h := got.Hours[time.Saturday]; !h.Open || h.Opens != 9*60 || h.Closes != 13*60 {
			t.Errorf("Saturday = %+v, want 09:00–13:00", h)
		}
		if got.Hours[time.Sunday].Open {
			t.Error("open on Sunday by default")
		}
		if got, want := got.RecallCutoffMonths, 24; got != want {
			t.Errorf("recall cut-off = %d months, want %d", got, want)
		}
		for kind, want := range map[data.AppointmentKind]int{data.KindConsultation: 30, data.KindTreatment: 60, data.KindReview: 15, data.KindOther: 30} {
			if got := got.DefaultMinutes(kind); got != want {
				t.Errorf("DefaultMinutes(%s) = %d, want %d", kind, got, want)
			}
		}
	})
	t.Run("SavedComesBack", func(t *testing.T) {
		if err := s.SaveDiarySettings(ctx, ownDiary()); err != nil {
			t.Fatal(err)
		}
		got, err := s.DiarySettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := ownDiary(); !reflect.DeepEqual(got, want) {
			t.Errorf("DiarySettings() = %+v, want %+v", got, want)
		}
	})
	t.Run("ErrValidate", func(t *testing.T) {
		d := ownDiary()
		d.Hours[time.Monday] = data.OpeningHours{Open: true, Opens: 18 * 60, Closes: 9 * 60}
		d.Hours[time.Friday] = data.OpeningHours{Open: true, Opens: 9 * 60, Closes: 9 * 60}
		d.ReviewMinutes = 0
		d.RecallCutoffMonths = -1
		err := s.SaveDiarySettings(ctx, d)
		want := []data.FieldError{
			{Field: data.FieldOpeningHours(time.Monday), Message: "Monday: the clinic must close after it opens."},
			{Field: data.FieldOpeningHours(time.Friday), Message: "Friday: the clinic must close after it opens."},
			{Field: data.FieldReviewMinutes, Message: "A review lasts from 5 to 480 minutes."},
			{Field: data.FieldRecallCutoffMonths, Message: "The list to call leaves patients off after 0 to 120 months; 0 keeps everyone on it."},
		}
		e, ok := err.(*data.Error)
		if !ok || e.Code != data.EINVALID || !reflect.DeepEqual(e.Fields, want) {
			t.Fatalf("SaveDiarySettings() = %#v, want the fields %+v", err, want)
		}
		if got, _ := s.DiarySettings(ctx); !reflect.DeepEqual(got, ownDiary()) {
			t.Errorf("a refused save changed the settings: %+v", got)
		}
	})
	t.Run("RecallCutoffEveryone", func(t *testing.T) {
		d := ownDiary()
		d.RecallCutoffMonths = 0
		if err := s.SaveDiarySettings(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got, err := s.DiarySettings(ctx); err != nil || got.RecallCutoffMonths != 0 {
			t.Errorf("recall cut-off = %d, %v; want 0, everyone listed", got.RecallCutoffMonths, err)
		}
	})
	t.Run("ClosedDayKeepsNoHours", func(t *testing.T) {
		d := ownDiary()
		d.Hours[time.Sunday] = data.OpeningHours{Open: false, Opens: 25 * 60, Closes: -1}
		if err := d.Validate(); err != nil {
			t.Errorf("a closed day's hours are not checked: %v", err)
		}
	})
}

func TestParseClock(t *testing.T) {
	for text, want := range map[string]int{"09:00": 540, "9:30": 570, " 17:45 ": 1065, "00:00": 0, "24:00": 1440} {
		if got, err := data.ParseClock(text); err != nil || got != want {
			t.Errorf("ParseClock(%q) = %d, %v; want %d", text, got, err, want)
		}
	}
	for _, text := range []string{"", "9", "9am", "9:5", "24:01", "12:60", "-1:00", "9:00-10:00"} {
		if _, err := data.ParseClock(text); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("ParseClock(%q) = %v, want refused", text, err)
		}
	}
	if got, want := data.Clock(13*60+5), "13:05"; got != want {
		t.Errorf("Clock() = %q, want %q", got, want)
	}
}

func TestOutsideHours(t *testing.T) {
	d := data.DefaultDiarySettings()
	// Saturday 5 December 2026; the clinic is open 09:00–13:00.
	at := func(day, h, m, minutes int) data.Appointment {
		return data.Appointment{Start: time.Date(2026, 12, day, h, m, 0, 0, time.UTC), DurationMinutes: minutes}
	}
	for _, tt := range []struct {
		name string
		a    data.Appointment
		want string
	}{
		{"StartsAtOpening", at(5, 9, 0, 30), ""},
		{"EndsAtClosing", at(5, 12, 0, 60), ""},
		{"StartsBeforeOpening", at(5, 8, 59, 30), "Saturday 5 Dec: the clinic opens at 09:00; this appointment starts at 08:59."},
		{"EndsAfterClosing", at(5, 12, 30, 60), "Saturday 5 Dec: the clinic closes at 13:00; this appointment ends at 13:30."},
		{"EndsOneMinuteLate", at(5, 12, 1, 60), "Saturday 5 Dec: the clinic closes at 13:00; this appointment ends at 13:01."},
		{"ClosedDay", at(6, 10, 0, 30), "The clinic is closed on Sundays."},
		{"Weekday", at(7, 17, 0, 60), ""},
		{"PastMidnight", at(7, 23, 30, 60), "Monday 7 Dec: the clinic closes at 18:00; this appointment ends at 00:30."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.OutsideHours(tt.a); got != tt.want {
				t.Errorf("OutsideHours() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDiaryUsedForBooking(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	c.signIn(c.admin)
	if err := c.s.SaveDiarySettings(ctx, ownDiary()); err != nil {
		t.Fatal(err)
	}
	c.signIn(c.practitioner)

	t.Run("DefaultLengthFromSettings", func(t *testing.T) {
		a := mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: c.patient.ID,
			PractitionerID: c.practitioner.ID, Start: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)})
		if got, want := a.DurationMinutes, 45; got != want {
			t.Errorf("DurationMinutes = %d, want the clinic's %d", got, want)
		}
		b := mustBook(t, c, data.Appointment{Kind: data.KindReview, PatientID: c.patient.ID,
			PractitionerID: c.practitioner.ID, Start: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), DurationMinutes: 20})
		if got, want := b.DurationMinutes, 20; got != want {
			t.Errorf("DurationMinutes = %d, want the %d asked for", got, want)
		}
	})
	t.Run("ProposalSkipsClosedDays", func(t *testing.T) {
		mustReady(t, c)
		ts := mustSeries(t, c, data.TreatmentSeries{Areas: []data.Area{data.AreaCheeks}})
		x := validSession(c, ts.ID)
		// Saturday 31 Oct at 10:00: four weeks later is Saturday 28 Nov,
		// now closed, so the proposal moves to Monday 30 Nov.
		x.PerformedAt = time.Date(2026, 10, 31, 10, 0, 0, 0, time.UTC)
		x.NumbingApplied, x.NumbingRemoved = x.PerformedAt.Add(-40*time.Minute), x.PerformedAt.Add(-5*time.Minute)
		if err := c.s.LogSession(ctx, &x); err != nil {
			t.Fatal(err)
		}
		p, err := c.s.ProposeNextSession(ctx, ts.ID, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC); !p.Start.Equal(want) {
			t.Errorf("proposal = %v %q, want %v", p.Start, p.Why, want)
		}
		mustBook(t, c, data.Appointment{Kind: data.KindOther, PatientID: c.patient.ID, PractitionerID: c.practitioner.ID,
			Start: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), DurationMinutes: 8 * 60})
		// Monday is full for a 75-minute treatment; on Tuesday the review
		// ends at 10:20, so 10:30 is the nearest open slot.
		if p, err = c.s.ProposeNextSession(ctx, ts.ID, time.UTC); err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC); !p.Start.Equal(want) {
			t.Errorf("proposal = %v %q, want %v", p.Start, p.Why, want)
		}
	})
	t.Run("ProposalWithinThursdayHours", func(t *testing.T) {
		other := mustPatient(t, c, "Ada", "Lovelace", "+44 7700 900999")
		ts := data.TreatmentSeries{PatientID: other.ID, Areas: []data.Area{data.AreaCheeks}}
		if err := c.s.CreateSeries(ctx, &ts); err != nil {
			t.Fatal(err)
		}
		mustCreateScreening(t, c.s, data.Screening{PatientID: other.ID, ScreenedOn: datatest.Date(2026, 9, 1), RecordedBy: "Dr Amara Okafor"})
		mustConsent(t, c, other.ID, datatest.Date(2026, 9, 1))
		x := validSession(c, ts.ID)
		// Thursday 5 Nov at 10:00; the clinic now opens at 12:00 on Thursdays.
		x.PerformedAt = time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC)
		x.NumbingApplied, x.NumbingRemoved = x.PerformedAt.Add(-40*time.Minute), x.PerformedAt.Add(-5*time.Minute)
		if err := c.s.LogSession(ctx, &x); err != nil {
			t.Fatal(err)
		}
		p, err := c.s.ProposeNextSession(ctx, ts.ID, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC); !p.Start.Equal(want) {
			t.Errorf("proposal = %v %q, want %v", p.Start, p.Why, want)
		}
	})
}
