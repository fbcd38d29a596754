package sqlstore_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// treatableSeries screens the clinic's patient and starts a series, with
// no consent on file.
func treatableSeries(t *testing.T, c clinic) data.TreatmentSeries {
	t.Helper()
	mustCreateScreening(t, c.s, data.Screening{PatientID: c.patient.ID, ScreenedOn: datatest.Date(2026, 9, 1), RecordedBy: "Dr Amara Okafor"})
	return mustSeries(t, c, data.TreatmentSeries{PlannedSessions: 6, StartedOn: datatest.Date(2026, 9, 1)})
}

func TestConsentGatesTheSession(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	ts := treatableSeries(t, c)

	t.Run("ErrMissing", func(t *testing.T) {
		x := validSession(c, ts.ID)
		err := c.s.LogSession(ctx, &x)
		wantError(t, err, data.ENOCONSENT, "no signed consent to microneedling")
		if list, _ := c.s.SeriesSessions(ctx, ts.ID); len(list) != 0 {
			t.Errorf("a session was saved without consent: %+v", list)
		}
	})

	consent := mustConsent(t, c, c.patient.ID, datatest.Date(2026, 10, 1).Add(9*time.Hour))

	t.Run("ErrSignedAfterTheSession", func(t *testing.T) {
		x := validSession(c, ts.ID)
		x.PerformedAt = datatest.Date(2026, 9, 30).Add(14 * time.Hour)
		x.NumbingApplied, x.NumbingRemoved = x.PerformedAt.Add(-40*time.Minute), x.PerformedAt.Add(-5*time.Minute)
		wantError(t, c.s.LogSession(ctx, &x), data.ENOCONSENT, "no signed consent")
	})

	t.Run("ValidOnTheDay", func(t *testing.T) {
		st, err := c.s.ConsentStatus(ctx, c.patient.ID, data.ConsentMicroneedling, datatest.Now)
		if err != nil || st.State != data.ConsentValid || st.Consent.ID != consent.ID {
			t.Fatalf("ConsentStatus = %+v, %v; want valid on consent %d", st, err, consent.ID)
		}
		if got, want := st.Message(), "signed on 1 October 2026, valid until 30 September 2027"; !strings.Contains(got, want) {
			t.Errorf("Message() = %q, want it to contain %q", got, want)
		}
		x := validSession(c, ts.ID)
		if err := c.s.LogSession(ctx, &x); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ErrExpiredByTheClinicsPeriod", func(t *testing.T) {
		c.signIn(c.admin)
		rules := data.DefaultClinicRules()
		rules.ConsentValidMonths = 1
		if err := c.s.SaveClinicRules(ctx, rules); err != nil {
			t.Fatal(err)
		}
		c.signIn(c.practitioner)
		x := validSession(c, ts.ID)
		wantError(t, c.s.LogSession(ctx, &x), data.ENOCONSENT, "signed on 1 October 2026 expired on 1 November 2026")
		c.signIn(c.admin)
		if err := c.s.SaveClinicRules(ctx, data.DefaultClinicRules()); err != nil {
			t.Fatal(err)
		}
		c.signIn(c.practitioner)
	})

	t.Run("ErrWithdrawn", func(t *testing.T) {
		c.signIn(c.receptionist)
		if _, err := c.s.WithdrawConsent(ctx, consent.ID, ""); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("withdrawal without a reason: %v", err)
		}
		got, err := c.s.WithdrawConsent(ctx, consent.ID, "Phoned: moving abroad, stopping treatment")
		if err != nil {
			t.Fatal(err)
		}
		if got.WithdrawnBy != c.receptionist.Name || !got.WithdrawnAt.Equal(datatest.Now) {
			t.Errorf("withdrawn %+v", got)
		}
		_, err = c.s.WithdrawConsent(ctx, consent.ID, "again")
		wantError(t, err, data.ELOCKED, "already withdrawn")
		c.signIn(c.practitioner)
		x := validSession(c, ts.ID)
		x.PerformedAt = datatest.Now
		x.NumbingApplied, x.NumbingRemoved = x.PerformedAt.Add(-40*time.Minute), x.PerformedAt.Add(-5*time.Minute)
		wantError(t, c.s.LogSession(ctx, &x), data.ENOCONSENT, "withdrew their consent to microneedling on 28 November 2026 (Phoned: moving abroad")
	})

	t.Run("TakenAgain", func(t *testing.T) {
		mustConsent(t, c, c.patient.ID, datatest.Now)
		x := validSession(c, ts.ID)
		x.PerformedAt = datatest.Now
		x.NumbingApplied, x.NumbingRemoved = x.PerformedAt.Add(-40*time.Minute), x.PerformedAt.Add(-5*time.Minute)
		if err := c.s.LogSession(ctx, &x); err != nil {
			t.Fatal(err)
		}
		list, err := c.s.PatientConsents(ctx, c.patient.ID)
		if err != nil || len(list) != 2 || !list[1].Withdrawn() || list[0].Withdrawn() {
			t.Errorf("PatientConsents = %+v, %v; want the new one first and the withdrawn one kept", list, err)
		}
	})
}

func TestConsentSigning(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	shipped, err := c.s.ConsentTemplate(ctx, data.ConsentMicroneedling)
	if err != nil {
		t.Fatal(err)
	}
	if shipped.ID != 0 || shipped.Version != 0 || !strings.Contains(shipped.Body, "keloid or other scarring") {
		t.Fatalf("form before any is saved = %+v, want the shipped one", shipped)
	}

	t.Run("ErrUnsigned", func(t *testing.T) {
		x := datatest.Consent(c.patient.ID, shipped)
		x.Patient = data.Signature{}
		fields := datatest.FieldErrors(t, c.s.SignConsent(ctx, &x))
		if !strings.Contains(fields[data.FieldPatientSignature], "has not signed") {
			t.Errorf("fields = %v", fields)
		}
	})
	t.Run("ErrStatementNotTicked", func(t *testing.T) {
		x := datatest.Consent(c.patient.ID, shipped)
		x.Confirmed[0] = false
		err := c.s.SignConsent(ctx, &x)
		wantError(t, err, data.EINVALID, "I am not pregnant")
	})
	t.Run("ErrReceptionCannotWitness", func(t *testing.T) {
		c.signIn(c.receptionist)
		defer c.signIn(c.practitioner)
		x := datatest.Consent(c.patient.ID, shipped)
		if err := c.s.SignConsent(ctx, &x); data.ErrorCode(err) != data.EFORBIDDEN {
			t.Errorf("SignConsent by reception = %v, want forbidden", err)
		}
	})
	t.Run("ErrWitnessIsAnother", func(t *testing.T) {
		x := datatest.Consent(c.patient.ID, shipped)
		x.WitnessID = c.admin.ID
		wantError(t, c.s.SignConsent(ctx, &x), data.EFORBIDDEN, "the witness signs in")
	})

	first := datatest.Consent(c.patient.ID, shipped)
	t.Run("ShippedFormSavedAsVersion1", func(t *testing.T) {
		if err := c.s.SignConsent(ctx, &first); err != nil {
			t.Fatal(err)
		}
		if first.Template.ID == 0 || first.Template.Version != 1 || first.WitnessName != c.practitioner.Name {
			t.Errorf("signed %+v", first)
		}
		got, err := c.s.Consent(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Patient.Image, first.Patient.Image) || len(got.Patient.Strokes) != 2 ||
			len(got.Witness.Strokes[0]) != len(first.Witness.Strokes[0]) || got.Template.Body != shipped.Body ||
			len(got.Confirmed) != len(shipped.Confirmations) || !got.PatientSignedAt.Equal(datatest.Now) {
			t.Errorf("Consent() = %+v, want what was signed", got)
		}
	})

	reworded := shipped
	t.Run("NewVersionKeepsTheSignedWords", func(t *testing.T) {
		reworded.Body = "Our own words: " + shipped.Body
		reworded.Confirmations = append(reworded.Confirmations[:2:2], "I do not use a sunbed.")
		c.signIn(c.practitioner)
		if err := c.s.SaveConsentTemplate(ctx, &reworded); data.ErrorCode(err) != data.EFORBIDDEN {
			t.Errorf("a practitioner saved the form: %v", err)
		}
		c.signIn(c.admin)
		if err := c.s.SaveConsentTemplate(ctx, &reworded); err != nil {
			t.Fatal(err)
		}
		c.signIn(c.practitioner)
		if reworded.Version != 2 || reworded.CreatedBy != c.admin.Name {
			t.Errorf("saved %+v, want version 2 by the administrator", reworded)
		}
		versions, err := c.s.ConsentTemplateVersions(ctx, data.ConsentMicroneedling)
		if err != nil || len(versions) != 2 || versions[0].Version != 2 || versions[1].Body != shipped.Body {
			t.Errorf("versions = %+v, %v", versions, err)
		}
		got, _ := c.s.Consent(ctx, first.ID)
		if got.Template.Body != shipped.Body || got.Template.Version != 1 {
			t.Errorf("the signed consent now shows version %d: %q", got.Template.Version, got.Template.Body[:30])
		}
	})
	t.Run("ErrFormChangedWhileOpen", func(t *testing.T) {
		x := datatest.Consent(c.patient.ID, first.Template)
		wantError(t, c.s.SignConsent(ctx, &x), data.ECONFLICT, "changed after this one was opened")
	})
	t.Run("PhotoFormGivesPhotoConsent", func(t *testing.T) {
		form, err := c.s.ConsentTemplate(ctx, data.ConsentPhotos)
		if err != nil {
			t.Fatal(err)
		}
		x := datatest.Consent(c.patient.ID, form)
		x.PhotoScope = data.PhotoConsentTraining
		if err := c.s.SignConsent(ctx, &x); err != nil {
			t.Fatal(err)
		}
		if pc, err := c.s.PhotoConsent(ctx, c.patient.ID); err != nil || pc.Scope != data.PhotoConsentTraining {
			t.Errorf("PhotoConsent = %+v, %v; want training", pc, err)
		}
		if _, err := c.s.WithdrawConsent(ctx, x.ID, "Does not want photos any more"); err != nil {
			t.Fatal(err)
		}
		if pc, _ := c.s.PhotoConsent(ctx, c.patient.ID); pc.Scope != data.PhotoConsentNone {
			t.Errorf("PhotoConsent after withdrawal = %+v, want none", pc)
		}
	})
	t.Run("ErrChangedOrDeletedOutsideNeedlepoint", func(t *testing.T) {
		db := rawAny(t, c.s)
		for _, q := range []string{
			"UPDATE consents SET confirmed = '[]' WHERE id = 1",
			"DELETE FROM consents WHERE id = 1",
			"UPDATE consent_templates SET body = 'x' WHERE id = 1",
			"DELETE FROM consent_templates WHERE id = 1",
		} {
			if _, err := db.Exec(q); err == nil {
				t.Errorf("%s: allowed", q)
			}
		}
	})
	t.Run("SealedAndVerified", func(t *testing.T) {
		c.signIn(c.admin)
		defer c.signIn(c.practitioner)
		findings, err := c.s.VerifyDatabase(ctx)
		if err != nil || len(findings) != 0 {
			t.Errorf("VerifyDatabase = %q, %v; want nothing found", findings, err)
		}
	})
}
