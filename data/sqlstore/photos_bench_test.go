package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/photo"
)

// cameraFile12MP returns a 4,000 × 3,000 JPEG of smooth shading with
// fine grain, about what a phone saves, with a camera's EXIF block that
// asks for it to be turned upright.
func cameraFile12MP(b *testing.B) []byte {
	b.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 4000, 3000))
	seed := uint32(1)
	for y := range 3000 {
		for x := range 4000 {
			seed = seed*1664525 + 1013904223
			grain := uint8(seed >> 28)
			i := img.PixOffset(x, y)
			img.Pix[i] = uint8(x*200/4000) + grain
			img.Pix[i+1] = uint8(y*180/3000) + grain
			img.Pix[i+2] = uint8((x+y)*150/7000) + grain
			img.Pix[i+3] = 255
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		b.Fatal(err)
	}
	return datatest.WithCameraEXIF(buf.Bytes())
}

// BenchmarkImportTwelvePhotos imports a session's twelve 12-megapixel
// photos as `needlepoint photos import` does: read, turned upright,
// scaled to 3,000 pixels, re-encoded without metadata with thumbnails, and
// stored in one transaction.
func BenchmarkImportTwelvePhotos(b *testing.B) {
	ctx := context.Background()
	raw := cameraFile12MP(b)
	dir := b.TempDir()
	var paths []string
	for i := range 12 {
		path := filepath.Join(dir, fmt.Sprintf("IMG_%04d.JPG", i+1))
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, path)
	}
	c, x := mustPhotoSession(b)
	if _, err := c.s.RecordPhotoConsent(ctx, c.patient.ID, data.PhotoConsentRecord); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		files, err := photo.ProcessFiles(paths)
		if err != nil {
			b.Fatal(err)
		}
		list := make([]data.Photo, len(files))
		for i, f := range files {
			list[i] = data.Photo{SessionID: x.ID, Angle: data.AngleFront, TakenAt: f.TakenAt, Width: f.Width,
				Height: f.Height, Image: f.JPEG, Thumbnail: f.Thumbnail}
		}
		if err := c.s.ImportPhotos(ctx, list); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	reportLatency(b, times)
}

// BenchmarkViewSixtyPhotos lists a patient's 60 photos with their
// thumbnails, audited, and decodes the thumbnails as the Photos tab does.
func BenchmarkViewSixtyPhotos(b *testing.B) {
	ctx := context.Background()
	c, x := mustPhotoSession(b)
	if _, err := c.s.RecordPhotoConsent(ctx, c.patient.ID, data.PhotoConsentRecord); err != nil {
		b.Fatal(err)
	}
	p, err := photo.Process(cameraFile12MP(b))
	if err != nil {
		b.Fatal(err)
	}
	list := make([]data.Photo, 60)
	for i := range list {
		list[i] = data.Photo{SessionID: x.ID, Angle: data.PhotoAngles[i%5], Width: p.Width, Height: p.Height,
			Image: p.JPEG, Thumbnail: p.Thumbnail}
	}
	if err := c.s.ImportPhotos(ctx, list); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		got, err := c.s.ViewPhotos(ctx, c.patient.ID)
		if err != nil || len(got) != 60 {
			b.Fatalf("ViewPhotos = %d photos, %v", len(got), err)
		}
		for _, p := range got {
			if _, err := jpeg.Decode(bytes.NewReader(p.Thumbnail)); err != nil {
				b.Fatal(err)
			}
		}
		times = append(times, time.Since(start))
	}
	reportLatency(b, times)
}
