package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"needlepoint/data"
)

func TestDowntimeGuide(t *testing.T) {
	g := data.DefaultDowntimeGuide()
	for _, tc := range []struct {
		depth data.Depth
		want  string
	}{
		{0, "about 2 to 3 days"}, {50, "about 2 to 3 days"}, {51, "about 3 to 4 days"}, {79, "about 3 to 4 days"},
		{80, "about 4 to 5 days"}, {150, "about 4 to 5 days"}, {151, "about 5 to 6 days"}, {199, "about 5 to 6 days"},
		{200, "about 6 to 7 days"}, {300, "about 6 to 7 days"},
	} {
		if got := g.For(tc.depth).Downtime(); got != tc.want {
			t.Errorf("downtime at %s = %q, want %q", tc.depth, got, tc.want)
		}
	}
	if err := g.Validate(); err != nil {
		t.Errorf("the default guide: %v", err)
	}

	t.Run("RoundTrip", func(t *testing.T) {
		back, err := data.ParseDowntimeGuide(g.String())
		if err != nil || back.String() != g.String() {
			t.Errorf("parsed back %v, %v", back, err)
		}
		if empty, err := data.ParseDowntimeGuide(" \n# nothing\n"); err != nil || len(empty) != len(g) {
			t.Errorf("an empty guide is the default: %v, %v", empty, err)
		}
	})
	t.Run("ErrBadRows", func(t *testing.T) {
		for text, want := range map[string]string{
			"0.5 | 2-3 | 2":                          "line 1: write 9 columns",
			"0.5 | 2-3 | 2 | 1 | x | 3 | 3 | 7 | 14": `"x" is not a whole number`,
			"1.0 | 2-3 | 2 | 1 | 3 | 3 | 3 | 7 | 14\n0.5 | 2-3 | 2 | 1 | 3 | 3 | 3 | 7 | 14": "from shallow to deep",
			"0.5 | 2-3 | 3 | 1 | 3 | 3 | 3 | 7 | 14":                                         "red days",
			"0.5 | 2-3 | 2 | 1 | 3 | 3 | 3 | 7 | 140":                                        "from 1 to 90",
		} {
			_, err := data.ParseDowntimeGuide(text)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%q: got %v, want %q", text, err, want)
			}
		}
	})
}

func TestClinicDetailsKeepOutOfHoursAndGuide(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	d, err := s.ClinicDetails(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.DowntimeGuide.String(), data.DefaultDowntimeGuide().String(); got != want {
		t.Errorf("a new clinic's guide = %q, want the default", got)
	}
	d.PaperSize, d.OutOfHours = data.PaperA4, "Call 111 when we are closed."
	d.DowntimeGuide[0].SunDay = 21
	if err := s.SaveClinicDetails(ctx, d); err != nil {
		t.Fatal(err)
	}
	back, err := s.ClinicDetails(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if back.OutOfHours != d.OutOfHours || back.DowntimeGuide[0].SunDay != 21 {
		t.Errorf("read back %q, sun day %d", back.OutOfHours, back.DowntimeGuide[0].SunDay)
	}
}
