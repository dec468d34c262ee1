/**
 * Phase 1 for one file — read, parse, model, pattern rules, taint index record — as plain data, so
 * it can run on the main thread or in a worker thread with identical results.
 */
import { performance } from "node:perf_hooks";
import type { DiscoveredFile } from "./discover.js";
import { runPatternRules } from "./engine.js";
import { FileModel } from "./model/file-model.js";
import type { PyNode } from "./parse/ast.js";
import type { PythonParser } from "./parse/parser.js";
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
  /** 1-based statement start line of each raw finding. */
  statementLines: number[];
  notifications: Notification[];
  parseMs: number;
  taint?: TaintFileRecord;
}

export class FileAnalyzer {
  parseMs = 0;
  constructor(
    private readonly parser: PythonParser,
    private readonly patternRules: readonly PatternRule[],
    private readonly taint: TaintProject | undefined,
  ) {}

  /** Parses text into a model, counting parse time. */
  model(rel: string, text: string): FileModel {
    const t0 = performance.now();
    const parsed = this.parser.parse(text);
    this.parseMs += performance.now() - t0;
    return new FileModel(parsed, rel);
  }

  analyze(file: DiscoveredFile): FileResult {
    const before = this.parseMs;
    const result: FileResult = { rel: file.rel, abs: file.abs, raw: [], statementLines: [], notifications: [], parseMs: 0 };
    const read = readSource(file);
    result.notifications.push(...read.notifications);
    if (read.text === null) return result;
    const text = read.text;
    let model: FileModel;
    try {
      model = this.model(file.rel, text);
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
    if (model.parsed.errorCount > 0) {
      const first = model.parsed.errorLines[0]! + 1;
      result.notifications.push({
        kind: "syntax-error",
        level: "warning",
        path: file.rel,
        line: first,
        message: `${file.rel}:${first}: syntax error${model.parsed.errorCount > 1 ? ` (and ${model.parsed.errorCount - 1} more)` : ""}; the rest of the file was still analysed. Check that the file is valid Python 3.`,
      });
    }
    try {
      result.raw = runPatternRules(model, this.patternRules);
      if (this.taint) result.taint = this.taint.indexFile(model);
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
      result.statementLines = statementLinesFor(model, result.raw);
    }
    return result;
  }
}

/** Finds the statement around each raw finding's start, for suppressions and triage context. */
export function statementLinesFor(model: FileModel, raws: RawFinding[]): number[] {
  return raws.map((r) => {
    const offset = model.src.lineStart(r.region.startLine - 1) + r.region.startColumn - 1;
    return model.statementOf(deepestAt(model.root, offset)).line + 1;
  });
}

function deepestAt(root: PyNode, offset: number): PyNode {
  let node = root;
  for (;;) {
    const next = node.children.find((c) => c.start <= offset && offset < c.end);
    if (!next) return node;
    node = next;
  }
}
