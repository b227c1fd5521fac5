package queries_test

import (
	"rustykg/queries"
	"rustykg/queries/rawquery"
)

// The engine of raw queries is package rawquery, which imports queries;
// the gizmo case files run through it from here.
func init() { queries.RunRaw = rawquery.Run }
