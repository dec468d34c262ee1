/**
 * Taint analysis entry point. Phase 1 (`addFile`) indexes every file cheaply and notes which
 * files can contain flows (they import a web framework, or use local sources when those are
 * enabled); phase 2 (`analyze`) analyses those files, pulling in the project functions they
 * call through summaries.
 */
import { Deadline, INDEX_LIVE_BUDGET, PHASE_BUDGET_MS, PhaseBudgetExceeded } from "../budget.js";
import type { FileModel } from "../model/file-model.js";
import { ScanFailure, timingNote } from "../scan-failure.js";
import type { TaintRule } from "../rule.js";
import type { Notification } from "../types.js";
import { Analyzer } from "./analyzer.js";
import { Knowledge } from "./knowledge.js";
import type { TaintModel } from "./model-types.js";
import { MAX_ANCESTORS, packedCount, ProjectIndex, unpackHead, type IndexEntry, type PackedRecords } from "./project-index.js";
import { isTestPath } from "../test-code.js";
import { mergeRoots, phase2Rounds, planShards, portableState, rootsConflict, rootStates, sameOutcome, type Phase2Result, type RootOutcome, type ShardOutcome, type ShardPlan, type ShardTask } from "./shards.js";
import { definesShapedEntryPoint, isViewBase } from "./endpoints.js";
import { deadKinds } from "./demand.js";
import type { EndpointInfo } from "./frame.js";

export interface TaintOptions {
  /** Also treat command-line arguments, environment variables and console input as sources (at a lower level). */
  includeLocalSources: boolean;
  /** Library mode: parameters of public functions and methods are sources (every file is analysed). */
  includeParameterSources?: boolean;
  /** The taint models: what each framework and library contributes (the built-in ones are `MODELS` in rules/models). */
  models: readonly TaintModel[];
  /** Work units allowed per function before its analysis stops with a notice (default about a second). */
  functionBudget?: number;
  /** Wall-clock budget of one file's analysis (src/budget.ts), a backstop beyond the per-function budget. */
  fileBudgetMs?: number;
  /** Average number of files per phase-2 shard (default SHARD_TARGET; 1 puts every file in a shard of its own). */
  shardTarget?: number;
  /**
   * Analyse views defined in test code (`--tests-as-code`). Without it a view whose file is test code
   * (src/test-code.ts) is a test double, served only by the tests, and phase 2 does not start there.
   */
  testsAsCode?: boolean;
  /**
   * The sink kinds whose constant-only sites the scan uses (`quietWhereConstant` of its pattern rules, see
   * `constantSinkKinds`): a shard's outcome lists only those (`ShardOutcome.sinkConstancy`). Default: every kind.
   */
  constantSinkKinds?: readonly string[];
}

/**
 * A function named as an entry point outside the code (a deployment descriptor's Lambda handler):
 * a view of the models' endpoint spec for `framework`, whatever its parameters are called.
 */
export interface DeclaredEntryPoint {
  /** The file defining it, as in the index records. */
  path: string;
  /** A module-level function of that file. */
  name: string;
  framework: string;
  /** The route template of its input, when the declaration gives one (see `RegisteredRoute.route`). */
  route?: string;
}

/**
 * A template file under a `templates/` folder and the context variables it outputs without HTML
 * escaping; those written `url:name` begin a URL attribute (`href="{{ name }}"`, see `URL_START`).
 */
export interface TemplateFact {
  /** As in the index records (relative to the scan root). */
  path: string;
  unescaped: string[];
}

/** What the scan learnt from files other than Python sources (see `TaintProject.addExternalFacts`). */
export interface ExternalFacts {
  entryPoints: DeclaredEntryPoint[];
  templates: TemplateFact[];
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
  private external: ExternalFacts = { entryPoints: [], templates: [] };
  private externalApplied = false;

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
    return { path: model.path, relevant, entry: ProjectIndex.describe(model, relevant ? this.knowledge.routeTable : undefined, this.knowledge.routeTable.requestNames) };
  }

  /** Entry points named outside the code and the templates views render by name; applied once every record has been added. */
  addExternalFacts(facts: ExternalFacts): void {
    this.external = facts;
    this.endpointMemo = new Map();
  }

  /** Registers the declared entry points as routes of their framework's spec, and the templates (once, after the records). */
  private applyDeclared(): void {
    if (this.externalApplied) return;
    this.externalApplied = true;
    this.index.setTemplates(this.external.templates);
    for (const d of this.external.entryPoints) {
      const fn = this.index.module(d.path)?.functions.get(d.name);
      const spec = this.knowledge.endpoints.findIndex((s) => s.framework === d.framework);
      if (!fn || fn.cls || spec < 0) continue;
      const list = this.index.routes.get(fn.qualified) ?? [];
      list.push({ spec, from: d.path, ...(d.route !== undefined ? { route: d.route } : {}) });
      this.index.routes.set(fn.qualified, list);
    }
  }

  /** Who imports each file (`dependents`), built once for the index as it is (the fix verifier asks once per shard); a new record clears it. */
  private importersMemo?: Map<string, string[]>;

  /**
   * What `detectEndpoint` answered from the syntax, the index and the models alone (see `Analyzer.endpoints`),
   * shared by this project's shards (on saleor the views and helpers of the GraphQL core are analysed in most
   * of them); a new record or new external facts clear it.
   */
  private endpointMemo = new Map<string, EndpointInfo | null>();

  /** Adds a record made by `indexFile` (records must be added in a deterministic order). */
  addRecord(record: TaintFileRecord): void {
    this.importersMemo = undefined;
    this.endpointMemo = new Map();
    this.index.addEntry(record.entry);
    if (record.relevant) this.candidates.push(record.path);
  }

  /**
   * Adds every record of `packed` in order (as `addRecord` would), the modules left serialised in its shared
   * memory until read (see `ProjectIndex.addPacked`): how the scan thread, each phase-2 worker and the fix
   * verifier's re-scans hold the project.
   */
  addPacked(packed: PackedRecords, instead?: ReadonlyMap<string, TaintFileRecord>): void {
    this.importersMemo = undefined;
    this.endpointMemo = new Map();
    this.index.liveBudget = INDEX_LIVE_BUDGET;
    for (let k = 0; k < packedCount(packed); k++) {
      // the record's head only: its module stays serialised until read
      const head = unpackHead(packed, k);
      // `instead`: records that replace packed ones of the same path (the fix verifier's patched files), held as objects
      const other = instead?.get(head.path);
      if (other) {
        this.index.addEntry(other.entry);
        if (other.relevant) this.candidates.push(other.path);
        continue;
      }
      this.index.addPacked(head, packed, k);
      // the path string the index holds, not a copy of it
      if (head.relevant) this.candidates.push(head.path === head.modPath ? head.modPath : head.path);
    }
  }

  /**
   * Phase 2 on this thread: findings per file path. `load` returns a file's model (parsing it again
   * when needed); each shard keeps the models it uses within a memory budget (see `runShard`). `plan`:
   * what `plan(only)` returned, when the caller has it.
   */
  analyze(load: (path: string) => FileModel | null, only?: ReadonlySet<string>, plan: readonly ShardPlan[] = this.plan(only)): Phase2Result {
    const rounds = phase2Rounds(plan);
    let step = rounds.next([]);
    while (!step.done) step = rounds.next(step.value.map((task) => this.runShard(task, load)));
    return this.withHierarchyNotices(step.value);
  }

  /**
   * Phase 2 with the shards of each round handed to `run` (worker threads); the same result as `analyze`.
   * `prepared` is what `plan()` and `hierarchyNotices()` returned for this index (a cached copy), so that an
   * unchanged project need not build its index.
   */
  async analyzeWith(run: (tasks: ShardTask[]) => Promise<ShardOutcome[]>, prepared?: { plan: ShardPlan[]; notices: Notification[] }): Promise<Phase2Result> {
    const rounds = phase2Rounds(prepared?.plan ?? this.plan());
    let step = rounds.next([]);
    while (!step.done) step = rounds.next(await run(step.value));
    return { ...step.value, notifications: [...step.value.notifications, ...(prepared?.notices ?? this.hierarchyNotices())] };
  }

  /**
   * Adds a warning per file whose classes have more than MAX_ANCESTORS bases in their chain (their
   * methods see only the nearest ones). Computed here, over every class, so the notice is the same
   * however the shards were spread over threads.
   */
  private withHierarchyNotices(result: Phase2Result): Phase2Result {
    return { ...result, notifications: [...result.notifications, ...this.hierarchyNotices()] };
  }

  /** The notices of `withHierarchyNotices`: a function of the index alone. */
  hierarchyNotices(): Notification[] {
    const cut = new Map<string, string[]>();
    for (const cls of this.index.classHeads()) {
      if (cls.cut) cut.set(cls.path, [...(cut.get(cls.path) ?? []), cls.qualified]);
    }
    return [...cut].map(([path, names]) => ({
      kind: "analysis-budget",
      level: "warning",
      path,
      message: `${path}: ${names.length === 1 ? `class ${names[0]} has` : `${names.length} classes (the first: ${names[0]}) have`} more than ${MAX_ANCESTORS} base classes in their chain; only the nearest ${MAX_ANCESTORS} are followed, so flows through methods of farther ones may be missed`,
    }));
  }

  /** The files phase 2 analyses, cut into shards (see shards.ts). */
  plan(only?: ReadonlySet<string>): ShardPlan[] {
    this.applyDeclared();
    const paths = new Set(this.candidates);
    // views registered from another file (`add_url_rule`, `path()`) are endpoints wherever they live
    for (const [view, routes] of this.index.routes) {
      const path = this.viewPath(view, routes[0]!.from);
      if (path) paths.add(path);
    }
    // class-based views whose framework base is imported by another project file (`class V(BaseView)`)
    const classViews = this.knowledge.endpoints.filter((s) => s.viewBases || s.viewBasePattern !== undefined);
    // whether an ancestor's name is a framework view base, asked once per name: the same few bases (`object`,
    // `Exception`, a project's own base classes) recur in most hierarchies, each asked of every framework's spec
    const viewBase = new Map<string, boolean>();
    const isView = (name: string): boolean => {
      let known = viewBase.get(name);
      if (known === undefined) viewBase.set(name, (known = classViews.some((s) => isViewBase(s, name))));
      return known;
    };
    for (const cls of this.index.classHeads()) {
      // a framework's own classes (its package scanned as a project) are its implementation, not views
      if (!cls.projectBase || paths.has(cls.path) || this.knowledge.inLibraryModule(cls.qualified)) continue;
      if (cls.ancestors.some(isView)) paths.add(cls.path);
    }
    // a view in test code is a test double (a handler the test client or a test server calls): no
    // deployment serves it, so unless test code is to be treated as code its flows are not looked for.
    // Views of application code that tests register (`app.add_url_rule` in a conftest) stay: their path is the app's.
    if (!this.options.testsAsCode && !this.options.includeParameterSources) for (const path of paths) if (isTestPath(path)) paths.delete(path);
    // the fix verifier's re-scan analyses only the files that can see its change
    if (only) for (const path of paths) if (!only.has(path)) paths.delete(path);
    return planShards([...paths].sort(), this.options.shardTarget);
  }

  /**
   * Analyses one shard from scratch (its own Analyzer), starting from the shared state of the task.
   * The models it loads are kept while their total source size stays under `modelBudget` characters;
   * beyond that the least recently used are dropped (and loaded again if needed).
   */
  runShard(task: ShardTask, load: (path: string) => FileModel | null, modelBudget = SHARD_MODEL_BUDGET, roots = false): ShardOutcome {
    // between shards: the index modules earlier shards read from packed records go beyond the budget, with what the
    // index remembered about them (`endpointMemo` stays: it holds what the syntax and the models say, no index objects)
    this.index.trim(INDEX_LIVE_BUDGET);
    this.applyDeclared();
    this.pruneDeadKinds();
    this.index.pinned = true;
    try {
      return this.runPinned(task, load, modelBudget, roots);
    } finally {
      this.index.pinned = false;
    }
  }

  private runPinned(task: ShardTask, load: (path: string) => FileModel | null, modelBudget: number, roots: boolean): ShardOutcome {
    const models = new ModelLru(load, modelBudget);
    const analyzer = new Analyzer(this.knowledge, this.index, this.rules, (p) => models.get(p), this.options.functionBudget, task.state, this.options.includeParameterSources === true, this.endpointMemo);
    // each root's outcome kept apart (`ShardOutcome.roots`): only in a first round, whose analyses start from no shared state
    const capture = roots && task.round === 1 && !task.state;
    if (capture) analyzer.captureRoots();
    const notifications: Notification[] = [];
    const pass = () => {
      for (const path of task.shard.paths) {
        if (analyzer.upToDate(path)) continue;
        const model = models.get(path);
        if (!model) continue;
        analyzer.beginRoot(path);
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
        } finally {
          analyzer.endRoot();
        }
      }
    };
    pass();
    // a partial rescan's roots make the second pass the whole shard made (see `ShardTask.secondPass`)
    const secondPass = analyzer.globalsTainted || task.secondPass === true;
    // request data stored in a module global by one function is read by others: once more with it known,
    // for the functions that read what changed (the others' summaries are kept, so their files cost little)
    if (secondPass) {
      analyzer.forgetReaders();
      notifications.length = 0;
      pass();
    }
    const outcome: ShardOutcome = {
      shard: task.shard.index,
      round: task.round,
      findings: [...analyzer.result()],
      responses: analyzer.responseUses(),
      sinkConstancy: this.keptConstancy(analyzer.sinkConstancyEntries()),
      notifications: [...analyzer.notifications, ...notifications],
      state: portableState(analyzer.sharedState()),
      reads: [...analyzer.reads].sort(),
      loaded: [...analyzer.loaded].sort(),
    };
    // kept apart only when nothing passed between roots but summaries (whose effects each root's outcome includes): no
    // failure, and nothing of the shared state one root wrote written or read by another (`rootsIndependent`, which
    // also makes a second pass each writer's own business); and the roots must merge to the shard's outcome
    let shared: string | undefined;
    if (capture && notifications.length === 0) {
      const kept = analyzer.rootOutcomes((entries) => this.keptConstancy(entries));
      shared = rootsConflict(kept);
      if (shared === undefined) {
        rootStates(kept, outcome.state);
        for (const r of kept) r.secondPass = secondPass;
        if (sameOutcome(mergeRoots(task, kept), outcome)) {
          outcome.roots = kept;
          // what a later scan needs to print, there, the summaries an edit may leave the same (taint/prints.ts)
          const { bases, texts } = analyzer.summaryBases(sharedSummaries(kept));
          if (bases.length > 0) {
            outcome.bases = bases;
            outcome.texts = texts;
          }
        }
      }
    }
    if (capture) timingNote(`phase 2 shard ${task.shard.index} (${task.shard.paths.length} file(s)): roots ${outcome.roots ? `kept apart (${outcome.roots.filter((r) => r.dependent).length} met recursion or a limit; ${outcome.roots.filter((r) => r.writes.length > 0).length} wrote shared state; ${secondPass ? `second pass, ${outcome.roots.filter((r) => r.again).length} analysed again; ` : ""}${models.reloads} model load(s) again)` : `not kept apart (${notifications.length > 0 ? "analysis error" : shared ? `${secondPass ? "second pass; " : ""}shared state: ${shared}` : "merged roots differ from the shard"})`}`);
    return outcome;
  }

  /**
   * The prints (taint/prints.ts) of summaries of outermost definitions for the texts `load` gives, computed in a fresh
   * analyser as a shard's first round would (no shared state, an endpoint memo of its own: `load` may give a text other
   * than the scan's): `asked` by `path\0ordinal\0suffix`, each with the definition's start and its constant
   * arguments; `writes`, the shared state the shard's roots wrote.
   */
  verifyPrints(asked: readonly { key: string; start: number; spec?: Uint8Array }[], load: (path: string) => FileModel | null, writes: ReadonlySet<string>): Map<string, { print: string; local: boolean; reads: string[] } | undefined> {
    this.index.trim(INDEX_LIVE_BUDGET);
    this.applyDeclared();
    this.pruneDeadKinds();
    this.index.pinned = true;
    try {
      const models = new ModelLru(load, SHARD_MODEL_BUDGET);
      const analyzer = new Analyzer(this.knowledge, this.index, this.rules, (p) => models.get(p), this.options.functionBudget, undefined, this.options.includeParameterSources === true, new Map());
      return analyzer.printsFor(asked, { writes, keep: (entries) => this.keptConstancy(entries) });
    } finally {
      this.index.pinned = false;
    }
  }

  private constancyKinds?: ReadonlySet<string>;


  /**
   * The entries of `sinkConstancy` whose kind the scan uses. Every evaluated sink site has one (on a tree of
   * 22,000 small Flask modules about 200,000, some 110 bytes each), and the scan thread holds every shard's
   * outcome until phase 2 ends; only the kinds a pattern rule gives way on (`quietWhereConstant`) are ever read.
   */
  private keptConstancy(entries: [string, boolean][]): [string, boolean][] {
    const wanted = this.options.constantSinkKinds;
    if (!wanted) return entries;
    const kinds = (this.constancyKinds ??= new Set(wanted));
    return entries.filter(([key]) => {
      const from = key.indexOf("\0") + 1;
      return kinds.has(key.slice(from, key.indexOf("\0", from)));
    });
  }

  /** The index's roots when the dead kinds were last derived (they only grow: see `ProjectIndex.roots`). */
  private deadFor = -1;

  /** Sources of kinds no sink of the project can have are dropped (src/taint/demand.ts); derived again whenever the index grew. */
  private pruneDeadKinds(): void {
    if (this.deadFor === this.index.rootsVersion) return;
    this.deadFor = this.index.rootsVersion;
    this.knowledge.deadKinds = deadKinds(this.options.models, this.knowledge, this.index.roots(), new Set(this.external.entryPoints.map((e) => e.framework)));
  }

  /** The kinds whose sources phase 2 drops (for statistics and tests). */
  deadKindNames(): string[] {
    this.pruneDeadKinds();
    return this.knowledge.kindsOf(this.knowledge.deadKinds);
  }

  /**
   * The files whose data-flow findings can change when `changed` change: those files, the files
   * importing them (transitively), and the views whose routes they register.
   */
  dependents(changed: Iterable<string>): Set<string> {
    this.applyDeclared();
    const importers = this.importers();
    const out = new Set<string>();
    const queue = [...changed];
    while (queue.length > 0) {
      const path = queue.pop()!;
      if (out.has(path)) continue;
      out.add(path);
      queue.push(...(importers.get(path) ?? []));
      for (const [view, routes] of this.index.routes) {
        if (!routes.some((r) => r.from === path)) continue;
        const target = this.viewPath(view, routes[0]!.from);
        if (target) queue.push(target);
      }
    }
    return out;
  }

  /** Who imports each file at module level (built once for the index as it is). */
  private importers(): Map<string, string[]> {
    if (this.importersMemo) return this.importersMemo;
    const importers = new Map<string, string[]>();
    for (const path of this.index.paths()) {
      for (const target of this.index.importedPaths(path)) {
        const list = importers.get(target) ?? [];
        list.push(path);
        importers.set(target, list);
      }
    }
    return (this.importersMemo = importers);
  }

  /**
   * Of `paths`, those no other project file imports at module level. Once the shard analysing them is done, a
   * later shard loads such a file only in the rare case that a call resolves into it without an import, so a
   * thread running shards need not keep its compact tree (it would be parsed again then; the findings do not change).
   */
  unimported(paths: readonly string[]): string[] {
    const importers = this.importers();
    return paths.filter((p) => !(importers.get(p) ?? []).some((q) => q !== p));
  }

  /**
   * The files a shard analysing `paths` will likely load, most likely first: the modules they import, then
   * what those import, and so on (breadth first, `paths` themselves excluded), at most `limit` of them. A guess
   * for loading ahead (see phase2.ts): the analysis loads only what calls resolve into, whatever this says.
   */
  likelyLoads(paths: readonly string[], limit: number): string[] {
    this.applyDeclared();
    const own = new Set(paths);
    const seen = new Set(paths);
    const out: string[] = [];
    let layer = [...paths];
    while (layer.length > 0 && out.length < limit) {
      const next: string[] = [];
      for (const path of layer) {
        for (const target of this.index.importedPaths(path)) {
          if (seen.has(target)) continue;
          seen.add(target);
          next.push(target);
          if (!own.has(target)) out.push(target);
        }
      }
      layer = next;
    }
    return out.slice(0, limit);
  }

  /** Every module some project file imports at module level (qualified names), for fixes that must know the project's libraries. */
  importedModules(): Set<string> {
    return this.index.importedModules();
  }

  private viewPath(view: string, from: string): string | undefined {
    const r = this.index.resolve(view, from);
    if (r?.kind === "function") return r.fn.path;
    if (r?.kind === "class" || r?.kind === "method") return r.cls.path;
    return undefined;
  }

  private isRelevant(model: FileModel): boolean {
    // in library mode every module can hold a flow from a public function's parameters
    if (this.options.includeParameterSources) return true;
    const k = this.knowledge;
    const matches = (name: string, prefix: string) => name === prefix || name.startsWith(`${prefix}.`);
    for (const imp of model.imports) {
      if (k.triggers.some((t) => matches(imp.qualified, t) || matches(imp.imported, t))) return true;
    }
    for (const t of k.mentionTriggers) {
      // the library's own modules (the standard library's `asyncio` package, scanned as a project) implement it
      if (matches(model.moduleName, t.root)) continue;
      if (model.imports.some((imp) => matches(imp.qualified, t.qualified) || imp.qualified === t.module) && model.src.text.includes(t.name)) return true;
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

/**
 * Source characters of the models a shard keeps at once (a model takes about 37 bytes per character, so
 * about 37 MB of trees). A quarter of the earlier 2 M saved only about 10 MB of peak RSS on the standard library
 * (the analyzer's values keep alive the trees they point into) for about 20 % more CPU time building models again;
 * half of it (session 15) took saleor's peak RSS from 595/601 to 554/550 MB at 1.03/1.00x the user CPU, the
 * stdlib's from 379/370 to 369/365 MB at 1.07/0.94x (two alternating pairs each against a20d17b, load ~10).
 */
export const SHARD_MODEL_BUDGET = 1_000_000;

/** The sink kinds on which some of `rules` give way where the data is constant (`TaintOptions.constantSinkKinds`). */
export function constantSinkKinds(rules: readonly object[]): string[] {
  const kinds = rules.map((r) => ("quietWhereConstant" in r && typeof r.quietWhereConstant === "string" ? r.quietWhereConstant : undefined)).filter((k): k is string => k !== undefined);
  return [...new Set(kinds)].sort();
}

/** Recently used models, dropped beyond a total source size (the order of use is the shard's own, so this is deterministic). */
export class ModelLru {
  private readonly models = new Map<string, FileModel | null>();
  /** Files loaded so far, and how many loads were of a file dropped before (see `runPinned`). */
  private readonly seen = new Set<string>();
  reloads = 0;
  private size = 0;

  constructor(
    private readonly load: (path: string) => FileModel | null,
    private readonly budget: number,
  ) {}

  get(path: string): FileModel | null {
    const have = this.models.get(path);
    if (have !== undefined) {
      this.models.delete(path);
      this.models.set(path, have);
      return have;
    }
    const model = this.load(path);
    if (this.seen.has(path)) this.reloads++;
    else this.seen.add(path);
    this.models.set(path, model);
    this.size += model?.src.text.length ?? 0;
    for (const [p, m] of this.models) {
      if (this.size <= this.budget || p === path) break;
      this.models.delete(p);
      this.size -= m?.src.text.length ?? 0;
    }
    return model;
  }
}

/**
 * The summaries of other files' definitions that two roots or more read only through them (`RootOutcome.via`, as
 * `path\0ordinal\0suffix`): the ones worth printing (an edit of a definition one root read costs that root alone), so
 * that the cold scan prints a few summaries, not every one.
 */
function sharedSummaries(roots: readonly RootOutcome[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const r of roots) {
    for (const [path, ordinal, suffixes] of r.via ?? []) {
      for (const suffix of suffixes) {
        const id = `${path}\0${ordinal}\0${suffix}`;
        if (seen.has(id)) shared.add(id);
        else seen.add(id);
      }
    }
  }
  return shared;
}
