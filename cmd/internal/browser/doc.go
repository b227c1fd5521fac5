// Package browser tests rustykg's web explorer (`rustykg serve`) from the
// outside, as a user meets it: the real rustykg binary, built once per test
// run, serving on a loopback port, driven by a real headless Chromium
// (Debian's chromium package) through the Chrome DevTools protocol
// (github.com/chromedp/chromedp). It holds no code rustykg uses; its tests
// are:
//
//   - TestBrowserTour: home, a kernel page, two kernels picked in the
//     shared-challenges explorer (the page must show what `rustykg shared`
//     answers, with the studies), the study behind it (its copy button
//     must put the BibTeX entry on the clipboard), a matrix cell and its
//     evidence; no console error, no uncaught exception, no failed
//     load; a PNG screenshot of each step in the test's artifact folder.
//   - TestBrowserXSS: data sets whose names, notes, locators, BibTeX
//     fields and URLs are script payloads (testdata/xss, and the web
//     package's testdata/hostile), served and crawled page by page, once
//     with the Content-Security-Policy bypassed (so escaping alone is
//     tested) and once with it; no payload runs, nothing in the DOM could
//     run one, no raw bidi control reaches the text.
//   - TestBrowserCSP: script injected into a served page at run time is
//     refused by the page's Content-Security-Policy (the same injection
//     runs on a page without the header, so the check can fail).
//   - TestBrowserSeesProblems: the console check itself sees a logged
//     error, an uncaught exception and a failed load on a test page.
//   - TestLoad (RUSTYKG_LONG=1): 200 concurrent clients for 20 s on the
//     node page and the shared explorer; no error; p50/p99 latency and the
//     server's resident memory before and after.
//
// Every test that builds rustykg or starts Chromium is long: it runs only
// with RUSTYKG_LONG=1 (or -update), so the README's `go test ./...` stays
// under a minute; .ci/run runs the long cases. Without a chromium (or
// chromium-browser, google-chrome) on $PATH the browser tests are skipped
// with a message; with RUSTYKG_CI=1 (as .ci/run sets) they fail instead.
// RUSTYKG_CHROMIUM names another browser binary.
//
// Keeping the screenshots: Go's artifact folder. For example
//
//	mkdir -p /tmp/shots
//	RUSTYKG_LONG=1 go test -run TestBrowserTour -artifacts -outputdir /tmp/shots ./cmd/internal/browser
//
// leaves home.png, kernel.png, shared.png, study.png, matrix.png and
// evidence.png under /tmp/shots/_artifacts/ (-v prints the folder).
// Without -artifacts they go to a temporary folder removed after the test.
//
// The README's pictures (docs/pictures/*.png) are the tour's pages at a
// fixed window size; regenerate them with
//
//	go test -run TestBrowserTour ./cmd/internal/browser -update
//
// The load test (figures in docs/benchmarks.md):
//
//	RUSTYKG_LONG=1 go test -run TestLoad -v ./cmd/internal/browser
package browser
