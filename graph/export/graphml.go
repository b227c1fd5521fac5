package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"rustykg/graph"
)

// Network is the projection of a data set that GraphML and CSV write: the
// nodes, and one directed edge per ordered pair of nodes that merges the
// statements between them (the review's "includes" statements too), as
// graph.ProjectClaims builds it.
type Network struct {
	Nodes []NetNode
	Edges []NetEdge
}

// NetNode is a node with what the exports say about it.
type NetNode struct {
	graph.Node
	// Studies are the studies (or the review) behind the statements that
	// touch the node, sorted.
	Studies []string
}

// NetEdge is a merged edge.
type NetEdge struct {
	Source, Target string
	graph.EdgeInfo
}

// NewNetwork projects ds.
func NewNetwork(ds *graph.Dataset) (*Network, error) {
	claims := append([]graph.Claim(nil), ds.Claims...)
	if ds.Review != "" {
		for _, n := range ds.Nodes {
			if n.Kind == graph.KindStudy && n.InReview {
				claims = append(claims, graph.Claim{Subject: ds.Review, Relation: graph.RelIncludes, Object: n.ID, Study: ds.Review})
			}
		}
	}
	p, err := graph.ProjectClaims(ds.Nodes, claims, true)
	if err != nil {
		return nil, err
	}
	edges, err := p.G.Edges()
	if err != nil {
		return nil, fmt.Errorf("project edges: %w", err)
	}
	net := &Network{}
	studies := map[string]map[string]bool{}
	for _, e := range edges {
		info, _ := e.Properties.Data.(graph.EdgeInfo)
		net.Edges = append(net.Edges, NetEdge{Source: e.Source, Target: e.Target, EdgeInfo: info})
		for _, id := range []string{e.Source, e.Target} {
			if studies[id] == nil {
				studies[id] = map[string]bool{}
			}
			for _, s := range info.Studies {
				studies[id][s] = true
			}
		}
	}
	sort.Slice(net.Edges, func(i, j int) bool {
		a, b := net.Edges[i], net.Edges[j]
		if a.Source != b.Source {
			return graph.NodeLess(a.Source, b.Source)
		}
		return graph.NodeLess(a.Target, b.Target)
	})
	for _, n := range ds.Nodes {
		if _, err := p.G.Vertex(n.ID); err != nil {
			continue
		}
		nn := NetNode{Node: n}
		for s := range studies[n.ID] {
			nn.Studies = append(nn.Studies, s)
		}
		sort.Strings(nn.Studies)
		net.Nodes = append(net.Nodes, nn)
	}
	sort.Slice(net.Nodes, func(i, j int) bool { return graph.NodeLess(net.Nodes[i].ID, net.Nodes[j].ID) })
	return net, nil
}

// graphmlKeys are the typed attributes of GraphML nodes and edges.
var graphmlKeys = []struct{ id, target, name, typ string }{
	{"kind", "node", "kind", "string"},
	{"name", "node", "name", "string"},
	{"year", "node", "year", "int"},
	{"in_review", "node", "in_review", "boolean"},
	{"n_studies", "node", "n_studies", "int"},
	{"studies", "node", "studies", "string"},
	{"flags", "node", "flags", "string"},
	{"relation", "edge", "relation", "string"},
	{"e_n_studies", "edge", "n_studies", "int"},
	{"e_studies", "edge", "studies", "string"},
	{"claims", "edge", "claims", "string"},
}

// WriteGraphML writes the network of ds as GraphML: a directed graph,
// node IDs as in rustykg, and typed attributes. Nodes: kind, name, year
// (int, studies only), in_review (boolean), n_studies (int) and studies
// (the IDs, separated by ";"; the studies behind the statements that
// touch the node), flags. Edges: relation (the merged relations, ";"),
// n_studies (int), studies and claims (the claim IDs, ";").
func WriteGraphML(w io.Writer, ds *graph.Dataset) error {
	net, err := NewNetwork(ds)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphmlKeys {
		fmt.Fprintf(bw, "  <key id=%q for=%q attr.name=%q attr.type=%q/>\n", k.id, k.target, k.name, k.typ)
	}
	bw.WriteString(`  <graph id="rustykg" edgedefault="directed">` + "\n")
	for _, n := range net.Nodes {
		fmt.Fprintf(bw, "    <node id=\"%s\">\n", xmlEscape(n.ID))
		data(bw, "kind", string(n.Kind))
		data(bw, "name", n.Name)
		if y, err := strconv.Atoi(n.Attr("year")); err == nil {
			data(bw, "year", strconv.Itoa(y))
		}
		data(bw, "in_review", strconv.FormatBool(n.InReview))
		data(bw, "n_studies", strconv.Itoa(len(n.Studies)))
		data(bw, "studies", strings.Join(n.Studies, ";"))
		if len(n.Flags) > 0 {
			data(bw, "flags", strings.Join(n.Flags, ";"))
		}
		bw.WriteString("    </node>\n")
	}
	for i, e := range net.Edges {
		fmt.Fprintf(bw, "    <edge id=\"e%d\" source=\"%s\" target=\"%s\">\n", i, xmlEscape(e.Source), xmlEscape(e.Target))
		data(bw, "relation", joinRelations(e.Relations))
		data(bw, "e_n_studies", strconv.Itoa(len(e.Studies)))
		data(bw, "e_studies", strings.Join(e.Studies, ";"))
		if len(e.Claims) > 0 {
			data(bw, "claims", strings.Join(e.Claims, ";"))
		}
		bw.WriteString("    </edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	return bw.Flush()
}

func data(w *bufio.Writer, key, v string) {
	fmt.Fprintf(w, "      <data key=%q>%s</data>\n", key, xmlEscape(v))
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func joinRelations(rs []graph.Relation) string {
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = string(r)
	}
	return strings.Join(ss, ";")
}
