/**
 * Function summaries and their application at call sites. A summary is the result of analysing
 * a function once with every parameter bound to a symbolic label: what reaches the return value
 * (with which sanitisation), which parameters reach a sink inside, what the function does to
 * its (mutable) parameters, and which parameters it validates when it returns a truthy value.
 */
import type { Level, Region } from "../types.js";
import { concatTrace, extendTrace, pathSegments, type Label, type Taint, type Trace, type TraceStep } from "./labels.js";
import { attribute, Bound, collapsedTop, CONTAINER_CONST, element, flat, flatInner, index, isClean, join, joinAll, mapTaint, partCount, restrictVal, tainted, type Val } from "./value.js";
import { CLEAN, union } from "./labels.js";
import { parseRepr } from "./repr.js";

/** Where a sink call is. */
export interface SinkSite {
  path: string;
  region: Region;
  /** The callee as written (`cur.execute`), for messages. */
  callee: string;
  kind: string;
  level?: Level;
}

/** A parameter (access path) that reaches a sink inside the function. */
export interface SinkHit {
  site: SinkSite;
  param: number;
  ppath: string;
  /** Kinds still dangerous on the way (the sink's kind is among them). */
  mask: number;
  /** Steps from the function entry to the sink. */
  trace: Trace | null;
  /**
   * The parameter is an argument vector given whole to a sink that judges only its program (`Popen(cmd)` with
   * `shell=False`): the caller's value is judged the same way (`["git", *args]` by its first element).
   */
  argv?: boolean;
}

export interface ParamInfo {
  names: string[];
  /** Number of positional parameters (before `*args`/`*`). */
  positional: number;
  /** Index of `*args`, or -1. */
  varargs: number;
  /** Index of `**kwargs`, or -1. */
  kwargs: number;
  /** Default values where they fold to constants (by parameter index); `null` for a non-constant default. */
  defaults: Map<number, Val | null>;
}

export interface Summary {
  params: ParamInfo;
  ret: Val;
  sinkHits: SinkHit[];
  /** Final values of parameters the function mutated (not rebound). */
  effects: Map<number, Val>;
  /** No path returns normally (every path raises or aborts). */
  neverReturns: boolean;
  /** Kinds a truthy return guarantees each parameter is clean of (validator functions). */
  validates: Map<number, number>;
  /** Parameters whose constant value can change the result (they decide branches or select elements). */
  decisive: number[];
  /** Parameters analysed with a known type (annotated, `self`, or specialised for a typed argument). */
  typed: number[];
}

/** Resolves a parameter access path (`.name[0]`) on an actual argument value. */
export function resolvePath(v: Val, ppath: string): Val {
  if (ppath === "") return v;
  let out = v;
  for (const seg of pathSegments(ppath)) {
    if (seg.startsWith(".")) out = attribute(out, seg.slice(1));
    else if (seg === "[*]") out = element(out);
    else out = index(out, parseRepr(seg.slice(1, -1)));
  }
  return out;
}

/** Rewrites a callee-side value in the caller's terms: parameter labels become the actual arguments. */
export class Substitution {
  constructor(
    private readonly actuals: readonly Val[],
    /** Steps recorded at the call site for each parameter (`passed to f() as x`). */
    private readonly callSteps: readonly (TraceStep | null)[],
  ) {}

  /** What each parameter access path (and mask) stands for, before the traces: the same for every label of it. */
  private readonly resolved = new Map<string, Val>();

  /** The actual value for one parameter label, sanitised as the label says, with the traces joined. */
  label(l: Label): Val {
    const resolved = this.resolve(l);
    if (!resolved) return tainted(CLEAN);
    const step = this.callSteps[l.param] ?? null;
    return mapTaint(resolved, (t) => this.retrace(t, step, l.trace));
  }

  /** The labels of `label(l)`, without building it: the flat labels of what the path stands for, retraced. */
  private flatLabel(l: Label): Taint {
    const resolved = this.resolve(l);
    if (!resolved) return CLEAN;
    return this.retrace(flat(resolved), this.callSteps[l.param] ?? null, l.trace);
  }

  private resolve(l: Label): Val | undefined {
    const actual = this.actuals[l.param];
    if (!actual) return undefined;
    const key = `${l.key}\0${l.mask}`;
    let v = this.resolved.get(key);
    if (!v) this.resolved.set(key, (v = restrictVal(resolvePath(actual, l.ppath), l.mask)));
    return v;
  }

  /** Labels of `t` in the caller's terms. */
  taint(t: Taint): Taint {
    // real sources stay as they are (a label set holds each origin once, so rebuilding it gives `t` again)
    if (!hasParam(t)) return t;
    let out: Taint = CLEAN;
    for (const l of t) {
      if (l.param < 0) out = union(out, [l]);
      else out = union(out, flat(this.label(l)));
    }
    return out;
  }

  /**
   * `v` (a return value or a parameter's final value) in the caller's terms, kept small: `bounded(map(v))`, built
   * as `bounded` walks it, so that a part `bounded` is sure to collapse is never built. An object passed around a
   * whole application (a server, a store, a handler) comes back from a constructor or a getter as a value whose
   * every attribute holds labels of the parameter's access paths; replacing each label by the argument's part it
   * stands for, and joining those parts, built hundreds of nodes per call only for `bounded` to keep 48 of them.
   * A part that loses its shape keeps the labels its parameter labels stand for (`flatLabel`), its type and constant.
   */
  value(v: Val): Val {
    return this.fit(v, 0, new Bound());
  }

  /** `map(v, depth)` bounded as the part at `depth` of the value `b` walks. */
  private fit(v: Val, depth: number, b: Bound): Val {
    if (!mentionsParams(v, depth) || depth >= 6) return b.visit(depth >= 6 ? this.map(v, depth) : v, depth);
    const params = v.t.filter((l) => l.param >= 0);
    if (params.length === 0) {
      // nothing joins in at this level: the value keeps its parts where they are
      const size = partCount(v);
      if (size === 0) return this.map(v, depth);
      if (!b.keeps(size, depth)) {
        const rest = v.rest ? this.taint(v.rest) : undefined;
        if (v.seq) return { ...collapsedTop(v, v.t), seq: v.seq, rest: union(rest ?? CLEAN, this.flatTaint(flatInner(v))) };
        return collapsedTop(v, this.flatTaint(flat(v)));
      }
      const own: { -readonly [K in keyof Val]: Val[K] } = { ...v };
      if (v.rest) own.rest = this.taint(v.rest);
      if (v.kt) own.kt = this.taint(v.kt);
      const g = (x: Val) => this.fit(x, depth + 1, b);
      if (v.items) own.items = v.items.map(g);
      if (v.tail) own.tail = v.tail.map(g);
      if (v.keys) own.keys = mapEntries(v.keys, g);
      if (v.attrs) own.attrs = mapEntries(v.attrs, g);
      if (v.el) own.el = g(v.el);
      return own;
    }
    const top = this.collapsible(v, params, depth, b);
    if (top) return collapsedTop(top, this.flatTaint(flat(v)));
    return b.visit(this.map(v, depth), depth);
  }

  /**
   * For a part with parameter labels that `bounded` is sure to collapse (no container, at least as many attributes
   * as the budget has left, or any attribute at the depth where stored values stop): what it would keep of its type
   * and constant, from the same joins done without the parts. Undefined when the part may keep its shape.
   */
  private collapsible(v: Val, params: readonly Label[], depth: number, b: Bound): Val | undefined {
    const parts = params.map((l) => this.resolve(l) ?? tainted(CLEAN));
    const containerish = (x: Val) => x.seq !== undefined || x.items !== undefined || x.tail !== undefined || x.keys !== undefined || x.el !== undefined || (x.c !== undefined && CONTAINER_CONST.has(x.c.t));
    if (containerish(v) || parts.some(containerish)) return undefined;
    const names = new Set<string>(v.attrs?.keys() ?? []);
    for (const x of parts) for (const n of x.attrs?.keys() ?? []) names.add(n);
    if (names.size === 0 || (depth < 4 && !b.wouldCollapse(names.size))) return undefined;
    const bare = (x: Val): Val => {
      const { attrs: _attrs, parts: _parts, ...rest } = x;
      return x.attrs ? { ...rest, attrs: NO_ATTRS } : rest;
    };
    const sources = v.t.length === params.length ? CLEAN : v.t.filter((l) => l.param < 0);
    const hasShape = v.items || v.tail || v.keys || v.attrs || v.seq || v.rest || v.kt || v.el;
    // the three ways `map` builds the part, on the parts' tops only
    if (!hasShape && sources.length === 0 && !v.type && !v.fn && !v.pick) return v.ex ? undefined : joinAll(parts.map(bare));
    if (params.length === 1 && params[0]!.ppath === "" && v.attrs) return v.type ? { ...parts[0]!, type: v.type } : parts[0]!;
    let out: Val = bare({ ...v, t: sources });
    for (const x of parts) out = join(out, bare(x));
    return v.type && out.type !== v.type ? { ...out, type: v.type } : out;
  }

  /** `taint(t)` for a part that loses its shape: each parameter label stands for the labels of its argument's part. */
  private flatTaint(t: Taint): Taint {
    if (!hasParam(t)) return t;
    let out: Taint = CLEAN;
    for (const l of t) out = union(out, l.param < 0 ? [l] : this.flatLabel(l));
    return out;
  }

  private map(v: Val, depth: number): Val {
    // nothing here stands for a parameter: the value means the same to the caller
    if (!mentionsParams(v, depth)) return v;
    const params = v.t.filter((l) => l.param >= 0);
    const sources = params.length === 0 ? v.t : v.t.filter((l) => l.param < 0);
    const hasShape = v.items || v.tail || v.keys || v.attrs || v.seq || v.rest || v.kt || v.el;
    // the function returns (a part of) a parameter as is: keep the argument's shape and constant
    if (!hasShape && sources.length === 0 && params.length > 0 && !v.type && !v.fn && !v.pick) {
      const r = joinAll(params.map((l) => this.label(l)));
      // what the callee made sure the text lacks (`return s.replace("'", "''")`) holds for the result
      return v.ex && !isClean(r) ? { t: flat(r), ex: v.ex } : r;
    }
    // one copy, its parts replaced in place (the keys keep `v`'s order, as spreading them over it would)
    const own: { -readonly [K in keyof Val]: Val[K] } = { ...v, t: sources };
    if (v.rest) own.rest = this.taint(v.rest);
    if (v.kt) own.kt = this.taint(v.kt);
    if (depth < 6) {
      if (v.items) own.items = v.items.map((x) => this.map(x, depth + 1));
      if (v.tail) own.tail = v.tail.map((x) => this.map(x, depth + 1));
      if (v.keys) own.keys = mapEntries(v.keys, (x) => this.map(x, depth + 1));
      if (v.attrs) own.attrs = mapEntries(v.attrs, (x) => this.map(x, depth + 1));
      if (v.el) own.el = this.map(v.el, depth + 1);
    } else if (v.el) {
      // too deep to keep the elements' shape: their labels join the unknown elements' taint
      delete own.el;
      own.rest = this.taint(union(v.rest ?? CLEAN, flat(v.el)));
    }
    if (params.length === 0) return own;
    // an object returned with some attributes set: start from the argument, overlay what the callee set
    if (params.length === 1 && params[0]!.ppath === "" && v.attrs && !v.items && !v.tail && !v.keys) {
      const base = this.label(params[0]!);
      const attrs = new Map(base.attrs ?? []);
      for (const [k, x] of own.attrs ?? []) attrs.set(k, x);
      return { ...base, t: union(base.t, sources), attrs, ...(v.type ? { type: v.type } : {}) };
    }
    let out = own;
    for (const l of params) out = join(out, this.label(l));
    // code the callee picked by a name made of its arguments (`getattr(module, "do_" + action)`) is still that code
    if (v.pick) out = { ...out, pick: v.pick };
    // the callee built an object of a known kind from its arguments (`return select(self.model)`): the
    // result is of that kind, whatever the argument's own type
    return v.type && out.type !== v.type ? { ...out, type: v.type } : out;
  }

  /** `t` with the call step and the callee's steps appended to each trace (`t` itself when no trace changes). */
  private retrace(t: Taint, step: TraceStep | null, inner: Trace | null): Taint {
    if (t.length === 0 || (!step && !inner)) return t;
    let out: Label[] | undefined;
    for (let i = 0; i < t.length; i++) {
      const l = t[i]!;
      let trace = l.trace;
      if (step) trace = extendTrace(trace, step);
      trace = concatTrace(trace, inner);
      if (trace !== l.trace && !out) out = t.slice(0, i);
      if (out) out.push(trace === l.trace ? l : { ...l, trace });
    }
    return out ?? t;
  }
}

function hasParam(t: Taint): boolean {
  for (const l of t) if (l.param >= 0) return true;
  return false;
}

/** Whether `Substitution.map` would replace a parameter label in `v` (the parts it visits, to the depth it visits). */
function mentionsParams(v: Val, depth: number): boolean {
  if (hasParam(v.t) || (v.rest && hasParam(v.rest)) || (v.kt && hasParam(v.kt))) return true;
  if (depth >= 6) return false;
  for (const x of v.items ?? []) if (mentionsParams(x, depth + 1)) return true;
  for (const x of v.tail ?? []) if (mentionsParams(x, depth + 1)) return true;
  if (v.keys) for (const x of v.keys.values()) if (mentionsParams(x, depth + 1)) return true;
  if (v.attrs) for (const x of v.attrs.values()) if (mentionsParams(x, depth + 1)) return true;
  if (v.el && mentionsParams(v.el, depth + 1)) return true;
  return false;
}

const NO_ATTRS: ReadonlyMap<string, Val> = new Map();

function mapEntries(m: ReadonlyMap<string, Val>, f: (v: Val) => Val): Map<string, Val> {
  const out = new Map<string, Val>();
  for (const [k, v] of m) out.set(k, f(v));
  return out;
}
