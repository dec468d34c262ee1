#!/usr/bin/env bash
# The README's speed table, every figure from one run: on the Python standard library and on saleor,
# tree-sitter parsing alone (the baseline), pysast without the analysis cache, its first scan (which fills
# the cache), a rescan of the unchanged tree and rescans after one changed file, next to Bandit and Ruff's
# `S` rules on the same trees; plus pysast's start-up against `node -e 0`.
#
# Needs `npm run build`. Bandit and Ruff are not dependencies of pysast; install them for the measurement:
#   apt-get install -y bandit                                       (Debian's Bandit 1.6.2)
#   npm install --prefix /tmp/ruff @astral-sh/ruff-wasm-nodejs      (or set RUFF_WASM to another copy)
# A tool that is missing is left out of the table. The trees are copied to a temporary folder (without
# site-packages, __pycache__ and .git), so the changed-file rescans never touch the originals.
#
# Usage: scripts/bench-compare.sh [--no-saleor] [--no-others] [--check] [STDLIB [SALEOR]]
#   --no-saleor  only the standard library     --no-others  without Bandit and Ruff
#   --check      also scan each changed tree with --no-cache and compare the findings with the rescan's
#   defaults: STDLIB = this Python's standard library, SALEOR = /work/ext/saleor
# Environment: STDLIB_CHANGE, SALEOR_HELPER, SALEOR_LEAF name the files edited (paths inside the trees).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
saleor=1 others=1 check=0 args=()
for a in "$@"; do
  case "$a" in
    --no-saleor) saleor=0 ;;
    --no-others) others=0 ;;
    --check) check=1 ;;
    *) args+=("$a") ;;
  esac
done
stdlib_src="${args[0]:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
saleor_src="${args[1]:-/work/ext/saleor}"
stdlib_change="${STDLIB_CHANGE:-email/utils.py}"
saleor_helper="${SALEOR_HELPER:-saleor/checkout/utils.py}"
saleor_leaf="${SALEOR_LEAF:-saleor/graphql/page/mutations/page_type_create.py}"
ruff_wasm="${RUFF_WASM:-/tmp/ruff/node_modules/@astral-sh/ruff-wasm-nodejs}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy() { mkdir -p "$2" && tar -C "$1" --exclude=site-packages --exclude=__pycache__ --exclude=.git -cf - . | tar -C "$2" -xf -; }

# one line of the table: label, wall time, peak RSS, ratio to the tree's parse-only time
declare -A secs
parse_base=""
measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || true
  local s kb
  read -r s kb < <(tail -n 1 "$work/time")
  secs[$label]=$s
  [ -n "$parse_base" ] || parse_base=$s
  printf '| %-52s | %8.2f s | %6d MB | %6.2fx |\n' "$label" "$s" "$((kb / 1024))" "$(echo "$s / $parse_base" | bc -l)"
}
findings() { node -e 'const r=require(process.argv[1]); process.stdout.write(JSON.stringify(r.findings))' "$1"; }
same() { [ "$(findings "$1")" = "$(findings "$2")" ] && echo "identical" || echo "DIFFERENT"; }

# `pysast scan` with a JSON report and no exit code for findings (an array: /usr/bin/time runs commands, not functions)
pysast=(node "$repo/dist/src/cli.js" scan --format json --exit-zero -q)

bench_tree() {
  local name="$1" src="$2"; shift 2
  local tree="$work/$name" cache="$work/$name-cache"
  copy "$src" "$tree"
  parse_base=""
  echo
  echo "$name: $src ($(find "$tree" -name '*.py' | wc -l) .py files, copied to a temporary folder)"
  echo "| run | wall time | peak RSS | vs. parse only |"
  echo "|---|---|---|---|"
  measure "$name: tree-sitter parse only (baseline)" node "$repo/scripts/bench-parse.mjs" "$tree"
  measure "$name: pysast --no-cache" "${pysast[@]}" "$tree" -o "$work/$name-nocache.json" --no-cache
  measure "$name: pysast, first scan (fills the cache)" "${pysast[@]}" "$tree" -o "$work/$name-cold.json" --cache-dir "$cache"
  measure "$name: pysast, rescan of the unchanged tree" "${pysast[@]}" "$tree" -o "$work/$name-warm.json" --cache-dir "$cache"
  measure "$name: pysast, unchanged tree again" "${pysast[@]}" "$tree" -o "$work/$name-warm2.json" --cache-dir "$cache"
  local rel
  for rel in "$@"; do
    [ -f "$tree/$rel" ] || { echo "($rel is not in $src: skipped)"; continue; }
    printf '\n# edited by scripts/bench-compare.sh\n' >>"$tree/$rel"
    measure "$name: pysast, after a comment appended to $rel" "${pysast[@]}" "$tree" -o "$work/$name-changed.json" --cache-dir "$cache"
    if [ "$check" = 1 ]; then
      "${pysast[@]}" "$tree" -o "$work/$name-changed-nocache.json" --no-cache
      echo "(findings after the change, cached rescan vs --no-cache: $(same "$work/$name-changed.json" "$work/$name-changed-nocache.json"))"
    fi
  done
  if [ "$others" = 1 ]; then
    # measured on the edited tree: a comment changes nothing for them
    if command -v bandit >/dev/null; then
      measure "$name: Bandit $(bandit --version 2>/dev/null | head -n 1 | cut -d' ' -f2) (bandit -q -r -f json)" bandit -q -r -f json -o "$work/$name-bandit.json" "$tree"
      node -e 'const r=require(process.argv[1]); console.log(`(Bandit: ${r.results.length} issues, ${r.errors.length} files it could not parse)`)' "$work/$name-bandit.json" || true
    fi
    if [ -f "$ruff_wasm/ruff_wasm.js" ]; then
      measure "$name: Ruff S rules, wasm build ($(node -p "require('$ruff_wasm/package.json').version"))" env RUFF_WASM="$ruff_wasm" node "$repo/scripts/ruff-wasm-scan.mjs" "$tree"
      echo "($(cat "$work/stdout"))"
    fi
  fi
  node -e 'const r=require(process.argv[1]); console.log(`(pysast: ${r.stats.files} files, ${r.stats.lines} lines, ${r.findings.length} findings)`)' "$work/$name-nocache.json"
  echo "(findings --no-cache vs first scan: $(same "$work/$name-nocache.json" "$work/$name-cold.json"); vs rescan: $(same "$work/$name-nocache.json" "$work/$name-warm.json"))"
  printf '(the cache costs %.2fx on a first scan: %s s against %s s without it)\n' "$(echo "${secs["$name: pysast, first scan (fills the cache)"]} / ${secs["$name: pysast --no-cache"]}" | bc -l)" "${secs["$name: pysast, first scan (fills the cache)"]}" "${secs["$name: pysast --no-cache"]}"
}

echo "pysast $(node "$repo/dist/src/cli.js" --version) at commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "?"), $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
parse_base=""
echo "| run | wall time | peak RSS | vs. node -e 0 |"
echo "|---|---|---|---|"
measure "start-up: node -e 0" node -e 0
measure "start-up: pysast --version" node "$repo/dist/src/cli.js" --version
bench_tree stdlib "$stdlib_src" "$stdlib_change"
[ "$saleor" = 1 ] && bench_tree saleor "$saleor_src" "$saleor_leaf" "$saleor_helper"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
