#!/usr/bin/env bash
# Times rustykg's named commands on a persistent store as whole processes
# (docs/benchmarks.md, "Queries on a store"), side by side with a reference
# build on its own store when given, and checks both print the same bytes
# (or, where the table layout changed, the same JSON).
#
# Usage:
#   bench-stores.sh store BIN URI [REF_BIN REF_URI] [RUNS]
#       shared K1 K2, similar K1, path K1 K2 and matrix on URI (bbolt:DIR or
#       postgres://...), RUNS rounds (default 5) interleaving the builds;
#       prints per command the median wall and CPU (user + sys) time and the
#       largest peak RSS (/usr/bin/time -v)
#   bench-stores.sh everyday BIN [REF_BIN] [RUNS] [ROUNDS]
#       rustykg --help against `shared atmosphere theseus` on the built-in
#       data (hyperfine, ROUNDS rounds of RUNS runs each, medians)
#   bench-stores.sh reference BIN URI FILE.nq [CAYLEY]
#       the reference query "kernels sharing a challenge with K0" (kernel
#       kernel000000 of a `rustykg gen` literature): rustykg similar --top 0
#       (every kernel sharing a challenge, the shared ones listed) on URI
#       against roqet (SPARQL over FILE.nq, load + query) and, when given,
#       the cayley CLI (load + Gizmo), one run each after a warm-up
#
# K1 and K2 are kernel:kernel000001 and kernel:kernel000002 unless
# RUSTYKG_BENCH_K1 / RUSTYKG_BENCH_K2 say otherwise.
set -euo pipefail
k1=${RUSTYKG_BENCH_K1:-kernel:kernel000001}
k2=${RUSTYKG_BENCH_K2:-kernel:kernel000002}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# timed OUT CMD...: runs CMD with stdout to OUT, prints "wall cpu rssKiB".
timed() {
  local out=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" >"$out"
  awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$tmp/t"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

case ${1:-} in
store)
  bin=$2 uri=$3 ref=${4:-} refuri=${5:-} runs=${6:-5}
  queries=("shared $k1 $k2" "similar $k1" "path $k1 $k2" "matrix")
  for r in $(seq "$runs"); do
    for i in "${!queries[@]}"; do
      read -ra q <<<"${queries[$i]}"
      timed "$tmp/new$i" "$bin" "${q[@]}" --store "$uri" >>"$tmp/new$i.times"
      if [ -n "$ref" ]; then
        timed "$tmp/ref$i" "$ref" "${q[@]}" --store "$refuri" >>"$tmp/ref$i.times"
        if ! cmp -s "$tmp/new$i" "$tmp/ref$i"; then
          # A change of table layout alone is allowed: then the JSON
          # answers must be the same bytes.
          "$bin" "${q[@]}" --store "$uri" -f json >"$tmp/new.json"
          "$ref" "${q[@]}" --store "$refuri" -f json >"$tmp/ref.json"
          cmp -s "$tmp/new.json" "$tmp/ref.json" || { echo "outputs differ: ${queries[$i]}" >&2; exit 1; }
          [ "$r" -eq 1 ] && echo "table layout differs, JSON identical: ${queries[$i]}" >&2
        fi
      fi
    done
  done
  printf '%-58s %10s %10s %10s\n' command "wall s" "cpu s" "max MiB"
  for i in "${!queries[@]}"; do
    for who in new ref; do
      [ -f "$tmp/$who$i.times" ] || continue
      w=$(awk '{print $1}' "$tmp/$who$i.times" | median)
      c=$(awk '{print $2}' "$tmp/$who$i.times" | median)
      m=$(awk '{print $3}' "$tmp/$who$i.times" | sort -n | tail -1)
      printf '%-58s %10s %10s %10d\n' "${queries[$i]} ($who)" "$w" "$c" $((m / 1024))
    done
  done
  ;;
everyday)
  bin=$2 ref=${3:-} runs=${4:-5} rounds=${5:-10}
  cmds=("$bin --help" "$bin shared atmosphere theseus")
  [ -n "$ref" ] && cmds+=("$ref --help" "$ref shared atmosphere theseus")
  "$bin" shared atmosphere theseus >/dev/null # writes the snapshot once
  for r in $(seq "$rounds"); do
    hyperfine -N -w 1 -r "$runs" --export-json "$tmp/round$r.json" "${cmds[@]}" >/dev/null 2>&1
  done
  python3 - "$tmp" "$rounds" "${cmds[@]}" <<'EOF'
import json, statistics, sys
tmp, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
wall = [[] for _ in names]
cpu = [[] for _ in names]
for r in range(1, rounds + 1):
    for i, res in enumerate(json.load(open(f"{tmp}/round{r}.json"))["results"]):
        wall[i] += res["times"]
        cpu[i].append(res["user"] + res["system"])
for i, n in enumerate(names):
    w, c = statistics.median(wall[i]) * 1000, statistics.median(cpu[i]) * 1000
    base = i - i % 2
    wb, cb = statistics.median(wall[base]) * 1000, statistics.median(cpu[base]) * 1000
    print(f"{n:60} wall {w:7.1f} ms ({w / wb:.2f}x --help)  cpu {c:6.1f} ms ({c / cb:.2f}x)")
EOF
  ;;
reference)
  bin=$2 uri=$3 nq=$4 cayley=${5:-}
  k0=kernel000000
  base=https://w3id.org/rustykg
  # roqet -D reads the quads into the default graph (their graph names,
  # the studies, dropped), so the patterns need no GRAPH.
  sparql="SELECT DISTINCT ?k ?c WHERE { <$base/kernel/$k0> <$base/vocab#faces> ?c . ?k <$base/vocab#faces> ?c . FILTER(?k != <$base/kernel/$k0>) }"
  gizmo="g.V('<$base/kernel/$k0>').Out('<$base/vocab#faces>').Tag('c').In('<$base/vocab#faces>').Except(g.V('<$base/kernel/$k0>')).Tag('k').All()"
  echo "$gizmo" >"$tmp/q.js"
  "$bin" similar "kernel:$k0" --store "$uri" >/dev/null # warm the page cache
  printf '%-28s %8s %8s %8s %8s\n' peer "wall s" "cpu s" "MiB" rows
  r=$(timed "$tmp/rk" "$bin" similar "kernel:$k0" --top 0 --store "$uri" -f json)
  rows=$(python3 -c 'import json, sys; print(sum(len(s["shared"]) for s in json.load(open(sys.argv[1]))["similar"]))' "$tmp/rk")
  echo "rustykg similar $r $rows" | awk '{printf "%-28s %8s %8s %8d %8s\n", $1 " " $2, $3, $4, $5 / 1024, $6}'
  r=$(timed "$tmp/roqet" roqet -q -i sparql -D "$nq" -r csv -e "$sparql")
  echo "roqet $r $(($(wc -l <"$tmp/roqet") - 1))" | awk '{printf "%-28s %8s %8s %8d %8s\n", $1, $2, $3, $4 / 1024, $5}'
  if [ -n "$cayley" ]; then
    r=$(timed "$tmp/cayley" "$cayley" query --load "$nq" --lang gizmo -n 100000000 <"$tmp/q.js")
    echo "cayley $r $(grep -c '"k"' "$tmp/cayley" || true)" | awk '{printf "%-28s %8s %8s %8d %8s\n", $1, $2, $3, $4 / 1024, $5}'
  fi
  ;;
*)
  sed -n '2,27p' "$0" >&2
  exit 2
  ;;
esac
