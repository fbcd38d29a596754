package demo

import (
	"math"
	"time"

	"needlepoint/data"
)

// consents remembers, for each demo patient, the first day their newest
// consent to microneedling no longer holds, and the form they sign.
type consents struct {
	form      data.ConsentTemplate
	until     map[int64]time.Time
	withdrawn bool
}

// consent has the patient sign the consent to microneedling, witnessed by
// by, half an hour before a session at at when they have none in force:
// before their first session, and again when a series outlasts the
// clinic's period. The store's clock is set back to that moment for the
// signing, as the form is signed on the day.
func (c *clinical) consent(pl plan, by data.StaffMember, at time.Time) error {
	if until, ok := c.consents.until[pl.p.id]; ok && data.DateOf(at).Before(until) {
		return nil
	}
	if c.consents.form.Kind == "" {
		form, err := c.s.ConsentTemplate(c.ctx, data.ConsentMicroneedling)
		if err != nil {
			return err
		}
		c.consents.form = form
	}
	x := data.Consent{PatientID: pl.p.id, Template: c.consents.form, Confirmed: make([]bool, len(c.consents.form.Confirmations))}
	for i := range x.Confirmed {
		x.Confirmed[i] = true
	}
	var err error
	if x.Patient, err = data.NewSignature(c.scribble()); err != nil {
		return err
	}
	if x.Witness, err = data.NewSignature(c.scribble()); err != nil {
		return err
	}
	signed := at.Add(-30 * time.Minute)
	c.as(by)
	if err := c.at(signed, func() error { return c.s.SignConsent(c.ctx, &x) }); err != nil {
		return err
	}
	c.consents.form = x.Template
	c.consents.until[pl.p.id] = data.DateOf(signed).AddDate(0, c.rules.ConsentValidMonths, 0)
	return nil
}

// withdrawConsent records, once in the demo, a patient who stopped their
// series withdrawing their consent.
func (c *clinical) withdrawConsent(patientID int64, by data.StaffMember) error {
	if c.consents.withdrawn {
		return nil
	}
	list, err := c.s.PatientConsents(c.ctx, patientID)
	if err != nil || len(list) == 0 || list[0].Withdrawn() {
		return err
	}
	c.as(by)
	if _, err := c.s.WithdrawConsent(c.ctx, list[0].ID, "Decided against further treatment and withdrew consent at the desk."); err != nil {
		return err
	}
	c.consents.withdrawn = true
	return nil
}

// scribble returns the strokes of a made-up signature: a looping line
// across the pad, of the demo's own random size and rhythm, crossed or
// underlined.
func (c *clinical) scribble() []data.Stroke {
	pad := data.SignaturePad
	left := 20 + 40*c.rng.Float64()
	width := float64(pad.X) - left - 30 - 80*c.rng.Float64()
	loops := 3 + 4*c.rng.Float64()
	height := 18 + 20*c.rng.Float64()
	mid := float64(pad.Y)/2 - 10 + 20*c.rng.Float64()
	var name data.Stroke
	for i := range 90 {
		t := float64(i) / 89
		x := left + width*t + 8*math.Sin(t*loops*2*math.Pi*2)
		y := mid - height*math.Sin(t*loops*2*math.Pi)*(0.6+0.4*math.Sin(t*math.Pi))
		name = append(name, data.Point{X: float32(x), Y: float32(y)})
	}
	y := mid + height + 8 + 6*c.rng.Float64()
	flourish := data.Stroke{{X: float32(left), Y: float32(y)}, {X: float32(left + width/2), Y: float32(y + 3)},
		{X: float32(left + width), Y: float32(y - 4)}}
	return []data.Stroke{name, flourish}
}
