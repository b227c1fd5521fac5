package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestImportMemoryLimit: import sets its soft memory limit and puts the
// previous one back; GOMEMLIMIT, when set, wins.
func TestImportMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	restore := importMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got != importSoftLimit {
		t.Errorf("limit during import = %d, want %d", got, importSoftLimit)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after import = %d, want %d", got, before)
	}
	t.Setenv("GOMEMLIMIT", "3GiB")
	restore = importMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("with GOMEMLIMIT set, limit = %d, want it untouched (%d)", got, before)
	}
	restore()
	if before != math.MaxInt64 {
		t.Logf("the test process had a limit already: %d", before)
	}
}
