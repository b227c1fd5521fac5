//go:build !linux

package rawquery

// capMemory sets only the Go runtime's soft memory limit outside Linux:
// the runtime collects garbage harder near n, but a query that keeps
// what it allocates is not stopped.
func capMemory(n int64) error {
	softLimit(n - n/4)
	return nil
}
