package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"needlepoint/data"
)

// openRecord is a form open on one record (an appointment being moved, a
// draft session or consultation being finished) that another computer may
// change meanwhile.
type openRecord struct {
	kind   string       // the record's kind as a Change names it: "session"
	id     func() int64 // its number, 0 while it is not saved yet
	banner *changedBanner
}

// openRecords are the forms open in this program, on the UI goroutine:
// applyChanges tells each when another computer changes its record.
var openRecords = map[*openRecord]struct{}{}

// watchRecord puts a notice above content that appears when another
// computer changes the record of kind with number id() while the form is
// open; the user keeps what they typed, and saving is then refused as out
// of date rather than overwriting the other change. It returns what to
// show and the function to call when the form closes.
func watchRecord(kind string, id func() int64, content fyne.CanvasObject) (fyne.CanvasObject, func()) {
	r := &openRecord{kind: kind, id: id, banner: newChangedBanner(nil)}
	body := container.NewBorder(r.banner.box, nil, nil, nil, content)
	r.banner.relayout = body.Refresh
	openRecords[r] = struct{}{}
	return body, func() { delete(openRecords, r) }
}

// tellOpenRecords shows each open form the changes to its record.
func tellOpenRecords(batch []data.Change) {
	for r := range openRecords {
		id := r.id()
		for _, c := range batch {
			if id != 0 && c.Record == r.kind && c.RecordID == id {
				r.banner.say(changedBy(c)+". What you typed is kept, but saving it would be refused: close this and open it again to see the change.", false)
			}
		}
	}
}
