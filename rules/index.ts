/** The rule registry: every rule, sorted by id. Add one import and one entry per rule. */
import type { Rule } from "../src/rule.js";
import { rule as tarExtractionTraversal } from "./tar-extraction-traversal.js";
import { rule as unsafeLoad } from "./unsafe-load.js";
import { rule as weakHash } from "./weak-hash.js";
import { rule as weakPasswordHash } from "./weak-password-hash.js";
import { rule as wildcardCors } from "./wildcard-cors.js";

export const rules: readonly Rule[] = [
  tarExtractionTraversal,
  unsafeLoad,
  weakHash,
  weakPasswordHash,
  wildcardCors,
];

const byId = new Map(rules.map((r) => [r.meta.id, r]));

/** The registered rule with this id, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
