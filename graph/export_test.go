package graph

// UseRowWrites makes a PostgreSQL store load through Cayley's own writer
// instead of COPY, so tests can compare what the two write.
func UseRowWrites(st Store) {
	st.(*sqlStore).rowWrites = true
}
