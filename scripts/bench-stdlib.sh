#!/usr/bin/env bash
# Speed and memory on the local Python standard library, every figure from the same run:
# tree-sitter parsing alone (the baseline), then pysast with and without the taint rules, on one
# thread and on all cores (without the analysis cache), then the cache: a cold scan that fills it and
# a rescan of the unchanged tree, plus the start-up cost (`pysast --version` against `node -e 0`).
# Needs `npm run build` first. Usage: scripts/bench-stdlib.sh [folder]
# With BASE=<checkout of an older pysast, built>, that version's scans (all cores, one thread) run in the
# same run and the ratios against them are printed: "within 10% of before" is a ratio of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
# every taint rule, as the registry lists them
taint_off="--ignore $(node dist/src/cli.js rules --format json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).filter((r)=>r.kind==="taint").map((r)=>r.id).join(",")))')"
out=$(mktemp)
cache=$(mktemp -d)
trap 'rm -rf "$cache" "$out"*' EXIT
measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$out.time" "$@" >/dev/null 2>&1 || true
  read -r secs kb < <(tail -n 1 "$out.time")
  printf '%-40s %7.2f s  %5d MB\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs" > "$out.$label"
}
echo "target: $target"
measure "parse only (baseline)" node scripts/bench-parse.mjs "$target"
if [ -n "${BASE:-}" ]; then
  # an older version may lack --no-cache (it had no cache)
  measure "base, all rules, --jobs 1" node "$BASE/dist/src/cli.js" scan "$target" --format json -o "$out.base.json" --exit-zero --jobs 1
  measure "base, all rules, all cores" node "$BASE/dist/src/cli.js" scan "$target" --format json -o "$out.base.json" --exit-zero
fi
measure "pysast, taint off, --jobs 1" node dist/src/cli.js scan "$target" --format json -o "$out.json" --exit-zero --no-cache --jobs 1 $taint_off
measure "pysast, all rules, --jobs 1" node dist/src/cli.js scan "$target" --format json -o "$out.json" --exit-zero --no-cache --jobs 1
measure "pysast, taint off, all cores" node dist/src/cli.js scan "$target" --format json -o "$out.json" --exit-zero --no-cache $taint_off
measure "pysast, all rules, all cores" node dist/src/cli.js scan "$target" --format json -o "$out.json" --exit-zero --no-cache
measure "cache cold (fills it)" node dist/src/cli.js scan "$target" --format json -o "$out.cold.json" --exit-zero --cache-dir "$cache"
measure "cache warm (unchanged rescan)" node dist/src/cli.js scan "$target" --format json -o "$out.warm.json" --exit-zero --cache-dir "$cache"
measure "start-up: node -e 0" node -e 0
measure "start-up: pysast --version" node dist/src/cli.js --version
base=$(cat "$out.parse only (baseline)")
for label in "pysast, taint off, --jobs 1" "pysast, all rules, --jobs 1" "pysast, taint off, all cores" "pysast, all rules, all cores" "cache cold (fills it)" "cache warm (unchanged rescan)"; do
  printf '%-40s %5.2fx the parse-only time\n' "$label" "$(echo "$(cat "$out.$label") / $base" | bc -l)"
done
printf '%-40s %5.2fx the uncached all-cores time\n' "cache cold (fills it)" "$(echo "$(cat "$out.cache cold (fills it)") / $(cat "$out.pysast, all rules, all cores")" | bc -l)"
if [ -n "${BASE:-}" ]; then
  printf '%-40s %5.2fx the base version'"'"'s\n' "pysast, all rules, --jobs 1" "$(echo "$(cat "$out.pysast, all rules, --jobs 1") / $(cat "$out.base, all rules, --jobs 1")" | bc -l)"
  printf '%-40s %5.2fx the base version'"'"'s\n' "pysast, all rules, all cores" "$(echo "$(cat "$out.pysast, all rules, all cores") / $(cat "$out.base, all rules, all cores")" | bc -l)"
  node -e 'console.log(`findings: base ${require(process.argv[1]).findings.length}, this version ${require(process.argv[2]).findings.length}`)' "$out.base.json" "$out.json"
fi
node -e 'const r=require(process.argv[1]); console.log(`files ${r.stats.files}, lines ${r.stats.lines}, findings ${r.findings.length}`)' "$out.json"
# the cache must not change a single finding
node -e 'const [a,b,c]=process.argv.slice(1).map((f)=>JSON.stringify(require(f).findings)); console.log(a===b&&b===c ? "findings identical without the cache, cold and warm" : "FINDINGS DIFFER with the cache")' "$out.json" "$out.cold.json" "$out.warm.json"
