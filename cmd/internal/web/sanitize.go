package web

import (
	"fmt"
	"html/template"
	"strings"

	"rustykg/graph/viz/svgclean"
	"rustykg/queries/textesc"
)

// diagramSVG is how the explorer cleans a diagram (svgclean.Clean): a link
// is kept only when it points at a node page ("/node/..."); a link's
// tooltip becomes a <title> child, which browsers show on hover; text and
// values have their control and bidi characters made visible, as
// everywhere on the pages (tooltips and text keep their line breaks).
var diagramSVG = svgclean.Options{
	Link:      func(href string) bool { return strings.HasPrefix(href, "/node/") },
	Tooltips:  svgclean.TooltipTitle,
	Role:      "img",
	ShowText:  textesc.VisibleText,
	ShowValue: textesc.Visible,
}

// sanitizeSVG re-writes Graphviz SVG for inlining into a page. The result
// is the only template.HTML the explorer builds from data; the
// hostile-data tests check it.
func sanitizeSVG(svg []byte) (template.HTML, error) {
	out, err := svgclean.Clean(svg, diagramSVG)
	if err != nil {
		return "", fmt.Errorf("inline the picture: %w", err)
	}
	return template.HTML(out), nil
}
