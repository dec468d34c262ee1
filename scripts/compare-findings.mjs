#!/usr/bin/env node
/**
 * Compares the findings of two sets of JSON reports (`pysast scan APP --format json -o DIR/APP.json`), application by
 * application, to read what a change did on code nobody here wrote (see docs/regression-applications.md).
 *
 * Usage: node scripts/compare-findings.mjs OLD NEW [--all]
 *   OLD, NEW  two report files, or two folders of `<application>.json` reports (matched by file name)
 *   --all     also list the applications whose findings did not change
 * A finding is keyed by its rule, its path below the scanned folder, its line and its message; the output lists, per
 * application, the count before and after, then each finding that went (`-`) or came (`+`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { all: { type: "boolean", default: false } } });
if (positionals.length !== 2) {
  console.error("usage: node scripts/compare-findings.mjs OLD NEW [--all]  (two JSON reports, or two folders of <application>.json)");
  process.exit(2);
}
const [oldArg, newArg] = positionals;

/** The findings of one report, keyed; the key's path is relative to the report's scan root. */
function keyed(file) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  const root = typeof report.root === "string" ? report.root : "";
  const out = new Map();
  for (const f of report.findings ?? []) {
    const rel = root && f.path.startsWith(root) ? path.relative(root, f.path) : f.path;
    out.set(`${f.ruleId} ${rel}:${f.region?.startLine ?? 0} ${String(f.message).slice(0, 120)}`, f);
  }
  return out;
}

function pairs() {
  if (statSync(oldArg).isFile()) return [[path.basename(newArg, ".json"), oldArg, newArg]];
  return readdirSync(newArg)
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((n) => [n.slice(0, -".json".length), path.join(oldArg, n), path.join(newArg, n)]);
}

let changed = 0;
for (const [app, a, b] of pairs()) {
  if (!existsSync(a)) {
    console.log(`${app}: no report in ${oldArg}`);
    continue;
  }
  const before = keyed(a);
  const after = keyed(b);
  const gone = [...before.keys()].filter((k) => !after.has(k)).sort();
  const came = [...after.keys()].filter((k) => !before.has(k)).sort();
  if (gone.length === 0 && came.length === 0 && !values.all) continue;
  if (gone.length || came.length) changed++;
  console.log(`${app}: ${before.size} -> ${after.size}`);
  for (const k of gone) console.log(`  - ${k}`);
  for (const k of came) console.log(`  + ${k}`);
}
if (changed === 0) console.log("no finding changed");
