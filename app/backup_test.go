package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// fakeBackupStore records backups and restores; its backups are empty
// files with a backup's name, so the folder lists them.
type fakeBackupStore struct {
	settings  sqlstore.BackupSettings
	backupErr error
	made      []string // "dir keep"
	restored  []string
	// restoredOther are the restores of another clinic's backup.
	restoredOther []string
	clinic        data.ClinicIdentity
	saved         []sqlstore.BackupSettings
	taken         time.Time
}

func (f *fakeBackupStore) Path() string { return "/clinic/clinic.db" }

func (f *fakeBackupStore) BackupSettings(context.Context) (sqlstore.BackupSettings, error) {
	return f.settings, nil
}

func (f *fakeBackupStore) SaveBackupSettings(_ context.Context, b sqlstore.BackupSettings) error {
	if err := b.Validate(); err != nil {
		return err
	}
	f.saved = append(f.saved, b)
	f.settings = b
	return nil
}

func (f *fakeBackupStore) Backup(_ context.Context, dir string, keep int) (sqlstore.BackupFile, error) {
	f.made = append(f.made, dir+" "+strconv.Itoa(keep))
	if f.backupErr != nil {
		return sqlstore.BackupFile{}, f.backupErr
	}
	path := filepath.Join(dir, "clinic-"+f.taken.UTC().Format("20060102-150405Z")+".db")
	if err := os.WriteFile(path, []byte("copy"), 0o600); err != nil {
		return sqlstore.BackupFile{}, err
	}
	return sqlstore.BackupFile{Path: path, Taken: f.taken, Size: 4, Verified: true}, nil
}

// AutoBackup backs up where the settings say, as the store does.
func (f *fakeBackupStore) AutoBackup(ctx context.Context, defaultDir string) (sqlstore.BackupFile, error) {
	dir := f.settings.Folder
	if dir == "" {
		dir = defaultDir
	}
	return f.Backup(ctx, dir, f.settings.Keep)
}

func (f *fakeBackupStore) Restore(_ context.Context, path string) (string, error) {
	f.restored = append(f.restored, path)
	return "/clinic/clinic-before-restore-20261128-183000Z.db", nil
}

func (f *fakeBackupStore) RestoreOtherClinic(_ context.Context, path string) (string, error) {
	f.restoredOther = append(f.restoredOther, path)
	return "/clinic/clinic-before-restore-20261128-183000Z.db", nil
}

func (f *fakeBackupStore) ClinicIdentity(context.Context) (data.ClinicIdentity, error) {
	return f.clinic, nil
}

func (f *fakeBackupStore) QuickCheck(context.Context) error { return nil }

func newTestBackups(t *testing.T, store *fakeBackupStore) *backups {
	t.Helper()
	b := newBackups(store)
	b.worker.inline = true
	b.now = func() time.Time { return testNow() }
	b.inspect = func(_ context.Context, path string) (sqlstore.BackupContents, error) {
		return sqlstore.BackupContents{Taken: time.Date(2026, 11, 28, 18, 0, 0, 0, time.Local), Patients: 2000, Sessions: 4210}, nil
	}
	return b
}

// overlayButton returns the button labelled text in the dialog on top.
func overlayButton(t *testing.T, c fyne.Canvas, text string) *widget.Button {
	t.Helper()
	if top := c.Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if b, ok := o.(*widget.Button); ok && b.Text == text {
				return b
			}
		}
	}
	t.Fatalf("no %q button in the dialog:\n%s", text, overlayText(c))
	return nil
}

func newTestBackupsScreen(t *testing.T, store *fakeBackupStore) (*backupsScreen, *int) {
	t.Helper()
	a := test.NewTempApp(t)
	win := a.NewWindow("Backups")
	t.Cleanup(win.Close)
	restarts := 0
	s := newBackupsScreen(win, newTestBackups(t, store), func() { restarts++ })
	s.worker.inline = true
	win.SetContent(s.content)
	win.Resize(fyne.NewSize(760, 600))
	s.load()
	return s, &restarts
}

func TestBackupsWindow(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "clinic-20261127-180000Z.db"), []byte("older"), 0o600)
	os.WriteFile(filepath.Join(dir, "clinic-20261127-190000Z.db.42.partial"), []byte("half"), 0o600)
	store := &fakeBackupStore{settings: sqlstore.BackupSettings{Folder: dir, Keep: 14, EveryHours: 24, OnClose: true}, taken: testNow()}
	s, restarts := newTestBackupsScreen(t, store)

	if got, want := len(s.files), 2; got != want {
		t.Fatalf("the window lists %d backups, want %d", got, want)
	}
	if !strings.Contains(backupLine(s.files[0]), "not verified") || !strings.Contains(backupLine(s.files[1]), "· verified") {
		t.Errorf("lines: %q, %q", backupLine(s.files[0]), backupLine(s.files[1]))
	}
	if s.keep.Text != "14" || s.schedule.Selected != "Every day" || !s.onClose.Checked {
		t.Errorf("settings shown: keep %q, schedule %q, on close %v", s.keep.Text, s.schedule.Selected, s.onClose.Checked)
	}

	t.Run("BackUpNow", func(t *testing.T) {
		test.Tap(s.backUpButton)
		if len(store.made) != 1 || store.made[0] != dir+" 14" {
			t.Fatalf("backups made: %q", store.made)
		}
		if !strings.Contains(s.status.Text, "Backed up and verified") || len(s.files) != 3 {
			t.Errorf("status %q, %d backups listed", s.status.Text, len(s.files))
		}
	})

	t.Run("OnlyVerifiedRestore", func(t *testing.T) {
		for i, f := range s.files {
			s.list.Select(i)
			if s.restoreButton.Disabled() == f.Verified {
				t.Errorf("%s: restore enabled = %v", backupLine(f), !s.restoreButton.Disabled())
			}
		}
	})

	t.Run("RestoreNamesDateAndContents", func(t *testing.T) {
		s.list.Select(0)
		chosen := s.files[0].Path
		test.Tap(s.restoreButton)
		text := overlayText(s.win.Canvas())
		if !strings.Contains(text, "Backup of 28 Nov 2026 18:00: 2,000 patients, 4,210 sessions") {
			t.Fatalf("confirmation says:\n%s", text)
		}
		test.Tap(overlayButton(t, s.win.Canvas(), "Cancel"))
		if len(store.restored) != 0 {
			t.Fatalf("restored after Cancel: %q", store.restored)
		}
		test.Tap(s.restoreButton)
		test.Tap(overlayButton(t, s.win.Canvas(), "Restore"))
		if len(store.restored) != 1 || store.restored[0] != chosen {
			t.Fatalf("restored %q, want %s", store.restored, chosen)
		}
		if text := overlayText(s.win.Canvas()); !strings.Contains(text, "before-restore") {
			t.Errorf("after the restore the window says:\n%s", text)
		}
		test.Tap(overlayButton(t, s.win.Canvas(), "OK"))
		if *restarts != 1 {
			t.Errorf("the app was not closed after the restore")
		}
	})

	t.Run("SaveSettings", func(t *testing.T) {
		s.keep.SetText("0")
		test.Tap(widgetButton(t, s.content, "Save settings"))
		if len(store.saved) != 0 || !strings.Contains(s.status.Text, "not saved") {
			t.Fatalf("saved %+v with keep 0; status %q", store.saved, s.status.Text)
		}
		s.keep.SetText("30")
		s.schedule.SetSelected("Every 4 hours")
		s.onClose.SetChecked(false)
		test.Tap(widgetButton(t, s.content, "Save settings"))
		want := sqlstore.BackupSettings{Folder: dir, Keep: 30, EveryHours: 4, OnClose: false}
		if len(store.saved) != 1 || store.saved[0] != want {
			t.Errorf("saved %+v, want %+v", store.saved, want)
		}
	})
}

// widgetButton returns the button labelled text in content.
func widgetButton(t *testing.T, content fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(content) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no %q button", text)
	return nil
}

func TestBackupSchedule(t *testing.T) {
	dir := t.TempDir()
	store := &fakeBackupStore{settings: sqlstore.BackupSettings{Folder: dir, Keep: 5, EveryHours: 24}, taken: testNow()}
	b := newTestBackups(t, store)
	ctx := context.Background()
	if made, err := b.backUpIfDue(ctx); !made || err != nil {
		t.Fatalf("with no backup yet: made %v, %v; want a backup", made, err)
	}
	if made, _ := b.backUpIfDue(ctx); made {
		t.Errorf("a second backup within the day")
	}
	b.now = func() time.Time { return testNow().Add(25 * time.Hour) }
	store.taken = b.now()
	if made, _ := b.backUpIfDue(ctx); !made {
		t.Errorf("no backup a day after the last one")
	}
	store.settings.EveryHours = 0
	b.now = func() time.Time { return testNow().Add(30 * 24 * time.Hour) }
	if made, _ := b.backUpIfDue(ctx); made {
		t.Errorf("an automatic backup with the schedule off")
	}
	store.settings.EveryHours = 24
	store.backupErr = data.Errorf(data.EINVALID, "The backup folder is full.")
	if _, err := b.backUpIfDue(ctx); err == nil {
		t.Errorf("a failed backup was not reported")
	}
}

func TestBackupOnClose(t *testing.T) {
	for _, tc := range []struct {
		name      string
		onClose   bool
		err       error
		wantMade  int
		wantClose bool
	}{
		{"Backs up then closes", true, nil, 1, true},
		{"Off in the settings", false, nil, 0, true},
		{"ErrBackupFailedAsks", true, errors.New("disk full"), 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &fakeBackupStore{settings: sqlstore.BackupSettings{Folder: t.TempDir(), Keep: 3, EveryHours: 24, OnClose: tc.onClose}, backupErr: tc.err, taken: testNow()}
			a := test.NewTempApp(t)
			w := &window{win: a.NewWindow("Needlepoint"), backups: newTestBackups(t, store)}
			t.Cleanup(w.win.Close)
			w.win.Resize(fyne.NewSize(800, 600))
			closed := false
			w.backupOnClose(func() { closed = true })
			if len(store.made) != tc.wantMade || closed != tc.wantClose {
				t.Fatalf("backups %d, closed %v; want %d, %v", len(store.made), closed, tc.wantMade, tc.wantClose)
			}
			if tc.err == nil {
				return
			}
			if text := overlayText(w.win.Canvas()); !strings.Contains(text, "The backup failed") {
				t.Fatalf("failure shown as:\n%s", text)
			}
			test.Tap(overlayButton(t, w.win.Canvas(), "Close anyway"))
			if !closed {
				t.Errorf("Close anyway did not close")
			}
		})
	}
}

func TestRecoveryRestoresNewestBackup(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	db := demoDatabase(t)
	if code, _, errOut, _ := runCLI(t, "backup", "--db", db); code != 0 {
		t.Fatalf("backup into the default folder: %s", errOut)
	}
	before := countPatients(t, db)
	breakFile(t, db)
	_, cause := sqlstore.Open(context.Background(), db)
	if !sqlstore.IsDamaged(cause) {
		t.Fatalf("the broken file opened: %v", cause)
	}

	a := test.NewTempApp(t)
	win := a.NewWindow("Recovery")
	t.Cleanup(win.Close)
	restored := false
	r := newRecoveryScreen(win, db, cause, func() { restored = true })
	r.worker.inline = true
	win.SetContent(r.content)
	win.Resize(fyne.NewSize(640, 400))
	r.load()
	if !strings.Contains(r.found.Text, "Backup of ") || !strings.Contains(r.found.Text, "60 patients") || r.restoreButton.Disabled() {
		t.Fatalf("the recovery window says %q (restore enabled: %v)", r.found.Text, !r.restoreButton.Disabled())
	}
	test.Tap(r.restoreButton)
	if text := overlayText(win.Canvas()); !strings.Contains(text, "-damaged-") {
		t.Fatalf("after restoring the window says:\n%s", text)
	}
	test.Tap(overlayButton(t, win.Canvas(), "OK"))
	if !restored {
		t.Error("the app was not closed after the restore")
	}
	if got := countPatients(t, db); got != before {
		t.Errorf("the restored database has %d patients, want %d", got, before)
	}
}

// countDialogs counts the dialogs open over c.
func countDialogs(c fyne.Canvas) int {
	return len(c.Overlays().List())
}

// TestScheduledBackupFailureShownOnce: a backup failing every hour is shown
// once with what to do, and again only after a backup worked.
func TestScheduledBackupFailureShownOnce(t *testing.T) {
	store := &fakeBackupStore{settings: sqlstore.BackupSettings{Folder: t.TempDir(), Keep: 3, EveryHours: 24}, taken: testNow(),
		backupErr: data.Errorf(data.EINVALID, "The backup folder E:\\Backups is not there.")}
	a := test.NewTempApp(t)
	w := &window{win: a.NewWindow("Needlepoint"), backups: newTestBackups(t, store)}
	t.Cleanup(w.win.Close)
	w.win.Resize(fyne.NewSize(800, 600))
	ctx := context.Background()
	for range 3 {
		if wait := w.runSchedule(ctx); wait != backupRetryAfter {
			t.Errorf("after a failure the schedule waits %v, want %v", wait, backupRetryAfter)
		}
	}
	if got := countDialogs(w.win.Canvas()); got != 1 {
		t.Fatalf("%d dialogs after three failed hours, want 1", got)
	}
	if text := overlayText(w.win.Canvas()); !strings.Contains(text, "is not there") || !strings.Contains(text, "tells you again only if the problem changes") {
		t.Errorf("the failure says:\n%s", text)
	}
	test.Tap(overlayButton(t, w.win.Canvas(), "OK"))

	store.backupErr = nil
	w.runSchedule(ctx)
	store.backupErr = data.Errorf(data.EINVALID, "The backup folder E:\\Backups is not there.")
	w.backups.now = func() time.Time { return testNow().Add(25 * time.Hour) }
	w.runSchedule(ctx)
	if got := countDialogs(w.win.Canvas()); got != 1 {
		t.Errorf("%d dialogs when the backup failed again after working, want it shown again", got)
	}
}

// signedOutStore is a clinic nobody is signed in to.
type signedOutStore struct{ *fakeStore }

func (signedOutStore) Actor() (data.Actor, bool) { return data.Actor{}, false }

// TestBackupOnCloseWithNobodySignedIn: closing from the sign-in screen
// still makes the backup on closing.
func TestBackupOnCloseWithNobodySignedIn(t *testing.T) {
	store := &fakeBackupStore{settings: sqlstore.BackupSettings{Folder: t.TempDir(), Keep: 3, EveryHours: 24, OnClose: true}, taken: testNow()}
	a := test.NewTempApp(t)
	w := newWindow(a, signedOutStore{newFakeStore()}, false, data.DayFirst, testNow)
	t.Cleanup(w.win.Close)
	w.worker.inline = true
	w.backups = newTestBackups(t, store)
	w.showSignIn(nil)
	closed := false
	w.onQuit(func() { closed = true })
	if len(store.made) != 1 || !closed {
		t.Errorf("backups made %d, closed %v; want the backup on closing, then closed", len(store.made), closed)
	}
}
