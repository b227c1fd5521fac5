// Command rustykg explores research on Rust in operating-system kernels: a
// knowledge graph of kernels, studies, approaches, challenges and lessons,
// built from the "Rusty Linux" systematic review and beyond it.
//
// Run "rustykg help" for the commands.
package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"
)

func main() {
	os.Exit(runMain())
}

// signalGrace is how long rustykg waits, after SIGINT or SIGTERM cancelled
// its context, for the command to stop by itself before it exits anyway.
const signalGrace = 2 * time.Second

// runMain runs rustykg on the process's arguments and streams. SIGINT and
// SIGTERM cancel the command's context: a running child (the query worker,
// the renderer) is killed with its process group, and the command ends
// with exit code 130. A command that does not stop within signalGrace is
// ended anyway, and a second signal ends rustykg at once.
func runMain() int {
	deferFirstGC()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
			return
		case <-sigs:
		}
		signal.Stop(sigs) // the next signal has its default effect
		cancel()
		select {
		case <-done:
		case <-time.After(signalGrace):
			fmt.Fprintln(os.Stderr, "rustykg: interrupted")
			os.Exit(exitInterrupted)
		}
	}()
	code := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	close(done)
	signal.Stop(sigs)
	return code
}

// firstGCAt is the heap size below which rustykg does not collect garbage.
const firstGCAt = 64 << 20

// deferFirstGC turns the garbage collector off until the heap reaches
// firstGCAt, then back to the usual pacing (GOGC=100, no limit), unless
// the user set GOGC or GOMEMLIMIT. Most commands on the built-in data set
// end before that and run no collection at all; the ones that load a large
// data set pay one collection more than before. (The packages the raw
// query engine links keep about 1 MiB of heap from their init; with the
// runtime's 4 MiB minimum heap goal that cost every command one or two
// collections more, 9-15 ms, while loading the data set.)
func deferFirstGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(firstGCAt)
	// A finalizer runs after the first collection, whatever caused it
	// (the object is larger than the tiny allocator's 16 bytes, so it is
	// not kept alive by a neighbour). A command that set its own limit
	// since (the query worker's memory cap) keeps it.
	sentinel := new([64]byte)
	runtime.SetFinalizer(sentinel, func(*[64]byte) {
		if debug.SetMemoryLimit(-1) == firstGCAt {
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
		}
	})
}
