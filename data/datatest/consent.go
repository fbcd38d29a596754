package datatest

import (
	"math"

	"needlepoint/data"
)

// Signature returns a signature as a pad records one: two strokes, a
// looping name and an underline, with its image.
func Signature() data.Signature {
	var name data.Stroke
	for i := range 60 {
		t := float64(i) / 59
		name = append(name, data.Point{X: float32(40 + 300*t), Y: float32(70 - 30*math.Sin(t*4*math.Pi))})
	}
	underline := data.Stroke{{X: 40, Y: 110}, {X: 200, Y: 112}, {X: 360, Y: 108}}
	s, err := data.NewSignature([]data.Stroke{name, underline})
	if err != nil {
		panic(err)
	}
	return s
}

// Consent returns a consent to the form t by patientID, every statement
// ticked and both people signed, ready for SignConsent. A photo form
// allows photos for the clinical record.
func Consent(patientID int64, t data.ConsentTemplate) data.Consent {
	c := data.Consent{PatientID: patientID, Template: t, Confirmed: make([]bool, len(t.Confirmations)),
		Patient: Signature(), Witness: Signature()}
	for i := range c.Confirmed {
		c.Confirmed[i] = true
	}
	if t.Kind == data.ConsentPhotos {
		c.PhotoScope = data.PhotoConsentRecord
	}
	return c
}
