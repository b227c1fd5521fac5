package raster

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// pictures are the README's pictures, SVG as go-graphviz wrote it.
var pictures = []string{"review.svg", "shared-redox-theseus-tock.svg"}

func readPicture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "pictures", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPNGShowsTheSVG: the PNG of each README picture passes Check: every
// edge drawn where the SVG draws it, no black areas, same proportions.
func TestPNGShowsTheSVG(t *testing.T) {
	for _, name := range pictures {
		t.Run(name, func(t *testing.T) {
			svg := readPicture(t, name)
			out, err := PNG(svg, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := Check(svg, out); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			// 96 dpi, as Graphviz's own PNG: the review is 1239pt wide.
			if name == "review.svg" && img.Bounds().Dx() != 1652 {
				t.Errorf("width %d px, want 1652 (1239pt at 96 dpi)", img.Bounds().Dx())
			}
		})
	}
}

// TestCheckCatchesBrokenPNGs: Check fails a PNG with black wedges, one
// without edges, and one of other proportions (what go-graphviz's PNG
// output did), so TestPNGShowsTheSVG cannot pass by accident.
func TestCheckCatchesBrokenPNGs(t *testing.T) {
	svg := readPicture(t, "shared-redox-theseus-tock.svg")
	good, err := PNG(svg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(good))
	b := img.Bounds()
	enc := func(m image.Image) []byte {
		var buf bytes.Buffer
		png.Encode(&buf, m)
		return buf.Bytes()
	}
	blank := image.NewRGBA(b)
	for i := range blank.Pix {
		blank.Pix[i] = 0xff
	}
	wedge := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			wedge.Set(x, y, img.At(x, y))
			if x > 100 && x < 140 && y > 100 && y < 200 {
				wedge.Set(x, y, color.Black)
			}
		}
	}
	squat := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()/2))
	for name, data := range map[string][]byte{"no edges": enc(blank), "black wedge": enc(wedge), "proportions": enc(squat), "not png": []byte("GIF89a")} {
		if err := Check(svg, data); !errors.Is(err, ErrMismatch) {
			t.Errorf("%s: Check = %v, want ErrMismatch", name, err)
		}
	}
}

func TestPNGErrors(t *testing.T) {
	for name, svg := range map[string]string{
		"not xml":        "<svg",
		"no svg":         "<g></g>",
		"script":         `<svg width="10pt" height="10pt" viewBox="0 0 10 10"><script>x</script></svg>`,
		"image":          `<svg width="10pt" height="10pt" viewBox="0 0 10 10"><image href="x.png"/></svg>`,
		"relative path":  `<svg width="10pt" height="10pt" viewBox="0 0 10 10"><path d="m1,1 l2,2"/></svg>`,
		"bad number":     `<svg width="10pt" height="10pt" viewBox="0 0 10 10"><polygon points="1,x 2,2"/></svg>`,
		"empty":          `<svg width="0pt" height="10pt" viewBox="0 0 0 10"></svg>`,
		"bad colour":     `<svg width="10pt" height="10pt" viewBox="0 0 10 10"><polygon fill="url(#g)" points="1,1 2,2 3,1"/></svg>`,
		"bad transform":  `<svg width="10pt" height="10pt" viewBox="0 0 10 10"><g transform="skewX(3)"></g></svg>`,
		"infinite width": `<svg width="1e999pt" height="10pt" viewBox="0 0 10 10"></svg>`,
	} {
		if _, err := PNG([]byte(svg), Options{}); !errors.Is(err, ErrBadSVG) && !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: err %v, want ErrBadSVG or ErrUnsupported", name, err)
		}
	}
}

// TestMaxPixels: a huge picture is drawn at a lower resolution.
func TestMaxPixels(t *testing.T) {
	svg := `<svg width="100000pt" height="100000pt" viewBox="0 0 100000 100000"><polygon fill="red" points="0,0 100000,0 100000,100000"/></svg>`
	out, err := PNG([]byte(svg), Options{MaxPixels: 1e4})
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(out))
	if n := img.Bounds().Dx() * img.Bounds().Dy(); n > 10201 {
		t.Fatalf("%d pixels, want at most about 1e4", n)
	}
}

func FuzzPNG(f *testing.F) {
	f.Add(readPicture(f, "shared-redox-theseus-tock.svg"))
	f.Add([]byte(`<svg width="10pt" height="10pt" viewBox="0 0 10 10"><g transform="rotate(30) translate(1 2)"><path d="M1,1C2,2 3,3 4,4L5,5Z"/><ellipse cx="1" cy="1" rx="2" ry="1"/><text x="1" y="1">a</text></g></svg>`))
	f.Fuzz(func(t *testing.T, svg []byte) {
		out, err := PNG(svg, Options{MaxPixels: 1e4})
		if err == nil && !bytes.HasPrefix(out, []byte("\x89PNG")) {
			t.Fatal("no error and no PNG")
		}
	})
}

// TestLongThinPicture: a picture with one huge side stays within maxSide.
func TestLongThinPicture(t *testing.T) {
	svg := `<svg width="1e12pt" height="1pt" viewBox="0 0 1e12 1"></svg>`
	out, err := PNG([]byte(svg), Options{})
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(out))
	if img.Bounds().Dx() > maxSide {
		t.Fatalf("width %d px", img.Bounds().Dx())
	}
}

// TestHostileGeometry: points far off the canvas, outlines without end
// and absurd dashes or fonts are refused or drawn plainly. How long they
// take is bounded by the painter's budgets (maxCoord, maxDrawn), not timed
// here: BenchmarkHostileOutline measures the worst accepted outline.
func TestHostileGeometry(t *testing.T) {
	const head = `<svg width="100pt" height="100pt" viewBox="0 0 100 100">`
	long := head + `<path fill="none" stroke="black" d="M0,0`
	for range 200 {
		long += ` C1e4,1e4 -1e4,-1e4 1e4,1e4`
	}
	long += `"/></svg>`
	for name, c := range map[string]struct {
		svg     string
		wantErr bool
	}{
		"far point":    {head + `<path stroke="black" d="M0,0 C1e12,1e12 1,1 2,2"/></svg>`, true},
		"far scale":    {head + `<g transform="scale(1e9)"><polygon fill="red" points="0,0 1,0 1,1"/></g></svg>`, true},
		"long outline": {long, true},
		"fine dashes":  {head + `<polyline stroke="black" stroke-dasharray="1e-9,1e-9" points="0,0 100,100"/></svg>`, false},
		"huge font":    {head + `<text font-size="1e9" x="1" y="1">big</text></svg>`, false},
		"wide stroke":  {head + `<polyline stroke="black" stroke-width="1e30" points="0,0 100,100"/></svg>`, false},
	} {
		_, err := PNG([]byte(c.svg), Options{})
		if (err != nil) != c.wantErr || (err != nil && !errors.Is(err, ErrBadSVG)) {
			t.Errorf("%s: err %v, want an error: %v", name, err, c.wantErr)
		}
	}
}

// BenchmarkHostileOutline draws the longest outline the painter accepts
// before it refuses a picture (maxDrawn pixels), the worst case of
// TestHostileGeometry.
func BenchmarkHostileOutline(b *testing.B) {
	svg := `<svg width="100pt" height="100pt" viewBox="0 0 100 100"><path fill="none" stroke="black" d="M0,0`
	for range 200 {
		svg += ` C1e4,1e4 -1e4,-1e4 1e4,1e4`
	}
	svg += `"/></svg>`
	for b.Loop() {
		if _, err := PNG([]byte(svg), Options{}); !errors.Is(err, ErrBadSVG) {
			b.Fatal(err)
		}
	}
}
