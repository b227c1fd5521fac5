// Package data embeds rustykg's shipped data set (see README.md in this
// folder) so the binary runs with no files around it.
package data

import "embed"

// FS holds the data set's YAML and BibTeX files at its root.
//
//go:embed *.yaml *.bib
var FS embed.FS
