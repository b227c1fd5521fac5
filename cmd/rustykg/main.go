// Command rustykg explores research on Rust in operating-system kernels: a
// knowledge graph of kernels, studies, approaches, challenges and lessons,
// built from the "Rusty Linux" systematic review and beyond it.
//
// Run "rustykg help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
