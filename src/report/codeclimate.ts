/**
 * Code Climate issues, the format of GitLab's Code Quality widget (`artifacts: reports: codequality`) and of
 * several review tools: a JSON array of `{type: "issue", check_name, description, categories, location,
 * severity, fingerprint}`. The format has no field for a patch, so a verified fix is shown in the issue's
 * Markdown `content` (its description, class and diff); readers that show only `description` (GitLab's
 * widget) do not show it: in GitLab the SAST report carries fixes as `remediations`.
 */
import { createHash } from "node:crypto";
import type { Finding, RuleMeta, ScanResult } from "../types.js";
import { renderRuleHelpMarkdown } from "./markdown.js";

type Severity = "info" | "minor" | "major" | "critical" | "blocker";

/** Severity from security-severity bands, else from the level. */
export function codeClimateSeverity(finding: Finding, meta: RuleMeta | undefined): Severity {
  const score = Number.parseFloat(finding.securitySeverity ?? meta?.securitySeverity ?? "");
  if (Number.isFinite(score)) return score >= 9 ? "blocker" : score >= 7 ? "critical" : score >= 4 ? "major" : score > 0 ? "minor" : "info";
  return finding.level === "error" ? "critical" : finding.level === "warning" ? "major" : "minor";
}

/** A fingerprint stable across line moves when GitHub's line hash is known (rule + path + hash). */
function fingerprint(finding: Finding): string {
  const identity = [finding.ruleId, finding.path, finding.fingerprint ?? `${finding.region.startLine}:${finding.region.startColumn}`].join("\0");
  return createHash("md5").update(identity).digest("hex");
}

/** A verified fix as Markdown (description, class, the diff in a fence longer than any backtick run in it), or why there is none. */
function fixMarkdown(finding: Finding): string | undefined {
  const fix = finding.fix;
  if (!fix) return finding.fixNote ? `No automatic fix: ${finding.fixNote}` : undefined;
  const how = fix.safety === "safe" ? "safe, applied by `pysast scan --fix`" : "unsafe, applied by `pysast scan --fix --unsafe-fixes`";
  const fence = "`".repeat(Math.max(3, ...(fix.diff.match(/`+/g) ?? []).map((run) => run.length + 1)));
  return [`Fix (${how}; verified by re-scanning): ${fix.description}.`, "", `${fence}diff`, fix.diff.replace(/\n$/, ""), fence].join("\n");
}

/** Renders the unsuppressed findings as Code Climate issues. */
export function toCodeClimate(result: ScanResult) {
  const metaById = new Map(result.rules.map((m) => [m.id, m]));
  return result.findings
    .filter((f) => !f.suppression)
    .map((f) => {
      const meta = metaById.get(f.ruleId);
      const flow = (f.flow ?? []).map((s, i) => `${i + 1}. ${s.kind} \`${s.path}:${s.region.startLine}\` ${s.message}`);
      const fix = fixMarkdown(f);
      return {
        type: "issue",
        check_name: f.ruleId,
        description: f.message,
        ...(meta || flow.length > 0 || fix
          ? { content: { body: [...(flow.length > 0 ? ["Data flow:", "", ...flow, ""] : []), ...(fix ? [fix, ""] : []), ...(meta ? [renderRuleHelpMarkdown(meta)] : [])].join("\n") } }
          : {}),
        categories: ["Security"],
        location: { path: f.path, lines: { begin: f.region.startLine, end: f.region.endLine } },
        ...(f.flow && f.flow.length > 0
          ? { other_locations: f.flow.filter((s) => s.kind !== "sink").map((s) => ({ path: s.path, lines: { begin: s.region.startLine, end: s.region.endLine } })) }
          : {}),
        severity: codeClimateSeverity(f, meta),
        fingerprint: fingerprint(f),
      };
    });
}
