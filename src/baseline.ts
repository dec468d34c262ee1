/**
 * Which findings are new: against a baseline SARIF (`--baseline`, matched on rule id + primaryLocationLineHash, so
 * code moving up or down does not make a finding new) and against the lines a change touched (`--diff-lines`).
 * A baseline is written as ordinary SARIF by the reporter, so only reading lives here.
 */
import { readFile } from "node:fs/promises";
import type { Finding } from "./types.js";

/** A baseline file that cannot be used; the message names the file. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineError";
  }
}

const SEPARATOR = "\u0000";

/** The baseline key of a finding, or undefined when it has no fingerprint (it can then never be baselined). */
export function baselineKey(finding: Pick<Finding, "ruleId" | "fingerprint">): string | undefined {
  return finding.fingerprint ? finding.ruleId + SEPARATOR + finding.fingerprint : undefined;
}

/** Reads the rule + primaryLocationLineHash keys of every result in every run of a SARIF file. */
export async function readBaseline(file: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new BaselineError(`--baseline: cannot read ${file} (${code}); create one with --write-baseline ${file}`);
  }
  let log: unknown;
  try {
    log = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`--baseline: ${file} is not valid JSON (${(err as Error).message}); expected a SARIF file`);
  }
  const runs = field(log, "runs");
  if (!Array.isArray(runs)) throw new BaselineError(`--baseline: ${file} is not a SARIF log (it has no "runs" list)`);
  const keys = new Set<string>();
  for (const run of runs) {
    const rules = field(field(field(run, "tool"), "driver"), "rules");
    const results = field(run, "results");
    if (!Array.isArray(results)) continue;
    for (const result of results) {
      const hash = field(field(result, "partialFingerprints"), "primaryLocationLineHash");
      const ruleId = resultRuleId(result, rules);
      if (typeof hash === "string" && ruleId !== undefined) keys.add(ruleId + SEPARATOR + hash);
    }
  }
  return keys;
}

/** SARIF allows the rule to be named by `ruleId`, by `rule.id`, or only by `rule.index` / `ruleIndex` into the driver's rules. */
function resultRuleId(result: unknown, rules: unknown): string | undefined {
  const direct = field(result, "ruleId") ?? field(field(result, "rule"), "id");
  if (typeof direct === "string") return direct;
  const index = field(result, "ruleIndex") ?? field(field(result, "rule"), "index");
  const rule = Array.isArray(rules) && typeof index === "number" ? rules[index] : undefined;
  const id = field(rule, "id");
  return typeof id === "string" ? id : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** Splits off the findings whose key is in the baseline; findings without a fingerprint are always kept. */
export function filterByBaseline<T extends Pick<Finding, "ruleId" | "fingerprint">>(findings: readonly T[], keys: ReadonlySet<string>): { kept: T[]; baselined: number } {
  const kept = findings.filter((finding) => {
    const key = baselineKey(finding);
    return key === undefined || !keys.has(key);
  });
  return { kept, baselined: findings.length - kept.length };
}

/**
 * Keeps the findings whose region touches a changed line (`--diff-lines`, what GitHub shows on a pull request);
 * `changed` maps scan-root-relative paths to changed 1-based lines, as `changedLines` in git.ts returns.
 */
export function filterByChangedLines<T extends Pick<Finding, "path" | "region">>(findings: readonly T[], changed: ReadonlyMap<string, ReadonlySet<number>>): { kept: T[]; dropped: number } {
  const kept = findings.filter((finding) => {
    const lines = changed.get(finding.path);
    if (lines === undefined) return false;
    for (let line = finding.region.startLine; line <= finding.region.endLine; line++) if (lines.has(line)) return true;
    return false;
  });
  return { kept, dropped: findings.length - kept.length };
}
