package rawquery

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"rustykg/graph"
	"rustykg/queries"
)

// The query worker's protocol. rustykg's query command starts a worker (a
// re-exec of itself, so a crash or a runaway query ends only the worker),
// writes one queries.RawRequest, JSON, on its standard input, and reads
// one queries.RawResponse, JSON, from its standard output. A query's own
// errors are part of the response (exit code 0); Serve returns an error
// only for a request it cannot read or a data set it cannot load, which
// the worker reports like any rustykg command (message, exit code).
//
// On its status stream the worker writes LoadedLine once the data set is
// loaded, so the parent can tell a deadline hit while loading from one hit
// while querying. A worker that dies (a Go panic inside Cayley, or out of
// memory past its cap) writes the runtime's report on its standard error.

// LoadedLine is the line the worker writes on its status stream when its
// data set is loaded.
const LoadedLine = "rustykg query worker: data set loaded"

// maxRequest bounds the request read from standard input (the query
// command refuses queries over 1 MiB).
const maxRequest = 4 << 20

// ErrBadRequest: the worker's standard input is not a request.
var ErrBadRequest = errors.New("bad query worker request")

// Serve is the query worker: it reads one request from in, caps its own
// memory at the request's MaxMemory (before loading anything), opens the
// graph with open, runs the query until the request's Deadline and writes
// the response to out.
//
//	err := rawquery.Serve(ctx, os.Stdin, os.Stdout, os.Stderr, openGraph)
func Serve(ctx context.Context, in io.Reader, out, status io.Writer, open func(context.Context) (*graph.Graph, error)) error {
	var req queries.RawRequest
	dec := json.NewDecoder(io.LimitReader(in, maxRequest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return fmt.Errorf("%w: %w", ErrBadRequest, err)
	}
	if req.MaxMemory < 0 {
		return fmt.Errorf("%w: max_memory %d", ErrBadRequest, req.MaxMemory)
	}
	if req.MaxMemory > 0 {
		if err := capMemory(req.MaxMemory); err != nil {
			return fmt.Errorf("cap the query worker's memory: %w", err)
		}
	}
	if req.Timeout == 0 {
		req.Timeout = queries.DefaultRawTimeout
	}
	if req.Deadline.IsZero() {
		req.Deadline = time.Now().Add(req.Timeout)
	}
	ctx, cancel := context.WithDeadline(ctx, req.Deadline)
	defer cancel()

	res, err := answer(ctx, req, status, open)
	if err != nil && !isQueryError(err) {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(queries.NewRawResponse(res, err)); err != nil {
		return fmt.Errorf("write the query's answer: %w", err)
	}
	if _, err := out.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write the query's answer: %w", err)
	}
	return nil
}

// answer loads the graph and runs the query on it.
func answer(ctx context.Context, req queries.RawRequest, status io.Writer, open func(context.Context) (*graph.Graph, error)) (queries.RawResult, error) {
	g, err := open(ctx)
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		if err == nil {
			g.Close()
		}
		return queries.RawResult{}, timeoutError(req.Timeout, "while loading the data set")
	}
	if err != nil {
		return queries.RawResult{}, err
	}
	defer g.Close()
	fmt.Fprintln(status, LoadedLine)
	return Run(ctx, g, req.Query, req.RawOptions)
}

// isQueryError tells the errors that belong in a response (the query's)
// from those of the worker itself (its data set, its context).
func isQueryError(err error) bool {
	for _, s := range []error{queries.ErrQuerySyntax, queries.ErrQueryFailed, queries.ErrQueryTimeout,
		queries.ErrQueryLimit, queries.ErrQueryOutput, queries.ErrQueryMemory, queries.ErrBadQuery} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// OutOfMemory tells whether a worker's standard error is the Go runtime's
// report of a failed allocation past the worker's memory cap: of heap
// ("fatal error: runtime: out of memory", "... cannot allocate memory")
// or of a new thread's stack (with cgo, glibc maps each thread's stack,
// which the cap counts too).
func OutOfMemory(stderr string) bool {
	for _, line := range strings.Split(stderr, "\n") {
		switch {
		case strings.HasPrefix(line, "fatal error: ") &&
			(strings.Contains(line, "out of memory") || strings.Contains(line, "cannot allocate memory")),
			strings.HasPrefix(line, "runtime: failed to create new OS thread"),
			strings.HasPrefix(line, "runtime/cgo: pthread_create failed"):
			return true
		}
	}
	return false
}

// Panic reads a Go panic from a worker's standard error: its message ("" when
// there is none), and whether it was raised in a goroutine that runs no
// rustykg code (inside Cayley's query engine or goja, such as
// g.V().Has("") -> "empty has"), rather than a bug of rustykg's own.
func Panic(stderr string) (msg string, inEngine bool) {
	_, after, ok := strings.Cut("\n"+stderr, "\npanic: ")
	if !ok {
		return "", false
	}
	first, rest, _ := strings.Cut(after, "\n")
	msg = strings.TrimSpace(strings.TrimSuffix(first, " [recovered, repanicked]"))
	// The panicking goroutine's stack follows, up to the next blank line.
	_, stack, _ := strings.Cut(rest, "goroutine ")
	stack, _, _ = strings.Cut(stack, "\n\n")
	inEngine = strings.Contains(stack, "\ngithub.com/cayleygraph/cayley/") && !strings.Contains(stack, "\nrustykg/")
	return msg, inEngine
}
