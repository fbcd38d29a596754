package sqlstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"needlepoint/data"
)

func TestClinicDetails(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)

	t.Run("NewDatabasePrintsOnA4", func(t *testing.T) {
		d, err := s.ClinicDetails(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d.PaperSize != data.PaperA4 || d.Name != "" || d.Logo != nil || d.Country != data.DefaultCountry {
			t.Errorf("ClinicDetails() on a new database = %+v", d)
		}
	})

	want := data.ClinicDetails{
		Name: "Łódź Skin Clinic", Address: "12 Rue de l'Église\n75001 Paris", Phone: "+44 20 7946 0958",
		Country: "FR", Logo: []byte("\x89PNG\r\n\x1a\nrest of the image"), PaperSize: data.PaperLetter,
		AftercareTemplate:   "## Day 0 — {day0}\nKeep your skin clean.",
		RecommendedProducts: "Redness Solution Complex\nRejuvenative Moisturizer",
		DowntimeGuide:       data.DefaultDowntimeGuide(),
	}
	if err := s.SaveClinicDetails(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.ClinicDetails(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ClinicDetails() =\n%+v\nwant\n%+v", got, want)
	}

	for name, tt := range map[string]struct {
		change func(*data.ClinicDetails)
		want   string
	}{
		"ErrPaper":    {func(d *data.ClinicDetails) { d.PaperSize = "A5" }, "A4 or US Letter"},
		"ErrLogoType": {func(d *data.ClinicDetails) { d.Logo = []byte("GIF89a") }, "must be a PNG"},
		"ErrLogoSize": {func(d *data.ClinicDetails) {
			d.Logo = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, data.MaxLogoBytes)...)
		}, "too large"},
		"ErrPhone":   {func(d *data.ClinicDetails) { d.Phone = "call us" }, "phone number may hold only digits"},
		"ErrCountry": {func(d *data.ClinicDetails) { d.Country = "UK" }, "Choose the country the clinic is in"},
		"ErrPhoneOfCountry": {func(d *data.ClinicDetails) { d.Phone = "020 7946 0958" },
			"too many digits for France"},
	} {
		t.Run(name, func(t *testing.T) {
			d := want
			tt.change(&d)
			err := s.SaveClinicDetails(ctx, d)
			if data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want a message containing %q", err, tt.want)
			}
			if again, _ := s.ClinicDetails(ctx); !reflect.DeepEqual(again, want) {
				t.Error("a refused save changed the stored details")
			}
		})
	}
}
