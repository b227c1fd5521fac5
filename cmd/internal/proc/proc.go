// Package proc runs rustykg's child programs (the raw-query worker and the
// renderer) so that none of them can outlive, hang or flood its parent.
//
// A child started by Run:
//
//   - dies with the parent: on Linux it gets SIGKILL when the parent dies
//     (Pdeathsig), even when the parent is killed with SIGKILL;
//   - runs in a process group of its own, and the whole group is killed
//     when ctx ends (a deadline, or SIGINT/SIGTERM cancelling the parent's
//     context), so no grandchild survives either;
//   - has its standard output and error captured with a byte cap each: a
//     child that writes past MaxStdout is killed and Run returns
//     ErrOutputLimit, so a flood never reaches memory or the terminal.
//
// Example:
//
//	res, err := proc.Run(ctx, proc.Spec{
//		Path:      exe,
//		Args:      []string{"__query-worker"},
//		Stdin:     bytes.NewReader(req),
//		MaxStdout: 4 << 20,
//	})
//	if errors.Is(err, proc.ErrOutputLimit) { ... }
package proc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// Sentinel errors of Run.
var (
	// ErrOutputLimit: the child wrote more than MaxStdout (or MaxStderr)
	// bytes and was killed.
	ErrOutputLimit = errors.New("child output over its limit")
	// ErrKilled: ctx ended before the child did, and the child was killed.
	// The error also wraps ctx's error (context.DeadlineExceeded or
	// context.Canceled).
	ErrKilled = errors.New("child stopped")
)

// DefaultMaxStderr caps a child's standard error when Spec.MaxStderr is 0.
const DefaultMaxStderr = 64 << 10

// waitDelay is how long Run waits for the child's output pipes to close
// after the child was killed.
const waitDelay = 2 * time.Second

// Spec says what to run.
type Spec struct {
	Path  string   // the program
	Args  []string // its arguments, without the program name
	Env   []string // extra KEY=VALUE entries on top of the parent's environment
	Stdin io.Reader
	// MaxStdout caps the bytes kept from standard output; 0 means no cap.
	MaxStdout int64
	// MaxStderr caps standard error; 0 means DefaultMaxStderr. Past the
	// cap, standard error is truncated, and the child is not killed.
	MaxStderr int64
	// Tee, when set, also gets standard output as the child writes it
	// (the bytes Result.Stdout keeps, nothing past MaxStdout), so a caller
	// can read a long-running child's output, such as the address a
	// server prints, before Run returns. Its errors are ignored; it should
	// not block, since the child waits while it does.
	Tee io.Writer
}

// Result is what a child wrote. Stderr is kept even when Run fails, so the
// caller can report the child's own message.
type Result struct {
	Stdout, Stderr []byte
	ExitCode       int // -1 when the child was killed by a signal or not started
}

// Run runs the child described by spec and waits for it.
//
// Errors: ErrOutputLimit (wrapped) when standard output passed its cap;
// ErrKilled wrapping ctx.Err() when ctx ended first; an *exec.ExitError
// (wrapped) when the child exited with a non-zero code; any other error
// when it could not start. In every case the child and its process group
// are gone when Run returns.
func Run(ctx context.Context, spec Spec) (Result, error) {
	res := Result{ExitCode: -1}
	stdout := &capped{max: spec.MaxStdout, tee: spec.Tee}
	maxErr := spec.MaxStderr
	if maxErr == 0 {
		maxErr = DefaultMaxStderr
	}
	stderr := &capped{max: maxErr, truncate: true}

	cmd := exec.Command(spec.Path, spec.Args...)
	if len(spec.Env) > 0 {
		cmd.Env = append(cmd.Environ(), spec.Env...)
	}
	cmd.Stdin = spec.Stdin
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	cmd.WaitDelay = waitDelay
	setProcAttr(cmd)

	// overflow is closed by the capped stdout writer on its first byte
	// past the cap; the watcher below then kills the group.
	overflow := make(chan struct{})
	stdout.onOverflow = func() { close(overflow) }

	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("start %s: %w", spec.Path, err)
	}
	done := make(chan struct{})
	var why error
	go func() {
		select {
		case <-done:
			return
		case <-ctx.Done():
			why = fmt.Errorf("%w: %w", ErrKilled, ctx.Err())
		case <-overflow:
			why = fmt.Errorf("%w: more than %d bytes", ErrOutputLimit, spec.MaxStdout)
		}
		killGroup(cmd)
	}()
	err := cmd.Wait()
	close(done)
	// Whatever happened, no member of the child's group stays behind.
	killGroup(cmd)

	res.Stdout, res.Stderr = stdout.buf.Bytes(), stderr.buf.Bytes()
	if cmd.ProcessState != nil {
		res.ExitCode = cmd.ProcessState.ExitCode()
	}
	switch {
	case stdout.over:
		return res, fmt.Errorf("%s: %w: more than %d bytes", spec.Path, ErrOutputLimit, spec.MaxStdout)
	case why != nil:
		return res, fmt.Errorf("%s: %w", spec.Path, why)
	case ctx.Err() != nil && err != nil:
		return res, fmt.Errorf("%s: %w: %w", spec.Path, ErrKilled, ctx.Err())
	case err != nil:
		return res, fmt.Errorf("%s: %w", spec.Path, err)
	}
	return res, nil
}

// capped is an io.Writer that keeps up to max bytes (0: no cap). Past the
// cap it either drops the rest (truncate) or reports an overflow once and
// fails, so the child's next write gets EPIPE.
type capped struct {
	buf        bytes.Buffer
	tee        io.Writer // nil: none
	max        int64
	truncate   bool
	over       bool
	onOverflow func()
}

func (c *capped) Write(p []byte) (int, error) {
	if c.max <= 0 {
		return c.keep(p)
	}
	room := c.max - int64(c.buf.Len())
	if int64(len(p)) <= room {
		return c.keep(p)
	}
	if room > 0 {
		c.keep(p[:room])
	}
	if c.truncate {
		return len(p), nil
	}
	if !c.over {
		c.over = true
		if c.onOverflow != nil {
			c.onOverflow()
		}
	}
	return 0, ErrOutputLimit
}

// keep stores p and copies it to the tee.
func (c *capped) keep(p []byte) (int, error) {
	if c.tee != nil {
		_, _ = c.tee.Write(p)
	}
	return c.buf.Write(p)
}

// Message returns the last meaningful line of a child's standard error, or
// "" when it wrote none, for error messages.
func Message(stderr []byte) string {
	lines := strings.Split(strings.TrimSpace(string(stderr)), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return l
		}
	}
	return ""
}
