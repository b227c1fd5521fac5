#!/usr/bin/env bash
# Whole-process benchmarks for rendering (issue 3), run from anywhere:
#
#   graph/viz/testdata/bench-render.sh [RUNS]
#
# 1. The full review graph, DOT -> SVG: rustykg-render (go-graphviz, warm
#    WASM cache) side by side with native `dot -Tsvg` on the same DOT file,
#    then go-graphviz with a cold cache (an empty $TMPDIR each run).
# 2. `rustykg render -o FILE.svg` and `-o FILE.png` end to end (load,
#    project, DOT, renderer, write), with each renderer: --renderer helper
#    (rustykg-render, go-graphviz; PNG rasterised from its SVG) and
#    --renderer dot (native Graphviz, cairo PNG).
# 3. What a command that does not draw pays for linking go-graphviz:
#    `rustykg tables` as built (rustykg never imports go-graphviz) against
#    the same binary built with go-graphviz linked in (a build overlay adds
#    one blank import; the source tree is not touched).
#
# Uses hyperfine when installed (apt-get install hyperfine), else a loop
# timed with date +%s%N. Prints the medians and the ratios.
set -euo pipefail
runs=${1:-20}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"

go build -o "$work/rustykg" ./cmd/rustykg
go build -o "$work/rustykg-render" ./cmd/rustykg-render
printf 'package main\n\nimport _ "github.com/goccy/go-graphviz"\n' > "$work/linkgv.go"
printf '{"Replace":{"%s":"%s"}}\n' "$root/cmd/rustykg/zz_linkgv.go" "$work/linkgv.go" > "$work/overlay.json"
go build -overlay "$work/overlay.json" -o "$work/rustykg-linked" ./cmd/rustykg
"$work/rustykg" render -f dot > "$work/whole.dot"
nodes=$(grep -c '^\s*"[^_][^"]*" \[' "$work/whole.dot" || true)
echo "full review graph: $(wc -l < "$work/whole.dot") DOT lines, $nodes nodes (legend included)"
echo "native: $(dot -V 2>&1)"
"$work/rustykg-render" < "$work/whole.dot" > /dev/null # warm the WASM cache ($TMPDIR)
"$work/rustykg" render --renderer helper -o "$work/warm.svg" # and rustykg's own (~/.cache/rustykg/gv)

median_loop() { # median wall ms of a command over $runs runs
	local i t0 t1 ts=()
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N); bash -c "$1" > /dev/null 2>&1; t1=$(date +%s%N)
		ts+=($(((t1 - t0) / 1000)))
	done
	printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
}

declare -A cmds=(
	[native_dot]="dot -Tsvg $work/whole.dot -o $work/native.svg"
	[gvrender_warm]="$work/rustykg-render --format svg < $work/whole.dot > $work/gv.svg"
	[gvrender_cold]="rm -rf $work/cold && mkdir $work/cold && TMPDIR=$work/cold $work/rustykg-render --format svg < $work/whole.dot > $work/gv.svg"
	[e2e_svg_helper]="$work/rustykg render --renderer helper -o $work/e2e.svg"
	[e2e_svg_dot]="$work/rustykg render --renderer dot -o $work/e2e.svg"
	[e2e_png_helper]="$work/rustykg render --renderer helper -o $work/e2e.png"
	[e2e_png_dot]="$work/rustykg render --renderer dot -o $work/e2e.png"
	[tables]="$work/rustykg tables"
	[tables_linked]="$work/rustykg-linked tables"
)
order=(native_dot gvrender_warm gvrender_cold e2e_svg_helper e2e_svg_dot e2e_png_helper e2e_png_dot tables tables_linked)
declare -A med
if command -v hyperfine > /dev/null; then
	for k in "${order[@]}"; do
		hyperfine --style none --warmup 2 --runs "$runs" --export-json "$work/$k.json" "${cmds[$k]}" > /dev/null
		med[$k]=$(/usr/bin/python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$work/$k.json")
	done
	tool="hyperfine, $runs runs after 2 warm-ups"
else
	for k in "${order[@]}"; do med[$k]=$(median_loop "${cmds[$k]}"); done
	tool="date +%s%N loop, $runs runs"
fi
echo "medians, wall ms ($tool):"
for k in "${order[@]}"; do printf '  %-20s %8s ms   %s\n' "$k" "${med[$k]}" "${cmds[$k]//$work/\$W}"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
echo "go-graphviz warm / native dot:   $(ratio "${med[gvrender_warm]}" "${med[native_dot]}")x"
echo "go-graphviz cold / native dot:   $(ratio "${med[gvrender_cold]}" "${med[native_dot]}")x"
echo "render -o x.svg, helper / dot:   $(ratio "${med[e2e_svg_helper]}" "${med[e2e_svg_dot]}")x"
echo "render -o x.png, helper / dot:   $(ratio "${med[e2e_png_helper]}" "${med[e2e_png_dot]}")x"
echo "tables linked / tables as built: $(ratio "${med[tables_linked]}" "${med[tables]}")x (+$(awk -v a="${med[tables_linked]}" -v b="${med[tables]}" 'BEGIN {printf "%.1f", a-b}') ms)"
ls -l "$work/rustykg" "$work/rustykg-linked" | awk '{printf "  %s %d bytes\n", $NF, $5}' | sed "s#$work#\$W#"
