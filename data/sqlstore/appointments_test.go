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

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s not available: %v", name, err)
	}
	return loc
}

// mustPatient registers another patient with the given names.
func mustPatient(t *testing.T, c clinic, first, last, phone string) data.Patient {
	t.Helper()
	p := data.Patient{FirstName: first, LastName: last, Phone: phone, ReminderConsent: true}
	return mustCreate(t, c.s, p)
}

func mustPractitioner(t *testing.T, c clinic, name string) data.StaffMember {
	t.Helper()
	m := data.StaffMember{Name: name, Role: data.RolePractitioner, Active: true}
	who, _ := c.s.Actor()
	c.signIn(c.admin)
	defer c.s.SetActor(who)
	if err := c.s.CreateStaffMember(context.Background(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mustBook(t *testing.T, c clinic, a data.Appointment) data.Appointment {
	t.Helper()
	if err := c.s.Book(context.Background(), &a); err != nil {
		t.Fatalf("Book(%s %s): %v", a.Kind, a.Start, err)
	}
	return a
}

func wantError(t *testing.T, err error, code, msg string) {
	t.Helper()
	if got := data.ErrorCode(err); got != code || !strings.Contains(data.ErrorMessage(err), msg) {
		t.Errorf("error = %v (%s), want %s containing %q", err, got, code, msg)
	}
}

func TestBookClash(t *testing.T) {
	ctx := context.Background()
	london := mustLoad(t, "Europe/London")
	c := mustClinic(t)
	other := mustPatient(t, c, "Ada", "Lovelace", "+44 7700 900999")
	second := mustPractitioner(t, c, "Dr Ben Ng")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 16, h, m, 0, 0, london) }
	first := mustBook(t, c, data.Appointment{Kind: data.KindOther, PatientID: c.patient.ID,
		PractitionerID: c.practitioner.ID, Room: "Room 1", Start: at(10, 0), DurationMinutes: 60})

	t.Run("DefaultDuration", func(t *testing.T) {
		a := mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: other.ID,
			PractitionerID: c.practitioner.ID, Start: at(9, 30)})
		if got, want := a.DurationMinutes, 30; got != want {
			t.Errorf("DurationMinutes = %d, want %d", got, want)
		}
		if got, want := a.End(), first.Start; !got.Equal(want) {
			t.Errorf("End() = %v, want %v (touching)", got, want)
		}
	})
	t.Run("TouchingIsNotAClash", func(t *testing.T) {
		mustBook(t, c, data.Appointment{Kind: data.KindReview, PatientID: other.ID,
			PractitionerID: c.practitioner.ID, Room: "Room 1", Start: at(11, 0)})
	})
	t.Run("ErrPractitionerClash", func(t *testing.T) {
		a := data.Appointment{Kind: data.KindReview, PatientID: other.ID,
			PractitionerID: c.practitioner.ID, Start: at(10, 45)}
		wantError(t, c.s.Book(ctx, &a), data.ECONFLICT,
			"Dr Amara Okafor already has "+c.patient.FullName()+" 10:00–11:00")
		a.Start = at(9, 59)
		wantError(t, c.s.Book(ctx, &a), data.ECONFLICT, "Dr Amara Okafor already has")
	})
	t.Run("ErrRoomClash", func(t *testing.T) {
		a := data.Appointment{Kind: data.KindReview, PatientID: other.ID,
			PractitionerID: second.ID, Room: "room 1", Start: at(10, 30)}
		wantError(t, c.s.Book(ctx, &a), data.ECONFLICT, "Room 1 is already booked for "+c.patient.FullName()+" with Dr Amara Okafor 10:00–11:00")
		a.Room = "Room 2"
		if err := c.s.Book(ctx, &a); err != nil {
			t.Errorf("another room: %v", err)
		}
	})
	t.Run("CancelledFreesTheSlot", func(t *testing.T) {
		if err := c.s.SetStatus(ctx, first.ID, first.Version, data.StatusCancelled, "Patient unwell"); err != nil {
			t.Fatal(err)
		}
		mustBook(t, c, data.Appointment{Kind: data.KindOther, PatientID: other.ID,
			PractitionerID: c.practitioner.ID, Start: at(10, 0), DurationMinutes: 45})
	})
	t.Run("DayViewKeepsTheZone", func(t *testing.T) {
		list, err := c.s.Appointments(ctx, at(0, 0), at(23, 59))
		if err != nil || len(list) != 5 {
			t.Fatalf("Appointments() = %d, %v; want 5", len(list), err)
		}
		for i := 1; i < len(list); i++ {
			if list[i].Start.Before(list[i-1].Start) {
				t.Errorf("appointment %d starts before the one above it", i)
			}
		}
		if got, want := list[0].Start.Location().String(), "Europe/London"; got != want {
			t.Errorf("zone = %q, want %q", got, want)
		}
		mine, err := c.s.PatientAppointments(ctx, c.patient.ID)
		if err != nil || len(mine) != 1 || mine[0].Status != data.StatusCancelled || mine[0].StatusReason != "Patient unwell" {
			t.Errorf("PatientAppointments() = %+v, %v", mine, err)
		}
	})
	t.Run("ErrValidate", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			a    data.Appointment
			msg  string
		}{
			{"TooShort", data.Appointment{Kind: data.KindOther, PatientID: 1, PractitionerID: 1, Start: at(8, 0), DurationMinutes: 4}, "from 5 to 480 minutes"},
			{"TooLong", data.Appointment{Kind: data.KindOther, PatientID: 1, PractitionerID: 1, Start: at(8, 0), DurationMinutes: 481}, "from 5 to 480 minutes"},
			{"NoStart", data.Appointment{Kind: data.KindOther, PatientID: 1, PractitionerID: 1}, "Choose the date and time."},
			{"TreatmentWithoutSeries", data.Appointment{Kind: data.KindTreatment, PatientID: 1, PractitionerID: 1, Start: at(8, 0)}, "belongs to a series"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantError(t, c.s.Book(ctx, &tt.a), data.EINVALID, tt.msg)
			})
		}
	})
}

func TestAppointmentStatus(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	book := func(h int) data.Appointment {
		return mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: c.patient.ID,
			PractitionerID: c.practitioner.ID, Start: start.Add(time.Duration(h) * time.Hour)})
	}

	t.Run("CanMove", func(t *testing.T) {
		for _, tt := range []struct {
			from, to data.AppointmentStatus
			want     bool
		}{
			{data.StatusBooked, data.StatusCheckedIn, true},
			{data.StatusBooked, data.StatusNoShow, true},
			{data.StatusBooked, data.StatusCompleted, false},
			{data.StatusCheckedIn, data.StatusCompleted, true},
			{data.StatusCancelled, data.StatusCompleted, false},
			{data.StatusCancelled, data.StatusBooked, false},
			{data.StatusNoShow, data.StatusCheckedIn, false},
			{data.StatusCompleted, data.StatusCancelled, false},
		} {
			if got := data.CanMove(tt.from, tt.to); got != tt.want {
				t.Errorf("CanMove(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		}
	})
	t.Run("BookedCheckedInCompleted", func(t *testing.T) {
		a := book(0)
		if err := c.s.SetStatus(ctx, a.ID, a.Version, data.StatusCheckedIn, ""); err != nil {
			t.Fatal(err)
		}
		if err := c.s.SetStatus(ctx, a.ID, a.Version+1, data.StatusCompleted, ""); err != nil {
			t.Fatal(err)
		}
		got, err := c.s.Appointment(ctx, a.ID)
		if err != nil || got.Status != data.StatusCompleted || got.Version != 3 {
			t.Errorf("Appointment() = %+v, %v", got, err)
		}
	})
	t.Run("ErrCompleteCancelled", func(t *testing.T) {
		a := book(1)
		if err := c.s.SetStatus(ctx, a.ID, a.Version, data.StatusCancelled, "Rescheduled by phone"); err != nil {
			t.Fatal(err)
		}
		wantError(t, c.s.SetStatus(ctx, a.ID, a.Version+1, data.StatusCompleted, ""), data.EINVALID,
			"A cancelled appointment cannot be marked completed.")
	})
	t.Run("ErrCancelWithoutReason", func(t *testing.T) {
		a := book(2)
		wantError(t, c.s.SetStatus(ctx, a.ID, a.Version, data.StatusCancelled, "  "), data.EINVALID, "Say why")
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		a := book(3)
		wantError(t, c.s.SetStatus(ctx, a.ID, a.Version+1, data.StatusCheckedIn, ""), data.ECONFLICT, "another computer")
	})
}

func TestBookTreatment(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{Areas: []data.Area{data.AreaCheeks}, PlannedSessions: 2})
	treatment := func(day int) data.Appointment {
		return data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID, SeriesID: ts.ID,
			PractitionerID: c.practitioner.ID, Start: time.Date(2026, 12, day, 14, 0, 0, 0, time.UTC)}
	}
	if err := c.s.LogSession(ctx, ptr(validSession(c, ts.ID))); err != nil {
		t.Fatal(err)
	}
	a := mustBook(t, c, treatment(2))
	if got, want := a.DurationMinutes, 60; got != want {
		t.Errorf("DurationMinutes = %d, want %d", got, want)
	}

	t.Run("ErrBeyondPlannedCount", func(t *testing.T) {
		b := treatment(30)
		wantError(t, c.s.Book(ctx, &b), data.EINVALID, "extend the series first")
	})
	t.Run("AfterExtension", func(t *testing.T) {
		if err := c.s.ExtendSeries(ctx, ts.ID, c.practitioner.ID, "Deeper scars need one more"); err != nil {
			t.Fatal(err)
		}
		mustBook(t, c, treatment(30))
	})
	t.Run("WarningsContraindicated", func(t *testing.T) {
		sc := data.Screening{PatientID: c.patient.ID, ScreenedOn: datatest.Date(2026, 11, 20), RecordedBy: "Dr Amara Okafor",
			LastIsotretinoinDose: datatest.Date(2026, 10, 1)}
		mustCreateScreening(t, c.s, sc)
		got, err := c.s.BookingWarnings(ctx, treatment(16))
		if err != nil || len(got) == 0 {
			t.Fatalf("BookingWarnings() = %q, %v; want the contraindication first", got, err)
		}
		for _, want := range []string{"16 Dec 2026 is contraindicated", "Isotretinoin", "Eligible from 1 Apr 2027."} {
			if !strings.Contains(got[0], want) {
				t.Errorf("warning %q should say %q", got[0], want)
			}
		}
		consult := treatment(16)
		consult.Kind = data.KindConsultation
		if got, err := c.s.BookingWarnings(ctx, consult); err != nil || len(got) != 0 {
			t.Errorf("BookingWarnings(consultation) = %q, %v; want none", got, err)
		}
	})
	t.Run("WarningsConsentLapsed", func(t *testing.T) {
		// Signed on 1 September 2026, for the clinic's 12 months.
		late := treatment(16)
		late.Start = time.Date(2027, 9, 6, 14, 0, 0, 0, time.UTC)
		got, err := c.s.BookingWarnings(ctx, late)
		if err != nil {
			t.Fatal(err)
		}
		if all := strings.Join(got, "\n"); !strings.Contains(all, "expired on") || !strings.Contains(all, "Take consent again before treatment.") {
			t.Errorf("BookingWarnings() after the consent lapses = %q, want it said", got)
		}
		before := treatment(16)
		before.Start = time.Date(2027, 8, 30, 14, 0, 0, 0, time.UTC)
		if got, err := c.s.BookingWarnings(ctx, before); err != nil || strings.Contains(strings.Join(got, "\n"), "onsent") {
			t.Errorf("BookingWarnings() while the consent holds = %q, %v; want nothing on consent", got, err)
		}
		unsigned := mustCreate(t, c.s, data.Patient{FirstName: "Ola", LastName: "Nowak"})
		first := treatment(16)
		first.PatientID, first.SeriesID = unsigned.ID, 0
		if got, err := c.s.BookingWarnings(ctx, first); err != nil || strings.Contains(strings.Join(got, "\n"), "onsent") {
			t.Errorf("BookingWarnings() for a patient who signs at the first visit = %q, %v; want nothing on consent", got, err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestProposeNextSession(t *testing.T) {
	ctx := context.Background()
	london := mustLoad(t, "Europe/London")

	t.Run("AcrossMonthEnd", func(t *testing.T) {
		c := mustClinic(t)
		mustReady(t, c)
		ts := mustSeries(t, c, data.TreatmentSeries{Areas: []data.Area{data.AreaCheeks}})
		if err := c.s.LogSession(ctx, ptr(validSession(c, ts.ID))); err != nil { // 27 Nov 14:00 GMT
			t.Fatal(err)
		}
		p, err := c.s.ProposeNextSession(ctx, ts.ID, london)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 12, 25, 14, 0, 0, 0, london); !p.Start.Equal(want) || p.Why != "4 weeks after 27 Nov" {
			t.Errorf("proposal = %v %q, want %v %q", p.Start, p.Why, want, "4 weeks after 27 Nov")
		}

		other := mustPatient(t, c, "Ada", "Lovelace", "+44 7700 900999")
		mustBook(t, c, data.Appointment{Kind: data.KindOther, PatientID: other.ID, PractitionerID: c.practitioner.ID,
			Start: time.Date(2026, 12, 25, 14, 0, 0, 0, london), DurationMinutes: 30})
		p, err = c.s.ProposeNextSession(ctx, ts.ID, london)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 12, 25, 14, 30, 0, 0, london); !p.Start.Equal(want) || !strings.HasPrefix(p.Why, "4 weeks after 27 Nov; ") {
			t.Errorf("proposal = %v %q, want %v, moved", p.Start, p.Why, want)
		}

		booked := mustBook(t, c, data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID, SeriesID: ts.ID,
			PractitionerID: c.practitioner.ID, Start: p.Start})
		p, err = c.s.ProposeNextSession(ctx, ts.ID, london)
		if err != nil {
			t.Fatal(err)
		}
		if want := booked.Start.AddDate(0, 0, 28); !p.Start.Equal(want) || p.Why != "4 weeks after the session booked for 25 Dec" {
			t.Errorf("proposal = %v %q, want %v after the booked session", p.Start, p.Why, want)
		}
		mustBook(t, c, data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID, SeriesID: ts.ID,
			PractitionerID: c.practitioner.ID, Start: p.Start})
		_, err = c.s.ProposeNextSession(ctx, ts.ID, london)
		wantError(t, err, data.EINVALID, "extend the series first")
	})

	t.Run("OverdueStartsFromToday", func(t *testing.T) {
		c := mustClinic(t)
		ts := mustTreated(t, c, c.patient, datatest.Date(2026, 9, 30)) // 14:00 UTC; due 28 Oct
		p, err := c.s.ProposeNextSession(ctx, ts.ID, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		// Today is Saturday 28 Nov; the clinic closes at 13:00 on Saturdays.
		if want := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC); !p.Start.Equal(want) ||
			p.Why != "4 weeks after 30 Sep, a date already past; Sat 28 Nov 14:00 is outside the opening hours, so the nearest open slot" {
			t.Errorf("proposal = %v %q, want %v from today", p.Start, p.Why, want)
		}
	})

	for _, tt := range []struct {
		name       string
		session    time.Time
		want       time.Time
		screenedOn time.Time
	}{
		// British Summer Time ends on 25 October 2026: 10:00 BST is 09:00
		// UTC, 10:00 GMT is 10:00 UTC.
		{"AcrossAutumnDST", time.Date(2026, 10, 14, 10, 0, 0, 0, london), time.Date(2026, 11, 11, 10, 0, 0, 0, london), datatest.Date(2026, 9, 1)},
		// ... and starts on 28 March 2027.
		{"AcrossSpringDST", time.Date(2027, 3, 10, 10, 0, 0, 0, london), time.Date(2027, 4, 7, 10, 0, 0, 0, london), datatest.Date(2027, 3, 1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := mustClinic(t)
			c.s.Now = func() time.Time { return tt.session.Add(time.Hour) }
			mustCreateScreening(t, c.s, data.Screening{PatientID: c.patient.ID, ScreenedOn: tt.screenedOn, RecordedBy: "Dr Amara Okafor"})
			mustConsent(t, c, c.patient.ID, tt.screenedOn)
			ts := mustSeries(t, c, data.TreatmentSeries{Areas: []data.Area{data.AreaCheeks}, StartedOn: data.DateOf(tt.session)})
			x := validSession(c, ts.ID)
			x.PerformedAt, x.NumbingApplied, x.NumbingRemoved = tt.session, tt.session.Add(-40*time.Minute), tt.session.Add(-5*time.Minute)
			if err := c.s.LogSession(ctx, &x); err != nil {
				t.Fatal(err)
			}
			p, err := c.s.ProposeNextSession(ctx, ts.ID, london)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Start.Equal(tt.want) || p.Start.Format("15:04") != "10:00" {
				t.Errorf("proposal = %v, want %v (same wall-clock time)", p.Start, tt.want)
			}
			if got, want := p.Start.UTC().Hour(), tt.want.UTC().Hour(); got != want || tt.session.UTC().Hour() == want {
				t.Errorf("UTC hour = %d, want %d, different from the session's %d", got, want, tt.session.UTC().Hour())
			}
		})
	}
}

func TestUpdateAppointment(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	other := mustPatient(t, c, "Ada", "Lovelace", "+44 7700 900999")
	second := mustPractitioner(t, c, "Dr Ben Ng")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 16, h, m, 0, 0, time.UTC) }
	book := func(p data.Patient, h int, room string) data.Appointment {
		return mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: p.ID,
			PractitionerID: c.practitioner.ID, Room: room, Start: at(h, 0), DurationMinutes: 60})
	}
	book(other, 10, "Room 1") // 10:00–11:00
	moving := book(c.patient, 14, "")

	t.Run("Moved", func(t *testing.T) {
		a := moving
		a.Start, a.DurationMinutes, a.Room, a.Notes = at(11, 0), 45, " Room 1 ", " Running late "
		a.Kind, a.PatientID = data.KindReview, other.ID
		if err := c.s.UpdateAppointment(ctx, &a); err != nil {
			t.Fatal(err)
		}
		got, err := c.s.Appointment(ctx, moving.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Start.Equal(at(11, 0)) || got.DurationMinutes != 45 || got.Room != "Room 1" || got.Notes != "Running late" ||
			got.Version != moving.Version+1 || got.Kind != data.KindConsultation || got.PatientID != c.patient.ID {
			t.Errorf("saved %+v", got)
		}
		if !reflect.DeepEqual(a, got) {
			t.Errorf("UpdateAppointment left\n%+v\nthe store holds\n%+v", a, got)
		}
		moving = got
	})
	t.Run("TouchingIsNotAClash", func(t *testing.T) {
		a := moving
		a.Start, a.DurationMinutes = at(9, 0), 60 // ends as 10:00–11:00 starts, same room
		if err := c.s.UpdateAppointment(ctx, &a); err != nil {
			t.Fatal(err)
		}
		moving = a
	})
	t.Run("ErrClashAtEdges", func(t *testing.T) {
		a := moving
		a.Start = at(9, 1)
		wantError(t, c.s.UpdateAppointment(ctx, &a), data.ECONFLICT, "Dr Amara Okafor already has Ada Lovelace 10:00–11:00")
		a.PractitionerID = second.ID
		wantError(t, c.s.UpdateAppointment(ctx, &a), data.ECONFLICT, "Room 1 is already booked for Ada Lovelace")
		a.Room = ""
		a.Start, a.DurationMinutes = at(10, 59), 5
		if err := c.s.UpdateAppointment(ctx, &a); err != nil {
			t.Errorf("with another practitioner and no room: %v", err)
		}
		moving = a
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		stale := moving
		stale.Version--
		stale.Start = at(15, 0)
		wantError(t, c.s.UpdateAppointment(ctx, &stale), data.ECONFLICT, "changed on another computer")
		if got, _ := c.s.Appointment(ctx, moving.ID); !got.Start.Equal(moving.Start) {
			t.Errorf("a stale edit moved the appointment to %v", got.Start)
		}
	})
	t.Run("ErrReception", func(t *testing.T) {
		a := moving
		a.PractitionerID = c.receptionist.ID
		wantError(t, c.s.UpdateAppointment(ctx, &a), data.EINVALID, "reception staff")
	})
	t.Run("ErrValidate", func(t *testing.T) {
		a := moving
		a.DurationMinutes = 0
		wantError(t, c.s.UpdateAppointment(ctx, &a), data.EINVALID, "from 5 to 480 minutes")
	})
	t.Run("CheckedInMayMove", func(t *testing.T) {
		if err := c.s.SetStatus(ctx, moving.ID, moving.Version, data.StatusCheckedIn, ""); err != nil {
			t.Fatal(err)
		}
		a := moving
		a.Version++
		a.Room = "Room 2"
		if err := c.s.UpdateAppointment(ctx, &a); err != nil {
			t.Fatal(err)
		}
		moving = a
	})
	for i, tt := range []struct {
		name   string
		status data.AppointmentStatus
		reason string
		want   string
	}{
		{"ErrCompleted", data.StatusCompleted, "", "This appointment is completed, so it cannot be moved"},
		{"ErrCancelled", data.StatusCancelled, "Patient unwell", "This appointment is cancelled, so it cannot be moved"},
		{"ErrNoShow", data.StatusNoShow, "", "This appointment is marked as did not attend, so it cannot be moved"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := book(c.patient, 15+i, "")
			if tt.status == data.StatusCompleted {
				if err := c.s.SetStatus(ctx, a.ID, a.Version, data.StatusCheckedIn, ""); err != nil {
					t.Fatal(err)
				}
				a.Version++
			}
			c.s.Now = func() time.Time { return a.Start } // a no-show only once the appointment has started
			defer func() { c.s.Now = func() time.Time { return datatest.Now } }()
			if err := c.s.SetStatus(ctx, a.ID, a.Version, tt.status, tt.reason); err != nil {
				t.Fatal(err)
			}
			a.Version++
			a.Start = at(19, 0)
			wantError(t, c.s.UpdateAppointment(ctx, &a), data.ELOCKED, tt.want)
		})
	}
}

func TestSessionNumbers(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{Areas: []data.Area{data.AreaCheeks}, PlannedSessions: 3})
	treatment := func(start time.Time) data.Appointment {
		return mustBook(t, c, data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID, SeriesID: ts.ID,
			PractitionerID: c.practitioner.ID, Start: start})
	}
	// The first session was booked for 14:00 yesterday, completed, and
	// logged at 13:55: the patient came early.
	first := treatment(time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC))
	for _, st := range []data.AppointmentStatus{data.StatusCheckedIn, data.StatusCompleted} {
		if err := c.s.SetStatus(ctx, first.ID, first.Version, st, ""); err != nil {
			t.Fatal(err)
		}
		first.Version++
	}
	x := validSession(c, ts.ID)
	x.PerformedAt = time.Date(2026, 11, 27, 13, 55, 0, 0, time.UTC)
	x.NumbingApplied, x.NumbingRemoved = x.PerformedAt.Add(-40*time.Minute), x.PerformedAt.Add(-5*time.Minute)
	mustLogSigned(t, c, &x)
	third := treatment(time.Date(2027, 1, 22, 14, 0, 0, 0, time.UTC))
	second := treatment(time.Date(2026, 12, 25, 14, 0, 0, 0, time.UTC)) // booked last, comes before the third
	consult := mustBook(t, c, data.Appointment{Kind: data.KindConsultation, PatientID: c.patient.ID,
		PractitionerID: c.practitioner.ID, Start: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)})

	whats := func() map[int64]string {
		t.Helper()
		list, err := c.s.PatientAppointments(ctx, c.patient.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]string{}
		for _, a := range list {
			got[a.ID] = a.What()
		}
		return got
	}
	want := map[int64]string{first.ID: "Treatment session 1 of 3", second.ID: "Treatment session 2 of 3",
		third.ID: "Treatment session 3 of 3", consult.ID: "Consultation"}
	if got := whats(); !reflect.DeepEqual(got, want) {
		t.Errorf("What() = %v, want %v", got, want)
	}
	day, err := c.s.Appointments(ctx, time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 26, 0, 0, 0, 0, time.UTC))
	if err != nil || len(day) != 1 || day[0].SessionNumber != 2 || day[0].PlannedSessions != 3 {
		t.Errorf("day view = %+v, %v; want session 2 of 3", day, err)
	}

	t.Run("CancelledNotCounted", func(t *testing.T) {
		if err := c.s.SetStatus(ctx, second.ID, second.Version, data.StatusCancelled, "Holiday"); err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{first.ID: "Treatment session 1 of 3", second.ID: "Treatment session",
			third.ID: "Treatment session 2 of 3", consult.ID: "Consultation"}
		if got := whats(); !reflect.DeepEqual(got, want) {
			t.Errorf("What() = %v, want %v", got, want)
		}
	})
	t.Run("MovedRenumbers", func(t *testing.T) {
		a := third
		a.Start = time.Date(2026, 12, 28, 14, 0, 0, 0, time.UTC)
		if err := c.s.UpdateAppointment(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if got, want := a.What(), "Treatment session 2 of 3"; got != want {
			t.Errorf("What() = %q, want %q", got, want)
		}
	})
}

func TestUpdateTreatmentKeepsSeriesRules(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{Areas: []data.Area{data.AreaCheeks}, PlannedSessions: 2})
	book := func(day int) data.Appointment {
		return mustBook(t, c, data.Appointment{Kind: data.KindTreatment, PatientID: c.patient.ID, SeriesID: ts.ID,
			PractitionerID: c.practitioner.ID, Start: time.Date(2026, 12, day, 14, 0, 0, 0, time.UTC)})
	}
	first, second := book(2), book(30)

	t.Run("FullSeriesMayStillMove", func(t *testing.T) {
		a := second
		a.Start = a.Start.AddDate(0, 0, 1)
		if err := c.s.UpdateAppointment(ctx, &a); err != nil {
			t.Fatalf("moving one of the two planned sessions: %v", err)
		}
	})
	t.Run("ErrSeriesEnded", func(t *testing.T) {
		if err := c.s.DiscontinueSeries(ctx, ts.ID, "Moved abroad"); err != nil {
			t.Fatal(err)
		}
		a := first
		a.Start = a.Start.AddDate(0, 0, 1)
		wantError(t, c.s.UpdateAppointment(ctx, &a), data.ELOCKED, "This series is discontinued")
	})
}
