package reports

import (
	"bytes"
	"io"
	"unicode/utf16"
)

// creator names Needlepoint in the information of every document it writes.
const creator = "Needlepoint"

// creatorEntry is the creator entry of that information as gofpdf writes
// it: UTF-16 text with its byte order mark, in parentheses.
var creatorEntry = func() []byte {
	b := []byte("/Creator (\xfe\xff")
	for _, u := range utf16.Encode([]rune(creator)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return append(b, ')')
}()

// infoTail is how much of a document's end holds its information: gofpdf
// writes it after the pages, fonts and images, just before the short
// cross-reference table.
const infoTail = 64 << 10

// WrittenByNeedlepoint reports whether r, of the given size, is a PDF that
// Needlepoint wrote, the only kind of existing file a command or Save-as
// may replace.
func WrittenByNeedlepoint(r io.ReaderAt, size int64) bool {
	head := make([]byte, 5)
	if _, err := r.ReadAt(head, 0); err != nil || string(head) != "%PDF-" {
		return false
	}
	start := max(0, size-infoTail)
	tail := make([]byte, size-start)
	if _, err := r.ReadAt(tail, start); err != nil && err != io.EOF {
		return false
	}
	return bytes.Contains(tail, creatorEntry)
}
