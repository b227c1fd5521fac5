package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rustykg/queries"
)

// Raw queries run in a child process of rustykg ("__query-worker"). Cayley
// runs a Gizmo program in a goroutine of its own, and some malformed
// programs (g.V().Has("")) make Cayley panic there, where no recover can
// reach: in-process, one bad query would kill rustykg. In a child, the
// crash is reported as a failed query and nothing else is affected; the
// child also ends with its query, so no JavaScript keeps running.

// workerEnv marks the child process (tests use it to re-enter Run).
const workerEnv = "RUSTYKG_QUERY_WORKER"

// workerGrace is how long the parent waits past the query's own timeout
// (loading the data set, stopping the query) before killing the child.
const workerGrace = 30 * time.Second

type workerRequest struct {
	Query   string        `json:"query"`
	Lang    string        `json:"lang"`
	Timeout time.Duration `json:"timeout"`
	Limit   int           `json:"limit"`
}

type workerResponse struct {
	Result *queries.RawResult `json:"result,omitempty"`
	Kind   string             `json:"kind,omitempty"` // sentinel of the error, see errorKinds
	Error  string             `json:"error,omitempty"`
}

// errorKinds names the sentinels that cross the process boundary.
var errorKinds = map[string]error{
	"syntax":  queries.ErrQuerySyntax,
	"failed":  queries.ErrQueryFailed,
	"timeout": queries.ErrQueryTimeout,
	"limit":   queries.ErrQueryLimit,
	"bad":     queries.ErrBadQuery,
}

// rawQuery runs a raw query in a child process and returns its answer or
// its error, wrapping the same sentinel as in-process.
func (e *env) rawQuery(ctx context.Context, req workerRequest) (queries.RawResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return queries.RawResult{}, fmt.Errorf("find rustykg to run the query: %w", err)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return queries.RawResult{}, err
	}
	args := []string{"__query-worker"}
	if e.dataDir != "" {
		args = append(args, "--data", e.dataDir)
	}
	ctx, cancel := context.WithTimeout(ctx, req.Timeout+workerGrace)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), workerEnv+"=1")
	cmd.Stdin = bytes.NewReader(body)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	runErr := cmd.Run()
	var resp workerResponse
	if jerr := json.Unmarshal(out.Bytes(), &resp); jerr != nil || runErr != nil {
		if msg := panicMessage(errb.String()); msg != "" {
			return queries.RawResult{}, fmt.Errorf("%w: Cayley's query engine crashed on this query (%s); it ran in a separate process, so nothing else was affected", queries.ErrQueryFailed, msg)
		}
		if ctx.Err() != nil {
			return queries.RawResult{}, fmt.Errorf("%w: the query process did not end within %s", queries.ErrQueryTimeout, req.Timeout+workerGrace)
		}
		detail := strings.TrimSpace(errb.String())
		if detail == "" && runErr != nil {
			detail = runErr.Error()
		}
		return queries.RawResult{}, fmt.Errorf("query process failed: %s", detail)
	}
	if resp.Error != "" {
		if sentinel, ok := errorKinds[resp.Kind]; ok {
			// The child's message already starts with the sentinel's text.
			return queries.RawResult{}, fmt.Errorf("%w%s", sentinel, strings.TrimPrefix(resp.Error, sentinel.Error()))
		}
		return queries.RawResult{}, errors.New(resp.Error)
	}
	if resp.Result == nil {
		return queries.RawResult{}, fmt.Errorf("query process returned no result")
	}
	return *resp.Result, nil
}

// panicMessage returns the message of a Go panic in a child's stderr, or "".
func panicMessage(stderr string) string {
	for _, line := range strings.Split(stderr, "\n") {
		if rest, ok := strings.CutPrefix(line, "panic: "); ok {
			return strings.TrimSpace(strings.TrimSuffix(rest, " [recovered, repanicked]"))
		}
	}
	return ""
}

// queryWorkerCmd is the child side: a request on stdin, a response on
// stdout. Hidden: it is not for users.
func queryWorkerCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:    "__query-worker",
		Hidden: true,
		Args:   args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			var req workerRequest
			if err := json.NewDecoder(io.LimitReader(c.InOrStdin(), 2*maxQuerySize)).Decode(&req); err != nil {
				return fmt.Errorf("read query request: %w", err)
			}
			ctx := c.Context()
			var resp workerResponse
			cat, err := e.catalog(ctx)
			if err == nil {
				var res queries.RawResult
				res, err = queries.Raw(ctx, cat.G, req.Query, queries.RawOptions{Lang: req.Lang, Timeout: req.Timeout, Limit: req.Limit})
				resp.Result = &res
			}
			if err != nil {
				resp.Result, resp.Error = nil, err.Error()
				for kind, sentinel := range errorKinds {
					if errors.Is(err, sentinel) {
						resp.Kind = kind
					}
				}
			}
			return json.NewEncoder(e.stdout).Encode(resp)
		},
	}
}
