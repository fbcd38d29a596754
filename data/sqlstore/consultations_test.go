package sqlstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// clinic is a small clinic: one patient and a member of staff per role.
type clinic struct {
	s                                 *sqlstore.Store
	patient                           data.Patient
	practitioner, admin, receptionist data.StaffMember
}

func mustClinic(t testing.TB) clinic {
	t.Helper()
	return mustClinicIn(t, mustOpen(t))
}

// mustClinicIn sets the small clinic up in the store s.
func mustClinicIn(t testing.TB, s *sqlstore.Store) clinic {
	t.Helper()
	c := clinic{s: s}
	c.patient = mustCreate(t, c.s, datatest.ValidPatient())
	for _, m := range []*data.StaffMember{
		{Name: "Dr Amara Okafor", Role: data.RolePractitioner, Active: true},
		{Name: "Łucja Admin", Role: data.RoleAdmin, Active: true},
		{Name: "Ben Desk", Role: data.RoleReception, Active: true},
	} {
		if err := c.s.CreateStaffMember(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	staff, err := c.s.Staff(context.Background(), true)
	if err != nil || len(staff) != 3 {
		t.Fatalf("Staff() = %v, %v", staff, err)
	}
	c.receptionist, c.practitioner, c.admin = staff[0], staff[1], staff[2]
	c.signIn(c.practitioner)
	return c
}

// signIn makes m the store's user, as signing in would.
func (c clinic) signIn(m data.StaffMember) {
	c.s.SetActor(data.Actor{StaffID: m.ID, Name: m.Name, Role: m.Role})
}

func (c clinic) draft() data.Consultation {
	return data.Consultation{
		PatientID:       c.patient.ID,
		ConsultedOn:     datatest.Date(2026, 11, 27),
		PractitionerID:  c.practitioner.ID,
		Concerns:        []data.Indication{data.Indications[0], data.Indications[1]},
		Goals:           "Smoother cheeks before the wedding in spring",
		SkinType:        3,
		SkinCondition:   "Rolling acne scars on both cheeks; no active acne",
		Areas:           []data.Area{data.AreaCheeks, data.AreaForehead},
		PlannedSessions: 4,
		IntervalWeeks:   4,
		DepthMin:        50,
		DepthMax:        150,
		Notes:           "Patch test done. Zoë prefers afternoon appointments.",
	}
}

func mustConsultation(t *testing.T, c clinic) data.Consultation {
	t.Helper()
	d := c.draft()
	if err := c.s.CreateConsultation(context.Background(), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestStaffDirectory(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	if got, want := c.practitioner.Name, "Dr Amara Okafor"; got != want {
		t.Fatalf("staff sorted wrongly: practitioner %q", got)
	}
	c.signIn(c.admin)
	t.Run("ErrNameRequired", func(t *testing.T) {
		err := c.s.CreateStaffMember(ctx, &data.StaffMember{Role: data.RoleAdmin})
		if code := data.ErrorCode(err); code != data.EINVALID {
			t.Errorf("ErrorCode = %q, want %q", code, data.EINVALID)
		}
	})
	t.Run("ErrUnknownRole", func(t *testing.T) {
		err := c.s.CreateStaffMember(ctx, &data.StaffMember{Name: "X", Role: "surgeon"})
		if !strings.Contains(data.ErrorMessage(err), "Choose a role") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("InactiveLeftOut", func(t *testing.T) {
		m := c.receptionist
		m.Active = false
		if err := c.s.UpdateStaffMember(ctx, &m); err != nil {
			t.Fatal(err)
		}
		active, _ := c.s.Staff(ctx, true)
		all, _ := c.s.Staff(ctx, false)
		if len(active) != 2 || len(all) != 3 {
			t.Errorf("active %d, all %d; want 2 and 3", len(active), len(all))
		}
	})
	t.Run("ErrDeleteThroughSQL", func(t *testing.T) {
		if _, err := rawDB(t, c.s.Path()).Exec("DELETE FROM staff WHERE id = ?", c.admin.ID); err == nil {
			t.Error("a raw DELETE removed a staff member")
		}
	})
}

func TestConsultation(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	want := mustConsultation(t, c)

	t.Run("RoundTrip", func(t *testing.T) {
		got, err := c.s.Consultation(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Consultation() =\n%+v\nwant\n%+v", got, want)
		}
	})

	t.Run("EditDraft", func(t *testing.T) {
		d := want
		d.Notes = "Patch test done; numbing cream 30 minutes."
		if err := c.s.UpdateConsultation(ctx, &d); err != nil {
			t.Fatal(err)
		}
		want = d
		got, _ := c.s.Consultation(ctx, d.ID)
		if got.Notes != d.Notes || got.Version != 2 {
			t.Errorf("after edit: notes %q version %d", got.Notes, got.Version)
		}
	})

	tests := []struct {
		name   string
		change func(*data.Consultation)
		want   string
	}{
		{"ErrNoDate", func(x *data.Consultation) { x.ConsultedOn = time.Time{} }, "Enter the date"},
		{"ErrFutureDate", func(x *data.Consultation) { x.ConsultedOn = datatest.Date(2026, 12, 1) }, "cannot be in the future"},
		{"ErrNoPractitioner", func(x *data.Consultation) { x.PractitionerID = 0 }, "Choose the practitioner"},
		{"ErrDepthOrder", func(x *data.Consultation) { x.DepthMin, x.DepthMax = 150, 50 }, "larger than the largest"},
		{"ErrDepthRange", func(x *data.Consultation) { x.DepthMax = 400 }, "between 0.1 mm and 3 mm"},
		{"ErrTooManySessions", func(x *data.Consultation) { x.PlannedSessions = 21 }, "between 1 and 20"},
		{"ErrUnknownArea", func(x *data.Consultation) { x.Areas = []data.Area{"elbow"} }, "Unknown treatment area"},
		{"ErrNotesTooLong", func(x *data.Consultation) { x.Notes = strings.Repeat("x", data.MaxNotesLength+1) }, "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := c.draft()
			tt.change(&d)
			err := c.s.CreateConsultation(ctx, &d)
			if data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want a message containing %q", err, tt.want)
			}
		})
	}

	t.Run("ErrReceptionistWrites", func(t *testing.T) {
		d := c.draft()
		d.PractitionerID = c.receptionist.ID
		if code := data.ErrorCode(c.s.CreateConsultation(ctx, &d)); code != data.EFORBIDDEN {
			t.Errorf("ErrorCode = %q, want %q", code, data.EFORBIDDEN)
		}
	})

	t.Run("ErrArchivedPatient", func(t *testing.T) {
		p := mustCreate(t, c.s, data.Patient{FirstName: "Gone", LastName: "Away"})
		if err := c.s.ArchivePatient(ctx, p.ID, p.Version, "Moved away"); err != nil {
			t.Fatal(err)
		}
		d := c.draft()
		d.PatientID = p.ID
		if code := data.ErrorCode(c.s.CreateConsultation(ctx, &d)); code != data.ELOCKED {
			t.Errorf("ErrorCode = %q, want %q", code, data.ELOCKED)
		}
	})

	t.Run("ErrAddendumToDraft", func(t *testing.T) {
		_, err := c.s.AddConsultationAddendum(ctx, want.ID, c.practitioner.ID, "typo", "fixed")
		if !strings.Contains(data.ErrorMessage(err), "still a draft") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestSignedConsultationIsLocked(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	d := mustConsultation(t, c)

	if code := data.ErrorCode(c.s.SignConsultation(ctx, d.ID, d.Version, c.admin.ID)); code != data.EFORBIDDEN {
		t.Errorf("admin signing: ErrorCode = %q, want %q", code, data.EFORBIDDEN)
	}
	if err := c.s.SignConsultation(ctx, d.ID, d.Version, c.practitioner.ID); err != nil {
		t.Fatal(err)
	}
	signed, _ := c.s.Consultation(ctx, d.ID)
	if !signed.Signed() || signed.SignedBy != c.practitioner.ID || !signed.SignedAt.Equal(datatest.Now) {
		t.Fatalf("after signing: signed %v by %d at %v", signed.Signed(), signed.SignedBy, signed.SignedAt)
	}

	t.Run("ErrUpdateThroughStore", func(t *testing.T) {
		edit := signed
		edit.Notes = "changed after signing"
		if code := data.ErrorCode(c.s.UpdateConsultation(ctx, &edit)); code != data.ELOCKED {
			t.Errorf("ErrorCode = %q, want %q", code, data.ELOCKED)
		}
	})
	t.Run("ErrSignTwice", func(t *testing.T) {
		if code := data.ErrorCode(c.s.SignConsultation(ctx, signed.ID, signed.Version, c.practitioner.ID)); code != data.ELOCKED {
			t.Errorf("ErrorCode = %q, want %q", code, data.ELOCKED)
		}
	})
	t.Run("ErrUpdateThroughSQL", func(t *testing.T) {
		db := rawDB(t, c.s.Path())
		if _, err := db.Exec("UPDATE consultations SET notes = 'tampered' WHERE id = ?", d.ID); err == nil {
			t.Error("a raw UPDATE changed a signed consultation")
		}
		if _, err := db.Exec("DELETE FROM consultations WHERE id = ?", d.ID); err == nil {
			t.Error("a raw DELETE removed a signed consultation")
		}
	})

	a, err := c.s.AddConsultationAddendum(ctx, d.ID, c.practitioner.ID, "Wrong area recorded", "Treat the chin, not the forehead.")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.s.Consultation(ctx, d.ID)
	if got.Notes != d.Notes {
		t.Errorf("original notes changed to %q", got.Notes)
	}
	if len(got.Addenda) != 1 || got.Addenda[0] != a || a.AuthorName != "Dr Amara Okafor" || !a.WrittenAt.Equal(datatest.Now) {
		t.Errorf("addenda = %+v, want [%+v]", got.Addenda, a)
	}

	t.Run("ErrAddendumReasonRequired", func(t *testing.T) {
		_, err := c.s.AddConsultationAddendum(ctx, d.ID, c.practitioner.ID, " ", "text")
		if !strings.Contains(data.ErrorMessage(err), "Say why") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("ErrAddendumThroughSQL", func(t *testing.T) {
		db := rawDB(t, c.s.Path())
		if _, err := db.Exec("UPDATE consultation_addenda SET text = 'tampered'"); err == nil {
			t.Error("a raw UPDATE changed an addendum")
		}
		if _, err := db.Exec("DELETE FROM consultation_addenda"); err == nil {
			t.Error("a raw DELETE removed an addendum")
		}
	})
	t.Run("ListedWithAddenda", func(t *testing.T) {
		list, err := c.s.Consultations(ctx, c.patient.ID)
		if err != nil || len(list) != 1 || len(list[0].Addenda) != 1 {
			t.Errorf("Consultations() = %+v, %v", list, err)
		}
	})
}
