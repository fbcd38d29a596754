package sqlstore_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"needlepoint/data"
)

func TestClinicRulesStorage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clinic.db")
	s := mustOpenPath(t, path)

	t.Run("DefaultsWhenNothingSaved", func(t *testing.T) {
		got, err := s.ClinicRules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := data.ClinicRules{IsotretinoinWaitMonths: 6, TopicalRetinoidWaitDays: 5, BotulinumToxinWaitMonths: 3,
			FillerOrSurgeryWaitMonths: 12, RadiationWaitMonths: 12, PostpartumWaitWeeks: 6, ScreeningValidMonths: 6,
			ConsentValidMonths: 12}
		if got != want || data.DefaultClinicRules() != want {
			t.Errorf("ClinicRules() = %+v, DefaultClinicRules() = %+v; want %+v", got, data.DefaultClinicRules(), want)
		}
	})

	custom := data.ClinicRules{IsotretinoinWaitMonths: 3, TopicalRetinoidWaitDays: 7, BotulinumToxinWaitMonths: 0,
		FillerOrSurgeryWaitMonths: 6, RadiationWaitMonths: 24, PostpartumWaitWeeks: 12, ScreeningValidMonths: 12,
		ConsentValidMonths: 24}

	t.Run("RoundTripsEverySetting", func(t *testing.T) {
		if err := s.SaveClinicRules(ctx, custom); err != nil {
			t.Fatal(err)
		}
		if got, err := s.ClinicRules(ctx); err != nil || got != custom {
			t.Errorf("ClinicRules() = %+v, %v; want %+v", got, err, custom)
		}
		again := custom
		again.IsotretinoinWaitMonths = 4
		if err := s.SaveClinicRules(ctx, again); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClinicRules(ctx); got != again {
			t.Errorf("after a second save ClinicRules() = %+v, want %+v", got, again)
		}
		if err := s.SaveClinicRules(ctx, custom); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ErrInvalidNotSaved", func(t *testing.T) {
		bad := custom
		bad.ScreeningValidMonths = 0
		err := s.SaveClinicRules(ctx, bad)
		if got, want := data.ErrorCode(err), data.EINVALID; got != want {
			t.Errorf("ErrorCode = %q, want %q", got, want)
		}
		if got, _ := s.ClinicRules(ctx); got != custom {
			t.Errorf("refused save changed the rules to %+v", got)
		}
	})

	// Reopened with the test's own t, so the store stays open for the
	// subtests below.
	s.Close()
	s = mustOpenPath(t, path)
	if got, err := s.ClinicRules(ctx); err != nil || got != custom {
		t.Errorf("after reopen ClinicRules() = %+v, %v; want %+v", got, err, custom)
	}

	db := rawDB(t, path)

	t.Run("MissingSettingIsDefault", func(t *testing.T) {
		if _, err := db.Exec("DELETE FROM settings WHERE key = ?", data.FieldRadiationWaitMonths); err != nil {
			t.Fatal(err)
		}
		want := custom
		want.RadiationWaitMonths = data.DefaultClinicRules().RadiationWaitMonths
		if got, err := s.ClinicRules(ctx); err != nil || got != want {
			t.Errorf("ClinicRules() = %+v, %v; want %+v", got, err, want)
		}
	})

	t.Run("ErrDamagedSetting", func(t *testing.T) {
		for _, value := range []string{"six", "", "99", "-1"} {
			if _, err := db.Exec("UPDATE settings SET value = ? WHERE key = ?", value, data.FieldIsotretinoinWaitMonths); err != nil {
				t.Fatal(err)
			}
			_, err := s.ClinicRules(ctx)
			if got, want := data.ErrorCode(err), data.EINVALID; got != want {
				t.Errorf("value %q: ErrorCode = %q, want %q", value, got, want)
			}
			if msg := data.ErrorMessage(err); !strings.Contains(msg, "Wait after isotretinoin") || !strings.Contains(msg, "save them again") {
				t.Errorf("value %q: message = %q, want it to name the setting and the fix", value, msg)
			}
		}
		if err := s.SaveClinicRules(ctx, custom); err != nil {
			t.Fatal(err)
		}
		if got, err := s.ClinicRules(ctx); err != nil || got != custom {
			t.Errorf("after saving again ClinicRules() = %+v, %v; want %+v", got, err, custom)
		}
	})
}
