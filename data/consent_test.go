package data_test

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

func signedOn(day time.Time) data.Consent {
	c := datatest.Consent(1, data.ShippedConsentTemplate(data.ConsentMicroneedling))
	c.PatientSignedAt = day.Add(10 * time.Hour)
	return c
}

func TestConsentStatusOn(t *testing.T) {
	old := signedOn(datatest.Date(2025, 3, 4))
	recent := signedOn(datatest.Date(2026, 6, 1))
	withdrawn := recent
	withdrawn.WithdrawnAt, withdrawn.WithdrawnReason = datatest.Date(2026, 8, 10).Add(9*time.Hour), "Changed her mind"
	photos := datatest.Consent(1, data.ShippedConsentTemplate(data.ConsentPhotos))
	photos.PatientSignedAt = datatest.Date(2026, 7, 1)

	for _, tt := range []struct {
		name  string
		list  []data.Consent
		day   time.Time
		want  data.ConsentState
		words string
	}{
		{"Missing", nil, datatest.Now, data.ConsentMissing, "no signed consent to microneedling"},
		{"OtherKindDoesNotCount", []data.Consent{photos}, datatest.Now, data.ConsentMissing, "no signed consent"},
		{"SignedLaterDoesNotCount", []data.Consent{recent}, datatest.Date(2026, 5, 31), data.ConsentMissing, "no signed consent"},
		{"ValidOnTheDaySigned", []data.Consent{recent}, datatest.Date(2026, 6, 1), data.ConsentValid, "valid until 31 May 2027"},
		{"LastValidDay", []data.Consent{recent}, datatest.Date(2027, 5, 31), data.ConsentValid, "signed on 1 June 2026"},
		{"ExpiredAfterTwelveMonths", []data.Consent{recent}, datatest.Date(2027, 6, 1), data.ConsentExpired, "expired on 1 June 2027"},
		{"NewestCounts", []data.Consent{old, recent}, datatest.Now, data.ConsentValid, "signed on 1 June 2026"},
		{"OlderStillValidBeforeTheNewest", []data.Consent{recent, old}, datatest.Date(2025, 12, 1), data.ConsentValid, "signed on 4 March 2025"},
		{"ValidBeforeWithdrawal", []data.Consent{withdrawn}, datatest.Date(2026, 8, 9), data.ConsentValid, "valid until"},
		{"Withdrawn", []data.Consent{withdrawn}, datatest.Date(2026, 8, 10), data.ConsentWithdrawn, "withdrew their consent to microneedling on 10 August 2026 (Changed her mind)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := data.ConsentStatusOn(tt.list, data.ConsentMicroneedling, tt.day, 12)
			if st.State != tt.want || !strings.Contains(st.Message(), tt.words) {
				t.Errorf("state %s %q, want %s containing %q", st.State, st.Message(), tt.want, tt.words)
			}
			if got, want := st.Err() == nil, tt.want == data.ConsentValid; got != want {
				t.Errorf("Err() = %v", st.Err())
			}
			if st.Err() != nil && data.ErrorCode(st.Err()) != data.ENOCONSENT {
				t.Errorf("ErrorCode = %q, want %q", data.ErrorCode(st.Err()), data.ENOCONSENT)
			}
		})
	}
}

func TestConsentValidate(t *testing.T) {
	form := data.ShippedConsentTemplate(data.ConsentPhotos)
	c := datatest.Consent(1, form)
	if err := c.Validate(); err != nil {
		t.Fatalf("a complete photo consent: %v", err)
	}
	c.PhotoScope = data.PhotoConsentNone
	c.Witness = data.Signature{Strokes: []data.Stroke{{{X: 10, Y: 10}, {X: 12, Y: 11}}}, Image: []byte("png")}
	fields := datatest.FieldErrors(t, c.Validate())
	if !strings.Contains(fields[data.FieldPhotoScope], "Choose what") || !strings.Contains(fields[data.FieldWitnessSignature], "has not signed") {
		t.Errorf("fields = %v; want the scope and the witness's dot refused", fields)
	}
}

func TestConsentTemplateValidate(t *testing.T) {
	long := strings.Repeat("x", data.MaxConsentBody+1)
	for _, tt := range []struct {
		name  string
		edit  func(*data.ConsentTemplate)
		field string
	}{
		{"ErrTitleRequired", func(f *data.ConsentTemplate) { f.Title = " " }, data.FieldConsentTitle},
		{"ErrBodyRequired", func(f *data.ConsentTemplate) { f.Body = "" }, data.FieldConsentBody},
		{"ErrBodyTooLong", func(f *data.ConsentTemplate) { f.Body = long }, data.FieldConsentBody},
		{"ErrEmptyStatement", func(f *data.ConsentTemplate) { f.Confirmations = append(f.Confirmations, "") }, data.FieldConsentConfirmations},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := data.ShippedConsentTemplate(data.ConsentMicroneedling)
			tt.edit(&f)
			if fields := datatest.FieldErrors(t, f.Validate()); fields[tt.field] == "" {
				t.Errorf("fields = %v, want %s", fields, tt.field)
			}
		})
	}
}

func TestNewSignatureDrawsTheStrokes(t *testing.T) {
	s, err := data.NewSignature([]data.Stroke{{{X: 10, Y: 70}, {X: 410, Y: 70}}})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(s.Image))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 840 || b.Dy() != 280 {
		t.Errorf("image %v, want twice the pad", b)
	}
	if _, _, _, a := img.At(420, 140).RGBA(); a == 0 {
		t.Error("no ink on the line")
	}
	if _, _, _, a := img.At(420, 40).RGBA(); a != 0 {
		t.Error("ink off the line")
	}
	if s.Empty() {
		t.Error("a 400-unit line counts as no signature")
	}
}

func TestConsentParagraphs(t *testing.T) {
	f := data.ConsentTemplate{Body: "What it is\r\nTiny punctures start collagen repair.\n\n  Risks  \nRedness: common\nA heading-length line that ends with a full stop."}
	got := f.Paragraphs()
	want := []data.ConsentParagraph{{"What it is", true}, {"Tiny punctures start collagen repair.", false}, {"Risks", true},
		{"Redness: common", true}, {"A heading-length line that ends with a full stop.", false}}
	if !slices.Equal(got, want) {
		t.Errorf("Paragraphs() = %+v, want %+v", got, want)
	}
}
