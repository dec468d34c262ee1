/** Human-readable terminal output: findings with code frames, taint paths, triage, notices, summary. */
import picocolors from "picocolors";
import { toStatistics } from "./summary.js";
import { escapeDeep } from "./terminal-safe.js";
import type { Finding, FlowStep, Level, Location, Notification, ScanResult, TriageResult } from "../types.js";

type Colors = ReturnType<typeof picocolors.createColors>;

export interface TextOptions {
  color: boolean;
  /** Also print findings hidden by inline or triage suppressions, marked as such. */
  showSuppressed?: boolean;
  /** Print each finding's verified fix as a unified diff. */
  showFixes?: boolean;
  /** `--unsafe-fixes` was given: unsafe fixes count as applicable with `--fix`. */
  unsafeFixes?: boolean;
  /** Only the findings: no notices, no summary (`-q`). */
  quiet?: boolean;
  /** Only the notices and the summary (the report itself went to a file). */
  summaryOnly?: boolean;
  /** Counts per rule instead of the findings (`--statistics`). */
  statistics?: boolean;
}

const TAB_WIDTH = 4;
/** Widest code line shown; longer lines are cut to a window around the finding. */
const MAX_FRAME_WIDTH = 120;
const FRAME_LEAD = 24;

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : pluralForm}`;
}

function levelColor(c: Colors, level: Level | Notification["level"]): (text: string) => string {
  if (level === "error") return (text) => c.bold(c.red(text));
  if (level === "warning") return c.yellow;
  return c.cyan;
}

/** Expands tabs and returns the display column of each UTF-16 index (plus one past the end). */
function expandTabs(line: string): { text: string; columnOf: number[] } {
  let text = "";
  const columnOf: number[] = [];
  for (const ch of line.split("")) {
    columnOf.push(text.length);
    text += ch === "\t" ? " ".repeat(TAB_WIDTH - (text.length % TAB_WIDTH)) : ch;
  }
  columnOf.push(text.length);
  return { text, columnOf };
}

/** The finding's first line with its number, and a caret underline of the span on that line. */
function codeFrame(finding: Finding, c: Colors): string[] {
  const { region } = finding;
  const { text, columnOf } = expandTabs(finding.snippet);
  const at = (column: number) => columnOf[Math.min(Math.max(column - 1, 0), columnOf.length - 1)]!;
  const multiLine = region.endLine > region.startLine;
  const caretStart = at(region.startColumn);
  const caretEnd = multiLine ? Math.max(text.length, caretStart + 1) : Math.max(at(region.endColumn), caretStart + 1);

  let shown = text;
  let shift = 0;
  if (text.length > MAX_FRAME_WIDTH) {
    const windowStart = Math.max(0, Math.min(caretStart - FRAME_LEAD, text.length - MAX_FRAME_WIDTH));
    const windowEnd = windowStart + MAX_FRAME_WIDTH;
    shown = `${windowStart > 0 ? "…" : ""}${text.slice(windowStart, windowEnd)}${windowEnd < text.length ? "…" : ""}`;
    shift = windowStart - (windowStart > 0 ? 1 : 0);
  }
  const visibleStart = caretStart - shift;
  const visibleEnd = Math.min(caretEnd - shift, shown.length + (caretEnd > text.length ? 1 : 0));
  const carets = "^".repeat(Math.max(1, visibleEnd - visibleStart));

  const number = String(region.startLine);
  const gutter = " ".repeat(number.length);
  const continuation = multiLine ? c.dim(` … through line ${region.endLine}`) : "";
  return [
    `  ${c.dim(`${number} |`)} ${shown.trimEnd()}`,
    `  ${c.dim(`${gutter} |`)} ${" ".repeat(visibleStart)}${levelColor(c, finding.level)(carets)}${continuation}`,
  ];
}

function place(location: { path: string; region: { startLine: number } }): string {
  return `${location.path}:${location.region.startLine}`;
}

/** Replaces `[text](id)` links to related locations with "text (line N)" / "text (path:N)". */
function renderLinks(message: string, finding: Finding): string {
  const related = finding.related ?? [];
  return message.replace(/\[([^[\]]*)\]\((\d+)\)/g, (whole, text: string, id: string) => {
    const target = related[Number(id) - 1];
    if (!target) return whole;
    const where = target.path === finding.path ? `line ${target.region.startLine}` : place(target);
    return `${text} (${where})`;
  });
}

function linkedIds(message: string): Set<number> {
  return new Set([...message.matchAll(/\[[^[\]]*\]\((\d+)\)/g)].map((m) => Number(m[1])));
}

function flowLines(flow: FlowStep[], c: Colors): string[] {
  const kindWidth = Math.max(...flow.map((step) => step.kind.length));
  const placeWidth = Math.max(...flow.map((step) => place(step).length));
  const numberWidth = String(flow.length).length;
  return [
    `  ${c.dim("taint path:")}`,
    ...flow.map((step, i) => {
      const number = `${String(i + 1).padStart(numberWidth)}.`;
      const kind = step.kind.padEnd(kindWidth);
      const styledKind = step.kind === "source" || step.kind === "sink" ? c.magenta(kind) : c.dim(kind);
      return `    ${number} ${styledKind}  ${c.dim(place(step).padEnd(placeWidth))}  ${step.message}`;
    }),
  ];
}

function relatedLines(finding: Finding, c: Colors): string[] {
  const linked = linkedIds(finding.message);
  const unlinked: Location[] = (finding.related ?? []).filter((_, i) => !linked.has(i + 1));
  return unlinked.map((loc) => `  ${c.dim("see")} ${c.dim(place(loc))}${loc.message ? `  ${loc.message}` : ""}`);
}

const VERDICT_TEXT: Record<NonNullable<TriageResult["verdict"]>, string> = {
  true_positive: "true positive",
  false_positive: "false positive",
  uncertain: "uncertain",
};

function indented(text: string, prefix: string): string[] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => (line.trim().length > 0 ? `${prefix}${line.trimEnd()}` : ""));
}

function triageLines(triage: TriageResult, c: Colors): string[] {
  if (triage.status === "error") {
    return [`  ${c.dim("triage:")} ${c.yellow("failed")}${triage.error ? ` — ${triage.error}` : ""}`];
  }
  if (triage.status !== "triaged" || !triage.verdict) return [];
  const verdict = VERDICT_TEXT[triage.verdict];
  const styledVerdict =
    triage.verdict === "true_positive" ? c.red(verdict) : triage.verdict === "false_positive" ? c.green(verdict) : c.yellow(verdict);
  const details = [
    triage.confidence !== undefined ? `confidence ${triage.confidence.toFixed(2)}` : undefined,
    triage.severity ? `severity ${triage.severity}` : undefined,
    triage.model ? `${triage.model}${triage.cached ? " (cached)" : ""}` : undefined,
  ].filter((part): part is string => part !== undefined);
  const lines = [`  ${c.dim("triage:")} ${styledVerdict}${details.length > 0 ? c.dim(` · ${details.join(" · ")}`) : ""}`];
  if (triage.reasoning) lines.push(...indented(triage.reasoning, "    "));
  if (triage.remediation) {
    const [first = "", ...rest] = indented(triage.remediation, "    ");
    lines.push(`    ${c.dim("fix:")} ${first.trimStart()}`, ...rest.map((line) => (line ? `  ${line}` : line)));
  }
  if (triage.flags && triage.flags.length > 0) lines.push(`    ${c.dim("flags:")} ${triage.flags.join(", ")}`);
  if (triage.patchRejected) lines.push(`    ${c.dim("reviewer's patch not offered:")} ${triage.patchRejected}`);
  return lines;
}

function suppressionLine(finding: Finding, c: Colors): string[] {
  const suppression = finding.suppression;
  if (!suppression) return [];
  const how = suppression.kind === "inline" ? "suppressed inline" : "suppressed by triage";
  return [`  ${c.dim(`${how}${suppression.justification ? `: ${suppression.justification}` : ""}`)}`];
}

/** The fix under a finding: what it does and whether `--fix` applies it, and with `--show-fixes` the diff. */
function fixLines(finding: Finding, c: Colors, opts: TextOptions): string[] {
  const fix = finding.fix;
  if (!fix) return finding.fixNote ? [`  ${c.dim("no automatic fix:")} ${finding.fixNote}`] : [];
  const how = fix.safety === "safe" ? "safe fix, applied by --fix" : "unsafe fix, applied by --fix --unsafe-fixes";
  const origin = fix.origin === "triage" ? ", written by the triage reviewer" : "";
  const lines = [`  ${c.dim("fix:")} ${fix.description} ${c.dim(`(${how}${origin}; verified by re-scanning)`)}`];
  if (opts.showFixes) {
    for (const line of fix.diff.replace(/\n$/, "").split("\n")) {
      const plain = line.replace(/\r$/, "");
      const styled = plain.startsWith("+") && !plain.startsWith("+++") ? c.green(plain) : plain.startsWith("-") && !plain.startsWith("---") ? c.red(plain) : c.dim(plain);
      lines.push(`    ${styled}`);
    }
  }
  return lines;
}

/** `[*]` for a finding `--fix` fixes as the options stand (Ruff's marker). */
function fixMarker(finding: Finding, opts: TextOptions): string | undefined {
  const fix = finding.fix;
  return fix && (fix.safety === "safe" || opts.unsafeFixes) ? "[*]" : undefined;
}

function findingBlock(finding: Finding, c: Colors, opts: TextOptions): string[] {
  const { region } = finding;
  const marker = fixMarker(finding, opts);
  const header = [
    c.bold(`${finding.path}:${region.startLine}:${region.startColumn}`),
    levelColor(c, finding.level)(finding.level),
    c.dim(finding.ruleId),
    ...(marker ? [c.green(marker)] : []),
    renderLinks(finding.message, finding),
  ].join("  ");
  return [
    finding.suppression ? c.dim(header) : header,
    ...suppressionLine(finding, c),
    ...codeFrame(finding, c),
    ...(finding.flow && finding.flow.length > 0 ? flowLines(finding.flow, c) : []),
    ...relatedLines(finding, c),
    ...(finding.triage ? triageLines(finding.triage, c) : []),
    ...fixLines(finding, c, opts),
  ];
}

function notificationLine(notification: Notification, c: Colors): string {
  const where = notification.path
    ? `${notification.path}${notification.line ? `:${notification.line}` : ""}`
    : undefined;
  // Many notices already start with the file name; do not say it twice.
  const prefix = where && !notification.message.startsWith(notification.path!) ? `${where}: ` : "";
  return `  ${levelColor(c, notification.level)(notification.level.padEnd(7))}  ${prefix}${notification.message}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

function summaryLines(result: ScanResult, shown: Finding[], c: Colors): string[] {
  const { stats } = result;
  const lines: string[] = [];
  lines.push(
    `Scanned ${plural(stats.files, "file")} (${plural(stats.lines, "line")}) with ${plural(result.rules.length, "rule")} in ${duration(stats.durationMs)}.`,
  );

  const byLevel: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of result.findings) if (!finding.suppression) byLevel[finding.level]++;
  const total = byLevel.error + byLevel.warning + byLevel.note;
  if (total === 0) {
    lines.push(c.green("No findings."));
  } else {
    const parts = (["error", "warning", "note"] as const)
      .filter((level) => byLevel[level] > 0)
      .map((level) => levelColor(c, level)(plural(byLevel[level], level)));
    lines.push(`${c.bold(plural(total, "finding"))}: ${parts.join(", ")}.`);
  }

  const external = result.findings.filter((f) => f.suppression?.kind === "external").length;
  const hidden = [
    stats.suppressed > 0 ? `${stats.suppressed.toLocaleString("en-US")} suppressed inline` : undefined,
    external > 0 ? `${external.toLocaleString("en-US")} suppressed by triage` : undefined,
    stats.baselined > 0 ? `${stats.baselined.toLocaleString("en-US")} in the baseline` : undefined,
  ].filter((part): part is string => part !== undefined);
  if (hidden.length > 0) {
    const listable = stats.suppressed + external > 0 && !shown.some((f) => f.suppression);
    lines.push(`Not counted: ${hidden.join(", ")}${listable ? " (--show-suppressed lists the suppressed ones)" : ""}.`);
  }

  lines.push(...triageSummaryLines(result));
  if (stats.skipped > 0) lines.push(`Skipped ${plural(stats.skipped, "file")}; see the notices above.`);
  return lines;
}

/** Ruff's closing hint: how many findings `--fix` would fix, and how many more need `--unsafe-fixes`. */
function fixSummaryLines(result: ScanResult, opts: TextOptions): string[] {
  const open = result.findings.filter((f) => !f.suppression && f.fix);
  const safe = open.filter((f) => f.fix!.safety === "safe").length;
  const unsafe = open.length - safe;
  if (open.length === 0) return [];
  if (opts.unsafeFixes) return [`[*] ${plural(open.length, "finding")} fixable with --fix --unsafe-fixes (--fix-dry-run shows the diff).`];
  const more = unsafe > 0 ? ` (${unsafe.toLocaleString("en-US")} more with --unsafe-fixes)` : "";
  return [`[*] ${plural(safe, "finding")} fixable with --fix${more}.`];
}

function triageSummaryLines(result: ScanResult): string[] {
  const t = result.triage;
  if (!t) return [];
  if (!t.enabled) return [`Triage skipped: ${t.skippedReason ?? "not enabled"}.`];
  if (t.dryRunFile) return [`Triage dry run: the requests that would be sent are in ${t.dryRunFile}.`];
  const outcome = [
    `${t.triaged.toLocaleString("en-US")} triaged`,
    t.action === "drop"
      ? `${plural(t.dropped, "false positive")} dropped`
      : t.action === "suppress"
        ? `${plural(t.suppressed, "false positive")} suppressed`
        : undefined,
    t.errors > 0 ? plural(t.errors, "error") : undefined,
    t.notTriaged > 0 ? `${t.notTriaged.toLocaleString("en-US")} not triaged` : undefined,
  ].filter((part): part is string => part !== undefined);
  const usage = [
    plural(t.requests, "request"),
    plural(t.cacheHits, "cache hit"),
    `${t.inputTokens.toLocaleString("en-US")} input / ${t.outputTokens.toLocaleString("en-US")} output tokens`,
    `≈ $${t.estimatedCostUsd.toFixed(4)}`,
  ];
  return [`Triage (${t.model}): ${outcome.join(", ")}; ${usage.join(", ")}.`];
}

/** Renders a scan for a terminal; byte-identical for identical input. */
export function toText(scanned: ScanResult, opts: TextOptions): string {
  // source lines, file names and the messages quoting them are the scanned repository's: no raw control characters
  const result = escapeDeep(scanned);
  const c = picocolors.createColors(opts.color);
  const shown = result.findings.filter((finding) => opts.showSuppressed || !finding.suppression);
  const lines: string[] = [];
  if (opts.statistics) lines.push(...toStatistics(result).trimEnd().split("\n"), "");
  else if (!opts.summaryOnly) for (const finding of shown) lines.push(...findingBlock(finding, c, opts), "");
  if (opts.quiet) return lines.length > 0 ? `${lines.join("\n")}` : "";
  if (result.notifications.length > 0) {
    lines.push(c.bold("Notices:"), ...result.notifications.map((n) => notificationLine(n, c)), "");
  }
  lines.push(...summaryLines(result, shown, c), ...fixSummaryLines(result, opts));
  return `${lines.join("\n")}\n`;
}
