package sqlstore

import (
	"strings"

	"needlepoint/data"
)

// validateAddendum checks the reason and text of an addendum.
func validateAddendum(reason, text string) error {
	var v data.Validator
	if strings.TrimSpace(reason) == "" {
		v.Add(data.FieldAddendumReason, "Say why the note needs an addendum.")
	} else {
		v.Text(data.FieldAddendumReason, "The reason", reason, data.MaxReasonLength, true)
	}
	if strings.TrimSpace(text) == "" {
		v.Add(data.FieldAddendumText, "Write the addendum.")
	} else {
		v.Text(data.FieldAddendumText, "The addendum", text, data.MaxNotesLength, true)
	}
	return v.Err()
}
