package viz

import "rustykg/graph"

// Style is how nodes of one kind look.
type Style struct {
	Shape string // Graphviz shape
	Fill  string // fill colour
	Line  string // outline colour
	Extra string // extra style words besides "filled", e.g. "rounded"
}

// Styles holds one style per kind; kinds not listed use defaultStyle.
var Styles = map[graph.Kind]Style{
	graph.KindReview:      {Shape: "folder", Fill: "#e8dcf5", Line: "#6a3d9a"},
	graph.KindStudy:       {Shape: "note", Fill: "#fff3c4", Line: "#b8860b"},
	graph.KindKernel:      {Shape: "box", Fill: "#d4e6f9", Line: "#1f5fa8", Extra: "rounded"},
	graph.KindApproach:    {Shape: "hexagon", Fill: "#e3e3e3", Line: "#555555"},
	graph.KindChallenge:   {Shape: "octagon", Fill: "#f9d4d4", Line: "#b22222"},
	graph.KindImplication: {Shape: "ellipse", Fill: "#fde3c8", Line: "#d2691e"},
	graph.KindCause:       {Shape: "ellipse", Fill: "#f2f2f2", Line: "#888888"},
	graph.KindLesson:      {Shape: "component", Fill: "#d7f0d2", Line: "#2e7d32"},
}

var defaultStyle = Style{Shape: "ellipse", Fill: "#ffffff", Line: "#000000"}

// styleOf returns the style of kind k.
func styleOf(k graph.Kind) Style {
	if s, ok := Styles[k]; ok {
		return s
	}
	return defaultStyle
}

// Fonts and colours shared by every diagram.
const (
	fontName     = "Helvetica,Arial,sans-serif"
	edgeColour   = "#4d4d4d"
	clusterFill  = "#f7f7f7"
	clusterLine  = "#b0b0b0"
	maxPenWidth  = 6
	legendPrefix = "_legend:" // IDs of legend nodes; no kind starts with '_'
)

// penWidth is an edge's width: the number of supporting studies, from 1
// to maxPenWidth.
func penWidth(studies int) int {
	return min(max(studies, 1), maxPenWidth)
}
