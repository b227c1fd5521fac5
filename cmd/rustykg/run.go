package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/graph/export"
	"rustykg/loaders"
	"rustykg/queries"
)

// commands is the one list of rustykg's commands, in help order. (A
// function, not a variable: serve's API runs commands itself.)
func commands() []func(*env) *cobra.Command {
	return []func(*env) *cobra.Command{
		kernelsCmd,
		challengesCmd,
		studiesCmd,
		showCmd,
		sharedCmd,
		evidenceCmd,
		tablesCmd,
		renderCmd,
		exportCmd,
		matrixCmd,
		similarCmd,
		pathCmd,
		neighborsCmd,
		gapsCmd,
		diffCmd,
		reportCmd,
		serveCmd,
		queryCmd,
		checkCmd,
		completionCmd,
		importCmd,
		genCmd,
		queryWorkerCmd, // hidden: the process rustykg query runs
	}
}

// env is what every command shares: the injected output streams, the
// global flags and the graph, loaded on first use.
type env struct {
	stdout, stderr io.Writer
	dataDir        string
	dataLimit      string
	base           string
	skipInvalid    bool
	format         string
	bibtex         bool
	// store is the --store URI (default $RUSTYKG_STORE, else memory): a
	// persistent store holds the data set itself (see storeCatalog).
	store string

	cat *queries.Catalog
	g   *graph.Graph
	// ds is the data set the graph was built from, kept only when keepDS
	// is set before loading (check and --version hash it): on a large data
	// set it is hundreds of megabytes no other command needs.
	ds     *graph.Dataset
	keepDS bool
	// preloaded is the data set check read from an N-Quads --data file.
	preloaded *graph.Dataset
}

// Run executes rustykg with args (without the program name), writing to
// stdout and stderr, and returns the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	defer e.close()
	err := e.execute(ctx, args)
	if err != nil && !errors.Is(err, errDiffers) { // diff --exit-code: the output says it all
		// Messages quote arguments and data: escaped and cut (terminal.go).
		fmt.Fprintln(stderr, "rustykg: "+visibleLines(err.Error()))
	}
	return exitCode(err)
}

// execute runs the command args name with e's streams. An env whose
// catalog is already loaded (serve's API) answers from it.
func (e *env) execute(ctx context.Context, args []string) error {
	root := &cobra.Command{
		Use:   "rustykg",
		Short: "Explore research on Rust in operating-system kernels",
		Long: `rustykg answers questions over a knowledge graph of Rust OS kernels, the studies
that examined them, their architectural approaches, the challenges and performance
implications the studies report, and the lessons they draw. Every answer carries its
evidence: the study, where in it, and a note. The data set of the "Rusty Linux"
review (Panter and Eisty, ESEM 2024) is built in; --data loads another.

Names are lenient: "redox", "Redox OS" and "kernel:redox" are the same node.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetArgs(args)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetContext(ctx)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w: %w (see %q)", errUsage, err, c.CommandPath()+" --help")
	})
	pf := root.PersistentFlags()
	pf.StringVar(&e.dataDir, "data", "", "load the data set in `PATH` instead of the built-in one: a folder, a YAML file, or a rustykg N-Quads export (.nq/.nt, optionally .gz); a .csv extraction sheet adds its findings to the built-in one, a .bib file (Zotero, JabRef, Google Scholar) its entries as studies")
	pf.StringVar(&e.dataLimit, "data-limit", "32MiB", "refuse a data set whose files together are over `SIZE` (e.g. 64MiB, 1GiB; each file is limited to 8MiB)")
	pf.BoolVar(&e.skipInvalid, "skip-invalid", false, "skip invalid N-Quads lines, extraction-sheet rows and BibTeX entries (of --data or import's files), reporting each on stderr, instead of refusing the data")
	pf.StringVar(&e.base, "base", "", "with --data FILE.nq: resolve relative IRIs against this absolute `IRI` (strict N-Quads refuses them)")
	pf.StringVar(&e.store, "store", defaultStore(), "the store to read: `URI` "+graph.Backends+" ($"+storeEnv+")")
	pf.StringVarP(&e.format, "format", "f", "table", "output format: table, json, csv or markdown (also dot for shared and show; svg, png or dot for render)")
	pf.BoolVar(&e.bibtex, "bibtex", false, "print the BibTeX entries of the studies behind the answer instead")
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if pf.Changed("data") && strings.TrimSpace(e.dataDir) == "" {
			return usagef("--data needs a folder or a data file; leave the flag out to use the built-in data set")
		}
		if _, err := loaders.ParseSize(e.dataLimit); err != nil {
			return usagef("--data-limit: %v", err)
		}
		return checkCommandFormat(c, e.format)
	}
	var version bool
	root.Flags().BoolVar(&version, "version", false, "print the version and the data set's content hash, node and claim counts")
	root.Example = `  rustykg shared atmosphere theseus
  rustykg --version
  rustykg help show`
	root.RunE = func(c *cobra.Command, _ []string) error {
		if version {
			return e.printVersion(c.Context())
		}
		return c.Help()
	}
	// completion is a command of ours (completion.go), with an example.
	root.CompletionOptions.DisableDefaultCmd = true
	for _, mk := range commands() {
		root.AddCommand(mk(e))
	}
	completing := slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, cobra.ShellCompRequestCmd) })
	setUpCompletion(root, e, completing)
	err := root.ExecuteContext(ctx)
	if err != nil && strings.HasPrefix(err.Error(), "unknown command") {
		err = fmt.Errorf("%w: %w", errUsage, err)
	}
	return err
}

// catalog loads the data set (once) and returns its catalog.
func (e *env) catalog(ctx context.Context) (*queries.Catalog, error) {
	if e.cat != nil {
		return e.cat, nil
	}
	if !memoryStore(e.store) {
		return e.storeCatalog(ctx)
	}
	ds, err := e.loadDataset()
	if err != nil {
		return nil, err
	}
	for _, w := range ds.Warnings {
		fmt.Fprintln(e.stderr, "rustykg: warning: "+w)
	}
	g, err := graph.Open(ctx, ds)
	if err != nil {
		return nil, err
	}
	cat, err := queries.NewCatalog(ctx, g)
	if err != nil {
		g.Close()
		return nil, err
	}
	e.g, e.cat = g, cat
	if e.keepDS {
		e.ds = ds
	}
	return cat, nil
}

// source names the data set for messages: "built-in" or the --data folder.
func (e *env) source() string {
	if !memoryStore(e.store) {
		return e.store
	}
	if e.dataDir == "" {
		return "built-in"
	}
	return e.dataDir
}

// openGraph loads the data set the global flags name and opens a graph on
// it, which the caller closes (the query worker's). An N-Quads file that
// is not a rustykg export is queried as the RDF it is.
func (e *env) openGraph(ctx context.Context) (*graph.Graph, error) {
	if !memoryStore(e.store) {
		return e.openStoreGraph(ctx)
	}
	if loaders.IsNQuadsPath(e.dataDir) {
		qs, err := e.readRDF()
		if err != nil {
			return nil, err
		}
		if ds, err := export.Dataset(qs); err == nil {
			return graph.Open(ctx, ds)
		}
		st, err := graph.OpenStore(ctx, "memory")
		if err != nil {
			return nil, err
		}
		return graph.NewFromQuads(ctx, st, qs)
	}
	ds, err := e.loadDataset()
	if err != nil {
		return nil, err
	}
	return graph.Open(ctx, ds)
}

func (e *env) close() {
	if e.g != nil {
		e.g.Close()
	}
}

// resolve resolves each name to an ID of one of kinds. Two names of the
// same node ("tock tock", "tock Tock OS") are a usage error: every command
// that takes a list compares or links distinct nodes.
func (e *env) resolve(cat *queries.Catalog, names []string, kinds ...graph.Kind) ([]string, error) {
	out := make([]string, 0, len(names))
	first := map[string]string{} // ID -> the name that gave it first
	for _, n := range names {
		id, err := cat.Resolve(n, kinds...)
		if err != nil {
			return nil, err
		}
		if prev, ok := first[id]; ok {
			return nil, usagef("%s is named twice (%s and %s); give each node once", id, graph.Quote(prev), graph.Quote(n))
		}
		first[id] = n
		out = append(out, id)
	}
	return out, nil
}

// print formats res in the chosen format (or its BibTeX with --bibtex)
// into a buffer and writes it only when formatting succeeded, so an error
// never leaves partial output. A queries.Streamer's table is the
// exception: it is laid out from an answer already complete in memory,
// where nothing but the writing can fail, and goes out as it is laid out.
func (e *env) print(cat *queries.Catalog, res queries.Result) error {
	if _, ok := res.(queries.Streamer); ok && !e.bibtex {
		// Laid out from the answer in memory, row by row: nothing can
		// fail half way but the writing itself (a bad format fails before
		// the first byte), so it goes out as it is laid out (a 10^5-study
		// matrix is 44 MB of table).
		if err := cat.Err(); err != nil {
			return err
		}
		w := bufio.NewWriterSize(e.stdout, 256<<10)
		if err := writeResult(w, e.format, res); err != nil {
			return err
		}
		return w.Flush()
	}
	var buf spool
	var err error
	if e.bibtex {
		err = writeBibTeX(&buf, cat, res)
	} else {
		err = writeResult(&buf, e.format, res)
	}
	if err != nil {
		return err
	}
	if err := cat.Err(); err != nil { // a read the catalog made on demand failed
		return err
	}
	_, err = buf.WriteTo(e.stdout)
	return err
}

// args checks the number of positional arguments.
func args(min, max int) cobra.PositionalArgs {
	return func(c *cobra.Command, a []string) error {
		if len(a) < min || (max >= 0 && len(a) > max) {
			want := fmt.Sprintf("%d", min)
			switch {
			case max < 0:
				want = fmt.Sprintf("at least %d", min)
			case max != min:
				want = fmt.Sprintf("%d to %d", min, max)
			}
			return fmt.Errorf("%w: %s takes %s argument(s), got %d (usage: %s)", errUsage, c.Name(), want, len(a), c.UseLine())
		}
		return nil
	}
}

// formatsKey is the command annotation that says which --format values a
// command takes: absent for the table formats, formatsDrawable for those
// and dot, formatsOwn for a command that checks --format itself (render).
const (
	formatsKey      = "rustykg/formats"
	formatsDrawable = "drawable"
	formatsOwn      = "own"
)

// checkCommandFormat checks --format once for every command, before any
// data is loaded.
func checkCommandFormat(c *cobra.Command, f string) error {
	for p := c; p != nil; p = p.Parent() {
		switch p.Annotations[formatsKey] {
		case formatsOwn:
			return nil
		case formatsDrawable:
			return checkDrawableFormat(f)
		}
	}
	return checkFormat(f)
}

// resolveFlag resolves an optional name flag: "" stays "".
func resolveFlag(cat *queries.Catalog, name string, kinds ...graph.Kind) (string, error) {
	if name == "" {
		return "", nil
	}
	return cat.Resolve(name, kinds...)
}

func checkFormat(f string) error {
	switch f {
	case "table", "json", "csv", "markdown":
		return nil
	}
	return fmt.Errorf("%w: unknown format %s (want table, json, csv or markdown)", errUsage, graph.Quote(f))
}

// errNoBibTeX is returned by --bibtex on a result with no studies.
var errNoBibTeX = errors.New("this answer does not rest on studies; --bibtex has nothing to print")
