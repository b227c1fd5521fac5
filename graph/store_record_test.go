package graph

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewerSchemaRefused: a store whose record says a newer schema wrote it
// is refused with a message naming both versions.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
	st, err := OpenStore(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	ds := &Dataset{Review: "review:r", Nodes: []Node{{ID: "review:r", Kind: KindReview, Name: "R"}}}
	rec := StoreInfo{Schema: SchemaVersion + 1, Review: ds.Review, ContentHash: ContentHash(ds), Quads: len(Quads(ds))}
	if err := st.Load(ctx, append(Quads(ds), rec.quads()...), LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = OpenStore(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Attach(ctx, st)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Attach = %v, want ErrNewerSchema", err)
	}
	for _, want := range []string{"schema version 2", "reads up to 1", "upgrade rustykg"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not say %q", err, want)
		}
	}
}
