//go:build linux

package graph

// TrimAlways makes bbolt loads unmap their file's pages at every look
// (a budget of 0) until the returned function puts the budget back.
func TrimAlways() func() {
	b := mappedBudget
	mappedBudget = 0
	return func() { mappedBudget = b }
}
