#!/usr/bin/env bash
# Time and memory as the number of files grows, every figure from the same run: writes a synthetic Flask
# code base (scripts/gen-flask-tree.mjs) at 1x, 2x and 4x a base size, and at each size times tree-sitter
# parsing alone (the baseline) and a full pysast scan without the cache (default jobs), then prints the
# ratio to the baseline and the peak RSS per size: the RSS must stay flat while the file count quadruples.
# Needs `npm run build` first. Usage: scripts/bench-scale.sh [base file count, default 22000] [multipliers, default "1 2 4"]
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-22000}"
multipliers="${2:-1 2 4}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() {
  local label="$1"; shift
  local status=0
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || status=$?
  read -r secs kb < <(tail -n 1 "$work/time")
  printf '%-34s %8.2f s  %5d MB  exit %d\n' "$label" "$secs" "$((kb / 1024))" "$status"
  echo "$secs" > "$work/last"
}
for m in $multipliers; do
  n=$((base * m))
  tree="$work/flask-$n"
  node scripts/gen-flask-tree.mjs "$tree" "$n"
  echo "== ${m}x: $n handler files"
  measure "parse only (baseline)" node scripts/bench-parse.mjs "$tree"
  parse=$(cat "$work/last")
  measure "pysast, all rules" node dist/src/cli.js scan "$tree" --no-cache --format json -o "$work/report.json" --exit-zero -q
  printf '%-34s %8.2fx the parse-only time\n' "pysast / parse only" "$(echo "$(cat "$work/last") / $parse" | bc -l)"
  node -e 'const r=require(process.argv[1]); console.log(`files ${r.stats.files}, lines ${r.stats.lines}, findings ${r.findings.length}`)' "$work/report.json"
  rm -rf "$tree" "$work/report.json"
done
