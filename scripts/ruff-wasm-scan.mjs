#!/usr/bin/env node
/**
 * Runs Ruff's `S` (flake8-bandit) rules over every .py file of a folder through Ruff's WebAssembly build,
 * for the speed comparison in scripts/bench-compare.sh. Ruff is not a dependency of pysast: install it
 * for the measurement only, outside the project —
 *   npm install --prefix /tmp/ruff @astral-sh/ruff-wasm-nodejs
 * Usage: RUFF_WASM=/tmp/ruff/node_modules/@astral-sh/ruff-wasm-nodejs node scripts/ruff-wasm-scan.mjs FOLDER
 * Prints the number of files and of diagnostics. Skips the folders pysast skips by default.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const SKIP = new Set([".git", "node_modules", ".venv", "venv", "__pycache__", "site-packages", "build", "dist"]);
const [folder] = process.argv.slice(2);
const dir = process.env.RUFF_WASM;
if (!folder || !dir) {
  console.error("usage: RUFF_WASM=<folder of @astral-sh/ruff-wasm-nodejs> node scripts/ruff-wasm-scan.mjs FOLDER");
  process.exit(2);
}
const ruff = createRequire(import.meta.url)(path.join(path.resolve(dir), "ruff_wasm.js"));
const workspace = new ruff.Workspace({ lint: { select: ["S"] } }, ruff.PositionEncoding?.Utf16 ?? "utf16");

let files = 0;
let diagnostics = 0;
let failed = 0;
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(p);
    } else if (e.isFile() && e.name.endsWith(".py")) {
      files++;
      try {
        diagnostics += workspace.check(readFileSync(p, "utf8")).length;
      } catch {
        failed++;
      }
    }
  }
};
walk(path.resolve(folder));
console.log(`ruff (wasm) S rules: ${files} files, ${diagnostics} diagnostics${failed ? `, ${failed} files it could not check` : ""}`);
