package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"rustykg/graph"
)

func importCmd(e *env) *cobra.Command {
	var replace bool
	var batch int
	c := &cobra.Command{
		Use:   "import [--data PATH | PATH...] --store URI [--replace] [--skip-invalid]",
		Short: "Load a data set into a persistent store, once, for every later command",
		Long: `import validates a data set (the built-in one, --data PATH, or the paths given)
with every strict check, then writes it into the store --store names
(bbolt:PATH, postgres://..., cockroach://...; $RUSTYKG_STORE when the flag is
not given). Nothing is written while any problem remains; each problem names
file:line:col and the field.

Each path given is read as what it is:
  DIR            a data folder: its *.yaml, *.yml, *.bib and *.csv files
  FILE.yaml      a file of the data set (.yml too); YAML files from several
                 folders form one data set, as if in one folder (with DIR:
                 added to it)
  FILE.bib       a Zotero, JabRef or Google Scholar export: entries a YAML
                 study names fill it, the others become studies outside the
                 review
  FILE.csv       an extraction sheet: findings, names resolved against the
                 data set
  FILE.nq        a rustykg N-Quads export (.nt, optionally .gz): a whole data
                 set, given alone (--base resolves relative IRIs)
With no folder and no YAML file, .bib and .csv files are added to the built-in
data set. An N-Quads file with other paths, two folders, a file given twice
or inside the folder given, and any other kind of file are refused by name.

--skip-invalid leaves out bad sheet rows, BibTeX entries and N-Quads lines
instead, reporting each on standard error, file:line and field, then how many
it skipped. Problems of the YAML files, and of a file as a whole (a sheet's
header, a .bib file whose reading stopped), still refuse the import.

The quads go into a new copy (bbolt: in transactions of --batch quads;
PostgreSQL: one COPY per table, indexes built afterwards) that replaces the
old contents in one atomic step: an import that fails, is
interrupted or is killed leaves the store exactly as it was. A store that
already holds another data set is replaced only with --replace; one that holds
the same data set (same content hash) is left alone.

Afterwards every command reads the store with --store URI instead of parsing
the data set again. On a terminal, import shows its progress (quads/s, ETA)
on standard error.`,
		Example: `  rustykg import --data ./my-review --store bbolt:$HOME/kg
  rustykg import ./my-review --store postgres://me@localhost/kg --replace
  rustykg import review/*.yaml zotero-export.bib findings.csv --store bbolt:$HOME/kg
  rustykg import findings.csv --store bbolt:$HOME/kg --skip-invalid
  rustykg import kg.nq.gz --store bbolt:$HOME/kg`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, files []string) error {
			if memoryStore(e.store) {
				return usagef("import needs a persistent store: --store bbolt:PATH, postgres://... or cockroach://... (or $%s)", storeEnv)
			}
			if len(files) > 0 && e.dataDir != "" {
				return usagef("give --data DIR or data files, not both")
			}
			if batch <= 0 {
				return usagef("--batch must be positive, got %d", batch)
			}
			ctx := c.Context()
			defer importMemoryLimit()()
			ds, err := e.loadImport(files)
			if err != nil {
				return err
			}
			return e.importDataset(ctx, ds, replace, batch)
		},
	}
	c.Flags().BoolVar(&replace, "replace", false, "replace a store that holds another data set")
	c.Flags().IntVar(&batch, "batch", graph.DefaultBatchSize, "quads written per transaction (bbolt, CockroachDB; on PostgreSQL, quads per progress step)")
	return c
}

// loadImport loads the data files given (see loadPaths), else the data
// set of --data or the built-in one.
func (e *env) loadImport(files []string) (*graph.Dataset, error) {
	if len(files) == 0 {
		return e.loadDataset()
	}
	return e.loadPaths(files)
}

func (e *env) importDataset(ctx context.Context, ds *graph.Dataset, replace bool, batch int) error {
	st, err := graph.OpenStore(ctx, e.store)
	if err != nil {
		return err
	}
	defer st.Close()
	hash, quads := graph.ContentHashCount(ds)
	if st.QuadStore() != nil {
		old, err := graph.Attach(ctx, st)
		var info graph.StoreInfo
		if err == nil {
			// The graph holds st and a handle on its index (on bbolt a
			// shared lock on the file): release both before anything else.
			info = old.Info()
			old.Close()
		}
		switch {
		case err == nil && info.ContentHash == hash:
			fmt.Fprintf(e.stdout, "%s already holds this data set (%s); nothing to do\n", st.URI(), hash)
			return nil
		case err == nil && !replace:
			return fmt.Errorf("%w: %s has %s (%d quads); add --replace to replace it",
				errStoreDiffers, st.URI(), info.ContentHash, info.Quads)
		case err != nil && !errors.Is(err, graph.ErrEmptyStore) && !replace:
			return fmt.Errorf("%w (add --replace to overwrite it)", err)
		}
		// st is closed (by Attach on error, above otherwise): open it
		// again to write.
		if st, err = graph.OpenStore(ctx, e.store); err != nil {
			return err
		}
		defer st.Close()
	}
	total := quads + 4
	bar := newProgress(e.stderr, total, isTerminal(e.stdout) && isTerminal(e.stderr))
	start := time.Now()
	g, err := graph.NewWith(ctx, st, ds, graph.LoadOptions{BatchSize: batch, Progress: bar.update, ContentHash: hash, Quads: quads})
	bar.done()
	if err != nil {
		return fmt.Errorf("import into %s: %w (the store is unchanged)", e.store, err)
	}
	defer g.Close() // the store and the index handle the load opened
	info := g.Info()
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "imported %d quads into %s (%s)\n", info.Quads, st.URI(), info.ContentHash)
	if bar.on {
		fmt.Fprintf(e.stderr, "%.1f s, %.0f quads/s\n", secs, float64(info.Quads)/secs)
	}
	return nil
}

// importSoftLimit is the Go heap size import asks the garbage collector
// to stay under, unless GOMEMLIMIT says otherwise. Parsing a large data set
// makes much short-lived garbage (YAML parse trees): loading 10^5 studies
// peaked at 2.35 GB with Go's default (collect when the heap doubles), at
// 1.48 GiB with this limit (twice the parsing CPU: 30 s instead of 15).
// A higher limit is worse for small data sets: the runtime keeps freed
// memory up to the limit (1.5 GiB made a 10^4-study import peak at 1.6 GiB
// instead of 0.95; with 1 GiB it stays at 0.95). It is a soft limit: a
// data set that needs more still loads, with more collections.
const importSoftLimit = 1 << 30

// importMemoryLimit sets the soft limit for an import and returns what
// restores the previous one (commands also run inside tests).
func importMemoryLimit() func() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetMemoryLimit(importSoftLimit)
	return func() { debug.SetMemoryLimit(old) }
}

// errStoreDiffers: the store holds another data set than the one given.
var errStoreDiffers = errors.New("store holds another data set")

// progress draws a one-line progress bar (quads/s, ETA) when on.
type progress struct {
	w     io.Writer
	total int
	on    bool
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, total int, on bool) *progress {
	return &progress{w: w, total: total, on: on, start: time.Now()}
}

func (p *progress) update(n int) {
	if !p.on {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && n < p.total {
		return
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	rate := float64(n) / max(el, 1e-6)
	eta := time.Duration(float64(p.total-n) / max(rate, 1) * float64(time.Second)).Round(time.Second)
	const width = 30
	fill := width * n / max(p.total, 1)
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < fill {
			bar[i] = '='
		}
	}
	fmt.Fprintf(p.w, "\r[%s] %d/%d quads  %.0f quads/s  ETA %s ", bar, n, p.total, rate, eta)
}

func (p *progress) done() {
	if p.on && !p.last.IsZero() {
		fmt.Fprintln(p.w)
	}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
