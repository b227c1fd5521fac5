package main

import (
	"os"
	"testing"
)

// skipUnlessLong skips a slow case unless RUSTYKG_LONG=1: the README's test
// command stays under a minute, and CI runs the long cases in a step of
// their own (.ci/run).
func skipUnlessLong(t *testing.T) {
	t.Helper()
	if os.Getenv("RUSTYKG_LONG") != "1" {
		t.Skip("slow case; set RUSTYKG_LONG=1 to run it")
	}
}
