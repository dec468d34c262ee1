/** The contract between the engine and a rule. Rules are pure: no I/O, no clock, no globals. */
import type { PyNode } from "./parse/ast.js";
import type { FileModel } from "./model/file-model.js";
import type { FixBuilder } from "./fix/builder.js";
import type { FixOutcome } from "./fix/types.js";
import type { Level, Location, RawFinding, RuleMeta } from "./types.js";

export interface ReportOptions {
  /** Overrides the rule's default level for this finding. */
  level?: Level;
  securitySeverity?: string;
  /** Extra locations in the same file, referenced from the message as `[text](n)` where given. */
  related?: { node: PyNode; message: string }[];
  properties?: Record<string, unknown>;
  /** The module-level setting the finding is about; a later settings module may override it (see RawFinding.setting). */
  setting?: string;
  /** Source offset ranges holding a secret no output may show, each keeping `keep` leading characters visible. */
  secrets?: { start: number; end: number; keep: number }[];
}

export interface RuleContext {
  readonly model: FileModel;
  /** Reports a finding spanning `node`. */
  report(node: PyNode, message: string, options?: ReportOptions): void;
}

/**
 * A visitor keyed by tree-sitter node type (`call`, `assignment`, `decorator`, …), called once per
 * matching node in document order during the engine's single walk. `"module:exit"` runs after the
 * walk, for rules that decide from facts gathered across the file.
 */
export type RuleVisitor = Partial<Record<string, (node: PyNode) => void>>;

/**
 * A rule's deterministic fix: pure, from the finding and the file's model (through the builder's
 * helpers) to text edits, or a `NoFix` saying why this finding has none. Undefined means the rule
 * does not know how to fix this shape of code. pysast verifies every proposal by re-scanning the
 * patched project before anyone sees it.
 */
export type FixFunction = (finding: RawFinding, fix: FixBuilder) => FixOutcome | undefined;

export interface PatternRule {
  meta: RuleMeta & { kind: "pattern" };
  fix?: FixFunction;
  /**
   * A rule whose finding on the same line supersedes this one (the taint-confirmed variant of a
   * pattern rule), so a line is never reported twice for one problem.
   */
  supersededBy?: string;
  /**
   * A sink kind of the taint models: where the data-flow analysis saw every dangerous argument of
   * such a sink call be a constant (each time it evaluated it), this rule's finding on that call is
   * dropped — the data is the program's own, not something a pattern should guess about.
   */
  quietWhereConstant?: string;
  create(ctx: RuleContext): RuleVisitor;
}

export interface TaintRule {
  meta: RuleMeta & { kind: "taint" };
  /** The sink kinds (from the taint models) whose flows this rule reports. */
  sinkKinds: string[];
  fix?: FixFunction;
  /**
   * Not reported when the sink is in test code (`src/test-code.ts`): the rule is about how the
   * deployed application behaves (its sessions, logs, error pages), which test views only imitate.
   */
  skipTestCode?: boolean;
}

export type Rule = PatternRule | TaintRule;

export function isPatternRule(rule: Rule): rule is PatternRule {
  return rule.meta.kind === "pattern";
}

export type { Location };
