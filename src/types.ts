/** Shared data shapes: what flows from discovery through rules and triage to the reporters. */
import type { FixOutcome, FixSafety, VerifiedFix } from "./fix/types.js";

export type Level = "error" | "warning" | "note";
export type Precision = "very-high" | "high" | "medium" | "low";

/** A 1-based source region. `endColumn` is the column just past the last character (SARIF's convention). */
export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A place in a scanned file, with the repo-relative, forward-slash path. */
export interface Location {
  path: string;
  region: Region;
  message?: string;
}

/** One step of a taint trace (source, assignment, call, return, sink). */
export interface FlowStep extends Location {
  message: string;
  kind: "source" | "step" | "call" | "return" | "sink";
}

export interface Reference {
  title: string;
  url: string;
}

/** The user-facing documentation of a rule; rendered to SARIF help.markdown and docs/rules/<id>.md. */
export interface RuleDocs {
  whatItDoes: string;
  whyBad: string;
  /** Python code that must be flagged by this rule (a test runs it). */
  example: string;
  /** Python code doing the same job safely; must not be flagged (a test runs it). */
  useInstead: string;
  /** Prose shown with the safe example. */
  useInsteadText?: string;
  /**
   * What pysast's automatic fix does and whether it is safe or unsafe (or why there is none), shown
   * on the rule's page; required when the rule has a `fix`.
   */
  fix?: string;
  references: Reference[];
}

export interface RuleMeta {
  /** kebab-case id; equals the rule's file name, fixture folder and docs page. */
  id: string;
  /** PascalCase name (SARIF reportingDescriptor.name). */
  name: string;
  shortDescription: string;
  fullDescription: string;
  docs: RuleDocs;
  cwe: number[];
  owasp: string[];
  level: Level;
  /** "0.1"–"10.0", GitHub's security-severity. */
  securitySeverity: string;
  precision: Precision;
  tags: string[];
  frameworks: string[];
  aliases: { bandit?: string[]; ruff?: string[] };
  kind: "pattern" | "taint";
  /** The safety classes of the rule's automatic fixes (absent: the rule has none). */
  fixSafety?: FixSafety[];
}

/** What a rule (pattern or taint) hands to the engine. */
export interface RawFinding {
  ruleId: string;
  message: string;
  region: Region;
  level?: Level;
  securitySeverity?: string;
  flow?: FlowStep[];
  related?: Location[];
  properties?: Record<string, unknown>;
  /** The rule's fix for this finding, computed while the file's model was alive; verified later. */
  proposedFix?: FixOutcome;
  /**
   * The module-level setting the finding is about (`DEBUG`, `ALLOWED_HOSTS`). In a settings package
   * a later module that star-imports this one and assigns the setting again decides its value
   * (see `src/settings-overrides.ts`).
   */
  setting?: string;
  /**
   * Source regions holding a secret that no output may show (a hard-coded password): snippets and
   * code frames mask them, keeping `keep` leading characters (a public format prefix at most).
   */
  secretSpans?: (Region & { keep: number })[];
}

export interface TriageResult {
  status: "triaged" | "error" | "not-triaged" | "skipped";
  verdict?: "true_positive" | "false_positive" | "uncertain";
  confidence?: number;
  severity?: Level;
  reasoning?: string;
  remediation?: string;
  patch?: string;
  /** Why the reviewer's patch was not offered: `patch-rejected: <reason>` (it failed pysast's re-scan). */
  patchRejected?: string;
  model?: string;
  promptVersion?: string;
  flags?: string[];
  error?: string;
  cached?: boolean;
}

export interface Suppression {
  kind: "inline" | "external";
  /** The comment text or justification that suppressed the finding. */
  justification: string;
}

export interface Finding extends RawFinding {
  path: string;
  level: Level;
  /** The source text of the finding's first line (no trailing newline). */
  snippet: string;
  /** 1-based line of the statement that contains the finding (for suppressions and context). */
  statementLine: number;
  /** The text of a multi-line region (the SARIF snippet), cut at its columns; absent for one-line regions. */
  regionText?: string;
  fingerprint?: string;
  suppression?: Suppression;
  triage?: TriageResult;
  /** A fix pysast verified by re-scanning the patched project. */
  fix?: VerifiedFix;
  /** Why there is no automatic fix, when the rule could say (e.g. an identifier needs an allow-list). */
  fixNote?: string;
}

export type NotificationKind =
  | "syntax-error"
  | "decode-error"
  | "binary-file"
  | "too-large"
  | "read-error"
  | "symlink-outside-root"
  | "symlink-cycle"
  | "analysis-budget"
  | "analysis-error"
  | "triage"
  | "config"
  | "cache";

export interface Notification {
  kind: NotificationKind;
  level: "error" | "warning" | "note";
  message: string;
  path?: string;
  line?: number;
}

/** What the triage stage reports about itself (absent when triage was not requested). */
export interface TriageSummary {
  enabled: boolean;
  /** Why triage did not run (no API key, …); absent when it ran. */
  skippedReason?: string;
  model: string;
  promptVersion: string;
  action: "annotate" | "suppress" | "drop";
  requests: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  estimatedCostUsd: number;
  triaged: number;
  errors: number;
  notTriaged: number;
  suppressed: number;
  dropped: number;
  dryRunFile?: string;
}

export interface ScanStats {
  files: number;
  lines: number;
  skipped: number;
  /** Findings hidden by inline suppressions. */
  suppressed: number;
  /** Findings hidden because their fingerprint is in the baseline. */
  baselined: number;
  durationMs: number;
  parseMs: number;
}

/** Everything a reporter needs; produced by the scan pipeline. */
export interface ScanResult {
  /** Absolute path of the scan root (a directory); result paths are relative to it. */
  root: string;
  /** Findings in deterministic order (path, line, column, rule id). Includes suppressed ones. */
  findings: Finding[];
  notifications: Notification[];
  /** Metadata of every rule that was enabled for this scan, sorted by id. */
  rules: RuleMeta[];
  stats: ScanStats;
  toolVersion: string;
  commandLine: string;
  startTime: string;
  endTime: string;
  /** False when the scan itself failed (not when findings exist). */
  executionSuccessful: boolean;
  triage?: TriageSummary;
  /** `--category`, becomes SARIF automationDetails.id. */
  category?: string;
  /** How many fixes the rules proposed and how many the re-scan verified (absent when fixes were not computed). */
  fixStats?: { proposed: number; verified: number };
  /** Git provenance when the root is inside a work tree. */
  vcs?: { repositoryUri?: string; revisionId?: string; branch?: string };
}
