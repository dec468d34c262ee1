#!/usr/bin/env node
/**
 * Baseline for speed figures: parses every .py file under a folder with web-tree-sitter alone (no
 * copy, no analysis), deleting each tree, and prints the wall time. Run after `npm run build`.
 * Usage: node scripts/bench-parse.mjs <folder>
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Parser } from "web-tree-sitter";
import { loadPython } from "../dist/src/parse/grammar.js";

const SKIP = new Set(["site-packages", "__pycache__", "venv", ".venv", ".git", "node_modules", "build", "dist"]);
const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(p);
    } else if (e.name.endsWith(".py")) files.push(p);
  }
})(process.argv[2] ?? ".");

const t0 = performance.now();
const language = await loadPython();
const parser = new Parser();
parser.setLanguage(language);
let lines = 0;
for (const f of files) {
  const text = readFileSync(f, "utf8");
  lines += text.split("\n").length;
  parser.parse(text)?.delete();
}
parser.delete();
console.log(`parse only: ${files.length} files, ${lines} lines, ${((performance.now() - t0) / 1000).toFixed(2)} s`);
