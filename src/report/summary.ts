/**
 * Counts and a Markdown summary of a scan: `--statistics` (per rule, like Ruff) and `--format markdown`, which
 * the GitHub Action appends to `$GITHUB_STEP_SUMMARY` so a run shows its findings without code scanning.
 */
import type { Finding, Level, ScanResult } from "../types.js";
import { ruleHelpUri } from "./markdown.js";

const LEVELS: Level[] = ["error", "warning", "note"];
/** Rows of the findings table before it is cut (the step summary is limited to 1 MiB). */
const MAX_ROWS = 100;

export interface RuleCount {
  ruleId: string;
  name: string;
  byLevel: Record<Level, number>;
  total: number;
}

/** Unsuppressed findings per rule, most frequent first (then by id). */
export function countByRule(result: ScanResult): RuleCount[] {
  const names = new Map(result.rules.map((r) => [r.id, r.name]));
  const counts = new Map<string, RuleCount>();
  for (const f of result.findings) {
    if (f.suppression) continue;
    const entry = counts.get(f.ruleId) ?? { ruleId: f.ruleId, name: names.get(f.ruleId) ?? f.ruleId, byLevel: { error: 0, warning: 0, note: 0 }, total: 0 };
    entry.byLevel[f.level]++;
    entry.total++;
    counts.set(f.ruleId, entry);
  }
  return [...counts.values()].sort((a, b) => b.total - a.total || (a.ruleId < b.ruleId ? -1 : 1));
}

/** `--statistics`: one line per rule with its count, like `ruff check --statistics`. */
export function toStatistics(result: ScanResult): string {
  const rows = countByRule(result);
  if (rows.length === 0) return "No findings.\n";
  const width = Math.max(...rows.map((r) => String(r.total).length));
  const idWidth = Math.max(...rows.map((r) => r.ruleId.length));
  const lines = rows.map((r) => {
    const levels = LEVELS.filter((l) => r.byLevel[l] > 0).map((l) => `${r.byLevel[l]} ${l}`).join(", ");
    return `${String(r.total).padStart(width)}  ${r.ruleId.padEnd(idWidth)}  ${r.name} (${levels})`;
  });
  return `${lines.join("\n")}\n`;
}

/** Escapes text for a Markdown table cell: no HTML, no pipes, no line breaks, no code-span breakouts. */
export function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "&#96;")
    .replace(/[\r\n]+/g, " ")
    .replace(/([*_[\]#!~])/g, "\\$1");
}

function where(f: Finding): string {
  return cell(`${f.path}:${f.region.startLine}`);
}

/** A Markdown summary: counts by rule and level, then the findings (the first 100). */
export function toMarkdownSummary(result: ScanResult): string {
  const findings = result.findings.filter((f) => !f.suppression);
  const total: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) total[f.level]++;
  const lines = ["## pysast", ""];
  lines.push(
    `Scanned ${result.stats.files} files (${result.stats.lines} lines) with ${result.rules.length} rules: ` +
      (findings.length === 0 ? "**no findings**." : `**${findings.length} finding${findings.length === 1 ? "" : "s"}** (${LEVELS.map((l) => `${total[l]} ${l}`).join(", ")}).`),
  );
  const hidden = [
    result.stats.suppressed > 0 ? `${result.stats.suppressed} suppressed inline` : undefined,
    result.stats.baselined > 0 ? `${result.stats.baselined} in the baseline` : undefined,
  ].filter(Boolean);
  if (hidden.length > 0) lines.push("", `Not counted: ${hidden.join(", ")}.`);
  if (findings.length > 0) {
    lines.push("", "| rule | errors | warnings | notes |", "|---|---:|---:|---:|");
    for (const r of countByRule(result)) {
      lines.push(`| [${cell(r.ruleId)}](${ruleHelpUri(r.ruleId)}) | ${r.byLevel.error} | ${r.byLevel.warning} | ${r.byLevel.note} |`);
    }
    lines.push("", "| level | rule | location | message |", "|---|---|---|---|");
    for (const f of findings.slice(0, MAX_ROWS)) lines.push(`| ${f.level} | ${cell(f.ruleId)} | ${where(f)} | ${cell(f.message)} |`);
    if (findings.length > MAX_ROWS) lines.push("", `… and ${findings.length - MAX_ROWS} more; the SARIF or JSON report has them all.`);
  }
  const problems = result.notifications.filter((n) => n.level !== "note");
  if (problems.length > 0) {
    lines.push("", `<details><summary>${problems.length} notice${problems.length === 1 ? "" : "s"}</summary>`, "");
    for (const n of problems.slice(0, MAX_ROWS)) lines.push(`- ${n.level}: ${cell(n.message)}`);
    lines.push("", "</details>");
  }
  return `${lines.join("\n")}\n`;
}
