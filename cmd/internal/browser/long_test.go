package browser

import (
	"os"
	"testing"
)

// skipUnlessLong skips a slow case unless RUSTYKG_LONG=1 (or -update,
// which asks for the pictures the tour takes): each browser test builds
// rustykg and starts Chromium, which does not fit in the README's one
// minute of `go test ./...`. CI runs the long cases in a step of their
// own (.ci/run), where a missing Chromium fails them.
func skipUnlessLong(t *testing.T) {
	t.Helper()
	if os.Getenv("RUSTYKG_LONG") != "1" && !*update {
		t.Skip("slow case (builds rustykg, starts Chromium); set RUSTYKG_LONG=1 to run it")
	}
}
