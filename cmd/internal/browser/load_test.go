package browser

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The load test's shape: loadClients concurrent clients, each sending its
// next request as soon as the last one is answered, for loadDuration, on
// the embedded data, after loadWarmup of the same load.
const (
	loadClients  = 200
	loadDuration = 20 * time.Second
	loadWarmup   = 3 * time.Second
	// The server's resident memory may grow by at most this share of its
	// size after the warm-up, plus loadRSSSlack: a bound generous enough
	// for the garbage collector's swings, tight enough to catch a cache
	// or a goroutine that grows with every request.
	loadRSSGrowth = 0.5
	loadRSSSlack  = 32 << 20
)

// loadTargets are the pages under load: a node page and the shared
// explorer (with its diagram) for the README's pair.
var loadTargets = []struct{ name, path string }{
	{"node", "/node/kernel:redox"},
	{"shared", "/shared?k=kernel:atmosphere&k=kernel:theseus"},
}

// TestLoad (RUSTYKG_LONG=1) runs loadClients clients against the node
// page and the shared explorer of a rustykg serve on 127.0.0.1 for
// loadDuration: every answer must be a 200 with a whole page; it logs
// p50, p99 and the worst latency per page, the request rate and the
// server's resident memory (VmRSS) after the warm-up, at the end and at
// its highest, and fails when memory grew past the bound above.
//
//	RUSTYKG_LONG=1 go test -run TestLoad -v ./cmd/internal/browser
func TestLoad(t *testing.T) {
	skipUnlessLong(t)
	s := serve(t)
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Fatalf("the load test runs on loopback only, not %s", s.URL)
	}
	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        loadClients,
			MaxIdleConnsPerHost: loadClients,
			DisableCompression:  true,
		},
	}
	defer client.CloseIdleConnections()
	for _, tg := range loadTargets { // the first request of each renders and caches
		if _, err := fetch(context.Background(), client, s.URL+tg.path); err != nil {
			t.Fatal(err)
		}
	}

	if w := hammer(client, s.URL, loadWarmup); w.errors > 0 {
		t.Fatalf("warm-up: %d requests failed; the first: %s", w.errors, strings.Join(w.firstErrors, "; "))
	}
	before, err := rss(s.PID)
	if err != nil {
		t.Fatal(err)
	}
	highest := before
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // the server's memory, once a second
		defer close(sampled)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if m, err := rss(s.PID); err == nil && m > highest {
					highest = m
				}
			}
		}
	}()
	res := hammer(client, s.URL, loadDuration)
	close(stop)
	<-sampled
	after, err := rss(s.PID)
	if err != nil {
		t.Fatal(err)
	}

	total := 0
	for i, tg := range loadTargets {
		lat := res.latency[i]
		total += len(lat)
		if len(lat) == 0 {
			t.Errorf("%s: no request completed", tg.name)
			continue
		}
		t.Logf("%-6s %s: %d requests, p50 %v, p99 %v, max %v", tg.name, tg.path, len(lat),
			percentile(lat, 50), percentile(lat, 99), lat[len(lat)-1])
	}
	t.Logf("%d clients, %v: %d requests (%.0f/s), %d errors", loadClients, loadDuration, total,
		float64(total)/loadDuration.Seconds(), res.errors)
	t.Logf("server RSS: %s after warm-up, %s at the end, %s at most", mib(before), mib(after), mib(highest))
	if res.errors > 0 {
		t.Errorf("%d requests failed; the first: %s", res.errors, strings.Join(res.firstErrors, "; "))
	}
	if limit := before + int64(float64(before)*loadRSSGrowth) + loadRSSSlack; after > limit {
		t.Errorf("the server's memory grew from %s to %s under a steady load (bound %s)", mib(before), mib(after), mib(limit))
	}
}

// loadResult is what a run of hammer measured: the latencies per target
// (sorted), the number of failed requests and the first few failures.
type loadResult struct {
	latency     [][]time.Duration
	errors      int
	firstErrors []string
}

// hammer runs loadClients clients for d, each cycling through the targets
// from a different start.
func hammer(client *http.Client, base string, d time.Duration) loadResult {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var (
		mu  sync.Mutex
		res = loadResult{latency: make([][]time.Duration, len(loadTargets))}
		wg  sync.WaitGroup
	)
	for c := range loadClients {
		wg.Go(func() {
			mine := make([][]time.Duration, len(loadTargets))
			var errs []string
			for i := c; ctx.Err() == nil; i++ {
				k := i % len(loadTargets)
				start := time.Now()
				_, err := fetch(ctx, client, base+loadTargets[k].path)
				took := time.Since(start)
				if ctx.Err() != nil { // the run ended mid-request: not a failure
					break
				}
				if err != nil {
					errs = append(errs, err.Error())
					continue
				}
				mine[k] = append(mine[k], took)
			}
			mu.Lock()
			defer mu.Unlock()
			for k := range mine {
				res.latency[k] = append(res.latency[k], mine[k]...)
			}
			res.errors += len(errs)
			for _, e := range errs {
				if len(res.firstErrors) < 3 {
					res.firstErrors = append(res.firstErrors, e)
				}
			}
		})
	}
	wg.Wait()
	for k := range res.latency {
		slices.Sort(res.latency[k])
	}
	return res
}

// fetch GETs u and reads the whole answer; anything but a 200 with a
// non-empty HTML body is an error.
func fetch(ctx context.Context, client *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("%s: read: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s", u, resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); len(body) == 0 || !strings.HasPrefix(ct, "text/html") {
		return 0, fmt.Errorf("%s: %d bytes of %q", u, len(body), ct)
	}
	return len(body), nil
}

// percentile is the p-th percentile of sorted latencies (nearest rank).
func percentile(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(len(sorted)-1, i-1))]
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
