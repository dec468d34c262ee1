/**
 * LLM triage: asks Claude to judge each finding like a security-first senior Python engineer,
 * after suppressions and before reporting. Never loses a finding, never sends a credential-like
 * literal, never sends an unchanged finding twice (verdict cache), and never lets text in the
 * scanned code talk a finding out of the report.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type Anthropic from "@anthropic-ai/sdk";
import pLimit from "p-limit";
import { loadPython } from "../parse/grammar.js";
import { makeDirs, WriteError } from "../safe-fs.js";
import { PythonParser } from "../parse/parser.js";
import type { Finding, Notification, RuleMeta, TriageResult, TriageSummary } from "../types.js";
import { parseAnswer, TRIAGE_TOOL, type Verdict } from "./answer.js";
import { repositoryCacheDir, userCacheRoot } from "../cache-store.js";
import { cacheKey, VerdictCache } from "./cache.js";
import { createClient, DeadlineError, DEFAULT_RETRY, scrub, sendMessage, TriageRequestError, type RetryPolicy } from "./client.js";
import { buildFindingContext, DEFAULT_LIMITS, prepareFile, type ContextLimits, type PreparedFile } from "./context.js";
import { findInjectionLines, INJECTION_FLAG } from "./injection.js";
import { estimateCost, modelInfo, type ModelInfo, type TokenUsage } from "./models.js";
import { applyTriagePolicy } from "./policy.js";
import { loadPrompts, type TriagePrompts } from "./prompts.js";
import { buildRequest, type PreparedFinding } from "./request.js";
import type { TriageOptions } from "./options.js";

export { addTriageOptions, triageOptionsFrom, TriageOptionsError, TRIAGE_DEFAULTS } from "./options.js";
export type { TriageOptions, TriageConfigDefaults, TriageOptionContext } from "./options.js";
export { applyTriagePolicy, mayHide } from "./policy.js";
export type { TriagePolicy, PolicyOutcome, TriageAction } from "./policy.js";
export { INJECTION_FLAG } from "./injection.js";
export { DEFAULT_MODEL, MODELS } from "./models.js";

/** Knobs for tests and embedding; the CLI uses the defaults. */
export interface TriageRuntime {
  /** Backoff settings, clock and sleep (tests pass tiny delays and a recording sleep). */
  retry: Partial<Omit<RetryPolicy, "maxRetries">>;
  /** Findings of one file per request at most. */
  batchSize: number;
  /** Where the progress line goes (when `opts.progress`). */
  stderr: { write(s: string): unknown };
  limits: ContextLimits;
  /** Folder holding the prompt files (default: the package's prompts/). */
  promptsDir?: string;
}

export interface TriageOutcome {
  summary: TriageSummary;
  notifications: Notification[];
  /**
   * The findings to report: every input finding, in input order, except those removed by
   * `--triage-action drop`. All findings (kept or not) have been annotated in place.
   */
  findings: Finding[];
}

const DEFAULT_BATCH = 4;

/**
 * Triages `findings` in place (sets `finding.triage`, and `finding.suppression` for the `suppress`
 * action) and returns the summary, notifications, and the findings to report.
 */
export async function runTriage(
  findings: Finding[],
  sources: Map<string, string>,
  rules: Map<string, RuleMeta>,
  opts: TriageOptions,
  root: string,
  runtime: Partial<TriageRuntime> = {},
): Promise<TriageOutcome> {
  const summary = emptySummary(opts);
  const notifications: Notification[] = [];
  if (!opts.enabled) return { summary: { ...summary, enabled: false, skippedReason: "triage was not requested" }, notifications, findings };
  if (!opts.apiKey && !opts.dryRunFile) {
    const reason = "ANTHROPIC_API_KEY is not set";
    notifications.push({
      kind: "triage",
      level: "note",
      message: `LLM triage skipped: ${reason}; findings are reported without verdicts (set the key or leave out --triage; see docs/triage.md)`,
    });
    return { summary: { ...summary, enabled: false, skippedReason: reason }, notifications, findings };
  }
  let prompts: TriagePrompts;
  try {
    prompts = loadPrompts(runtime.promptsDir);
  } catch (err) {
    const reason = (err as Error).message;
    notifications.push({ kind: "triage", level: "error", message: `LLM triage skipped: ${reason}` });
    return { summary: { ...summary, enabled: false, skippedReason: reason }, notifications, findings };
  }
  summary.promptVersion = prompts.version;
  const run = new TriageRun(findings, sources, rules, opts, root, runtime, prompts, summary, notifications);
  await run.execute();
  const policy = applyTriagePolicy(findings, opts);
  summary.suppressed = policy.suppressed.length;
  summary.dropped = policy.dropped.length;
  return { summary, notifications, findings: policy.kept };
}

function emptySummary(opts: TriageOptions): TriageSummary {
  return {
    enabled: true,
    model: opts.model,
    promptVersion: "",
    action: opts.action,
    requests: 0,
    cacheHits: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    estimatedCostUsd: 0,
    triaged: 0,
    errors: 0,
    notTriaged: 0,
    suppressed: 0,
    dropped: 0,
    ...(opts.dryRunFile ? { dryRunFile: opts.dryRunFile } : {}),
  };
}

const LEVEL_RANK = { error: 3, warning: 2, note: 1 } as const;

/** Most severe first (security-severity, then level), then by place, for `--triage-max-findings`. */
function bySeverity(a: Finding, b: Finding): number {
  const sev = (f: Finding) => Number(f.securitySeverity ?? NaN);
  const sa = sev(a);
  const sb = sev(b);
  if (!Number.isNaN(sa) || !Number.isNaN(sb)) {
    const d = (Number.isNaN(sb) ? -1 : sb) - (Number.isNaN(sa) ? -1 : sa);
    if (d !== 0) return d;
  }
  return LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || byPlace(a, b);
}

function byPlace(a: Finding, b: Finding): number {
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/** One triage run: selection, context, cache, requests, bookkeeping. */
class TriageRun {
  private readonly model: ModelInfo & { known: boolean };
  private readonly cache: VerdictCache;
  private readonly retry: RetryPolicy;
  private readonly files = new Map<string, PreparedFile>();
  private parser: PythonParser | null = null;
  private readonly usage: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  private fatal: string | undefined;
  /** When the triage stage must end (epoch ms), from --triage-deadline. */
  private deadline: number | undefined;
  /** Findings left without a verdict because the deadline passed. */
  private pastDeadline = 0;
  private readonly injectionLines = new Map<Finding, number[]>();
  private done = 0;
  private total = 0;

  constructor(
    private readonly findings: Finding[],
    private readonly sources: Map<string, string>,
    private readonly rules: Map<string, RuleMeta>,
    private readonly opts: TriageOptions,
    private readonly root: string,
    private readonly runtime: Partial<TriageRuntime>,
    private readonly prompts: TriagePrompts,
    private readonly summary: TriageSummary,
    private readonly notifications: Notification[],
  ) {
    this.model = modelInfo(opts.model);
    const cacheRoot = opts.cacheRoot ?? userCacheRoot();
    const dir =
      opts.cacheDir === null ? null : opts.cacheDir === undefined ? repositoryCacheDir(cacheRoot, root) : isAbsolute(opts.cacheDir) ? opts.cacheDir : resolve(root, opts.cacheDir);
    this.cache = new VerdictCache(dir, cacheRoot);
    this.retry = { ...DEFAULT_RETRY, ...runtime.retry, maxRetries: opts.maxRetries };
  }

  private base(): Pick<TriageResult, "model" | "promptVersion"> {
    return { model: this.opts.model, promptVersion: this.prompts.version };
  }

  async execute(): Promise<void> {
    const eligible: Finding[] = [];
    for (const f of this.findings) {
      if (f.suppression) f.triage = { status: "skipped", ...this.base() };
      else eligible.push(f);
    }
    const limit = this.opts.maxFindings ?? Infinity;
    const chosen = new Set([...eligible].sort(bySeverity).slice(0, limit));
    const selected = eligible.filter((f) => chosen.has(f)).sort(byPlace);
    const left = eligible.length - selected.length;
    for (const f of eligible) if (!chosen.has(f)) f.triage = { status: "not-triaged", ...this.base() };
    if (left > 0) {
      this.notifications.push({
        kind: "triage",
        level: "note",
        message: `${left} finding(s) were not triaged: --triage-max-findings ${this.opts.maxFindings} keeps the ${selected.length} most severe`,
      });
    }
    if (!this.model.known) {
      this.notifications.push({
        kind: "triage",
        level: "note",
        message: `no price is known for model ${this.opts.model}; the cost estimate is 0 (see docs/triage.md)`,
      });
    }

    await this.initParser();
    const pending: PreparedFinding[] = [];
    for (const f of selected) {
      const prepared = this.prepare(f);
      const hit = this.cache.get(prepared.key);
      if (hit) {
        this.summary.cacheHits++;
        this.record(prepared, hit.verdict, true);
      } else pending.push(prepared);
    }
    this.total = pending.length;
    const batches = this.batches(pending);
    if (this.opts.dryRunFile) this.dryRun(batches);
    else await this.send(batches);
    this.finishProgress();
    this.summarize();
  }

  private async initParser(): Promise<void> {
    try {
      this.parser = new PythonParser(await loadPython());
    } catch (err) {
      // without a parser the context falls back to line windows; triage still runs
      this.notifications.push({
        kind: "triage",
        level: "warning",
        message: `LLM triage sends line windows instead of whole functions: ${(err as Error).message}`,
      });
    }
  }

  private file(path: string): PreparedFile {
    let f = this.files.get(path);
    if (!f) {
      let text = this.sources.get(path);
      if (text === undefined) {
        try {
          text = readFileSync(join(this.root, path), "utf8");
        } catch {
          text = undefined;
        }
      }
      try {
        f = prepareFile(path, text, this.parser);
      } catch {
        f = prepareFile(path, text, null);
      }
      this.files.set(path, f);
    }
    return f;
  }

  private prepare(finding: Finding): PreparedFinding {
    const file = this.file(finding.path);
    const context = buildFindingContext(finding, this.rules.get(finding.ruleId), file, (p) => this.file(p), this.runtime.limits ?? DEFAULT_LIMITS);
    const key = cacheKey({
      promptVersion: this.prompts.version,
      promptDigest: this.prompts.digest,
      model: this.opts.model,
      tool: TRIAGE_TOOL,
      ruleId: finding.ruleId,
      context,
    });
    const shown = [
      ...context.excerpt.lines.map((line) => ({ line, text: file.lines[line - 1] ?? "" })),
      ...context.flow.map((s) => ({ line: s.line, text: s.code })),
      ...context.constants.map((c) => ({ line: Number(/^L(\d+)/.exec(c)?.[1] ?? 0), text: c })),
    ];
    const injectionLines = [...new Set(findInjectionLines(shown))].sort((a, b) => a - b);
    if (injectionLines.length > 0) this.injectionLines.set(finding, injectionLines);
    return { finding, context, file, key, injectionLines };
  }

  private batches(pending: PreparedFinding[]): PreparedFinding[][] {
    const size = Math.max(1, this.runtime.batchSize ?? DEFAULT_BATCH);
    const byFile = new Map<string, PreparedFinding[]>();
    for (const p of pending) {
      const list = byFile.get(p.finding.path) ?? [];
      list.push(p);
      byFile.set(p.finding.path, list);
    }
    const out: PreparedFinding[][] = [];
    for (const list of byFile.values()) {
      for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    }
    return out;
  }

  private dryRun(batches: PreparedFinding[][]): void {
    const file = this.opts.dryRunFile!;
    const lines = batches.map((b) => JSON.stringify(buildRequest(b, this.prompts, this.model).body));
    makeDirs(dirname(file));
    try {
      writeFileSync(file, lines.length > 0 ? `${lines.join("\n")}\n` : "");
    } catch (err) {
      throw new WriteError(`cannot write the triage dry-run file ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    for (const b of batches) for (const p of b) p.finding.triage = { status: "not-triaged", ...this.base(), ...this.flags(p, undefined) };
    this.notifications.push({
      kind: "triage",
      level: "note",
      message: `LLM triage dry run: wrote ${lines.length} request bod${lines.length === 1 ? "y" : "ies"} for ${batches.flat().length} finding(s) to ${file}; nothing was sent`,
    });
  }

  private async send(batches: PreparedFinding[][]): Promise<void> {
    const client = createClient(this.opts.apiKey!, this.opts.baseUrl);
    const limit = pLimit(this.opts.concurrency);
    if (this.opts.deadlineMs !== undefined) this.deadline = Date.now() + this.opts.deadlineMs;
    this.progress();
    await Promise.all(batches.map((b) => limit(() => this.triageBatch(client, b))));
  }

  /** Sends one batch; findings without a valid verdict are asked once more, alone, then marked error. */
  private async triageBatch(client: Anthropic, batch: PreparedFinding[]): Promise<void> {
    let open = batch;
    for (let round = 0; round < 2 && open.length > 0; round++) {
      if (this.fatal) break;
      const { body, ids } = buildRequest(open, this.prompts, this.model);
      let response: Anthropic.Message;
      try {
        response = await sendMessage(
          client,
          body,
          this.opts.timeoutMs,
          this.retry,
          this.opts.apiKey!,
          () => {
            this.summary.requests++;
          },
          this.deadline,
        );
      } catch (err) {
        if (err instanceof DeadlineError) {
          for (const p of open) this.notTriagedAtDeadline(p);
          return;
        }
        const e = err instanceof TriageRequestError ? err : new TriageRequestError(scrub(String((err as Error)?.message ?? err), this.opts.apiKey!), undefined, false);
        if (e.fatal) this.fatal ??= e.message;
        for (const p of open) this.fail(p, e.message);
        return;
      }
      this.addUsage(response.usage);
      const answer = parseAnswer(response.content, response.stop_reason, [...ids.keys()]);
      for (const [id, verdict] of answer.verdicts) {
        const p = ids.get(id)!;
        this.record(p, verdict, false);
        this.cache.put({ key: p.key, model: this.opts.model, promptVersion: this.prompts.version, ruleId: p.finding.ruleId, verdict });
      }
      open = [...ids].filter(([id]) => !answer.verdicts.has(id)).map(([, p]) => p);
      if (round === 1 || this.fatal) for (const p of open) this.fail(p, scrub(answer.problem ?? "invalid answer", this.opts.apiKey!));
    }
    for (const p of open) if (p.finding.triage?.status !== "error") this.fail(p, `not sent: ${this.fatal}`);
  }

  private flags(p: PreparedFinding, verdict: Verdict | undefined): Pick<TriageResult, "flags"> {
    return p.injectionLines.length > 0 || verdict?.instructionsInCode ? { flags: [INJECTION_FLAG] } : {};
  }

  private record(p: PreparedFinding, v: Verdict, cached: boolean): void {
    p.finding.triage = {
      status: "triaged",
      verdict: v.verdict,
      confidence: v.confidence,
      ...(v.severity ? { severity: v.severity } : {}),
      reasoning: v.reasoning,
      remediation: v.remediation,
      ...(v.patch ? { patch: v.patch } : {}),
      ...this.base(),
      ...this.flags(p, v),
      ...(cached ? { cached: true } : {}),
    };
    if (!cached) this.tick();
  }

  private notTriagedAtDeadline(p: PreparedFinding): void {
    p.finding.triage = { status: "not-triaged", ...this.base(), ...this.flags(p, undefined) };
    this.pastDeadline++;
    this.tick();
  }

  private fail(p: PreparedFinding, error: string): void {
    p.finding.triage = { status: "error", error, ...this.base(), ...this.flags(p, undefined) };
    this.tick();
  }

  private addUsage(u: Anthropic.Usage | undefined): void {
    if (!u) return;
    this.usage.inputTokens += u.input_tokens ?? 0;
    this.usage.outputTokens += u.output_tokens ?? 0;
    this.usage.cacheReadTokens += u.cache_read_input_tokens ?? 0;
    this.usage.cacheWriteTokens += u.cache_creation_input_tokens ?? 0;
  }

  private tick(): void {
    this.done++;
    this.progress();
  }

  private progress(): void {
    if (!this.opts.progress || this.total === 0) return;
    const out = this.runtime.stderr ?? process.stderr;
    out.write(`\r\x1b[2Kpysast: triaging findings ${this.done}/${this.total} (${this.summary.cacheHits} cached, ${this.summary.requests} requests)`);
  }

  private finishProgress(): void {
    if (!this.opts.progress || this.total === 0) return;
    (this.runtime.stderr ?? process.stderr).write("\r\x1b[2K");
  }

  private summarize(): void {
    const s = this.summary;
    Object.assign(s, this.usage);
    s.estimatedCostUsd = estimateCost(this.usage, this.model.prices);
    let firstError: string | undefined;
    for (const f of this.findings) {
      const t = f.triage;
      if (!t) continue;
      if (t.status === "triaged") s.triaged++;
      else if (t.status === "not-triaged") s.notTriaged++;
      else if (t.status === "error") {
        s.errors++;
        firstError ??= t.error;
      }
      if (t.flags?.includes(INJECTION_FLAG)) {
        const lines = this.injectionLines.get(f);
        const where = lines ? `code around this ${f.ruleId} finding (line ${lines.join(", ")})` : `the reviewer model reports that code around this ${f.ruleId} finding`;
        this.notifications.push({
          kind: "triage",
          level: "warning",
          path: f.path,
          line: f.region.startLine,
          message: `${where} contains text addressed to an AI or reviewer; it is flagged ${INJECTION_FLAG} and triage will not hide it`,
        });
      }
    }
    if (this.pastDeadline > 0) {
      this.notifications.push({
        kind: "triage",
        level: "warning",
        message: `LLM triage stopped at its deadline (--triage-deadline ${(this.opts.deadlineMs ?? 0) / 1000} s): ${this.pastDeadline} finding(s) are reported without a verdict; raise the deadline or bound the work with --triage-max-findings`,
      });
    }
    if (this.fatal) {
      this.notifications.push({ kind: "triage", level: "error", message: `LLM triage stopped: ${this.fatal}; check ANTHROPIC_API_KEY, the base URL and --triage-model` });
    } else if (s.errors > 0) {
      this.notifications.push({
        kind: "triage",
        level: "warning",
        message: `LLM triage failed for ${s.errors} finding(s) (first error: ${firstError}); they are reported without a verdict`,
      });
    }
    for (const message of this.cache.notices()) this.notifications.push({ kind: "triage", level: "warning", message: `triage cache: ${message}` });
  }
}
