/**
 * The fix stage between the scan and the reporters: every rule proposal is verified by re-scanning
 * before it becomes `finding.fix`; proposals that fail are withheld with a notice (a rule's fix
 * that leaves its finding behind is a bug in pysast).
 */
import type { ScanSession } from "../scan-session.js";
import type { Finding, Notification } from "../types.js";
import { applyEdits, locateEdits, unifiedDiff } from "./edits.js";
import { isProposal, type FixProposal, type VerifiedFix } from "./types.js";
import { verifyFixes, type FixCandidate } from "./verify.js";

export { verifyFixes, type FixCandidate, type VerifyOutcome } from "./verify.js";
export type { FixSafety, FixProposal, VerifiedFix, TextEdit } from "./types.js";

/** How many fixes the rules proposed, and how many passed the re-scan. */
export interface FixStats {
  proposed: number;
  verified: number;
}

/** A verified fix for `finding` from its edits against `text`. */
export function verifiedFix(finding: Finding, text: string, proposal: FixProposal, origin: VerifiedFix["origin"]): VerifiedFix {
  return {
    description: proposal.description,
    safety: proposal.safety,
    origin,
    verified: true,
    edits: locateEdits(text, proposal.edits),
    diff: unifiedDiff(finding.path, text, applyEdits(text, proposal.edits)),
  };
}

/**
 * Turns the rules' proposals on unsuppressed findings into verified fixes (`finding.fix`) or notes
 * (`finding.fixNote`), and clears every proposal so nothing unverified reaches a report.
 */
export async function attachFixes(findings: readonly Finding[], session: ScanSession): Promise<{ stats: FixStats; notifications: Notification[] }> {
  const candidates: (FixCandidate & { proposal: FixProposal })[] = [];
  for (const f of findings) {
    const proposed = f.proposedFix;
    delete f.proposedFix;
    if (!proposed || f.suppression) continue;
    if (isProposal(proposed)) candidates.push({ finding: f, path: f.path, edits: proposed.edits, proposal: proposed });
    else f.fixNote = proposed.reason;
  }
  const notifications: Notification[] = [];
  const stats: FixStats = { proposed: candidates.length, verified: 0 };
  if (candidates.length === 0) return { stats, notifications };
  const outcomes = await verifyFixes(session, candidates, session.fixVerdicts);
  for (const c of candidates) {
    const reason = outcomes.get(c);
    const text = session.text(c.path);
    if (reason === null && text !== undefined) {
      c.finding.fix = verifiedFix(c.finding, text, c.proposal, "rule");
      stats.verified++;
      continue;
    }
    notifications.push({
      kind: "analysis-error",
      level: "warning",
      path: c.finding.path,
      line: c.finding.region.startLine,
      message: `${c.finding.path}:${c.finding.region.startLine}: the automatic fix for this ${c.finding.ruleId} finding was withheld because the re-scan rejected it (${reason ?? "the file cannot be read"}). Please report this.`,
    });
  }
  return { stats, notifications };
}
