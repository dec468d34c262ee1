/** The `pysast-json/1` output: a stable, documented shape (docs/json-format.md) for scripts. */
import type {
  Finding,
  FlowStep,
  Level,
  Location,
  Notification,
  Precision,
  Region,
  ScanResult,
  ScanStats,
  TriageResult,
  TriageSummary,
} from "../types.js";
import { ruleHelpUri } from "./markdown.js";

export const JSON_FORMAT_VERSION = "pysast-json/1";

export interface JsonRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface JsonLocation {
  path: string;
  region: JsonRegion;
  message: string | null;
}

export interface JsonFlowStep {
  kind: FlowStep["kind"];
  path: string;
  region: JsonRegion;
  message: string;
}

export interface JsonFinding {
  ruleId: string;
  level: Level;
  securitySeverity: string | null;
  message: string;
  path: string;
  region: JsonRegion;
  snippet: string;
  statementLine: number;
  fingerprint: string | null;
  flow: JsonFlowStep[];
  related: (JsonLocation & { id: number })[];
  suppression: { kind: "inline" | "external"; justification: string } | null;
  triage: Record<string, unknown> | null;
  fix: JsonFix | null;
  /** Why the finding has no automatic fix, when the rule could say. */
  fixNote: string | null;
  properties: Record<string, unknown>;
}

/** A verified fix: replace each region with its text (1-based, end column exclusive, UTF-16 columns). */
export interface JsonFix {
  description: string;
  safety: "safe" | "unsafe";
  origin: "rule" | "triage";
  verified: true;
  edits: { region: JsonRegion; text: string }[];
  diff: string;
}

export interface JsonRule {
  id: string;
  name: string;
  level: Level;
  cwe: number[];
  securitySeverity: string;
  precision: Precision;
  helpUri: string;
}

export interface JsonNotification {
  kind: Notification["kind"];
  level: Notification["level"];
  message: string;
  path: string | null;
  line: number | null;
}

export interface JsonReport {
  version: typeof JSON_FORMAT_VERSION;
  tool: { name: "pysast"; version: string };
  root: string;
  invocation: { commandLine: string; startTime: string; endTime: string; executionSuccessful: boolean };
  category: string | null;
  vcs: { repositoryUri: string | null; revisionId: string | null; branch: string | null } | null;
  summary: {
    findings: number;
    byLevel: Record<Level, number>;
    suppressedInline: number;
    suppressedExternal: number;
    baselined: number;
    rulesEnabled: number;
    /** Unsuppressed findings with a verified fix, by safety class. */
    fixable: { safe: number; unsafe: number };
  };
  stats: ScanStats;
  triage: TriageSummary | null;
  rules: JsonRule[];
  findings: JsonFinding[];
  notifications: JsonNotification[];
}

function jsonRegion(region: Region): JsonRegion {
  return {
    startLine: region.startLine,
    startColumn: region.startColumn,
    endLine: region.endLine,
    endColumn: region.endColumn,
  };
}

function jsonLocation(location: Location): JsonLocation {
  return { path: location.path, region: jsonRegion(location.region), message: location.message ?? null };
}

function jsonFinding(finding: Finding): JsonFinding {
  const properties = finding.properties ?? {};
  return {
    ruleId: finding.ruleId,
    level: finding.level,
    securitySeverity: finding.securitySeverity ?? null,
    message: finding.message,
    path: finding.path,
    region: jsonRegion(finding.region),
    snippet: finding.snippet,
    statementLine: finding.statementLine,
    fingerprint: finding.fingerprint ?? null,
    flow: (finding.flow ?? []).map((step) => ({
      kind: step.kind,
      path: step.path,
      region: jsonRegion(step.region),
      message: step.message,
    })),
    related: (finding.related ?? []).map((location, i) => ({ id: i + 1, ...jsonLocation(location) })),
    suppression: finding.suppression
      ? { kind: finding.suppression.kind, justification: finding.suppression.justification }
      : null,
    triage: finding.triage ? triageProperties(finding.triage) : null,
    fix: finding.fix
      ? {
          description: finding.fix.description,
          safety: finding.fix.safety,
          origin: finding.fix.origin,
          verified: finding.fix.verified,
          edits: finding.fix.edits.map((edit) => ({ region: jsonRegion(edit.region), text: edit.text })),
          diff: finding.fix.diff,
        }
      : null,
    fixNote: finding.fixNote ?? null,
    properties: Object.fromEntries(Object.keys(properties).sort().map((key) => [key, properties[key]])),
  };
}

/** Stands for the findings in the report `jsonReportPieces` writes around them. */
const FINDINGS_HERE = "\u0000findings\u0000";

/**
 * The JSON report, exactly as `JSON.stringify(toJson(result), null, 2)` and a newline, in pieces: the findings one at a
 * time, so that the report of a large project is never one string, nor every finding a JSON object at once.
 */
export function* jsonReportPieces(result: ScanResult): Generator<string> {
  const shell = JSON.stringify(toJson(result, () => FINDINGS_HERE as unknown as JsonFinding[]), null, 2);
  const marker = `"findings": ${JSON.stringify(FINDINGS_HERE)}`;
  const at = shell.indexOf(marker);
  yield `${shell.slice(0, at)}"findings": `;
  const findings = result.findings;
  if (findings.length === 0) yield "[]";
  else {
    yield "[\n";
    // an element of the top-level object's array is indented by four spaces, each of its lines too (JSON strings hold no newline)
    for (let i = 0; i < findings.length; i++) yield `    ${JSON.stringify(jsonFinding(findings[i]!), null, 2).replaceAll("\n", "\n    ")}${i < findings.length - 1 ? "," : ""}\n`;
    yield "  ]";
  }
  yield `${shell.slice(at + marker.length)}\n`;
}

/** The JSON report of a scan (serialise with `JSON.stringify(report, null, 2)`). */
export function toJson(result: ScanResult, findingsOf: (findings: readonly Finding[]) => JsonFinding[] = (list) => list.map(jsonFinding)): JsonReport {
  const byLevel: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  let suppressedInline = 0;
  let suppressedExternal = 0;
  for (const finding of result.findings) {
    if (!finding.suppression) byLevel[finding.level]++;
    else if (finding.suppression.kind === "inline") suppressedInline++;
    else suppressedExternal++;
  }
  const metaById = new Map(result.rules.map((meta) => [meta.id, meta]));
  const firedRuleIds = [...new Set(result.findings.map((finding) => finding.ruleId))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const rules: JsonRule[] = firedRuleIds.flatMap((id) => {
    const meta = metaById.get(id);
    if (!meta) return [];
    return [
      {
        id: meta.id,
        name: meta.name,
        level: meta.level,
        cwe: [...meta.cwe],
        securitySeverity: meta.securitySeverity,
        precision: meta.precision,
        helpUri: ruleHelpUri(meta.id),
      },
    ];
  });
  return {
    version: JSON_FORMAT_VERSION,
    tool: { name: "pysast", version: result.toolVersion },
    root: result.root,
    invocation: {
      commandLine: result.commandLine,
      startTime: result.startTime,
      endTime: result.endTime,
      executionSuccessful: result.executionSuccessful,
    },
    category: result.category ?? null,
    vcs: result.vcs
      ? {
          repositoryUri: result.vcs.repositoryUri ? (publicRepositoryUri(result.vcs.repositoryUri) ?? null) : null,
          revisionId: result.vcs.revisionId ?? null,
          branch: result.vcs.branch ?? null,
        }
      : null,
    summary: {
      findings: byLevel.error + byLevel.warning + byLevel.note,
      byLevel,
      suppressedInline,
      suppressedExternal,
      baselined: result.stats.baselined,
      rulesEnabled: result.rules.length,
      fixable: {
        safe: result.findings.filter((f) => !f.suppression && f.fix?.safety === "safe").length,
        unsafe: result.findings.filter((f) => !f.suppression && f.fix?.safety === "unsafe").length,
      },
    },
    stats: orderedStats(result.stats),
    triage: result.triage ? orderedTriageSummary(result.triage) : null,
    rules,
    findings: findingsOf(result.findings),
    notifications: result.notifications.map((n) => ({
      kind: n.kind,
      level: n.level,
      message: n.message,
      path: n.path ?? null,
      line: n.line ?? null,
    })),
  };
}

/**
 * The repository URI as an absolute URI without credentials (CI remotes often embed a token), or
 * undefined when it cannot be expressed as one (a local path).
 */
export function publicRepositoryUri(uri: string): string | undefined {
  const scpLike = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)([^\\]+)$/.exec(uri);
  const candidate = scpLike ? `ssh://${scpLike[1]}/${scpLike[2]!.replace(/^\/+/, "")}` : uri;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol === "file:") return undefined;
  url.username = "";
  url.password = "";
  return url.href;
}

/** Scan statistics with a fixed key order. */
export function orderedStats(stats: ScanStats): ScanStats {
  return {
    files: stats.files,
    lines: stats.lines,
    skipped: stats.skipped,
    suppressed: stats.suppressed,
    baselined: stats.baselined,
    durationMs: stats.durationMs,
    parseMs: stats.parseMs,
  };
}

/** Triage fields of one finding in a fixed order, absent ones left out. */
export function triageProperties(triage: TriageResult): Record<string, unknown> {
  const ordered: Record<string, unknown> = {
    status: triage.status,
    verdict: triage.verdict,
    confidence: triage.confidence,
    severity: triage.severity,
    reasoning: triage.reasoning,
    remediation: triage.remediation,
    patch: triage.patch,
    patchRejected: triage.patchRejected,
    model: triage.model,
    promptVersion: triage.promptVersion,
    flags: triage.flags,
    error: triage.error,
    cached: triage.cached,
  };
  return Object.fromEntries(Object.entries(ordered).filter(([, value]) => value !== undefined));
}

/** The triage summary with a fixed key order, whatever order the pipeline built it in. */
export function orderedTriageSummary(t: TriageSummary): TriageSummary {
  return {
    enabled: t.enabled,
    ...(t.skippedReason !== undefined ? { skippedReason: t.skippedReason } : {}),
    model: t.model,
    promptVersion: t.promptVersion,
    action: t.action,
    requests: t.requests,
    cacheHits: t.cacheHits,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    cacheReadTokens: t.cacheReadTokens,
    cacheWriteTokens: t.cacheWriteTokens,
    estimatedCostUsd: t.estimatedCostUsd,
    triaged: t.triaged,
    errors: t.errors,
    notTriaged: t.notTriaged,
    suppressed: t.suppressed,
    dropped: t.dropped,
    ...(t.dryRunFile !== undefined ? { dryRunFile: t.dryRunFile } : {}),
  };
}
