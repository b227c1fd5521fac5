package browser

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds the browser: $RUSTYKG_CHROMIUM, else chromium,
// chromium-browser, google-chrome or google-chrome-stable on $PATH. None
// found: the test is skipped, or fails in CI (RUSTYKG_CI=1).
func chromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("RUSTYKG_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "no chromium on $PATH (Debian: apt-get install chromium; or set RUSTYKG_CHROMIUM)"
	if os.Getenv("RUSTYKG_CI") == "1" {
		t.Fatal(msg + "; RUSTYKG_CI=1: a browser test must not skip in CI")
	}
	t.Skip(msg)
	return ""
}

// window is the browser window's size in CSS pixels: the size of the
// README's pictures.
const (
	windowWidth  = 1280
	windowHeight = 800
)

// actionTimeout bounds one browser action (a navigation, a click, a read).
const actionTimeout = 60 * time.Second

// tab is one headless Chromium tab with everything the page wrote to its
// console (calls of the console API, uncaught exceptions, browser log
// entries such as failed loads or CSP refusals) collected.
type tab struct {
	t    testing.TB
	ctx  context.Context
	base string // the server's URL

	mu   sync.Mutex
	msgs []consoleLine
	at   string // the page being looked at, for messages
}

type consoleLine struct {
	at string
	m  chromedp.ConsoleMessage
}

// newTab starts a headless Chromium with flags fit for a container run as
// root (no sandbox, no GPU, no /dev/shm, no background traffic) and a
// temporary profile, removed when the test ends, and opens a tab on base.
func newTab(t testing.TB, base string) *tab {
	t.Helper()
	exe := chromiumPath(t)
	profile := t.TempDir() // removed after the browser is gone (cleanups run last in, first out)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(windowWidth, windowHeight),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); acancel() })
	sctx, scancel := context.WithTimeout(ctx, actionTimeout)
	defer scancel()
	// The first action starts the browser; it is bound to ctx, not sctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	if err := chromedp.Do(sctx, chromedp.EmulateViewport(windowWidth, windowHeight)); err != nil {
		t.Fatalf("viewport: %v", err)
	}
	b := &tab{t: t, ctx: ctx, base: base}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.msgs = append(b.msgs, consoleLine{b.at, m})
			b.mu.Unlock()
		}
	}()
	return b
}

// run runs actions with the per-action time limit; an error fails the test.
func (b *tab) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s (on %s): %v", what, b.where(), err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *tab, expr string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		b.t.Fatalf("evaluate %s (on %s): %v", expr, b.where(), err)
	}
	return v
}

// where is the tab's location, for messages.
func (b *tab) where() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.at
}

func (b *tab) setAt(u string) {
	b.mu.Lock()
	b.at = strings.TrimPrefix(u, b.base)
	b.mu.Unlock()
}

// open loads base+path and checks the answer is 200 with HTML.
func (b *tab) open(path string) {
	b.t.Helper()
	b.must(b.load("open "+path, chromedp.Navigate(b.base+path)))
}

// follow clicks the first element matching the CSS selector sel (a link
// or a submit button) and waits for the page it leads to, which must be a
// 200 with HTML; it returns the new page's address (path and query).
func (b *tab) follow(sel string) string {
	b.t.Helper()
	return b.must(b.load("click "+sel, chromedp.Click(chromedp.CSS(sel))))
}

// loaded is what a navigation led to.
type loaded struct {
	what   string // the step, for messages
	at     string // the address, path and query
	status int64
	mime   string
}

// must fails the test unless p is a 200 with HTML, and returns p.at.
func (b *tab) must(p loaded) string {
	b.t.Helper()
	if p.status != 200 {
		b.t.Fatalf("%s: %s answered %d", p.what, p.at, p.status)
	}
	if !strings.HasPrefix(p.mime, "text/html") {
		b.t.Fatalf("%s: %s is %s, want text/html", p.what, p.at, p.mime)
	}
	return p.at
}

// load runs a step that navigates and waits for the page; a step that
// fails or loads nothing fails the test.
func (b *tab) load(what string, step chromedp.Action[chromedp.Void]) loaded {
	b.t.Helper()
	from := b.where()
	b.mu.Lock()
	b.at = "(" + what + ")" // messages of the navigation itself
	b.mu.Unlock()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, step)
	if err != nil {
		b.t.Fatalf("%s (from %s): %v", what, from, err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("%s: location: %v", what, err)
	}
	b.setAt(loc)
	if resp == nil {
		b.t.Fatalf("%s: no HTTP response (a navigation inside the page?)", what)
	}
	return loaded{what: what, at: b.where(), status: resp.Status, mime: resp.MimeType}
}

// count is the number of elements matching a CSS selector.
func (b *tab) count(sel string) int {
	b.t.Helper()
	return eval[int](b, fmt.Sprintf("document.querySelectorAll(%s).length", jsString(sel)))
}

// texts are the trimmed text contents of the elements matching sel.
func (b *tab) texts(sel string) []string {
	b.t.Helper()
	return eval[[]string](b, fmt.Sprintf("Array.from(document.querySelectorAll(%s), e => e.textContent.trim())", jsString(sel)))
}

// attrs are the values of attribute name on the elements matching sel.
func (b *tab) attrs(sel, name string) []string {
	b.t.Helper()
	return eval[[]string](b, fmt.Sprintf("Array.from(document.querySelectorAll(%s), e => e.getAttribute(%s) || '')", jsString(sel), jsString(name)))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	var w strings.Builder
	w.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			w.WriteByte('\\')
			w.WriteRune(r)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&w, `\u%04x`, r)
		default:
			w.WriteRune(r)
		}
	}
	w.WriteByte('"')
	return w.String()
}

// problems are the console errors and uncaught exceptions collected since
// the tab opened (warnings and logs are not problems).
func (b *tab) problems() []string {
	// Give events already sent by the browser a moment to arrive.
	time.Sleep(100 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, l := range b.msgs {
		if l.m.Type == chromedp.ConsoleError || l.m.IsException() {
			src := l.m.URL
			if l.m.Source != "" {
				src = l.m.Source + " " + src
			}
			out = append(out, fmt.Sprintf("on %s: %s (%s:%d)", l.at, l.m, src, l.m.Line+1))
		}
	}
	return out
}

// forget drops the console messages collected so far (after pages that
// were meant to fail to load).
func (b *tab) forget() {
	time.Sleep(100 * time.Millisecond)
	b.mu.Lock()
	b.msgs = nil
	b.mu.Unlock()
}

// screenshot writes a PNG of the whole page to the test's artifact folder
// as name.png.
func (b *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), img, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Pictures for the README: the top of the page, at most pictureMaxHeight
// CSS pixels of it, scaled by pictureScale.
const (
	pictureMaxHeight = 1500
	pictureScale     = 0.75
)

// picture writes the top of the page (the whole window's width, up to
// pictureMaxHeight) to dir/name.png, scaled down and re-encoded with the
// best compression: the README's pictures are committed.
func (b *tab) picture(t *testing.T, dir, name string) {
	t.Helper()
	height := min(eval[float64](b, "document.documentElement.scrollHeight"), pictureMaxHeight)
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		Clip:                  &page.Viewport{Width: windowWidth, Height: height, Scale: pictureScale},
		CaptureBeyondViewport: new(true),
		FromSurface:           new(true),
	})
	if err != nil {
		t.Fatalf("picture %s: %v", name, err)
	}
	img, err := png.Decode(bytes.NewReader(res.Data))
	if err != nil {
		t.Fatalf("picture %s: %v", name, err)
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
