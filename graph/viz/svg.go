package viz

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// SVGNodeIDs returns the IDs of the nodes drawn in an SVG that Graphviz
// made from our DOT: the <title> of every <g class="node">, in document
// order. quoteID writes IDs so that the title reads back as the ID itself.
func SVGNodeIDs(svg []byte) ([]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var ids []string
	inNode, inTitle := 0, false
	depth := 0
	var title strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return ids, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "g" && inNode == 0 && hasClass(t, "node") {
				inNode = depth
			}
			if t.Name.Local == "title" && inNode == depth-1 && inNode > 0 {
				inTitle = true
				title.Reset()
			}
		case xml.EndElement:
			if inTitle && t.Name.Local == "title" {
				ids = append(ids, title.String())
				inTitle = false
			}
			if depth == inNode {
				inNode = 0
			}
			depth--
		case xml.CharData:
			if inTitle {
				title.Write(t)
			}
		}
	}
}

func hasClass(se xml.StartElement, class string) bool {
	for _, a := range se.Attr {
		if a.Name.Local == "class" {
			for _, c := range strings.Fields(a.Value) {
				if c == class {
					return true
				}
			}
		}
	}
	return false
}

// CheckNodes reports an error unless the SVG draws every node of d.
func CheckNodes(svg []byte, d *Diagram) error {
	ids, err := SVGNodeIDs(svg)
	if err != nil {
		return err
	}
	drawn := map[string]bool{}
	for _, id := range ids {
		drawn[id] = true
	}
	var missing []string
	for _, n := range d.Nodes {
		if !drawn[clean(n.ID)] {
			missing = append(missing, n.ID)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %d of %d nodes missing from the svg (%s)", ErrBadOutput, len(missing), len(d.Nodes), strings.Join(missing, ", "))
	}
	return nil
}
