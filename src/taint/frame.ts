/**
 * The analysis of one function body (or module body): the flow-sensitive environment, what the
 * body returns, which parameters reach sinks, and name resolution from local variables out to
 * closures, module globals, imports and the project index.
 */
import type { FileModel } from "../model/file-model.js";
import { regionOf, type PyNode } from "../parse/ast.js";
import type { PyValue } from "../model/values.js";
import type { FlowStep } from "../types.js";
import type { Knowledge } from "./knowledge.js";
import { extendTrace, sourceLabel, type Label, type SourceInfo, type TraceStep } from "./labels.js";
import type { ResponseObjectSpec, SelfAttrSpec, SourceSpec } from "./model-types.js";
import type { FunctionRef, ProjectIndex } from "./project-index.js";
import type { SinkHit, SinkSite, Summary } from "./summary.js";
import { bounded, CLEAN_VAL, constVal, join, sameVal, type Val } from "./value.js";

export interface State {
  env: Map<string, Val>;
  live: boolean;
}

/** What an endpoint parameter holds. */
/** `cleared`: sink kinds a validation of the parameter rules out (`Query(pattern=r"^[a-z.]+$")`: all but paths). */
export type ParamRole = { role: "source"; label: string; type?: string; local?: boolean; cleared?: number; alsoKinds?: string[] } | { role: "object"; type: string } | { role: "clean" };

/** What an endpoint's parameters are and whether its returned strings become HTML. */
export interface EndpointInfo {
  framework: string;
  /** Parameter name → what it holds; parameters not listed are ordinary (symbolic) parameters. */
  params: Map<string, ParamRole>;
  /** The sink kind of strings returned as the HTML body, when they are. */
  returnKind?: string;
  /** The sink kind of anything returned to the client (`EndpointSpec.bodySink`). */
  bodyKind?: string;
  /** The route of a view reached by one fixed path (no variables): the request path is not user input there. */
  staticRoute?: string;
  /** The returned body is HTML only as the view's declared content type says (see `SinkSpec.contentType`). */
  returnContentType?: "html" | "unless-other";
  /** The body is the returned iterable's elements (WSGI). */
  returnIterable?: boolean;
  /** What the framework sets on `self` when this method is a view (Pyramid class views). */
  selfAttrs?: readonly SelfAttrSpec[];
}

/** The project-wide services a frame calls on. */
export interface AnalysisHost {
  readonly knowledge: Knowledge;
  readonly index: ProjectIndex;
  /** Work units allowed per function analysis. */
  readonly budget: number;
  /** Qualified names imported by a file (for library-specific untyped matches). */
  importsOf(model: FileModel): readonly string[];
  /** A module-level name's value after the module body ran (and functions assigned it through `global`), if known. */
  moduleValue(model: FileModel, name: string): Val | undefined;
  /** Records a function's assignment to a module global (`global x; x = ...`). */
  recordGlobal(model: FileModel, name: string, v: Val): void;
  /** Records request data a function stored in an attribute of a request-scoped namespace (`g.user = ...`). */
  recordRequestState(type: string, attr: string, v: Val): void;
  /** The attributes any function stored in a request-scoped namespace, by name. */
  requestState(type: string): ReadonlyMap<string, Val> | undefined;
  /** The summary of a project function, computed on demand; undefined while it is being computed (recursion). */
  summary(ref: FunctionRef, specialise?: Map<number, Val>): Summary | undefined;
  /** The summary of a function node in a loaded model (closures called in place use `inline`). */
  report(site: SinkSite, label: Label): void;
  /** Records a response object built by a sink call whose content type may still be set (`ResponseObjectSpec`). */
  responseCreated(oid: string, site: SinkSite, spec: ResponseObjectSpec): void;
  /** A view returns this value: a response recorded by `responseCreated` is judged by its content type now. */
  responseReturned(v: Val): void;
  /** Records that a sink was evaluated, and whether every argument that matters was a constant there. */
  sinkEvaluated(site: SinkSite, constant: boolean): void;
  /** The endpoint description of a function, if it is one. */
  endpoint(model: FileModel, fn: PyNode, cls: string | undefined): EndpointInfo | undefined;
  /** Records the environment a nested function was defined in (a view inside `create_app` reads it). */
  defined(model: FileModel, def: PyNode, env: ReadonlyMap<string, Val>): void;
  /** The modelled types a project class inherits from library bases (`tornado.web.RequestHandler`), nearest first. */
  inheritedTypes(cls: string): readonly string[];
  budgetExceeded(model: FileModel, fn: PyNode | null): void;
}

/** Thrown when a function analysis spends its work budget. */
export class BudgetExceeded extends Error {}

/** Work units per function analysis before it is abandoned with a notice (about a second of work). */
export const FUNCTION_BUDGET = 1_000_000;
/** Nesting of inline closure calls and of statements/expressions handled precisely. */
export const MAX_INLINE_DEPTH = 4;
export const MAX_EXPR_DEPTH = 120;

export interface FrameOptions {
  /** The enclosing function's environment, for closures. */
  closureEnv?: ReadonlyMap<string, Val>;
  /** Qualified name of the class for methods. */
  cls?: string;
  endpoint?: EndpointInfo;
  inlineDepth?: number;
  /** Shares the work counter of an enclosing frame (closures called in place). */
  parent?: Frame;
}

/** The analysis state of one function (or module) body. */
export class Frame {
  state: State = { env: new Map(), live: true };
  returns: Val | undefined;
  /** States at each truthy return, for validator summaries. */
  readonly truthyReturns: State[] = [];
  /** States at every exit (returns and the end of the body), for parameter effects. */
  readonly exits: State[] = [];
  readonly sinkHits: SinkHit[] = [];
  readonly loops: { breaks: State[]; continues: State[] }[] = [];
  /**
   * While a loop runs (the outermost one of the body), the head state each loop nested in it converged to
   * the last time it ran; the next run of the same inner loop starts from it joined with its own entry
   * (see `loop` in statements.ts). Dropped when the outermost loop ends.
   */
  loopSeeds: Map<PyNode, State> | null = null;
  /** States observed inside `try` bodies, for the handlers. */
  readonly tries: State[][] = [];
  /** Parameter names rebound in the body (their mutations do not reach the caller). */
  readonly rebound = new Set<string>();
  /**
   * Parameters this summary was specialised for with a library function or type (`type=int` at the call): such a
   * parameter, while not assigned again, is never `None` (`if type is not None:` folds).
   */
  readonly callables = new Set<string>();
  /** Parameters whose value decides a branch or selects an element: constant arguments there specialise the summary. */
  readonly decisive = new Set<number>();
  /** Sink kinds not reported here: development-only code (`DevelopmentOnlySpec`). */
  devOnly = 0;
  /**
   * Repeated reads a guard refined (`request.args.get("next")`, see `pureRead` in guards.ts): the
   * expression of each key, and the names they start from (assigning one forgets its reads).
   */
  readonly reads = new Map<string, PyNode>();
  readonly readRoots = new Set<string>();
  /**
   * The content type this function declared for its response on the current path: undefined when
   * none, `?` when it does not fold or differs between the paths that merged here.
   */
  get contentType(): string | undefined {
    const v = this.state.env.get(CONTENT_TYPE);
    if (!v) return undefined;
    return v.c?.t === "str" ? v.c.v : "?";
  }

  set contentType(value: string | undefined) {
    if (value === undefined) this.state.env.delete(CONTENT_TYPE);
    else this.state.env.set(CONTENT_TYPE, constVal({ t: "str", v: value }));
  }
  private work = 0;
  readonly imports: readonly string[];

  constructor(
    readonly host: AnalysisHost,
    readonly model: FileModel,
    /** The function (or lambda) analysed; null for a module body. */
    readonly fn: PyNode | null,
    readonly options: FrameOptions = {},
  ) {
    this.imports = host.importsOf(model);
  }

  get knowledge(): Knowledge {
    return this.host.knowledge;
  }

  /** A node inside the analysed body, for name lookups that are not tied to an expression. */
  get anchor(): PyNode {
    return this.fn?.get("body") ?? this.model.root;
  }

  get inlineDepth(): number {
    return this.options.inlineDepth ?? 0;
  }

  /** Counts work; throws when the function's budget is spent. */
  tick(n = 1): void {
    if (this.options.parent) {
      this.options.parent.tick(n);
      return;
    }
    this.work += n;
    if (this.work > this.host.budget) throw new BudgetExceeded();
  }

  step(node: PyNode, message: string, kind: FlowStep["kind"] = "step"): TraceStep {
    return { path: this.model.path, region: regionOf(this.model.src, node.start, node.end), message, kind };
  }

  /** A fresh source value at `node`. */
  source(spec: SourceSpec, node: PyNode, label = spec.label): Val {
    const info: SourceInfo = {
      key: `${this.model.path}:${node.start}:${label}`,
      label,
      path: this.model.path,
      line: node.line + 1,
      local: spec.local === true,
      ...(spec.noteKinds ? { notes: this.knowledge.mask(spec.noteKinds) } : {}),
    };
    const mask = this.knowledge.sourceMask(spec);
    // a source whose every kind can reach no sink of the project (Knowledge.deadKinds) is plain data
    if (mask === 0) return { t: CLEAN_VAL.t, ...(spec.type ? { type: spec.type } : {}), ...(spec.elementType ? { et: spec.elementType } : {}) };
    const trace = extendTrace(null, this.step(node, label, "source"));
    const v: Val = { t: [sourceLabel(info, mask, trace)] };
    return { ...v, ...(spec.type ? { type: spec.type } : {}), ...(spec.elementType ? { et: spec.elementType } : {}) };
  }

  // ---- state -----------------------------------------------------------------------------

  snapshot(): State {
    return { env: copyEnv(this.state.env), live: this.state.live };
  }

  /** Records the current state for enclosing `try` handlers. */
  observe(): void {
    const top = this.tries[this.tries.length - 1];
    if (top && this.state.live) top.push(this.snapshot());
  }

  assign(name: string, v: Val): void {
    const stored = bounded(v);
    this.state.env.set(name, stored);
    if (this.readRoots.has(name)) forgetReads(this.state.env, name);
    if (this.fn && this.model.scopes.get(this.fn)?.globals.has(name)) this.host.recordGlobal(this.model, name, stored);
  }

  /** An allocation-site identity for a mutable object created at `node`. */
  oid(node: PyNode): string {
    return `${this.model.path}:${node.start}`;
  }

  // ---- names -------------------------------------------------------------------------------

  /** The value of a name at `node`: local, closure, module global, import or builtin. */
  read(name: string, node: PyNode): Val {
    const local = this.state.env.get(name);
    if (local) return local;
    const bindings = this.model.lookup(name, node);
    if (!bindings || bindings.length === 0) {
      const q = this.model.qualifiedName(node);
      return q ? this.qualifiedValue(q, node) : CLEAN_VAL;
    }
    const scope = bindings[0]!.scope;
    if (bindings.every((b) => b.kind === "import")) {
      let out: Val | undefined;
      for (const b of bindings) {
        const v = this.qualifiedValue(b.qualified!, node);
        out = out ? join(out, v) : v;
      }
      return out ?? CLEAN_VAL;
    }
    if (scope.kind === "module") {
      const first = bindings[0]!;
      if (bindings.length === 1 && (first.kind === "def" || first.kind === "class")) {
        // a module-level function or class used as a value (a callback, a factory)
        const q = this.model.qualifiedName(node);
        if (q) return this.qualifiedValue(q, node);
      }
      if (this.fn === null) return CLEAN_VAL;
      const mv = this.host.moduleValue(this.model, name);
      if (mv) return mv;
      const c = this.model.constant(node);
      return c ? constVal(c) : CLEAN_VAL;
    }
    if (scope.kind === "function" && this.options.closureEnv) {
      return this.options.closureEnv.get(name) ?? CLEAN_VAL;
    }
    return CLEAN_VAL;
  }

  /** The value a qualified name stands for: a modelled source or typed object, a project constant. */
  qualifiedValue(q: string, node: PyNode): Val {
    const src = this.knowledge.nameSource(q);
    if (src) return this.source(src, node);
    const known = this.knowledge.constants.get(q);
    if (known !== undefined) return constVal({ t: "str", v: known });
    const type = this.knowledge.nameType(q);
    if (type) {
      const shared = this.knowledge.isRequestScoped(type) ? this.host.requestState(type) : undefined;
      return shared ? { t: [], type, attrs: new Map(shared) } : { t: [], type };
    }
    const r = this.host.index.resolve(q, this.model.path);
    if (r?.kind === "constant") return constVal(r.value);
    if (r?.kind === "class") return { t: [], klass: r.cls.qualified };
    if (r?.kind === "instance") {
      const t = this.typeOfInstance(r.callee);
      return t ? { t: [], type: t } : CLEAN_VAL;
    }
    // a library object or a project function: remember its name, so calls through it resolve
    return { t: [], q };
  }

  /** The type of an object made by calling `callee` (a modelled class or call, or a project class). */
  typeOfInstance(callee: string): string | undefined {
    const info = this.knowledge.call(callee);
    const t = info?.types[0]?.type;
    if (t) return t;
    const r = this.host.index.resolve(callee, this.model.path);
    return r?.kind === "class" ? r.cls.qualified : undefined;
  }

  /** Constant lookup for folding: the flow-sensitive environment first. */
  readonly lookup = (name: string, node: PyNode): PyValue | undefined => {
    const v = this.state.env.get(name);
    if (v) return v.t.length === 0 ? v.c : undefined;
    return this.read(name, node).c;
  };

  /** Sink kinds not reported at this point, here or in the frame that called this closure in place. */
  silenced(): number {
    return this.devOnly | (this.options.parent?.silenced() ?? 0);
  }

  /** Records a parameter reaching a sink inside this function (deduplicated, shortest trace kept). */
  addSinkHit(hit: SinkHit): void {
    const i = this.sinkHits.findIndex(
      (h) => h.site.path === hit.site.path && h.site.region.startLine === hit.site.region.startLine && h.site.region.startColumn === hit.site.region.startColumn && h.site.kind === hit.site.kind && h.param === hit.param && h.ppath === hit.ppath && h.argv === hit.argv,
    );
    if (i < 0) this.sinkHits.push(hit);
    else if ((hit.trace?.len ?? 0) < (this.sinkHits[i]!.trace?.len ?? 0)) this.sinkHits[i] = { ...hit, mask: hit.mask | this.sinkHits[i]!.mask };
  }

  /** Notes the parameters a tested or indexing value comes from. */
  decides(v: Val): void {
    for (const l of v.t) if (l.param >= 0) this.decisive.add(l.param);
    if (this.options.parent) this.options.parent.decides(v);
  }

  addReturn(v: Val): void {
    this.returns = this.returns ? join(this.returns, v) : v;
  }
}

/**
 * Facts about the function's effects kept in the environment under names no Python variable can
 * have, so they follow the paths: the response's declared content type.
 */
const CONTENT_TYPE = "#content-type";

/** Prefix of the environment keys holding a refined repeated read (`pureRead` in guards.ts). */
export const READ_KEY = "#read:";

/** Forgets the refined reads that start from `name` (it was assigned). */
function forgetReads(env: Map<string, Val>, name: string): void {
  for (const k of env.keys()) {
    if (k.startsWith(READ_KEY) && (k.startsWith(`${READ_KEY}${name}.`) || k.startsWith(`${READ_KEY}${name}[`))) env.delete(k);
  }
}

/** A copy of an environment (same order; `forEach` builds no entry pairs, unlike `new Map(env)`). */
export function copyEnv(env: ReadonlyMap<string, Val>): Map<string, Val> {
  const out = new Map<string, Val>();
  env.forEach((v, k) => out.set(k, v));
  return out;
}

/** Joins two states at a merge point. */
export function joinStates(a: State, b: State): State {
  if (!a.live) return b;
  if (!b.live) return a;
  const env = copyEnv(a.env);
  joinInto(env, b.env);
  return { env, live: true };
}

/** Joins the environment `b` into `env` (the other side's, changed in place). */
function joinInto(env: Map<string, Val>, b: ReadonlyMap<string, Val>): void {
  const size = env.size;
  const hadContentType = env.has(CONTENT_TYPE);
  let added: string[] | undefined;
  b.forEach((v, k) => {
    const x = env.get(k);
    if (x === undefined) {
      env.set(k, v);
      (added ??= []).push(k);
    } else if (x !== v) env.set(k, join(x, v));
  });
  // a read refined on one path only is evaluated afresh after the merge
  if (env.size !== size || env.size !== b.size) {
    for (const k of env.keys()) if (k.charCodeAt(0) === 35 && k.startsWith(READ_KEY) && (added?.includes(k) || !b.has(k))) env.delete(k);
  }
  // a fact established on one path only is unknown after the merge (a variable is simply kept)
  if (hadContentType !== b.has(CONTENT_TYPE)) env.set(CONTENT_TYPE, CLEAN_VAL);
}

/**
 * Joins any number of states (the result is unreachable when all are): what `joinStates` folded over
 * the list gives, with one copy of an environment instead of one per state joined.
 */
export function joinStateList(states: readonly State[]): State {
  let out: State = { env: new Map(), live: false };
  let own = false;
  for (const s of states) {
    if (!out.live) out = s;
    else if (s.live) {
      if (!own) {
        out = { env: copyEnv(out.env), live: true };
        own = true;
      }
      joinInto(out.env, s.env);
    }
  }
  return out;
}

/** Same environments (ignoring traces). */
export function sameState(a: State, b: State): boolean {
  if (a.live !== b.live || a.env.size !== b.env.size) return false;
  for (const [k, v] of a.env) {
    const w = b.env.get(k);
    if (!w || !sameVal(v, w)) return false;
  }
  return true;
}
