package app

import (
	"bytes"
	"context"
	"image/jpeg"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// latestSession returns the newest session of a database and its patient.
func latestSession(t *testing.T, path string) (session, patient string) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetActor(data.CommandLine("test"))
	id, err := s.LatestSessionID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	x, err := s.Session(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(x.ID, 10), strconv.FormatInt(x.PatientID, 10)
}

func TestPhotosCommands(t *testing.T) {
	db := demoDatabase(t)
	session, patient := latestSession(t, db)
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"IMG_0001.JPG", "IMG_0002.JPG"} {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, datatest.CameraJPEG(64, 32), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	importArgs := append([]string{"photos", "import", "--db", db, "--session", session, "--angle", "front"}, files...)

	t.Run("ErrNoConsent", func(t *testing.T) {
		code, _, errOut, _ := runCLI(t, importArgs...)
		if code != 1 || !strings.Contains(errOut, "has not consented to photos") {
			t.Errorf("import without consent: exit %d, %q", code, errOut)
		}
	})
	for _, args := range [][]string{
		{"photos"},
		{"photos", "import", "--db", db, "--session", session, "--angle", "front"},
		{"photos", "import", "--db", db, "--angle", "front", files[0]},
		{"photos", "export", "--db", db, "--to", dir},
	} {
		t.Run("ErrUsage "+strings.Join(args[1:min(len(args), 3)], " "), func(t *testing.T) {
			if code, _, errOut, _ := runCLI(t, args...); code != 2 || !strings.Contains(errOut, "Usage:") {
				t.Errorf("exit %d, %q; want 2 with usage", code, errOut)
			}
		})
	}
	if code, out, errOut, _ := runCLI(t, "photos", "consent", "--db", db, "--patient", patient, "--scope", "record"); code != 0 {
		t.Fatalf("consent: exit %d, %q %q", code, out, errOut)
	}
	code, out, errOut, _ := runCLI(t, importArgs...)
	if code != 0 || !strings.Contains(out, "Added 2 photos (Front) to session "+session) {
		t.Fatalf("import: exit %d, %q %q", code, out, errOut)
	}

	t.Run("ErrExportForMarketing", func(t *testing.T) {
		to := filepath.Join(t.TempDir(), "marketing")
		code, _, errOut, _ := runCLI(t, "photos", "export", "--db", db, "--patient", patient, "--to", to, "--for", "marketing")
		if code != 1 || !strings.Contains(errOut, "cannot be exported for marketing") {
			t.Errorf("export for marketing: exit %d, %q", code, errOut)
		}
		if _, err := os.Stat(to); !os.IsNotExist(err) {
			t.Errorf("the refused export made its folder: %v", err)
		}
	})
	t.Run("ExportPatientCopy", func(t *testing.T) {
		to := filepath.Join(t.TempDir(), "copy")
		code, out, errOut, _ := runCLI(t, "photos", "export", "--db", db, "--patient", patient, "--to", to)
		if code != 0 || !strings.Contains(out, "Wrote 2 photos") {
			t.Fatalf("export: exit %d, %q %q", code, out, errOut)
		}
		written, err := filepath.Glob(filepath.Join(to, "*session "+session+" front *.jpg"))
		if err != nil || len(written) != 2 {
			t.Fatalf("exported files = %q, %v", written, err)
		}
		for _, f := range written {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"Exif", datatest.CameraSerial, datatest.CameraMake} {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s holds %q", filepath.Base(f), s)
				}
			}
			img, err := jpeg.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Dx() != 32 || img.Bounds().Dy() != 64 {
				t.Errorf("%s: %v, %v; want an upright 32×64 photo", filepath.Base(f), img.Bounds(), err)
			}
		}
		if code, _, errOut, _ := runCLI(t, "photos", "export", "--db", db, "--patient", patient, "--to", to); code != 1 || !strings.Contains(errOut, "already exists") {
			t.Errorf("export over earlier files: exit %d, %q", code, errOut)
		}
	})
}
