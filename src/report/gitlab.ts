/**
 * GitLab's SAST report (`artifacts: reports: sast`), schema version 15.2.1: each finding becomes a vulnerability in
 * the merge request widget and the security dashboard, identified by the pysast rule and its CWEs. A verified fix
 * becomes one of the report's `remediations`: the fix as a base64 diff `git apply` accepts, naming the
 * vulnerability it resolves, and its description leads the vulnerability's `solution`.
 */
import { createHash } from "node:crypto";
import type { Finding, RuleMeta, ScanResult } from "../types.js";
import { cweUrl, ruleHelpUri, TOOL_INFORMATION_URI } from "./markdown.js";

export const GITLAB_SAST_SCHEMA_VERSION = "15.2.1";
export const GITLAB_SAST_SCHEMA_URI = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SAST_SCHEMA_VERSION}/dist/sast-report-format.json`;

type Severity = "Critical" | "High" | "Medium" | "Low" | "Info";

/** GitLab's severity from the finding's security-severity (CVSS-like bands), else from its level. */
export function gitlabSeverity(finding: Finding, meta: RuleMeta | undefined): Severity {
  const score = Number.parseFloat(finding.securitySeverity ?? meta?.securitySeverity ?? "");
  if (Number.isFinite(score)) return score >= 9 ? "Critical" : score >= 7 ? "High" : score >= 4 ? "Medium" : score > 0 ? "Low" : "Info";
  return finding.level === "error" ? "High" : finding.level === "warning" ? "Medium" : "Low";
}

/** "2025-03-14T09:26:53": the schema's UTC time without fraction or zone. */
function gitlabTime(iso: string): string {
  return iso.replace(/\.\d+Z?$/, "").replace(/Z$/, "");
}

/** A stable UUID-shaped id from the finding's identity (rule, path, fingerprint or position). */
export function vulnerabilityId(finding: Finding): string {
  const identity = [finding.ruleId, finding.path, finding.fingerprint ?? `${finding.region.startLine}:${finding.region.startColumn}`].join("\0");
  const hex = createHash("sha256").update(identity).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function description(finding: Finding): string {
  const parts = [finding.message];
  if (finding.flow && finding.flow.length > 0) {
    parts.push("", "Data flow:", ...finding.flow.map((s, i) => `${i + 1}. ${s.kind} \`${s.path}:${s.region.startLine}\` ${s.message}`));
  }
  if (finding.triage?.verdict) parts.push("", `Triage: ${finding.triage.verdict}${finding.triage.reasoning ? ` — ${finding.triage.reasoning}` : ""}`);
  return parts.join("\n").slice(0, 1_048_576);
}

/** The fix in words for `solution`: what it does and how it is classed, or why there is none. */
function fixSolution(finding: Finding): string | undefined {
  const fix = finding.fix;
  if (!fix) return finding.fixNote ? `No automatic fix: ${finding.fixNote}` : undefined;
  const how = fix.safety === "safe" ? "safe, applied by `pysast scan --fix`" : "unsafe, applied by `pysast scan --fix --unsafe-fixes`";
  return `Automatic fix (${how}; verified by re-scanning): ${fix.description}.`;
}

/**
 * GitLab's `remediations`: one per verified fix, `diff` the base64 of the fix's unified diff (paths `a/…`, `b/…`
 * relative to the scan root, as `git apply` expects) and `fixes` the id of the vulnerability it resolves.
 */
function remediation(finding: Finding & { fix: NonNullable<Finding["fix"]> }) {
  const diff = finding.fix.diff.endsWith("\n") ? finding.fix.diff : `${finding.fix.diff}\n`;
  return {
    fixes: [{ id: vulnerabilityId(finding) }],
    summary: `${finding.fix.description} (${finding.fix.safety} fix, verified by pysast)`,
    diff: Buffer.from(diff, "utf8").toString("base64"),
  };
}

function vulnerability(finding: Finding, meta: RuleMeta | undefined) {
  const identifiers = [
    { type: "pysast_rule_id", name: `pysast ${finding.ruleId}`, value: finding.ruleId, url: ruleHelpUri(finding.ruleId) },
    ...(meta?.cwe ?? []).map((cwe) => ({ type: "cwe", name: `CWE-${cwe}`, value: String(cwe), url: cweUrl(cwe) })),
  ];
  const solution = [fixSolution(finding), meta?.docs.useInsteadText ?? meta?.fullDescription].filter((s) => s).join("\n\n");
  return {
    id: vulnerabilityId(finding),
    name: (meta?.shortDescription ?? finding.ruleId).slice(0, 255),
    description: description(finding),
    severity: gitlabSeverity(finding, meta),
    ...(solution ? { solution: solution.slice(0, 7000) } : {}),
    identifiers,
    links: [{ name: `pysast rule ${finding.ruleId}`, url: ruleHelpUri(finding.ruleId) }],
    location: { file: finding.path, start_line: finding.region.startLine, end_line: finding.region.endLine },
    ...(finding.triage?.verdict === "false_positive"
      ? { flags: [{ type: "flagged-as-likely-false-positive", origin: "pysast triage", description: finding.triage.reasoning ?? "triage verdict: false positive" }] }
      : {}),
  };
}

/** Renders a GitLab SAST report; suppressed findings are left out (GitLab has no suppression state). */
export function toGitlab(result: ScanResult) {
  const metaById = new Map(result.rules.map((m) => [m.id, m]));
  const shown = result.findings.filter((f) => !f.suppression);
  const fixed = shown.filter((f): f is Finding & { fix: NonNullable<Finding["fix"]> } => f.fix !== undefined && f.fix.diff !== "");
  const tool = { id: "pysast", name: "pysast", version: result.toolVersion, vendor: { name: "pysast" }, url: TOOL_INFORMATION_URI };
  return {
    version: GITLAB_SAST_SCHEMA_VERSION,
    schema: GITLAB_SAST_SCHEMA_URI,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: "sast",
      start_time: gitlabTime(result.startTime),
      end_time: gitlabTime(result.endTime),
      status: result.executionSuccessful ? "success" : "failure",
      messages: result.notifications
        .filter((n) => n.level !== "note")
        .map((n) => ({ level: n.level === "error" ? "warn" : "info", value: n.message })),
    },
    vulnerabilities: shown.map((f) => vulnerability(f, metaById.get(f.ruleId))),
    ...(fixed.length > 0 ? { remediations: fixed.map(remediation) } : {}),
  };
}
