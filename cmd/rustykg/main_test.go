package main

import (
	"math"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestNoGCOnBuiltInSet: a command on the built-in data set runs no garbage
// collection (deferFirstGC); before, linking the raw query engine cost
// shared and tables one or two collections, about 10 ms.
func TestNoGCOnBuiltInSet(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "shared", "redox", "theseus")
	cmd.Env = append(os.Environ(), "RUSTYKG_TEST_MAIN=1", "GODEBUG=gctrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if n := strings.Count(string(out), "\ngc "); n != 0 || strings.HasPrefix(string(out), "gc ") {
		t.Errorf("%d garbage collections for shared on the built-in set, want none", n)
	}
}

// TestDeferFirstGCRestores: once the heap passes firstGCAt, the usual
// pacing is back (a large data set is collected as before).
func TestDeferFirstGCRestores(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	deferFirstGC()
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("GC percent %d right after deferFirstGC, want -1 (off)", p)
	}
	var keep [][]byte
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) == firstGCAt && time.Now().Before(deadline) {
		keep = append(keep, make([]byte, 1<<20))
		if len(keep) > 2*firstGCAt>>20 {
			keep = keep[:0]
			runtime.Gosched()
		}
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit %d after the first collection, want none", l)
	}
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("GC percent %d after the first collection, want 100", p)
	}
}
