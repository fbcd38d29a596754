package app

import (
	"context"
	"fmt"

	"needlepoint/data"
)

// The photos of the fake store: ViewPhotos lists them as the store does,
// without their images, which PhotoImage reads from photoImages.

func (c *clinicalRecords) ViewPhotos(context.Context, int64) ([]data.Photo, error) {
	c.note("ViewPhotos")
	list := make([]data.Photo, len(c.photos))
	for i, p := range c.photos {
		p.Image = nil
		list[i] = p
	}
	data.SortPhotos(list)
	return list, nil
}

func (c *clinicalRecords) PhotoImage(_ context.Context, id int64) ([]byte, error) {
	b, ok := c.photoImages[id]
	if !ok {
		return nil, data.Errorf(data.ENOTFOUND, "The photo was not found.")
	}
	return b, nil
}

func (c *clinicalRecords) PhotoConsent(_ context.Context, patientID int64) (data.PhotoConsent, error) {
	if c.photoConsent.Scope == "" {
		return data.PhotoConsent{PatientID: patientID, Scope: data.PhotoConsentNone}, nil
	}
	return c.photoConsent, nil
}

func (c *clinicalRecords) RecordPhotoConsent(_ context.Context, patientID int64, scope data.PhotoConsentScope) (data.PhotoConsent, error) {
	c.note("RecordPhotoConsent " + string(scope))
	c.photoConsent = data.PhotoConsent{PatientID: patientID, Scope: scope, RecordedBy: testAdminActor.Name, RecordedAt: testNow()}
	return c.photoConsent, nil
}

func (c *clinicalRecords) HidePhoto(_ context.Context, id int64, reason string) error {
	c.note(fmt.Sprintf("HidePhoto %d %s", id, reason))
	for i := range c.photos {
		if c.photos[i].ID == id {
			c.photos[i].HiddenAt, c.photos[i].HiddenBy, c.photos[i].HiddenReason = testNow(), testAdminActor.Name, reason
		}
	}
	return nil
}

func (c *clinicalRecords) ImportPhotos(_ context.Context, list []data.Photo) error {
	for _, p := range list {
		c.note(fmt.Sprintf("ImportPhotos session %d consultation %d %s %s %dx%d", p.SessionID, p.ConsultationID, p.Angle, p.Area, p.Width, p.Height))
		p.ID = int64(len(c.photos) + 100)
		c.photos = append(c.photos, p)
		if c.photoImages == nil {
			c.photoImages = map[int64][]byte{}
		}
		c.photoImages[p.ID] = p.Image
	}
	return nil
}
