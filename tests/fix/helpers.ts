/** Scans a small project with fixes on, the way the CLI does, and applies one finding's verified fix. */
import { expect } from "vitest";
import { rules as registry } from "../../rules/index.js";
import { MODELS } from "../../rules/models/index.js";
import { attachFixes, type FixStats } from "../../src/fix/index.js";
import { applyEdits } from "../../src/fix/edits.js";
import type { Rule } from "../../src/rule.js";
import { runScan, type ScanOutput } from "../../src/scan.js";
import type { FixCandidate } from "../../src/fix/verify.js";
import type { Finding, Notification } from "../../src/types.js";
import { makeTree } from "../e2e/helpers.js";

export interface FixedScan {
  root: string;
  out: ScanOutput;
  findings: Finding[];
  stats: FixStats;
  notifications: Notification[];
}

export async function scanWithFixes(files: Record<string, string | Buffer>, rules: readonly Rule[] = registry): Promise<FixedScan> {
  const root = makeTree(files);
  const out = await runScan({
    root,
    paths: [root],
    rules,
    discover: { exclude: [], defaultExcludes: true, maxFileSize: 5 * 1024 * 1024, gitignore: false },
    inlineSuppressions: true,
    includeLocalSources: false,
    models: MODELS,
    jobs: 1,
    fixes: true,
  });
  const findings = out.findings.filter((f) => !f.suppression);
  const fixed = await attachFixes(findings, out.session);
  return { root, out, findings, stats: fixed.stats, notifications: [...out.notifications, ...fixed.notifications] };
}

/**
 * The text of `path` after the verified fix of its only finding of `ruleId` (every proposal must have
 * passed verification: a withheld fix fails the test with the verifier's reason).
 */
export async function fixedText(files: Record<string, string | Buffer>, path: string, ruleId: string): Promise<{ text: string; finding: Finding }> {
  const scan = await scanWithFixes(files);
  expect(scan.notifications.filter((n) => n.message.includes("withheld"))).toEqual([]);
  const found = scan.findings.filter((f) => f.path === path && f.ruleId === ruleId);
  expect(found.map((f) => `${f.path}:${f.region.startLine}`)).toHaveLength(1);
  const finding = found[0]!;
  expect(finding.fix, finding.fixNote ?? "no fix").toBeDefined();
  expect(scan.stats.verified).toBe(scan.stats.proposed);
  return { text: applyEdits(scan.out.session.text(path)!, finding.fix!.edits), finding };
}

/** A fix candidate for `finding` replacing each `from` (its only occurrence in the finding's file) by `to`. */
export function candidate(text: string, finding: Finding, replacements: [string, string][]): FixCandidate {
  return {
    finding,
    path: finding.path,
    edits: replacements.map(([from, to]) => {
      const start = text.indexOf(from);
      expect(start, from).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(from, start + 1), from).toBe(-1);
      return { start, end: start + from.length, text: to };
    }),
  };
}
