package report

import (
	"fmt"

	"rustykg/graph/viz/svgclean"
)

// SanitizeSVG re-writes a renderer's SVG as a fragment that is safe to
// inline in HTML and still a valid SVG file on its own (svgclean.Clean
// with the namespaces declared): only drawing elements and attributes
// stay, no link survives, tooltips stay xlink:title, and every id (and
// url(#id) reference) gets prefix so that several figures in one page
// never share an id. The same input gives the same bytes; errors wrap
// ErrBadSVG.
func SanitizeSVG(in []byte, prefix string) ([]byte, error) {
	out, err := svgclean.Clean(in, svgclean.Options{IDPrefix: prefix, Standalone: true})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadSVG, err)
	}
	return out, nil
}
