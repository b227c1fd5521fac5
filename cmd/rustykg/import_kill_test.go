package main

import (
	"context"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"rustykg/graph"
	"rustykg/graph/synth"
	"rustykg/loaders"
)

// TestImportKilled kills `rustykg import --replace` at random moments (20
// tries per backend) and checks that the store then holds either the old
// data set or the new one, complete, never a mix. Long: RUSTYKG_LONG=1.
func TestImportKilled(t *testing.T) {
	skipUnlessLong(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "rustykg")
	if out, err := exec.Command("go", "build", "-o", bin, "rustykg/cmd/rustykg").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	oldDS, err := loaders.LoadDir(minimal)
	if err != nil {
		t.Fatal(err)
	}
	// Sizes keep the 20 tries within a few minutes.
	sizes := map[string]int{"bbolt": 600, "postgres": 600}
	for _, b := range persistentBackends() {
		t.Run(b.Name, func(t *testing.T) {
			lit := filepath.Join(tmp, "lit-"+b.Name)
			if err := synth.Write(synth.Dataset(sizes[b.Name], 3), lit); err != nil {
				t.Fatal(err)
			}
			newDS, err := loaders.LoadDir(lit)
			if err != nil {
				t.Fatal(err)
			}
			hashes := map[string]string{graph.ContentHash(oldDS): minimal, graph.ContentHash(newDS): lit}
			uri := b.URI(t)
			importer := func(ctx context.Context, data string) *exec.Cmd {
				return exec.CommandContext(ctx, bin, "import", "--replace", "--batch", "1000", "--data", data, "--store", uri)
			}
			// How long a whole import takes, to spread the kills over it.
			start := time.Now()
			if out, err := importer(context.Background(), lit).CombinedOutput(); err != nil {
				t.Fatalf("import: %v\n%s", err, out)
			}
			full := time.Since(start)
			rng := rand.New(rand.NewPCG(1, 2))
			killed := 0
			for try := 0; try < 20; try++ {
				// Alternate: the store holds one data set, the import
				// writes the other.
				from, to := minimal, lit
				if try%2 == 1 {
					from, to = lit, minimal
				}
				if out, err := importer(context.Background(), from).CombinedOutput(); err != nil {
					t.Fatalf("import %s: %v\n%s", from, err, out)
				}
				cmd := importer(context.Background(), to)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(rng.Int64N(int64(full))))
				cmd.Process.Kill()
				wasKilled := cmd.Wait() != nil
				if wasKilled {
					killed++
				}
				st, err := graph.OpenStore(context.Background(), uri)
				if err != nil {
					t.Fatalf("try %d: reopen: %v", try, err)
				}
				g, err := graph.Attach(context.Background(), st)
				if err != nil {
					t.Fatalf("try %d: attach: %v", try, err)
				}
				holds, ok := hashes[g.Info().ContentHash]
				g.Close()
				if !ok || (holds != from && holds != to) {
					t.Fatalf("try %d: store records %s", try, g.Info().ContentHash)
				}
				out, _, code := run(t, "check", "--data", holds, "--store", uri)
				if code != 0 {
					t.Fatalf("try %d: the store is not exactly %s:\n%s", try, holds, out)
				}
				t.Logf("try %d: killed mid-way %t; the store holds %s", try, wasKilled, filepath.Base(holds))
			}
			if killed == 0 {
				t.Errorf("no import was killed before it finished (whole import %s)", full)
			}
			t.Logf("%d of 20 imports killed mid-way (whole import %s)", killed, full)
		})
	}
}
