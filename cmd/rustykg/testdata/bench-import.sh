#!/usr/bin/env bash
# Import throughput and peak memory: rustykg import against cayley load of
# the same quads (as N-Quads from rustykg export), into the same backend,
# one after the other in one run (issue 9). Prints one line per run: wall
# seconds, quads/s, user and system CPU seconds, peak RSS (/usr/bin/time),
# and from /proc/PID/status sampled every 0.2 s the largest anonymous and
# file-backed resident memory (RssAnon: the heap; RssFile: pages of mapped
# files, bbolt's store file above all, which the kernel can reclaim) and the
# split at the largest sample.
#
# Usage: cmd/rustykg/testdata/bench-import.sh STUDIES [PGURL]
#   STUDIES  size of the synthetic literature (rustykg gen --studies)
#   PGURL    a PostgreSQL server (postgres://USER@HOST:PORT/DB?sslmode=disable)
#            to compare on as well; bbolt only when not given
#
# Environment:
#   CAYLEY   the cayley CLI (built as /work/shared/peers.md says when unset)
#   WORK     a folder that keeps the generated literature and its N-Quads
#            between runs (default: a temporary folder, removed at the end)
#   BACKENDS "bbolt postgres" (default: both when PGURL is given)
#   BEFORE   another rustykg binary (a build before a change), timed on
#            bbolt right after this build's import, the same way
#
# The cayley CLI has Cayley's bolt backend, not bbolt (the same file
# format, an older library); rustykg writes bbolt.
set -euo pipefail
cd "$(dirname "$0")/../../.."
studies=${1:?usage: bench-import.sh STUDIES [PGURL]}
pgurl=${2:-}
backends=${BACKENDS:-bbolt${pgurl:+ postgres}}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
work=${WORK:-$tmp}
mkdir -p "$work"
go build -o "$tmp/rustykg" ./cmd/rustykg
rk=$tmp/rustykg

cayley=${CAYLEY:-}
if [ -z "$cayley" ]; then
  mkdir "$tmp/cayleycli"
  (cd "$tmp/cayleycli" &&
    cat >go.mod <<'EOF' &&
module peers/cayleycli
go 1.22
require github.com/cayleygraph/cayley v0.7.7-0.20240706181042-81dcd7d73e45
replace github.com/Sirupsen/logrus => github.com/Sirupsen/logrus v1.0.1
EOF
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/cayleygraph/cayley/cmd/cayley"\n' >tools.go &&
    go mod tidy >/dev/null 2>&1 && go build -o cayley github.com/cayleygraph/cayley/cmd/cayley)
  cayley=$tmp/cayleycli/cayley
fi

lit=$work/lit$studies
nq=$work/lit$studies.nq
limit=1GiB
if [ ! -d "$lit" ]; then
  "$rk" gen --studies "$studies" -o "$lit" >/dev/null
fi
if [ ! -s "$nq" ]; then
  "$rk" export --data "$lit" --data-limit "$limit" --format nquads >"$nq.part"
  mv "$nq.part" "$nq"
fi
quads=$(wc -l <"$nq")
echo "$studies studies, $quads quads; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# sample PID: appends "RSS ANON FILE" (KiB) of PID to $tmp/rss every 0.2 s
# while it runs.
sample() {
  while [ -r "/proc/$1/status" ]; do
    awk '/^VmRSS|^RssAnon|^RssFile/ { v[$1] = $2 } END { if (v["VmRSS:"] != "") print v["VmRSS:"], v["RssAnon:"], v["RssFile:"] }' \
      "/proc/$1/status" 2>/dev/null >>"$tmp/rss"
    sleep 0.2
  done
}

# run NAME CMD...: one timed whole process.
run() {
  local name=$1
  shift
  : >"$tmp/rss"
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" >"$tmp/out" 2>&1 &
  local timer=$! pid=""
  while [ -z "$pid" ] && kill -0 "$timer" 2>/dev/null; do
    pid=$(pgrep -P "$timer" | head -1) || sleep 0.05
  done
  [ -n "$pid" ] && sample "$pid"
  wait "$timer" || {
    echo "$name failed:" >&2
    tail -5 "$tmp/out" >&2
    return 1
  }
  read -r wall user sys rss <"$tmp/time"
  read -r anon file split < <(awk '$1 > m { m = $1; s = int($2 / 1024) "+" int($3 / 1024) }
    $2 > a { a = $2 } $3 > f { f = $3 } END { print int(a / 1024), int(f / 1024), s }' "$tmp/rss")
  awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v q="$quads" \
    -v a="$anon" -v f="$file" -v at="$split" \
    'BEGIN { printf "%-28s %8.1f s %9.0f quads/s  user %7.1f s  sys %6.1f s  peak %6.0f MiB (anon max %d, file max %d, at the peak %s MiB)\n", n, w, q / w, u, s, r / 1024, a, f, at }'
}

for b in $backends; do
  case $b in
  bbolt)
    run "rustykg import (bbolt)" "$rk" import --data "$lit" --data-limit "$limit" --store "bbolt:$tmp/rk.kg"
    rm -rf "$tmp/rk.kg"
    if [ -n "${BEFORE:-}" ]; then
      run "rustykg import, BEFORE" "$BEFORE" import --data "$lit" --data-limit "$limit" --store "bbolt:$tmp/rk.kg"
      rm -rf "$tmp/rk.kg"
    fi
    run "cayley load (bolt)" "$cayley" load --init -d bolt -a "$tmp/ck" -i "$nq"
    rm -rf "$tmp/ck"
    ;;
  postgres)
    [ -n "$pgurl" ] || { echo "postgres needs PGURL" >&2; exit 2; }
    sep='?'
    case $pgurl in *\?*) sep='&' ;; esac
    psql -q "$pgurl" -c 'DROP SCHEMA IF EXISTS rkbench CASCADE' -c 'DROP SCHEMA IF EXISTS ckbench CASCADE' -c 'CREATE SCHEMA ckbench' 2>/dev/null
    run "rustykg import (postgres)" "$rk" import --data "$lit" --data-limit "$limit" --store "$pgurl${sep}schema=rkbench"
    run "cayley load (postgres)" "$cayley" load --init -d postgres -a "$pgurl${sep}search_path=ckbench" -i "$nq"
    psql -q "$pgurl" -c 'DROP SCHEMA IF EXISTS rkbench CASCADE' -c 'DROP SCHEMA IF EXISTS ckbench CASCADE' 2>/dev/null
    ;;
  *)
    echo "unknown backend $b" >&2
    exit 2
    ;;
  esac
done
