#!/usr/bin/env bash
# Times rustykg query per process against rustykg shared (issue 8's target:
# query within 1.3x of shared), and the start-up of other commands against
# a reference build (issue 8: no command slower by more than 5 ms), side by
# side with hyperfine (Debian: apt-get install -y hyperfine).
#
# Usage: cmd/rustykg/testdata/bench-query.sh [REF] [RUNS] [ROUNDS]
#   REF     a git revision to compare start-up with (default main); its
#           rustykg (and rustykg-query, when it has one) are built too
#   RUNS    runs per command per round (default 3)
#   ROUNDS  rounds (default 20); each round runs every command RUNS times,
#           so the commands interleave and load that drifts (a shared
#           machine) is spread over all of them; each command's figure is
#           the median over all its runs
#
# Prints per command the median wall time and CPU time (user + system,
# the median of the rounds' means; other load on the machine disturbs it
# less), then the ratios.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ref=${1:-main}
runs=${2:-3}
rounds=${3:-20}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/new" "$tmp/ref/src"
go build -o "$tmp/new/" ./cmd/rustykg
git archive "$ref" | tar -x -C "$tmp/ref/src"
(cd "$tmp/ref/src" && go build -o "$tmp/ref/" ./cmd/rustykg &&
  if [ -d cmd/rustykg-query ]; then go build -o "$tmp/ref/" ./cmd/rustykg-query; fi)

new=$tmp/new/rustykg old=$tmp/ref/rustykg
q='g.V("<kernel:hermit>").Out("<rkg:faces>").Tag("challenge").In("<rkg:faces>").Except(g.V("<kernel:hermit>")).Tag("kernel").Unique().All()'
names=(
  "shared redox theseus (new)"
  "query REF-QUERY (new)"
  "query REF-QUERY ($ref)"
  "--help (new)" "--help ($ref)"
  "shared redox theseus ($ref)"
  "tables (new)" "tables ($ref)"
)
cmds=(
  "$new shared redox theseus"
  "$new query '$q'"
  "$old query '$q'"
  "$new --help" "$old --help"
  "$old shared redox theseus"
  "$new tables" "$old tables"
)
"$new" query "$q" >/dev/null # fail early, and warm the page cache
"$old" query "$q" >/dev/null

for r in $(seq "$rounds"); do
  hyperfine -N -w 1 -r "$runs" --export-json "$tmp/round$r.json" "${cmds[@]}" >/dev/null 2>&1
done

python3 - "$tmp" "$rounds" "${names[@]}" <<'EOF'
import json, statistics, sys
tmp, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
wall = [[] for _ in names]
cpu = [[] for _ in names]
for r in range(1, rounds + 1):
    for i, res in enumerate(json.load(open(f"{tmp}/round{r}.json"))["results"]):
        wall[i] += res["times"]
        cpu[i].append(res["user"] + res["system"])
med = [statistics.median(w) * 1000 for w in wall]
cpum = [statistics.median(c) * 1000 for c in cpu]
print(f"{'command':34} {'median wall ms':>15} {'cpu ms':>12}")
for n, m, c in zip(names, med, cpum):
    print(f"{n:34} {m:15.1f} {c:12.1f}")
def ratio(a, b, what):
    print(f"{what:50} wall {med[a]/med[b]:.2f}x ({med[a]-med[b]:+.1f} ms), cpu {cpum[a]/cpum[b]:.2f}x ({cpum[a]-cpum[b]:+.1f} ms)")
print()
ratio(1, 0, "query / shared (new; target <= 1.3x)")
ratio(2, 5, "query / shared (ref)")
ratio(1, 2, "query new / query ref")
ratio(3, 4, "--help new / ref (target <= +5 ms)")
ratio(0, 5, "shared new / ref (target <= +5 ms)")
ratio(6, 7, "tables new / ref (target <= +5 ms)")
EOF
