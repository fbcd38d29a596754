package sqlstore_test

import (
	"context"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

func TestPrintLog(t *testing.T) {
	ctx := context.Background()
	c := mustClinic(t)
	mustReady(t, c)
	ts := mustSeries(t, c, data.TreatmentSeries{PlannedSessions: 3, StartedOn: datatest.Date(2026, 11, 1)})
	x := validSession(c, ts.ID)
	if err := c.s.LogSession(ctx, &x); err != nil {
		t.Fatal(err)
	}

	p, err := c.s.RecordPrint(ctx, x.ID, "Aftercare sheet")
	if err != nil {
		t.Fatal(err)
	}
	if who, _ := c.s.Actor(); p.PrintedBy != who.Name {
		t.Errorf("PrintedBy = %q, want the signed-in user %q", p.PrintedBy, who.Name)
	}
	list, err := c.s.SessionPrints(ctx, x.ID)
	if err != nil || len(list) != 1 || list[0] != p || !p.PrintedAt.Equal(datatest.Now) {
		t.Fatalf("SessionPrints = %+v, %v; want [%+v]", list, err, p)
	}

	t.Run("ErrUnknownSession", func(t *testing.T) {
		_, err := c.s.RecordPrint(ctx, 9999, "Aftercare sheet")
		if code := data.ErrorCode(err); code != data.ENOTFOUND {
			t.Errorf("ErrorCode = %q, want %q", code, data.ENOTFOUND)
		}
	})
	t.Run("ErrDocumentRequired", func(t *testing.T) {
		_, err := c.s.RecordPrint(ctx, x.ID, " ")
		if code := data.ErrorCode(err); code != data.EINVALID {
			t.Errorf("ErrorCode = %q, want %q", code, data.EINVALID)
		}
	})
	t.Run("ErrChangeThroughSQL", func(t *testing.T) {
		db := rawDB(t, c.s.Path())
		if _, err := db.Exec("UPDATE session_prints SET printed_by = 'someone else'"); err == nil {
			t.Error("a raw UPDATE changed the print log")
		}
		if _, err := db.Exec("DELETE FROM session_prints"); err == nil {
			t.Error("a raw DELETE emptied the print log")
		}
	})
}
