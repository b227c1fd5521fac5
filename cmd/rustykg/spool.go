package main

import "io"

// spoolChunk is the size of a spool's chunks.
const spoolChunk = 1 << 20

// spool holds a command's output until it is known to be complete (see
// env.print). It keeps what is written in chunks of spoolChunk bytes, so
// an answer of tens of megabytes (the matrix of a large literature) is
// copied once, not again each time a single buffer would double.
type spool struct {
	chunks [][]byte
}

// Write implements io.Writer; it never fails.
func (s *spool) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(s.chunks) == 0 || len(s.chunks[len(s.chunks)-1]) == cap(s.chunks[len(s.chunks)-1]) {
			s.chunks = append(s.chunks, make([]byte, 0, spoolChunk))
		}
		last := &s.chunks[len(s.chunks)-1]
		k := min(len(p), cap(*last)-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// WriteTo writes everything held to w, in order.
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, c := range s.chunks {
		k, err := w.Write(c)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
