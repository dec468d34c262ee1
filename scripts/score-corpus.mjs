#!/usr/bin/env node
/**
 * Scores the taint rules against the labelled corpus in tests/corpus/<category>/, one folder per
 * taint rule, named after its id.
 *
 * Each case is `NNN_<name>_vuln` or `NNN_<name>_safe`, either one `.py` file or a folder of
 * modules, with exactly one annotation `# ruleid: <category>` (vulnerable) or `# ok: <category>`
 * (safe) on the line above its sink. A vulnerable case is found when a finding of the category's
 * rule covers the annotated line; a safe case is a false alarm when that rule reports anything in
 * any of its files. Each category folder is scanned as its own project root, so a folder case's
 * relative imports resolve within the case.
 *
 * Usage (after `npm run build`):
 *   node scripts/score-corpus.mjs [--json] [--category <id> ...] [--corpus <dir>]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, "..");
export const DEFAULT_CORPUS = path.join(REPO_ROOT, "tests", "corpus");

/**
 * The categories: every folder of the corpus, named after the taint rule scored on it (a folder
 * naming no registered taint rule is reported as such when scored).
 */
export const CATEGORIES = readdirSync(DEFAULT_CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const CASE_NAME = /^(\d{3})_([a-z0-9_]+)_(vuln|safe)(\.py)?$/;
const ANNOTATION = /^\s*#\s*(ruleid|ok):\s*([a-z0-9-]+)\s*$/;

/** Lists the `.py` files of a case, relative to the category folder, sorted. */
function caseFiles(categoryDir, entry) {
  const abs = path.join(categoryDir, entry);
  if (!statSync(abs).isDirectory()) return [entry];
  const out = [];
  const stack = [entry];
  while (stack.length > 0) {
    const rel = stack.pop();
    for (const child of readdirSync(path.join(categoryDir, rel), { withFileTypes: true })) {
      const childRel = `${rel}/${child.name}`;
      if (child.isDirectory()) stack.push(childRel);
      else if (child.name.endsWith(".py")) out.push(childRel);
    }
  }
  return out.sort();
}

/**
 * Reads the cases of one category folder: id, label, files and the annotated sink line, with a
 * list of problems for cases whose annotations do not follow the corpus conventions.
 */
export function loadCases(categoryDir, category) {
  const cases = [];
  for (const entry of readdirSync(categoryDir).sort()) {
    const m = CASE_NAME.exec(entry);
    if (!m) {
      cases.push({ id: entry, label: "unknown", files: [], sink: null, problems: [`${entry}: name is not NNN_<name>_{vuln,safe}[.py]`] });
      continue;
    }
    const label = m[3] === "vuln" ? "vulnerable" : "safe";
    const files = caseFiles(categoryDir, entry);
    const problems = [];
    const annotations = [];
    for (const file of files) {
      const lines = readFileSync(path.join(categoryDir, file), "utf8").split(/\r\n|\r|\n/);
      lines.forEach((text, i) => {
        const a = ANNOTATION.exec(text);
        if (a) annotations.push({ file, line: i + 2, kind: a[1], rule: a[2] });
      });
    }
    const expectedKind = label === "vulnerable" ? "ruleid" : "ok";
    if (annotations.length !== 1) problems.push(`${entry}: ${annotations.length} annotations, expected exactly one`);
    for (const a of annotations) {
      if (a.kind !== expectedKind || a.rule !== category) {
        problems.push(`${a.file}:${a.line - 1}: "# ${a.kind}: ${a.rule}" but the case needs "# ${expectedKind}: ${category}"`);
      }
    }
    const sink = annotations.length === 1 ? { file: annotations[0].file, line: annotations[0].line } : null;
    cases.push({ id: entry.replace(/\.py$/, ""), label, files, sink, problems });
  }
  return cases;
}

async function loadPipeline() {
  const scanJs = path.join(REPO_ROOT, "dist", "src", "scan.js");
  const rulesJs = path.join(REPO_ROOT, "dist", "rules", "index.js");
  const modelsJs = path.join(REPO_ROOT, "dist", "rules", "models", "index.js");
  try {
    const [{ runScan }, { rules }, { MODELS }] = await Promise.all([import(pathToFileURL(scanJs).href), import(pathToFileURL(rulesJs).href), import(pathToFileURL(modelsJs).href)]);
    return { runScan, rules, models: MODELS };
  } catch (err) {
    throw new Error(`cannot load the built pipeline (${err.message}); run \`npm run build\` first`);
  }
}

/** Scans one category folder with that category's rule and scores every case in it. */
export async function scoreCategory(corpusDir, category, pipeline) {
  const categoryDir = path.join(corpusDir, category);
  const cases = loadCases(categoryDir, category);
  const rule = pipeline.rules.find((r) => r.meta.id === category && r.meta.kind === "taint");
  const started = performance.now();
  const findings = [];
  const notifications = [];
  if (rule) {
    const out = await pipeline.runScan({
      root: categoryDir,
      paths: [categoryDir],
      rules: [rule],
      discover: { exclude: [], defaultExcludes: true, maxFileSize: 5 * 1024 * 1024, gitignore: false },
      inlineSuppressions: true,
      includeLocalSources: false,
      models: pipeline.models,
    });
    findings.push(...out.findings.filter((f) => f.ruleId === category && !f.suppression));
    notifications.push(...out.notifications);
  }
  const ms = performance.now() - started;

  const byFile = new Map();
  for (const f of findings) {
    const list = byFile.get(f.path) ?? [];
    list.push(f);
    byFile.set(f.path, list);
  }
  const misses = [];
  const falseAlarms = [];
  let vulnerable = 0;
  let found = 0;
  let safe = 0;
  let flagged = 0;
  for (const c of cases) {
    if (c.label === "vulnerable" && c.sink) {
      vulnerable++;
      const hit = (byFile.get(c.sink.file) ?? []).some((f) => f.region.startLine <= c.sink.line && c.sink.line <= f.region.endLine);
      if (hit) found++;
      else misses.push({ case: c.id, at: `${c.sink.file}:${c.sink.line}` });
    } else if (c.label === "safe" && c.sink) {
      safe++;
      const hits = c.files.flatMap((file) => (byFile.get(file) ?? []).map((f) => `${file}:${f.region.startLine}`));
      if (hits.length > 0) {
        flagged++;
        falseAlarms.push({ case: c.id, at: hits });
      }
    }
  }
  return {
    category,
    ruleRegistered: Boolean(rule),
    vulnerable,
    found,
    missed: vulnerable - found,
    safe,
    flagged,
    tpr: vulnerable > 0 ? found / vulnerable : 0,
    fpr: safe > 0 ? flagged / safe : 0,
    misses,
    falseAlarms,
    corpusProblems: cases.flatMap((c) => c.problems),
    notifications: notifications.map((n) => `${n.kind}: ${n.message}`),
    ms: Math.round(ms),
  };
}

/** Scores the given categories of a corpus; loads the built pipeline unless one is passed in. */
export async function scoreCorpus({ corpusDir = DEFAULT_CORPUS, categories = CATEGORIES, pipeline } = {}) {
  const p = pipeline ?? (await loadPipeline());
  const results = [];
  for (const category of categories) results.push(await scoreCategory(corpusDir, category, p));
  return results;
}

function pct(x) {
  return `${(x * 100).toFixed(1)}%`;
}

/** Renders the scores as a table followed by the misses and false alarms of each category. */
export function formatScores(results) {
  const header = ["category", "vulnerable", "found", "missed", "safe", "flagged", "TPR", "FPR", "ms"];
  const rows = results.map((r) => [
    r.ruleRegistered ? r.category : `${r.category} (rule not registered)`,
    String(r.vulnerable),
    String(r.found),
    String(r.missed),
    String(r.safe),
    String(r.flagged),
    pct(r.tpr),
    pct(r.fpr),
    String(r.ms),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  for (const r of results) {
    if (!r.ruleRegistered) {
      out.push("", `${r.category}: no taint rule with this id is registered, so nothing was scanned`);
      continue;
    }
    if (r.misses.length === 0 && r.falseAlarms.length === 0 && r.corpusProblems.length === 0 && r.notifications.length === 0) continue;
    out.push("", `${r.category}:`);
    for (const m of r.misses) out.push(`  missed       ${m.case} (${m.at})`);
    for (const f of r.falseAlarms) out.push(`  false alarm  ${f.case} (${f.at.join(", ")})`);
    for (const p of r.corpusProblems) out.push(`  corpus       ${p}`);
    for (const n of r.notifications) out.push(`  notice       ${n}`);
  }
  return out.join("\n");
}

async function main() {
  const { values } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      category: { type: "string", multiple: true },
      corpus: { type: "string" },
    },
  });
  const categories = values.category ?? CATEGORIES;
  const unknown = categories.filter((c) => !CATEGORIES.includes(c));
  if (unknown.length > 0) {
    process.stderr.write(`unknown category: ${unknown.join(", ")} (known: ${CATEGORIES.join(", ")})\n`);
    process.exitCode = 2;
    return;
  }
  const results = await scoreCorpus({ corpusDir: values.corpus ? path.resolve(values.corpus) : DEFAULT_CORPUS, categories });
  process.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatScores(results)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`score-corpus: ${err.message}\n`);
    process.exitCode = 2;
  });
}
