/**
 * Phase 1 for one file — read, parse, model, pattern rules, taint index record — as plain data, so
 * it can run on the main thread or in a worker thread with identical results.
 */
import { performance } from "node:perf_hooks";
import type { DiscoveredFile } from "./discover.js";
import { Deadline, PHASE_BUDGET_MS, PhaseBudgetExceeded } from "./budget.js";
import { runPatternRules, type PatternRunOptions } from "./engine.js";
import { FileModel, type ModuleBase } from "./model/file-model.js";
import { releaseTree, type PyNode } from "./parse/ast.js";
import { loadPythonIsolated } from "./parse/grammar.js";
import { ParserCorrupted, PythonParser, type CompactTree } from "./parse/parser.js";
import { proposeFixes } from "./fix/propose.js";
import { readSource } from "./read-source.js";
import { sha256 } from "./scan-cache.js";
import type { PatternRule } from "./rule.js";
import type { TaintFileRecord, TaintProject } from "./taint/index.js";
import type { Notification, RawFinding } from "./types.js";

export interface FileResult {
  rel: string;
  abs: string;
  /** Absent when the file could not be read or parsed (see notifications). */
  lines?: number;
  /** Places the parser could not read (0 for a clean parse). */
  errorCount?: number;
  /** The text and comments, only when the file has pattern findings. */
  text?: string;
  comments?: Map<number, string>;
  raw: RawFinding[];
  /** 1-based first and last line of the statement (or compound statement header) around each raw finding. */
  statementSpans: StatementSpan[];
  notifications: Notification[];
  parseMs: number;
  taint?: TaintFileRecord;
  /**
   * `taint` serialised by a phase-1 worker (`serialize` of node:v8), with what the scan reads without the object: the
   * record's digest without offsets (`skeletonDigest`) when the cache is on. The scan thread copies these bytes into
   * the shared index (`packRecords`) instead of holding every record as objects.
   */
  packedTaint?: { path: string; relevant: boolean; bytes: Uint8Array; head?: Uint8Array; skeleton?: string };
  /** The parsed file as compact records, for files phase 2 analyses (so that it need not parse them again). */
  compact?: CompactTree;
  /** True when part of this file's analysis failed (parser, a rule, the taint index, a budget): the report is incomplete. */
  lost?: boolean;
  /** sha256 of the bytes analysed, when the analyzer was asked to hash them (for the scan cache). */
  sha?: string;
}

/** The parser trapped (a WebAssembly runtime error) or was corrupted on this file; it has been discarded. */
export class ParserTrap extends Error {
  constructor(cause: Error) {
    super(cause instanceof ParserCorrupted ? `the tree-sitter parser failed on this file: ${cause.message}` : `the tree-sitter parser crashed on this file (${cause.message})`);
    this.name = "ParserTrap";
  }
}

/** WebAssembly.RuntimeError (the project's TypeScript lib has no wasm typings). */
const WasmRuntimeError = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly.RuntimeError;

/** A trap inside tree-sitter's wasm code ("memory access out of bounds", "unreachable", an abort). */
export function isWasmTrap(err: unknown): err is Error {
  return err instanceof WasmRuntimeError;
}

/** Makes a parser in a fresh wasm instance, for after a trap. */
export async function isolatedParser(): Promise<PythonParser> {
  const { language, Parser, binding } = await loadPythonIsolated();
  return new PythonParser(language, { Parser, binding });
}

export class FileAnalyzer {
  parseMs = 0;
  private parser: PythonParser | null;
  constructor(
    parser: PythonParser,
    private readonly patternRules: readonly PatternRule[],
    private readonly taint: TaintProject | undefined,
    /** Makes a replacement parser after a trap. */
    private readonly replacement: () => Promise<PythonParser> = isolatedParser,
    /** Wall-clock budget of each phase of one file (see src/budget.ts). */
    private readonly budgetMs: number = PHASE_BUDGET_MS,
    /** Whether to hash each file's bytes (`FileResult.sha`), for the scan cache. */
    private readonly hashContent = false,
    /** Ask rules for fixes of their findings (off for the re-scans that verify fixes). */
    private readonly fixes = false,
    /** Where module names start (`moduleBasesOf`). */
    private readonly naming: readonly ModuleBase[] = [],
  ) {
    this.parser = parser;
  }

  /**
   * Whether the result of a file phase 2 analyses carries a copy of its compact tree (phase 2 builds the file's model
   * from it). The fix verifier's re-scan keeps none: it parses a patched file again when it loads it, and the copies
   * of every patched file's tree, held until the re-scan ended, were its largest holder on big trees.
   */
  keepTrees = true;

  /** The current parser (a replacement after a trap); undefined while one is needed (see `ready`). */
  get currentParser(): PythonParser | undefined {
    return this.parser ?? undefined;
  }

  /**
   * Parses text into a compact tree and a model, counting parse time. A wasm trap, or a failed
   * self-check after a suspicious file, discards the parser (its memory can no longer be trusted:
   * later files would come back empty or wrong) and throws ParserTrap; `ready()` then makes a new
   * one in a fresh wasm instance.
   */
  private parse(rel: string, text: string): { compact: CompactTree; model: FileModel } {
    if (!this.parser) throw new Error("no parser is available after an earlier crash of tree-sitter");
    const t0 = performance.now();
    let compact: CompactTree;
    let parsed;
    try {
      // a view of the parser's scratch buffer: copied below only when phase 2 keeps the tree
      compact = this.parser.compactView(text, new Deadline(this.budgetMs));
      parsed = this.parser.build(compact);
    } catch (err) {
      if (!isWasmTrap(err) && !(err instanceof ParserCorrupted)) throw err;
      this.discardParser();
      throw new ParserTrap(err);
    } finally {
      this.parseMs += performance.now() - t0;
    }
    return { compact, model: new FileModel(parsed, rel, new Deadline(this.budgetMs), this.naming) };
  }

  /** True when a trap discarded the parser: await `ready()` before the next file. */
  get needsParser(): boolean {
    return this.parser === null;
  }

  /** Makes sure a working parser exists (a replacement in a fresh wasm instance after a trap). */
  async ready(): Promise<void> {
    this.parser ??= await this.replacement();
  }

  /** Frees the parser's wasm objects. */
  dispose(): void {
    this.discardParser();
  }

  private discardParser(): void {
    const old = this.parser;
    this.parser = null;
    try {
      old?.delete();
    } catch {
      // a trapped instance may fail to free; it is dropped with its whole wasm memory
    }
  }

  /** Parses text into a model, counting parse time (the fix verifier's re-scan loads files with it). */
  model(rel: string, text: string): FileModel {
    return this.parse(rel, text).model;
  }

  /** A copy of a compact tree made by `parse` (a view of the parser's scratch buffer); exported again if the parser has parsed since. */
  private keep(compact: CompactTree, exported: number): CompactTree {
    if (this.parser?.exports === exported) return { text: compact.text, records: compact.records.slice() };
    if (!this.parser) throw new Error("no parser is available after an earlier crash of tree-sitter");
    return this.parser.compact(compact.text);
  }

  /** Phase 1 for one file; call `ready()` first when `needsParser` is true. */
  analyze(file: DiscoveredFile): FileResult {
    let sha: string | undefined;
    const read = readSource(file, this.hashContent ? (bytes) => (sha = sha256(bytes)) : undefined);
    const result: FileResult =
      read.text === null ? { rel: file.rel, abs: file.abs, raw: [], statementSpans: [], notifications: [], parseMs: 0 } : this.analyzeText(file, read.text);
    if (sha !== undefined) result.sha = sha;
    result.notifications.unshift(...read.notifications);
    return result;
  }

  /** Phase 1 for text already in hand (a file's content overridden in memory, as the fix verifier does). */
  analyzeText(file: Pick<DiscoveredFile, "rel" | "abs">, text: string): FileResult {
    const before = this.parseMs;
    const result: FileResult = { rel: file.rel, abs: file.abs, raw: [], statementSpans: [], notifications: [], parseMs: 0 };
    let model: FileModel;
    let compact: CompactTree;
    let exported = 0;
    try {
      ({ model, compact } = this.parse(file.rel, text));
      exported = this.parser!.exports;
    } catch (err) {
      result.lost = true;
      if (err instanceof PhaseBudgetExceeded) {
        result.notifications.push(budgetNotification(file.rel, err, "the file was not analysed"));
        return result;
      }
      const trap = err instanceof ParserTrap;
      result.notifications.push({
        kind: "analysis-error",
        level: "error",
        path: file.rel,
        message: trap
          ? `${file.rel}: ${(err as Error).message}; the file was not analysed, the parser was restarted and the other files are unaffected. Exclude the file with --exclude, and please report it with the file attached.`
          : `${file.rel}: could not be parsed (${(err as Error).message}); the file was skipped. Please report this with the file attached.`,
      });
      return result;
    }
    result.parseMs = this.parseMs - before;
    result.lines = model.src.lineCount;
    result.errorCount = model.parsed.errorCount;
    if (model.parsed.errorCount > 0) {
      const first = model.parsed.errorLines[0]! + 1;
      result.notifications.push({
        kind: "syntax-error",
        level: "warning",
        path: file.rel,
        line: first,
        message:
          `${file.rel}:${first}: the parser could not read part of this file from line ${first}` +
          `${model.parsed.errorCount > 1 ? ` (${model.parsed.errorCount} places)` : ""}: a syntax error, or syntax the tree-sitter ` +
          "Python grammar does not support even where CPython accepts it. Findings in that part may be missed; the rest of the file was analysed.",
      });
    }
    const run: PatternRunOptions = { deadline: new Deadline(this.budgetMs) };
    result.raw = runPatternRules(model, this.patternRules, run);
    if (run.timedOut) {
      result.lost = true;
      result.notifications.push(budgetNotification(file.rel, new PhaseBudgetExceeded("pattern rules", this.budgetMs), "the findings made before it ran out are kept"));
    }
    if (this.fixes && result.raw.length > 0) {
      const byId = new Map(this.patternRules.map((r) => [r.meta.id, r]));
      result.notifications.push(...proposeFixes(model, result.raw, (id) => byId.get(id)));
    }
    for (const f of run.failures ?? []) {
      result.lost = true;
      result.notifications.push({
        kind: "analysis-error",
        level: "warning",
        path: file.rel,
        line: f.line + 1,
        message: `${file.rel}:${f.line + 1}: rule ${f.ruleId} failed here (${f.error}) and was stopped for this file; its other findings and every other rule's findings are kept. Please report this with the file attached.`,
      });
    }
    if (this.taint) {
      try {
        result.taint = this.taint.indexFile(model);
        if (result.taint.relevant && this.keepTrees) result.compact = this.keep(compact, exported);
      } catch (err) {
        result.lost = true;
        result.notifications.push({
          kind: "analysis-error",
          level: "warning",
          path: file.rel,
          message: `${file.rel}: the data-flow index of this file failed (${(err as Error).message}); data-flow findings involving it may be missing, pattern findings are kept. Please report this with the file attached.`,
        });
      }
    }
    if (result.raw.length > 0) {
      result.text = text;
      result.comments = model.parsed.comments;
      result.statementSpans = statementSpansFor(model, result.raw);
    }
    // nothing reads this model again (the result is plain data): unlinked, its tree dies young (see releaseTree)
    releaseTree(model.root);
    return result;
  }
}

/** The notification for a file whose phase ran out of its time budget (see src/budget.ts). */
export function budgetNotification(rel: string, err: PhaseBudgetExceeded, kept: string): Notification {
  return {
    kind: "analysis-budget",
    level: "error",
    path: rel,
    message: `${rel}: ${err.message}; ${kept}, so findings in this file may be missing. Such a file is pathological or generated: exclude it with --exclude after checking it, and please report it.`,
  };
}

/** 1-based first and last line of a statement; suppression comments anywhere in it apply to its findings. */
export type StatementSpan = [number, number];

const CLAUSES = new Set(["elif_clause", "else_clause", "except_clause", "except_group_clause", "finally_clause", "case_clause"]);
const BODIES = new Set(["block", ...CLAUSES]);

/** Finds the statement around each raw finding's start, for suppressions and triage context. */
export function statementSpansFor(model: FileModel, raws: RawFinding[]): StatementSpan[] {
  return raws.map((r) => {
    const offset = model.src.lineStart(r.region.startLine - 1) + r.region.startColumn - 1;
    return statementSpan(model, deepestAt(model.root, offset));
  });
}

/**
 * The lines of the simple statement holding `node`, or of the header of the compound statement (or clause) it is
 * in: `if cond(\n  x\n):` spans its condition's lines, never its body.
 */
function statementSpan(model: FileModel, node: PyNode): StatementSpan {
  const statement = model.statementOf(node);
  let via: PyNode | undefined;
  for (let n: PyNode | null = node; n && n !== statement; n = n.parent) via = n;
  const head = via && CLAUSES.has(via.type) ? via : statement;
  const start = head.line + 1;
  let end = start;
  const extend = (n: PyNode) => {
    for (const child of n.children) {
      if (BODIES.has(child.type)) continue;
      if (child.type === "function_definition" || child.type === "class_definition") extend(child);
      else end = Math.max(end, model.src.lineOf(Math.max(child.start, child.end - 1)) + 1);
    }
  };
  if (head.children.some((c) => BODIES.has(c.type) || c.type === "function_definition" || c.type === "class_definition")) extend(head);
  else end = model.src.lineOf(Math.max(head.start, head.end - 1)) + 1;
  return [start, end];
}

function deepestAt(root: PyNode, offset: number): PyNode {
  let node = root;
  for (;;) {
    const next = node.children.find((c) => c.start <= offset && offset < c.end);
    if (!next) return node;
    node = next;
  }
}
