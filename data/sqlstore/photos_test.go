package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/photo"
	"needlepoint/data/sqlstore"
)

// cameraPhoto returns a camera's file made ready for the record, as a
// photo of a session at angle.
func cameraPhoto(t testing.TB, sessionID int64, angle data.PhotoAngle, area string) data.Photo {
	t.Helper()
	p, err := photo.Process(datatest.CameraJPEG(64, 32))
	if err != nil {
		t.Fatal(err)
	}
	return data.Photo{SessionID: sessionID, Angle: angle, Area: area, TakenAt: p.TakenAt,
		Width: p.Width, Height: p.Height, Image: p.JPEG, Thumbnail: p.Thumbnail}
}

// mustPhotoSession returns a clinic whose patient had a session logged.
func mustPhotoSession(t testing.TB) (clinic, data.Session) {
	t.Helper()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{PlannedSessions: 3, StartedOn: datatest.Date(2026, 11, 1)})
	x := validSession(c, ts.ID)
	if err := c.s.LogSession(context.Background(), &x); err != nil {
		t.Fatal(err)
	}
	return c, x
}

// rawAny opens the store's database with plain SQL, as another program
// would, on either engine.
func rawAny(t *testing.T, s *sqlstore.Store) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if sqlstore.IsServerAddress(s.Path()) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// photoAudits counts the audit rows of an action, read by the clinic's
// administrator.
func photoAudits(t *testing.T, c clinic, action data.AuditAction) int {
	t.Helper()
	who, _ := c.s.Actor()
	c.signIn(c.admin)
	defer c.s.SetActor(who)
	return countActions(t, c.s, action)
}

func TestPhotos(t *testing.T) {
	ctx := context.Background()
	c, x := mustPhotoSession(t)
	front := cameraPhoto(t, x.ID, data.AngleFront, "")
	cheek := cameraPhoto(t, x.ID, data.AngleArea, "Left cheek")

	t.Run("ErrNoConsent", func(t *testing.T) {
		before := photoAudits(t, c, data.ActionRefused)
		err := c.s.ImportPhotos(ctx, []data.Photo{front})
		if code := data.ErrorCode(err); code != data.EFORBIDDEN || !strings.Contains(data.ErrorMessage(err), "consent") {
			t.Fatalf("ImportPhotos without consent = %v, want refused for consent", err)
		}
		if got := photoAudits(t, c, data.ActionRefused); got != before+1 {
			t.Errorf("refusals in the audit trail = %d, want %d", got, before+1)
		}
	})
	if _, err := c.s.RecordPhotoConsent(ctx, c.patient.ID, data.PhotoConsentRecord); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrReceptionImports", func(t *testing.T) {
		c.signIn(c.receptionist)
		defer c.signIn(c.practitioner)
		if code := data.ErrorCode(c.s.ImportPhotos(ctx, []data.Photo{front})); code != data.EFORBIDDEN {
			t.Errorf("ErrorCode = %q, want %q", code, data.EFORBIDDEN)
		}
	})
	t.Run("ErrAreaUnnamed", func(t *testing.T) {
		p := cameraPhoto(t, x.ID, data.AngleArea, " ")
		if code := data.ErrorCode(c.s.ImportPhotos(ctx, []data.Photo{p})); code != data.EINVALID {
			t.Errorf("ErrorCode = %q, want %q", code, data.EINVALID)
		}
	})

	list := []data.Photo{cheek, front}
	if err := c.s.ImportPhotos(ctx, list); err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.ID == 0 || p.PatientID != c.patient.ID || p.SeriesID != x.SeriesID || !p.ImportedAt.Equal(datatest.Now) {
			t.Errorf("imported %+v: want an ID, the session's patient and series, and the time", p)
		}
	}

	t.Run("View", func(t *testing.T) {
		before := photoAudits(t, c, data.ActionViewed)
		got, err := c.s.ViewPhotos(ctx, c.patient.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Angle != data.AngleFront || got[1].AngleLabel() != "Left cheek" {
			t.Fatalf("ViewPhotos = %+v, want front then the left cheek", got)
		}
		p := got[0]
		if len(p.Image) != 0 || !bytes.Equal(p.Thumbnail, front.Thumbnail) || p.Width != 32 || p.Height != 64 ||
			!p.TakenAt.Equal(datatest.CameraTakenAt) || !p.VisitDate.Equal(x.PerformedAt) || p.Hidden() {
			t.Errorf("ViewPhotos[0] = %+v", p)
		}
		image, err := c.s.PhotoImage(ctx, p.ID)
		if err != nil || !bytes.Equal(image, front.Image) {
			t.Errorf("PhotoImage = %d bytes, %v; want the imported JPEG", len(image), err)
		}
		if got := photoAudits(t, c, data.ActionViewed); got != before+1 {
			t.Errorf("views in the audit trail = %d, want %d", got, before+1)
		}
	})
	t.Run("Export", func(t *testing.T) {
		got, err := c.s.ExportPhotos(ctx, c.patient.ID, data.UsePatientCopy)
		if err != nil || len(got) != 2 || !bytes.Equal(got[0].Image, front.Image) {
			t.Fatalf("ExportPhotos for the patient = %d photos, %v", len(got), err)
		}
		for _, use := range []data.PhotoUse{data.UseTraining, data.UseMarketing} {
			if _, err := c.s.ExportPhotos(ctx, c.patient.ID, use); data.ErrorCode(err) != data.EFORBIDDEN {
				t.Errorf("ExportPhotos for %s with consent for the record = %v, want refused", use, err)
			}
		}
		if _, err := c.s.RecordPhotoConsent(ctx, c.patient.ID, data.PhotoConsentTraining); err != nil {
			t.Fatal(err)
		}
		if _, err := c.s.ExportPhotos(ctx, c.patient.ID, data.UseTraining); err != nil {
			t.Errorf("ExportPhotos for training with consent for it = %v", err)
		}
		if _, err := c.s.ExportPhotos(ctx, c.patient.ID, data.UseMarketing); data.ErrorCode(err) != data.EFORBIDDEN {
			t.Errorf("ExportPhotos for marketing with consent for training = %v, want refused", err)
		}
		consent, err := c.s.PhotoConsent(ctx, c.patient.ID)
		if err != nil || consent.Scope != data.PhotoConsentTraining || consent.RecordedBy != c.practitioner.Name {
			t.Errorf("PhotoConsent = %+v, %v", consent, err)
		}
	})
	t.Run("Hide", func(t *testing.T) {
		if code := data.ErrorCode(c.s.HidePhoto(ctx, cheek.ID, " ")); code != data.EINVALID {
			t.Errorf("HidePhoto with no reason: ErrorCode = %q, want %q", code, data.EINVALID)
		}
		if err := c.s.HidePhoto(ctx, list[0].ID, "Another patient's photo"); err != nil {
			t.Fatal(err)
		}
		if code := data.ErrorCode(c.s.HidePhoto(ctx, list[0].ID, "Again")); code != data.ELOCKED {
			t.Errorf("hiding twice: ErrorCode = %q, want %q", code, data.ELOCKED)
		}
		got, err := c.s.ViewPhotos(ctx, c.patient.ID)
		if err != nil || len(got) != 2 {
			t.Fatalf("ViewPhotos = %d photos, %v; want the hidden one still listed", len(got), err)
		}
		hidden := got[1]
		if !hidden.Hidden() || hidden.HiddenReason != "Another patient's photo" || hidden.HiddenBy != c.practitioner.Name {
			t.Errorf("hidden photo = %+v", hidden)
		}
		exported, err := c.s.ExportPhotos(ctx, c.patient.ID, data.UsePatientCopy)
		if err != nil || len(exported) != 1 || exported[0].ID != list[1].ID {
			t.Errorf("ExportPhotos after hiding = %+v, %v; want the front photo only", exported, err)
		}
		if n := photoAudits(t, c, data.ActionHidden); n != 1 {
			t.Errorf("hidings in the audit trail = %d, want 1", n)
		}
	})
	t.Run("ErrDeleteThroughSQL", func(t *testing.T) {
		db := rawAny(t, c.s)
		for _, stmt := range []string{
			"DELETE FROM photos",
			"DELETE FROM photo_images",
			"UPDATE photo_images SET image = thumbnail",
			"UPDATE photos SET hidden_at = NULL",
			"DELETE FROM photo_consents",
		} {
			if _, err := db.Exec(stmt); err == nil {
				t.Errorf("%s: the database let it through", stmt)
			}
		}
		image, err := c.s.PhotoImage(ctx, list[0].ID)
		if err != nil || !bytes.Equal(image, list[0].Image) {
			t.Errorf("the hidden photo's image after the attempts = %d bytes, %v", len(image), err)
		}
	})
	t.Run("Baseline", func(t *testing.T) {
		k := mustConsultation(t, c)
		p := cameraPhoto(t, 0, data.AngleLeft45, "")
		p.ConsultationID = k.ID
		if err := c.s.ImportPhotos(ctx, []data.Photo{p}); err != nil {
			t.Fatal(err)
		}
		got, err := c.s.ViewPhotos(ctx, c.patient.ID)
		if err != nil || len(got) != 3 || got[0].ConsultationID != k.ID || got[0].SeriesID != 0 {
			t.Errorf("ViewPhotos = %+v, %v; want the consultation's photo first", got, err)
		}
	})
	t.Run("CopyCarriesPhotos", func(t *testing.T) {
		dst := openAnyPath(t, filepath.Join(t.TempDir(), "copy.db"))
		counts, err := c.s.CopyTo(ctx, dst)
		if err != nil {
			t.Fatal(err)
		}
		if counts["photos"] != 3 || counts["photo_images"] != 3 || counts["photo_consents"] != 2 {
			t.Errorf("copied %v", counts)
		}
		dst.SetActor(data.Actor{Name: "Copy check", Role: data.RoleAdmin})
		image, err := dst.PhotoImage(ctx, list[1].ID)
		if err != nil || !bytes.Equal(image, list[1].Image) {
			t.Errorf("the copy's image = %d bytes, %v", len(image), err)
		}
	})
}
