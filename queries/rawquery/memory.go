package rawquery

import (
	"runtime"
	"runtime/debug"
)

// softLimit sets the Go runtime's soft memory limit to soft, with no
// garbage collection until the heap reaches a sixteenth of it (64 MiB
// under the default 1 GiB cap: most queries on the built-in data set end
// before), then the usual pacing (GOGC=100) under soft. The first
// collection comes early enough that the pacing is back long before the
// hard cap: with no collection up to near the cap, the runtime's own
// bookkeeping is what failed there (a SIGSEGV inside the collector,
// measured), not an allocation that reports "out of memory".
func softLimit(soft int64) {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(soft / 16)
	// The finalizer runs after the first collection, whatever caused it
	// (the object is larger than the tiny allocator's 16 bytes, so no
	// neighbour keeps it alive).
	sentinel := new([64]byte)
	runtime.SetFinalizer(sentinel, func(*[64]byte) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(soft)
	})
}
