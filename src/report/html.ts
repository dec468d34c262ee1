/**
 * `--format html`: one self-contained page (no network: inline CSS and JS, locked down by a Content-Security-Policy
 * that allows only those two blocks by hash) with a summary by rule and level, filters by level, rule, file and
 * text, and per finding its code frame, its data-flow path step by step, the triage verdict and a link to the
 * rule's documentation. Everything taken from the scanned code or from a model is escaped: the page shows
 * attacker-written text and must never run it.
 *
 * A finding's card is a list of sections (`FINDING_SECTIONS`); a later section (a fix diff, for instance) is one
 * more function in that list.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { Finding, FlowStep, Level, RuleMeta, ScanResult, TriageResult } from "../types.js";
import { cweUrl, ruleHelpUri } from "./markdown.js";
import { maskSecretSpans } from "../secret-mask.js";
import { countByRule } from "./summary.js";

export interface HtmlOptions {
  /** Source text of files with findings, by path. */
  sources?: ReadonlyMap<string, string>;
  /** Reads another scanned file (a flow step elsewhere); undefined when it cannot. */
  readSource?: (path: string) => string | undefined;
}

/** Reads files below the scan root only (flow steps name repo-relative paths). */
export function sourceReader(root: string): (path: string) => string | undefined {
  return (path) => {
    const abs = resolve(root, path);
    const rel = relative(root, abs);
    if (rel.startsWith("..") || isAbsolute(rel)) return undefined;
    try {
      return readFileSync(abs, "utf8");
    } catch {
      return undefined;
    }
  };
}

/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Our own documentation prose: escaped, then `code` spans and http(s) links. */
function prose(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) => `<a href="${url}" rel="noreferrer">${label}</a>`)
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, " ")}</p>`)
    .join("");
}

const LEVELS: Level[] = ["error", "warning", "note"];
const VERDICT: Record<NonNullable<TriageResult["verdict"]>, string> = { true_positive: "true positive", false_positive: "false positive", uncertain: "uncertain" };

interface Context {
  /** The file's lines, every secret span a finding reported in it masked. */
  lines: (path: string) => string[] | undefined;
  rules: Map<string, RuleMeta>;
}

/** Numbered source lines around [start, end], the region's lines marked. */
function codeFrame(ctx: Context, path: string, start: number, end: number, before = 2, after = 2): string {
  const lines = ctx.lines(path);
  if (!lines) return "";
  const from = Math.max(1, start - before);
  const to = Math.min(lines.length, Math.max(end, start) + after, start + 15);
  const width = String(to).length;
  const rows: string[] = [];
  for (let n = from; n <= to; n++) {
    const mark = n >= start && n <= end;
    rows.push(`<span class="line${mark ? " hit" : ""}"><span class="ln">${String(n).padStart(width)}</span> ${esc(lines[n - 1] ?? "")}</span>`);
  }
  return `<pre class="frame"><code>${rows.join("\n")}</code></pre>`;
}

function frameSection(f: Finding, ctx: Context): string {
  return codeFrame(ctx, f.path, f.region.startLine, f.region.endLine);
}

function flowSection(f: Finding, ctx: Context): string {
  const flow = f.flow ?? [];
  if (flow.length === 0) return "";
  const steps = flow.map((step: FlowStep) => {
    const line = ctx.lines(step.path)?.[step.region.startLine - 1];
    return (
      `<li class="step step-${esc(step.kind)}"><span class="kind">${esc(step.kind)}</span> ` +
      `<span class="where">${esc(step.path)}:${step.region.startLine}</span> <span class="what">${esc(step.message)}</span>` +
      (line !== undefined ? `<pre class="step-code"><code>${esc(line.trim())}</code></pre>` : "") +
      "</li>"
    );
  });
  return `<details class="flow" open><summary>Data flow, ${flow.length} step${flow.length === 1 ? "" : "s"}: source → sink</summary><ol>${steps.join("")}</ol></details>`;
}

function triageSection(f: Finding): string {
  const t = f.triage;
  if (!t) return "";
  if (t.status !== "triaged" || !t.verdict) {
    return `<div class="triage triage-${esc(t.status)}"><strong>Triage:</strong> ${esc(t.status)}${t.error ? ` — ${esc(t.error)}` : ""}</div>`;
  }
  const details = [t.confidence !== undefined ? `confidence ${t.confidence.toFixed(2)}` : "", t.model ? `${t.model}${t.cached ? " (cached)" : ""}` : ""].filter(Boolean).join(" · ");
  return (
    `<details class="triage verdict-${esc(t.verdict)}" open><summary><strong>Triage:</strong> ${esc(VERDICT[t.verdict])}${details ? ` <span class="muted">${esc(details)}</span>` : ""}</summary>` +
    (t.reasoning ? `<div class="reasoning">${esc(t.reasoning)}</div>` : "") +
    (t.remediation ? `<div class="remediation"><strong>Fix:</strong> ${esc(t.remediation)}</div>` : "") +
    (t.flags && t.flags.length > 0 ? `<div class="flags">Flags: ${esc(t.flags.join(", "))}</div>` : "") +
    "</details>"
  );
}

/** A verified fix as a diff (what `--fix` would write), or why there is none. */
function fixSection(f: Finding): string {
  const fix = f.fix;
  if (!fix) return f.fixNote ? `<div class="fix-note"><strong>No automatic fix:</strong> ${esc(f.fixNote)}</div>` : "";
  const how = fix.safety === "safe" ? "safe, applied by --fix" : "unsafe, applied by --fix --unsafe-fixes";
  const lines = fix.diff
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => {
      const plain = line.replace(/\r$/, "");
      const kind = plain.startsWith("+") && !plain.startsWith("+++") ? "add" : plain.startsWith("-") && !plain.startsWith("---") ? "del" : "ctx";
      return `<span class="diff-${kind}">${esc(plain)}</span>`;
    });
  return (
    `<details class="fix"><summary><strong>Fix:</strong> ${esc(fix.description)} <span class="muted">(${how}${fix.origin === "triage" ? ", written by the triage reviewer" : ""}; verified by re-scanning)</span></summary>` +
    `<pre class="diff">${lines.join("\n")}</pre></details>`
  );
}

function suppressionSection(f: Finding): string {
  if (!f.suppression) return "";
  const how = f.suppression.kind === "inline" ? "Suppressed in the code" : "Suppressed by triage";
  return `<div class="suppressed">${how}: ${esc(f.suppression.justification)}</div>`;
}

function ruleLinkSection(f: Finding, ctx: Context): string {
  const meta = ctx.rules.get(f.ruleId);
  const cwes = (meta?.cwe ?? []).map((c) => `<a href="${cweUrl(c)}" rel="noreferrer">CWE-${c}</a>`).join(", ");
  return `<p class="rule-link">Rule <a href="#rule-${esc(f.ruleId)}">${esc(f.ruleId)}</a>${meta ? `: ${esc(meta.shortDescription)}` : ""}${cwes ? ` (${cwes})` : ""}</p>`;
}

/** The sections of a finding's card, in order; each returns "" when it has nothing to show. */
export const FINDING_SECTIONS: readonly ((f: Finding, ctx: Context) => string)[] = [suppressionSection, frameSection, flowSection, triageSection, fixSection, ruleLinkSection];

function findingCard(f: Finding, index: number, ctx: Context): string {
  const id = `finding-${index + 1}`;
  const where = `${f.path}:${f.region.startLine}:${f.region.startColumn}`;
  const haystack = `${f.path} ${f.ruleId} ${f.message}`.toLowerCase();
  return (
    `<article class="finding level-${f.level}${f.suppression ? " is-suppressed" : ""}" id="${id}" data-level="${f.level}" data-rule="${esc(f.ruleId)}" data-file="${esc(f.path)}" data-text="${esc(haystack)}">` +
    `<h3><span class="badge ${f.level}">${f.level}</span> <code class="rule">${esc(f.ruleId)}</code> <a class="where" href="#${id}">${esc(where)}</a></h3>` +
    `<p class="message">${esc(f.message)}</p>` +
    FINDING_SECTIONS.map((section) => section(f, ctx)).join("") +
    "</article>"
  );
}

function ruleDoc(meta: RuleMeta): string {
  const refs = meta.docs.references.map((r) => `<li><a href="${esc(r.url)}" rel="noreferrer">${esc(r.title)}</a></li>`).join("");
  return (
    `<article class="rule-doc" id="rule-${esc(meta.id)}"><h3><code>${esc(meta.id)}</code> ${esc(meta.name)} <span class="muted">${esc(meta.level)}, precision ${esc(meta.precision)}, ` +
    `security-severity ${esc(meta.securitySeverity)}</span></h3>` +
    `<h4>What it does</h4>${prose(meta.docs.whatItDoes)}<h4>Why is this bad?</h4>${prose(meta.docs.whyBad)}` +
    `<h4>Example</h4><pre><code>${esc(meta.docs.example.trimEnd())}</code></pre>` +
    `<h4>Use instead</h4>${meta.docs.useInsteadText ? prose(meta.docs.useInsteadText) : ""}<pre><code>${esc(meta.docs.useInstead.trimEnd())}</code></pre>` +
    (refs ? `<h4>References</h4><ul>${refs}</ul>` : "") +
    `<p><a href="${esc(ruleHelpUri(meta.id))}" rel="noreferrer">Online documentation</a></p></article>`
  );
}

function options(values: [string, string][]): string {
  return values.map(([value, label]) => `<option value="${esc(value)}">${esc(label)}</option>`).join("");
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--hit:#fff8c5;--err:#cf222e;--warn:#9a6700;--note:#0969da;--card:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--hit:#3b2e00;--card:#161b22}}
body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;background:var(--bg);color:var(--fg)}
h1{margin:.2rem 0}h2{border-bottom:1px solid var(--line);padding-bottom:.3rem;margin-top:2rem}
table{border-collapse:collapse}td,th{border:1px solid var(--line);padding:.2rem .6rem;text-align:left}td.n{text-align:right}
.muted{color:var(--muted);font-weight:normal;font-size:.9em}
#filters{position:sticky;top:0;background:var(--bg);padding:.6rem 0;border-bottom:1px solid var(--line);display:flex;gap:1rem;flex-wrap:wrap;align-items:center;z-index:1}
.finding{border:1px solid var(--line);border-left:4px solid var(--note);border-radius:6px;padding:.2rem 1rem .6rem;margin:1rem 0;background:var(--card)}
.finding.level-error{border-left-color:var(--err)}.finding.level-warning{border-left-color:var(--warn)}.finding.is-suppressed{opacity:.7}
.finding h3{font-size:1rem;margin:.5rem 0}.badge{color:#fff;border-radius:4px;padding:0 .4rem;font-size:.85em}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.note{background:var(--note)}
pre{overflow-x:auto;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.4rem .6rem;margin:.4rem 0}
.frame .line{display:block}.frame .hit{background:var(--hit)}.ln{color:var(--muted);user-select:none}
.flow ol{padding-left:1.5rem}.step .kind{font-weight:600}.step-source .kind,.step-sink .kind{color:var(--err)}.step .where{color:var(--muted)}
.reasoning,.remediation{white-space:pre-wrap;margin:.3rem 0}.diff{overflow-x:auto}.diff-add{color:#1a7f37}.diff-del{color:var(--err)}.diff-ctx{color:var(--muted)}.fix-note{color:var(--muted)}.suppressed{color:var(--muted);font-style:italic}
.rule-doc{border-top:1px solid var(--line);margin-top:1rem}
`;

const SCRIPT = `
(function () {
  var level = document.getElementById("f-level"), rule = document.getElementById("f-rule"), file = document.getElementById("f-file"), text = document.getElementById("f-text");
  var count = document.getElementById("shown-count"), cards = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  function apply() {
    var q = text.value.trim().toLowerCase(), shown = 0;
    cards.forEach(function (card) {
      var ok = (!level.value || card.getAttribute("data-level") === level.value) && (!rule.value || card.getAttribute("data-rule") === rule.value) &&
        (!file.value || card.getAttribute("data-file") === file.value) && (!q || card.getAttribute("data-text").indexOf(q) >= 0);
      card.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + " of " + cards.length + " findings shown";
  }
  [level, rule, file].forEach(function (el) { el.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  apply();
})();
`;

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

/** Renders the scan as one self-contained HTML page. */
export function toHtml(result: ScanResult, opts: HtmlOptions = {}): string {
  const cache = new Map<string, string[] | undefined>();
  const ctx: Context = {
    rules: new Map(result.rules.map((r) => [r.id, r])),
    lines: (path) => {
      if (!cache.has(path)) {
        const text = opts.sources?.get(path) ?? opts.readSource?.(path);
        const lines = text === undefined ? undefined : text.split(/\r\n|\r|\n/);
        for (const f of lines ? result.findings.filter((x) => x.path === path && x.secretSpans) : []) {
          for (const span of f.secretSpans!) {
            for (let n = span.startLine; n <= span.endLine; n++) lines![n - 1] = maskSecretSpans(lines![n - 1] ?? "", f, n);
          }
        }
        cache.set(path, lines);
      }
      return cache.get(path);
    },
  };
  const findings = result.findings;
  const open = findings.filter((f) => !f.suppression);
  const byLevel: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of open) byLevel[f.level]++;
  const counts = countByRule(result);
  const firedRules = [...new Set(findings.map((f) => f.ruleId))].sort();
  const files = [...new Set(findings.map((f) => f.path))].sort();

  const summaryRows = counts
    .map((r) => `<tr><td><a href="#rule-${esc(r.ruleId)}"><code>${esc(r.ruleId)}</code></a></td><td>${esc(r.name)}</td>${LEVELS.map((l) => `<td class="n">${r.byLevel[l]}</td>`).join("")}<td class="n">${r.total}</td></tr>`)
    .join("");
  const summary =
    `<p>Scanned ${result.stats.files} files (${result.stats.lines} lines) with ${result.rules.length} rules in ${(result.stats.durationMs / 1000).toFixed(2)} s: ` +
    (open.length === 0 ? "<strong>no findings</strong>." : `<strong>${open.length} finding${open.length === 1 ? "" : "s"}</strong> (${LEVELS.map((l) => `${byLevel[l]} ${l}`).join(", ")}).`) +
    (result.stats.suppressed > 0 ? ` ${result.stats.suppressed} suppressed inline.` : "") +
    (result.stats.baselined > 0 ? ` ${result.stats.baselined} in the baseline.` : "") +
    "</p>" +
    (counts.length > 0 ? `<table id="by-rule"><thead><tr><th>rule</th><th>name</th><th>error</th><th>warning</th><th>note</th><th>total</th></tr></thead><tbody>${summaryRows}</tbody></table>` : "");

  const filters =
    `<section id="filters" aria-label="Filters">` +
    `<label>Level <select id="f-level"><option value="">all</option>${options(LEVELS.filter((l) => findings.some((f) => f.level === l)).map((l) => [l, l]))}</select></label>` +
    `<label>Rule <select id="f-rule"><option value="">all</option>${options(firedRules.map((r) => [r, r]))}</select></label>` +
    `<label>File <select id="f-file"><option value="">all</option>${options(files.map((f) => [f, f]))}</select></label>` +
    `<label>Search <input id="f-text" type="search" placeholder="path, rule or message"></label>` +
    `<span id="shown-count" role="status">${findings.length} of ${findings.length} findings shown</span></section>`;

  const notices =
    result.notifications.length > 0
      ? `<h2 id="notices">Notices</h2><ul>${result.notifications.map((n) => `<li><span class="badge ${n.level === "error" ? "error" : n.level === "warning" ? "warning" : "note"}">${esc(n.level)}</span> ${esc(n.message)}</li>`).join("")}</ul>`
      : "";
  const triage = result.triage
    ? `<p>Triage: ${result.triage.enabled ? `${result.triage.triaged} triaged with ${esc(result.triage.model)}, ${result.triage.requests} requests, ≈ $${result.triage.estimatedCostUsd.toFixed(4)}` : `skipped (${esc(result.triage.skippedReason ?? "not enabled")})`}.</p>`
    : "";
  const rulesSection = firedRules.length > 0 ? `<h2 id="rules">Rules</h2>${firedRules.map((id) => ctx.rules.get(id)).filter((m): m is RuleMeta => m !== undefined).map(ruleDoc).join("")}` : "";

  const csp = `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">` +
    `<title>pysast report</title><style>${STYLE}</style></head><body>` +
    `<header><h1>pysast report</h1><p class="muted">pysast ${esc(result.toolVersion)} · ${esc(result.startTime)} · <code>${esc(result.commandLine)}</code></p></header>` +
    `<h2 id="summary">Summary</h2>${summary}${triage}${filters}` +
    `<h2 id="findings-title">Findings</h2><main id="findings">${findings.map((f, i) => findingCard(f, i, ctx)).join("\n")}</main>` +
    `${notices}${rulesSection}` +
    `<script>${SCRIPT}</script></body></html>\n`
  );
}
