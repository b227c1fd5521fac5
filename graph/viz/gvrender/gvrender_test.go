package gvrender

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"sync"
	"testing"

	graphviz "github.com/goccy/go-graphviz"

	"rustykg/graph"
	"rustykg/graph/viz"
	"rustykg/graph/viz/raster"
)

const nasty = `"quoted" <b>tags</b> & \\backslash`

func diagram() *viz.Diagram {
	return &viz.Diagram{
		Title: nasty,
		Nodes: []graph.Node{
			{ID: "kernel:k1", Kind: graph.KindKernel, Name: nasty, Description: nasty, InReview: true},
			{ID: `kernel:odd"id\`, Kind: graph.KindKernel, Name: "Odd", InReview: false},
			{ID: "challenge:c1", Kind: graph.KindChallenge, Name: "Panics", InReview: true},
		},
		Edges: []viz.Edge{
			{From: "kernel:k1", To: "challenge:c1", Relations: []graph.Relation{graph.RelFaces}, Studies: []string{"study:a", "study:b"}},
			{From: `kernel:odd"id\`, To: "challenge:c1", Via: []string{"study:a"}, Studies: []string{"study:a"}},
		},
		Clusters: []viz.Cluster{{ID: "approach:a", Label: "A & B", Members: []string{"kernel:k1"}}},
	}
}

func dot(t *testing.T) []byte {
	t.Helper()
	src, err := viz.DOT(diagram(), viz.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestRenderSVG: go-graphviz draws our DOT as well-formed SVG with every
// node, and the nasty label reads back.
func TestRenderSVG(t *testing.T) {
	for _, layout := range viz.Layouts {
		t.Run(layout, func(t *testing.T) {
			svg, err := Render(context.Background(), dot(t), "svg", layout)
			if err != nil {
				t.Fatal(err)
			}
			if err := viz.CheckPicture(svg, "svg"); err != nil {
				t.Fatal(err)
			}
			if err := viz.CheckNodes(svg, diagram()); err != nil {
				t.Fatal(err)
			}
			if text := svgText(svg); !strings.Contains(text, nasty) {
				t.Fatalf("label %s not in the svg text %q", nasty, text)
			}
		})
	}
}

// TestRenderPNG: the PNG shows what the SVG shows (raster.Check), with
// every layout; go-graphviz's own PNG of the same graph does not, which
// is why Render rasterises the SVG instead.
func TestRenderPNG(t *testing.T) {
	for _, layout := range []string{"dot", "fdp"} {
		svg, err := Render(context.Background(), dot(t), "svg", layout)
		if err != nil {
			t.Fatal(err)
		}
		png, err := Render(context.Background(), dot(t), "png", layout)
		if err != nil {
			t.Fatal(err)
		}
		if err := viz.CheckPicture(png, "png"); err != nil {
			t.Fatal(err)
		}
		if err := raster.Check(svg, png); err != nil {
			t.Errorf("%s: %v", layout, err)
		}
	}
	// go-graphviz's own PNG fails the same check.
	gv, err := graphviz.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot(t))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	var svg, png bytes.Buffer
	if err := gv.Render(context.Background(), g, graphviz.SVG, &svg); err != nil {
		t.Fatal(err)
	}
	if err := gv.Render(context.Background(), g, graphviz.PNG, &png); err != nil {
		t.Fatal(err)
	}
	if err := raster.Check(svg.Bytes(), png.Bytes()); err == nil {
		t.Error("go-graphviz's own PNG passes raster.Check: the check cannot tell a broken PNG")
	} else {
		t.Logf("go-graphviz's own PNG, as expected: %v", err)
	}
}

func TestRenderDOT(t *testing.T) {
	laid, err := Render(context.Background(), dot(t), "dot", "dot")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(laid, []byte("pos=")) {
		t.Fatalf("laid-out DOT has no positions:\n%s", laid)
	}
}

func TestRenderErrors(t *testing.T) {
	ctx := context.Background()
	for name, call := range map[string]func() ([]byte, error){
		"bad format": func() ([]byte, error) { return Render(ctx, dot(t), "pdf", "dot") },
		"bad layout": func() ([]byte, error) { return Render(ctx, dot(t), "svg", "spring") },
		"bad dot":    func() ([]byte, error) { return Render(ctx, []byte("digraph { a -> }"), "svg", "dot") },
		"not dot":    func() ([]byte, error) { return Render(ctx, []byte("\x00\xff garbage {{{"), "svg", "dot") },
	} {
		if out, err := call(); err == nil {
			t.Errorf("%s: no error (output %d bytes)", name, len(out))
		}
	}
}

// TestRenderConcurrent: renders from several goroutines are serialised
// and all succeed with the same output.
func TestRenderConcurrent(t *testing.T) {
	src := dot(t)
	want, err := Render(context.Background(), src, "svg", "dot")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := Render(context.Background(), src, "svg", "dot")
			if err == nil && !bytes.Equal(got, want) {
				err = errDiffers
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

var errDiffers = errors.New("concurrent render differs")

func svgText(svg []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var b strings.Builder
	in := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return strings.Join(strings.Fields(b.String()), " ")
		}
		switch x := tok.(type) {
		case xml.StartElement:
			in = x.Name.Local == "text"
		case xml.EndElement:
			in = false
			b.WriteString(" ")
		case xml.CharData:
			if in {
				b.Write(x)
			}
		}
	}
}

func BenchmarkRenderSVG(b *testing.B) {
	src, err := viz.DOT(diagram(), viz.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Render(context.Background(), src, "svg", "dot"); err != nil {
			b.Fatal(err)
		}
	}
}
