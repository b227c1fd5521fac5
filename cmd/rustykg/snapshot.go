package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/loaders"
)

// The built-in data set is parsed and validated once per content, then
// read from a snapshot: the validated graph.Dataset, gob-encoded, in
// <user cache dir>/rustykg/embedded-<key>.gob, where key hashes the
// embedded files and the snapshot format. Parsing the YAML and BibTeX and
// checking every reference is about 40% of an everyday command's CPU
// (docs/benchmarks.md); decoding the snapshot is a tenth of that. A
// snapshot that is missing, unreadable or does not decode is ignored (the
// files are parsed as before) and rewritten; the cache holds nothing else.
// RUSTYKG_CACHE=off turns it off.
const (
	snapshotFormat = "rustykg-dataset-gob-1"
	cacheEnv       = "RUSTYKG_CACHE"
)

// embeddedDataset returns the built-in data set, from its snapshot when
// one matches. limit is --data-limit (0: the loaders' default): when the
// embedded files are over it, they are loaded, so the loader refuses them.
func embeddedDataset(limit int64) (*graph.Dataset, error) {
	path, size := snapshotPath()
	if path != "" && (limit <= 0 || size <= limit) {
		if ds := readSnapshot(path); ds != nil {
			return ds, nil
		}
	}
	ds, err := loaders.Load(data.FS, "", loaders.MaxDataSize(limit))
	if err != nil {
		return nil, err
	}
	if path != "" {
		writeSnapshot(path, ds)
	}
	return ds, nil
}

// snapshotPath is where the snapshot of the embedded files lives, or ""
// when the cache is off or there is no user cache dir, and the embedded
// files' total size.
func snapshotPath() (string, int64) {
	if os.Getenv(cacheEnv) == "off" {
		return "", 0
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", 0
	}
	var size int64
	h := sha256.New()
	h.Write([]byte(snapshotFormat))
	err = fs.WalkDir(data.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data.FS, p)
		if err != nil {
			return err
		}
		h.Write([]byte{0})
		h.Write([]byte(p))
		h.Write([]byte{0})
		h.Write(b)
		size += int64(len(b))
		return nil
	})
	if err != nil {
		return "", 0
	}
	return filepath.Join(dir, "rustykg", "embedded-"+hex.EncodeToString(h.Sum(nil))[:32]+".gob"), size
}

func readSnapshot(path string) *graph.Dataset {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var ds graph.Dataset
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&ds); err != nil || len(ds.Nodes) == 0 {
		return nil
	}
	return &ds
}

// writeSnapshot writes the snapshot atomically (a temporary file renamed
// into place), in a folder only the user can read; failures are ignored.
func writeSnapshot(path string, ds *graph.Dataset) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(ds); err != nil {
		return
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".snapshot-")
	if err != nil {
		return
	}
	_, werr := f.Write(buf.Bytes())
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
	}
}
