/**
 * What a verdict may do to a finding. Only a confident false-positive verdict on a finding without
 * the injection flag can hide it; uncertain, failed and flagged findings always stay visible.
 */
import type { Finding } from "../types.js";
import { INJECTION_FLAG } from "./injection.js";

export type TriageAction = "annotate" | "suppress" | "drop";

export interface TriagePolicy {
  action: TriageAction;
  /** Minimum confidence of a false-positive verdict for `suppress` / `drop`. */
  threshold: number;
}

export interface PolicyOutcome {
  /** The findings to report, in their original order (all of them unless the action is `drop`). */
  kept: Finding[];
  /** Findings that received a triage suppression in this call or an earlier one. */
  suppressed: Finding[];
  dropped: Finding[];
}

/** True when triage may hide the finding: a confident false positive, not flagged, not hidden already. */
export function mayHide(finding: Finding, threshold: number): boolean {
  const t = finding.triage;
  if (!t || t.status !== "triaged" || t.verdict !== "false_positive") return false;
  if ((t.confidence ?? 0) < threshold) return false;
  if (t.flags?.includes(INJECTION_FLAG)) return false;
  return finding.suppression === undefined || isTriageSuppression(finding);
}

function isTriageSuppression(finding: Finding): boolean {
  return finding.suppression?.kind === "external" && finding.suppression.justification === finding.triage?.reasoning;
}

/**
 * Applies the action: `annotate` changes nothing; `suppress` adds an external suppression whose
 * justification is the verdict's reasoning; `drop` leaves those findings out of `kept`. Calling it
 * again on its own output changes nothing further.
 */
export function applyTriagePolicy(findings: Finding[], policy: TriagePolicy): PolicyOutcome {
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  const dropped: Finding[] = [];
  for (const f of findings) {
    const hide = policy.action !== "annotate" && mayHide(f, policy.threshold);
    if (hide && policy.action === "drop") {
      dropped.push(f);
      continue;
    }
    if (hide && policy.action === "suppress") {
      f.suppression = { kind: "external", justification: f.triage!.reasoning! };
      suppressed.push(f);
    }
    kept.push(f);
  }
  return { kept, suppressed, dropped };
}
