/**
 * What a verdict may do to a finding. The model's answer can be steered by the code it reads (a
 * paraphrase, another language, look-alike letters, a "verdict" in a docstring), and no detector
 * catches every phrasing, so the policy does not trust the answer alone: a verdict may hide a finding
 * only when it is consistent with the facts pysast knows.
 *
 * - Only a confident false-positive verdict can hide; uncertain, failed and flagged findings stay.
 * - A data-flow finding is reported only when its path from source to sink has no sanitiser, so a
 *   false-positive verdict must name (as `L<n>` in its reasoning) a line of that path other than the
 *   sink — the step that makes the value harmless, or a source that is not attacker-controlled — and
 *   pysast checks the line is one of the path's steps. Otherwise the finding stays visible and its
 *   triage result carries the `verdict-not-confirmed` flag.
 */
import type { Finding } from "../types.js";
import { INJECTION_FLAG } from "./injection.js";

export type TriageAction = "annotate" | "suppress" | "drop";

/** Flag on a false-positive verdict that the code facts did not confirm (the finding stays visible). */
export const UNCONFIRMED_FLAG = "verdict-not-confirmed";

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

/** A cited range longer than this proves nothing about one step (`L1-L80` covers everything). */
const MAX_CITED_RANGE = 3;

/** The lines a reasoning cites: `L42`, `L40-L44`, `L40–44` (ranges longer than a few lines are ignored). */
export function citedLines(reasoning: string): Set<number> {
  const lines = new Set<number>();
  for (const m of reasoning.normalize("NFKC").matchAll(/\bL(\d{1,7})(?:\s*[-–—]\s*L?(\d{1,7}))?\b/g)) {
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : from;
    if (to < from || to - from >= MAX_CITED_RANGE) continue;
    for (let l = from; l <= to; l++) lines.add(l);
  }
  return lines;
}

/**
 * True when the false-positive verdict agrees with what pysast knows about the finding: always for a
 * pattern finding; for a data-flow finding, when the reasoning cites a line of the path in the
 * finding's file that is not only the sink.
 */
export function verdictConfirmed(finding: Finding): boolean {
  const flow = finding.flow ?? [];
  if (flow.length === 0) return true;
  const pathLines = new Set(flow.filter((s) => s.kind !== "sink" && s.path === finding.path).map((s) => s.region.startLine));
  const cited = citedLines(finding.triage?.reasoning ?? "");
  return [...cited].some((line) => pathLines.has(line));
}

/** True when triage may hide the finding: a confident, confirmed false positive, not flagged, not hidden already. */
export function mayHide(finding: Finding, threshold: number): boolean {
  const t = finding.triage;
  if (!t || t.status !== "triaged" || t.verdict !== "false_positive") return false;
  if ((t.confidence ?? 0) < threshold) return false;
  if (t.flags?.includes(INJECTION_FLAG) || t.flags?.includes(UNCONFIRMED_FLAG)) return false;
  if (!verdictConfirmed(finding)) return false;
  return finding.suppression === undefined || isTriageSuppression(finding);
}

function isTriageSuppression(finding: Finding): boolean {
  return finding.suppression?.kind === "external" && finding.suppression.justification === finding.triage?.reasoning;
}

/**
 * Applies the action: `annotate` changes nothing; `suppress` adds an external suppression whose
 * justification is the verdict's reasoning; `drop` leaves those findings out of `kept`. A confident
 * false positive the code facts do not confirm is flagged `verdict-not-confirmed` and kept (with
 * every action, so the flag shows in annotate mode too). Calling it again on its own output changes
 * nothing further.
 */
export function applyTriagePolicy(findings: Finding[], policy: TriagePolicy): PolicyOutcome {
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  const dropped: Finding[] = [];
  for (const f of findings) {
    const t = f.triage;
    if (t?.status === "triaged" && t.verdict === "false_positive" && !verdictConfirmed(f) && !t.flags?.includes(UNCONFIRMED_FLAG)) {
      t.flags = [...(t.flags ?? []), UNCONFIRMED_FLAG];
    }
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
