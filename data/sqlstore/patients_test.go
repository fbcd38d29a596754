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

func mustCreate(t testing.TB, s *sqlstore.Store, p data.Patient) data.Patient {
	t.Helper()
	if err := s.CreatePatient(context.Background(), &p); err != nil {
		t.Fatalf("CreatePatient(%s): %v", p.FullName(), err)
	}
	return p
}

func TestCreatePatient(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)

	t.Run("RoundTripsEveryField", func(t *testing.T) {
		want := mustCreate(t, s, datatest.ValidPatient())
		if want.ID == 0 || want.Version != 1 || !want.CreatedAt.Equal(datatest.Now) || !want.UpdatedAt.Equal(datatest.Now) {
			t.Fatalf("created patient: id %d, version %d, created %v", want.ID, want.Version, want.CreatedAt)
		}
		got, err := s.Patient(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Patient() =\n%+v\nwant\n%+v", got, want)
		}
	})

	t.Run("NamesInAnyScript", func(t *testing.T) {
		for _, name := range []string{"Zoë Łukasz-Дмитрий O'Brien", "Nguyễn Thị Minh Khai", "Ngozi Okonkwo-Adébáyọ̀", "山田 太郎", "Robert'); DROP TABLE patients;--", "العربية"} {
			p := datatest.ValidPatient()
			p.LastName = name
			created := mustCreate(t, s, p)
			got, err := s.Patient(ctx, created.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.LastName != name {
				t.Errorf("LastName = %q, want %q", got.LastName, name)
			}
		}
	})

	t.Run("LongNotes", func(t *testing.T) {
		p := datatest.ValidPatient()
		p.MedicalNotes = strings.Repeat("Ł", data.MaxNotesLength)
		created := mustCreate(t, s, p)
		got, _ := s.Patient(ctx, created.ID)
		if got.MedicalNotes != p.MedicalNotes {
			t.Errorf("10,000-character notes came back with %d characters", len([]rune(got.MedicalNotes)))
		}
	})

	t.Run("ErrInvalidSavesNothing", func(t *testing.T) {
		before, _ := s.CountPatients(ctx)
		p := datatest.ValidPatient()
		p.FirstName = ""
		err := s.CreatePatient(ctx, &p)
		if got, want := data.ErrorCode(err), data.EINVALID; got != want {
			t.Fatalf("ErrorCode = %q, want %q", got, want)
		}
		after, _ := s.CountPatients(ctx)
		if after != before {
			t.Errorf("count went from %v to %v after a refused create", before, after)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.Patient(ctx, 999999)
		if got, want := data.ErrorCode(err), data.ENOTFOUND; got != want {
			t.Errorf("ErrorCode = %q, want %q", got, want)
		}
	})
}

func TestUpdatePatient(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	p := mustCreate(t, s, datatest.ValidPatient())

	later := datatest.Now.Add(time.Hour)
	s.Now = func() time.Time { return later }
	edited := p
	edited.Phone = "+44 7700 900999"
	edited.FirstName = "Zoé"
	if err := s.UpdatePatient(ctx, &edited); err != nil {
		t.Fatal(err)
	}
	if got, want := edited.Version, int64(2); got != want {
		t.Errorf("Version after update = %d, want %d", got, want)
	}
	got, _ := s.Patient(ctx, p.ID)
	if got.Phone != "+44 7700 900999" || got.FirstName != "Zoé" || !got.UpdatedAt.Equal(later) || !got.CreatedAt.Equal(datatest.Now) {
		t.Errorf("after update: %+v", got)
	}

	t.Run("ErrStaleVersion", func(t *testing.T) {
		stale := p // still version 1
		stale.Phone = "+44 7700 900000"
		err := s.UpdatePatient(ctx, &stale)
		if got, want := data.ErrorCode(err), data.ECONFLICT; got != want {
			t.Fatalf("ErrorCode = %q, want %q", got, want)
		}
		got, _ := s.Patient(ctx, p.ID)
		if got.Phone != "+44 7700 900999" {
			t.Errorf("stale update overwrote the phone: %q", got.Phone)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		bad := edited
		bad.Email = "not an email"
		if got, want := data.ErrorCode(s.UpdatePatient(ctx, &bad)), data.EINVALID; got != want {
			t.Errorf("ErrorCode = %q, want %q", got, want)
		}
	})
}

func TestArchivePatient(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	p := mustCreate(t, s, datatest.ValidPatient())

	t.Run("ErrReasonRequired", func(t *testing.T) {
		err := s.ArchivePatient(ctx, p.ID, p.Version, "  ")
		if !strings.Contains(data.ErrorMessage(err), "reason") {
			t.Errorf("err = %v, want a message asking for a reason", err)
		}
	})

	if err := s.ArchivePatient(ctx, p.ID, p.Version, "Moved abroad"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Patient(ctx, p.ID)
	if err != nil {
		t.Fatalf("archived patient is gone: %v", err)
	}
	if !got.Archived() || got.ArchiveReason != "Moved abroad" || !got.ArchivedAt.Equal(datatest.Now) {
		t.Errorf("archived patient: archived %v at %v, reason %q", got.Archived(), got.ArchivedAt, got.ArchiveReason)
	}
	if c, _ := s.CountPatients(ctx); c.Active != 0 || c.Archived != 1 {
		t.Errorf("counts = %+v, want 0 active, 1 archived", c)
	}

	t.Run("ErrEditArchived", func(t *testing.T) {
		got.Phone = "+44 7700 900000"
		if code := data.ErrorCode(s.UpdatePatient(ctx, &got)); code != data.ELOCKED {
			t.Errorf("ErrorCode = %q, want %q", code, data.ELOCKED)
		}
	})

	t.Run("Restore", func(t *testing.T) {
		if err := s.RestorePatient(ctx, got.ID, got.Version); err != nil {
			t.Fatal(err)
		}
		back, _ := s.Patient(ctx, p.ID)
		if back.Archived() || back.ArchiveReason != "" {
			t.Errorf("restored patient still archived: %+v", back)
		}
	})
}

func TestFindDuplicates(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	zoe := mustCreate(t, s, data.Patient{FirstName: "Zoë", LastName: "Adams", DateOfBirth: datatest.Date(1990, 3, 2), Phone: "07700 900123", Email: "zoe@example.com"})
	mustCreate(t, s, data.Patient{FirstName: "Zoë", LastName: "Adams", DateOfBirth: datatest.Date(1985, 1, 1)})

	tests := []struct {
		name   string
		p      data.Patient
		reason string
	}{
		{"SameNameAndBirthday", data.Patient{FirstName: "zoe", LastName: "ADAMS", DateOfBirth: datatest.Date(1990, 3, 2)}, "same name and date of birth"},
		{"SamePhoneOtherFormat", data.Patient{FirstName: "Max", LastName: "Adams", Phone: "07700-900-123"}, "same phone number"},
		{"SamePhoneInternational", data.Patient{FirstName: "Max", LastName: "Adams", Phone: "+44 7700 900123"}, "same phone number"},
		{"SameEmailOtherCase", data.Patient{FirstName: "Max", LastName: "Mustermann", Email: "ZOE@example.com"}, "same email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.FindDuplicates(ctx, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != zoe.ID || got[0].Reason != tt.reason {
				t.Errorf("FindDuplicates = %+v, want Zoë Adams (%s)", got, tt.reason)
			}
		})
	}

	t.Run("NotItself", func(t *testing.T) {
		got, err := s.FindDuplicates(ctx, zoe)
		if err != nil || len(got) != 0 {
			t.Errorf("FindDuplicates(own record) = %+v, %v; want none", got, err)
		}
	})

	t.Run("DifferentPerson", func(t *testing.T) {
		got, _ := s.FindDuplicates(ctx, data.Patient{FirstName: "Zoë", LastName: "Adams", DateOfBirth: datatest.Date(2000, 1, 1)})
		if len(got) != 0 {
			t.Errorf("same name, other birthday: got %+v, want none", got)
		}
	})
}
