#!/usr/bin/env bash
# Proves the three ways to install pysast without the TypeScript toolchain, as a new user would, from the
# committed tree (CI runs this from .ci/run in a fresh clone; it needs Node, npm's registry and Debian's
# pre-commit):
#   1. npm install -g <tarball made by npm pack>
#   2. npm install -g git+file://<bare repository>, fresh and as an update (scripts/prepare.mjs explains what npm
#      gets wrong there and how pysast works around it), and the README's fallback: npm pack git+… && npm install -g
#   3. pre-commit try-repo <repository> pysast --all-files
# Each installed pysast scans a copy of examples/shop-app and must report its findings.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/pysast-install-XXXXXX")"
trap 'rm -rf "$work"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'test-install: FAILED: %s\n' "$*" >&2; exit 1; }

# What a git URL serves: the committed HEAD, in a bare repository.
git init -q --bare "$work/pysast.git"
git -C "$repo" push -q "$work/pysast.git" HEAD:refs/heads/main
git -C "$work/pysast.git" symbolic-ref HEAD refs/heads/main

# The project scanned by each installed copy: the sample application as its own git repository.
cp -R "$repo/examples/shop-app" "$work/project"
git -C "$work/project" init -q -b main
git -C "$work/project" add -A
git -C "$work/project" -c user.email=ci@example.invalid -c user.name=ci commit -qm "sample"
count() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).summary.findings))'; }
expected="$( (cd "$work/project" && node "$repo/dist/src/cli.js" scan . --format json || true) | count)"
[ "$expected" -gt 0 ] || fail "the sample has no findings to look for"

# Runs an installed pysast on the sample: exit 1 (findings) and the same number of findings as this checkout.
check() {
  local bin="$1" label="$2" out status
  set +e
  out="$(cd "$work/project" && PATH="$(dirname "$bin"):/usr/bin:/bin" "$bin" scan . --format json)"
  status=$?
  set -e
  [ "$status" -eq 1 ] || fail "$label: pysast exited $status, expected 1 (findings)"
  local got
  got="$(printf '%s' "$out" | count)"
  [ "$got" = "$expected" ] || fail "$label: $got findings, expected $expected"
  echo "$label: ok ($got findings, $("$bin" --version))"
}

step "1. npm install -g <tarball> (npm pack of a clean clone)"
git clone -q "$work/pysast.git" "$work/clone"
(cd "$work/clone" && npm ci --silent && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/pysast-*.tgz)"
tar -tzf "$tarball" > "$work/tarball.txt"
grep -qx 'package/dist/src/cli.js' "$work/tarball.txt" || fail "the tarball has no dist/src/cli.js"
grep -qx 'package/grammars/tree-sitter-python.wasm' "$work/tarball.txt" || fail "the tarball has no grammar"
if grep -q '^package/src/' "$work/tarball.txt"; then fail "the tarball ships TypeScript sources"; fi
npm install -g --silent --prefix "$work/prefix-tarball" "$tarball"
[ ! -e "$work/prefix-tarball/lib/node_modules/pysast/node_modules/typescript" ] || fail "the tarball install pulled in TypeScript"
check "$work/prefix-tarball/bin/pysast" "tarball"

step "2. npm install -g git+file://<bare repository> (twice: a fresh install, then an update over it)"
git_install() {
  npm install -g --loglevel=warn --prefix "$work/prefix-git" "git+file://$work/pysast.git" 2>&1 | tee "$work/git-install.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || fail "npm install -g git+file://… failed"
  if grep -q TAR_ENTRY "$work/git-install.log"; then fail "npm unpacked the git install through a link (TAR_ENTRY errors)"; fi
  local installed="$work/prefix-git/lib/node_modules/pysast"
  [ -d "$installed" ] && [ ! -L "$installed" ] || fail "the git install is not a folder of its own: $(ls -l "$work/prefix-git/lib/node_modules")"
  [ -f "$installed/dist/src/cli.js" ] || fail "the git install has no dist/src/cli.js"
  [ -d "$installed/node_modules/web-tree-sitter" ] || fail "the git install lost its dependencies"
  [ ! -e "$installed/node_modules/typescript" ] || fail "the git install kept TypeScript"
}
git_install
check "$work/prefix-git/bin/pysast" "git URL"
git_install
check "$work/prefix-git/bin/pysast" "git URL, updated"

step "2b. npm pack git+file://<bare repository> && npm install -g <that tarball> (the README's fallback)"
mkdir "$work/from-git"
(cd "$work/from-git" && npm pack --silent "git+file://$work/pysast.git" >/dev/null)
npm install -g --silent --prefix "$work/prefix-git-pack" "$work"/from-git/pysast-*.tgz
check "$work/prefix-git-pack/bin/pysast" "git URL, packed"

step "3. pre-commit try-repo <repository> pysast --all-files"
set +e
out="$(cd "$work/project" && PRE_COMMIT_HOME="$work/pre-commit-home" pre-commit try-repo "$work/pysast.git" pysast --all-files 2>&1)"
status=$?
set -e
printf '%s\n' "$out" | tail -n 25
[ "$status" -eq 1 ] || fail "pre-commit exited $status, expected 1 (the hook reports findings)"
printf '%s\n' "$out" | grep -q "pysast.*Failed" || fail "the pysast hook did not run and fail"
printf '%s\n' "$out" | grep -q "api/reports.py:14:5  error  command-injection" || fail "the hook lost the cross-file flow into api/reports.py"
printf '%s\n' "$out" | grep -q "$expected findings" || fail "the hook did not report all $expected findings"
echo "pre-commit: ok"

step "all three install paths work"
