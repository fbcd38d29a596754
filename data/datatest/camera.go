package datatest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"time"
)

// What CameraJPEG writes into a file's EXIF block, for tests to look for
// after it should have gone.
const (
	CameraMake   = "ClinicCam"
	CameraSerial = "SN-4471-0093"
)

// CameraTakenAt is the DateTimeOriginal of a CameraJPEG, in local time.
var CameraTakenAt = time.Date(2026, 11, 27, 14, 3, 11, 0, time.Local)

// CameraJPEG returns a JPEG as a phone held on its side saves it: the
// pixels stored w wide and h high, top half red and bottom half blue, with
// an EXIF block that says to turn it 90° clockwise (orientation 6), where
// it was taken (a GPS position), by which camera (make and serial number)
// and when. Shown upright it is h wide and w high, blue on the left.
func CameraJPEG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		c := color.RGBA{R: 220, G: 20, B: 20, A: 255}
		if y >= h/2 {
			c = color.RGBA{R: 20, G: 20, B: 220, A: 255}
		}
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 95}); err != nil {
		panic(err)
	}
	return WithCameraEXIF(enc.Bytes())
}

// WithCameraEXIF returns a JPEG with CameraJPEG's EXIF block put in after
// its start marker.
func WithCameraEXIF(jpegFile []byte) []byte { return WithOrientation(jpegFile, 6) }

// WithOrientation returns a JPEG with CameraJPEG's EXIF block, its
// orientation tag set to orientation (1 to 8), put in after its start
// marker.
func WithOrientation(jpegFile []byte, orientation uint16) []byte {
	app1 := append([]byte("Exif\x00\x00"), cameraTIFF(orientation)...)
	out := append([]byte{}, jpegFile[:2]...) // SOI
	out = append(out, 0xFF, 0xE1)
	out = binary.BigEndian.AppendUint16(out, uint16(len(app1)+2))
	out = append(out, app1...)
	return append(out, jpegFile[2:]...)
}

// tiffEntry is one entry of an EXIF IFD: a tag, its type (2 ASCII, 3
// SHORT, 4 LONG, 5 RATIONAL), its count and its value's bytes.
type tiffEntry struct {
	tag, typ uint16
	count    uint32
	value    []byte
}

func ascii(s string) tiffEntry {
	return tiffEntry{typ: 2, count: uint32(len(s) + 1), value: append([]byte(s), 0)}
}

func long(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

func rationals(vs ...uint32) tiffEntry {
	var b []byte
	for _, v := range vs {
		b = binary.BigEndian.AppendUint32(b, v)
		b = binary.BigEndian.AppendUint32(b, 1)
	}
	return tiffEntry{typ: 5, count: uint32(len(vs)), value: b}
}

func tagged(tag uint16, e tiffEntry) tiffEntry { e.tag = tag; return e }

// ifdSize is the bytes an IFD and the values it holds outside take.
func ifdSize(entries []tiffEntry) int {
	n := 2 + 12*len(entries) + 4
	for _, e := range entries {
		if len(e.value) > 4 {
			n += len(e.value) + len(e.value)%2
		}
	}
	return n
}

// writeIFD appends an IFD that starts at offset at, followed by the
// values too long to sit in their entries.
func writeIFD(b []byte, at int, entries []tiffEntry) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(entries)))
	extra := at + 2 + 12*len(entries) + 4
	var tail []byte
	for _, e := range entries {
		b = binary.BigEndian.AppendUint16(b, e.tag)
		b = binary.BigEndian.AppendUint16(b, e.typ)
		b = binary.BigEndian.AppendUint32(b, e.count)
		if len(e.value) <= 4 {
			b = append(b, append(e.value, make([]byte, 4-len(e.value))...)...)
			continue
		}
		b = binary.BigEndian.AppendUint32(b, uint32(extra+len(tail)))
		tail = append(tail, e.value...)
		if len(e.value)%2 == 1 {
			tail = append(tail, 0)
		}
	}
	b = append(b, 0, 0, 0, 0) // no next IFD
	return append(b, tail...)
}

// cameraTIFF is the TIFF structure of CameraJPEG's EXIF block: IFD0 with
// the make, the orientation and pointers to the Exif and GPS IFDs.
func cameraTIFF(orientation uint16) []byte {
	exifIFD := []tiffEntry{
		tagged(0x9003, ascii(CameraTakenAt.Format("2006:01:02 15:04:05"))), // DateTimeOriginal
		tagged(0xA431, ascii(CameraSerial)),                                // BodySerialNumber
	}
	gpsIFD := []tiffEntry{
		tagged(0x0001, ascii("N")), tagged(0x0002, rationals(51, 30, 26)),
		tagged(0x0003, ascii("W")), tagged(0x0004, rationals(0, 7, 39)),
	}
	ifd0 := []tiffEntry{
		tagged(0x010F, ascii(CameraMake)),
		{tag: 0x0112, typ: 3, count: 1, value: binary.BigEndian.AppendUint16(nil, orientation)},
		{tag: 0x8769, typ: 4, count: 1}, // Exif IFD
		{tag: 0x8825, typ: 4, count: 1}, // GPS IFD
	}
	exifAt := 8 + ifdSize(ifd0)
	gpsAt := exifAt + ifdSize(exifIFD)
	ifd0[2].value, ifd0[3].value = long(uint32(exifAt)), long(uint32(gpsAt))
	b := []byte{'M', 'M', 0, 42, 0, 0, 0, 8}
	b = writeIFD(b, 8, ifd0)
	b = writeIFD(b, exifAt, exifIFD)
	return writeIFD(b, gpsAt, gpsIFD)
}
