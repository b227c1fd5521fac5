//go:build linux

package graph

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// rssFile is the process's resident file-backed memory, in KiB.
func rssFile(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "RssFile:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no RssFile in /proc/self/status")
	return 0
}

// TestDropMapped: the pages of a bbolt file read through its mapping
// count as resident until dropMapped, and read the same afterwards;
// fileResident measures them.
func TestDropMapped(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "m.bolt"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	val := bytes.Repeat([]byte("v"), 3000)
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		for i := range 8000 { // about 32 MB, a page and a bit each
			if err := b.Put(fmt.Appendf(nil, "%06d", i), val); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	readAll := func() {
		t.Helper()
		n := 0
		db.View(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("b")).ForEach(func(_, v []byte) error {
				if bytes.Equal(v, val) {
					n++
				}
				return nil
			})
		})
		if n != 8000 {
			t.Fatalf("%d values read back, want 8000", n)
		}
	}
	dropMapped(db)
	before := rssFile(t)
	readAll()
	read := rssFile(t)
	// fileResident (statm, for trimMapped) sees what RssFile shows.
	if got := fileResident() >> 10; got < int64(read)*9/10 || got > int64(read)*11/10 {
		t.Errorf("fileResident = %d KiB, RssFile %d KiB", got, read)
	}
	dropMapped(db)
	after := rssFile(t)
	t.Logf("RssFile %d KiB, after reading the file %d KiB, after dropMapped %d KiB", before, read, after)
	if read-before < 16<<10 {
		t.Skipf("reading 32 MB through the mapping added only %d KiB to RssFile", read-before)
	}
	if after-before > (read-before)/4 {
		t.Errorf("dropMapped left %d of the %d KiB the read mapped", after-before, read-before)
	}
	readAll()
}
