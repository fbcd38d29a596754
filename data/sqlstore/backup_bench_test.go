package sqlstore_test

import (
	"context"
	"os"
	"testing"
	"time"
)

// BenchmarkBackup measures one verified backup of the large clinic: the
// copy, the sync to disk, the full integrity check of the copy and the row
// counts of both.
func BenchmarkBackup(b *testing.B) {
	s := mustOpenPath(b, benchDatabase(b))
	dir := b.TempDir()
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		f, err := s.Backup(context.Background(), dir, 1)
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		os.Remove(f.Path)
	}
	reportLatency(b, times)
}

// BenchmarkQuickCheck measures the check the app runs in the background
// after its window opens.
func BenchmarkQuickCheck(b *testing.B) {
	s := mustOpenPath(b, benchDatabase(b))
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		if err := s.QuickCheck(context.Background()); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	reportLatency(b, times)
}
