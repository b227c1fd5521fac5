package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"rustykg/cmd/internal/outfile"
	"rustykg/cmd/internal/renderer"
	"rustykg/graph"
	"rustykg/queries/report"
)

// noFiguresOnStdout stands in for each figure of a Markdown report
// printed to stdout, where there is no place for figure files.
const noFiguresOnStdout = "not drawn (Markdown on standard output has no place for figure files: give -o FILE.md to write them beside the report, or -o FILE.html to have them inline)."

func reportCmd(e *env) *cobra.Command {
	var output, rend string
	c := &cobra.Command{
		Use:         "report [-o FILE.md | -o FILE.html] [-f markdown|html]",
		Annotations: map[string]string{formatsKey: formatsOwn},
		Short:       "Write a self-contained report of the data set (Markdown or HTML)",
		Long: `report writes one document about the data set: the review's method (databases,
search strings, window, research questions) with a PRISMA 2020 flow diagram
drawn from review.yaml's counts; Tables 2-4 as the review prints them and with
the studies beyond it; the kernel x challenge matrix; the challenges kernels
share; the review's inconsistencies (its notes, the claims recorded as printed,
and what "gaps" finds); a section per kernel (approach, challenges,
implications, lessons, each with study and locator); every other statement
(what studies report and teach, what lessons address, what causes
implications); and the bibliography of every study the report cites. Kernel names link to their sections, study IDs
to their bibliography entries.

The format comes from -f (markdown or html), else from the -o file's
extension (.md, .markdown, .html, .htm), else Markdown.

  -o report.md    the Markdown, and its figures as SVG files in the folder
                  report-figures/ beside it (the folder is the report's: it
                  is replaced as a whole and may hold only .svg files)
  -o report.html  one HTML page, figures inline, no remote resources
  (no -o)         Markdown on stdout, without figures (each says where to
                  get it), or with -f html the HTML page; -o to a device or
                  FIFO (-o /dev/stdout -f markdown) is the same as stdout

The files appear together or not at all: an error leaves the old report
and figures as they were. The same data gives the same bytes (figures
depend on the Graphviz that draws them: rustykg-render, else dot;
--renderer picks one).`,
		Example: `  rustykg report -o report.md
  rustykg report -o report.html
  rustykg report > report.md
  rustykg report --data mydata -f html > report.html`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			format, err := reportFormat(c, e.format, output)
			if err != nil {
				return err
			}
			if e.bibtex {
				return usagef("report writes a document; --bibtex has nothing to print (the report holds its bibliography)")
			}
			if !slices.Contains(renderer.Choices, rend) {
				return usagef("unknown renderer %q (want %s)", rend, strings.Join(renderer.Choices, ", "))
			}
			ctx := c.Context()
			opts := report.Options{NoFigures: noFiguresOnStdout}
			figDir := ""
			// Markdown gets its figures as files beside it, so only when it
			// goes to a regular file (or a new one): a device or FIFO
			// (-o /dev/stdout) is a stream like stdout.
			figures := format == "html" || output != "" && !isStream(output)
			if figures {
				if opts.Renderer, err = renderer.Find(rend, e.stderr); err != nil {
					return err
				}
			}
			if format == "markdown" && figures {
				figDir = strings.TrimSuffix(output, filepath.Ext(output)) + "-figures"
				opts.FigureDir = filepath.Base(figDir)
			}
			e.keepDS = true // for the content hash
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			if e.ds != nil {
				opts.DataHash = graph.ContentHash(e.ds)
			} else {
				opts.DataHash = cat.G.Info().ContentHash // recorded by the store
			}
			doc, err := report.Build(ctx, cat, opts)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if format == "html" {
				err = report.WriteHTML(&buf, doc)
			} else {
				err = report.WriteMarkdown(&buf, doc)
			}
			if err != nil {
				return err
			}
			switch {
			case output == "":
				_, err = e.stdout.Write(buf.Bytes())
				return err
			case figDir == "":
				return outfile.Write(ctx, output, buf.Bytes())
			}
			var files []outfile.File
			for _, f := range doc.Figures() {
				files = append(files, outfile.File{Name: f.File, Data: f.SVG})
			}
			return outfile.WithFolder(ctx, output, buf.Bytes(), figDir, ".svg", files)
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "", "write to `FILE` (.md: figures in FILE-figures/ beside it; .html: one page)")
	c.Flags().StringVar(&rend, "renderer", renderer.Auto, "who draws the figures: `R` = "+strings.Join(renderer.Choices, ", ")+" (auto: rustykg-render when found, else native dot)")
	return c
}

// isStream reports whether path names an existing file that is not a
// regular one (a terminal, /dev/stdout, a FIFO).
func isStream(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.Mode().IsRegular()
}

// reportFormat decides the report's format: -f when given (markdown or
// html), else the -o file's extension, else Markdown.
func reportFormat(c *cobra.Command, flag, output string) (string, error) {
	ext := ""
	switch strings.ToLower(filepath.Ext(output)) {
	case ".md", ".markdown":
		ext = "markdown"
	case ".html", ".htm":
		ext = "html"
	}
	if fl := c.Flag("format"); fl != nil && fl.Changed {
		if flag != "markdown" && flag != "html" {
			return "", usagef("report writes markdown or html, not %q", flag)
		}
		if output != "" && ext != "" && ext != flag {
			return "", usagef("-f %s disagrees with the extension of %q (%s): change one", flag, output, ext)
		}
		return flag, nil
	}
	if output == "" {
		return "markdown", nil
	}
	if ext == "" {
		return "", usagef("cannot tell the format of %q from its extension (.md, .html); give -f markdown or -f html", output)
	}
	return ext, nil
}
