package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"rustykg/cmd/internal/renderer"
	"rustykg/cmd/internal/web"
	"rustykg/queries"
)

// serveGrace is how long serve waits for requests in flight on shutdown:
// less than signalGrace, so a signal's shutdown ends by itself.
const serveGrace = signalGrace - 500*time.Millisecond

func serveCmd(e *env) *cobra.Command {
	var addr, rend string
	c := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "Explore the graph in a web browser (read-only, local)",
		Long: `serve starts a local web explorer over the data set: the review's tables with
each count linked to its evidence, a page per node, the shared-challenges
explorer, the comparison matrix as a heat map, similar kernels, paths and gaps,
with diagrams drawn as "rustykg render" draws them, and a JSON API under /api/
that returns what --format json prints.

It binds the loopback interface unless --addr names another address (then it
warns: the explorer has no authentication). Its first line on stdout is the
address it listens on, e.g. "http://127.0.0.1:8080/" (with --addr
127.0.0.1:0 the port is picked by the system). It is read-only and keeps no
state per user; SIGINT or SIGTERM stops it gracefully.`,
		Example: `  rustykg serve
  rustykg serve --addr 127.0.0.1:0
  rustykg serve --data my-review/ --addr 127.0.0.1:9000`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			if !slices.Contains(renderer.Choices, rend) {
				return usagef("unknown renderer %q (want %s)", rend, strings.Join(renderer.Choices, ", "))
			}
			if _, _, err := net.SplitHostPort(addr); err != nil {
				return usagef("--addr %q is not HOST:PORT: %v", addr, err)
			}
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			h, err := e.webHandler(cat, rend)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", addr, err)
			}
			u := "http://" + ln.Addr().String() + "/"
			fmt.Fprintln(e.stdout, u)
			if web.Loopback(addr) {
				fmt.Fprintf(e.stderr, "rustykg: serving the %s data set on %s (loopback only; stop with Ctrl-C)\n", e.source(), u)
			} else {
				fmt.Fprintf(e.stderr, "rustykg: warning: serving on %s, reachable from other machines: the explorer has no authentication and shows the whole data set\n", ln.Addr())
			}
			go h.Warm(ctx)
			if err := web.Serve(ctx, web.NewServer(addr, h), ln, serveGrace); err != nil {
				return err
			}
			// Stopped by SIGINT or SIGTERM (ctx): exit code 130, as
			// every command ended by a signal.
			return fmt.Errorf("serve shut down gracefully: %w", ctx.Err())
		},
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0: any free port)")
	c.Flags().StringVar(&rend, "renderer", renderer.Auto, "who draws diagrams: `R` = "+strings.Join(renderer.Choices, ", "))
	return c
}

// webHandler builds the explorer on cat, with a renderer when one is found
// (else the pages say why they have no diagrams).
func (e *env) webHandler(cat *queries.Catalog, choice string) (*web.Handler, error) {
	cfg := web.Config{Catalog: cat, Source: e.source(), Flags: e.dataFlags(), APICommands: apiCommands(e)}
	r, err := renderer.Find(choice, e.stderr)
	if err != nil {
		cfg.NoRenderer = err.Error()
		fmt.Fprintf(e.stderr, "rustykg: warning: the explorer draws no diagrams: %v\n", err)
	} else {
		cfg.Renderer = r
	}
	cfg.API = e.apiFunc(cat)
	return web.New(cfg)
}

// dataFlags are the global flags a command line on a page needs to ask
// the same data set.
func (e *env) dataFlags() string {
	var parts []string
	if e.dataDir != "" {
		parts = append(parts, "--data", web.ShellQuote(e.dataDir))
	}
	if !memoryStore(e.store) {
		parts = append(parts, "--store", web.ShellQuote(e.store))
	}
	return strings.Join(parts, " ")
}

// apiCommandNames are the commands /api/ runs: those that answer a
// question from the graph. render, export, query (raw queries in a child
// process), import, check and the rest are not offered.
var apiCommandNames = []string{"challenges", "evidence", "gaps", "kernels", "matrix", "neighbors", "path", "shared", "show", "similar", "studies", "tables"}

// apiCommands documents the API: each command's arguments and flags.
func apiCommands(e *env) []web.APICommand {
	var out []web.APICommand
	for _, mk := range commands() {
		c := mk(e)
		if !slices.Contains(apiCommandNames, c.Name()) {
			continue
		}
		ac := web.APICommand{Name: c.Name(), Short: c.Short}
		if _, rest, ok := strings.Cut(c.Use, " "); ok {
			ac.Args = rest
		}
		c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) { ac.Flags = append(ac.Flags, f.Name) })
		sort.Strings(ac.Flags)
		out = append(out, ac)
	}
	return out
}

// apiFunc answers /api/COMMAND?QUERY by running the command itself on the
// loaded catalog with --format json, so the bytes are those the CLI
// prints. Query parameters "arg" are the positional arguments, in order;
// any other parameter must be one of the command's own flags (global
// flags such as --data cannot be set from a request).
func (e *env) apiFunc(cat *queries.Catalog) web.APIFunc {
	return func(ctx context.Context, command string, q url.Values) ([]byte, error) {
		if !slices.Contains(apiCommandNames, command) {
			return nil, fmt.Errorf("%w: no API command %q (see /api/)", web.ErrNotFound, command)
		}
		var out, errs bytes.Buffer
		run := &env{stdout: &out, stderr: &errs, cat: cat, store: e.store, dataDir: e.dataDir}
		var cmd *cobra.Command
		for _, mk := range commands() {
			if c := mk(run); c.Name() == command {
				cmd = c
			}
		}
		args := []string{command}
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "arg" {
				continue
			}
			if cmd.LocalNonPersistentFlags().Lookup(k) == nil {
				return nil, fmt.Errorf("%w: %s takes no parameter %q (its flags: %s)", web.ErrBadRequest, command, k, flagNames(cmd))
			}
			for _, v := range q[k] {
				args = append(args, "--"+k+"="+v)
			}
		}
		args = append(args, "--format=json", "--")
		args = append(args, q["arg"]...)
		err := run.execute(ctx, args)
		if err != nil {
			msg := visibleLines(err.Error())
			switch exitCode(err) {
			case exitUsage:
				return nil, fmt.Errorf("%w: %s", web.ErrBadRequest, msg)
			case exitNotFound:
				return nil, fmt.Errorf("%w: %s", web.ErrNotFound, msg)
			}
			return nil, errors.New(msg)
		}
		return out.Bytes(), nil
	}
}

func flagNames(c *cobra.Command) string {
	var names []string
	c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
