// Package photo makes a camera's file ready for the clinical record:
// upright, no larger than the record needs, re-encoded as a JPEG that
// carries none of the camera's metadata (GPS position, serial number,
// software), with a thumbnail and the time the photo was taken. It is pure
// code: no database and no screen.
package photo

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/disintegration/imaging"
	exif "github.com/dsoprea/go-exif/v3"

	"needlepoint/data"
)

// Sizes of what the record keeps, in pixels of the long edge.
const (
	MaxEdge       = 3000
	ThumbnailEdge = 240
)

// JPEG qualities: the photo is clinical evidence, the thumbnail a preview.
const (
	imageQuality     = 90
	thumbnailQuality = 80
)

// Processed is a photo made ready for the record.
type Processed struct {
	JPEG          []byte
	Thumbnail     []byte
	Width, Height int
	// TakenAt is the camera's time the photo was taken, read as the
	// clinic's local time (cameras record no time zone); zero when the
	// file has none.
	TakenAt time.Time
}

// Process decodes a JPEG or PNG, turns it upright by the camera's
// orientation tag, shrinks it so its long edge is at most MaxEdge, and
// encodes it again as a JPEG: what is encoded is the pixels alone, so no
// metadata of the original survives. The time taken is read from the
// original's EXIF DateTimeOriginal before it is dropped.
func Process(raw []byte) (Processed, error) {
	img, err := imaging.Decode(bytes.NewReader(raw), imaging.AutoOrientation(true))
	if err != nil {
		return Processed{}, data.Errorf(data.EINVALID, "This file is not a photo Needlepoint can read. Use JPEG or PNG files as the camera saved them.")
	}
	img = shrink(img, MaxEdge, imaging.CatmullRom)
	p := Processed{Width: img.Bounds().Dx(), Height: img.Bounds().Dy(), TakenAt: takenAt(raw)}
	if p.JPEG, err = encode(img, imageQuality); err != nil {
		return Processed{}, err
	}
	if p.Thumbnail, err = encode(shrink(img, ThumbnailEdge, imaging.Linear), thumbnailQuality); err != nil {
		return Processed{}, err
	}
	return p, nil
}

// shrink scales img down so that its long edge is at most edge pixels; a
// smaller image is kept as it is.
func shrink(img image.Image, edge int, filter imaging.ResampleFilter) image.Image {
	b := img.Bounds()
	if b.Dx() <= edge && b.Dy() <= edge {
		return img
	}
	return imaging.Fit(img, edge, edge, filter)
}

// encode writes img as a JPEG. A JPEG has no transparency: the colour of
// each pixel is kept as it is, whatever its opacity.
func encode(img image.Image, quality int) ([]byte, error) {
	if n, ok := img.(*image.NRGBA); ok {
		// The same bytes read as RGBA take the encoder's fast path, twice
		// as fast as reading them pixel by pixel.
		img = &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, data.Errorf(data.EINTERNAL, "The photo could not be prepared for the record: %v", err)
	}
	return buf.Bytes(), nil
}

// exifTime is how EXIF writes a date and time.
const exifTime = "2006:01:02 15:04:05"

// takenAt reads the EXIF DateTimeOriginal of a file, or returns the zero
// time when it has none or it cannot be read.
func takenAt(raw []byte) time.Time {
	block, err := exif.SearchAndExtractExif(raw)
	if err != nil {
		return time.Time{}
	}
	tags, _, err := exif.GetFlatExifData(block, nil)
	if err != nil {
		return time.Time{}
	}
	for _, tag := range tags {
		if tag.TagName != "DateTimeOriginal" {
			continue
		}
		if s, ok := tag.Value.(string); ok {
			if t, err := time.ParseInLocation(exifTime, s, time.Local); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}

// File is a file read and made ready for the record by ProcessFiles.
type File struct {
	Path string
	Processed
}

// ProcessFiles reads and processes files, a few at a time (one per
// processor, so the memory a batch takes stays bounded however many files
// a camera's card holds), and returns them in the order given. A file that
// cannot be read or is not a photo fails the batch, named in the error.
func ProcessFiles(paths []string) ([]File, error) {
	out := make([]File, len(paths))
	errs := make([]error, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i].Path = paths[i]
				raw, err := os.ReadFile(paths[i])
				if err != nil {
					errs[i] = data.Errorf(data.EINVALID, "%s cannot be read: %v", paths[i], errors.Unwrap(err))
					continue
				}
				if out[i].Processed, err = Process(raw); err != nil {
					errs[i] = data.Errorf(data.ErrorCode(err), "%s: %s", filepath.Base(paths[i]), data.ErrorMessage(err))
				}
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
