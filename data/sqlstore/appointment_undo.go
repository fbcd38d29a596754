package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"needlepoint/data"
)

// UndoStatus puts a checked-in or no-show appointment back to booked, for a
// patient checked in by mistake or marked as did not attend who then
// arrived; it leaves the recall list with it. version must be the version
// that was read. The undo is audited; any other status is refused.
func (s *Store) UndoStatus(ctx context.Context, id, version int64) error {
	who, err := s.allow(ctx, data.PermAppointments, 0)
	if err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		a, err := findAppointment(ctx, tx, id)
		if err != nil {
			return s.writeError(err)
		}
		if a.Version != version {
			return data.Errorf(data.ECONFLICT, "This appointment was changed on another computer. Reopen the diary and try again.")
		}
		if !data.CanUndo(a.Status) {
			return data.Errorf(data.EINVALID, "Only a check-in or a did not attend can be undone; this appointment is %s.", strings.ToLower(a.Status.Label()))
		}
		undone := "check-in undone"
		if a.Status == data.StatusNoShow {
			undone = "did not attend undone"
		}
		if err := s.changeAppointment(ctx, tx, who, a, a.Start, data.StatusBooked, "", undone); err != nil {
			return err
		}
		return nil
	})
}
