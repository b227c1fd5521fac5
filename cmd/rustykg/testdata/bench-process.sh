#!/usr/bin/env bash
# Times the built rustykg binary as a whole process (start-up, loading the
# embedded data set and answering), cold each run, and prints the median.
# Usage: cmd/rustykg/testdata/bench-process.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-31}
bin=$(mktemp -d)/rustykg
go build -o "$bin" ./cmd/rustykg

median_ms() { # command...: runs it $runs times, prints the median wall time in ms
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

"$bin" tables >/dev/null # warm the page cache once
printf 'runs: %d\n' "$runs"
printf '%-28s %8s ms\n' "true (process floor)" "$(median_ms true)"
printf '%-28s %8s ms\n' "rustykg shared redox theseus" "$(median_ms "$bin" shared redox theseus)"
printf '%-28s %8s ms\n' "rustykg tables" "$(median_ms "$bin" tables)"
