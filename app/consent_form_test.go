package app

import (
	"context"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// mustConsent has patientID sign the consent to microneedling at the time
// at, witnessed by the practitioner by, in a real store.
func mustConsent(t *testing.T, store *sqlstore.Store, patientID int64, by data.StaffMember, at time.Time) {
	t.Helper()
	ctx := context.Background()
	form, err := store.ConsentTemplate(ctx, data.ConsentMicroneedling)
	if err != nil {
		t.Fatal(err)
	}
	c := datatest.Consent(patientID, form)
	clock, who := store.Now, store.Actor
	actor, _ := who()
	store.Now = func() time.Time { return at }
	store.SetActor(data.Actor{StaffID: by.ID, Name: by.Name, Role: by.Role})
	defer func() { store.Now = clock; store.SetActor(actor) }()
	if err := store.SignConsent(ctx, &c); err != nil {
		t.Fatal(err)
	}
}
