package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"rustykg/cmd/internal/proc"
	"rustykg/queries"
	"rustykg/queries/rawquery"
)

// maxQuerySize bounds a query read from standard input.
const maxQuerySize = 1 << 20

// defaultMaxMemory is the query worker's default memory cap.
const defaultMaxMemory = 1 << 30

// queryGrace is how long rustykg waits past the query's deadline for the
// worker to stop by itself and report, before it kills the worker.
const queryGrace = time.Second

// errOverCap is returned by cappedBuffer past its cap.
var errOverCap = errors.New("output over its cap")

func queryCmd(e *env) *cobra.Command {
	var lang string
	var timeout time.Duration
	var limit int
	maxBytes := byteSize(queries.DefaultRawMaxBytes)
	maxMemory := byteSize(defaultMaxMemory)
	c := &cobra.Command{
		Use:   "query [--lang gizmo|graphql|mql] QUERY|-",
		Short: "Run a raw Cayley query (Gizmo, GraphQL or MQL) against the graph",
		Long: `query runs QUERY (or standard input, with -) through Cayley's query engine on
the loaded graph. Node IDs are IRIs: g.V("<kernel:tock>"); relations are
<rkg:faces>, <rkg:follows>, <rkg:examines>, ...; names are <schema:name>; every
statement's label is the study that supports it. See the README for more.

Output: one JSON value per line, or a table when the query tags its values
(.Tag("x")); --format json always gives JSON lines, table/csv/markdown always a
table. Rows are sorted.

The query runs in a child process of its own (this same program), which loads
the data set and answers; a query that crashes Cayley ends only that process.
Every query is bounded: --timeout (the whole run, loading included), --limit
(results), --max-bytes (what it prints) and --max-memory (the child's memory).
Past any of them it stops with a message naming the flag, exit code 5, and
prints nothing.`,
		Example: `  rustykg query 'g.V("<kernel:tock>").Out("<rkg:faces>").All()'
  rustykg query 'g.V().Has("<rdf:type>", "<rkg:Kernel>").Tag("k").Out("<rkg:faces>").Tag("c").All()'
  echo '{nodes(first: 3){id}}' | rustykg query --lang graphql -
  rustykg query --timeout 30s --max-memory 4GiB --data big/ 'g.V().Count()'`,
		Args: args(1, 1),
		RunE: func(c *cobra.Command, a []string) error {
			start := time.Now()
			if err := checkFormat(e.format); err != nil {
				return err
			}
			if timeout <= 0 {
				return usagef("--timeout must be positive, got %s", timeout)
			}
			if limit <= 0 {
				return usagef("--limit must be positive, got %d", limit)
			}
			if maxBytes <= 0 {
				return usagef("--max-bytes must be positive, got %s", maxBytes)
			}
			src := a[0]
			if src == "-" {
				b, err := io.ReadAll(io.LimitReader(c.InOrStdin(), maxQuerySize+1))
				if err != nil {
					return fmt.Errorf("read query: %w", err)
				}
				if len(b) > maxQuerySize {
					return usagef("query on standard input is over %d bytes", maxQuerySize)
				}
				src = string(b)
			}
			if strings.TrimSpace(src) == "" {
				return usagef("empty query")
			}
			req := queries.RawRequest{
				Query:      src,
				RawOptions: queries.RawOptions{Lang: lang, Timeout: timeout, Limit: limit, MaxBytes: int64(maxBytes)},
				Deadline:   start.Add(timeout),
				MaxMemory:  int64(maxMemory),
			}
			res, err := runRawQuery(c.Context(), workerArgs(c), req)
			if err != nil {
				return err
			}
			return e.printRaw(c, res, req)
		},
	}
	c.Flags().StringVar(&lang, "lang", queries.LangGizmo, "query `LANGUAGE`: gizmo, graphql or mql")
	c.Flags().DurationVar(&timeout, "timeout", queries.DefaultRawTimeout, "stop the whole run (loading, query, printing) after `DURATION`")
	c.Flags().IntVar(&limit, "limit", queries.DefaultRawLimit, "fail when the query returns more than `N` results")
	c.Flags().Var(&maxBytes, "max-bytes", "fail when the answer would print more than `SIZE` (e.g. 512KiB, 16MiB)")
	c.Flags().Var(&maxMemory, "max-memory", "cap the query process's memory at `SIZE` (e.g. 4GiB; 0: no cap)")
	return c
}

// printRaw writes the answer of a raw query: JSON lines, a table, or its
// BibTeX, only when all of it fits in --max-bytes and the deadline has not
// passed.
func (e *env) printRaw(c *cobra.Command, res queries.RawResult, req queries.RawRequest) error {
	buf := &cappedBuffer{max: int(req.MaxBytes)}
	var err error
	switch {
	case e.bibtex:
		// The BibTeX entries come from the data set, loaded here too
		// (only --bibtex pays for a second load).
		cat, cerr := e.catalog(c.Context())
		if cerr != nil {
			return cerr
		}
		err = writeBibTeX(buf, cat, res)
	case e.format == "csv" || e.format == "markdown" || e.format == "table" && (res.Tagged || c.Flags().Changed("format")):
		err = writeResult(buf, e.format, res)
	default:
		err = writeJSONLines(buf, res.Rows)
	}
	if buf.over || errors.Is(err, errOverCap) {
		return fmt.Errorf("%w: the answer is over %s as printed (raise --max-bytes)", queries.ErrQueryOutput, byteSize(req.MaxBytes))
	}
	if err != nil {
		return err
	}
	if time.Now().After(req.Deadline) {
		return fmt.Errorf("%w: stopped after %s while printing the answer (raise --timeout)", queries.ErrQueryTimeout, req.Timeout)
	}
	_, err = e.stdout.Write(buf.Bytes())
	return err
}

// workerArgs is the query worker's command line: the global flags given
// to this command that say which data set to load (--data, and any other
// but the output flags), then the hidden worker command.
func workerArgs(c *cobra.Command) []string {
	var out []string
	global := c.Root().PersistentFlags()
	c.Flags().Visit(func(f *pflag.Flag) {
		if global.Lookup(f.Name) == nil || f.Name == "format" || f.Name == "bibtex" {
			return
		}
		out = append(out, "--"+f.Name+"="+f.Value.String())
	})
	return append(out, queryWorkerName)
}

// runRawQuery runs req in the query worker, a child process running this
// same program (os.Executable) with args, and returns its answer or its
// error, wrapping the same sentinel as the engine's. The child is killed
// (with its process group) when ctx ends or queryGrace after req's
// deadline; see cmd/internal/proc.
func runRawQuery(ctx context.Context, args []string, req queries.RawRequest) (queries.RawResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return queries.RawResult{}, fmt.Errorf("query: find this program to run the query worker: %w", err)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return queries.RawResult{}, fmt.Errorf("query: %w", err)
	}
	ctx, cancel := context.WithDeadline(ctx, req.Deadline.Add(queryGrace))
	defer cancel()
	out, runErr := proc.Run(ctx, proc.Spec{
		Path:  exe,
		Args:  args,
		Stdin: bytes.NewReader(body),
		// The worker stops at MaxBytes of rows; the response around them
		// is small. Past this the worker is killed.
		MaxStdout: 2*req.MaxBytes + 1<<20,
		MaxStderr: 1 << 20,
	})
	if runErr == nil {
		var resp queries.RawResponse
		if err := json.Unmarshal(out.Stdout, &resp); err != nil {
			return queries.RawResult{}, fmt.Errorf("query: the query worker's answer is not JSON: %w", err)
		}
		return resp.Outcome()
	}
	return queries.RawResult{}, workerFailure(runErr, out, req)
}

// workerFailure is the error of a query worker that did not answer: why it
// was stopped, or how it died, in one line.
func workerFailure(runErr error, out proc.Result, req queries.RawRequest) error {
	stderr := string(out.Stderr)
	loaded := strings.Contains(stderr, rawquery.LoadedLine+"\n")
	panicked, inEngine := rawquery.Panic(stderr)
	switch {
	case errors.Is(runErr, proc.ErrOutputLimit):
		return fmt.Errorf("%w: the answer is over %s (raise --max-bytes)", queries.ErrQueryOutput, byteSize(req.MaxBytes))
	case rawquery.OutOfMemory(stderr):
		return fmt.Errorf("%w: the query process needed more than %s of memory (raise --max-memory)", queries.ErrQueryMemory, byteSize(req.MaxMemory))
	case panicked != "" && inEngine:
		return fmt.Errorf("%w: Cayley's query engine crashed on this query (%s); it ran in a separate process, so nothing else was affected", queries.ErrQueryFailed, panicked)
	case panicked != "":
		return fmt.Errorf("query: the query worker crashed (panic: %s): a bug in rustykg, please report it with the query", panicked)
	case errors.Is(runErr, context.DeadlineExceeded):
		while := ""
		if !loaded {
			while = " while loading the data set"
		}
		return fmt.Errorf("%w: stopped after %s%s (raise --timeout)", queries.ErrQueryTimeout, req.Timeout, while)
	case errors.Is(runErr, context.Canceled):
		return fmt.Errorf("query interrupted: %w", context.Canceled)
	}
	msg := strings.TrimSpace(strings.ReplaceAll(stderr, rawquery.LoadedLine+"\n", ""))
	if rest, ok := strings.CutPrefix(msg, "rustykg: "); ok && out.ExitCode > 0 {
		// The worker reported an error of its own (a data set that does
		// not load): pass its message and exit code on.
		return &workerError{code: out.ExitCode, msg: rest}
	}
	// Anything else (a runtime crash): its first line only, never the
	// goroutine dump that follows.
	first, _, _ := strings.Cut(msg, "\n")
	return fmt.Errorf("query: the query worker failed (%w): %s", runErr, first)
}

// workerError is an error the query worker reported with its message and
// exit code (see exitCode).
type workerError struct {
	code int
	msg  string
}

func (w *workerError) Error() string { return w.msg }

// writeJSONLines writes one compact JSON value per line.
func writeJSONLines(w io.Writer, rows []any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// cappedBuffer is a buffer that refuses to grow past max bytes: a write
// that would fails with errOverCap, keeps nothing, and marks the buffer
// over, so a writer that ignores errors cannot get past the cap either.
type cappedBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.over || b.Len()+len(p) > b.max {
		b.over = true
		return 0, errOverCap
	}
	return b.Buffer.Write(p)
}

// WriteString implements io.StringWriter with the same cap.
func (b *cappedBuffer) WriteString(s string) (int, error) {
	if b.over || b.Len()+len(s) > b.max {
		b.over = true
		return 0, errOverCap
	}
	return b.Buffer.WriteString(s)
}

// byteSize is a size flag: a number of bytes, with an optional unit KiB,
// MiB or GiB (powers of 1024) or KB, MB or GB (powers of 1000).
type byteSize int64

var byteUnits = []struct {
	name string
	n    int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}

func (s byteSize) String() string { return queries.FormatSize(int64(s)) }

func (s *byteSize) Set(v string) error {
	num, unit := strings.TrimSpace(v), int64(1)
	for _, u := range byteUnits {
		if rest, ok := strings.CutSuffix(num, u.name); ok {
			num, unit = strings.TrimSpace(rest), u.n
			break
		}
	}
	var n int64
	if _, err := fmt.Sscan(num, &n); err != nil || n < 0 || fmt.Sprint(n) != num || n > (1<<62)/unit {
		return fmt.Errorf("want a size such as 4096, 512KiB, 16MiB or 2GiB, got %q", v)
	}
	*s = byteSize(n * unit)
	return nil
}

func (s *byteSize) Type() string { return "size" }
