package data_test

import (
	"testing"

	"needlepoint/data"
)

func TestParseDepth(t *testing.T) {
	for in, want := range map[string]data.Depth{"0.5": 50, "1,25": 125, " 0.75 mm": 75, ".25": 25, "2": 200, "3.0": 300, "0.1": 10} {
		if got, err := data.ParseDepth(in); err != nil || got != want {
			t.Errorf("ParseDepth(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "0", "0.05", "3.5", "1.234", "-1", "+1", "1.2.3", "1e1", "12"} {
		if _, err := data.ParseDepth(in); err == nil {
			t.Errorf("ParseDepth(%q) accepted", in)
		}
	}
	if got, want := data.Depth(75).String(), "0.75 mm"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := data.Depth(200).String(), "2 mm"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// FuzzParseDepth: any text gives a depth within the device's range or an
// error, never a panic, and accepted depths print back to themselves.
func FuzzParseDepth(f *testing.F) {
	for _, s := range []string{"0.5", "1,25", "2 mm", ".1", "9.99", "-0", "١٫٥"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := data.ParseDepth(s)
		if err != nil {
			return
		}
		if d < data.MinDepth || d > data.MaxDepth {
			t.Fatalf("ParseDepth(%q) = %v, outside the device range", s, d)
		}
		if again, err := data.ParseDepth(d.String()); err != nil || again != d {
			t.Errorf("ParseDepth(%q) = %v, %v", d.String(), again, err)
		}
	})
}
