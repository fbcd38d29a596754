package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"needlepoint/data/sqlstore"
)

// SchemaStore is what the repair of the database's protections needs.
type SchemaStore interface {
	SchemaProblems() []sqlstore.SchemaProblem
	RepairSchema(ctx context.Context) ([]sqlstore.SchemaProblem, error)
}

// schemaNotice tells an administrator who signs in that the database's
// protections (its lock triggers and indexes) were changed outside
// Needlepoint, and offers to repair them.
type schemaNotice struct {
	win    fyne.Window
	store  SchemaStore
	dialog *dialog.CustomDialog
	repair *widget.Button
	worker worker
}

// showSchemaNotice shows the notice when the store found problems, and
// returns it (nil when there are none).
func showSchemaNotice(win fyne.Window, store SchemaStore) *schemaNotice {
	problems := store.SchemaProblems()
	if len(problems) == 0 {
		return nil
	}
	n := &schemaNotice{win: win, store: store}
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = "• " + p.String()
	}
	intro := widget.NewLabel("Needlepoint found its protections of the records changed by another program " +
		"(a raw SQL client, say). Until they are repaired, changes to the records they protect are refused.")
	intro.Wrapping = fyne.TextWrapWord
	list := widget.NewLabel(strings.Join(lines, "\n"))
	list.Wrapping = fyne.TextWrapWord
	after := widget.NewLabel("Repairing puts them back as Needlepoint made them and records that you did. " +
		"Then run a full check (needlepoint check) to find any record changed while they were off.")
	after.Wrapping = fyne.TextWrapWord
	n.repair = widget.NewButton("Repair now", n.onRepair)
	n.repair.Importance = widget.HighImportance
	later := widget.NewButton("Later", func() { n.dialog.Hide() })
	// The list takes the room between the two paragraphs and scrolls.
	body := container.NewBorder(intro, after, nil, nil, container.NewVScroll(list))
	n.dialog = dialog.NewCustomWithoutButtons("The database's protections were changed", body, win)
	n.dialog.SetButtons([]fyne.CanvasObject{later, n.repair})
	n.dialog.Resize(fyne.NewSize(640, 360))
	n.dialog.Show()
	return n
}

func (n *schemaNotice) onRepair() {
	n.repair.Disable()
	background(&n.worker, func() ([]sqlstore.SchemaProblem, error) {
		return n.store.RepairSchema(context.Background())
	}, func(repaired []sqlstore.SchemaProblem, err error) {
		n.repair.Enable()
		if err != nil {
			showError(err, n.win)
			return
		}
		n.dialog.Hide()
		names := make([]string, len(repaired))
		for i, p := range repaired {
			names[i] = fmt.Sprintf("the %s %s", p.Type, p.Name)
		}
		dialog.ShowInformation("Protections repaired",
			"Put right: "+strings.Join(names, ", ")+".\nThe repair is in the audit trail. Run a full check next (needlepoint check).", n.win)
	})
}
