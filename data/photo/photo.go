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

// Process decodes a JPEG or PNG, shrinks it so its long edge is at most
// MaxEdge, turns it upright by the camera's orientation tag (after
// shrinking, which turns fewer pixels), and encodes it again as a JPEG:
// what is encoded is the pixels alone, so no metadata of the original
// survives. The time taken is read from the original's EXIF
// DateTimeOriginal before it is dropped.
func Process(raw []byte) (Processed, error) {
	img, err := imaging.Decode(bytes.NewReader(raw))
	if err != nil {
		return Processed{}, data.Errorf(data.EINVALID, "This file is not a photo Needlepoint can read. Use JPEG or PNG files as the camera saved them.")
	}
	tags := readTags(raw)
	img = upright(shrink(img, MaxEdge, imaging.Linear), tags.orientation)
	p := Processed{Width: img.Bounds().Dx(), Height: img.Bounds().Dy(), TakenAt: tags.takenAt}
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

// cameraTags are what Process keeps or uses of a file's EXIF block.
type cameraTags struct {
	takenAt     time.Time // zero when unknown
	orientation int       // 1 (as stored) to 8; 1 when unknown
}

// readTags reads the EXIF DateTimeOriginal and Orientation of a file; a
// file without them, or whose EXIF block cannot be read, is taken as
// stored, at no known time.
func readTags(raw []byte) cameraTags {
	tags := cameraTags{orientation: 1}
	block, err := exif.SearchAndExtractExif(raw)
	if err != nil {
		return tags
	}
	list, _, err := exif.GetFlatExifData(block, nil)
	if err != nil {
		return tags
	}
	for _, tag := range list {
		switch v := tag.Value.(type) {
		case string:
			if tag.TagName != "DateTimeOriginal" {
				continue
			}
			if t, err := time.ParseInLocation(exifTime, v, time.Local); err == nil {
				tags.takenAt = t
			}
		case []uint16:
			if tag.TagName == "Orientation" && tag.IfdPath == "IFD" && len(v) == 1 && v[0] >= 1 && v[0] <= 8 {
				tags.orientation = int(v[0])
			}
		}
	}
	return tags
}

// upright turns an image stored with an EXIF orientation the way it is
// meant to be seen, as imaging.AutoOrientation does.
func upright(img image.Image, orientation int) image.Image {
	switch orientation {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
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
