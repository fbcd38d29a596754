package reports

import (
	"bytes"
	"testing"
)

func TestWrittenByNeedlepoint(t *testing.T) {
	var sheet bytes.Buffer
	if err := Day(&sheet, DaySheet{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		file []byte
		want bool
	}{
		{"DaySheet", sheet.Bytes(), true},
		{"OtherPDF", []byte("%PDF-1.4\n1 0 obj << /Creator (Word) >> endobj\n%%EOF\n"), false},
		{"Database", append([]byte("SQLite format 3\x00"), make([]byte, 4096)...), false},
		{"Empty", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := WrittenByNeedlepoint(bytes.NewReader(tc.file), int64(len(tc.file))); got != tc.want {
				t.Errorf("WrittenByNeedlepoint = %v, want %v", got, tc.want)
			}
		})
	}
}
