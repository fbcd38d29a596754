package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"needlepoint/data/datatest"
)

// BenchmarkVerifyDatabase measures `needlepoint check` of the large clinic with
// three backups and their witness lines to compare the audit trail with:
// SQLite's full integrity check, the foreign key check, the schema, every
// seal, the chain and the anchors.
func BenchmarkVerifyDatabase(b *testing.B) {
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	ctx := context.Background()
	s := mustOpenPath(b, benchDatabase(b))
	dir := b.TempDir()
	for i := range 3 {
		s.Now = func() time.Time { return datatest.Now.Add(time.Duration(i) * time.Hour) }
		if _, err := s.Backup(ctx, dir, 3); err != nil {
			b.Fatal(err)
		}
	}
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		findings, err := s.VerifyDatabase(ctx, dir)
		times = append(times, time.Since(start))
		if err != nil || len(findings) != 0 {
			b.Fatalf("Check = %q, %v", findings, err)
		}
	}
	reportLatency(b, times)
}
