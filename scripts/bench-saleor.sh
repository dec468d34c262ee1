#!/usr/bin/env bash
# Time and memory on a large web application (saleor by default: fetch github:saleor/saleor), every figure
# from the same run: with BASE=<checkout of an older pysast, built>, that version's scan and this one's
# alternate for the given number of rounds, each printing wall time, user CPU, peak RSS and when each phase
# started (PYSAST_TIMINGS=1), then the ratios against the baseline of the same round; the two reports'
# findings are compared (they must not differ unless a change is meant to fix them).
# One scan at a time: on a shared machine prefer the peak RSS and CPU ratios to wall times.
# Needs `npm run build` first. Usage: [BASE=...] scripts/bench-saleor.sh [folder, default /work/ext/saleor] [rounds, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-ratio.sh
target="${1:-/work/ext/saleor}"
rounds="${2:-2}"
[ -d "$target" ] || { echo "bench-saleor.sh: $target: no such folder; clone the application to measure (git clone https://github.com/saleor/saleor) and give its folder as the first argument" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# prints "wall user rss_mb" of one scan and its phase starts; the report goes to $work/<label>.json
scan() {
  local label="$1" cli="$2"
  local status=0
  PYSAST_TIMINGS=1 /usr/bin/time -f "%e %U %M" -o "$work/time" node "$cli" scan "$target" --no-cache --format json -o "$work/$label.json" --exit-zero -q 2>"$work/stderr" || status=$?
  read -r secs user kb < <(tail -n 1 "$work/time")
  printf '%-10s %8.2f s wall  %8.2f s user  %5d MB peak  exit %d\n' "$label" "$secs" "$user" "$((kb / 1024))" "$status"
  grep 'pysast: timing:' "$work/stderr" | sed 's/^pysast: timing: /             /' || true
  echo "$secs $user $kb" > "$work/$label.fig"
}
# the report without what differs from run to run (the command line, the clock)
findings() {
  node -e 'const r = require(process.argv[1]); console.log(JSON.stringify({ findings: r.findings, notifications: r.notifications }))' "$1"
}
echo "target: $target"
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  if [ -n "${BASE:-}" ]; then scan "base-$round" "$BASE/dist/src/cli.js"; fi
  scan "this-$round" dist/src/cli.js
  node -e 'const r = require(process.argv[1]); console.log(`findings ${r.findings.length}, files ${r.stats.files}, lines ${r.stats.lines}`)' "$work/this-$round.json"
  if [ -n "${BASE:-}" ]; then compare_runs "base-$round" "this-$round"; fi
done
