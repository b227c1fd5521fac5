package queries

import (
	"context"
	"reflect"
	"testing"

	"rustykg/graph"
)

// TestSharedBy: SharedBy is KernelsFacing for every challenge faced by
// two kernels or more.
func TestSharedBy(t *testing.T) {
	ctx := context.Background()
	_, c := embeddedCatalog(t)
	got, err := SharedBy(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	var want []ChallengeKernels
	for _, ch := range c.IDs(graph.KindChallenge) {
		r, err := KernelsFacing(ctx, c, ch)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Kernels) >= 2 {
			want = append(want, r)
		}
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("SharedBy gives %d challenges, KernelsFacing %d, or they differ", len(got), len(want))
	}
}
