#!/usr/bin/env bash
# Imports Cayley's sample data set 30kmoviedata.nq.gz (471,705 quads, relative
# IRIs) into the memory store, rustykg and the cayley CLI side by side in one
# run, alternating, and prints each run's wall time and peak memory (GNU time).
#   rustykg: rustykg --data FILE --base http://example.org/ check
#            (strict N-Quads reading, then Cayley's memstore)
#   cayley:  cayley load --db memstore --load FILE   (its lenient reader, same store)
# Usage: loaders/testdata/bench-movies.sh CAYLEY_BINARY [RUNS]
# (build CAYLEY_BINARY as /work/shared/peers.md explains).
set -euo pipefail
cd "$(dirname "$0")/../.."
cayley=${1:?usage: bench-movies.sh CAYLEY_BINARY [RUNS]}
runs=${2:-3}
file="$(go list -m -f '{{.Dir}}' github.com/cayleygraph/cayley)/data/30kmoviedata.nq.gz"
bin=$(mktemp -d)/rustykg
go build -o "$bin" ./cmd/rustykg
tm=$(mktemp)
measure() { # label command...: one run, "label  seconds  peak-MiB"
  local label=$1; shift
  /usr/bin/time -o "$tm" -f '%e %U %M' "$@" >/dev/null 2>&1
  awk -v l="$label" '{printf "%-8s %7.2f s wall %7.2f s user %7.0f MiB peak\n", l, $1, $2, $3/1024}' "$tm"
}
for _ in $(seq "$runs"); do
  measure rustykg "$bin" --data "$file" --base http://example.org/ check
  measure cayley "$cayley" load --db memstore --load "$file" --logtostderr=false
done
