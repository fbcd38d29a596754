package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"needlepoint/data"
)

// TestServerBackupAndRestore backs a server database up as a Needlepoint
// file, verified like any backup, and restores that file into an empty
// server database, where every seal and the audit chain verify.
func TestServerBackupAndRestore(t *testing.T) {
	if testEngine != "postgres" {
		t.Skip("about server databases")
	}
	ctx := context.Background()
	r := mustSealedClinic(t)
	src := mustOpenPath(t, r.path)
	dir := t.TempDir()
	b, err := src.Backup(ctx, dir, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Verified {
		t.Errorf("backup %+v not verified", b)
	}
	file := openAnyPath(t, b.Path)
	if findings, err := file.VerifyDatabase(ctx); err != nil || len(findings) != 0 {
		t.Errorf("Check of the backup file = %q, %v", findings, err)
	}
	file.Close()

	empty := mustOpen(t)
	if _, err := empty.Restore(ctx, b.Path); err != nil {
		t.Fatal(err)
	}
	found, err := empty.Search(ctx, "lukasz", data.DayFirst)
	if err != nil || len(found) != 1 {
		t.Errorf("Search after the restore = %v, %v", found, err)
	}
	if findings, err := empty.VerifyDatabase(ctx); err != nil || len(findings) != 0 {
		t.Errorf("Check after the restore = %q, %v", findings, err)
	}
	if _, err := empty.Restore(ctx, b.Path); data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), "already holds records") {
		t.Errorf("a restore into a database with records = %v, want refused", err)
	}
}
