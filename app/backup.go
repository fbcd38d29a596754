package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// BackupStore is what backups need from the database.
type BackupStore interface {
	Path() string
	BackupSettings(ctx context.Context) (sqlstore.BackupSettings, error)
	SaveBackupSettings(ctx context.Context, b sqlstore.BackupSettings) error
	Backup(ctx context.Context, dir string, keep int) (sqlstore.BackupFile, error)
	AutoBackup(ctx context.Context, defaultDir string) (sqlstore.BackupFile, error)
	Restore(ctx context.Context, backupPath string) (safetyCopy string, err error)
	RestoreOtherClinic(ctx context.Context, backupPath string) (safetyCopy string, err error)
	ClinicIdentity(ctx context.Context) (data.ClinicIdentity, error)
	QuickCheck(ctx context.Context) error
}

// backups makes the clinic's backups: on the schedule, on closing and
// when asked. One backup runs at a time in this copy of the app.
type backups struct {
	store BackupStore
	now   func() time.Time
	// inspect checks a backup and says what it holds; tests replace it.
	inspect func(ctx context.Context, path string) (sqlstore.BackupContents, error)
	// worker runs the backups the main window starts: on closing, and a
	// restore offered for a damaged database.
	worker worker
	mu     sync.Mutex
	// failure is the message of the scheduled backup's failure last shown,
	// empty once a backup worked.
	failure string
}

func newBackups(store BackupStore) *backups {
	return &backups{store: store, now: time.Now, inspect: sqlstore.InspectBackup}
}

// settings returns the backup settings and the folder they name.
func (b *backups) settings(ctx context.Context) (sqlstore.BackupSettings, string, error) {
	set, err := b.store.BackupSettings(ctx)
	if err != nil {
		return set, "", err
	}
	dir, err := backupFolder(set)
	return set, dir, err
}

// autoBackUp makes the backup on closing, where the settings say.
func (b *backups) autoBackUp(ctx context.Context) (sqlstore.BackupFile, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	dir, err := defaultBackupFolder()
	if err != nil {
		return sqlstore.BackupFile{}, err
	}
	return b.store.AutoBackup(ctx, dir)
}

// backUp makes a backup now, at an administrator's request.
func (b *backups) backUp(ctx context.Context) (sqlstore.BackupFile, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	set, dir, err := b.settings(ctx)
	if err != nil {
		return sqlstore.BackupFile{}, err
	}
	return b.store.Backup(ctx, dir, set.Keep)
}

// backUpIfDue makes a backup when the newest verified one is older than the
// schedule asks, and reports whether it made one. Another copy of the app
// on the same database counts: its backups are in the same folder.
func (b *backups) backUpIfDue(ctx context.Context) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	set, dir, err := b.settings(ctx)
	if err != nil || set.EveryHours == 0 {
		return false, err
	}
	newest, ok, err := sqlstore.NewestVerifiedBackup(dir, b.store.Path())
	if err != nil {
		return false, err
	}
	if ok && b.now().Sub(newest.Taken) < time.Duration(set.EveryHours)*time.Hour {
		return false, nil
	}
	fallback, err := defaultBackupFolder()
	if err != nil {
		return false, err
	}
	_, err = b.store.AutoBackup(ctx, fallback)
	return err == nil, err
}

// schedules are the choices of how often to back up, in hours.
var schedules = []struct {
	hours int
	label string
}{
	{1, "Every hour"}, {4, "Every 4 hours"}, {12, "Every 12 hours"}, {24, "Every day"},
	{168, "Every week"}, {0, "Never (only when closing or asked)"},
}

func scheduleLabel(hours int) string {
	for _, s := range schedules {
		if s.hours == hours {
			return s.label
		}
	}
	return fmt.Sprintf("Every %d hours", hours)
}

// backupsScreen shows where the backups go and which there are, makes one
// when asked and restores one after a confirmation naming its contents.
type backupsScreen struct {
	win     fyne.Window
	backups *backups
	worker  worker
	// afterRestore runs when a restore is done: the app closes so that every
	// screen shows the restored records when it starts again.
	afterRestore func()

	settings    sqlstore.BackupSettings
	folder      *widget.Entry
	keep        *widget.Entry
	schedule    *widget.Select
	onClose     *widget.Check
	fieldErrors fieldMessages

	list     *widget.List
	files    []sqlstore.BackupFile
	selected int

	status        *widget.Label
	backUpButton  *widget.Button
	restoreButton *widget.Button

	content fyne.CanvasObject
}

func showBackupsWindow(a fyne.App, b *backups, afterRestore func()) {
	w := newAppWindow(a, "Backups")
	s := newBackupsScreen(w, b, afterRestore)
	w.SetContent(s.content)
	showFitted(w, fyne.NewSize(760, 600))
	s.load()
}

func newBackupsScreen(win fyne.Window, b *backups, afterRestore func()) *backupsScreen {
	s := &backupsScreen{win: win, backups: b, afterRestore: afterRestore, fieldErrors: fieldMessages{}, selected: -1}
	s.folder = widget.NewEntry()
	if dir, err := defaultBackupFolder(); err == nil {
		s.folder.SetPlaceHolder(dir)
	}
	s.keep = widget.NewEntry()
	labels := make([]string, len(schedules))
	for i, sc := range schedules {
		labels[i] = sc.label
	}
	s.schedule = widget.NewSelect(labels, nil)
	s.onClose = widget.NewCheck("Also back up when Needlepoint closes", nil)
	row := func(field, label string, input fyne.CanvasObject) []fyne.CanvasObject {
		return []fyne.CanvasObject{widget.NewLabel(label), container.NewVBox(input, s.fieldErrors.line(field))}
	}
	chooseFolder := widget.NewButton("Choose…", func() {
		dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				s.folder.SetText(u.Path())
			}
		}, s.win).Show()
	})
	form := container.New(layout.NewFormLayout(), slices.Concat(
		row(sqlstore.FieldBackupFolder, "Backup folder", container.NewBorder(nil, nil, nil, chooseFolder, s.folder)),
		row(sqlstore.FieldBackupKeep, "Keep the last", container.NewBorder(nil, nil, nil, widget.NewLabel("backups"), s.keep)),
		row(sqlstore.FieldBackupEveryHours, "Back up", s.schedule),
		[]fyne.CanvasObject{layout.NewSpacer(), container.NewHBox(s.onClose, layout.NewSpacer(), widget.NewButton("Save settings", s.onSaveSettings))},
	)...)

	s.list = widget.NewList(func() int { return len(s.files) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(backupLine(s.files[id])) })
	s.list.OnSelected = func(id widget.ListItemID) {
		s.selected = id
		s.updateButtons()
	}
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.backUpButton = widget.NewButton("Back up now", s.onBackUp)
	s.backUpButton.Importance = widget.HighImportance
	s.restoreButton = widget.NewButton("Restore…", s.onRestore)
	s.updateButtons()
	buttons := container.NewHBox(layout.NewSpacer(), s.restoreButton, s.backUpButton)
	bottom := container.NewVBox(widget.NewSeparator(), s.status, buttons)
	top := container.NewVBox(form, widget.NewSeparator(), widget.NewLabel("Backups, newest first (only verified ones can be restored):"))
	s.content = container.NewBorder(container.NewPadded(top), bottom, nil, nil, s.list)
	return s
}

// backupLine describes a backup in the list.
func backupLine(b sqlstore.BackupFile) string {
	state := "verified"
	if !b.Verified {
		state = "not verified (interrupted or still being written)"
	}
	return fmt.Sprintf("%s · %s · %s", b.Taken.Local().Format("Mon 2 Jan 2006 15:04:05"), fileSize(b.Size), state)
}

type backupsView struct {
	settings sqlstore.BackupSettings
	folder   string
	files    []sqlstore.BackupFile
}

func (s *backupsScreen) load() {
	background(&s.worker, func() (backupsView, error) {
		set, dir, err := s.backups.settings(context.Background())
		if err != nil {
			return backupsView{}, err
		}
		files, err := sqlstore.ListBackups(dir, s.backups.store.Path())
		return backupsView{set, dir, files}, err
	}, func(v backupsView, err error) {
		if err != nil {
			showError(err, s.win)
			return
		}
		s.fill(v)
	})
}

func (s *backupsScreen) fill(v backupsView) {
	s.settings = v.settings
	s.folder.SetText(v.settings.Folder)
	s.keep.SetText(strconv.Itoa(v.settings.Keep))
	label := scheduleLabel(v.settings.EveryHours)
	if !slices.Contains(s.schedule.Options, label) {
		s.schedule.Options = append(s.schedule.Options, label)
	}
	s.schedule.SetSelected(label)
	s.onClose.SetChecked(v.settings.OnClose)
	s.files = v.files
	s.selected = -1
	s.list.UnselectAll()
	s.list.Refresh()
	s.updateButtons()
	if len(v.files) == 0 {
		s.status.SetText("No backups in " + v.folder + " yet.")
	}
}

func (s *backupsScreen) updateButtons() {
	if s.selected >= 0 && s.selected < len(s.files) && s.files[s.selected].Verified {
		s.restoreButton.Enable()
	} else {
		s.restoreButton.Disable()
	}
}

func (s *backupsScreen) onSaveSettings() {
	b := s.settings
	b.Folder = strings.TrimSpace(s.folder.Text)
	var problems []data.FieldError
	n, err := strconv.Atoi(strings.TrimSpace(s.keep.Text))
	if err != nil {
		problems = append(problems, data.FieldError{Field: sqlstore.FieldBackupKeep, Message: "Write how many backups to keep as a number, e.g. 14."})
	}
	b.Keep = n
	if _, err := fmt.Sscanf(s.schedule.Selected, "Every %d hours", &b.EveryHours); err != nil {
		for _, sc := range schedules {
			if sc.label == s.schedule.Selected {
				b.EveryHours = sc.hours
			}
		}
	}
	b.OnClose = s.onClose.Checked
	if problems == nil {
		problems = fieldProblems(b.Validate())
	}
	s.fieldErrors.show(problems)
	if len(problems) > 0 {
		s.status.SetText("The settings were not saved: please correct the fields marked in red.")
		return
	}
	background(&s.worker, func() (struct{}, error) {
		return struct{}{}, s.backups.store.SaveBackupSettings(context.Background(), b)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.fieldErrors.show(fieldProblems(err))
			showError(err, s.win)
			return
		}
		s.status.SetText("Settings saved.")
		s.load()
	})
}

func (s *backupsScreen) onBackUp() {
	s.backUpButton.Disable()
	s.status.SetText("Backing up and checking the copy…")
	background(&s.worker, func() (sqlstore.BackupFile, error) {
		return s.backups.backUp(context.Background())
	}, func(f sqlstore.BackupFile, err error) {
		s.backUpButton.Enable()
		if err != nil {
			s.status.SetText("The backup failed.")
			showError(err, s.win)
			return
		}
		s.load()
		s.status.SetText(strings.TrimSpace(fmt.Sprintf("Backed up and verified: %s (%s). %s", f.Path, fileSize(f.Size), f.Note)))
	})
}

func (s *backupsScreen) onRestore() {
	if s.selected < 0 || s.selected >= len(s.files) {
		return
	}
	confirmRestore(s.win, &s.worker, s.backups, s.files[s.selected].Path, s.afterRestore)
}

// confirmRestore checks the backup at path, asks for a confirmation that
// names its date and contents, restores it and then runs afterRestore. A
// backup of another clinic gets a confirmation of its own that names both.
func confirmRestore(win fyne.Window, w *worker, b *backups, path string, afterRestore func()) {
	background(w, func() (restoreChoice, error) {
		ctx := context.Background()
		c, err := b.inspect(ctx, path)
		if err != nil {
			return restoreChoice{}, err
		}
		ours, err := b.store.ClinicIdentity(ctx)
		return restoreChoice{contents: c, ours: ours}, err
	}, func(choice restoreChoice, err error) {
		if err != nil {
			showError(err, win)
			return
		}
		if choice.otherClinic() {
			confirmOtherClinic(win, w, b, path, choice, afterRestore)
			return
		}
		text := backupDescription(choice.contents) + ".\n\n" +
			"Every record entered or changed since then will be replaced by the backup's, on every computer using this database. " +
			"The current records are first kept as a safety copy beside the database. " +
			"Needlepoint closes when the restore is done; start it again to go on working."
		askToRestore(win, "Restore this backup?", "Restore", text, widget.WarningImportance, fyne.NewSize(520, 300),
			func() { restoreBackup(win, w, b, path, false, afterRestore) })
	})
}

// restoreBackup restores the backup at path, another clinic's only when
// otherClinic says the administrator confirmed it.
func restoreBackup(win fyne.Window, w *worker, b *backups, path string, otherClinic bool, afterRestore func()) {
	progress := dialog.NewCustomWithoutButtons("Restoring", widget.NewLabel("Restoring the backup…"), win)
	progress.Show()
	background(w, func() (string, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		if otherClinic {
			return b.store.RestoreOtherClinic(context.Background(), path)
		}
		return b.store.Restore(context.Background(), path)
	}, func(safety string, err error) {
		progress.Hide()
		if err != nil {
			showError(err, win)
			return
		}
		done := dialog.NewInformation("Backup restored",
			"The backup was restored. The records as they were before are kept in "+safety+".\n\nNeedlepoint closes now; start it again.", win)
		done.SetOnClosed(afterRestore)
		done.Show()
	})
}
