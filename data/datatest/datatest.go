// Package datatest holds the fixtures that the tests of the domain rules
// (package data) and of their storage (package sqlstore) share.
package datatest

import (
	"errors"
	"testing"
	"time"

	"needlepoint/data"
)

// Now is the fixed clock of the tests: a Saturday morning in late
// November.
var Now = time.Date(2026, 11, 28, 10, 30, 0, 0, time.UTC)

// Date returns midnight UTC of a calendar day.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ValidPatient returns a patient with every field filled and valid, with a
// name that needs more than Latin-1.
func ValidPatient() data.Patient {
	return data.Patient{
		FirstName:             "Zoë",
		LastName:              "Łukasz-Дмитрий O'Brien",
		PreferredName:         "Zo",
		DateOfBirth:           Date(1990, 3, 2),
		Sex:                   data.SexFemale,
		Phone:                 "+44 7700 900123",
		Email:                 "zoe.obrien@example.com",
		Address:               "12 Rue de l'Église\n75001 Paris",
		SkinType:              3,
		Allergies:             "Lidocaine (rash)",
		Medications:           "None",
		MedicalNotes:          "Prone to cold sores; antiviral cover before sessions.",
		EmergencyContactName:  "Nguyễn Văn An",
		EmergencyContactPhone: "(020) 7946 0958",
		ReminderConsent:       true,
	}
}

// FieldErrors returns the field → message map of a validation error, and
// fails the test when err is no validation error.
func FieldErrors(t testing.TB, err error) map[string]string {
	t.Helper()
	var e *data.Error
	if !errors.As(err, &e) || e.Code != data.EINVALID {
		t.Fatalf("err = %v, want a validation error", err)
	}
	m := map[string]string{}
	for _, f := range e.Fields {
		m[f.Field] = f.Message
	}
	return m
}
