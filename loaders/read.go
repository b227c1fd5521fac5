package loaders

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// This file finds and reads the files of a data set. Only regular files are
// read (a symbolic link is followed when it names one); a named pipe, a
// device, a socket or a folder with a data file's name is reported, never
// opened for reading or skipped. Every read is capped whatever the file
// system says about the size, so /dev/zero behind a .yaml name cannot grow
// memory, and the files of a data set together have a budget.

// MaxFileSize is the largest data file the loaders read (8 MiB). The whole
// review is under 100 KiB; a bigger file is almost surely a mistake.
const MaxFileSize = 8 << 20

// DefaultMaxDataSize is the default budget for all the files of one data
// set together (32 MiB): about 1.5 GB of memory once loaded into the
// in-memory store. Raise it with the option MaxDataSize (rustykg
// --data-limit).
const DefaultMaxDataSize = 32 << 20

// Option changes how a data set is loaded.
type Option func(*options)

type options struct {
	maxTotal int64
	sheets   []string
	bibs     []string
	yamls    []string // YAML files given by Files
	others   []string // files given by Files that are no data files
	skip     func(Skipped)
}

// Sheets loads extraction sheets (.csv files, read from disk: paths as the
// operating system names them) with the data set, as if they were in its
// folder; they count towards the data set's budget.
func Sheets(paths ...string) Option {
	return func(o *options) { o.sheets = append(o.sheets, paths...) }
}

// Bibliographies loads BibTeX files (.bib, read from disk: a Zotero,
// JabRef or Google Scholar export) with the data set, as if they were in
// its folder; they count towards the data set's budget. Unlike the
// folder's own .bib files, an entry of theirs that no YAML study names
// becomes a study of its own, outside the review: study:KEY, KEY in lower
// case.
func Bibliographies(paths ...string) Option {
	return func(o *options) { o.bibs = append(o.bibs, paths...) }
}

// Files loads data files read from disk (paths as the operating system
// names them) with the data set, each as its extension says: a YAML file
// (.yaml, .yml) as one of the data set's own files, a BibTeX file as
// Bibliographies does, an extraction sheet (.csv) as Sheets does. A path
// with another extension is a problem naming it. With LoadFiles they are
// the whole data set:
//
//	ds, err := loaders.LoadFiles(loaders.Files("a/kernels.yaml", "b/review.yaml", "zotero.bib", "findings.csv"))
func Files(paths ...string) Option {
	return func(o *options) {
		for _, p := range paths {
			switch dataFileKind(p) {
			case "yaml":
				o.yamls = append(o.yamls, p)
			case "bib":
				o.bibs = append(o.bibs, p)
			case "csv":
				o.sheets = append(o.sheets, p)
			default:
				o.others = append(o.others, p)
			}
		}
	}
}

// IsDataFile reports whether path names a file of a data set by its
// extension, in any case: YAML (.yaml, .yml), BibTeX (.bib) or an
// extraction sheet (.csv).
func IsDataFile(path string) bool { return dataFileKind(path) != "" }

// MaxDataSize sets the budget, in bytes, for all the files of a data set
// together; n <= 0 keeps the default.
func MaxDataSize(n int64) Option {
	return func(o *options) {
		if n > 0 {
			o.maxTotal = n
		}
	}
}

func newOptions(opts []Option) options {
	o := options{maxTotal: DefaultMaxDataSize}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// dataFileKind tells whether name is a data file by its extension, compared
// without regard to case (.yaml, .YAML and .Yml are YAML; .bib and .BIB are
// BibTeX): "yaml", "bib" or "".
func dataFileKind(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml":
		return "yaml"
	case ".bib":
		return "bib"
	case ".csv":
		return "csv"
	}
	return ""
}

// sourceFile is one data file as read.
type sourceFile struct {
	name  string // name in the folder
	shown string // name in problem positions
	bib   bool
	sheet bool // an extraction sheet (.csv)
	extra bool // a .bib file given by Bibliographies
	src   []byte
}

// readDataFiles lists the folder (fsys, or the OS folder osDir when it is
// not empty) and reads every data file in name order. File-level problems
// (not a regular file, too big) are returned as Problems; over the budget,
// the one problem that says so and no file; an I/O error as an error
// wrapping ErrRead.
func readDataFiles(fsys fs.FS, osDir, prefix string, o options) ([]*sourceFile, Problems, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrRead, err)
	}
	// Each file to read: the folder's data files in name order, then
	// the sheets given by Sheets and the BibTeX files given by
	// Bibliographies, each from its own OS folder.
	type item struct {
		fsys  fs.FS
		osDir string
		e     fs.DirEntry
		kind  string
		shown string
		extra bool
	}
	var items []item
	for _, e := range entries {
		if kind := dataFileKind(e.Name()); kind != "" {
			shown := e.Name()
			if prefix != "" {
				shown = path.Join(prefix, e.Name())
			}
			items = append(items, item{fsys, osDir, e, kind, shown, false})
		}
	}
	// Files given are read in path order, whatever the order given, so
	// that problems ("first defined at") do not depend on it.
	extras := func(paths []string, kind string) error {
		for _, p := range slices.Sorted(slices.Values(paths)) {
			info, err := os.Lstat(p)
			if err != nil {
				return fmt.Errorf("%w: %w", ErrRead, err)
			}
			dir := filepath.Dir(p)
			items = append(items, item{os.DirFS(dir), dir, fs.FileInfoToDirEntry(info), kind, p, kind == "bib"})
		}
		return nil
	}
	if err := extras(o.yamls, "yaml"); err != nil {
		return nil, nil, err
	}
	if err := extras(o.sheets, "csv"); err != nil {
		return nil, nil, err
	}
	if err := extras(o.bibs, "bib"); err != nil {
		return nil, nil, err
	}
	var files []*sourceFile
	var probs Problems
	var total int64
	for _, p := range o.others {
		probs = append(probs, Problem{Pos: Pos{File: p}, stage: stageRead, Msg: "not a data file: want .yaml, .yml, .bib or .csv"})
	}
	for _, it := range items {
		fsys, osDir, e := it.fsys, it.osDir, it.e
		f := &sourceFile{name: e.Name(), shown: it.shown, bib: it.kind == "bib", sheet: it.kind == "csv", extra: it.extra}
		fileProblem := func(format string, a ...any) {
			probs = append(probs, Problem{Pos: Pos{File: f.shown}, Msg: fmt.Sprintf(format, a...), stage: stageRead})
		}
		info, msg := notRegular(fsys, e)
		if msg != "" {
			fileProblem("%s", msg)
			continue
		}
		if info.Size() > MaxFileSize { // not read at all
			fileProblem("file is %d bytes, over the %d-byte limit for a data file", info.Size(), MaxFileSize)
			continue
		}
		budget := min(MaxFileSize, o.maxTotal-total)
		src, over, err := readCapped(fsys, osDir, e.Name(), budget)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %s: %w", ErrRead, f.shown, err)
		}
		switch {
		case over && budget == MaxFileSize:
			fileProblem("file is over the %d-byte limit for a data file (it grew, or its size is not what the file system said)", MaxFileSize)
			continue
		case over:
			where := prefix
			if where == "" {
				where = "data set"
			}
			probs = append(probs, Problem{Pos: Pos{File: where}, stage: stageRead, Msg: fmt.Sprintf(
				"the files together are over the size limit of %s for a data set, reached at %s (files are read in name order); raise it with rustykg --data-limit SIZE", bytesText(o.maxTotal), f.shown)})
			return nil, probs[len(probs)-1:], nil // nothing else is read or checked
		}
		total += int64(len(src))
		f.src = src
		files = append(files, f)
	}
	return files, probs, nil
}

// notRegular stats the entry (following a symbolic link) and returns why it
// cannot be read as a data file, or "".
func notRegular(fsys fs.FS, e fs.DirEntry) (fs.FileInfo, string) {
	link := e.Type()&fs.ModeSymlink != 0
	info, err := fs.Stat(fsys, e.Name())
	if err != nil {
		if link {
			return nil, "is a symbolic link to a file that cannot be read (" + errText(err) + ")"
		}
		return nil, "cannot be read (" + errText(err) + ")"
	}
	if info.Mode().IsRegular() {
		return info, ""
	}
	what := modeText(info.Mode())
	if link {
		return nil, "is a symbolic link to " + what + "; only regular files are read"
	}
	return nil, "is " + what + "; only regular files are read"
}

func modeText(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a regular file"
}

// errText is the reason of an fs error without the path it repeats.
func errText(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// readCapped reads at most limit bytes of name and reports whether the
// file holds more. An OS file is opened without blocking (a file swapped
// for a named pipe after the check cannot hang the open) and checked to be
// regular once open.
func readCapped(fsys fs.FS, osDir, name string, limit int64) ([]byte, bool, error) {
	var f fs.File
	var err error
	if osDir != "" {
		f, err = os.OpenFile(filepath.Join(osDir, name), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	} else {
		f, err = fsys.Open(name)
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if !info.Mode().IsRegular() {
		return nil, false, fmt.Errorf("%s changed into %s while being read", name, modeText(info.Mode()))
	}
	src, err := io.ReadAll(io.LimitReader(f, max(limit, 0)+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(src)) > limit {
		return nil, true, nil
	}
	return src, false, nil
}

// bytesText writes a size for messages: "8 MiB", "1536 bytes".
func bytesText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ParseSize reads a size such as "64MiB", "64M", "1GiB", "500KB" or
// "1048576" (bytes). Units are powers of 1024; KB, MB, GB are read as
// KiB, MiB, GiB.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	digits := 0
	for digits < len(t) && '0' <= t[digits] && t[digits] <= '9' {
		digits++
	}
	num, unit := t[:digits], strings.ToLower(strings.TrimSpace(t[digits:]))
	var mult int64
	switch unit {
	case "", "b":
		mult = 1
	case "k", "kb", "kib":
		mult = 1 << 10
	case "m", "mb", "mib":
		mult = 1 << 20
	case "g", "gb", "gib":
		mult = 1 << 30
	default:
		return 0, fmt.Errorf("size %q: unknown unit %q (use KiB, MiB or GiB)", s, unit)
	}
	var n int64
	if num == "" || len(num) > 12 {
		return 0, fmt.Errorf("size %q: want a whole number of bytes, KiB, MiB or GiB", s)
	}
	for _, c := range num {
		n = n*10 + int64(c-'0')
	}
	if n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("size %q: want more than 0 and at most 1 TiB", s)
	}
	return n * mult, nil
}
