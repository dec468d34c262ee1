/** The shapes of fixes: text edits a rule or the triage reviewer proposes, and fixes pysast verified. */
import type { Region } from "../types.js";

/**
 * Ruff's classes: a `safe` fix keeps the behaviour of a correct program (applied by `--fix`); an
 * `unsafe` one changes behaviour for some inputs (a different digest, a stricter loader) and is
 * applied only with `--unsafe-fixes`.
 */
export type FixSafety = "safe" | "unsafe";

/** Replace `[start, end)` of the decoded file text (UTF-16 offsets) with `text`; `start === end` inserts. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** What a rule's `fix` returns for a finding it can fix. */
export interface FixProposal {
  /** One imperative sentence: "Pass the search term as a query parameter". */
  description: string;
  safety: FixSafety;
  edits: TextEdit[];
}

/** What a rule's `fix` returns when the finding has no automatic fix, and why (shown to the user). */
export interface NoFix {
  reason: string;
}

export type FixOutcome = FixProposal | NoFix;

export function isProposal(outcome: FixOutcome | undefined): outcome is FixProposal {
  return outcome !== undefined && "edits" in outcome;
}

/** An edit with its 1-based region in the original file, for reporters. */
export interface LocatedEdit extends TextEdit {
  region: Region;
}

/** A fix pysast re-scanned and found good: the file parses, the finding is gone, nothing new appears. */
export interface VerifiedFix {
  description: string;
  safety: FixSafety;
  /** Who wrote it: the rule (deterministic) or the triage reviewer (an LLM patch). */
  origin: "rule" | "triage";
  /** Always true for a fix that is shown; kept explicit for SARIF and JSON consumers. */
  verified: true;
  edits: LocatedEdit[];
  /** The fix as a unified diff of the file (`a/…`, `b/…`), for `--show-fixes` and JSON. */
  diff: string;
}
