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
