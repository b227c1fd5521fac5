package main

import (
	"io/fs"
)

// onlyFiles is a folder that shows only the named files, so the loader
// reads exactly the data files given on the command line.
type onlyFiles struct {
	fs.FS
	names map[string]bool
}

func (o onlyFiles) Open(name string) (fs.File, error) {
	if name != "." && !o.names[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.FS.Open(name)
}

func (o onlyFiles) ReadDir(name string) ([]fs.DirEntry, error) {
	all, err := fs.ReadDir(o.FS, name)
	if err != nil || name != "." {
		return all, err
	}
	var out []fs.DirEntry
	for _, e := range all {
		if o.names[e.Name()] {
			out = append(out, e)
		}
	}
	return out, nil
}
