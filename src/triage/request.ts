/**
 * Turns prepared findings of one file into a Messages API request body. Findings of one file share
 * a request (imports, constants and shared function code are sent once) and get ids F1…Fn that
 * the answer is mapped back by. The body is deterministic, so `--triage-dry-run` writes exactly
 * what a real run sends.
 */
import { createHash } from "node:crypto";
import type Anthropic from "@anthropic-ai/sdk";
import type { Finding } from "../types.js";
import { TOOL_NAME, TRIAGE_TOOL } from "./answer.js";
import { renderExcerpt, type FindingContext, type PreparedFile } from "./context.js";
import type { ModelInfo } from "./models.js";
import { fillTemplate, type TriagePrompts } from "./prompts.js";

export interface PreparedFinding {
  finding: Finding;
  context: FindingContext;
  file: PreparedFile;
  /** Cache key of this finding's context. */
  key: string;
  /** Lines of the code sent for this finding whose text addresses an AI or reviewer. */
  injectionLines: number[];
}

export interface BuiltRequest {
  body: Anthropic.MessageCreateParamsNonStreaming;
  /** Finding id in the message → prepared finding. */
  ids: Map<string, PreparedFinding>;
}

/** Builds the request for findings of one file (in the given order). */
export function buildRequest(batch: PreparedFinding[], prompts: TriagePrompts, model: ModelInfo): BuiltRequest {
  const ids = new Map<string, PreparedFinding>();
  batch.forEach((p, i) => ids.set(`F${i + 1}`, p));
  const file = batch[0]!.file;
  const first = batch[0]!.context;

  // one code block per unit (function or module window), union of the lines each finding needs
  const units = new Map<string, { label: string; lines: Set<number>; marked: Set<number>; endLine: number }>();
  for (const p of batch) {
    const ex = p.context.excerpt;
    const unit = units.get(ex.unitKey) ?? { label: ex.label, lines: new Set<number>(), marked: new Set<number>(), endLine: ex.endLine };
    for (const n of ex.lines) unit.lines.add(n);
    unit.marked.add(p.context.line);
    units.set(ex.unitKey, unit);
  }
  const codeParts = [...units.values()].map((u) => ({
    label: u.label,
    text: renderExcerpt(file, { unitKey: "", label: u.label, lines: [...u.lines].sort((a, b) => a - b), endLine: u.endLine }, u.marked),
  }));
  const flowParts = [...ids].map(([, p]) => renderFlow(p.context));
  const nonce = boundaryToken([first.path, ...codeParts.map((c) => c.text), ...flowParts, ...batch.map((p) => p.context.message)]);
  const open = `<<<CODE-${nonce}`;
  const close = `CODE-${nonce}>>>`;
  const fence = (text: string) => `${open}\n${text}\n${close}`;

  const constants = [...new Set(batch.flatMap((p) => p.context.constants))].sort(byLineLabel);
  const findings = [...ids].map(([id, p], i) =>
    fillTemplate(prompts.finding, {
      id,
      rule_id: p.context.ruleId,
      rule_name: p.context.ruleName,
      cwe: p.context.cwe,
      rule_kind: p.context.ruleKind,
      precision: p.context.precision,
      level: p.context.level,
      security_severity: p.context.securitySeverity,
      line: String(p.context.line),
      column: String(p.context.column),
      function: p.context.functionLabel,
      message: p.context.message,
      help: p.context.help,
      patch: p.context.patch,
      flow: flowParts[i] ? fence(flowParts[i]!) : "(none: this rule matches a code pattern; judge it from the code above)",
    }),
  );
  const text = fillTemplate(prompts.request, {
    count: String(batch.length),
    nonce,
    path: first.path,
    framework: first.framework,
    imports: first.imports.length > 0 ? first.imports.map((i) => `- ${i}`).join("\n") : "(none)",
    constants: constants.length > 0 ? fence(constants.join("\n")) : "(none)",
    code: codeParts.map((c) => `### ${c.label}\n${fence(c.text)}`).join("\n\n"),
    findings: findings.join("\n\n"),
    ids: [...ids.keys()].join(", "),
  });

  const body: Anthropic.MessageCreateParamsNonStreaming = {
    model: model.id,
    max_tokens: (model.thinks ? 6000 : 512) + 700 * batch.length,
    system: [{ type: "text", text: prompts.system, cache_control: { type: "ephemeral" } }],
    tools: [TRIAGE_TOOL],
    tool_choice: model.forcedToolChoice ? { type: "tool", name: TOOL_NAME } : { type: "auto" },
    messages: [{ role: "user", content: text }],
    ...(model.effort ? { output_config: { effort: model.effort } } : {}),
  };
  return { body, ids };
}

/** The data-flow steps as numbered lines, or "" for a finding without a trace. */
function renderFlow(ctx: FindingContext): string {
  return ctx.flow
    .map((s, i) => {
      const where = s.path === ctx.path ? `L${s.line}` : `${s.path}:L${s.line}`;
      return `${i + 1}. ${s.kind} at ${where}: ${s.code}${s.message ? `    [scanner: ${s.message}]` : ""}`;
    })
    .join("\n");
}

/**
 * A boundary token derived from the content it encloses: deterministic (dry-run bodies equal real
 * ones), and code cannot contain its own hash, so it cannot forge the closing boundary.
 */
export function boundaryToken(parts: string[]): string {
  for (let salt = 0; ; salt++) {
    const token = createHash("sha256").update(`${salt}\0${parts.join("\0")}`).digest("hex").slice(0, 12);
    if (!parts.some((p) => p.includes(token))) return token;
  }
}

function byLineLabel(a: string, b: string): number {
  return Number(/^L(\d+)/.exec(a)?.[1] ?? 0) - Number(/^L(\d+)/.exec(b)?.[1] ?? 0);
}
