/** SARIF 2.1.0 output shaped for GitHub code scanning and editor SARIF viewers. */
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import type {
  Finding,
  FlowStep,
  Level,
  Location,
  Notification,
  Region,
  RuleMeta,
  ScanResult,
} from "../types.js";
import { orderedStats, orderedTriageSummary, publicRepositoryUri, triageProperties } from "./json.js";
import { renderRuleHelpMarkdown, renderRuleHelpText, ruleHelpUri, TOOL_INFORMATION_URI } from "./markdown.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const TOOL_NAME = "pysast";
export const SRCROOT = "%SRCROOT%";
export const TOOL_FULL_NAME = "pysast security scanner for Python";
/** `automationDetails.id` when no category is given: GitHub keeps one analysis per category. */
export const DEFAULT_CATEGORY = "pysast/";

/** What each kind of notification reports, declared once in `tool.driver.notifications`. */
const NOTIFICATION_DESCRIPTIONS: Record<string, string> = {
  "syntax-error": "Part of a file could not be parsed; findings there may be missed.",
  "decode-error": "A file has bytes that do not decode in its encoding; they were replaced.",
  "binary-file": "A file holds binary content and was skipped.",
  "too-large": "A file is larger than the size limit and was skipped.",
  "read-error": "A file or folder could not be read.",
  "symlink-outside-root": "A symbolic link leads outside the scan root and was not followed.",
  "symlink-cycle": "A symbolic link leads back to an enclosing folder and was not followed.",
  "analysis-budget": "An analysis stopped at its work budget; findings there may be incomplete.",
  "analysis-error": "The analysis of a file failed; findings for it may be incomplete.",
  triage: "LLM triage could not run, or ran with problems.",
  config: "A configuration setting was ignored or selects nothing.",
  cache: "The analysis cache could not be used; the scan did all the work itself.",
  "sarif-result-limit": "Results were left out to stay within GitHub's upload limits.",
  "sarif-flow-limit": "Data-flow paths were shortened to stay within GitHub's upload limits.",
  "sarif-location-limit": "Related locations were left out to stay within GitHub's upload limits.",
};

/** What GitHub code scanning accepts in one upload (docs: "SARIF results exceed limit"). */
export const GITHUB_LIMITS = {
  resultsPerRun: 25_000,
  locationsPerResult: 1_000,
  threadFlowLocationsPerResult: 10_000,
  tagsPerRule: 20,
  descriptionChars: 1_024,
} as const;

export interface SarifOptions {
  /** List every enabled rule in `tool.driver.rules`, not only the rules that fired. */
  allRules?: boolean;
}

/** A repo-relative, forward-slash path as a relative URI reference (spaces, `#`, `%`… escaped). */
export function relativeUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** The scan root as a `file:` URI ending in "/", as SARIF requires for a base URI. */
export function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith("/") ? href : `${href}/`;
}

/** GitHub reads `category/run-id`; a bare category gets the trailing "/" it expects. */
export function automationId(category: string): string {
  return category.includes("/") ? category : `${category}/`;
}

/** Cuts `text` to at most `max` UTF-16 units, ending with "…" when cut (never inside a surrogate pair). */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${text.slice(0, cut).trimEnd()}…`;
}

const LEVEL_RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };
const PROBLEM_SEVERITY: Record<Level, string> = { error: "error", warning: "warning", note: "recommendation" };

/** "external/cwe/cwe-079": the zero-padded form CodeQL uses and GitHub turns into CWE links. */
function cweTag(cwe: number): string {
  return `external/cwe/cwe-${String(cwe).padStart(3, "0")}`;
}

/** `security`, one tag per CWE, then the rule's tags and frameworks; unique, at most GitHub's 20. */
export function ruleTags(meta: RuleMeta): string[] {
  const tags: string[] = [];
  const push = (tag: string) => {
    const cwe = /^external\/cwe\/cwe-0*(\d+)$/i.exec(tag);
    const normalised = cwe ? cweTag(Number(cwe[1])) : tag;
    if (!tags.includes(normalised)) tags.push(normalised);
  };
  push("security");
  for (const cwe of meta.cwe) push(cweTag(cwe));
  for (const tag of meta.tags) push(tag);
  for (const framework of meta.frameworks) push(framework);
  return tags.slice(0, GITHUB_LIMITS.tagsPerRule);
}

function ruleDescriptor(meta: RuleMeta): Sarif.ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.shortDescription },
    fullDescription: { text: truncateText(meta.fullDescription, GITHUB_LIMITS.descriptionChars) },
    defaultConfiguration: { level: meta.level },
    help: { text: renderRuleHelpText(meta), markdown: renderRuleHelpMarkdown(meta) },
    helpUri: ruleHelpUri(meta.id),
    properties: {
      tags: ruleTags(meta),
      precision: meta.precision,
      "problem.severity": PROBLEM_SEVERITY[meta.level],
      "security-severity": meta.securitySeverity,
    },
  };
}

/** A descriptor for a finding whose rule metadata is missing, so its result still has a valid ruleIndex. */
function bareDescriptor(ruleId: string): Sarif.ReportingDescriptor {
  return {
    id: ruleId,
    shortDescription: { text: ruleId },
    helpUri: ruleHelpUri(ruleId),
    properties: { tags: ["security"] },
  };
}

function sarifRegion(region: Region): Sarif.Region {
  return {
    startLine: region.startLine,
    startColumn: region.startColumn,
    endLine: region.endLine,
    endColumn: region.endColumn,
  };
}

function physicalLocation(path: string, region: Sarif.Region | undefined): Sarif.PhysicalLocation {
  return {
    artifactLocation: { uri: relativeUri(path), uriBaseId: SRCROOT },
    ...(region ? { region } : {}),
  };
}

/** The primary location: the exact span, its text, and the whole line as context when it is wider. */
function primaryLocation(finding: Finding): Sarif.Location {
  const { region, snippet } = finding;
  const sarif = sarifRegion(region);
  let contextRegion: Sarif.Region | undefined;
  if (region.startLine === region.endLine) {
    const spanText = snippet.slice(region.startColumn - 1, region.endColumn - 1);
    if (spanText.length > 0) sarif.snippet = { text: spanText };
    if (spanText.length > 0 && spanText !== snippet) {
      contextRegion = { startLine: region.startLine, endLine: region.startLine, snippet: { text: snippet } };
    }
  } else if (finding.regionText) {
    sarif.snippet = { text: finding.regionText };
  }
  return {
    physicalLocation: {
      ...physicalLocation(finding.path, sarif),
      ...(contextRegion ? { contextRegion } : {}),
    },
  };
}

/**
 * Escapes `[text](target)` sequences whose target is not a related-location id, so code such as
 * `handlers[name](payload)` in a message is not read as an embedded link.
 */
export function escapeMessageLinks(message: string, linkIds: ReadonlySet<number>): string {
  return message.replace(/\[([^[\]]*)\]\(([^()]*)\)/g, (whole, text: string, target: string) =>
    /^\d+$/.test(target) && linkIds.has(Number(target)) ? whole : `\\[${text}\\](${target})`,
  );
}

const STEP_KINDS: Record<FlowStep["kind"], string[]> = {
  source: ["source"],
  step: [],
  call: ["call"],
  return: ["return"],
  sink: ["sink"],
};

/** Keeps the first steps and the sink when a path is longer than GitHub accepts. */
function limitFlow(flow: FlowStep[]): FlowStep[] {
  const max = GITHUB_LIMITS.threadFlowLocationsPerResult;
  return flow.length <= max ? flow : [...flow.slice(0, max - 1), flow[flow.length - 1]!];
}

function codeFlow(flow: FlowStep[]): Sarif.CodeFlow {
  return {
    threadFlows: [
      {
        locations: limitFlow(flow).map((step) => {
          const kinds = STEP_KINDS[step.kind];
          return {
            location: {
              physicalLocation: physicalLocation(step.path, sarifRegion(step.region)),
              message: { text: step.message },
            },
            ...(kinds.length > 0 ? { kinds } : {}),
          };
        }),
      },
    ],
  };
}

function relatedLocation(location: Location, id: number): Sarif.Location {
  return {
    id,
    physicalLocation: physicalLocation(location.path, sarifRegion(location.region)),
    ...(location.message ? { message: { text: location.message } } : {}),
  };
}

function resultProperties(finding: Finding, meta: RuleMeta | undefined): Sarif.PropertyBag | undefined {
  const properties: Sarif.PropertyBag = {};
  if (finding.securitySeverity && finding.securitySeverity !== meta?.securitySeverity) {
    properties["security-severity"] = finding.securitySeverity;
  }
  for (const key of Object.keys(finding.properties ?? {}).sort()) {
    properties[key] = finding.properties![key];
  }
  if (finding.triage) properties.triage = triageProperties(finding.triage);
  return Object.keys(properties).length > 0 ? properties : undefined;
}

/** A verified fix as SARIF `result.fixes[0]`: one artifact change of replacements, with its safety class. */
function sarifFix(finding: Finding): Sarif.Fix | undefined {
  const fix = finding.fix;
  if (!fix) return undefined;
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation: { uri: relativeUri(finding.path), uriBaseId: SRCROOT },
        replacements: fix.edits.map((edit) => ({
          deletedRegion: sarifRegion(edit.region),
          ...(edit.text.length > 0 ? { insertedContent: { text: edit.text } } : {}),
        })),
      },
    ],
    properties: { fixSafety: fix.safety, verified: fix.verified, origin: fix.origin },
  };
}

function sarifResult(finding: Finding, ruleIndex: number, meta: RuleMeta | undefined): Sarif.Result {
  const related = (finding.related ?? []).slice(0, GITHUB_LIMITS.locationsPerResult - 1);
  const linkIds = new Set(related.map((_, i) => i + 1));
  const properties = resultProperties(finding, meta);
  const suppression = finding.suppression;
  const fix = sarifFix(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.level,
    message: { text: escapeMessageLinks(finding.message, linkIds) },
    locations: [primaryLocation(finding)],
    ...(finding.fingerprint ? { partialFingerprints: { primaryLocationLineHash: finding.fingerprint } } : {}),
    ...(finding.flow && finding.flow.length > 0 ? { codeFlows: [codeFlow(finding.flow)] } : {}),
    ...(related.length > 0 ? { relatedLocations: related.map((loc, i) => relatedLocation(loc, i + 1)) } : {}),
    ...(suppression
      ? {
          suppressions: [
            {
              kind: suppression.kind === "inline" ? "inSource" : "external",
              ...(suppression.justification ? { justification: suppression.justification } : {}),
            } satisfies Sarif.Suppression,
          ],
        }
      : {}),
    ...(fix ? { fixes: [fix] } : {}),
    ...(properties ? { properties } : {}),
  };
}

function numericSeverity(finding: Finding, meta: RuleMeta | undefined): number {
  const value = Number.parseFloat(finding.securitySeverity ?? meta?.securitySeverity ?? "");
  return Number.isFinite(value) ? value : 0;
}

/**
 * The findings that fit in one GitHub upload: unsuppressed before suppressed, then by level and
 * security-severity; the survivors keep their original (deterministic) order.
 */
function findingsWithinLimit(findings: Finding[], metaById: Map<string, RuleMeta>): Finding[] {
  const limit = GITHUB_LIMITS.resultsPerRun;
  if (findings.length <= limit) return findings;
  const ranked = findings
    .map((finding, index) => ({
      index,
      suppressed: finding.suppression ? 1 : 0,
      level: LEVEL_RANK[finding.level],
      severity: numericSeverity(finding, metaById.get(finding.ruleId)),
    }))
    .sort(
      (a, b) =>
        a.suppressed - b.suppressed || a.level - b.level || b.severity - a.severity || a.index - b.index,
    );
  const kept = ranked
    .slice(0, limit)
    .map((entry) => entry.index)
    .sort((a, b) => a - b);
  return kept.map((index) => findings[index]!);
}

function sarifNotification(notification: Notification): Sarif.Notification {
  return {
    descriptor: { id: notification.kind },
    level: notification.level,
    message: { text: notification.message },
    ...(notification.path
      ? {
          locations: [
            {
              physicalLocation: physicalLocation(
                notification.path,
                notification.line ? { startLine: notification.line } : undefined,
              ),
            },
          ],
        }
      : {}),
  };
}

/** Notices about what GitHub's limits made us leave out of this file. */
function limitNotifications(total: number, kept: Finding[]): Sarif.Notification[] {
  const notices: Sarif.Notification[] = [];
  if (total > kept.length) {
    notices.push({
      descriptor: { id: "sarif-result-limit" },
      level: "warning",
      message: {
        text:
          `${total - kept.length} of ${total} results were left out of this SARIF file because GitHub accepts ` +
          `at most ${GITHUB_LIMITS.resultsPerRun} per run; the most severe were kept. ` +
          "Use the text or JSON output for the full list.",
      },
    });
  }
  const longFlows = kept.filter((f) => (f.flow?.length ?? 0) > GITHUB_LIMITS.threadFlowLocationsPerResult).length;
  if (longFlows > 0) {
    notices.push({
      descriptor: { id: "sarif-flow-limit" },
      level: "note",
      message: {
        text: `${longFlows} taint path(s) had more than ${GITHUB_LIMITS.threadFlowLocationsPerResult} steps; their middle steps were left out.`,
      },
    });
  }
  const manyRelated = kept.filter((f) => (f.related?.length ?? 0) >= GITHUB_LIMITS.locationsPerResult).length;
  if (manyRelated > 0) {
    notices.push({
      descriptor: { id: "sarif-location-limit" },
      level: "note",
      message: {
        text: `${manyRelated} result(s) had more related locations than GitHub accepts; only the first ${GITHUB_LIMITS.locationsPerResult - 1} were kept.`,
      },
    });
  }
  return notices;
}

/** Builds the SARIF log for a scan: one run, deterministic key order and content. */
export function toSarif(result: ScanResult, opts: SarifOptions = {}): Sarif.Log {
  const metaById = new Map(result.rules.map((meta) => [meta.id, meta]));
  const kept = findingsWithinLimit(result.findings, metaById);

  const ruleIds = new Set(kept.map((finding) => finding.ruleId));
  if (opts.allRules) for (const meta of result.rules) ruleIds.add(meta.id);
  const sortedRuleIds = [...ruleIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ruleIndex = new Map(sortedRuleIds.map((id, index) => [id, index]));
  const rules = sortedRuleIds.map((id) => {
    const meta = metaById.get(id);
    return meta ? ruleDescriptor(meta) : bareDescriptor(id);
  });

  const rawNotifications = [...result.notifications.map(sarifNotification), ...limitNotifications(result.findings.length, kept)];
  const notificationIds = [...new Set(rawNotifications.map((n) => n.descriptor!.id!))].sort();
  const notificationDescriptors: Sarif.ReportingDescriptor[] = notificationIds.map((id) => ({
    id,
    shortDescription: { text: NOTIFICATION_DESCRIPTIONS[id] ?? id },
  }));
  const notifications = rawNotifications.map((n) => ({ ...n, descriptor: { id: n.descriptor!.id!, index: notificationIds.indexOf(n.descriptor!.id!) } }));
  const invocation: Sarif.Invocation = {
    commandLine: result.commandLine,
    startTimeUtc: result.startTime,
    endTimeUtc: result.endTime,
    executionSuccessful: result.executionSuccessful,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };

  const repositoryUri = result.vcs?.repositoryUri ? publicRepositoryUri(result.vcs.repositoryUri) : undefined;
  const provenance: Sarif.VersionControlDetails[] | undefined = repositoryUri
    ? [
        {
          repositoryUri,
          mappedTo: { uriBaseId: SRCROOT },
          ...(result.vcs?.revisionId ? { revisionId: result.vcs.revisionId } : {}),
          ...(result.vcs?.branch ? { branch: result.vcs.branch } : {}),
        },
      ]
    : undefined;

  const runProperties: Sarif.PropertyBag = { stats: orderedStats(result.stats) };
  if (result.triage) runProperties.triage = orderedTriageSummary(result.triage);

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        fullName: TOOL_FULL_NAME,
        semanticVersion: result.toolVersion,
        informationUri: TOOL_INFORMATION_URI,
        rules,
        ...(notificationDescriptors.length > 0 ? { notifications: notificationDescriptors } : {}),
      },
    },
    invocations: [invocation],
    originalUriBaseIds: { [SRCROOT]: { uri: rootUri(result.root) } },
    automationDetails: { id: automationId(result.category ?? DEFAULT_CATEGORY) },
    ...(provenance ? { versionControlProvenance: provenance } : {}),
    columnKind: "utf16CodeUnits",
    results: kept.map((finding) =>
      sarifResult(finding, ruleIndex.get(finding.ruleId)!, metaById.get(finding.ruleId)),
    ),
    properties: runProperties,
  };

  return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] };
}
