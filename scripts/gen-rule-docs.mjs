#!/usr/bin/env node
/**
 * Writes docs/rules/<id>.md for every registered rule and docs/rules/README.md (the index), from the
 * built registry in dist/ (run `npm run build` first). With --check, writes nothing and exits 1
 * when a page is missing, out of date, or belongs to no registered rule.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const docsDir = path.join(root, "docs", "rules");
const check = process.argv.includes("--check");

async function load(rel) {
  try {
    return await import(pathToFileURL(path.join(root, "dist", rel)).href);
  } catch (err) {
    console.error(`gen-rule-docs: cannot load dist/${rel} (${err.message}); run \`npm run build\` first.`);
    process.exit(2);
  }
}

const { rules } = await load("rules/index.js");
const { renderRulePage, renderRuleIndex } = await load("rules/lib/docs-page.js");

const wanted = new Map(rules.map((r) => [`${r.meta.id}.md`, renderRulePage(r.meta)]));
wanted.set("README.md", renderRuleIndex(rules.map((r) => r.meta)));

async function readOrNull(file) {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

const existing = (await readdir(docsDir).catch(() => [])).filter((f) => f.endsWith(".md"));
const problems = [];
for (const [name, content] of wanted) {
  const file = path.join(docsDir, name);
  const current = await readOrNull(file);
  if (current === content) continue;
  if (check) problems.push(`docs/rules/${name} is ${current === null ? "missing" : "out of date"}`);
  else {
    await mkdir(docsDir, { recursive: true });
    await writeFile(file, content);
    console.log(`wrote docs/rules/${name}`);
  }
}
for (const name of existing) {
  if (!wanted.has(name)) problems.push(`docs/rules/${name} documents no registered rule; delete it`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`gen-rule-docs: ${p}`);
  if (check) console.error("gen-rule-docs: run `npm run build && node scripts/gen-rule-docs.mjs` to regenerate.");
  process.exit(1);
}
if (check) console.log(`gen-rule-docs: ${wanted.size} pages up to date`);
