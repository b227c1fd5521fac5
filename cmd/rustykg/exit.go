package main

import (
	"context"
	"errors"
	"fmt"

	"rustykg/graph"
	"rustykg/loaders"
	"rustykg/queries"
	"rustykg/queries/rawquery"
)

// Exit codes, mapped from errors in one place.
const (
	exitOK       = 0
	exitError    = 1 // anything else: an internal or I/O error
	exitUsage    = 2 // bad flags or arguments
	exitData     = 3 // the data set (or store) is invalid, unreadable or not the one expected
	exitNotFound = 4 // a name matched no node, or more than one
	exitBounds   = 5 // a raw query ran past one of its bounds (--timeout, --limit, --max-bytes, --max-memory)
	exitDiffers  = 6 // diff --exit-code: the two data sets differ
	// exitInterrupted: SIGINT or SIGTERM ended the command (128 + SIGINT's
	// number, as shells report an interrupted program).
	exitInterrupted = 130
)

// errUsage marks command-line mistakes.
var errUsage = errors.New("usage")

func exitCode(err error) int {
	var we *workerError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errDiffers):
		return exitDiffers
	case errors.As(err, &we):
		return we.code // the query worker's own exit code, mapped here in the worker
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.Is(err, errUsage), errors.Is(err, queries.ErrBadQuery), errors.Is(err, rawquery.ErrBadRequest),
		errors.Is(err, queries.ErrQuerySyntax), errors.Is(err, queries.ErrQueryFailed):
		return exitUsage
	case errors.Is(err, queries.ErrQueryTimeout), errors.Is(err, queries.ErrQueryLimit),
		errors.Is(err, queries.ErrQueryOutput), errors.Is(err, queries.ErrQueryMemory):
		return exitBounds
	case errors.Is(err, graph.ErrUnknownBackend), errors.Is(err, graph.ErrStoreURI):
		return exitUsage
	case errors.Is(err, loaders.ErrInvalid), errors.Is(err, loaders.ErrRead), errors.Is(err, queries.ErrQueryData),
		errors.Is(err, errNoRevision), errors.Is(err, graph.ErrEmptyStore), errors.Is(err, graph.ErrNewerSchema), errors.Is(err, graph.ErrOldSchema), errors.Is(err, errStoreDiffers):
		return exitData
	case errors.Is(err, queries.ErrNoMatch), errors.Is(err, queries.ErrAmbiguous), errors.Is(err, graph.ErrNotFound):
		return exitNotFound
	}
	return exitError
}

// usagef returns a usage error.
func usagef(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}
