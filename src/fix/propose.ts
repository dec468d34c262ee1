/** Asks each finding's rule for its fix while the file's model is alive (phase 1 for pattern rules, phase 2 for taint rules). */
import type { FileModel } from "../model/file-model.js";
import type { Rule } from "../rule.js";
import type { Notification, RawFinding } from "../types.js";
import { FixBuilder } from "./builder.js";
import { isProposal } from "./types.js";

/** Sets `proposedFix` on the findings whose rule has a fix; a failing fix costs only its own proposal. */
export function proposeFixes(
  model: FileModel,
  raws: readonly RawFinding[],
  ruleOf: (id: string) => Rule | undefined,
  project?: { importedModules: ReadonlySet<string> },
): Notification[] {
  const notifications: Notification[] = [];
  let builder: FixBuilder | undefined;
  for (const raw of raws) {
    const rule = ruleOf(raw.ruleId);
    if (!rule?.fix || raw.proposedFix) continue;
    builder ??= new FixBuilder(model, project);
    try {
      const outcome = rule.fix(raw, builder);
      if (outcome && (!isProposal(outcome) || outcome.edits.length > 0)) raw.proposedFix = outcome;
    } catch (err) {
      notifications.push({
        kind: "analysis-error",
        level: "warning",
        path: model.path,
        line: raw.region.startLine,
        message: `${model.path}:${raw.region.startLine}: the automatic fix of ${raw.ruleId} failed (${(err as Error).message}); the finding is reported without a fix. Please report this.`,
      });
    }
  }
  return notifications;
}
