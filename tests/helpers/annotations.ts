/**
 * Fixture annotations and the pipeline runner shared by the rule tests.
 *
 * `# ruleid: a, b` on the line above a line that must be reported by rules a and b; `# ok: a` above
 * one that must not; `# todoruleid:` / `# todook:` mark known misses and known false alarms, which
 * are left out of the comparison and listed instead. Several annotation lines may stack above one
 * code line. A rule id may name the level the finding must have: `# ruleid: weak-hash@note`.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { rules } from "../../rules/index.js";
import { MODELS } from "../../rules/models/index.js";
import type { Rule } from "../../src/rule.js";
import { runScan, type ScanOutput } from "../../src/scan.js";

export type AnnotationKind = "ruleid" | "ok" | "todoruleid" | "todook";

export interface Annotation {
  kind: AnnotationKind;
  ruleId: string;
  /** The level the finding must have (`# ruleid: weak-hash@note`), when the annotation says. */
  level?: string;
  /** Repo-relative path (forward slashes) of the annotated file. */
  file: string;
  /** 1-based line of the annotated code. */
  line: number;
  /** 1-based line of the annotation comment itself. */
  annotationLine: number;
}

const ANNOTATION = /^\s*#\s*(ruleid|ok|todoruleid|todook)\s*:\s*(.+?)\s*$/;

/** The annotations of one file. Throws when an annotation has no code line below it. */
export function parseAnnotations(file: string, text: string): Annotation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Annotation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ANNOTATION.exec(lines[i]!);
    if (!m) continue;
    let target = i + 1;
    while (target < lines.length && ANNOTATION.test(lines[target]!)) target++;
    if (target >= lines.length || lines[target]!.trim() === "") {
      throw new Error(`${file}:${i + 1}: annotation "${lines[i]!.trim()}" must sit directly above the code line it describes`);
    }
    for (const entry of m[2]!.split(",").map((s) => s.trim()).filter(Boolean)) {
      const [id, level] = entry.split("@") as [string, string | undefined];
      out.push({ kind: m[1] as AnnotationKind, ruleId: id, ...(level ? { level } : {}), file, line: target + 1, annotationLine: i + 1 });
    }
  }
  return out;
}

/** Every `.py` file under `dir`, as paths relative to it with forward slashes, sorted. */
export async function pythonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await visit(child);
      else if (e.isFile() && e.name.endsWith(".py")) out.push(child);
    }
  };
  await visit("");
  return out.sort();
}

/** All annotations of all Python files under `dir`. */
export async function annotationsIn(dir: string): Promise<Annotation[]> {
  const out: Annotation[] = [];
  for (const rel of await pythonFiles(dir)) out.push(...parseAnnotations(rel, await readFile(path.join(dir, rel), "utf8")));
  return out;
}

/** Runs the real scan pipeline over a folder with the given rules (all registered rules by default). */
export async function scanFolder(root: string, withRules: readonly Rule[] = rules, options: { includeLocalSources?: boolean } = {}): Promise<ScanOutput> {
  return runScan({
    root,
    paths: [root],
    rules: withRules,
    discover: { exclude: [], defaultExcludes: true, maxFileSize: 5 * 1024 * 1024, gitignore: false },
    inlineSuppressions: true,
    includeLocalSources: options.includeLocalSources ?? false,
    models: MODELS,
  });
}

/** `file:line:ruleId` keys of the unsuppressed findings of a scan. */
export function findingKeys(output: ScanOutput): Set<string> {
  return new Set(output.findings.filter((f) => !f.suppression).map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`));
}

export interface FixtureComparison {
  /** Annotated `ruleid` lines that were not reported. */
  missing: string[];
  /** Reported lines with no `ruleid` annotation (including lines annotated `ok`). */
  unexpected: string[];
  /** `todoruleid` / `todook` annotations with their current outcome. */
  todo: string[];
}

/** Compares reported `file:line:ruleId` keys with the annotations. */
export function compareWithAnnotations(annotations: Annotation[], reported: Set<string>): FixtureComparison {
  const key = (a: Annotation) => `${a.file}:${a.line}:${a.ruleId}`;
  const todoKeys = new Set(annotations.filter((a) => a.kind === "todoruleid" || a.kind === "todook").map(key));
  const expected = new Set(annotations.filter((a) => a.kind === "ruleid").map(key));
  const missing = [...expected].filter((k) => !reported.has(k)).sort();
  const unexpected = [...reported].filter((k) => !expected.has(k) && !todoKeys.has(k)).sort();
  const todo = annotations
    .filter((a) => a.kind === "todoruleid" || a.kind === "todook")
    .map((a) => {
      const fired = reported.has(key(a));
      const status = a.kind === "todoruleid" ? (fired ? "now reported: promote to ruleid" : "still missed") : fired ? "still reported" : "no longer reported: promote to ok";
      return `${key(a)} (${a.kind}: ${status})`;
    })
    .sort();
  return { missing, unexpected, todo };
}

/** Annotations naming a level whose finding has another level: `file:line:ruleId: expected X, got Y`. */
export function levelMismatches(annotations: Annotation[], output: ScanOutput): string[] {
  const out: string[] = [];
  for (const a of annotations) {
    if (a.kind !== "ruleid" || !a.level) continue;
    const f = output.findings.find((x) => x.path === a.file && x.region.startLine === a.line && x.ruleId === a.ruleId && !x.suppression);
    if (f && f.level !== a.level) out.push(`${a.file}:${a.line}:${a.ruleId}: expected ${a.level}, got ${f.level}`);
  }
  return out.sort();
}

/** A readable diff for a failed comparison. */
export function describeMismatch(folder: string, c: FixtureComparison): string {
  const parts = [`fixture folder ${folder} does not match its annotations:`];
  if (c.missing.length) parts.push(`  expected but not reported (ruleid):\n${c.missing.map((k) => `    - ${k}`).join("\n")}`);
  if (c.unexpected.length) parts.push(`  reported but not annotated ruleid:\n${c.unexpected.map((k) => `    + ${k}`).join("\n")}`);
  return parts.join("\n");
}
