#!/usr/bin/env node
/**
 * Scores Bandit and Ruff's `S` rules on the labelled corpus (tests/corpus) with the same case
 * definitions as scripts/score-corpus.mjs, so pysast can be compared on equal terms. Neither tool
 * is a dependency: install them for the measurement only —
 *   apt-get install -y bandit                          (Bandit 1.6.2 here)
 *   npm install --prefix /tmp/ruff @astral-sh/ruff-wasm-nodejs   then RUFF_WASM=/tmp/ruff/node_modules/@astral-sh/ruff-wasm-nodejs
 * Usage: node scripts/compare-tools.mjs [--json]
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CATEGORIES, DEFAULT_CORPUS, loadCases } from "./score-corpus.mjs";

/** Each tool's checks that claim to find the category (closest equivalents; none exist for LDAP or path traversal). */
const CODES = {
  "sql-injection": ["B608", "S608"],
  "command-injection": ["B602", "B603", "B604", "B605", "B606", "B607", "S602", "S603", "S604", "S605", "S606", "S607"],
  "code-injection": ["B102", "B307", "S102", "S307"],
  "unsafe-deserialization": ["B301", "B302", "B506", "S301", "S302", "S506"],
  "ldap-injection": [],
  "xpath-injection": ["B320", "S320"],
  "reflected-xss": ["B701", "B703", "B704", "S701", "S704", "S308"],
  "path-traversal": [],
};

function banditFindings(dir) {
  let out;
  try {
    out = execFileSync("bandit", ["-q", "-r", "-f", "json", dir], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });
  } catch (err) {
    out = err.stdout; // bandit exits 1 when it finds something
  }
  const report = JSON.parse(out);
  return {
    findings: report.results.map((r) => ({ file: path.relative(dir, r.filename), line: r.line_number, code: r.test_id })),
    errors: report.errors.length,
  };
}

function ruffChecker() {
  const dir = process.env.RUFF_WASM;
  if (!dir) return undefined;
  const require = createRequire(import.meta.url);
  const ruff = require(path.join(dir, "ruff_wasm.js"));
  const ws = new ruff.Workspace({ lint: { select: ["S"] } }, ruff.PositionEncoding?.Utf16 ?? "utf16");
  return (file) => ws.check(readFileSync(file, "utf8")).map((d) => ({ line: d.start_location.row, code: d.code }));
}

function score(category, cases, findingsFor) {
  const codes = new Set(CODES[category]);
  let vuln = 0, tp = 0, safe = 0, fp = 0;
  for (const c of cases) {
    const hits = c.files.flatMap((f) => findingsFor(f).filter((x) => codes.has(x.code)).map((x) => ({ ...x, file: f })));
    if (c.label === "vulnerable") {
      vuln++;
      if (hits.some((h) => h.file === c.sink.file && h.line === c.sink.line)) tp++;
    } else if (c.label === "safe") {
      safe++;
      if (hits.length > 0) fp++;
    }
  }
  return { category, vulnerable: vuln, found: tp, safe, flagged: fp, tpr: vuln ? tp / vuln : 0, fpr: safe ? fp / safe : 0 };
}

const ruff = ruffChecker();
const rows = [];
for (const category of CATEGORIES) {
  const dir = path.join(DEFAULT_CORPUS, category);
  const cases = loadCases(dir, category).filter((c) => c.sink);
  const b = banditFindings(dir);
  rows.push({ tool: "bandit", parseErrors: b.errors, ...score(category, cases, (f) => b.findings.filter((x) => x.file === f)) });
  if (ruff) rows.push({ tool: "ruff", ...score(category, cases, (f) => ruff(path.join(dir, f))) });
}
if (process.argv.includes("--json")) console.log(JSON.stringify(rows, null, 2));
else {
  const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(7);
  console.log("tool    category                 TPR      FPR     (found/vulnerable, flagged/safe)");
  for (const r of rows) {
    console.log(`${r.tool.padEnd(7)} ${r.category.padEnd(24)} ${pct(r.tpr)}  ${pct(r.fpr)}   (${r.found}/${r.vulnerable}, ${r.flagged}/${r.safe})${r.parseErrors ? `  [${r.parseErrors} files Bandit could not parse]` : ""}`);
  }
}
