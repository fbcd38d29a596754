package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data"
	"needlepoint/data/photo"
)

// photoTarget is a session or consultation photos can be added to.
type photoTarget struct {
	label                   string
	sessionID, consultation int64
}

// photoExtensions are the files taken as photos from a folder.
var photoExtensions = []string{".jpg", ".jpeg", ".png"}

// photoAdd is the dialog that adds photo files to a session or a
// consultation at one angle: files chosen one by one, a whole folder (a
// camera's card), or files dropped onto the window.
type photoAdd struct {
	view  *photosView
	files []string

	target  *widget.Select
	angle   *widget.Select
	area    *widget.Entry
	chosen  *widget.Label
	add     *widget.Button
	dialog  dialog.Dialog
	content fyne.CanvasObject
}

func newPhotoAdd(v *photosView, files []string) *photoAdd {
	a := &photoAdd{view: v}
	labels := make([]string, len(v.record.targets))
	for i, t := range v.record.targets {
		labels[i] = t.label
	}
	a.target = widget.NewSelect(labels, nil)
	if len(labels) > 0 {
		a.target.SetSelectedIndex(len(labels) - 1) // the latest visit
	}
	angles := make([]string, len(data.PhotoAngles))
	for i, an := range data.PhotoAngles {
		angles[i] = an.Label()
	}
	a.area = widget.NewEntry()
	a.area.SetPlaceHolder("For example: left cheek scar")
	a.angle = widget.NewSelect(angles, func(s string) {
		if s == data.AngleArea.Label() {
			a.area.Enable()
		} else {
			a.area.Disable()
		}
	})
	a.angle.SetSelectedIndex(0)
	a.chosen = widget.NewLabel("")
	a.chosen.Wrapping = fyne.TextWrapWord
	a.add = widget.NewButton("Add to the record", a.onAdd)
	a.add.Importance = widget.HighImportance
	chooseFile := widget.NewButton("Choose a file…", a.onChooseFile)
	chooseFolder := widget.NewButton("Choose a folder…", a.onChooseFolder)
	form := widget.NewForm(
		widget.NewFormItem("Taken at", a.target),
		widget.NewFormItem("Angle", a.angle),
		widget.NewFormItem("Area", a.area),
	)
	hint := widget.NewLabel("Photos are turned upright, made no larger than 3,000 pixels and stripped of the camera's details (GPS position, serial number) before they are stored. You can also drop files onto the window.")
	hint.Wrapping = fyne.TextWrapWord
	a.content = container.NewVBox(form, container.NewHBox(chooseFile, chooseFolder), a.chosen, hint, a.add)
	a.setFiles(files)
	return a
}

// setFiles makes files the ones to add.
func (a *photoAdd) setFiles(files []string) {
	a.files = files
	switch len(files) {
	case 0:
		a.chosen.SetText("No files chosen yet.")
	case 1:
		a.chosen.SetText("1 file: " + filepath.Base(files[0]))
	default:
		names := make([]string, 0, 3)
		for _, f := range files[:min(3, len(files))] {
			names = append(names, filepath.Base(f))
		}
		more := ""
		if len(files) > 3 {
			more = fmt.Sprintf(" and %d more", len(files)-3)
		}
		a.chosen.SetText(fmt.Sprintf("%d files: %s%s", len(files), strings.Join(names, ", "), more))
	}
	enable(a.add, len(files) > 0 && a.target.SelectedIndex() >= 0)
}

func (a *photoAdd) onChooseFile() {
	dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		a.setFiles(append(slices.Clone(a.files), r.URI().Path()))
	}, a.view.win).Show()
}

func (a *photoAdd) onChooseFolder() {
	dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		files, err := photosInFolder(u.Path())
		if err != nil {
			showError(err, a.view.win)
			return
		}
		a.setFiles(append(slices.Clone(a.files), files...))
	}, a.view.win).Show()
}

// photosInFolder lists the JPEG and PNG files in a folder and the
// folders inside it (a camera card keeps them in DCIM/100CANON and the
// like), in order of name.
func photosInFolder(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && slices.Contains(photoExtensions, strings.ToLower(filepath.Ext(path))) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "The folder %s cannot be read: %v", dir, err)
	}
	if len(files) == 0 {
		return nil, data.Errorf(data.EINVALID, "The folder %s holds no JPEG or PNG photos.", dir)
	}
	return files, nil
}

// onAdd prepares the files and adds them to the record, off the UI
// goroutine: a card's worth of large photos takes a few seconds.
func (a *photoAdd) onAdd() {
	i := a.target.SelectedIndex()
	if i < 0 || len(a.files) == 0 {
		return
	}
	t := a.view.record.targets[i]
	angle := data.PhotoAngles[max(a.angle.SelectedIndex(), 0)]
	area := ""
	if angle == data.AngleArea {
		area = a.area.Text
	}
	files := a.files
	a.add.Disable()
	a.chosen.SetText(fmt.Sprintf("Preparing %s…", plural(len(files), "photo")))
	background(a.view.worker, func() (int, error) {
		ready, err := photo.ProcessFiles(files)
		if err != nil {
			return 0, err
		}
		list := make([]data.Photo, len(ready))
		for k, f := range ready {
			list[k] = data.Photo{SessionID: t.sessionID, ConsultationID: t.consultation, Angle: angle, Area: area,
				TakenAt: f.TakenAt, Width: f.Width, Height: f.Height, Image: f.JPEG, Thumbnail: f.Thumbnail}
		}
		return len(list), a.view.store.ImportPhotos(context.Background(), list)
	}, func(n int, err error) {
		if err != nil {
			a.setFiles(files)
			showError(err, a.view.win)
			return
		}
		a.dialog.Hide()
		a.view.reload()
	})
}

// onAddPhotos opens the dialog that adds photos, with files already
// chosen (dropped onto the window) or none.
func (v *photosView) onAddPhotos(files []string) {
	if v.patientID == 0 || !v.loaded {
		return
	}
	if len(v.record.targets) == 0 {
		showError(data.Errorf(data.EINVALID, "This patient has no consultation or session yet; photos are added to one of them."), v.win)
		return
	}
	a := newPhotoAdd(v, files)
	d := dialog.NewCustom("Add photos", "Cancel", a.content, v.win)
	d.SetOnClosed(func() {
		if v.adding == a {
			v.adding = nil
		}
	})
	d.Resize(fyne.NewSize(560, 0))
	a.dialog = d
	v.adding = a
	d.Show()
}

// onDropped takes files dropped onto the window as photos to add, when
// the Photos tab of a patient is open.
func (v *photosView) onDropped(uris []fyne.URI) {
	var files []string
	for _, u := range uris {
		if slices.Contains(photoExtensions, strings.ToLower(filepath.Ext(u.Path()))) {
			files = append(files, u.Path())
		}
	}
	if len(files) == 0 {
		return
	}
	if v.adding != nil {
		v.adding.setFiles(append(slices.Clone(v.adding.files), files...))
		return
	}
	v.onAddPhotos(files)
}
