/**
 * Phase 1 for one file — read, parse, model, pattern rules, taint index record — as plain data, so
 * it can run on the main thread or in a worker thread with identical results.
 */
import { performance } from "node:perf_hooks";
import type { DiscoveredFile } from "./discover.js";
import { runPatternRules } from "./engine.js";
import { FileModel } from "./model/file-model.js";
import type { PyNode } from "./parse/ast.js";
import type { CompactTree, PythonParser } from "./parse/parser.js";
import { proposeFixes } from "./fix/propose.js";
import { readSource } from "./read-source.js";
import type { PatternRule } from "./rule.js";
import type { TaintFileRecord, TaintProject } from "./taint/index.js";
import type { Notification, RawFinding } from "./types.js";

export interface FileResult {
  rel: string;
  abs: string;
  /** Absent when the file could not be read or parsed (see notifications). */
  lines?: number;
  /** The text and comments, only when the file has pattern findings. */
  text?: string;
  comments?: Map<number, string>;
  raw: RawFinding[];
  /** 1-based first and last line of the statement (or compound statement header) around each raw finding. */
  statementSpans: StatementSpan[];
  notifications: Notification[];
  parseMs: number;
  /** Places the parser could not read (0 for a clean parse). */
  errorCount?: number;
  taint?: TaintFileRecord;
  /** The parsed file as compact records, for files phase 2 analyses (so that it need not parse them again). */
  compact?: CompactTree;
}

export class FileAnalyzer {
  parseMs = 0;
  constructor(
    private readonly parser: PythonParser,
    private readonly patternRules: readonly PatternRule[],
    private readonly taint: TaintProject | undefined,
    /** Ask rules for fixes of their findings (off for the re-scans that verify fixes). */
    private readonly fixes = false,
  ) {}

  /** Parses text into a compact tree and a model, counting parse time. */
  private parse(rel: string, text: string): { compact: CompactTree; model: FileModel } {
    const t0 = performance.now();
    const compact = this.parser.compact(text);
    const parsed = this.parser.build(compact);
    this.parseMs += performance.now() - t0;
    return { compact, model: new FileModel(parsed, rel) };
  }

  /** Parses text into a model, counting parse time (the fix verifier's re-scan loads files with it). */
  model(rel: string, text: string): FileModel {
    return this.parse(rel, text).model;
  }

  analyze(file: DiscoveredFile): FileResult {
    const read = readSource(file);
    if (read.text === null) return { rel: file.rel, abs: file.abs, raw: [], statementSpans: [], notifications: read.notifications, parseMs: 0 };
    const result = this.analyzeText(file, read.text);
    result.notifications.unshift(...read.notifications);
    return result;
  }

  /** Phase 1 for text already in hand (a file's content overridden in memory, as the fix verifier does). */
  analyzeText(file: Pick<DiscoveredFile, "rel" | "abs">, text: string): FileResult {
    const before = this.parseMs;
    const result: FileResult = { rel: file.rel, abs: file.abs, raw: [], statementSpans: [], notifications: [], parseMs: 0 };
    let model: FileModel;
    let compact: CompactTree;
    try {
      ({ model, compact } = this.parse(file.rel, text));
    } catch (err) {
      result.notifications.push({
        kind: "analysis-error",
        level: "error",
        path: file.rel,
        message: `${file.rel}: could not be parsed (${(err as Error).message}); the file was skipped. Please report this with the file attached.`,
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
    try {
      result.raw = runPatternRules(model, this.patternRules);
      if (this.fixes && result.raw.length > 0) {
        const byId = new Map(this.patternRules.map((r) => [r.meta.id, r]));
        result.notifications.push(...proposeFixes(model, result.raw, (id) => byId.get(id)));
      }
      if (this.taint) result.taint = this.taint.indexFile(model);
      if (result.taint?.relevant) result.compact = compact;
    } catch (err) {
      result.notifications.push({
        kind: "analysis-error",
        level: "error",
        path: file.rel,
        message: `${file.rel}: analysis failed (${(err as Error).message}); findings for this file may be incomplete.`,
      });
    }
    if (result.raw.length > 0) {
      result.text = text;
      result.comments = model.parsed.comments;
      result.statementSpans = statementSpansFor(model, result.raw);
    }
    return result;
  }
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
