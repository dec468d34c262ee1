/**
 * GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding (shown on the
 * pull request's diff and the run's summary), within GitHub's caps, and every finding listed in a collapsed
 * log group so nothing is lost when the caps bite.
 */
import { escapeControls } from "./terminal-safe.js";
import type { Finding, Level, ScanResult } from "../types.js";

/** GitHub shows at most this many annotations of each kind per step (and 50 per job). */
export const ANNOTATIONS_PER_LEVEL = 10;

const COMMAND: Record<Level, string> = { error: "error", warning: "warning", note: "notice" };
const RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };

/** Escapes a workflow command's message (`%`, CR, LF) as the Actions toolkit does, and shows other control characters as escapes. */
export function escapeData(text: string): string {
  return escapeControls(text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

/** Escapes a workflow command's property value (also `:` and `,`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Neutralises `::` at a line start inside plain log lines, so scanned text cannot issue workflow commands. */
function logLine(text: string): string {
  return escapeControls(text.replace(/[\r\n]+/g, " ").replace(/^::/, ": :"));
}

function annotation(finding: Finding, root: string): string {
  const { region } = finding;
  const props = [
    `file=${escapeProperty(root === "" ? finding.path : `${root}/${finding.path}`)}`,
    `line=${region.startLine}`,
    `endLine=${region.endLine}`,
    ...(region.startLine === region.endLine ? [`col=${region.startColumn}`, `endColumn=${region.endColumn}`] : []),
    `title=${escapeProperty(`pysast ${finding.ruleId}`)}`,
  ];
  const path = (finding.flow ?? []).map((step, i) => `${i + 1}. ${step.kind} ${step.path}:${step.region.startLine} ${step.message}`);
  const message = [finding.message, ...(path.length > 0 ? ["", "Data flow:", ...path] : [])].join("\n");
  return `::${COMMAND[finding.level]} ${props.join(",")}::${escapeData(message)}`;
}

export interface GithubOptions {
  /**
   * The scan root relative to the repository's checkout (GITHUB_WORKSPACE), "" when they are the same: annotation
   * paths must be relative to the checkout for GitHub to place them on the diff.
   */
  prefix?: string;
}

/** Renders annotations for the unsuppressed findings: the most severe first when there are more than GitHub shows. */
export function toGithub(result: ScanResult, opts: GithubOptions = {}): string {
  const prefix = (opts.prefix ?? "").replace(/\\/g, "/").replace(/\/+$/, "");
  const findings = result.findings.filter((f) => !f.suppression);
  const lines: string[] = [];
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  const chosen = [...findings].sort((a, b) => RANK[a.level] - RANK[b.level]).filter((f) => ++counts[f.level] <= ANNOTATIONS_PER_LEVEL);
  const annotated = new Set(chosen);
  lines.push(`::group::pysast: ${findings.length} finding${findings.length === 1 ? "" : "s"} in ${result.stats.files} files`);
  for (const f of findings) lines.push(logLine(`${f.path}:${f.region.startLine}:${f.region.startColumn}  ${f.level}  ${f.ruleId}  ${f.message}`));
  for (const n of result.notifications) lines.push(logLine(`${n.level}: ${n.message}`));
  lines.push("::endgroup::");
  for (const f of findings) if (annotated.has(f)) lines.push(annotation(f, prefix));
  const left = findings.length - annotated.size;
  if (left > 0) {
    lines.push(
      `::notice title=pysast::${escapeData(
        `${left} more finding${left === 1 ? " is" : "s are"} listed in the "pysast" log group above but not annotated: GitHub shows at most ${ANNOTATIONS_PER_LEVEL} annotations of each level per step.`,
      )}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
