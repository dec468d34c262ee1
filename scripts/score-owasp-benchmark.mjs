#!/usr/bin/env node
/**
 * Scores pysast on a checkout of the OWASP Benchmark for Python
 * (https://github.com/OWASP-Benchmark/BenchmarkPython), the way the OWASP scorecards do.
 *
 * The benchmark ships `expectedresults-*.csv`: one row per test case (name, category, whether it
 * is a real vulnerability, CWE); each case is one file, `testcode/<name>.py`. A case counts as
 * flagged when the SARIF report has a result in that file whose rule carries the case's CWE (the
 * `external/cwe/cwe-NNN` tags of the rule). Per category: TPR = real cases flagged / real cases,
 * FPR = safe cases flagged / safe cases, score = TPR − FPR; the average line weighs every
 * category the same.
 *
 * Usage (after `npm run build`):
 *   node scripts/score-owasp-benchmark.mjs BENCH_DIR [--sarif REPORT.sarif] [--categories a,b,...]
 *                                          [--min-level note|warning|error] [--show-cases] [--json]
 *
 * Without `--sarif` it scans BENCH_DIR with pysast first (all rules, SARIF into a temporary file).
 * The checkout is only read; nothing of it is copied anywhere.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The benchmark categories pysast has rules for (the others belong to rules it does not have). */
export const DEFAULT_CATEGORIES = ["sqli", "cmdi", "codeinj", "deserialization", "ldapi", "xpathi", "xss", "hash", "pathtraver"];

const LEVELS = { note: 1, warning: 2, error: 3 };

/** Reads the newest expected-results CSV of a checkout: [{ name, category, real, cwe }]. */
export function readExpected(benchDir) {
  const csv = readdirSync(benchDir).filter((f) => /^expectedresults-.*\.csv$/.test(f)).sort().pop();
  if (!csv) throw new Error(`${benchDir}: no expectedresults-*.csv; is this a BenchmarkPython checkout?`);
  const cases = [];
  for (const line of readFileSync(path.join(benchDir, csv), "utf8").split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const [name, category, real, cwe] = line.split(",").map((c) => c.trim());
    cases.push({ name, category, real: real.toLowerCase() === "true", cwe: Number(cwe) });
  }
  return { csv, cases };
}

/** The set of CWE numbers flagged per file (`testcode/X.py` → {89, 79}) in a SARIF report. */
export function flaggedCwes(sarif, minLevel = "note") {
  const out = new Map();
  for (const run of sarif.runs ?? []) {
    const rules = run.tool?.driver?.rules ?? [];
    const cwesOf = (result) => {
      const rule = result.ruleIndex !== undefined ? rules[result.ruleIndex] : rules.find((r) => r.id === result.ruleId);
      const tags = [...(rule?.properties?.tags ?? []), ...(result.properties?.tags ?? [])];
      return tags.flatMap((t) => {
        const m = /^external\/cwe\/cwe-(\d+)$/i.exec(t);
        return m ? [Number(m[1])] : [];
      });
    };
    for (const result of run.results ?? []) {
      if (result.suppressions?.length) continue;
      const level = result.level ?? rules[result.ruleIndex ?? -1]?.defaultConfiguration?.level ?? "warning";
      if ((LEVELS[level] ?? 0) < LEVELS[minLevel]) continue;
      const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
      if (!uri) continue;
      const file = decodeURIComponent(uri).replace(/^file:\/\//, "").replace(/^\.\//, "");
      const set = out.get(file) ?? new Set();
      for (const cwe of cwesOf(result)) set.add(cwe);
      out.set(file, set);
    }
  }
  return out;
}

/** Scores the cases of the given categories against the flagged CWEs. */
export function score(cases, flagged, categories) {
  const isFlagged = (c) => [...flagged].some(([file, cwes]) => (file === `testcode/${c.name}.py` || file.endsWith(`/testcode/${c.name}.py`)) && cwes.has(c.cwe));
  const rows = [];
  for (const category of categories) {
    const mine = cases.filter((c) => c.category === category);
    const row = { category, cwe: mine[0]?.cwe, real: 0, safe: 0, tp: 0, fp: 0, fn: [], fpCases: [] };
    for (const c of mine) {
      const hit = isFlagged(c);
      if (c.real) {
        row.real++;
        if (hit) row.tp++;
        else row.fn.push(c.name);
      } else {
        row.safe++;
        if (hit) {
          row.fp++;
          row.fpCases.push(c.name);
        }
      }
    }
    row.tpr = row.real ? row.tp / row.real : 0;
    row.fpr = row.safe ? row.fp / row.safe : 0;
    row.score = row.tpr - row.fpr;
    rows.push(row);
  }
  const mean = (k) => rows.reduce((s, r) => s + r[k], 0) / (rows.length || 1);
  return { rows, average: { tpr: mean("tpr"), fpr: mean("fpr"), score: mean("score") } };
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;

/** The score table as text (and the cases behind each miss and false alarm with `showCases`). */
export function formatScore({ rows, average }, showCases = false) {
  const header = ["category", "CWE", "real", "safe", "TP", "FN", "TN", "FP", "TPR", "FPR", "score"];
  const body = rows.map((r) => [r.category, String(r.cwe ?? ""), String(r.real), String(r.safe), String(r.tp), String(r.real - r.tp), String(r.safe - r.fp), String(r.fp), pct(r.tpr), pct(r.fpr), pct(r.score)]);
  body.push(["average", "", "", "", "", "", "", "", pct(average.tpr), pct(average.fpr), pct(average.score)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.slice(0, -1).map(line), widths.map((w) => "-".repeat(w)).join("  "), line(body[body.length - 1])];
  if (showCases) {
    for (const r of rows) {
      if (r.fn.length) out.push(`${r.category} missed (real, not flagged): ${r.fn.join(" ")}`);
      if (r.fpCases.length) out.push(`${r.category} false alarms (safe, flagged): ${r.fpCases.join(" ")}`);
    }
  }
  return out.join("\n");
}

/** Scans the checkout with the built pysast and returns the SARIF document. */
function scan(benchDir) {
  const cli = path.join(REPO_ROOT, "dist", "src", "cli.js");
  const dir = mkdtempSync(path.join(tmpdir(), "pysast-owasp-"));
  const out = path.join(dir, "report.sarif");
  try {
    const r = spawnSync(process.execPath, [cli, "scan", benchDir, "--root", benchDir, "--format", "sarif", "-o", out, "--exit-zero", "--no-color"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`pysast scan failed (exit ${r.status}): ${r.stderr || r.error?.message || ""}`.trim());
    return JSON.parse(readFileSync(out, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      sarif: { type: "string" },
      categories: { type: "string" },
      "min-level": { type: "string", default: "note" },
      "show-cases": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write("usage: node scripts/score-owasp-benchmark.mjs BENCH_DIR [--sarif REPORT.sarif] [--categories sqli,cmdi,...] [--min-level note|warning|error] [--show-cases] [--json]\n");
    process.exit(values.help ? 0 : 2);
  }
  if (!(values["min-level"] in LEVELS)) {
    process.stderr.write(`--min-level must be note, warning or error, not "${values["min-level"]}"\n`);
    process.exit(2);
  }
  const benchDir = path.resolve(positionals[0]);
  const { csv, cases } = readExpected(benchDir);
  const categories = values.categories ? values.categories.split(",").map((c) => c.trim()).filter(Boolean) : DEFAULT_CATEGORIES;
  const unknown = categories.filter((c) => !cases.some((x) => x.category === c));
  if (unknown.length) {
    process.stderr.write(`${csv} has no cases of category ${unknown.join(", ")}\n`);
    process.exit(2);
  }
  const sarif = values.sarif ? JSON.parse(readFileSync(values.sarif, "utf8")) : scan(benchDir);
  const result = score(cases, flaggedCwes(sarif, values["min-level"]), categories);
  if (values.json) process.stdout.write(`${JSON.stringify({ expected: csv, ...result }, null, 2)}\n`);
  else process.stdout.write(`${formatScore(result, values["show-cases"])}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}
