package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"needlepoint/data"
	"needlepoint/data/photo"
	"needlepoint/data/sqlstore"
)

// photos runs "photos consent", "photos import" and "photos export".
func (c cli) photos(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "consent":
			return c.photoConsent(args[1:])
		case "import":
			return c.photosImport(args[1:])
		case "export":
			return c.photosExport(args[1:])
		}
	}
	return c.usageError("photos needs the word consent, import or export")
}

// photoConsent records a patient's photo consent.
func (c cli) photoConsent(args []string) int {
	fs := c.flags("needlepoint photos consent")
	path := fs.String("db", "", "the clinic database `file`")
	patient := fs.Int64("patient", 0, "the patient's `number`")
	scope := fs.String("scope", "", "none, record, training or marketing")
	if status := c.parse(fs, args, "photos consent needs --db FILE, --patient ID and --scope", path, scope); status != 0 {
		return status
	}
	if *patient == 0 {
		return c.usageError("photos consent needs --patient ID")
	}
	s, err := data.ParsePhotoConsentScope(*scope)
	if err != nil {
		return c.fail(err)
	}
	return c.withStore(*path, func(ctx context.Context, store *sqlstore.Store) error {
		consent, err := store.RecordPhotoConsent(ctx, *patient, s)
		if err == nil {
			fmt.Fprintf(c.stdout, "Recorded the photo consent of patient %d: %s.\n", *patient, consent.Scope.Label())
		}
		return err
	})
}

// photosImport adds photo files to a session or a consultation, at one
// angle.
func (c cli) photosImport(args []string) int {
	fs := c.flags("needlepoint photos import")
	path := fs.String("db", "", "the clinic database `file`")
	session := fs.Int64("session", 0, "the session's `number`")
	consultation := fs.Int64("consultation", 0, "the consultation's `number`, for baseline photos")
	angle := fs.String("angle", "", "front, left45, left90, right45, right90, or area with --area")
	area := fs.String("area", "", "the `name` of the area a close-up shows")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	files := fs.Args()
	switch {
	case *path == "" || *angle == "" || len(files) == 0:
		return c.usageError("photos import needs --db FILE, --session ID (or --consultation ID), --angle and the photo files")
	case (*session == 0) == (*consultation == 0):
		return c.usageError("photos import needs either --session ID or --consultation ID")
	}
	for _, f := range files {
		if strings.HasPrefix(f, "-") {
			return c.usageError(fmt.Sprintf("put the options before the files: %q came after them", f))
		}
	}
	a, err := data.ParsePhotoAngle(*angle)
	if err != nil {
		return c.fail(err)
	}
	return c.withStore(*path, func(ctx context.Context, store *sqlstore.Store) error {
		ready, err := photo.ProcessFiles(files)
		if err != nil {
			return err
		}
		list := make([]data.Photo, len(ready))
		for i, f := range ready {
			list[i] = data.Photo{SessionID: *session, ConsultationID: *consultation, Angle: a, Area: *area,
				TakenAt: f.TakenAt, Width: f.Width, Height: f.Height, Image: f.JPEG, Thumbnail: f.Thumbnail}
		}
		if err := store.ImportPhotos(ctx, list); err != nil {
			return err
		}
		to := fmt.Sprintf("session %d", *session)
		if *consultation != 0 {
			to = fmt.Sprintf("consultation %d", *consultation)
		}
		fmt.Fprintf(c.stdout, "Added %s (%s) to %s of patient %d, upright and without the camera's metadata.\n",
			plural(len(list), "photo"), list[0].AngleLabel(), to, list[0].PatientID)
		return nil
	})
}

// photosExport writes a patient's photos that are not hidden to a folder,
// as JPEG files without metadata, for a use the patient consented to.
func (c cli) photosExport(args []string) int {
	fs := c.flags("needlepoint photos export")
	path := fs.String("db", "", "the clinic database `file`")
	patient := fs.Int64("patient", 0, "the patient's `number`")
	to := fs.String("to", "", "the `folder` to write the photos to")
	use := fs.String("for", string(data.UsePatientCopy), "patient (their own copy), training or marketing")
	if status := c.parse(fs, args, "photos export needs --db FILE, --patient ID and --to FOLDER", path, to); status != 0 {
		return status
	}
	if *patient == 0 {
		return c.usageError("photos export needs --patient ID")
	}
	u, err := data.ParsePhotoUse(*use)
	if err != nil {
		return c.fail(err)
	}
	return c.withStore(*path, func(ctx context.Context, store *sqlstore.Store) error {
		list, err := store.ExportPhotos(ctx, *patient, u)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(*to, 0o700); err != nil {
			return data.Errorf(data.EINVALID, "Cannot create the folder %s: %v", *to, errors.Unwrap(err))
		}
		for _, p := range list {
			if err := writeNewFile(filepath.Join(*to, photoFileName(p)), p.Image); err != nil {
				return err
			}
		}
		fmt.Fprintf(c.stdout, "Wrote %s of patient %d for %s to %s.\n", plural(len(list), "photo"), *patient, u.Label(), *to)
		return nil
	})
}

// withStore opens an existing database for the command line, runs fn and
// returns the exit status.
func (c cli) withStore(path string, fn func(ctx context.Context, store *sqlstore.Store) error) int {
	ctx := context.Background()
	store, err := openExisting(ctx, path)
	if err != nil {
		return c.fail(err)
	}
	defer store.Close()
	if err := fn(ctx, store); err != nil {
		return c.fail(err)
	}
	return 0
}

// notInFileName are the letters a file name leaves out.
var notInFileName = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// photoFileName names an exported photo so that a folder of them sorts by
// visit and angle: "2026-11-27 session 12 front 31.jpg".
func photoFileName(p data.Photo) string {
	visit := fmt.Sprintf("session %d", p.SessionID)
	if p.ConsultationID != 0 {
		visit = fmt.Sprintf("consultation %d", p.ConsultationID)
	}
	angle := string(p.Angle)
	if p.Angle == data.AngleArea {
		angle = strings.Trim(notInFileName.ReplaceAllString(strings.ToLower(p.Area), "-"), "-")
	}
	return fmt.Sprintf("%s %s %s %d.jpg", p.VisitDate.Format("2006-01-02"), visit, angle, p.ID)
}

// writeNewFile writes a file that must not exist yet, readable by its
// owner only: photos are health data.
func writeNewFile(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return data.Errorf(data.EINVALID, "%s already exists; export to an empty folder.", path)
	}
	if err != nil {
		return data.Errorf(data.EINVALID, "Cannot write %s: %v", path, errors.Unwrap(err))
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return data.Errorf(data.EINVALID, "Cannot write %s: %v", path, errors.Unwrap(err))
	}
	if err := f.Close(); err != nil {
		return data.Errorf(data.EINVALID, "Cannot write %s: %v", path, errors.Unwrap(err))
	}
	return nil
}
