package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// ChangeWatcher tells the screens what other computers save to the
// records, so that every PC shows what the others just did, and when the
// clinic server stops and starts answering.
type ChangeWatcher interface {
	Watch(ctx context.Context, fn func([]data.Change))
	Reach(fn func(lostSince time.Time))
}

// watch keeps the window's screens up to date with what other computers
// save, and says when the clinic server cannot be reached, from the first
// sign-in until the window closes.
func (w *window) watch() {
	ctx, cancel := context.WithCancel(context.Background())
	w.stopWatch = cancel
	w.store.Reach(func(lostSince time.Time) {
		fyne.Do(func() { w.showReach(lostSince) })
	})
	w.store.Watch(ctx, func(batch []data.Change) {
		fyne.Do(func() { w.applyChanges(batch) })
	})
}

// keepTime moves the diary's line at the current time on each minute,
// for as long as the app runs.
func (w *window) keepTime() {
	for {
		now := time.Now()
		time.Sleep(now.Truncate(time.Minute).Add(time.Minute).Sub(now))
		fyne.Do(func() {
			if w.desk != nil && w.gate == nil {
				w.day.tick()
			}
		})
	}
}

// showReach shows, above every screen, since when the clinic server has
// not answered, and hides it when it answers again. Nothing typed is lost
// meanwhile: saves are refused with a message and the forms stay open.
func (w *window) showReach(lostSince time.Time) {
	if lostSince.IsZero() {
		w.offline.Hide()
	} else {
		w.offline.SetText("Cannot reach the clinic server since " + lostSince.Local().Format("15:04") +
			" — retrying. Everything typed is kept; save it again once the server answers.")
		w.offline.Show()
	}
	if w.body != nil {
		w.body.Refresh()
	}
}

// framed is what the window shows to someone signed in: the desk's tabs,
// below the notice of a clinic server out of reach. The same person gets
// the same container back, so their screens come back as they left them.
func (w *window) framed() *fyne.Container {
	if w.body == nil || !slices.Contains(w.body.Objects, fyne.CanvasObject(w.tabs)) {
		w.body = container.NewBorder(w.offline, nil, nil, nil, w.tabs)
	}
	return w.body
}

// maxPending is how many changes a locked window keeps to show.
const maxPending = 500

// applyChanges shows the changes another computer saved on the screens
// that show them: the diary, when it is on screen, the open patient and
// the list of patients to call. A locked window keeps them until it is
// unlocked (catchUp).
func (w *window) applyChanges(batch []data.Change) {
	if w.gate != nil || !w.desk.started {
		// The newest are enough: the screens read everything again.
		w.pending = append(w.pending, batch...)
		w.pending = w.pending[max(0, len(w.pending)-maxPending):]
		return
	}
	if w.tabs.Selected() == w.today {
		w.day.reload()
	}
	w.patients.applyChanges(batch)
	if w.recall != nil {
		w.recall.load()
	}
	tellOpenRecords(batch)
}

// catchUp shows what other computers saved while the window was locked.
func (w *window) catchUp() {
	if len(w.pending) == 0 {
		return
	}
	batch := w.pending
	w.pending = nil
	w.applyChanges(batch)
}

// openRecall opens the list of patients to call, or brings it forward when
// it is open already.
func (w *window) openRecall() {
	if w.recall != nil {
		w.recall.win.RequestFocus()
		return
	}
	w.recall = showRecallWindow(w.app, w.store, w.patients.order, w.patients.now, w.showPatient, func() { w.recall = nil })
	w.recall.worker.inline = w.worker.inline
	w.recall.country = w.patients.form.country
	w.recall.load()
}

// changedBanner tells whoever has a patient open that another computer
// changed the record, and offers the saved version when they have typed
// something of their own.
type changedBanner struct {
	text *widget.Label
	show *widget.Button
	box  *fyne.Container
	// relayout lays out again what holds the banner, which takes room
	// only while it is shown.
	relayout func()
}

func newChangedBanner(onShow func()) *changedBanner {
	b := &changedBanner{text: widget.NewLabel(""), relayout: func() {}}
	b.text.Wrapping = fyne.TextWrapWord
	b.text.Importance = widget.WarningImportance
	b.show = widget.NewButtonWithIcon("Show the saved version", theme.ViewRefreshIcon(), onShow)
	b.show.Hide()
	b.box = container.NewBorder(nil, nil, nil, b.show, b.text)
	b.box.Hide()
	return b
}

// say shows text, with the button when offer is set.
func (b *changedBanner) say(text string, offer bool) {
	b.text.SetText(text)
	b.show.Hidden = !offer
	b.box.Show()
	b.box.Refresh()
	b.relayout()
}

func (b *changedBanner) hide() {
	if b.box.Visible() {
		b.box.Hide()
		b.relayout()
	}
}

// changedBy is how the banner names a change: "Changed on another computer
// by Jamal Reid at 10:42".
func changedBy(c data.Change) string {
	return fmt.Sprintf("Changed on another computer by %s at %s", c.By, c.At.Local().Format("15:04"))
}

// applyChanges brings the search results and the open patient up to date
// with what another computer saved to their records. The clinical record and the appointments
// are read again; the details are too, unless the user has typed changes
// of their own, which are kept: the banner then says what happened and
// offers the saved version, and saving theirs is refused as out of date
// rather than overwriting the other change.
func (s *patientsScreen) applyChanges(batch []data.Change) {
	id := s.form.loaded.ID
	var last *data.Change
	listed := false
	for i := range batch {
		if batch[i].PatientID == id && id != 0 {
			last = &batch[i]
		}
		listed = listed || slices.ContainsFunc(s.results, func(r data.PatientSummary) bool { return r.ID == batch[i].PatientID })
	}
	if listed {
		s.onSearch()
	}
	if last == nil {
		return
	}
	s.clinical.show(id)
	s.appointments.show(id, s.form.loaded.FullName())
	if s.form.dirty() {
		s.changed.say(changedBy(*last)+". Your typing is kept; saving it now would be refused, as the record has changed.", true)
		return
	}
	s.changed.say(changedBy(*last)+"; this is the saved record.", false)
	s.reloadDetails(id)
}

// reloadDetails reads the open patient's details again and shows them,
// without writing a second view to the audit trail.
func (s *patientsScreen) reloadDetails(id int64) {
	s.openSeq++
	seq := s.openSeq
	background(&s.worker, func() (data.Patient, error) {
		return s.store.Patient(context.Background(), id)
	}, func(p data.Patient, err error) {
		if seq != s.openSeq || s.form.loaded.ID != id {
			return
		}
		if err != nil {
			showError(err, s.win)
			return
		}
		s.form.fill(p)
		s.updateButtons()
	})
}

// onShowSaved replaces the user's typing with the saved record, after
// asking, when another computer changed it.
func (s *patientsScreen) onShowSaved() {
	id := s.form.loaded.ID
	d := dialog.NewConfirm("Show the saved version?", "Your changes to "+s.form.loaded.FullName()+
		" will be lost, and the details will show what was saved on the other computer.", func(ok bool) {
		if ok && s.form.loaded.ID == id {
			s.changed.say("This is the saved record.", false)
			s.reloadDetails(id)
		}
	}, s.win)
	d.SetConfirmText("Show the saved version")
	d.SetDismissText("Keep my changes")
	d.Show()
}
