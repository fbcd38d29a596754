package photo_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/disintegration/imaging"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/photo"
)

// segments lists the markers of a JPEG's segments before its image data.
func segments(t *testing.T, b []byte) []byte {
	t.Helper()
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatal("not a JPEG")
	}
	var markers []byte
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			t.Fatalf("no marker at byte %d", i)
		}
		m := b[i+1]
		markers = append(markers, m)
		if m == 0xDA { // start of scan: the image data follows
			return markers
		}
		i += 2 + int(b[i+2])<<8 + int(b[i+3])
	}
	t.Fatal("no image data")
	return nil
}

// hasMetadata reports whether a JPEG carries an application segment
// (EXIF, XMP, ICC, JFIF) or a comment.
func hasMetadata(t *testing.T, b []byte) bool {
	for _, m := range segments(t, b) {
		if m >= 0xE0 && m <= 0xEF || m == 0xFE {
			return true
		}
	}
	return false
}

func TestProcessCameraFile(t *testing.T) {
	raw := datatest.CameraJPEG(64, 32)
	if !hasMetadata(t, raw) || !bytes.Contains(raw, []byte(datatest.CameraSerial)) {
		t.Fatal("the test file has no EXIF block")
	}
	p, err := photo.Process(raw)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Upright", func(t *testing.T) {
		if p.Width != 32 || p.Height != 64 {
			t.Fatalf("size = %d×%d, want 32×64: turned upright by orientation 6", p.Width, p.Height)
		}
		img, err := jpeg.Decode(bytes.NewReader(p.JPEG))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 32 || b.Dy() != 64 {
			t.Fatalf("image is %v, want 32×64", b)
		}
		left, right := color.RGBAModel.Convert(img.At(4, 32)).(color.RGBA), color.RGBAModel.Convert(img.At(28, 32)).(color.RGBA)
		if left.B < 150 || left.R > 100 || right.R < 150 || right.B > 100 {
			t.Errorf("left %v, right %v; want blue on the left and red on the right", left, right)
		}
	})
	t.Run("NoMetadata", func(t *testing.T) {
		if hasMetadata(t, p.JPEG) {
			t.Errorf("the stored JPEG has metadata segments %x", segments(t, p.JPEG))
		}
		for _, s := range []string{"Exif", datatest.CameraSerial, datatest.CameraMake} {
			if bytes.Contains(p.JPEG, []byte(s)) || bytes.Contains(p.Thumbnail, []byte(s)) {
				t.Errorf("%q survived", s)
			}
		}
		// With no orientation tag left, any reader shows it as stored.
		img, err := imaging.Decode(bytes.NewReader(p.JPEG), imaging.AutoOrientation(true))
		if err != nil || img.Bounds().Dx() != 32 {
			t.Errorf("read with orientation: %v, %v", img.Bounds(), err)
		}
	})
	t.Run("TakenAt", func(t *testing.T) {
		if !p.TakenAt.Equal(datatest.CameraTakenAt) {
			t.Errorf("TakenAt = %v, want %v", p.TakenAt, datatest.CameraTakenAt)
		}
	})
	t.Run("Thumbnail", func(t *testing.T) {
		img, err := jpeg.Decode(bytes.NewReader(p.Thumbnail))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := img.Bounds().Size(), image.Pt(32, 64); got != want {
			t.Errorf("thumbnail of a small photo is %v, want %v as it is", got, want)
		}
	})
}

// TestProcessEveryOrientation holds Process to what imaging's own
// AutoOrientation makes of each of the eight EXIF orientations.
func TestProcessEveryOrientation(t *testing.T) {
	quadrants := image.NewRGBA(image.Rect(0, 0, 60, 40))
	colours := []color.RGBA{{R: 230, A: 255}, {G: 230, A: 255}, {B: 230, A: 255}, {R: 230, G: 230, B: 230, A: 255}}
	for y := range 40 {
		for x := range 60 {
			quadrants.SetRGBA(x, y, colours[y/20*2+x/30])
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, quadrants, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	for o := uint16(1); o <= 8; o++ {
		raw := datatest.WithOrientation(buf.Bytes(), o)
		want, err := imaging.Decode(bytes.NewReader(raw), imaging.AutoOrientation(true))
		if err != nil {
			t.Fatal(err)
		}
		p, err := photo.Process(raw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := jpeg.Decode(bytes.NewReader(p.JPEG))
		if err != nil {
			t.Fatal(err)
		}
		if got.Bounds().Size() != want.Bounds().Size() {
			t.Errorf("orientation %d: %v, want %v", o, got.Bounds().Size(), want.Bounds().Size())
			continue
		}
		b := want.Bounds()
		for _, pt := range []image.Point{{b.Dx() / 4, b.Dy() / 4}, {b.Dx() * 3 / 4, b.Dy() / 4}, {b.Dx() / 4, b.Dy() * 3 / 4}, {b.Dx() * 3 / 4, b.Dy() * 3 / 4}} {
			g, w := color.RGBAModel.Convert(got.At(pt.X, pt.Y)).(color.RGBA), color.RGBAModel.Convert(want.At(pt.X, pt.Y)).(color.RGBA)
			if diff(g.R, w.R) > 40 || diff(g.G, w.G) > 40 || diff(g.B, w.B) > 40 {
				t.Errorf("orientation %d at %v: %v, want %v", o, pt, g, w)
			}
		}
	}
}

func diff(a, b uint8) int { return max(int(a), int(b)) - min(int(a), int(b)) }

func TestProcessLargePNG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 3600, 2400))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p, err := photo.Process(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != photo.MaxEdge || p.Height != 2000 || !p.TakenAt.IsZero() {
		t.Errorf("Process = %d×%d taken %v, want %d×2000 with no time taken", p.Width, p.Height, p.TakenAt, photo.MaxEdge)
	}
	thumb, err := jpeg.Decode(bytes.NewReader(p.Thumbnail))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := thumb.Bounds().Size(), image.Pt(photo.ThumbnailEdge, 160); got != want {
		t.Errorf("thumbnail is %v, want %v", got, want)
	}
}

func TestProcessNotAPhoto(t *testing.T) {
	_, err := photo.Process([]byte("%PDF-1.4 a consent form"))
	if code := data.ErrorCode(err); code != data.EINVALID {
		t.Errorf("ErrorCode = %q, want %q (%v)", code, data.EINVALID, err)
	}
}
