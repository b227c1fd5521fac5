//go:build !linux

package graph

import bolt "go.etcd.io/bbolt"

// dropMapped does nothing where madvise is not used: mapped pages of the
// file stay resident until it is closed.
func dropMapped(*bolt.DB) {}

// trimMapped does nothing where madvise is not used.
func trimMapped(*bolt.DB) {}
