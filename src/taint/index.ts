/**
 * Taint analysis entry point. Phase 1 (`addFile`) indexes every file cheaply and notes which
 * files can contain flows (they import a web framework, or use local sources when those are
 * enabled); phase 2 (`analyze`) analyses those files, pulling in the project functions they
 * call through summaries.
 */
import { Deadline, PHASE_BUDGET_MS, PhaseBudgetExceeded } from "../budget.js";
import { ScanFailure } from "../scan-failure.js";
import type { FileModel } from "../model/file-model.js";
import type { TaintRule } from "../rule.js";
import type { Notification, RawFinding } from "../types.js";
import { Analyzer } from "./analyzer.js";
import { Knowledge } from "./knowledge.js";
import type { TaintModel } from "./model-types.js";
import { MAX_ANCESTORS, ProjectIndex, type IndexEntry } from "./project-index.js";
import { definesShapedEntryPoint } from "./endpoints.js";

export interface TaintOptions {
  /** Also treat command-line arguments, environment variables and console input as sources (at a lower level). */
  includeLocalSources: boolean;
  /** The taint models: what each framework and library contributes (the built-in ones are `MODELS` in rules/models). */
  models: readonly TaintModel[];
  /** Work units allowed per function before its analysis stops with a notice (default about a second). */
  functionBudget?: number;
  /** Wall-clock budget of one file's analysis (src/budget.ts), a backstop beyond the per-function budget. */
  fileBudgetMs?: number;
}

/** One file's phase-1 result (see `TaintProject.indexFile`). */
export interface TaintFileRecord {
  path: string;
  /** Whether the file can contain flows and is analysed in phase 2. */
  relevant: boolean;
  entry: IndexEntry;
}

/** The taint analysis of one scan: phase 1 per file, phase 2 over the files that can contain flows. */
export class TaintProject {
  private readonly knowledge: Knowledge;
  private readonly index = new ProjectIndex();
  private readonly candidates: string[] = [];

  constructor(
    readonly rules: readonly TaintRule[],
    readonly options: TaintOptions,
  ) {
    this.knowledge = new Knowledge(options.models, options.includeLocalSources);
  }

  /** Phase 1: sees every file once; keeps only its index entry. */
  addFile(model: FileModel): void {
    this.addRecord(this.indexFile(model));
  }

  /** Phase 1 without side effects: the file's index record, plain data a worker thread can send back. */
  indexFile(model: FileModel): TaintFileRecord {
    const relevant = this.isRelevant(model);
    return { path: model.path, relevant, entry: ProjectIndex.describe(model, relevant ? this.knowledge.routeTable : undefined) };
  }

  /** Adds a record made by `indexFile` (records must be added in a deterministic order). */
  addRecord(record: TaintFileRecord): void {
    this.index.addEntry(record.entry);
    if (record.relevant) this.candidates.push(record.path);
  }

  /** Phase 2: findings per file path; `load` re-parses a file when the analysis needs it again. */
  analyze(load: (path: string) => FileModel | null): {
    findings: Map<string, RawFinding[]>;
    notifications: Notification[];
    constantSinks: Map<string, Set<string>>;
    /** Files whose analysis failed or ran out of its budget (each has an `analysis-error` notification). */
    failedFiles: number;
  } {
    const analyzer = new Analyzer(this.knowledge, this.index, this.rules, load, this.options.functionBudget);
    const paths = new Set(this.candidates);
    // views registered from another file (`add_url_rule`, `path()`) are endpoints wherever they live
    for (const [view, routes] of this.index.routes) {
      const r = this.index.resolve(view, routes[0]!.from);
      if (r?.kind === "function") paths.add(r.fn.path);
      else if (r?.kind === "class" || r?.kind === "method") paths.add(r.cls.path);
    }
    // class-based views whose framework base is imported by another project file (`class V(BaseView)`)
    const bases = this.knowledge.endpoints.flatMap((s) => s.viewBases ?? []);
    for (const cls of this.index.classesWithProjectBases()) {
      if (paths.has(cls.path)) continue;
      if (this.index.ancestors(cls).some((a) => bases.some((b) => a === b || a.startsWith(`${b}.`)))) paths.add(cls.path);
    }
    const notifications: Notification[] = [];
    const pass = () => {
      for (const path of [...paths].sort()) {
        const model = load(path);
        if (!model) continue;
        try {
          analyzer.analyzeFile(model, new Deadline(this.options.fileBudgetMs ?? PHASE_BUDGET_MS));
        } catch (err) {
          // running out of memory ends the scan (src/scan-failure.ts); anything else costs one file
          if (err instanceof ScanFailure) throw err;
          if (err instanceof PhaseBudgetExceeded) {
            notifications.push({
              kind: "analysis-error",
              level: "error",
              path,
              message: `${path}: ${err.message}; the functions analysed before it ran out keep their findings, so data-flow findings in this file may be missing. Such a file is pathological or generated: exclude it with --exclude after checking it, and please report it.`,
            });
            continue;
          }
          notifications.push({
            kind: "analysis-error",
            level: "error",
            path,
            message: `${path}: the taint analysis failed (${(err as Error).message}); data-flow findings involving this file may be missing. Please report this with the file attached.`,
          });
        }
      }
    };
    pass();
    // request data stored in a module global by one function is read by others: once more with it known
    if (analyzer.globalsTainted) {
      analyzer.startOver();
      notifications.length = 0;
      pass();
    }
    const cut = new Map<string, string[]>();
    for (const cls of this.index.truncated) cut.set(cls.path, [...(cut.get(cls.path) ?? []), cls.qualified]);
    for (const [path, names] of cut) {
      const which = names.length === 1 ? `class ${names[0]} has` : `${names.length} classes (the first: ${names[0]}) have`;
      notifications.push({
        kind: "analysis-budget",
        level: "warning",
        path,
        message: `${path}: ${which} more than ${MAX_ANCESTORS} base classes in their chain; only the nearest ${MAX_ANCESTORS} are followed, so flows through methods of farther ones may be missed`,
      });
    }
    const failedFiles = notifications.filter((n) => n.kind === "analysis-error").length;
    return { findings: analyzer.result(), notifications: [...analyzer.notifications, ...notifications], constantSinks: analyzer.constantSinks(), failedFiles };
  }

  private isRelevant(model: FileModel): boolean {
    const k = this.knowledge;
    const matches = (name: string, prefix: string) => name === prefix || name.startsWith(`${prefix}.`);
    for (const imp of model.imports) {
      if (k.triggers.some((t) => matches(imp.qualified, t) || matches(imp.imported, t))) return true;
    }
    if (definesShapedEntryPoint(model, k.endpoints)) return true;
    if (!this.options.includeLocalSources) return false;
    for (const name of k.localSourceNames) {
      if (name.startsWith("builtins.")) {
        if (model.src.text.includes(`${name.slice("builtins.".length)}(`)) return true;
        continue;
      }
      const mod = name.split(".")[0]!;
      if (model.imports.some((i) => matches(i.qualified, mod) || matches(i.imported, mod))) return true;
    }
    return false;
  }
}
