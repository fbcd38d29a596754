package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
)

// PhotoStore is what the Photos tab needs: the patient's photos and their
// consent to them, their visits to add photos to, adding and hiding, and
// what the progress sheet prints.
type PhotoStore interface {
	ViewPhotos(ctx context.Context, patientID int64) ([]data.Photo, error)
	PhotoImage(ctx context.Context, photoID int64) ([]byte, error)
	PhotoConsent(ctx context.Context, patientID int64) (data.PhotoConsent, error)
	RecordPhotoConsent(ctx context.Context, patientID int64, scope data.PhotoConsentScope) (data.PhotoConsent, error)
	HidePhoto(ctx context.Context, photoID int64, reason string) error
	ImportPhotos(ctx context.Context, list []data.Photo) error
	Consultations(ctx context.Context, patientID int64) ([]data.Consultation, error)
	PatientSeries(ctx context.Context, patientID int64) ([]data.TreatmentSeries, error)
	SeriesSessions(ctx context.Context, seriesID int64) ([]data.Session, error)
	ClinicDetails(ctx context.Context) (data.ClinicDetails, error)
	RecordPrinted(ctx context.Context, patientID int64, document string) error
	Actor() (data.Actor, bool)
}

// photoVisit is a session or consultation and the photos taken at it.
type photoVisit struct {
	title  string // "Series 1, session 2 · 27/11/2026"
	short  string // "Session 2 · 27/11/2026", for the comparison's choices
	photos []data.Photo
}

// photoRecord is what the Photos tab shows of one patient.
type photoRecord struct {
	consent data.PhotoConsent
	visits  []photoVisit
	thumbs  map[int64]image.Image
	// targets are the patient's consultations and sessions, oldest first.
	targets []photoTarget
}

// photosView is the Photos tab of a patient: their photo consent and their
// photos by visit, series and session, each visit's thumbnails by angle.
// It reads the photos, which the audit trail records, only when the tab is
// opened, not whenever a patient is.
type photosView struct {
	win    fyne.Window
	store  PhotoStore
	order  data.DateOrder
	worker *worker

	patientID   int64
	patientName string
	record      photoRecord
	// loaded is set once the open patient's photos are read.
	loaded bool
	// adding is the open dialog that adds photos, if any.
	adding *photoAdd

	consentLabel  *widget.Label
	consentButton *reasonButton
	addButton     *reasonButton
	compareButton *reasonButton
	printButton   *reasonButton
	// hint says why the button under the pointer is disabled.
	hint       *hintLine
	showHidden *widget.Check
	status     *widget.Label
	body       *fyne.Container
	scroll     *container.Scroll
	content    fyne.CanvasObject
}

func newPhotosView(win fyne.Window, store PhotoStore, order data.DateOrder, w *worker) *photosView {
	v := &photosView{win: win, store: store, order: order, worker: w}
	v.consentLabel = widget.NewLabel("")
	v.consentLabel.Wrapping = fyne.TextWrapWord
	v.hint = newHintLine()
	v.consentButton = newReasonButton("Photo consent…", nil, v.onConsent, v.hint)
	v.addButton = newReasonButton("Add photos…", theme.ContentAddIcon(), func() { v.onAddPhotos(nil) }, v.hint)
	v.compareButton = newReasonButton("Compare…", theme.ViewRestoreIcon(), v.onCompare, v.hint)
	v.compareButton.Importance = widget.HighImportance
	v.printButton = newReasonButton("Progress sheet", theme.DocumentPrintIcon(), v.onProgress, v.hint)
	v.showHidden = widget.NewCheck("Show hidden photos", func(bool) { v.render() })
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.body = container.NewVBox()
	buttons := container.NewHBox(v.compareButton, v.printButton, v.addButton, v.consentButton, v.showHidden)
	top := container.NewVBox(buttons, v.hint.label, v.consentLabel)
	v.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(v.status, v.body)))
	v.content = container.NewBorder(top, nil, nil, nil, v.scroll)
	v.clear("Open a patient to see their photos.")
	return v
}

// clear empties the tab and says why.
func (v *photosView) clear(why string) {
	v.patientID, v.loaded, v.record = 0, false, photoRecord{}
	v.consentLabel.SetText("")
	v.status.SetText(why)
	v.body.RemoveAll()
	v.updateButtons()
}

// setPatient makes the tab the patient's; their photos are read when the
// tab is shown.
func (v *photosView) setPatient(patientID int64, name string) {
	v.clear("Loading photos…")
	v.patientID, v.patientName = patientID, name
}

// show reads and shows the open patient's photos, once per patient.
func (v *photosView) show() {
	if v.patientID == 0 || v.loaded {
		return
	}
	v.loaded = true
	patientID := v.patientID
	background(v.worker, func() (photoRecord, error) {
		return v.load(context.Background(), patientID)
	}, func(r photoRecord, err error) {
		if v.patientID != patientID {
			return
		}
		if err != nil {
			v.status.SetText("The photos could not be read: " + data.ErrorMessage(err))
			fyne.LogError("loading photos", err)
			return
		}
		v.record = r
		v.render()
	})
}

// reload reads the open patient's photos again, after a change.
func (v *photosView) reload() {
	v.loaded = false
	v.show()
}

// load reads what the tab shows and decodes the thumbnails; it runs off
// the UI goroutine.
func (v *photosView) load(ctx context.Context, patientID int64) (photoRecord, error) {
	r := photoRecord{thumbs: map[int64]image.Image{}}
	var err error
	if r.consent, err = v.store.PhotoConsent(ctx, patientID); err != nil {
		return r, err
	}
	photos, err := v.store.ViewPhotos(ctx, patientID)
	if err != nil {
		return r, err
	}
	names := map[int64]int{}  // session → its number in the series
	series := map[int64]int{} // series → its number for the patient
	list, err := v.store.PatientSeries(ctx, patientID)
	if err != nil {
		return r, err
	}
	consultations, err := v.store.Consultations(ctx, patientID)
	if err != nil {
		return r, err
	}
	type dated struct {
		photoTarget
		at time.Time
	}
	var targets []dated
	for _, k := range consultations {
		targets = append(targets, dated{photoTarget{label: "Consultation · " + v.order.Format(k.ConsultedOn), consultation: k.ID}, k.ConsultedOn})
	}
	for i, ts := range list {
		series[ts.ID] = len(list) - i
		sessions, err := v.store.SeriesSessions(ctx, ts.ID)
		if err != nil {
			return r, err
		}
		for k, x := range sessions {
			names[x.ID] = k + 1
			label := fmt.Sprintf("Series %d, session %d · %s", series[ts.ID], k+1, v.order.Format(x.PerformedAt))
			targets = append(targets, dated{photoTarget{label: label, sessionID: x.ID}, x.PerformedAt})
		}
	}
	slices.SortStableFunc(targets, func(a, b dated) int { return a.at.Compare(b.at) })
	for _, t := range targets {
		r.targets = append(r.targets, t.photoTarget)
	}
	for _, p := range photos {
		if img, err := jpeg.Decode(bytes.NewReader(p.Thumbnail)); err == nil {
			r.thumbs[p.ID] = img
		}
	}
	r.visits = groupVisits(photos, func(p data.Photo) (string, string) {
		day := v.order.Format(p.VisitDate)
		if p.ConsultationID != 0 {
			return "Consultation (baseline) · " + day, "Consultation · " + day
		}
		return fmt.Sprintf("Series %d, session %d · %s", series[p.SeriesID], names[p.SessionID], day),
			fmt.Sprintf("Session %d · %s", names[p.SessionID], day)
	})
	return r, nil
}

// groupVisits gathers photos, in the order data.SortPhotos puts them, by
// the session or consultation they were taken at.
func groupVisits(photos []data.Photo, titles func(data.Photo) (title, short string)) []photoVisit {
	var visits []photoVisit
	var last [2]int64
	for _, p := range photos {
		key := [2]int64{p.SessionID, p.ConsultationID}
		if len(visits) == 0 || key != last {
			title, short := titles(p)
			visits = append(visits, photoVisit{title: title, short: short})
			last = key
		}
		visits[len(visits)-1].photos = append(visits[len(visits)-1].photos, p)
	}
	return visits
}

// updateButtons enables what can be done with the open patient's photos,
// and gives the other buttons their reasons.
func (v *photosView) updateButtons() {
	why := ""
	if v.patientID == 0 {
		why = "open a saved patient first."
	}
	v.consentButton.setEnabled(why)
	if why == "" && !v.loaded {
		why = "the photos are still loading."
	}
	v.addButton.setEnabled(why)
	// Adding and hiding photos is clinical work: the buttons are left
	// out for those who may not; the store refuses it anyway.
	if can(v.store, data.PermSessions) {
		v.addButton.Show()
	} else {
		v.addButton.Hide()
	}
	if why == "" && len(comparableAngles(v.record.visits, v.showHidden.Checked)) == 0 {
		why = "the same angle must be photographed at two visits or more."
	}
	v.compareButton.setEnabled(why)
	if why == "" && len(progressPairs(v.record.visits)) == 0 {
		why = "the same angle must be photographed at two visits or more, not counting hidden photos."
	}
	v.printButton.setEnabled(why)
}

// render shows the consent and the thumbnails of every visit.
func (v *photosView) render() {
	c := v.record.consent
	switch {
	case v.patientID == 0:
		return
	case c.RecordedBy == "":
		v.consentLabel.SetText("Photo consent: none recorded. Photos can be added once the patient consents.")
	default:
		v.consentLabel.SetText(fmt.Sprintf("Photo consent: %s · recorded by %s on %s",
			c.Scope.Label(), c.RecordedBy, v.order.Format(c.RecordedAt.Local())))
	}
	v.body.RemoveAll()
	shown, hidden := 0, 0
	for _, visit := range v.record.visits {
		var cards []fyne.CanvasObject
		for _, p := range visit.photos {
			if p.Hidden() {
				hidden++
				if !v.showHidden.Checked {
					continue
				}
			}
			cards = append(cards, v.card(p))
		}
		if len(cards) == 0 {
			continue
		}
		shown += len(cards)
		v.body.Add(widget.NewLabelWithStyle(visit.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		v.body.Add(container.NewGridWrap(fyne.NewSize(170, 200), cards...))
	}
	switch {
	case shown == 0 && hidden == 0:
		v.status.SetText("No photos yet. Add them with Add photos…, or drop the files onto this window.")
	case hidden == 0:
		v.status.SetText(plural(shown, "photo") + ". Click one to see it large.")
	case v.showHidden.Checked:
		v.status.SetText(fmt.Sprintf("%s, %d of them hidden (dimmed). Click one to see it large.", plural(shown, "photo"), hidden))
	default:
		v.status.SetText(fmt.Sprintf("%s, and %d hidden. Click one to see it large.", plural(shown, "photo"), hidden))
	}
	v.updateButtons()
}

// card is a photo's thumbnail with its angle, and why it was hidden.
func (v *photosView) card(p data.Photo) fyne.CanvasObject {
	text := p.AngleLabel()
	if !p.TakenAt.IsZero() {
		text += " · " + p.TakenAt.Local().Format("15:04")
	}
	if p.Hidden() {
		text = "Hidden: " + p.HiddenReason
	}
	return newPhotoCard(v.record.thumbs[p.ID], text, p.Hidden(), func() { v.openPhoto(p) })
}

// openPhoto shows a photo large, with the way to hide it.
func (v *photosView) openPhoto(p data.Photo) {
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(640, 480))
	info := widget.NewLabel(photoInfo(p, v.order))
	info.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	hide := widget.NewButtonWithIcon("Hide from the record…", theme.VisibilityOffIcon(), func() {
		d.Hide()
		v.onHide(p)
	})
	enable(hide, !p.Hidden())
	if !can(v.store, data.PermSessions) {
		hide.Hide()
	}
	d = dialog.NewCustom(p.AngleLabel(), "Close", container.NewBorder(nil, container.NewVBox(info, hide), nil, nil, img), v.win)
	d.Show()
	background(v.worker, func() (image.Image, error) {
		b, err := v.store.PhotoImage(context.Background(), p.ID)
		if err != nil {
			return nil, err
		}
		return jpeg.Decode(bytes.NewReader(b))
	}, func(full image.Image, err error) {
		if err != nil {
			showError(err, v.win)
			return
		}
		img.Image = full
		img.Refresh()
	})
}

// photoInfo says what is known of a photo, in a line or two.
func photoInfo(p data.Photo, order data.DateOrder) string {
	s := fmt.Sprintf("%s · %d × %d pixels · imported by %s on %s", p.AngleLabel(), p.Width, p.Height,
		p.ImportedBy, order.Format(p.ImportedAt.Local()))
	if !p.TakenAt.IsZero() {
		s += " · taken " + order.Format(p.TakenAt.Local()) + " " + p.TakenAt.Local().Format("15:04")
	}
	if p.Hidden() {
		s += fmt.Sprintf("\nHidden by %s on %s: %s", p.HiddenBy, order.Format(p.HiddenAt.Local()), p.HiddenReason)
	}
	return s
}

// onHide asks why the photo is to be hidden, then hides it. It stays on
// file and in the access history.
func (v *photosView) onHide(p data.Photo) {
	reason := widget.NewEntry()
	reason.SetPlaceHolder("For example: another patient's photo")
	item := widget.NewFormItem("Reason", reason)
	item.HintText = "The photo stays on file and in backups; who hid it, when and why are kept with it."
	items := []*widget.FormItem{item}
	d := dialog.NewForm("Hide this photo?", "Hide", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		background(v.worker, func() (struct{}, error) {
			return struct{}{}, v.store.HidePhoto(context.Background(), p.ID, reason.Text)
		}, func(_ struct{}, err error) {
			if err != nil {
				showError(err, v.win)
				return
			}
			v.reload()
		})
	}, v.win)
	reason.Validator = func(s string) error {
		if len([]rune(s)) == 0 {
			return fmt.Errorf("say why the photo is hidden")
		}
		return nil
	}
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
}

// onConsent records the patient's photo consent.
func (v *photosView) onConsent() {
	labels := make([]string, len(data.PhotoConsentScopes))
	for i, s := range data.PhotoConsentScopes {
		labels[i] = s.Label()
	}
	choice := widget.NewRadioGroup(labels, nil)
	choice.SetSelected(v.record.consent.Scope.Label())
	patientID := v.patientID
	items := []*widget.FormItem{widget.NewFormItem("The patient consents to", choice)}
	dialog.ShowForm("Photo consent", "Record", "Cancel", items, func(ok bool) {
		if !ok || choice.Selected == "" {
			return
		}
		scope := data.PhotoConsentScopes[max(slices.Index(labels, choice.Selected), 0)]
		background(v.worker, func() (data.PhotoConsent, error) {
			return v.store.RecordPhotoConsent(context.Background(), patientID, scope)
		}, func(_ data.PhotoConsent, err error) {
			if err != nil {
				showError(err, v.win)
				return
			}
			if v.patientID == patientID {
				v.reload()
			}
		})
	}, v.win)
}

// photoCard is a thumbnail that opens its photo when clicked.
type photoCard struct {
	widget.BaseWidget
	image *canvas.Image
	label *widget.Label
	onTap func()
}

func newPhotoCard(thumb image.Image, text string, hidden bool, onTap func()) *photoCard {
	c := &photoCard{image: canvas.NewImageFromImage(thumb), label: widget.NewLabel(text), onTap: onTap}
	c.image.FillMode = canvas.ImageFillContain
	c.image.SetMinSize(fyne.NewSize(160, 160))
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.label.Alignment = fyne.TextAlignCenter
	if hidden {
		c.image.Translucency = 0.6
		c.label.Importance = widget.LowImportance
	}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer implements fyne.Widget.
func (c *photoCard) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, c.label, nil, nil, c.image))
}

// Tapped implements fyne.Tappable.
func (c *photoCard) Tapped(*fyne.PointEvent) { c.onTap() }
