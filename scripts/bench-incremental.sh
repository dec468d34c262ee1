#!/usr/bin/env bash
# Incremental scans of a large project (saleor by default: fetch github:saleor/saleor), every figure from the same
# run. The project is copied to a temporary folder first (the edits never touch the original), and the copy is left
# to settle for a few seconds, so that the cache may trust its files' metadata as it would on a developer's checkout.
# Then, with a fresh analysis cache:
#   1. cold:      the first scan, which fills the cache;
#   2. unchanged: a rescan of the same tree (answered from the cache whole);
#   3. view:      a rescan after a statement is added inside a function of one view module;
#   4. helper:    a rescan after a statement is added inside a helper function that many modules import.
# Each line gives wall time, user CPU and peak RSS, then the phase starts and what the cache reused
# (PYSAST_TIMINGS=1: "phase 1 cache", "phase 2 cache" — how many shards were analysed again, and their sizes — and
# what the fix verifier's re-scans analysed again: a shard of theirs that loaded the edited file runs again too).
# The edit is made with Python's own parser: a line `_edited = <n>` becomes the first statement of the function named
# (or of the first function whose body starts on a line of its own), so the module's names stay the same.
# With EDIT=comment the line added is a comment, `# edited <n>`, instead (it changes no token of the file, only
# positions below it).
# With CHECK=1 each edited tree is also scanned without the cache by this version and the findings compared (they must
# not differ).
# With BASE=<checkout of another pysast, built> the same steps run with that version too, on a copy of its own with a
# cache of its own, alternating step by step, and the ratios are printed: on a shared machine prefer them to wall times.
# Needs `npm run build` first. Usage:
#   [BASE=...] [CHECK=1] scripts/bench-incremental.sh [folder] [view file[:function]] [helper file[:function]]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-ratio.sh
here=$(pwd)
target="${1:-/work/ext/saleor}"
view="${2:-saleor/thumbnail/views.py:handle_thumbnail}"
helper="${3:-saleor/graphql/core/utils/__init__.py:from_global_id_or_error}"
[ -d "$target" ] || { echo "bench-incremental.sh: $target: no such folder; clone the application to measure (git clone https://github.com/saleor/saleor) and give its folder as the first argument" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
versions="this"
[ -n "${BASE:-}" ] && versions="base this"
cli_of() { if [ "$1" = base ]; then echo "$BASE/dist/src/cli.js"; else echo "$here/dist/src/cli.js"; fi; }

# a copy per version (a git checkout is cloned: quick, and only what git tracks)
for v in $versions; do
  if git -C "$target" rev-parse --is-inside-work-tree >/dev/null 2>&1; then git clone -q "$target" "$work/$v"; else cp -a "$target" "$work/$v"; fi
done
sleep 4 # older than the cache's settling time (3 s): the first scan may record the files' metadata

# adds `_edited = <n>` as the first statement of a function of a file (path[:function])
edit() {
  local file="${1%%:*}" func=""
  [ "$1" != "$file" ] && func="${1#*:}"
  python3 - "$2/$file" "$func" "${EDIT:-statement}" <<'PY'
import ast, sys
path, wanted, kind = sys.argv[1], sys.argv[2], sys.argv[3]
src = open(path, encoding="utf-8").read()
lines = src.splitlines(keepends=True)
for node in ast.walk(ast.parse(src)):
    # the body's first statement must start a line of its own: a stub's `...` after a signature spread over lines
    # (`) -> int: ...`) is on a later line than the `def` too, and a line put before it would break the file
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (not wanted or node.name == wanted) and node.body[0].lineno > node.lineno and not lines[node.body[0].lineno - 1][: node.body[0].col_offset].strip():
        first = node.body[0]
        line = f"# edited {len(src)}" if kind == "comment" else f"_edited = {len(src)}"
        lines.insert(first.lineno - 1, f"{lines[first.lineno - 1][: first.col_offset]}{line}\n")
        open(path, "w", encoding="utf-8").write("".join(lines))
        break
else:
    sys.exit(f"bench-incremental.sh: no function {wanted or ''} with a body on lines of its own in {path}")
PY
}

# one scan: "wall user rss" in $work/<label>.fig, the report in $work/<label>.json
scan() {
  local label="$1" v="$2"
  shift 2
  local status=0
  PYSAST_TIMINGS=1 /usr/bin/time -f "%e %U %M" -o "$work/time" node "$(cli_of "$v")" scan "$work/$v" --format json -o "$work/$label.json" --exit-zero -q "$@" 2>"$work/stderr" || status=$?
  read -r secs user kb < <(tail -n 1 "$work/time")
  printf '%-18s %8.2f s wall  %8.2f s user  %5d MB peak  exit %d\n' "$label" "$secs" "$user" "$((kb / 1024))" "$status"
  grep -E 'pysast: (timing|measured at [0-9.]+ s: (phase [12] cache|fix verifier re-scan: (shard|[0-9]+ patched)))' "$work/stderr" | sed -E 's/^pysast: (timing|measured at)/                    /' || true
  echo "$secs $user $kb" > "$work/$label.fig"
}
findings() {
  node -e 'const r = require(process.argv[1]); console.log(JSON.stringify(r.findings))' "$1"
}

echo "target: $target (copied to $work); view edit: $view; helper edit: $helper"
for step in cold unchanged view helper; do
  echo "== $step"
  for v in $versions; do
    case "$step" in
      view) edit "$view" "$work/$v" ;;
      helper) edit "$helper" "$work/$v" ;;
    esac
    scan "$v-$step" "$v" --cache-dir "$work/cache-$v"
    node -e 'const r = require(process.argv[1]); console.log(`                    findings ${r.findings.length}, files ${r.stats.files}`)' "$work/$v-$step.json"
    if [ -n "${CHECK:-}" ] && [ "$v" = this ] && [ "$step" != cold ] && [ "$step" != unchanged ]; then
      scan "$v-$step-nocache" "$v" --no-cache
      if [ "$(findings "$work/$v-$step.json")" = "$(findings "$work/$v-$step-nocache.json")" ]; then echo "                    findings identical to a scan without the cache"; else echo "                    FINDINGS DIFFER from a scan without the cache"; fi
    fi
  done
  if [ -n "${BASE:-}" ]; then compare_runs "base-$step" "this-$step"; fi
done
