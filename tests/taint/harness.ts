import { expect } from "vitest";
/** Test harness: runs the taint analysis over in-memory Python files. */
import { FileModel } from "../../src/model/file-model.js";
import { loadPython } from "../../src/parse/grammar.js";
import { PythonParser } from "../../src/parse/parser.js";
import type { TaintRule } from "../../src/rule.js";
import { MODELS } from "../../rules/models/index.js";
import { TaintProject } from "../../src/taint/index.js";
import type { Notification, RawFinding, RuleMeta } from "../../src/types.js";

const KINDS = ["sql", "command", "code", "deserialization", "ldap", "xpath", "xss", "path", "redirect", "ssrf", "session", "xxe", "log", "error-disclosure", "template"];

/** One synthetic rule per sink kind, with the kind as its id. */
export const KIND_RULES: TaintRule[] = KINDS.map((kind) => ({
  meta: { id: kind, level: "error", kind: "taint" } as RuleMeta & { kind: "taint" },
  sinkKinds: [kind],
}));

let parser: PythonParser | undefined;

export async function parseFile(path: string, text: string): Promise<FileModel> {
  parser ??= new PythonParser(await loadPython());
  return new FileModel(parser.parse(text), path);
}

export interface TaintRun {
  findings: Map<string, RawFinding[]>;
  notifications: Notification[];
  /** `path:line:ruleId` for every finding, sorted. */
  hits: string[];
}

/** Analyses the given files (path → source); dedents each source. */
export async function runTaint(files: Record<string, string>, options: { local?: boolean; testsAsCode?: boolean; rules?: TaintRule[]; budget?: number; shardTarget?: number } = {}): Promise<TaintRun> {
  const project = new TaintProject(options.rules ?? KIND_RULES, {
    includeLocalSources: options.local ?? false,
    ...(options.testsAsCode ? { testsAsCode: true } : {}),
    models: MODELS,
    ...(options.budget ? { functionBudget: options.budget } : {}),
    ...(options.shardTarget ? { shardTarget: options.shardTarget } : {}),
  });
  const texts = new Map<string, string>();
  for (const [path, text] of Object.entries(files)) {
    const src = dedent(text);
    texts.set(path, src);
    project.addFile(await parseFile(path, src));
  }
  const models = new Map<string, FileModel>();
  for (const [path, src] of texts) models.set(path, await parseFile(path, src));
  const { findings, notifications } = project.analyze((p) => models.get(p) ?? null);
  // every multi-file case also runs with each file in a shard of its own: phase 2 must not depend on the cut
  if (texts.size > 1 && !options.shardTarget) {
    const split = await runTaint(files, { ...options, shardTarget: 1 });
    const show = (m: Map<string, RawFinding[]>) => JSON.stringify([...m]);
    if (show(split.findings) !== show(findings)) {
      throw new Error(`findings differ when every file is a shard of its own:\n  one shard: ${show(findings)}\n  per file:  ${show(split.findings)}`);
    }
  }
  const hits: string[] = [];
  for (const [path, list] of findings) for (const f of list) hits.push(`${path}:${f.region.startLine}:${f.ruleId}`);
  return { findings, notifications, hits: hits.sort() };
}

/** Lines (1-based) flagged for a rule in a single-file run. */
export async function flaggedLines(code: string, rule: string, options: { local?: boolean } = {}): Promise<number[]> {
  const run = await runTaint({ "app.py": code }, options);
  return (run.findings.get("app.py") ?? []).filter((f) => f.ruleId === rule).map((f) => f.region.startLine).sort((a, b) => a - b);
}

export function dedent(text: string): string {
  const lines = text.replace(/^\n/, "").split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length);
  const n = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(n)).join("\n");
}

/**
 * Checks `# ruleid: <id>` / `# ok: <id>` annotations (on the line above) against the findings of
 * a run: returns the expected and actual `path:line:id` sets restricted to annotated rule ids.
 */
export async function annotated(files: Record<string, string>, options: { local?: boolean; testsAsCode?: boolean } = {}): Promise<{ expected: string[]; actual: string[] }> {
  const run = await runTaint(files, options);
  const expected: string[] = [];
  const ids = new Set<string>();
  const annotation = /#\s*(ruleid|ok):\s*([\w-]+)/;
  for (const [path, text] of Object.entries(files)) {
    const lines = dedent(text).split("\n");
    lines.forEach((line, i) => {
      const m = annotation.exec(line);
      if (!m) return;
      ids.add(m[2]!);
      // stacked annotations all describe the first code line below them
      let target = i + 1;
      while (target < lines.length && annotation.test(lines[target]!)) target++;
      if (m[1] === "ruleid") expected.push(`${path}:${target + 1}:${m[2]}`);
    });
  }
  const actual = run.hits.filter((h) => ids.has(h.split(":").pop()!));
  return { expected: expected.sort(), actual };
}

/** Checks that the flagged lines and rule ids are exactly the `# ruleid:` annotations of the files. */
export async function expectAnnotated(files: Record<string, string>, options: { local?: boolean; testsAsCode?: boolean } = {}): Promise<void> {
  const { expected, actual } = await annotated(files, options);
  expect(actual).toEqual(expected);
}
