#!/usr/bin/env node
/**
 * Times a scan of a Python standard library with all registered rules and with the pattern rules
 * only, in the same process (run `npm run build` first):
 *   node tests/taint/bench-stdlib.mjs /path/to/lib/python3.12 [--local] [--jobs N]
 * site-packages is excluded. Prints files, lines, findings per rule and wall-clock times.
 */
import { performance } from "node:perf_hooks";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const { rules } = await import(pathToFileURL(path.join(repo, "dist", "rules", "index.js")).href);
const { runScan } = await import(pathToFileURL(path.join(repo, "dist", "src", "scan.js")).href);
const { MODELS } = await import(pathToFileURL(path.join(repo, "dist", "rules", "models", "index.js")).href);

const root = path.resolve(process.argv[2] ?? "");
const local = process.argv.includes("--local");
const jobsAt = process.argv.indexOf("--jobs");
const jobs = jobsAt > 0 ? Number(process.argv[jobsAt + 1]) : undefined;
if (!process.argv[2]) {
  console.error("usage: node tests/taint/bench-stdlib.mjs <python lib dir> [--local] [--jobs N]");
  process.exit(2);
}

async function scan(label, selected) {
  const t0 = performance.now();
  const out = await runScan({
    root,
    paths: [root],
    rules: selected,
    discover: { exclude: ["site-packages/**"], defaultExcludes: true, maxFileSize: 5 * 1024 * 1024, gitignore: false },
    inlineSuppressions: true,
    includeLocalSources: local,
    models: MODELS,
    ...(jobs ? { jobs } : {}),
  });
  const ms = performance.now() - t0;
  const byRule = {};
  for (const f of out.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  const budget = out.notifications.filter((n) => n.kind === "analysis-budget").length;
  console.log(`${label}: ${out.files} files, ${out.lines} lines, ${(ms / 1000).toFixed(2)} s (parse ${(out.parseMs / 1000).toFixed(2)} s), budget notices ${budget}, findings ${JSON.stringify(byRule)}`);
  return ms;
}

const pattern = rules.filter((r) => r.meta.kind === "pattern");
// warm up the grammar and the JIT on a first pass, then measure both configurations
await scan("warm-up (pattern rules)", pattern);
const withoutTaint = await scan("pattern rules only", pattern);
const withTaint = await scan(`all rules (taint${local ? ", local sources" : ""})`, rules);
console.log(`taint overhead: ${((withTaint - withoutTaint) / 1000).toFixed(2)} s (${((withTaint / withoutTaint - 1) * 100).toFixed(0)}%)`);
