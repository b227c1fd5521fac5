package graph

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSchemaChecked: a store written by another schema is refused with a
// message naming both versions and the way out: a newer one (with or
// without a read index, as a future layout might write it), and an older
// one (version 1 wrote quads with no index, version 2 an index without
// the faces projection), which must be imported again.
func TestSchemaChecked(t *testing.T) {
	ctx := context.Background()
	ds := &Dataset{Review: "review:r", Nodes: []Node{{ID: "review:r", Kind: KindReview, Name: "R"}}}
	for _, tc := range []struct {
		name      string
		schema    int
		withIndex bool
		want      error
		says      []string
	}{
		{"newer", SchemaVersion + 1, false, ErrNewerSchema, []string{"schema version " + strconv.Itoa(SchemaVersion+1), "reads up to " + strconv.Itoa(SchemaVersion), "upgrade rustykg"}},
		{"newer with index", SchemaVersion + 1, true, ErrNewerSchema, []string{"schema version " + strconv.Itoa(SchemaVersion+1), "reads up to " + strconv.Itoa(SchemaVersion), "upgrade rustykg"}},
		{"older", 1, false, ErrOldSchema, []string{"schema version 1", "reads version " + strconv.Itoa(SchemaVersion), "rustykg import --replace"}},
		{"older with index", SchemaVersion - 1, true, ErrOldSchema, []string{"schema version " + strconv.Itoa(SchemaVersion-1), "reads version " + strconv.Itoa(SchemaVersion), "rustykg import --replace"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
			st, err := OpenStore(ctx, uri)
			if err != nil {
				t.Fatal(err)
			}
			rec := StoreInfo{Schema: tc.schema, Review: ds.Review, ContentHash: ContentHash(ds), Quads: len(Quads(ds))}
			opts := LoadOptions{}
			if tc.withIndex {
				opts.index = &indexSource{ds: ds, meta: storeMeta(rec)}
			}
			if err := st.Load(ctx, append(Quads(ds), rec.quads()...), opts); err != nil {
				t.Fatal(err)
			}
			st.Close()
			st, err = OpenStore(ctx, uri)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Attach(ctx, st)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Attach = %v, want %v", err, tc.want)
			}
			for _, want := range tc.says {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message %q does not say %q", err, want)
				}
			}
		})
	}
}

// TestVerifyIndex: Verify (check --store) compares the read index too: a
// store whose quads hold the data set but whose index was built from
// another one is reported, entry by entry.
func TestVerifyIndex(t *testing.T) {
	ctx := context.Background()
	ds := &Dataset{Review: "review:r", Nodes: []Node{
		{ID: "review:r", Kind: KindReview, Name: "R"},
		{ID: "kernel:k", Kind: KindKernel, Name: "K"},
	}}
	other := &Dataset{Review: "review:r", Nodes: []Node{
		{ID: "review:r", Kind: KindReview, Name: "R"},
		{ID: "kernel:k", Kind: KindKernel, Name: "Kay"},
	}}
	st, err := OpenStore(ctx, "bbolt:"+filepath.Join(t.TempDir(), "kg"))
	if err != nil {
		t.Fatal(err)
	}
	rec := StoreInfo{Schema: SchemaVersion, Review: ds.Review, ContentHash: ContentHash(ds), Quads: len(Quads(ds))}
	if err := st.Load(ctx, append(Quads(ds), rec.quads()...), LoadOptions{index: &indexSource{ds: other, meta: storeMeta(rec)}}); err != nil {
		t.Fatal(err)
	}
	g, err := Attach(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	m, err := g.Verify(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if m.OK() || len(m.Missing)+len(m.Extra) != 0 || m.Record != "" {
		t.Fatalf("Verify = %+v, want only index differences", m)
	}
	want := []string{`index name "c\x00kay\x00kernel:k": extra`, `index name "n\x00kay\x00kernel:k": extra`, `index node "kernel:k": differs`}
	for _, w := range want {
		if !slices.Contains(m.Index, w) {
			t.Errorf("Verify.Index = %q, lacks %q", m.Index, w)
		}
	}
}

// TestVerifyQuads: Verify lists, as N-Quads lines and sorted, exactly the
// quads only the data set has and only the store has, each once.
func TestVerifyQuads(t *testing.T) {
	ctx := context.Background()
	ds := &Dataset{Review: "review:r", Nodes: []Node{
		{ID: "review:r", Kind: KindReview, Name: "R"},
		{ID: "kernel:k", Kind: KindKernel, Name: "K", Aliases: []string{"Kay"}},
	}}
	stored := &Dataset{Review: "review:r", Nodes: []Node{
		{ID: "review:r", Kind: KindReview, Name: "R"},
		{ID: "kernel:k", Kind: KindKernel, Name: "K", Flags: []string{"f"}},
	}}
	st, err := OpenStore(ctx, "bbolt:"+filepath.Join(t.TempDir(), "kg"))
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewWith(ctx, st, stored, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	m, err := g.Verify(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	wantMissing := []string{`<kernel:k> <rkg:alias> "Kay" .`}
	wantExtra := []string{`<kernel:k> <rkg:flag> "f" .`}
	if !slices.Equal(m.Missing, wantMissing) || !slices.Equal(m.Extra, wantExtra) {
		t.Errorf("Verify: missing %q, extra %q; want %q and %q", m.Missing, m.Extra, wantMissing, wantExtra)
	}
	if m.Record == "" || m.OK() {
		t.Errorf("Verify does not report the other content hash: %+v", m)
	}
}
