package app

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// testJPEG is a plain image of one colour, as a JPEG.
func testJPEG(t *testing.T, c color.Color, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// photoScreen is the patients screen over a patient with a baseline at
// consultation 3 and two sessions of series 4, the left 45° photo of the
// second session hidden.
func photoScreen(t *testing.T) (*patientsScreen, *fakeStore) {
	t.Helper()
	store := newFakeStore(data.Patient{FirstName: "Zoë", LastName: "Adams"})
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	store.consultations = []data.Consultation{{ID: 3, PatientID: 1, ConsultedOn: day(10, 19)}}
	store.series = []data.TreatmentSeries{{ID: 4, PatientID: 1, PlannedSessions: 3, IntervalWeeks: 4, StartedOn: day(11, 2)}}
	store.sessions = map[int64][]data.Session{4: {
		{ID: 9, SeriesID: 4, PerformedAt: day(11, 2).Add(14 * time.Hour)},
		{ID: 10, SeriesID: 4, PerformedAt: day(11, 27).Add(10 * time.Hour)},
	}}
	photo := func(id, session, consultation int64, angle data.PhotoAngle, visit time.Time) data.Photo {
		series := map[bool]int64{true: 4}[session != 0]
		return data.Photo{ID: id, PatientID: 1, SeriesID: series, SessionID: session, ConsultationID: consultation, Angle: angle,
			VisitDate: visit, Width: 40, Height: 60, ImportedBy: "Dr Amara Okafor", ImportedAt: visit,
			Thumbnail: testJPEG(t, color.Gray{Y: 128}, 20, 30)}
	}
	store.photos = []data.Photo{
		photo(5, 10, 0, data.AngleLeft45, day(11, 27).Add(10*time.Hour)),
		photo(4, 10, 0, data.AngleFront, day(11, 27).Add(10*time.Hour)),
		photo(2, 9, 0, data.AngleFront, day(11, 2).Add(14*time.Hour)),
		photo(3, 9, 0, data.AngleLeft45, day(11, 2).Add(14*time.Hour)),
		photo(1, 0, 3, data.AngleFront, day(10, 19)),
	}
	store.photos[0].HiddenAt, store.photos[0].HiddenBy, store.photos[0].HiddenReason = day(11, 28), "Ben Desk", "Blurred"
	store.photoImages = map[int64][]byte{}
	for _, p := range store.photos {
		store.photoImages[p.ID] = testJPEG(t, color.RGBA{R: uint8(40 * p.ID), A: 255}, 40, 60)
	}
	s := newTestScreen(t, store)
	s.list.Select(0)
	return s, store
}

// photosText lists the text of the Photos tab's body.
func photosText(v *photosView) []string {
	var list []string
	for _, o := range test.LaidOutObjects(v.body) {
		if l, ok := o.(*widget.Label); ok {
			list = append(list, l.Text)
		}
	}
	return list
}

func TestPhotosTab(t *testing.T) {
	s, store := photoScreen(t)
	if n := slices.Index(store.writes, "ViewPhotos"); n >= 0 {
		t.Fatalf("opening a patient read their photos (%q); the access history would show a look nobody took", store.writes)
	}
	s.tabs.SelectIndex(3)
	if got := strings.Count(strings.Join(store.writes, ","), "ViewPhotos"); got != 1 {
		t.Fatalf("ViewPhotos called %d times on opening the tab, want 1", got)
	}
	want := []string{
		"Consultation (baseline) · 19/10/2026", "Front",
		"Series 1, session 1 · 02/11/2026", "Front", "Left 45°",
		"Series 1, session 2 · 27/11/2026", "Front",
	}
	if got := photosText(s.photos); !slices.Equal(got, want) {
		t.Errorf("Photos tab shows %q, want %q", got, want)
	}
	if got := s.photos.consentLabel.Text; !strings.HasPrefix(got, "Photo consent: none recorded") {
		t.Errorf("consent = %q", got)
	}

	t.Run("ReceptionAddsNone", func(t *testing.T) {
		store.me = &data.Actor{StaffID: 3, Name: "Ben Desk", Role: data.RoleReception}
		defer func() { store.me = nil; s.photos.updateButtons() }()
		s.photos.updateButtons()
		if s.photos.addButton.Visible() || !s.photos.consentButton.Visible() || !s.photos.printButton.Visible() {
			t.Errorf("reception sees Add photos %v, Photo consent %v, Progress sheet %v; want only the last two",
				s.photos.addButton.Visible(), s.photos.consentButton.Visible(), s.photos.printButton.Visible())
		}
	})
	t.Run("ShowHidden", func(t *testing.T) {
		s.photos.showHidden.SetChecked(true)
		defer s.photos.showHidden.SetChecked(false)
		if got := photosText(s.photos); !slices.Contains(got, "Hidden: Blurred") {
			t.Errorf("with hidden photos shown: %q", got)
		}
	})
	t.Run("Compare", func(t *testing.T) {
		c := newPhotoCompare(s.photos)
		if got, want := c.angle.Options, []string{"Front"}; !slices.Equal(got, want) {
			t.Errorf("angles to compare = %q, want %q: left 45° has one photo shown", got, want)
		}
		if got, want := c.before.Selected, "Consultation · 19/10/2026"; got != want {
			t.Errorf("before = %q, want the first visit %q", got, want)
		}
		if got, want := c.after.Selected, "Session 2 · 27/11/2026"; got != want {
			t.Errorf("after = %q, want the latest visit %q", got, want)
		}
		if c.sideBefore.Image == nil || c.overAfter.Image == nil {
			t.Fatal("the two photos were not loaded")
		}
		if r, _, _, _ := c.overAfter.Image.At(1, 1).RGBA(); r>>8 < 150 {
			t.Errorf("after shows red %d, want photo 4's", r>>8)
		}
		c.seeThrough.SetValue(0.2)
		if got := c.overAfter.Translucency; got < 0.79 || got > 0.81 {
			t.Errorf("after's translucency at 0.2 on the slider = %v, want 0.8", got)
		}
		c.before.SetSelectedIndex(1)
		if got, want := c.beforeTitle.Text, "Before: Session 1 · 02/11/2026"; got != want {
			t.Errorf("before title = %q, want %q", got, want)
		}
	})
	t.Run("ProgressSheet", func(t *testing.T) {
		pairs := progressPairs(s.photos.record.visits)
		want := []progressPair{{"Front", 1, 4, "Consultation · 19/10/2026", "Session 2 · 27/11/2026"}}
		if !slices.Equal(pairs, want) {
			t.Fatalf("pairs = %+v, want %+v: the first and the latest front photo", pairs, want)
		}
		var pdf bytes.Buffer
		if err := s.photos.writeProgress(context.Background(), 1, "Zoë Adams", pairs, &pdf); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) || !slices.Contains(store.writes, "RecordPrinted "+progressDocument) {
			t.Errorf("progress sheet: %d bytes, writes %q; want a PDF and the print audited", pdf.Len(), store.writes)
		}
	})
	t.Run("Hide", func(t *testing.T) {
		s.photos.onHide(store.photos[3])
		top := s.win.Canvas().Overlays().Top()
		var hide *widget.Button
		for _, o := range test.LaidOutObjects(top) {
			switch w := o.(type) {
			case *widget.Entry:
				test.Type(w, "Another patient's photo")
			case *widget.Button:
				if w.Text == "Hide" {
					hide = w
				}
			}
		}
		if hide == nil {
			t.Fatalf("no Hide button in %q", topDialogText(s))
		}
		test.Tap(hide)
		if !slices.Contains(store.writes, "HidePhoto 3 Another patient's photo") {
			t.Fatalf("writes = %q", store.writes)
		}
		if got := photosText(s.photos); slices.Contains(got, "Left 45°") {
			t.Errorf("the hidden photo is still shown: %q", got)
		}
	})
	t.Run("Add", func(t *testing.T) {
		dir := t.TempDir()
		file := filepath.Join(dir, "IMG_0101.JPG")
		if err := os.WriteFile(file, datatest.CameraJPEG(64, 32), 0o600); err != nil {
			t.Fatal(err)
		}
		s.photos.onDropped([]fyne.URI{storage.NewFileURI(file), storage.NewFileURI(filepath.Join(dir, "notes.txt"))})
		a := s.photos.adding
		if a == nil {
			t.Fatal("dropping a photo opened no dialog")
		}
		if got, want := a.target.Options, []string{"Consultation · 19/10/2026", "Series 1, session 1 · 02/11/2026",
			"Series 1, session 2 · 27/11/2026"}; !slices.Equal(got, want) {
			t.Errorf("visits to add to = %q, want %q", got, want)
		}
		if got, want := a.target.Selected, "Series 1, session 2 · 27/11/2026"; got != want {
			t.Errorf("visit = %q, want the latest, %q", got, want)
		}
		if got, want := a.chosen.Text, "1 file: IMG_0101.JPG"; got != want {
			t.Errorf("chosen = %q, want %q", got, want)
		}
		a.angle.SetSelected(data.AngleLeft90.Label())
		test.Tap(a.add)
		if want := "ImportPhotos session 10 consultation 0 left90  32x64"; !slices.Contains(store.writes, want) {
			t.Fatalf("writes = %q, want %q: the photo upright", store.writes, want)
		}
		if s.photos.adding != nil {
			t.Error("the dialog stayed open after adding")
		}
		if got := photosText(s.photos); !slices.Contains(got, "Left 90° · 14:03") {
			t.Errorf("the added photo is not shown: %q", got)
		}
	})
	t.Run("ErrFolderWithoutPhotos", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600)
		if _, err := photosInFolder(dir); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("photosInFolder of a folder without photos = %v", err)
		}
		card := filepath.Join(dir, "DCIM", "100CANON")
		os.MkdirAll(card, 0o700)
		for _, name := range []string{"IMG_2.JPG", "IMG_1.jpeg", "scan.png"} {
			os.WriteFile(filepath.Join(card, name), []byte("x"), 0o600)
		}
		files, err := photosInFolder(dir)
		if err != nil || len(files) != 3 || filepath.Base(files[0]) != "IMG_1.jpeg" {
			t.Errorf("photosInFolder = %q, %v", files, err)
		}
	})
	t.Run("Consent", func(t *testing.T) {
		s.photos.onConsent()
		top := s.win.Canvas().Overlays().Top()
		var record *widget.Button
		for _, o := range test.LaidOutObjects(top) {
			switch w := o.(type) {
			case *widget.RadioGroup:
				w.SetSelected(data.PhotoConsentTraining.Label())
			case *widget.Button:
				if w.Text == "Record" {
					record = w
				}
			}
		}
		test.Tap(record)
		if got, want := s.photos.consentLabel.Text, "Photo consent: Clinical record and training · recorded by Dr Amara Okafor"; !strings.HasPrefix(got, want) {
			t.Errorf("consent = %q, want it to start %q", got, want)
		}
	})
}
