package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

func TestRestoreOtherClinicAsksNamingBoth(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "clinic-20261127-180000Z.db"), []byte("copy"), 0o600)
	store := &fakeBackupStore{settings: sqlstore.BackupSettings{Folder: dir, Keep: 14, EveryHours: 24},
		taken: testNow(), clinic: data.ClinicIdentity{ID: "0123456789abcdef0123456789abcdef", Name: "Skin Studio"}}
	s, restarts := newTestBackupsScreen(t, store)
	inspect := s.backups.inspect
	s.backups.inspect = func(ctx context.Context, path string) (sqlstore.BackupContents, error) {
		c, err := inspect(ctx, path)
		c.Clinic = data.ClinicIdentity{ID: "fedcba9876543210fedcba9876543210", Name: "Glow Rooms"}
		return c, err
	}
	s.list.Select(0)
	test.Tap(s.restoreButton)
	text := overlayText(s.win.Canvas())
	for _, want := range []string{"Restore another clinic's backup?", "another clinic: Glow Rooms (fedcba98…)", "those of Skin Studio (01234567…)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the confirmation lacks %q:\n%s", want, text)
		}
	}
	test.Tap(overlayButton(t, s.win.Canvas(), "Cancel"))
	if len(store.restored)+len(store.restoredOther) != 0 {
		t.Fatalf("restored after Cancel: %q %q", store.restored, store.restoredOther)
	}
	test.Tap(s.restoreButton)
	test.Tap(overlayButton(t, s.win.Canvas(), "Restore the other clinic's records"))
	if len(store.restoredOther) != 1 || len(store.restored) != 0 {
		t.Fatalf("restored %q and, as another clinic's, %q; want the latter only", store.restored, store.restoredOther)
	}
	test.Tap(overlayButton(t, s.win.Canvas(), "OK"))
	if *restarts != 1 {
		t.Errorf("the app was not closed after the restore")
	}
}
