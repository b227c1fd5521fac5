package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"rustykg/queries"
)

// Raw queries run in a separate program, rustykg-query (cmd/rustykg-query),
// for two reasons. Cayley's query languages link goja, json-gold and more,
// which would add about 10 ms to the start-up of every rustykg command.
// And Cayley runs a Gizmo program in a goroutine of its own, where some
// malformed programs (g.V().Has("")) make it panic out of any recover's
// reach: in a child, the crash is reported as a failed query and nothing
// else is affected; the child also ends with its query, so no JavaScript
// keeps running.

// workerGrace is how long rustykg waits past the query's own timeout
// (loading the data set, stopping the query) before killing the child.
const workerGrace = 30 * time.Second

// rawQuery runs a raw query in rustykg-query and returns its answer or its
// error, wrapping the same sentinel as the engine's.
func (e *env) rawQuery(ctx context.Context, req queries.RawRequest) (queries.RawResult, error) {
	exe, err := findTool(queryToolName, queryToolEnv)
	if err != nil {
		return queries.RawResult{}, fmt.Errorf("query: %w", err)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return queries.RawResult{}, fmt.Errorf("query: %w", err)
	}
	var args []string
	if e.dataDir != "" {
		args = append(args, "-data", e.dataDir)
	}
	if e.base != "" {
		args = append(args, "-base", e.base)
	}
	ctx, cancel := context.WithTimeout(ctx, req.Timeout+workerGrace)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stdin = bytes.NewReader(body)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	runErr := cmd.Run()
	var resp queries.RawResponse
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
		return queries.RawResult{}, fmt.Errorf("query process %s failed: %s", exe, detail)
	}
	return resp.Outcome()
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
