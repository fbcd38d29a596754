package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"sync"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"needlepoint/data"
	"needlepoint/data/photo"
)

// demoPhotoSeries is how many series get photos: enough that the Photos
// tab and Compare are never empty in the demo, few enough that the demo
// stays quick to make.
const demoPhotoSeries = 6

// demoPhotoAngles are the views each demo session is photographed from.
var demoPhotoAngles = []data.PhotoAngle{data.AngleFront, data.AngleLeft45, data.AngleRight45}

// photos gives the first few patients whose series has two sessions or
// more a photo consent and, at every session of that series, drawn test
// cards (never faces) that show the angle and the session: the marker
// sits where the angle puts it and shrinks from session to session, as a
// scar would fade.
func (c *clinical) photos(chosen []slim) error {
	done := 0
	for _, p := range chosen {
		if done == demoPhotoSeries {
			return nil
		}
		series, err := c.s.PatientSeries(c.ctx, p.id)
		if err != nil {
			return err
		}
		for _, ts := range series {
			sessions, err := c.s.SeriesSessions(c.ctx, ts.ID)
			if err != nil {
				return err
			}
			if len(sessions) < 2 {
				continue
			}
			c.as(c.staff.lead)
			scope := data.PhotoConsentRecord
			if done%2 == 1 {
				scope = data.PhotoConsentTraining
			}
			record := func() error {
				_, err := c.s.RecordPhotoConsent(c.ctx, p.id, scope)
				return err
			}
			if err := c.at(sessions[0].PerformedAt.Add(-10*time.Minute), record); err != nil {
				return fmt.Errorf("demo: photo consent of patient %d: %w", p.id, err)
			}
			for k, x := range sessions {
				if err := c.sessionPhotos(x, k+1); err != nil {
					return fmt.Errorf("demo: photos of session %d: %w", x.ID, err)
				}
			}
			done++
			break
		}
	}
	return nil
}

// sessionPhotos adds a test card for each of demoPhotoAngles to session x,
// the number-th of its series.
func (c *clinical) sessionPhotos(x data.Session, number int) error {
	list := make([]data.Photo, len(demoPhotoAngles))
	for i, angle := range demoPhotoAngles {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, testCard(angle, number), &jpeg.Options{Quality: 85}); err != nil {
			return err
		}
		p, err := photo.Process(buf.Bytes())
		if err != nil {
			return err
		}
		list[i] = data.Photo{SessionID: x.ID, Angle: angle, TakenAt: x.PerformedAt, Width: p.Width,
			Height: p.Height, Image: p.JPEG, Thumbnail: p.Thumbnail}
	}
	return c.s.ImportPhotos(c.ctx, list)
}

// cardFaces are the Go font at the sizes a test card uses.
var cardFaces = sync.OnceValues(func() ([2]font.Face, error) {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return [2]font.Face{}, err
	}
	var faces [2]font.Face
	for i, size := range []float64{44, 30} {
		if faces[i], err = opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull}); err != nil {
			return faces, err
		}
	}
	return faces, nil
})

// testCard draws a 600 × 800 card for a session and an angle.
func testCard(angle data.PhotoAngle, session int) image.Image {
	const w, h = 600, 800
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	paper := color.RGBA{R: 232, G: 220, B: 204, A: 255}
	ink := color.RGBA{R: 120, G: 100, B: 84, A: 255}
	draw.Draw(img, img.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	for x := 40; x < w-40; x++ {
		for _, y := range []int{40, h / 2, h - 41} {
			img.Set(x, y, ink)
		}
	}
	for y := 40; y < h-40; y++ {
		for _, x := range []int{40, w / 2, w - 41} {
			img.Set(x, y, ink)
		}
	}
	offset := map[data.PhotoAngle]int{data.AngleLeft45: -90, data.AngleRight45: 90, data.AngleLeft90: -160, data.AngleRight90: 160}[angle]
	cx, cy, r := w/2+offset, h/2, max(70-14*(session-1), 20)
	mark := color.RGBA{R: 180, G: 68, B: 68, A: 255}
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r {
				img.Set(x, y, mark)
			}
		}
	}
	faces, err := cardFaces()
	if err != nil {
		return img
	}
	text := func(face font.Face, s string, y int) {
		d := font.Drawer{Dst: img, Src: image.NewUniform(color.RGBA{R: 50, G: 44, B: 40, A: 255}), Face: face}
		d.Dot = fixed.P((w-d.MeasureString(s).Round())/2, y)
		d.DrawString(s)
	}
	text(faces[0], "Test card", 120)
	text(faces[1], fmt.Sprintf("Session %d", session), 170)
	text(faces[1], angle.Label(), h-110)
	text(faces[1], "Made-up demo image", h-70)
	return img
}
