//go:build linux

package graph

import (
	"bytes"
	"os"
	"strconv"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// dropMapped unmaps the pages of db's file from the process (they stay in
// the page cache, clean: bbolt writes with pwrite, not through the
// mapping). bbolt reads through a shared read-only mapping, and every page
// a load reads back would otherwise count as resident until the file is
// closed (with Cayley's writer, whose keys are hashes, that was about the
// whole file: 1.9 GB at 10^5 studies). The next read of a page maps it again
// from the cache (a minor fault). bbolt moves the mapping only while it
// commits a write transaction (when it allocates past the mapping's end),
// so the writing goroutine may call it between reads and writes.
func dropMapped(db *bolt.DB) {
	var size int64
	if db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil }) != nil || size == 0 {
		return
	}
	// The pages below the high-water mark are all inside the mapping
	// (bbolt maps more before it allocates past its end).
	syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, uintptr(size), syscall.MADV_DONTNEED)
}

// mappedBudget is how much file-backed memory a load lets the process
// hold before it unmaps the store file's pages.
var mappedBudget int64 = 640 << 20

// trimMapped unmaps the pages of db's file (dropMapped) once the process
// holds more than mappedBudget of file-backed memory. Unmapping costs the
// pages read again a minor fault each. A load only appends (the bulk
// writer and the read index write keys in order), so it reads little of
// the file back and rarely reaches the budget; this bounds what a long
// load maps whatever bbolt reads while it rebalances and spills.
func trimMapped(db *bolt.DB) {
	if fileResident() > mappedBudget {
		dropMapped(db)
	}
}

// fileResident is the process's resident file-backed memory in bytes
// (the shared pages of /proc/self/statm; this binary's code included), or
// 0 when it cannot be read.
func fileResident() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 3 {
		return 0
	}
	n, err := strconv.ParseInt(string(f[2]), 10, 64)
	if err != nil {
		return 0
	}
	return n * int64(os.Getpagesize())
}
