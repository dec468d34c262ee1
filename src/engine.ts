/** A rule that threw on this file: its other findings in the file are kept, later nodes are not shown to it. */
export interface RuleFailure {
  ruleId: string;
  /** 0-based line of the node the rule failed on. */
  line: number;
  error: string;
}

/**
 * Runs pattern rules over one file: one iterative walk, each node dispatched to interested rules.
 * A rule that throws is switched off for the rest of this file and reported in `failures`; the other
 * rules, and the findings it made before, are unaffected.
 */
import { regionOf, type PyNode } from "./parse/ast.js";
import type { Deadline } from "./budget.js";
import type { FileModel } from "./model/file-model.js";
import type { PatternRule, ReportOptions, RuleVisitor } from "./rule.js";
import type { RawFinding } from "./types.js";

export interface PatternRunOptions {
  /** Rules that threw (filled in). */
  failures?: RuleFailure[];
  /** The walk stops when it passes; `timedOut` is then set and the findings so far are returned. */
  deadline?: Deadline;
  timedOut?: boolean;
}

export function runPatternRules(model: FileModel, rules: readonly PatternRule[], options: PatternRunOptions = {}): RawFinding[] {
  const failures = (options.failures ??= []);
  const deadline = options.deadline;
  let visited = 0;
  const findings: RawFinding[] = [];
  const byType = new Map<string, { ruleId: string; fn: (node: PyNode) => void }[]>();
  const exits: { ruleId: string; fn: () => void }[] = [];
  const failed = new Set<string>();
  const fail = (ruleId: string, node: PyNode, err: unknown) => {
    failed.add(ruleId);
    failures.push({ ruleId, line: node.line, error: err instanceof Error ? err.message : String(err) });
  };
  const guarded = (ruleId: string, node: PyNode, fn: () => void) => {
    if (failed.has(ruleId)) return;
    try {
      fn();
    } catch (err) {
      fail(ruleId, node, err);
    }
  };
  for (const rule of rules) {
    const ctx = {
      model,
      report(node: PyNode, message: string, options: ReportOptions = {}) {
        findings.push({
          ruleId: rule.meta.id,
          message,
          region: regionOf(model.src, node.start, node.end),
          ...(options.level ? { level: options.level } : {}),
          ...(options.securitySeverity ? { securitySeverity: options.securitySeverity } : {}),
          ...(options.related
            ? {
                related: options.related.map((r) => ({
                  path: model.path,
                  region: regionOf(model.src, r.node.start, r.node.end),
                  message: r.message,
                })),
              }
            : {}),
          ...(options.properties ? { properties: options.properties } : {}),
          ...(options.setting ? { setting: options.setting } : {}),
          ...(options.secrets
            ? { secretSpans: options.secrets.map((s) => ({ ...regionOf(model.src, s.start, s.end), keep: s.keep })) }
            : {}),
        });
      },
    };
    let visitor: RuleVisitor = {};
    guarded(rule.meta.id, model.root, () => {
      visitor = rule.create(ctx);
    });
    const ruleId = rule.meta.id;
    for (const [type, fn] of Object.entries(visitor)) {
      if (!fn) continue;
      if (type === "module:exit") {
        exits.push({ ruleId, fn: () => fn(model.root) });
        continue;
      }
      const list = byType.get(type);
      const entry = { ruleId, fn };
      if (list) list.push(entry);
      else byType.set(type, [entry]);
    }
  }
  if (byType.size > 0) {
    // the walk of `walk()` in ast.ts, written out: this loop meets every node of every file
    const stack: PyNode[] = [model.root];
    while (stack.length > 0 && !options.timedOut) {
      const node = stack.pop()!;
      if (deadline && (++visited & 1023) === 0 && deadline.passed()) {
        options.timedOut = true;
        break;
      }
      const handlers = byType.get(node.type);
      if (handlers) {
        for (const h of handlers) {
          if (failed.size > 0 && failed.has(h.ruleId)) continue;
          try {
            h.fn(node);
          } catch (err) {
            fail(h.ruleId, node, err);
          }
        }
      }
      const ch = node.children;
      // a leaf no rule asks about is not stacked (most leaves are identifiers and string parts)
      for (let i = ch.length - 1; i >= 0; i--) {
        const c = ch[i]!;
        if (c.children.length > 0 || byType.has(c.type)) stack.push(c);
      }
    }
  }
  if (!options.timedOut) for (const e of exits) guarded(e.ruleId, model.root, e.fn);
  return findings;
}
