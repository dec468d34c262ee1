/**
 * GitLab's SAST report (`artifacts: reports: sast`), schema version 15.2.1: each finding becomes a vulnerability in
 * the merge request widget and the security dashboard, identified by the pysast rule and its CWEs.
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

function vulnerability(finding: Finding, meta: RuleMeta | undefined) {
  const identifiers = [
    { type: "pysast_rule_id", name: `pysast ${finding.ruleId}`, value: finding.ruleId, url: ruleHelpUri(finding.ruleId) },
    ...(meta?.cwe ?? []).map((cwe) => ({ type: "cwe", name: `CWE-${cwe}`, value: String(cwe), url: cweUrl(cwe) })),
  ];
  const solution = meta?.docs.useInsteadText ?? meta?.fullDescription;
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
    vulnerabilities: result.findings.filter((f) => !f.suppression).map((f) => vulnerability(f, metaById.get(f.ruleId))),
  };
}
