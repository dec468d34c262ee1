#!/usr/bin/env node
/**
 * Baseline for speed figures: parses every .py file under a folder with web-tree-sitter alone (no
 * copy, no analysis), deleting each tree, and prints the wall time. Run after `npm run build`.
 *
 * With `--export`, also measures, in the same run and on the same files, the two ways pysast can
 * read a tree out of wasm: the public TreeCursor API, and the direct calls into the wasm module's
 * cursor functions that pysast uses (src/parse/parser.ts), against a second (warm) parse-only pass.
 * Each line is the total over all files.
 *
 * Usage: node scripts/bench-parse.mjs [--export] <folder>
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Parser } from "web-tree-sitter";
import { loadPython } from "../dist/src/parse/grammar.js";
import { PythonParser } from "../dist/src/parse/parser.js";

const args = process.argv.slice(2);
const compareExport = args.includes("--export");
const SKIP = new Set(["site-packages", "__pycache__", "venv", ".venv", ".git", "node_modules", "build", "dist"]);
const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(p);
    } else if (e.name.endsWith(".py")) files.push(p);
  }
})(args.find((a) => !a.startsWith("--")) ?? ".");

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
const parseOnly = (performance.now() - t0) / 1000;
console.log(`parse only: ${files.length} files, ${lines} lines, ${parseOnly.toFixed(2)} s`);

if (compareExport) {
  const texts = files.map((f) => readFileSync(f, "utf8"));
  let base = 0;
  const time = (label, fn) => {
    const start = performance.now();
    let records = 0;
    for (const t of texts) records += fn(t);
    const secs = (performance.now() - start) / 1000;
    base ||= secs;
    console.log(`${label.padEnd(44)} ${secs.toFixed(2)} s  ${(secs / base).toFixed(2)}x`);
  };
  time("parse only, warm (the ratios' base)", (t) => {
    parser.parse(t)?.delete();
    return 0;
  });
  const viaApi = new PythonParser(language, { publicApi: true });
  const direct = new PythonParser(language);
  time("parse + export via the TreeCursor API", (t) => viaApi.compact(t).records.length / 4);
  time("parse + export via direct cursor calls", (t) => direct.compact(t).records.length / 4);
  time("parse + direct export + PyNode objects", (t) => {
    direct.parse(t);
    return 0;
  });
  viaApi.delete();
  direct.delete();
}
parser.delete();
