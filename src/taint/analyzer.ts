/**
 * Phase 2 of the taint analysis: analyses the module body and every function of the files that
 * can contain flows, computing function summaries on demand (across files, through `load`),
 * and collects one finding per rule and sink with the shortest trace.
 */
import { PhaseBudgetExceeded, type Deadline } from "../budget.js";
import type { FileModel } from "../model/file-model.js";
import { regionOf, unparen, walk, type PyNode } from "../parse/ast.js";
import { NONE } from "../model/values.js";
import type { TaintRule } from "../rule.js";
import { isTestPath } from "../test-code.js";
import type { ResponseObjectSpec } from "./model-types.js";
import { contentTypeNotHtml } from "./responses.js";
import type { FlowStep, Level, Notification, RawFinding } from "../types.js";
import { detectEndpoint, importsAny, isViewClass } from "./endpoints.js";
import { BudgetExceeded, Frame, FUNCTION_BUDGET, type AnalysisHost, type EndpointInfo } from "./frame.js";
import type { Knowledge } from "./knowledge.js";
import { CLEAN, concatTrace, extendTrace, paramLabel, refine, sourceLabel, sourcesOnly, traceSteps, type Label, type SourceInfo } from "./labels.js";
import { defaultValues, paramNodes, type ParamNode } from "./params.js";
import type { FunctionRef, ProjectIndex } from "./project-index.js";
import type { SelfAttrSpec } from "./model-types.js";
import { evalExpr } from "./expressions.js";
import { execBody } from "./statements.js";
import { orderedFindings, replacesKept, stateKey, type ResponseUse, type RootOutcome, type SharedState } from "./shards.js";
import type { SinkHit, SinkSite, Summary } from "./summary.js";
import { CLEAN_VAL, constVal, flat, isClean, join, knownCallable, mapTaint, restrictVal, sameVal, tainted, type Val } from "./value.js";
import { LAYOUT_HOLDERS, modelParts, outermostDef, type FileParts } from "../model/parts.js";
import { deserialize, serialize } from "node:v8";
import { summaryPrint, type DefinitionText, type PrintContext, type PrintedFile, type SummaryBasis } from "./prints.js";

/** Summaries computed in a chain before further calls are treated conservatively (deep recursion guard). */
const MAX_PENDING = 40;
/** Constant-argument specialisations kept per function. */
const MAX_SPECIALISATIONS = 8;

interface Kept {
  finding: RawFinding;
  length: number;
  /** From a library-mode parameter source: any request or local source at the same sink wins over it. */
  parameter: boolean;
}

const LEVEL_RANK: Record<Level, number> = { error: 3, warning: 2, note: 1 };

/** Runs phase 2: function analyses on demand, summaries, and the findings they produce. */
export class Analyzer implements AnalysisHost {
  private readonly findings = new Map<string, Map<string, Kept>>();
  readonly notifications: Notification[] = [];
  private readonly summaries = new Map<string, Summary | null>();
  private readonly specialisations = new Map<string, number>();
  private readonly moduleEnvs = new Map<string, Map<string, Val> | null>();
  /** Values functions assigned to module globals, per file and name. */
  private readonly globals = new Map<string, Map<string, Val>>();
  /** Request data methods stored on `self`, per class and attribute (visible to the instance's other methods). */
  private readonly instanceState = new Map<string, Map<string, Val>>();
  /** Request data stored in request-scoped namespaces (`flask.g`), per type and attribute. */
  private readonly requestScoped = new Map<string, Map<string, Val>>();
  /** A tainted value was assigned to a module global or stored on an instance: readers need another pass. */
  globalsTainted = false;
  /** Keys of the shared state this analysis read (see shards.ts), so a later round knows whether to run it again. */
  readonly reads = new Set<string>();
  /**
   * The shared-state keys each summary read, its callees' included, each with the moment (`clock`) of its
   * earliest read (see `forgetReaders`).
   */
  private readonly summaryReads = new Map<string, Map<string, number>>();
  /** The read sets of the summaries being computed, innermost last. */
  private readonly readStack: Map<string, number>[] = [];
  /** Keys of the shared state whose value changed since the last `forgetReaders`, with the moment of the last change. */
  private readonly changed = new Map<string, number>();
  /** Counts reads and changes of the shared state, so that a read can be placed before or after a change. */
  private clock = 0;
  /** The definitions (offsets) of each file `analyzeFile` ran on. */
  private readonly fileDefs = new Map<string, number[]>();
  private readonly importLists = new Map<string, string[]>();
  /** Definitions per loaded model (models may be loaded again after the loader dropped them). */
  private readonly defs = new WeakMap<FileModel, Map<number, { node: PyNode; cls?: string }>>();
  /** The files whose models were asked for. */
  readonly loaded = new Set<string>();
  /** Responses built by sinks whose content type may change later, by allocation site: how views returned them. */
  private readonly responses = new Map<string, { site: SinkSite; spec: ResponseObjectSpec; html: number; other: number }>();
  /** Per sink site, whether its dangerous arguments were constants in every evaluation so far. */
  private readonly sinkConstancy = new Map<string, boolean>();
  /** Modelled library types each project class inherits. */
  private readonly inherited = new Map<string, readonly string[]>();
  private readonly siblingAttrs = new Map<string, readonly SelfAttrSpec[] | undefined>();
  /** The enclosing scope of each nested function as it was defined (`path:offset` → environment). */
  private readonly closures = new Map<string, ReadonlyMap<string, Val>>();
  private pending = 0;
  /** Per-root capture (see `EffectFrame`), when asked for: the frames being filled, innermost last. */
  private capture?: EffectFrame[];
  /** The frame each summary and module environment left (memo hits include it in the asker's). */
  private readonly frameOf = new Map<string, EffectFrame>();
  /** The constant arguments each specialised summary of an outermost definition was computed for (see `summaryBases`). */
  private readonly specOf = new Map<string, Map<number, Val>>();
  /** Summaries a second pass forgot (computed twice: their roots may have seen either). */
  private readonly forgotten = new Set<string>();
  /** Nested functions' closure keys that got more than one environment (the first is kept: order decides). */
  private readonly closureConflicts = new Set<string>();
  /**
   * What `detectEndpoint` answered (null: not a view) for definitions it judged without asking for a module value
   * or a summary (`path:start:class:nested`): that answer depends on the syntax, the index and the models alone,
   * all fixed while a project's shards run, so the analyses that follow (specialisations, the second pass, and the
   * project's later shards, which are handed the same map) need not ask again.
   */
  private readonly endpoints: Map<string, EndpointInfo | null>;

  constructor(
    readonly knowledge: Knowledge,
    readonly index: ProjectIndex,
    private readonly rules: readonly TaintRule[],
    /** Loads a file's model; called for every use, so it should keep recently used models. */
    private readonly load: (path: string) => FileModel | null,
    readonly budget: number = FUNCTION_BUDGET,
    /** What earlier rounds left in module globals, instances and request-scoped namespaces. */
    shared?: SharedState,
    /** Library mode: parameters of public functions are sources. */
    private readonly parameterSources = false,
    /** `detectEndpoint`'s answers shared by the shards of one project (see `endpoints`); this analysis's own when not given. */
    endpoints?: Map<string, EndpointInfo | null>,
  ) {
    this.endpoints = endpoints ?? new Map();
    if (shared) {
      for (const [own, from] of [[this.globals, shared.globals], [this.instanceState, shared.instances], [this.requestScoped, shared.requests]] as const) {
        for (const [k, inner] of from) own.set(k, new Map(inner));
      }
    }
  }

  /** The shared state now: what it started from plus this analysis's writes (live values). */
  sharedState(): SharedState {
    return { globals: this.globals, instances: this.instanceState, requests: this.requestScoped };
  }

  /** Analyses one file: its module body and each of its functions. */
  /** Stops with PhaseBudgetExceeded between functions once `deadline` passes. */
  analyzeFile(model: FileModel, deadline?: Deadline): void {
    this.loaded.add(model.path);
    this.top()?.loaded.add(model.path);
    this.use(model);
    this.moduleEnv(model);
    const defs = this.definitions(model);
    this.fileDefs.set(model.path, [...defs.keys()]);
    for (const [start, def] of defs) {
      if (deadline?.passed()) throw new PhaseBudgetExceeded("data-flow analysis", deadline.ms);
      this.summaryOf(model, start, def.node, def.cls, undefined);
    }
  }

  /** Whether `analyzeFile` ran on this file and every summary it computed is still known (running it again would change nothing). */
  upToDate(path: string): boolean {
    const starts = this.fileDefs.get(path);
    return starts !== undefined && starts.every((start) => this.summaries.get(`${path}:${start}`));
  }

  /**
   * Findings per file, in a stable order — before response bodies are withdrawn: whether every view
   * returned a response with a non-HTML content type is known only once all shards ran (see
   * `responseUses` and shards.ts).
   */
  result(): Map<string, RawFinding[]> {
    return new Map(orderedFindings([...this.findings].map(([path, kept]): [string, RawFinding[]] => [path, [...kept.values()].map((k) => k.finding)])));
  }

  /** For each response object created at a sink: its sink, and whether views returned it as HTML, as something else. */
  responseUses(): ResponseUse[] {
    return [...this.responses].map(([oid, r]) => ({ oid, site: r.site, html: r.html > 0, other: r.other > 0 }));
  }

  /** Per sink site (`path\0kind\0line:column`), whether its dangerous arguments were constants in every evaluation. */
  sinkConstancyEntries(): [string, boolean][] {
    return [...this.sinkConstancy];
  }

  // ---- AnalysisHost ------------------------------------------------------------------------

  importsOf(model: FileModel): readonly string[] {
    let list = this.importLists.get(model.path);
    if (!list) {
      list = [...new Set(model.imports.flatMap((i) => [i.qualified, i.imported]))];
      this.importLists.set(model.path, list);
    }
    return list;
  }

  moduleValue(model: FileModel, name: string): Val | undefined {
    const v = this.moduleEnv(model)?.get(name);
    this.read(stateKey("globals", model.path, name));
    const w = this.globals.get(model.path)?.get(name);
    return v && w ? join(v, w) : v ?? w;
  }

  recordGlobal(model: FileModel, name: string, v: Val): void {
    this.top()?.writes.add(stateKey("globals", model.path, name));
    let byName = this.globals.get(model.path);
    if (!byName) {
      byName = new Map();
      this.globals.set(model.path, byName);
    }
    const old = byName.get(name);
    const next = old ? join(old, v) : v;
    byName.set(name, next);
    if (old && sameVal(old, next)) return;
    this.changed.set(stateKey("globals", model.path, name), ++this.clock);
    if (!isClean(next)) this.tainted();
  }

  recordRequestState(type: string, attr: string, v: Val): void {
    this.top()?.writes.add(stateKey("requests", type));
    let byAttr = this.requestScoped.get(type);
    if (!byAttr) {
      byAttr = new Map();
      this.requestScoped.set(type, byAttr);
    }
    const old = byAttr.get(attr);
    const next = old ? join(old, v) : v;
    byAttr.set(attr, next);
    if (old && sameVal(old, next)) return;
    this.changed.set(stateKey("requests", type), ++this.clock);
    this.tainted();
  }

  requestState(type: string): ReadonlyMap<string, Val> | undefined {
    this.read(stateKey("requests", type));
    return this.requestScoped.get(type);
  }

  /**
   * Forgets the summaries that read (themselves or through their callees) a module global, instance
   * attribute or request-scoped value before its last change since the previous call, so that a second
   * pass over the files computes just those again with every write known. Findings and writes are kept;
   * summaries that read none of the changed state, or read it only after its last change (they saw the
   * value a second pass would give them, and so did every callee whose reads they carry: a callee's
   * earlier read counts as theirs), would come out the same and are kept too.
   */
  forgetReaders(): void {
    for (const [key, reads] of this.summaryReads) {
      if (!readBeforeChange(this.changed, reads)) continue;
      this.summaryReads.delete(key);
      this.summaries.delete(key);
      this.forgotten.add(key);
      const bar = key.indexOf("|");
      if (bar >= 0) {
        const base = key.slice(0, bar);
        this.specialisations.set(base, (this.specialisations.get(base) ?? 1) - 1);
      }
    }
    this.changed.clear();
    this.globalsTainted = false;
  }

  summary(ref: FunctionRef, specialise?: Map<number, Val>): Summary | undefined {
    // a summary computed before needs no model: the callee's file may have left the shard's model cache
    const key = summaryKey(ref.path, ref.start, specialise);
    if (this.summaries.has(key)) {
      this.loaded.add(ref.path);
      const top = this.top();
      if (top) {
        top.loaded.add(ref.path);
        if (specialise) top.specs.add(key);
      }
      return this.known(key);
    }
    const model = this.modelOf(ref.path);
    if (!model) return undefined;
    const def = this.definitions(model).get(ref.start);
    if (!def) return undefined;
    return this.summaryOf(model, ref.start, def.node, ref.cls ?? def.cls, specialise);
  }

  endpoint(model: FileModel, fn: PyNode, cls: string | undefined, closure?: ReadonlyMap<string, Val>): EndpointInfo | undefined {
    this.use(model, fn);
    const nested = closure !== undefined || enclosingDef(fn) !== null;
    const key = `${model.path}:${fn.start}:${cls ?? ""}:${nested ? 1 : 0}`;
    const known = this.endpoints.get(key);
    if (known !== undefined) return known ?? undefined;
    let consulted = false;
    const info = detectEndpoint(
      {
        knowledge: this.knowledge,
        index: this.index,
        model,
        imports: this.importsOf(model),
        // the `app` of `@app.route`: a local of the enclosing function (`create_app`), else a module global
        moduleType: (name) => {
          consulted = true;
          return closure?.has(name) ? closure.get(name)?.type : this.moduleValue(model, name)?.type;
        },
        summary: (ref) => {
          consulted = true;
          return this.summary(ref);
        },
      },
      fn,
      cls,
      nested,
    );
    if (!consulted) this.endpoints.set(key, info ?? null);
    return info;
  }

  inheritedTypes(cls: string): readonly string[] {
    let out = this.inherited.get(cls);
    if (!out) {
      const info = this.index.classInfo(cls);
      // the framework's own classes (its module scanned as a project) get nothing from their bases
      out = info && !this.knowledge.inLibraryModule(cls) ? [...new Set(this.index.ancestors(info).flatMap((b) => this.knowledge.classType(b)?.type ?? []))] : [];
      this.inherited.set(cls, out);
    }
    return out;
  }

  defined(model: FileModel, def: PyNode, env: ReadonlyMap<string, Val>): void {
    const key = `${model.path}:${def.start}`;
    const have = this.closures.get(key);
    if (!have) this.closures.set(key, env);
    else if (have !== env && this.capture) this.closureConflicts.add(key);
  }

  responseCreated(oid: string, site: SinkSite, spec: ResponseObjectSpec): void {
    if (!this.responses.has(oid)) this.responses.set(oid, { site, spec, html: 0, other: 0 });
    const top = this.top();
    if (top && !top.responses.has(oid)) {
      top.responses.add(oid);
      top.items.push({ created: oid, site });
    }
  }

  responseReturned(v: Val): void {
    const r = v.oid ? this.responses.get(v.oid) : undefined;
    if (!r) return;
    const html = !contentTypeNotHtml(v, r.spec);
    if (html) r.html++;
    else r.other++;
    const top = this.top();
    if (top) top.items.push({ returned: v.oid!, html });
  }

  sinkEvaluated(site: SinkSite, constant: boolean): void {
    const key = `${site.path}\0${site.kind}\0${site.region.startLine}:${site.region.startColumn}`;
    this.sinkConstancy.set(key, (this.sinkConstancy.get(key) ?? true) && constant);
    const top = this.top();
    if (top) top.constancy.set(key, (top.constancy.get(key) ?? true) && constant);
  }

  report(site: SinkSite, label: Label): void {
    const src = label.src;
    if (!src) return;
    const steps: FlowStep[] = traceSteps(label.trace).map((s) => ({ ...s }));
    steps.push({ path: site.path, region: site.region, message: `reaches ${site.callee}`, kind: "sink" });
    const where = src.path === site.path ? `line ${src.line}` : `${src.path}:${src.line}`;
    const message = `${src.label} (${where}) reaches ${site.callee} (line ${site.region.startLine})`;
    for (const rule of this.rules) {
      if (!rule.sinkKinds.includes(site.kind)) continue;
      if (rule.skipTestCode && isTestPath(site.path)) continue;
      let level: Level = rule.meta.level;
      if (site.level && LEVEL_RANK[site.level] < LEVEL_RANK[level]) level = site.level;
      if ((src.local || src.parameter) && LEVEL_RANK.warning < LEVEL_RANK[level]) level = "warning";
      if (src.notes && src.notes & this.knowledge.mask([site.kind])) level = "note";
      const r = site.region;
      const key = `${rule.meta.id}:${r.startLine}:${r.startColumn}:${r.endLine}:${r.endColumn}`;
      let byKey = this.findings.get(site.path);
      if (!byKey) {
        byKey = new Map();
        this.findings.set(site.path, byKey);
      }
      const old = byKey.get(key);
      const parameter = src.parameter === true;
      const top = this.top();
      const framed = top ? top.best.get(`${site.path}\0${key}`) : undefined;
      const better = (have: Kept | undefined) => replacesKept(have, steps.length, parameter);
      const forFrame = top !== undefined && better(framed);
      if (!forFrame && !better(old)) continue;
      const finding: RawFinding = {
        ruleId: rule.meta.id,
        message,
        region: site.region,
        flow: steps,
        properties: { source: src.label, sourcePath: src.path, sourceLine: src.line, sinkKind: site.kind, ...(parameter ? { precision: "medium" } : {}) },
      };
      if (level !== rule.meta.level) finding.level = level;
      const kept = { finding, length: steps.length, parameter };
      if (forFrame) {
        top.best.set(`${site.path}\0${key}`, kept);
        top.items.push({ path: site.path, key, kept });
      }
      if (better(old)) byKey.set(key, kept);
    }
  }

  budgetExceeded(model: FileModel, fn: PyNode | null): void {
    const line = (fn ?? model.root).line + 1;
    const top = this.top();
    const framed = top !== undefined && !top.notices.has(`${model.path}:${line}`);
    if (!framed && this.notifications.some((n) => n.path === model.path && n.line === line)) return;
    const name = fn?.get("name")?.text;
    const notice: Notification = {
      kind: "analysis-budget",
      level: "warning",
      path: model.path,
      line,
      message: `${model.path}:${line}: the taint analysis of ${name ? `${name}()` : "the module body"} stopped at its work or nesting limit; flows through it may be missed. Splitting very large or deeply nested functions helps.`,
    };
    if (framed) {
      top.notices.add(`${model.path}:${line}`);
      top.items.push({ notice });
    }
    if (!this.notifications.some((n) => n.path === model.path && n.line === line)) this.notifications.push(notice);
  }

  // ---- per-root capture (see `EffectFrame`) -------------------------------------------------

  /** From now on, what each root file's analysis does is kept apart (`beginRoot`/`endRoot`), for `rootOutcomes`. */
  captureRoots(): void {
    this.capture = [];
  }

  private readonly roots: { path: string; frame: EffectFrame }[] = [];

  beginRoot(path: string): void {
    if (!this.capture) return;
    this.capture.length = 0;
    const frame = newFrame();
    this.capture.push(frame);
    this.roots.push({ path, frame });
  }

  endRoot(): void {
    const root = this.capture?.[0];
    if (!root) return;
    for (const item of root.items) if (isFrame(item) && item.height > root.height) root.height = item.height;
    this.capture!.length = 0;
  }

  /**
   * Each root's outcome, in the order `beginRoot` first saw them (see `RootOutcome`); a root analysed again in a second
   * pass has both analyses in its outcome, in order (`again`). `keep` filters sink constancy entries.
   */
  rootOutcomes(keep: (entries: [string, boolean][]) => [string, boolean][]): RootOutcome[] {
    const byPath = new Map<string, EffectFrame[]>();
    for (const { path, frame } of this.roots) {
      const frames = byPath.get(path);
      if (frames) frames.push(frame);
      else byPath.set(path, [frame]);
    }
    return [...byPath].map(([path, frames]) => {
      if (frames.length === 1) return flattenRoot(path, frames[0]!, this.closureConflicts, keep, this.parts);
      const both = newFrame();
      both.items.push(...frames);
      both.height = Math.max(...frames.map((f) => f.height));
      return { ...flattenRoot(path, both, this.closureConflicts, keep, this.parts), again: true };
    });
  }

  /**
   * What a later scan needs to print, lazily, the summaries `wanted` (`path\0ordinal\0suffix`, see `sharedSummaries`
   * in index.ts) among those of outermost definitions computed under capture: each one's key with the constant
   * arguments of a specialised one (v8), and the text of each definition (`ScanCache.partialShard` rebuilds the old
   * text of an edited file from it, taint/prints.ts). Nothing is printed here: a cache-filling scan pays for the keys
   * and the slices of text only.
   */
  summaryBases(wanted: ReadonlySet<string>): { bases: SummaryBasis[]; texts: DefinitionText[] } {
    const bases: SummaryBasis[] = [];
    const texts = new Map<string, DefinitionText>();
    if (wanted.size === 0) return { bases, texts: [] };
    for (const [key, frame] of this.frameOf) {
      const cover = frame.cover;
      if (!cover || !this.summaries.get(key) || this.forgotten.has(key)) continue;
      const parts = this.parts.get(cover.path);
      const ordinal = parts?.ordinals.get(cover.start);
      const text = this.texts.get(cover.path);
      if (!parts || ordinal === undefined || text === undefined) continue;
      const id = `${cover.path}\0${ordinal}\0${cover.suffix}`;
      if (!wanted.has(id)) continue;
      const spec = this.specOf.get(key);
      bases.push(spec ? [id, serialize(spec)] : [id]);
      const at = `${cover.path}\0${ordinal}`;
      if (!texts.has(at)) {
        const [from, to] = parts.spans[ordinal]!;
        texts.set(at, [cover.path, ordinal, text.slice(from, to)]);
      }
    }
    return { bases, texts: [...texts.values()] };
  }

  /** A file as `summaryPrint` reads it: its parts, and its nodes' starts by part (from its model, loaded when first asked). */
  private printedFile(path: string): PrintedFile | undefined {
    const parts = this.parts.get(path);
    if (!parts) return undefined;
    let byPart: Map<number, number[]> | undefined;
    return {
      path,
      parts,
      starts: (k) => {
        if (!byPart) {
          byPart = new Map();
          const model = this.load(path);
          if (model) {
            const all: number[] = [];
            walk(model.root, (n) => {
              all.push(n.start);
              return true;
            });
            all.sort((a, b) => a - b);
            for (let i = 0; i < all.length; i++) {
              const at = all[i]!;
              if (i > 0 && all[i - 1] === at) continue;
              const part = parts.spans.findIndex(([a, b]) => at >= a && at < b);
              let list = byPart.get(part);
              if (!list) byPart.set(part, (list = []));
              list.push(at);
            }
          }
        }
        return byPart.get(k) ?? [];
      },
    };
  }

  /**
   * Prints of the summaries asked for (`path\0ordinal\0suffix` with the constant arguments of a specialised one), each
   * computed in this analyser (fresh: a verification, see `TaintProject.verifyPrints`) for the file's current text;
   * undefined for one that cannot be computed or printed.
   */
  printsFor(asked: readonly { key: string; start: number; spec?: Uint8Array }[], ctx: PrintContext): Map<string, { print: string; local: boolean; reads: string[] } | undefined> {
    this.captureRoots();
    this.beginRoot("\0verification");
    const out = new Map<string, { print: string; local: boolean; reads: string[] } | undefined>();
    try {
      for (const { key, start, spec } of asked) {
        const path = key.slice(0, key.indexOf("\0"));
        const model = this.modelOf(path);
        const def = model ? this.definitions(model).get(start) : undefined;
        let specialise: Map<number, Val> | undefined;
        try {
          specialise = spec ? (deserialize(spec) as Map<number, Val>) : undefined;
        } catch {
          out.set(key, undefined);
          continue;
        }
        // constant arguments that name the file (an allocation site `path:offset`) hold an offset of the text the summary
        // was first computed for, which the texts compared here need not share: not compared
        if (!model || !def || def.node.type !== "function_definition" || outermostDef(def.node) !== def.node || (specialise && mentions(specialise, path))) {
          out.set(key, undefined);
          continue;
        }
        const skey = summaryKey(path, start, specialise);
        const summary = this.summaryOf(model, start, def.node, def.cls, specialise);
        const frame = this.frameOf.get(skey);
        const file = this.printedFile(path);
        const ordinal = file?.parts.ordinals.get(start);
        out.set(key, summary && frame && file && ordinal !== undefined && !this.forgotten.has(skey) ? summaryPrint(file, ordinal, summary, frame, ctx) : undefined);
      }
    } finally {
      this.endRoot();
    }
    return out;
  }

  /** Request data reached the shared state: readers need another pass (and the root being analysed wrote it). */
  private tainted(): void {
    this.globalsTainted = true;
    const top = this.top();
    if (top) top.tainted = true;
  }

  private top(): EffectFrame | undefined {
    const c = this.capture;
    return c && c.length > 0 ? c[c.length - 1] : undefined;
  }

  /** A summary or module environment being computed: its own frame, on top until `close`. */
  private open(key: string): EffectFrame | undefined {
    if (this.capture!.length === 0) return undefined;
    const frame = newFrame();
    this.frameOf.set(key, frame);
    this.capture!.push(frame);
    return frame;
  }

  private close(frame: EffectFrame, own: number): void {
    const c = this.capture!;
    const at = c.lastIndexOf(frame);
    if (at < 0) return;
    c.length = at;
    let height = 0;
    for (const item of frame.items) if (isFrame(item) && item.height > height) height = item.height;
    frame.height = height + own;
    c[c.length - 1]?.items.push(frame);
  }

  /** A summary or module environment asked for again: what it did counts for the asker too (`inProgress`: recursion, which the order decides). */
  private hit(key: string, inProgress: boolean): void {
    const top = this.top();
    if (!top) return;
    if (inProgress) {
      top.cut = true;
      // recursion: the frame of the summary in progress, if it is being filled (see `EffectFrame.cycles`)
      const target = this.frameOf.get(key);
      if (target && this.capture!.includes(target)) (top.cycles ??= []).push(target);
      else top.hard = true;
      return;
    }
    const frame = this.frameOf.get(key);
    if (frame) top.items.push(frame);
    // computed before the capture began (cannot happen for a shard's roots) or without a frame: unknown
    else top.cut = top.hard = true;
  }

  /** A summary refused for a limit whose count depends on the order of the analyses (specialisations, nesting). */
  private cut(): undefined {
    const top = this.top();
    if (top) top.cut = top.hard = true;
    return undefined;
  }

  // ---- internals ---------------------------------------------------------------------------

  private modelOf(path: string): FileModel | null {
    this.loaded.add(path);
    this.top()?.loaded.add(path);
    const model = this.load(path);
    if (model) this.use(model);
    return model;
  }

  /** The parts of each file used, by path (the same text whichever model of it was loaded). */
  private readonly parts = new Map<string, FileParts>();
  /** The text of each file whose parts were computed (the string its model holds: `summaryBases` slices definitions from it). */
  private readonly texts = new Map<string, string>();

  /**
   * Notes that the analysis being captured read the outline of `model` and, when given, the outermost definition
   * holding `node` (see `RootOutcome.uses`).
   */
  private use(model: FileModel, node?: PyNode): void {
    const top = this.top();
    if (!top) return;
    let parts = this.parts.get(model.path);
    if (!parts) {
      this.parts.set(model.path, (parts = modelParts(model.parsed)));
      this.texts.set(model.path, model.src.text);
    }
    let used = top.uses.get(model.path);
    if (!used) top.uses.set(model.path, (used = new Set()));
    const def = node ? outermostDef(node) : null;
    const ordinal = def ? parts.ordinals.get(def.start) : undefined;
    if (ordinal === undefined) return;
    // the frame's own definition, read through its summary: noted apart (`EffectFrame.cover`), not in `uses`
    if (top.cover?.path === model.path && top.cover.start === def!.start) top.cover.ordinal = ordinal;
    else used.add(ordinal);
  }

  /** Every function definition in a file by offset, with the enclosing class for methods. */
  private definitions(model: FileModel): Map<number, { node: PyNode; cls?: string }> {
    let defs = this.defs.get(model);
    if (defs) return defs;
    defs = new Map();
    const found = defs;
    const note = (n: PyNode): boolean => {
      if (n.type !== "function_definition" && !(n.type === "lambda" && isNamedLambda(n))) return false;
      // a named lambda's container is that of its assignment statement
      let container = n.type === "lambda" ? n.parent?.parent?.parent : n.parent;
      if (container?.type === "decorated_definition") container = container.parent;
      const clsNode = container?.type === "block" && container.parent?.type === "class_definition" ? container.parent : null;
      const cls = clsNode ? model.qualifiedName(clsNode.get("name")) : undefined;
      found.set(n.start, cls ? { node: n, cls } : { node: n });
      return true;
    };
    // in document order, as a walk of every node would find them
    walk(model.root, (n) => {
      // a syntax error may leave a definition anywhere below it: every node there is looked at
      if (n.type === "ERROR") {
        walk(n, (m) => void note(m));
        return false;
      }
      // nothing inside a lambda is a definition (an expression holds no statement)
      if (note(n)) return n.type === "function_definition";
      return DEFINITION_HOLDERS.has(n.type);
    });
    this.defs.set(model, defs);
    return defs;
  }

  private moduleEnv(model: FileModel): Map<string, Val> | undefined {
    const have = this.moduleEnvs.get(model.path);
    if (have !== undefined) {
      if (this.capture) this.hit(`env\0${model.path}`, have === null);
      return have ?? undefined;
    }
    this.moduleEnvs.set(model.path, null);
    const frame = new Frame(this, model, null);
    const effects = this.capture ? this.open(`env\0${model.path}`) : undefined;
    this.use(model);
    try {
      execBody(frame, model.root);
    } catch (err) {
      if (!outOfBudget(err)) throw err;
      this.budgetExceeded(model, null);
    } finally {
      if (effects) this.close(effects, 0);
    }
    this.moduleEnvs.set(model.path, frame.state.env);
    return frame.state.env;
  }

  private summaryOf(model: FileModel, start: number, node: PyNode, cls: string | undefined, specialise: Map<number, Val> | undefined): Summary | undefined {
    const key = summaryKey(model.path, start, specialise);
    if (specialise) {
      if (!this.summaries.has(key)) {
        const base = `${model.path}:${start}`;
        const n = this.specialisations.get(base) ?? 0;
        if (n >= MAX_SPECIALISATIONS) return this.cut();
        this.specialisations.set(base, n + 1);
      }
      this.top()?.specs.add(key);
    }
    if (this.summaries.has(key)) return this.known(key);
    if (this.pending >= MAX_PENDING) return this.cut();
    this.summaries.set(key, null);
    const frame = this.capture ? this.open(key) : undefined;
    if (frame && node.type === "function_definition" && outermostDef(node) === node) {
      frame.cover = { path: model.path, start, suffix: key.slice(`${model.path}:${start}`.length) };
      if (specialise) this.specOf.set(key, specialise);
    }
    this.use(model, node);
    this.pending++;
    // nothing that can run out of stack before `try`: the count must come down whatever happens
    const depth = this.readStack.length;
    let reads: Map<string, number> | undefined;
    try {
      reads = new Map<string, number>();
      this.readStack.push(reads);
      const s = this.analyzeFunction(model, node, cls, specialise);
      this.summaries.set(key, s);
      return s;
    } finally {
      this.pending--;
      this.readStack.length = depth;
      if (reads) this.readsDone(key, reads);
      if (frame) this.close(frame, 1);
    }
  }

  /** Keeps what a summary read and adds it to the reads of the summary that asked for it. */
  private readsDone(key: string, reads: Map<string, number>): void {
    this.summaryReads.set(key, reads);
    const outer = this.readStack[this.readStack.length - 1];
    if (outer) mergeReads(outer, reads);
  }

  /** A summary computed before (null while it is being computed): what it read counts as read by the summary being computed now. */
  private known(key: string): Summary | undefined {
    if (this.capture) this.hit(key, this.summaries.get(key) === null);
    const outer = this.readStack[this.readStack.length - 1];
    const reads = outer ? this.summaryReads.get(key) : undefined;
    if (outer && reads) mergeReads(outer, reads);
    return this.summaries.get(key) ?? undefined;
  }

  /** Notes a read of the shared state (see `stateKey`). */
  private read(key: string): void {
    this.reads.add(key);
    this.top()?.reads.add(key);
    const top = this.readStack[this.readStack.length - 1];
    if (top && !top.has(key)) top.set(key, ++this.clock);
  }

  private analyzeFunction(model: FileModel, node: PyNode, cls: string | undefined, specialise: Map<number, Val> | undefined): Summary {
    const nested = enclosingDef(node) !== null;
    const closureKey = nested ? `${model.path}:${node.start}` : undefined;
    const known = closureKey !== undefined ? this.closures.get(closureKey) : undefined;
    if (closureKey !== undefined && this.capture) {
      // a nested function analysed before its enclosing one ran (or with an environment that was not the only one) depends on the order
      if (!known) this.top()!.cut = this.top()!.hard = true;
      else this.top()!.closures.push(closureKey);
    }
    const closure = closureKey !== undefined ? known ?? new Map<string, Val>() : undefined;
    const endpoint = node.type === "function_definition" ? this.endpoint(model, node, cls, closure) : undefined;
    // a view defined inside a function (`create_app`) sees that function's locals as Python would:
    // their request data and types, never the enclosing function's parameter labels (meaningless here)
    const closureEnv = endpoint && closure ? new Map([...closure].map(([k, v]): [string, Val] => [k, mapTaint(v, sourcesOnly)])) : undefined;
    const frame = new Frame(this, model, node, { ...(cls ? { cls } : {}), ...(endpoint ? { endpoint } : {}), ...(closureEnv ? { closureEnv } : {}) });
    const { params, info } = paramNodes(node);
    const decorators = node.parent?.type === "decorated_definition" ? node.parent.children.filter((c) => c.type === "decorator").map((d) => d.text) : [];
    const isStatic = decorators.some((d) => /staticmethod/.test(d));
    const isClassMethod = decorators.some((d) => /classmethod/.test(d));
    const all = this.knowledge.allKinds;
    const injected = endpoint && !cls ? this.injectedArguments(model, node) : undefined;
    const initial: Val[] = params.map((p, i) => {
      const given = specialise?.get(i);
      if (given) return given;
      const role = endpoint?.params.get(p.name);
      const fromDecorator = role?.role !== "source" ? injected?.get(i) : undefined;
      if (fromDecorator) return fromDecorator;
      if (role?.role === "source") {
        const v = frame.source({ label: role.label, ...(role.type ? { type: role.type } : {}), ...(role.local ? { local: true } : {}), ...(role.alsoKinds ? { alsoKinds: role.alsoKinds } : {}) }, p.node, role.label);
        return role.cleared ? restrictVal(v, ~role.cleared) : v;
      }
      if (role?.role === "object") return { t: CLEAN, type: role.type };
      if (role?.role === "clean") return CLEAN_VAL;
      const label = paramLabel(i, "", all);
      if (i === 0 && cls && !isStatic) return isClassMethod ? { t: CLEAN, klass: cls } : this.withInstanceState(cls, this.selfValue(cls, label, frame, p.node, endpoint?.selfAttrs));
      const type = this.annotationType(model, p.annotation);
      return type ? { t: [label], type } : { t: [label] };
    });
    params.forEach((p, i) => frame.assign(p.name, initial[i]!));
    frame.rebound.clear();
    params.forEach((p, i) => {
      const given = specialise?.get(i);
      if (given && knownCallable(given)) frame.callables.add(p.name);
    });
    const fnName = node.type === "function_definition" ? node.get("name")?.text : undefined;
    if (fnName) frame.devOnly = this.knowledge.developmentKinds(fnName);
    try {
      if (node.type === "lambda") {
        frame.addReturn(evalExpr(frame, node.get("body")));
        frame.exits.push(frame.state);
      } else execBody(frame, node.get("body"));
    } catch (err) {
      if (!outOfBudget(err)) throw err;
      this.budgetExceeded(model, node);
      return conservativeSummary(info, params, model, all);
    }
    if (frame.state.live && node.type !== "lambda") {
      frame.exits.push(frame.state);
      frame.addReturn(constVal(NONE));
    }
    const effects = new Map<number, Val>();
    params.forEach((p, i) => {
      if (frame.rebound.has(p.name) || specialise?.get(i)?.c !== undefined || endpoint?.params.has(p.name) || frame.exits.length === 0) return;
      let final: Val | undefined;
      for (const s of frame.exits) {
        const v = s.env.get(p.name);
        if (v) final = final ? join(final, v) : v;
      }
      // characters a check that raises made sure the text lacks (`if "/" in name: raise ...`) hold for the caller too
      if (final && (!sameVal(final, initial[i]!) || (final.ex?.length ?? 0) > (initial[i]!.ex?.length ?? 0))) effects.set(i, final);
    });
    if (cls && !isStatic && !isClassMethod && params[0] && !frame.rebound.has(params[0].name)) this.recordInstanceState(cls, frame.exits, params[0].name, initial[0]);
    if (this.parameterSources && !specialise && !endpoint && !nested && node.type === "function_definition" && isPublicApi(model, node, cls)) {
      this.reportParameterFlows(model, node, params, frame.sinkHits, cls !== undefined && !isStatic);
    }
    const validates = new Map<number, number>();
    if (frame.truthyReturns.length > 0) {
      params.forEach((p, i) => {
        let mask = all;
        for (const s of frame.truthyReturns) {
          const v = s.env.get(p.name);
          let remaining = 0;
          for (const l of v ? flat(v) : []) if (l.param === i && l.ppath === "") remaining |= l.mask;
          mask &= ~remaining & all;
        }
        if (mask) validates.set(i, mask);
      });
    }
    return {
      params: { ...info, defaults: defaultValues(model, params) },
      ret: frame.returns ?? constVal(NONE),
      sinkHits: frame.sinkHits,
      effects,
      neverReturns: frame.exits.length === 0,
      validates,
      decisive: [...frame.decisive].sort((a, b) => a - b),
      typed: initial.flatMap((v, i) => (v.type ? [i] : [])),
    };
  }

  /**
   * Library mode: a public function's parameters are untrusted, so each parameter that reaches a
   * sink inside it (or in what it calls) is a finding, with the parameter as its source.
   */
  private reportParameterFlows(model: FileModel, fn: PyNode, params: ParamNode[], hits: readonly SinkHit[], bound: boolean): void {
    const name = fn.get("name")?.text ?? "function";
    for (const hit of hits) {
      const p = params[hit.param];
      if (!p || (bound && hit.param === 0) || safeAnnotation(model, p)) continue;
      const label = `parameter ${p.name} of ${name}()`;
      const src: SourceInfo = { key: `${model.path}:${p.node.start}:${label}`, label, path: model.path, line: p.node.line + 1, local: false, parameter: true };
      const start = extendTrace(null, { path: model.path, region: regionOf(model.src, p.node.start, p.node.end), message: label, kind: "source" });
      this.report(hit.site, sourceLabel(src, hit.mask, concatTrace(start, hit.trace) ?? start));
    }
  }

  /**
   * Request data a view's project decorators pass to it ahead of the framework's arguments
   * (`def wrapper(*a, **kw): return view(request.get_data(), *a, **kw)`), by parameter position.
   * The wrapper is run once on its own; the leading positional arguments of its calls of the
   * wrapped function are evaluated in the states it returns from. Only source labels are kept.
   */
  private injectedArguments(model: FileModel, view: PyNode): Map<number, Val> | undefined {
    if (view.parent?.type !== "decorated_definition") return undefined;
    let out: Map<number, Val> | undefined;
    for (const d of view.parent.children) {
      const expr = d.type === "decorator" ? unparen(d.namedChildren[0] ?? null) : null;
      if (!expr || (expr.type !== "identifier" && expr.type !== "attribute")) continue;
      const q = model.qualifiedName(expr);
      const r = q ? this.index.resolve(q, model.path) : undefined;
      if (r?.kind !== "function") continue;
      const dm = this.modelOf(r.fn.path);
      const deco = dm ? this.definitions(dm).get(r.fn.start)?.node : undefined;
      if (dm && deco) this.use(dm, deco);
      const wrapped = deco?.type === "function_definition" ? paramNodes(deco).params[0]?.name : undefined;
      if (!dm || !deco || !wrapped) continue;
      for (const wrapper of deco.get("body")?.namedChildren ?? []) {
        const fn = wrapper.type === "decorated_definition" ? wrapper.get("definition") : wrapper;
        if (fn?.type !== "function_definition") continue;
        for (const [i, v] of this.wrapperArguments(dm, fn, wrapped)) {
          out ??= new Map();
          const have = out.get(i);
          out.set(i, have ? join(have, v) : v);
        }
      }
    }
    return out;
  }

  /** The request data a wrapper function passes positionally to `wrapped(...)`, by position. */
  private wrapperArguments(model: FileModel, wrapper: PyNode, wrapped: string): Map<number, Val> {
    const out = new Map<number, Val>();
    const calls: PyNode[] = [];
    walk(wrapper.get("body")!, (n) => {
      if (n.type === "call" && unparen(n.get("function"))?.text === wrapped) calls.push(n);
    });
    if (calls.length === 0) return out;
    const frame = new Frame(this, model, wrapper);
    try {
      execBody(frame, wrapper.get("body"));
      const states = frame.state.live ? [...frame.exits, frame.state] : [...frame.exits];
      for (const call of calls) {
        const args = call.get("arguments")?.namedChildren ?? [];
        for (let i = 0; i < args.length && args[i]!.type !== "list_splat" && args[i]!.type !== "keyword_argument" && args[i]!.type !== "dictionary_splat"; i++) {
          for (const s of states) {
            frame.state = s;
            const v = mapTaint(evalExpr(frame, args[i]!), sourcesOnly);
            if (isClean(v)) continue;
            const have = out.get(i);
            out.set(i, have ? join(have, v) : v);
          }
        }
      }
    } catch (err) {
      if (!outOfBudget(err)) throw err;
    }
    return out;
  }

  /**
   * Keeps the request data a method left in `self`'s attributes: frameworks call several methods on
   * one instance (Django's `setup` → `dispatch` → `get`), so another method may read it. Only source
   * labels are kept; what came from the method's own parameters is its callers' business.
   */
  private recordInstanceState(cls: string, exits: readonly { env: Map<string, Val> }[], selfName: string, initialSelf: Val | undefined): void {
    let byAttr = this.instanceState.get(cls);
    for (const s of exits) {
      for (const [name, v] of s.env.get(selfName)?.attrs ?? []) {
        // an attribute the method left as it found it (the framework's `self.kwargs`, state another
        // method stored) is already known where it came from; recording it again would make every
        // class in a long hierarchy carry every ancestor's labels
        if (initialSelf?.attrs?.get(name) === v) continue;
        const stored = mapTaint(v, sourcesOnly);
        if (isClean(stored)) continue;
        this.top()?.writes.add(stateKey("instances", cls));
        if (!byAttr) {
          byAttr = new Map();
          this.instanceState.set(cls, byAttr);
        }
        const old = byAttr.get(name);
        const next = old ? join(old, stored) : stored;
        byAttr.set(name, next);
        if (old && sameVal(old, next)) continue;
        this.changed.set(stateKey("instances", cls), ++this.clock);
        this.tainted();
      }
    }
  }

  /** `self` with the request data any method of its class (or a base class) stored on the instance. */
  private withInstanceState(cls: string, self: Val): Val {
    const info = this.index.classInfo(cls);
    const classes = [cls, ...(info ? this.index.ancestors(info).map((b) => this.index.classInfo(b)?.qualified ?? b) : [])];
    let attrs: Map<string, Val> | undefined;
    for (const c of classes) {
      this.read(stateKey("instances", c));
      for (const [name, v] of this.instanceState.get(c) ?? []) {
        attrs ??= new Map(self.attrs ?? []);
        const have = attrs.get(name);
        attrs.set(name, have ? join(have, v) : v);
      }
    }
    return attrs ? { ...self, attrs } : self;
  }

  /**
   * The initial `self` of a method: typed with its class. In class-based views it carries what the
   * framework sets on the instance (Django's `self.request`, and the URL parameters in `self.kwargs`).
   */
  private selfValue(cls: string, label: Label, frame: Frame, node: PyNode, viewAttrs: readonly SelfAttrSpec[] | undefined): Val {
    const self: Val = { t: [label], type: cls };
    const spec = viewAttrs ? undefined : this.knowledge.endpoints.find((s) => s.selfAttrs && isViewClass(this, cls, s));
    const given = viewAttrs ?? spec?.selfAttrs ?? this.siblingViewAttrs(cls);
    if (given) {
      const attrs = new Map<string, Val>();
      for (const a of given) attrs.set(a.name, a.source !== undefined ? frame.source({ label: a.source }, node) : { t: CLEAN, ...(a.type ? { type: a.type } : {}) });
      return { ...self, attrs };
    }
    const typed = this.attributeTypes(cls);
    if (typed.size === 0) return self;
    // the attributes keep the receiver's taint (another method may have stored input there); only the type is known
    const attrs = new Map([...typed].map(([name, type]): [string, Val] => [name, { t: refine(self.t, `.${name}`), type }]));
    return { ...self, attrs };
  }

  /**
   * What the framework sets on an instance of a class some of whose methods are views by their
   * decorators (Pyramid's `@view_config` methods with `self.request`): its other methods (`self.back()`)
   * see the same typed attributes. Only for stacks whose views carry `selfAttrs`, in files importing them.
   */
  private siblingViewAttrs(cls: string): readonly SelfAttrSpec[] | undefined {
    if (this.siblingAttrs.has(cls)) {
      if (this.capture) this.hit(`sibling\0${cls}`, false);
      return this.siblingAttrs.get(cls);
    }
    const effects = this.capture ? this.open(`sibling\0${cls}`) : undefined;
    try {
      const out = this.computeSiblingViewAttrs(cls);
      this.siblingAttrs.set(cls, out);
      return out;
    } finally {
      if (effects) this.close(effects, 0);
    }
  }

  private computeSiblingViewAttrs(cls: string): readonly SelfAttrSpec[] | undefined {
    let out: readonly SelfAttrSpec[] | undefined;
    const info = this.index.classInfo(cls);
    const model = info ? this.modelOf(info.path) : undefined;
    const specs = this.knowledge.endpoints.filter((s) => s.selfAttrs && !s.viewBases && s.requiresImport);
    if (info && model && specs.some((s) => importsAny(this.importsOf(model), s.requiresImport))) {
      const defs = this.definitions(model);
      for (const m of info.methods.values()) {
        const def = m.path === info.path ? defs.get(m.start) : undefined;
        out = def ? this.endpoint(model, def.node, cls)?.selfAttrs : undefined;
        if (out) break;
      }
    }
    return out;
  }

  /**
   * Types of instance attributes, so that methods can use them (`self.tree.findtext(...)`): from the
   * class body's annotations, overridden by what `__init__` assigns (its summary's effect on `self`).
   */
  private attributeTypes(cls: string): Map<string, string> {
    const out = new Map<string, string>();
    const info = this.index.classInfo(cls);
    if (!info) return out;
    for (const [name, annotation] of info.fields) {
      const type = this.knowledge.classType(annotation)?.type ?? this.index.classInfo(annotation)?.qualified;
      if (type) out.set(name, type);
    }
    const init = this.index.findMethod(info, "__init__");
    const after = init ? this.summary(init)?.effects.get(0) : undefined;
    for (const [name, v] of after?.attrs ?? []) if (v.type) out.set(name, v.type);
    return out;
  }

  private annotationType(model: FileModel, ann: PyNode | null): string | undefined {
    if (!ann) return undefined;
    const q = model.qualifiedName(ann.namedChildren[0] ?? ann);
    if (!q) return undefined;
    const modelled = this.knowledge.classType(q)?.type;
    if (modelled) return modelled;
    return this.index.classInfo(q)?.qualified ?? (this.index.resolve(q, model.path)?.kind === "class" ? q : undefined);
  }
}

/**
 * The work budget ran out, or the JavaScript stack did (long chains of calls into functions with
 * deeply nested code): either way this function's analysis stops and its callers go on.
 */
function outOfBudget(err: unknown): boolean {
  // no regular expression here: this runs right after the stack ran out, and compiling one needs stack
  // ("Invalid regular expression: Stack overflow" would escape as an analysis error of the whole file)
  return err instanceof BudgetExceeded || (err instanceof RangeError && err.message.includes("call stack"));
}

/** Whether some key of `reads` was first read before its last change in `changed`. */
function readBeforeChange(changed: ReadonlyMap<string, number>, reads: ReadonlyMap<string, number>): boolean {
  for (const [k, at] of reads) {
    const last = changed.get(k);
    if (last !== undefined && at < last) return true;
  }
  return false;
}

/** Adds `inner`'s reads to `outer`, keeping the earlier moment of a key read by both. */
function mergeReads(outer: Map<string, number>, inner: ReadonlyMap<string, number>): void {
  for (const [k, at] of inner) {
    const have = outer.get(k);
    if (have === undefined || at < have) outer.set(k, at);
  }
}

/** The key of a function's summary: its file and offset, and the constant arguments it was specialised for. */
function summaryKey(path: string, start: number, specialise: Map<number, Val> | undefined): string {
  const key = `${path}:${start}`;
  if (!specialise) return key;
  const attrs = (v: Val) => (v.attrs ? [...v.attrs].map(([k, x]) => `${k}=${JSON.stringify(x.c)}`).join(";") : "");
  return `${key}|${[...specialise].map(([i, v]) => `${i}=${v.type ?? ""}:${JSON.stringify(v.c)}:${attrs(v)}${v.q !== undefined ? `:q=${v.q}` : ""}${v.klass !== undefined ? `:k=${v.klass}` : ""}`).join(",")}`;
}

/**
 * The nodes a `def` or a named lambda can be inside: statements that hold blocks, the blocks, and the
 * assignment statements a named lambda is the value of. Expressions and simple statements (most of a tree's
 * nodes) are not searched; below a syntax error (`ERROR`) every node is.
 */
const DEFINITION_HOLDERS: ReadonlySet<string> = new Set([...LAYOUT_HOLDERS, "expression_statement", "assignment"]);

/** A statement `name = lambda ...:`, which the index records like a def. */
function isNamedLambda(n: PyNode): boolean {
  const assign = n.parent;
  return assign?.type === "assignment" && assign.get("right") === n && assign.get("left")?.type === "identifier" && assign.parent?.type === "expression_statement";
}

/** Annotations that make a parameter a number or a flag, never text (`def get(limit: int)`). */
const SAFE_PARAMETER_TYPES = new Set(["builtins.int", "builtins.float", "builtins.bool", "builtins.complex", "decimal.Decimal", "uuid.UUID", "datetime.datetime", "datetime.date"]);

function safeAnnotation(model: FileModel, p: ParamNode): boolean {
  const ann = p.annotation ? unparen(p.annotation.namedChildren[0] ?? p.annotation) : null;
  const q = ann ? model.qualifiedName(ann) : undefined;
  return q !== undefined && SAFE_PARAMETER_TYPES.has(q);
}

/**
 * Part of a package's public API: a function or method whose name, class and module path carry no
 * leading underscore (constructors and `__call__` count), outside test code.
 */
export function isPublicApi(model: FileModel, fn: PyNode, cls: string | undefined): boolean {
  const segments = model.path.split("/");
  const file = segments[segments.length - 1] ?? "";
  if (segments.some((s) => s === "tests" || s === "test" || s === "testing") || /^(test_.*|.*_test|conftest)\.py$/.test(file)) return false;
  if (segments.some((s) => s.startsWith("_") && s !== "__init__.py" && s !== "__main__.py")) return false;
  const name = fn.get("name")?.text ?? "";
  if (name.startsWith("_") && !(cls && (name === "__init__" || name === "__call__"))) return false;
  return !cls || !(cls.split(".").pop() ?? "").startsWith("_");
}

/** The function a definition is nested in; null for module-level functions and methods (under `if`/`try`/`with` blocks too). */
export function enclosingDef(fn: PyNode): PyNode | null {
  for (let n = fn.parent; n; n = n.parent) if (n.type === "function_definition" || n.type === "lambda") return n;
  return null;
}

/** When a function could not be analysed: every argument flows to the result, no sinks are known. */
function conservativeSummary(info: ReturnType<typeof paramNodes>["info"], params: ReturnType<typeof paramNodes>["params"], model: FileModel, all: number): Summary {
  let ret: Val = CLEAN_VAL;
  for (let i = 0; i < params.length; i++) ret = join(ret, tainted([paramLabel(i, "", all)]));
  return {
    params: { ...info, defaults: defaultValues(model, params) },
    ret,
    sinkHits: [],
    effects: new Map(),
    neverReturns: false,
    validates: new Map(),
    decisive: [],
    typed: [],
  };
}

/**
 * What one piece of a shard's analysis did besides computing its value (per-root capture, see `RootOutcome` in
 * shards.ts): a root file's analysis, or the computation of one summary or module environment. Events are kept
 * in order, and the frames of the summaries computed or reused meanwhile sit among them where they were asked
 * for, so a root's effects can be replayed in the order the shard saw them (ties between equally long findings
 * go to the first, as in `Analyzer.report`).
 */
export interface EffectFrame {
  items: (FrameEvent | EffectFrame)[];
  /** The best finding per `path\0key` among this frame's own events (an event is kept only when it improves on it). */
  best: Map<string, Kept>;
  notices: Set<string>;
  responses: Set<string>;
  constancy: Map<string, boolean>;
  loaded: Set<string>;
  reads: Set<string>;
  /** Keys of the shared state written (see `stateKey`). */
  writes: Set<string>;
  /** Request data was written to the shared state here (which makes a second pass). */
  tainted: boolean;
  /** Specialised summaries asked for (they count against `MAX_SPECIALISATIONS` in the order of the asks). */
  specs: Set<string>;
  /** Closure environments used (see `Analyzer.defined`). */
  closures: string[];
  /** Something here depended on the order of the analyses (recursion, a limit reached, a closure not yet defined). */
  cut: boolean;
  /**
   * Parts of files read (see `RootOutcome.uses`): path → ordinals of the outermost definitions analysed (the outline
   * always), but for the frame's own definition when it computes that definition's summary (`cover`): the ordinals here
   * are the definitions read directly (decorator wrappers, endpoint questions, nested functions, function values).
   */
  uses: Map<string, Set<number>>;
  /** Nesting of summaries computed from here, at most (`MAX_PENDING` is reached at 40 whatever the order when below). */
  height: number;
  /**
   * The summary of an outermost definition this frame computes (its file, start and ordinal once read): its own reads
   * of that definition are covered by its summary (see `RootOutcome.via`), not read directly, and are not in `uses`.
   */
  cover?: { path: string; start: number; suffix: string; ordinal?: number };
  /** With `cut`: the frames of the summaries in progress that this one asked for again (recursion), when there are any. */
  cycles?: EffectFrame[];
  /** With `cut`: something other than recursion through a frame being filled (a limit, a closure not yet defined). */
  hard: boolean;
}

export type FrameEvent = { path: string; key: string; kept: Kept } | { created: string; site: SinkSite } | { returned: string; html: boolean } | { notice: Notification };

/** Whether a plain value (constant arguments) holds a string containing `text` anywhere. */
function mentions(v: unknown, text: string, seen = new Set<object>()): boolean {
  if (typeof v === "string") return v.includes(text);
  if (typeof v !== "object" || v === null || seen.has(v)) return false;
  seen.add(v);
  if (v instanceof Map) return [...v].some(([k, x]) => mentions(k, text, seen) || mentions(x, text, seen));
  if (v instanceof Set || Array.isArray(v)) return [...v].some((x) => mentions(x, text, seen));
  return Object.values(v).some((x) => mentions(x, text, seen));
}

function newFrame(): EffectFrame {
  return { items: [], best: new Map(), notices: new Set(), responses: new Set(), constancy: new Map(), loaded: new Set(), reads: new Set(), writes: new Set(), tainted: false, specs: new Set(), closures: [], cut: false, height: 0, uses: new Map(), hard: false };
}

function isFrame(item: FrameEvent | EffectFrame): item is EffectFrame {
  return (item as EffectFrame).items !== undefined;
}

/** A root's frame and every frame it reached, replayed in order (each frame once) into its outcome. */
function flattenRoot(path: string, root: EffectFrame, conflicts: ReadonlySet<string>, keep: (entries: [string, boolean][]) => [string, boolean][], parts: ReadonlyMap<string, FileParts>): RootOutcome {
  const uses = new Map<string, Set<number>>();
  /** Per file, per outermost definition, the suffixes of its summaries reached (see `RootOutcome.via`). */
  const covered = new Map<string, Map<number, Set<string>>>();
  const seen = new Set<EffectFrame>();
  const findings = new Map<string, { path: string; key: string; kept: Kept }>();
  const responses = new Map<string, { site: SinkSite; html: boolean; other: boolean }>();
  const constancy = new Map<string, boolean>();
  const notices = new Map<string, Notification>();
  const loaded = new Set<string>();
  const reads = new Set<string>();
  const writes = new Set<string>();
  const specs = new Set<string>();
  let dependent = false;
  let tainted = false;
  const stack: { frame: EffectFrame; at: number }[] = [{ frame: root, at: 0 }];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const f = top.frame;
    if (top.at === 0) {
      if (f.cut || f.closures.some((k) => conflicts.has(k))) dependent = true;
      for (const k of f.loaded) loaded.add(k);
      for (const k of f.reads) reads.add(k);
      for (const k of f.writes) writes.add(k);
      if (f.tainted) tainted = true;
      for (const k of f.specs) specs.add(k);
      // the definitions read directly (see `EffectFrame.uses`)
      for (const [p, used] of f.uses) {
        const have = uses.get(p);
        if (!have) uses.set(p, new Set(used));
        else for (const k of used) have.add(k);
      }
      const ordinal = f.cover?.ordinal;
      if (ordinal !== undefined) {
        let byDef = covered.get(f.cover!.path);
        if (!byDef) covered.set(f.cover!.path, (byDef = new Map()));
        let suffixes = byDef.get(ordinal);
        if (!suffixes) byDef.set(ordinal, (suffixes = new Set()));
        suffixes.add(f.cover!.suffix);
      }
      for (const [k, c] of f.constancy) constancy.set(k, (constancy.get(k) ?? true) && c);
    }
    if (top.at >= f.items.length) {
      stack.pop();
      continue;
    }
    const item = f.items[top.at++]!;
    if (isFrame(item)) {
      if (!seen.has(item)) {
        seen.add(item);
        stack.push({ frame: item, at: 0 });
      }
    } else if ("kept" in item) {
      const id = `${item.path}\0${item.key}`;
      const have = findings.get(id);
      const k = item.kept;
      if (!have || !(have.kept.parameter === k.parameter ? have.kept.length <= k.length : k.parameter)) findings.set(id, item);
    } else if ("created" in item) {
      if (!responses.has(item.created)) responses.set(item.created, { site: item.site, html: false, other: false });
    } else if ("returned" in item) {
      const r = responses.get(item.returned);
      if (r) {
        if (item.html) r.html = true;
        else r.other = true;
      }
    } else {
      const n = item.notice;
      const id = `${n.path}:${n.line}`;
      if (!notices.has(id)) notices.set(id, n);
    }
  }
  // a root reads the whole of its own file (its module, every entry point in it): every definition counts as read
  // definitions of other files read only through their own summaries: which summaries (a changed one is compared)
  const via: [string, number, string[]][] = [];
  for (const [p, byDef] of [...covered].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const direct = uses.get(p);
    if (p !== path) for (const [k, suffixes] of [...byDef].sort(([a], [b]) => a - b)) if (!direct?.has(k)) via.push([p, k, [...suffixes].sort()]);
  }
  // every definition read: those read directly, and those whose summaries were computed
  for (const [p, byDef] of covered) {
    const have = uses.get(p);
    if (!have) uses.set(p, new Set(byDef.keys()));
    else for (const k of byDef.keys()) have.add(k);
  }
  const own = uses.get(path);
  const ownParts = parts.get(path);
  if (own && ownParts) for (let k = 0; k < ownParts.defs.length; k++) own.add(k);
  return {
    path,
    findings: [...findings.values()].map((e) => [e.path, e.key, e.kept.finding, e.kept.length, e.kept.parameter]),
    responses: [...responses].map(([oid, r]) => [oid, r.site, r.html, r.other]),
    constancy: keep([...constancy]),
    notices: [...notices.values()],
    loaded: [...loaded].sort(),
    reads: [...reads].sort(),
    writes: [...writes].sort(),
    state: [],
    tainted,
    again: false,
    secondPass: false,
    specs: [...specs],
    height: root.height,
    dependent,
    ...(via.length > 0 ? { via } : {}),
    uses: [...uses]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([p, used]) => {
        const of = parts.get(p)!;
        return [p, of.outline, [...used].sort((a, b) => a - b).map((k): [number, string] => [k, of.defs[k]!]), of.spans, of.anchors];
      }),
  };
}
