package sqlstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// validScreening returns a screening of the given patient with every field
// filled and valid, taken a week before datatest.Now.
func validScreening(patientID int64) data.Screening {
	return data.Screening{
		PatientID:            patientID,
		ScreenedOn:           datatest.Date(2026, 11, 21),
		RecordedBy:           "Siobhán Ní Bhriain",
		Indications:          []data.Indication{data.IndicationStretchMarks, data.IndicationAcneScars, data.IndicationRosacea},
		Pregnant:             true,
		PregnancyDueDate:     datatest.Date(2027, 5, 3),
		AutoimmuneCondition:  true,
		PsoriasisOrEczema:    true,
		OpenWounds:           true,
		ActiveInfection:      true,
		ActiveAcne:           true,
		KeloidHistory:        true,
		Anticoagulants:       true,
		BleedingDisorder:     true,
		UncontrolledDiabetes: true,
		Immunosuppressed:     true,
		ColdSores:            true,
		MetalAllergy:         true,
		NumbingAgentAllergy:  true,
		TakingIsotretinoin:   true,
		LastIsotretinoinDose: datatest.Date(2026, 8, 31),
		LastRadiationTherapy: datatest.Date(2024, 2, 29),
		UsesTopicalRetinoid:  true,
		LastTopicalRetinoid:  datatest.Date(2026, 11, 20),
		LastBotulinumToxin:   datatest.Date(2026, 9, 1),
		LastFillerOrSurgery:  datatest.Date(2025, 12, 24),
		Notes:                "Tretinoin 0.025% at night.\nAsked about breastfeeding later: «not planned».",
	}
}

func mustCreateScreening(t *testing.T, s *sqlstore.Store, sc data.Screening) data.Screening {
	t.Helper()
	if err := s.CreateScreening(context.Background(), &sc); err != nil {
		t.Fatalf("CreateScreening(%s): %v", sc.ScreenedOn.Format("2006-01-02"), err)
	}
	return sc
}

func TestScreeningValidate(t *testing.T) {
	today := datatest.Now
	if sc := validScreening(1); sc.Validate(today) != nil {
		t.Fatalf("validScreening().Validate() = %v, want nil", sc.Validate(today))
	}
	tests := []struct {
		name   string
		change func(sc *data.Screening)
		field  string
		want   string
	}{
		{"ErrScreenedOnRequired", func(sc *data.Screening) { sc.ScreenedOn = time.Time{} }, data.FieldScreenedOn, "Screening date is required"},
		{"ErrScreenedOnFuture", func(sc *data.Screening) { sc.ScreenedOn = datatest.Date(2026, 11, 29) }, data.FieldScreenedOn, "cannot be in the future"},
		{"ErrScreenedOnTooLongAgo", func(sc *data.Screening) { sc.ScreenedOn = datatest.Date(1906, 11, 27) }, data.FieldScreenedOn, "check the year"},
		{"ErrRecordedByRequired", func(sc *data.Screening) { sc.RecordedBy = "  " }, data.FieldScreeningRecordedBy, "who recorded the screening"},
		{"ErrRecordedBySpaces", func(sc *data.Screening) { sc.RecordedBy = "Ada " }, data.FieldScreeningRecordedBy, "spaces at the start or end"},
		{"ErrRecordedByTooLong", func(sc *data.Screening) { sc.RecordedBy = strings.Repeat("Ł", data.MaxNameLength+1) }, data.FieldScreeningRecordedBy, "too long"},
		{"ErrUnknownIndication", func(sc *data.Screening) { sc.Indications = append(sc.Indications, "tattoo_removal") }, data.FieldIndications, `"tattoo_removal" is not one of the clinic's indications`},
		{"ErrIndicationTwice", func(sc *data.Screening) { sc.Indications = append(sc.Indications, data.IndicationRosacea) }, data.FieldIndications, "Rosacea is ticked twice"},
		{"ErrIsotretinoinAfterScreening", func(sc *data.Screening) { sc.LastIsotretinoinDose = datatest.Date(2026, 11, 22) }, data.FieldLastIsotretinoinDose, "Last isotretinoin dose cannot be after the screening date"},
		{"ErrRadiationAfterScreening", func(sc *data.Screening) { sc.LastRadiationTherapy = datatest.Date(2026, 11, 22) }, data.FieldLastRadiationTherapy, "cannot be after the screening date"},
		{"ErrRetinoidAfterScreening", func(sc *data.Screening) { sc.LastTopicalRetinoid = datatest.Date(2026, 11, 22) }, data.FieldLastTopicalRetinoid, "cannot be after the screening date"},
		{"ErrToxinAfterScreening", func(sc *data.Screening) { sc.LastBotulinumToxin = datatest.Date(2026, 11, 22) }, data.FieldLastBotulinumToxin, "cannot be after the screening date"},
		{"ErrFillerAfterScreening", func(sc *data.Screening) { sc.LastFillerOrSurgery = datatest.Date(2026, 11, 22) }, data.FieldLastFillerOrSurgery, "cannot be after the screening date"},
		{"ErrEventTooLongAgo", func(sc *data.Screening) { sc.LastRadiationTherapy = datatest.Date(1906, 11, 20) }, data.FieldLastRadiationTherapy, "check the year"},
		{"ErrDueDateWithoutPregnancy", func(sc *data.Screening) { sc.Pregnant = false }, data.FieldPregnancyDueDate, "pregnancy is not ticked"},
		{"ErrDueDateTooFarAhead", func(sc *data.Screening) { sc.PregnancyDueDate = datatest.Date(2027, 9, 22) }, data.FieldPregnancyDueDate, "more than 10 months after"},
		{"ErrDueDateLongPast", func(sc *data.Screening) { sc.PregnancyDueDate = datatest.Date(2026, 10, 23) }, data.FieldPregnancyDueDate, "untick pregnancy"},
		{"ErrNotesTooLong", func(sc *data.Screening) { sc.Notes = strings.Repeat("a", data.MaxNotesLength+1) }, data.FieldScreeningNotes, "at most 10000"},
		{"ErrNotesControlChar", func(sc *data.Screening) { sc.Notes = "latex\x00" }, data.FieldScreeningNotes, "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := validScreening(1)
			tt.change(&sc)
			fields := datatest.FieldErrors(t, sc.Validate(today))
			if got := fields[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("message for %s = %q, want it to contain %q (all: %v)", tt.field, got, tt.want, fields)
			}
			if len(fields) != 1 {
				t.Errorf("got %d field errors, want 1: %v", len(fields), fields)
			}
		})
	}

	t.Run("AcceptsLimits", func(t *testing.T) {
		sc := validScreening(1)
		sc.ScreenedOn = datatest.Date(2026, 11, 28)
		sc.PregnancyDueDate = datatest.Date(2027, 9, 28)
		sc.LastIsotretinoinDose, sc.LastTopicalRetinoid = datatest.Date(2026, 11, 28), datatest.Date(1906, 11, 28)
		sc.Notes = strings.Repeat("Ł", data.MaxNotesLength)
		if err := sc.Validate(today); err != nil {
			t.Errorf("Validate() = %v, want nil at the limits", err)
		}
		sc.PregnancyDueDate = datatest.Date(2026, 10, 31)
		if err := sc.Validate(today); err != nil {
			t.Errorf("due date 4 weeks past: Validate() = %v, want nil", err)
		}
	})

	t.Run("AcceptsEmptyAnswers", func(t *testing.T) {
		sc := data.Screening{ScreenedOn: datatest.Date(2026, 11, 28), RecordedBy: "Ada Byrne"}
		if err := sc.Validate(today); err != nil {
			t.Errorf("Validate() = %v, want nil for a screening with nothing ticked", err)
		}
	})
}

func TestIndicationLabels(t *testing.T) {
	if got, want := len(data.Indications), 9; got != want {
		t.Fatalf("%d indications, want the clinic page's %d", got, want)
	}
	seen := map[string]bool{}
	for _, i := range data.Indications {
		label := i.Label()
		if label == string(i) || seen[label] {
			t.Errorf("%q has no label of its own: %q", i, label)
		}
		seen[label] = true
	}
	if got, want := data.IndicationHyperpigmentation.Label(), "Age spots or sunspots (hyperpigmentation)"; got != want {
		t.Errorf("Label() = %q, want %q", got, want)
	}
}

func TestCreateScreening(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	p := mustCreate(t, s, datatest.ValidPatient())

	t.Run("RoundTripsEveryField", func(t *testing.T) {
		want := mustCreateScreening(t, s, validScreening(p.ID))
		if want.ID == 0 || !want.CreatedAt.Equal(datatest.Now) {
			t.Fatalf("created screening: id %d, created %v", want.ID, want.CreatedAt)
		}
		got, err := s.LatestScreening(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got == nil || !reflect.DeepEqual(*got, want) {
			t.Errorf("LatestScreening() =\n%+v\nwant\n%+v", got, want)
		}
	})

	t.Run("RoundTripsEmptyAnswers", func(t *testing.T) {
		other := mustCreate(t, s, datatest.ValidPatient())
		want := mustCreateScreening(t, s, data.Screening{PatientID: other.ID, ScreenedOn: datatest.Date(2026, 11, 28), RecordedBy: "Ada Byrne"})
		got, err := s.Screenings(ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
			t.Errorf("Screenings() = %+v, want [%+v]", got, want)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		sc := validScreening(p.ID)
		sc.RecordedBy = ""
		if got, want := data.ErrorCode(s.CreateScreening(ctx, &sc)), data.EINVALID; got != want {
			t.Errorf("ErrorCode = %q, want %q", got, want)
		}
		if sc.ID != 0 {
			t.Errorf("refused screening got ID %d", sc.ID)
		}
	})

	t.Run("ErrUnknownPatient", func(t *testing.T) {
		sc := validScreening(p.ID + 1000)
		err := s.CreateScreening(ctx, &sc)
		if got, want := data.ErrorCode(err), data.ENOTFOUND; got != want {
			t.Errorf("ErrorCode = %q, want %q (%v)", got, want, err)
		}
		if !strings.Contains(data.ErrorMessage(err), "patient was not found") {
			t.Errorf("message = %q, want it to say the patient was not found", data.ErrorMessage(err))
		}
	})

	t.Run("ErrArchivedPatient", func(t *testing.T) {
		gone := mustCreate(t, s, datatest.ValidPatient())
		if err := s.ArchivePatient(ctx, gone.ID, gone.Version, "Moved abroad"); err != nil {
			t.Fatal(err)
		}
		sc := validScreening(gone.ID)
		if got, want := data.ErrorCode(s.CreateScreening(ctx, &sc)), data.ELOCKED; got != want {
			t.Errorf("ErrorCode = %q, want %q", got, want)
		}
	})
}

func TestLatestScreening(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	p := mustCreate(t, s, datatest.ValidPatient())
	other := mustCreate(t, s, datatest.ValidPatient())

	t.Run("NoneOnFile", func(t *testing.T) {
		got, err := s.LatestScreening(ctx, p.ID)
		if got != nil || err != nil {
			t.Errorf("LatestScreening() = %+v, %v; want nil, nil", got, err)
		}
		list, err := s.Screenings(ctx, p.ID)
		if len(list) != 0 || err != nil {
			t.Errorf("Screenings() = %+v, %v; want none", list, err)
		}
	})

	screening := func(patientID int64, on int, notes string) data.Screening {
		return mustCreateScreening(t, s, data.Screening{PatientID: patientID, ScreenedOn: datatest.Date(2026, 11, on), RecordedBy: "Ada Byrne", Notes: notes})
	}
	first := screening(p.ID, 2, "first")
	second := screening(p.ID, 20, "second")
	screening(other.ID, 27, "another patient")
	// Entered late from paper: an older screening does not supersede.
	paper := screening(p.ID, 10, "from paper")
	sameDay := screening(p.ID, 20, "corrected the same day")

	t.Run("LatestSupersedes", func(t *testing.T) {
		got, err := s.LatestScreening(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got == nil || got.ID != sameDay.ID {
			t.Errorf("LatestScreening() = %+v, want the one %q", got, sameDay.Notes)
		}
	})

	t.Run("OldStayListedNewestFirst", func(t *testing.T) {
		list, err := s.Screenings(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sc := range list {
			got = append(got, sc.Notes)
		}
		want := []string{sameDay.Notes, second.Notes, paper.Notes, first.Notes}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Screenings() = %q, want %q", got, want)
		}
	})

	t.Run("CheckedBeforeEachSession", func(t *testing.T) {
		mustCreateScreening(t, s, data.Screening{PatientID: other.ID, ScreenedOn: datatest.Date(2026, 11, 28),
			RecordedBy: "Ada Byrne", LastIsotretinoinDose: datatest.Date(2026, 9, 30)})
		latest, err := s.LatestScreening(ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		rules, err := s.ClinicRules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := data.Check(latest, datatest.Date(2027, 3, 29), rules); got.Status != data.CheckContraindicated {
			t.Errorf("day before eligible: %s", got.Summary())
		}
		if got := data.Check(latest, datatest.Date(2027, 3, 30), rules); got.Status != data.CheckClear {
			t.Errorf("eligible day: %s", got.Summary())
		}
	})
}

func TestScreeningsNeverChange(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	p := mustCreate(t, s, datatest.ValidPatient())
	sc := mustCreateScreening(t, s, validScreening(p.ID))
	db := rawDB(t, s.Path())

	for _, tt := range []struct{ name, sql, want string }{
		{"ErrUpdate", "UPDATE screenings SET notes = 'changed' WHERE id = ?", "never changed"},
		{"ErrDelete", "DELETE FROM screenings WHERE id = ?", "never deleted"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Exec(tt.sql, sc.ID)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: err = %v, want the trigger to refuse it (%q)", tt.sql, err, tt.want)
			}
		})
	}
	got, err := s.LatestScreening(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || !reflect.DeepEqual(*got, sc) {
		t.Errorf("screening after refused changes =\n%+v\nwant\n%+v", got, sc)
	}
}
