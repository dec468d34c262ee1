/** Runs pattern rules over one file: one iterative walk, each node dispatched to interested rules. */
import { regionOf, walk, type PyNode } from "./parse/ast.js";
import type { FileModel } from "./model/file-model.js";
import type { PatternRule, ReportOptions, RuleVisitor } from "./rule.js";
import type { RawFinding } from "./types.js";

export function runPatternRules(model: FileModel, rules: readonly PatternRule[]): RawFinding[] {
  const findings: RawFinding[] = [];
  const byType = new Map<string, ((node: PyNode) => void)[]>();
  const exits: (() => void)[] = [];
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
    const visitor: RuleVisitor = rule.create(ctx);
    for (const [type, fn] of Object.entries(visitor)) {
      if (!fn) continue;
      if (type === "module:exit") {
        exits.push(() => fn(model.root));
        continue;
      }
      const list = byType.get(type);
      if (list) list.push(fn);
      else byType.set(type, [fn]);
    }
  }
  if (byType.size > 0) {
    walk(model.root, (node) => {
      const handlers = byType.get(node.type);
      if (handlers) for (const h of handlers) h(node);
    });
  }
  for (const e of exits) e();
  return findings;
}
