/**
 * Abstract values: taint labels plus what is known about the value — a constant, the precise
 * shape of a container (items at constant indices, entries at constant keys), object attributes,
 * a type for method dispatch, a local function. Values are immutable; updates build new ones.
 */
import type { PyNode } from "../parse/ast.js";
import type { FileModel } from "../model/file-model.js";
import { pyEquals, pyRepr, type PyValue } from "../model/values.js";
import { addStep, CLEAN, refine, restore, restrict, sameTaint, union, type Taint, type TraceStep } from "./labels.js";

/** A function or lambda defined inside the analysed code, called where it is known. */
export interface Closure {
  node: PyNode;
  model: FileModel;
  /** The defining function's environment when the closure was created. */
  env: ReadonlyMap<string, Val>;
  /** The function whose body defined the closure (null at module level). */
  owner: PyNode | null;
}

/** What a `functools.partial(target, *args, **kwargs)` binds (arguments kept as evaluated). */
export interface PartialCall {
  /** The target as a value (a closure, a class, a qualified name), or the receiver of a bound method. */
  target: Val;
  /** Set when the target is `recv.method`: `target` is then the receiver. */
  method?: string;
  recvNode?: PyNode;
  pos: readonly Val[];
  posNodes: readonly PyNode[];
  kw: ReadonlyMap<string, Val>;
  kwNodes: ReadonlyMap<string, PyNode>;
}

export type SeqKind = "list" | "tuple" | "set" | "dict";

/**
 * What a condition establishes about a variable (or attribute path) on the branch where it is
 * true (`yes`) or false (`no`): kinds it is clean of (`mask`), or its exact value.
 */
export interface Refinement {
  path: readonly string[];
  mask: number;
  value?: Val;
  /** Substrings the value does not contain (`^P`: it does not start with `P`)… */
  ex?: readonly string[];
  /** … only between its first `slice[0]` and its last `-slice[1]` characters (`"'" in v[1:-1]`). */
  slice?: readonly [number, number | null];
  /** The value starts / ends with this text. */
  prefix?: string;
  suffix?: string;
  /** A disjunction: the facts of one of these lists hold (`x == "a" or x == "b"`); `path` is empty. */
  any?: readonly (readonly Refinement[])[];
}

export interface GuardFacts {
  yes: readonly Refinement[];
  no: readonly Refinement[];
}

export interface Val {
  /** Taint of the value itself (a tainted container taints all its parts). */
  readonly t: Taint;
  /** The constant, when known. */
  readonly c?: PyValue;
  readonly seq?: SeqKind;
  /**
   * Elements at known positions from the start (list/tuple). Without `rest` they are the whole
   * sequence; with `rest` they are an exact prefix followed by elements of unknown number.
   */
  readonly items?: readonly Val[];
  /** Elements known at the end of a list whose middle is unknown (`extend(unknown)` then `append(x)`). */
  readonly tail?: readonly Val[];
  /** Dict entries under constant keys (keyed by the key's repr). */
  readonly keys?: ReadonlyMap<string, Val>;
  /** Taint of dict keys. */
  readonly kt?: Taint;
  /** Taint of elements at unknown positions or keys. */
  readonly rest?: Taint;
  /**
   * What every element at an unknown position of a list, tuple or set is (`[(row, ",".join("?" * len(row)))
   * for …]`: a tuple whose second item is clean), `rest` being taint those elements carry besides. It
   * keeps the shape of elements that a loop or an unpacking takes apart (`for chunk, marks in …`,
   * `enumerate`, `zip`). A value with it has elements of unknown number (`hasMiddle`).
   */
  readonly el?: Val;
  readonly attrs?: ReadonlyMap<string, Val>;
  /** The kind of object (`dbapi.Cursor`, a project class's qualified name). */
  readonly type?: string;
  /** Type of elements. */
  readonly et?: string;
  /** A normalised path (`realpath`/`abspath`), which a prefix check can contain. */
  readonly norm?: boolean;
  readonly fn?: Closure;
  /** A `functools.partial` object: calling it calls its target with the bound arguments first. */
  readonly partial?: PartialCall;
  /** A project class itself (not an instance): calling it makes an instance. */
  readonly klass?: string;
  /** The qualified name a library object stands for (`yaml.SafeLoader`), for argument conditions. */
  readonly q?: string;
  /** The allocation site of a mutable object (list, dict, set, instance): names holding it are aliases. */
  readonly oid?: string;
  /** Facts this (boolean) value establishes when tested. */
  readonly g?: GuardFacts;
  /**
   * The known beginning of a string that is not constant as a whole (`"https://api/" + path`); a
   * clean but unknown part of it stands as U+0000. Kinds a fixed beginning neutralises are cleared
   * from what is appended (`FixedPrefixSpec`).
   */
  readonly pre?: string;
  /** Access paths of the values this one is a parsed view of (`urlparse(url)`: `url`). */
  readonly from?: readonly (readonly string[])[];
  /** A component of a parsed value: comparing it with constants validates `paths` for the kinds in `mask`. */
  readonly origin?: Origin;
  /**
   * The constants a clean value may be when it is not one known constant (`"sh"` on one branch,
   * `"cmd.exe"` on the other; `x` after `x == "a" or x == "b"`), at most MAX_ALTS of them.
   */
  readonly alts?: readonly PyValue[];
  /**
   * A string built from constant text and values (`f"… '{x}'"`, `"a" + x`): its pieces in order,
   * constant text as strings, the rest as the values inserted (holes). The value's taint is the
   * union of its holes'; sinks with a syntax (SQL, XPath, shell, Python, paths) judge each hole in
   * the context the constant text puts it in.
   */
  readonly parts?: readonly Part[];
  /**
   * Substrings the value is known not to contain (`"'"` after `if "'" in x: abort()`); an entry
   * `^P` means the value does not start with `P`.
   */
  readonly ex?: readonly string[];
  /** What a missing key of this dict reads as (a `defaultdict`'s factory result). */
  readonly missing?: Val;
  /** Project code chosen by name at run time (`import_module("app.triggers." + kind)`, then `getattr(module, "do_" + name)`). */
  readonly pick?: CodePick;
}

/**
 * Project modules, and then their functions, named by text known only in part: a module whose dotted name is
 * `mod` (or begins with it), and once an attribute is looked up by name, its functions called `name` (or whose
 * names begin with it). Calling such a value calls each project function it may be (`ProjectIndex.pickedFunctions`).
 */
export interface CodePick {
  readonly mod: string;
  readonly modExact: boolean;
  readonly name?: string;
  readonly nameExact?: boolean;
}

function isNoneVal(v: Val): boolean {
  return v.c?.t === "none" && isClean(v);
}

function samePick(a: CodePick, b: CodePick | undefined): boolean {
  return b !== undefined && a.mod === b.mod && a.modExact === b.modExact && a.name === b.name && a.nameExact === b.nameExact;
}

/** A piece of a string value: constant text, or an inserted value. */
export type Part = string | Val;

const MAX_ALTS = 8;

/** The constants a clean value may be: its constant, its alternatives, or undefined when unknown. */
export function possibleConstants(v: Val): readonly PyValue[] | undefined {
  if (!isClean(v)) return undefined;
  if (v.c) return [v.c];
  return v.alts;
}

/** A clean value that is one of `cs` (a single constant when they are all equal). */
export function oneOf(cs: readonly PyValue[]): Val {
  const out: PyValue[] = [];
  for (const c of cs) if (!out.some((x) => pyEquals(x, c))) out.push(c);
  if (out.length === 1) return constVal(out[0]!);
  return out.length > 0 && out.length <= MAX_ALTS ? { t: CLEAN, alts: out } : CLEAN_VAL;
}

/** The alternatives of two joined scalar values, when both are known constants or alternatives. */
function joinAlts(a: Val, b: Val): readonly PyValue[] | undefined {
  if (hasShape(a) || hasShape(b)) return undefined;
  const x = possibleConstants(a);
  const y = possibleConstants(b);
  if (!x || !y || x.some((c) => CONTAINER_CONST.has(c.t)) || y.some((c) => CONTAINER_CONST.has(c.t))) return undefined;
  const v = oneOf([...x, ...y]);
  // the same alternatives as `a`'s (in its order): keep its list
  if (v.alts && a.alts && v.alts.length === a.alts.length && v.alts.every((c, i) => c === a.alts![i])) return a.alts;
  return v.alts;
}

/** Where a parsed component came from, and what checking it validates there. */
export interface Origin {
  readonly paths: readonly (readonly string[])[];
  readonly mask: number;
}

export const CLEAN_VAL: Val = { t: CLEAN };

/** A value carrying only taint. */
export function tainted(t: Taint): Val {
  return t.length === 0 ? CLEAN_VAL : { t };
}

/** A clean constant. */
export function constVal(c: PyValue): Val {
  return { t: CLEAN, c };
}

const MAX_DEPTH = 6;

/** Nodes kept per stored value; deeper or further parts collapse into their taint. */
const MAX_NODES = 48;
const MAX_STORED_DEPTH = 4;

/**
 * Keeps a value small enough to copy cheaply: breadth-first, the first MAX_NODES nodes (and no
 * more than MAX_STORED_DEPTH levels) keep their shape, the rest collapse into their labels and
 * type. Object graphs through attributes (a widget holding its parent holding its children…) would
 * otherwise grow with every call that passes them around.
 */
export function bounded(v: Val): Val {
  if (!v.items && !v.keys && !v.attrs && !v.tail && !v.el) return v;
  return new Bound().visit(v, 0);
}

/** The number of parts a value keeps in place (what `bounded` spends on it). */
export function partCount(x: Val): number {
  return (x.items?.length ?? 0) + (x.tail?.length ?? 0) + (x.keys?.size ?? 0) + (x.attrs?.size ?? 0) + (x.el ? 1 : 0);
}

/**
 * `bounded`'s walk with its budget in the open, for a caller that builds the value as it walks (`Substitution.value`):
 * `keeps` says whether a node of that many parts at that depth keeps its shape (spending the budget when it does),
 * `visit` bounds a finished part. A caller that spends the budget in `bounded`'s order (depth first: items, tail, keys,
 * attributes, element) gets what `bounded` would have made of the whole.
 */
export class Bound {
  private budget = MAX_NODES;

  /** Whether a node of `size` parts (below the stored depth) is sure to lose its shape. */
  wouldCollapse(size: number): boolean {
    return size > this.budget;
  }

  keeps(size: number, depth: number): boolean {
    if (depth >= MAX_STORED_DEPTH || size > this.budget) return false;
    this.budget -= size;
    return true;
  }

  visit(x: Val, depth: number): Val {
    if (!x.items && !x.keys && !x.attrs && !x.tail && !x.el) return x;
    if (!this.keeps(partCount(x), depth)) {
      const c = collapsedTop(x, flat(x));
      // a container that loses its shape keeps its elements' taint as unknown-position elements
      return x.seq ? { ...c, t: x.t, seq: x.seq, rest: union(x.rest ?? CLEAN, flatInner(x)) } : c;
    }
    const g = (y: Val) => this.visit(y, depth + 1);
    const items = x.items ? mapList(x.items, g) : undefined;
    const tail = x.tail ? mapList(x.tail, g) : undefined;
    const keys = x.keys ? mapValuesKeep(x.keys, g) : undefined;
    const attrs = x.attrs ? mapValuesKeep(x.attrs, g) : undefined;
    const el = x.el ? g(x.el) : undefined;
    // within bounds all the way down: the value itself
    if (items === x.items && tail === x.tail && keys === x.keys && attrs === x.attrs && el === x.el) return x;
    const out: { -readonly [K in keyof Val]: Val[K] } = { ...x };
    if (x.el) out.el = el;
    if (x.items) out.items = items;
    if (x.tail) out.tail = tail;
    if (x.keys) out.keys = keys;
    if (x.attrs) out.attrs = attrs;
    return out;
  }
}

/** What `bounded` keeps of a value that loses its shape (not a container): its labels `t`, type and constant. */
export function collapsedTop(x: Val, t: Taint): Val {
  const out: { -readonly [K in keyof Val]: Val[K] } = { t };
  if (x.type) out.type = x.type;
  if (x.et) out.et = x.et;
  if (x.c) out.c = x.c;
  return out;
}

export function flatInner(x: Val): Taint {
  let t: Taint = CLEAN;
  for (const y of x.items ?? []) t = union(t, flat(y));
  for (const y of x.tail ?? []) t = union(t, flat(y));
  for (const y of x.keys?.values() ?? []) t = union(t, flat(y));
  for (const y of x.attrs?.values() ?? []) t = union(t, flat(y));
  if (x.el) t = union(t, flat(x.el));
  return t;
}

/** Every label anywhere in the value. */
export function flat(v: Val, depth = 0): Taint {
  let t = v.t;
  if (v.rest) t = union(t, v.rest);
  if (v.kt) t = union(t, v.kt);
  if (depth >= MAX_DEPTH) return t;
  if (v.items) for (const x of v.items) t = union(t, flat(x, depth + 1));
  if (v.tail) for (const x of v.tail) t = union(t, flat(x, depth + 1));
  if (v.keys) for (const x of v.keys.values()) t = union(t, flat(x, depth + 1));
  if (v.attrs) for (const x of v.attrs.values()) t = union(t, flat(x, depth + 1));
  if (v.parts) for (const x of v.parts) if (typeof x !== "string") t = union(t, flat(x, depth + 1));
  if (v.el) t = union(t, flat(v.el, depth + 1));
  return t;
}

/** True when nothing in the value is tainted (`flat(v)` is empty; checked without building it). */
export function isClean(v: Val, depth = 0): boolean {
  if (v.t.length > 0 || (v.rest !== undefined && v.rest.length > 0) || (v.kt !== undefined && v.kt.length > 0)) return false;
  if (depth >= MAX_DEPTH) return true;
  if (v.items) for (const x of v.items) if (!isClean(x, depth + 1)) return false;
  if (v.tail) for (const x of v.tail) if (!isClean(x, depth + 1)) return false;
  if (v.keys) for (const x of v.keys.values()) if (!isClean(x, depth + 1)) return false;
  if (v.attrs) for (const x of v.attrs.values()) if (!isClean(x, depth + 1)) return false;
  if (v.parts) for (const x of v.parts) if (typeof x !== "string" && !isClean(x, depth + 1)) return false;
  if (v.el && !isClean(v.el, depth + 1)) return false;
  return true;
}

function hasShape(v: Val): boolean {
  return v.seq !== undefined || v.attrs !== undefined || v.items !== undefined || v.keys !== undefined || v.tail !== undefined || v.el !== undefined;
}

/** Materialises the shape of a constant container (so it can be indexed and mutated precisely). */
export function shaped(v: Val): Val {
  const c = v.c;
  if (!c || hasShape(v)) return v;
  if (c.t === "list" || c.t === "tuple") return { ...v, seq: c.t, items: c.items.map(constVal) };
  if (c.t === "set") return { ...v, seq: "set", rest: CLEAN };
  if (c.t === "dict") {
    const keys = new Map<string, Val>();
    for (const [k, x] of c.entries) keys.set(pyRepr(k), constVal(x));
    return { ...v, seq: "dict", keys };
  }
  return v;
}

/**
 * Joins two values (the state after two branches meet). When the join adds nothing to one side —
 * every field of the result is that side's own (the same objects) — that side is returned itself
 * rather than a copy: values are immutable, and later joins and fixpoint checks of it are instant.
 */
export function join(a: Val, b: Val, depth = 0): Val {
  if (a === b) return a;
  const aBare = a.t.length === 0 && !hasShape(a) && !a.fn && !a.partial && !a.klass && !a.q;
  const bBare = b.t.length === 0 && !hasShape(b) && !b.fn && !b.partial && !b.klass && !b.q;
  const c = a.c && b.c && pyEquals(a.c, b.c) ? a.c : undefined;
  // a bare clean value (None, a constant) adds nothing to the other side's shape
  if (aBare && !bBare && !(a.c && CONTAINER_CONST.has(a.c.t))) return keepPrefix(withConst(b, c), a);
  if (bBare && !aBare && !(b.c && CONTAINER_CONST.has(b.c.t))) return keepPrefix(withConst(a, c), b);
  const sa = shaped(a);
  const sb = shaped(b);
  const out: { -readonly [K in keyof Val]: Val[K] } = { t: union(sa.t, sb.t) };
  if (c) out.c = c;
  else {
    const alts = joinAlts(a, b);
    if (alts) out.alts = alts;
  }
  const ex = joinExcluded(a, b);
  if (ex) out.ex = ex;
  const parts = joinParts(a, b, depth);
  if (parts) out.parts = parts;
  const type = sa.type === sb.type ? sa.type : sa.type && sb.type ? undefined : sa.type ?? sb.type;
  if (type) out.type = type;
  const et = sa.et === sb.et ? sa.et : sa.et ?? sb.et;
  if (et) out.et = et;
  if (sa.norm && sb.norm) out.norm = true;
  if (sa.fn && sa.fn === sb.fn) out.fn = sa.fn;
  if (sa.partial && sa.partial === sb.partial) out.partial = sa.partial;
  if (sa.klass && sa.klass === sb.klass) out.klass = sa.klass;
  if (sa.q && sa.q === sb.q) out.q = sa.q;
  if (sa.oid && sa.oid === sb.oid) out.oid = sa.oid;
  if (sa.pre !== undefined && sa.pre === sb.pre) out.pre = sa.pre;
  // calling None fails: a function that returns picked code or None returns that code where it is called
  const pick = sa.pick && (samePick(sa.pick, sb.pick) || isNoneVal(sb)) ? sa.pick : sb.pick && isNoneVal(sa) ? sb.pick : undefined;
  if (pick) out.pick = pick;
  let rest = union(sa.rest ?? CLEAN, sb.rest ?? CLEAN);
  const kt = union(sa.kt ?? CLEAN, sb.kt ?? CLEAN);
  if (sa.seq === sb.seq && sa.seq) {
    out.seq = sa.seq;
    if (sa.items && sb.items && sa.items.length === sb.items.length && depth < MAX_DEPTH) {
      out.items = mapList(sa.items, (x, i) => join(x, sb.items![i]!, depth + 1));
    } else {
      for (const x of sa.items ?? []) rest = union(rest, flat(x));
      for (const x of sb.items ?? []) rest = union(rest, flat(x));
    }
    if (sa.tail && sb.tail && sa.tail.length === sb.tail.length && out.items && depth < MAX_DEPTH) {
      out.tail = mapList(sa.tail, (x, i) => join(x, sb.tail![i]!, depth + 1));
    } else {
      for (const x of sa.tail ?? []) rest = union(rest, flat(x));
      for (const x of sb.tail ?? []) rest = union(rest, flat(x));
    }
    if (sa.el && sb.el) {
      if (depth < MAX_DEPTH) out.el = join(sa.el, sb.el, depth + 1);
      else rest = union(rest, union(flat(sa.el), flat(sb.el)));
    } else if (sa.el || sb.el) {
      // one side's unknown elements have a shape and the other's only taint (in its `rest`): keep the shape
      out.el = (sa.el ?? sb.el)!;
    }
    if (sa.keys || sb.keys) {
      if (sa.keys && sb.keys && depth < MAX_DEPTH) {
        out.keys = joinKeys(sa.keys, sb.keys, depth + 1);
      } else {
        for (const x of sa.keys?.values() ?? []) rest = union(rest, flat(x));
        for (const x of sb.keys?.values() ?? []) rest = union(rest, flat(x));
      }
    }
  } else {
    for (const s of [sa, sb]) {
      for (const x of s.items ?? []) rest = union(rest, flat(x));
      for (const x of s.tail ?? []) rest = union(rest, flat(x));
      for (const x of s.keys?.values() ?? []) rest = union(rest, flat(x));
      if (s.el) rest = union(rest, flat(s.el));
    }
  }
  if (sa.attrs || sb.attrs) out.attrs = joinAttrs(sa, sb, depth);
  if (rest.length > 0 || out.seq) out.rest = rest;
  if (kt.length > 0) out.kt = kt;
  return sameFields(out, a) ? a : sameFields(out, b) ? b : out;
}

/** Whether two values have the same own fields holding the same objects. */
function sameFields(x: Val, y: Val): boolean {
  let n = 0;
  for (const k in x) {
    if (x[k as keyof Val] !== y[k as keyof Val] || !(k in y)) return false;
    n++;
  }
  for (const _k in y) n--;
  return n === 0;
}

/** Entries of both dicts (`xs`'s order first), joined under shared keys; `xs` itself when that changes nothing. */
function joinKeys(xs: ReadonlyMap<string, Val>, ys: ReadonlyMap<string, Val>, depth: number): ReadonlyMap<string, Val> {
  const keys = new Map<string, Val>();
  let same = true;
  for (const [k, x] of xs) {
    const y = ys.get(k);
    const v = y !== undefined ? join(x, y, depth) : x;
    if (v !== x) same = false;
    keys.set(k, v);
  }
  for (const [k, y] of ys) {
    if (!keys.has(k)) {
      same = false;
      keys.set(k, y);
    }
  }
  return same ? xs : keys;
}

/** Attributes of both sides (`sa`'s names first), a missing one read from the side's own taint; `sa.attrs` itself when that changes nothing. */
function joinAttrs(sa: Val, sb: Val, depth: number): ReadonlyMap<string, Val> {
  const attrs = new Map<string, Val>();
  let same = sa.attrs !== undefined;
  const joinAttr = (n: string) => {
    const have = sa.attrs?.get(n);
    const x = have ?? tainted(refine(sa.t, `.${n}`));
    const y = sb.attrs?.get(n) ?? tainted(refine(sb.t, `.${n}`));
    const v = depth < MAX_DEPTH ? join(x, y, depth + 1) : tainted(union(flat(x), flat(y)));
    if (v !== have) same = false;
    attrs.set(n, v);
  };
  if (sa.attrs) for (const n of sa.attrs.keys()) joinAttr(n);
  if (sb.attrs) for (const n of sb.attrs.keys()) if (!sa.attrs?.has(n)) joinAttr(n);
  return same ? sa.attrs! : attrs;
}

/** A known beginning survives a join only when the other side (a bare constant) starts with it too. */
function keepPrefix(v: Val, bare: Val): Val {
  if (v.pre === undefined || (bare.c?.t === "str" && bare.c.v.startsWith(v.pre))) return v;
  const { pre: _pre, ...rest } = v;
  return rest;
}

/** What two joined values exclude: what the user-controlled sides both exclude (clean sides inject nothing). */
function joinExcluded(a: Val, b: Val): readonly string[] | undefined {
  const ca = isClean(a);
  const cb = isClean(b);
  if (ca && cb) return undefined;
  if (ca) return b.ex;
  if (cb) return a.ex;
  if (!a.ex || !b.ex) return undefined;
  const both = a.ex.filter((x) => b.ex!.includes(x));
  return both.length === 0 ? undefined : both.length === a.ex.length ? a.ex : both;
}

/** The pieces of two joined strings: hole by hole when their constant text agrees, or the tainted side's. */
function joinParts(a: Val, b: Val, depth: number): readonly Part[] | undefined {
  if (a.parts && b.parts && a.parts.length === b.parts.length && depth < MAX_DEPTH) {
    const out: Part[] = [];
    let same = true;
    for (let i = 0; i < a.parts.length; i++) {
      const x = a.parts[i]!;
      const y = b.parts[i]!;
      if (typeof x === "string" || typeof y === "string") {
        if (x !== y) return isClean(a) ? b.parts : isClean(b) ? a.parts : undefined;
        out.push(x);
      } else {
        const v = join(x, y, depth + 1);
        if (v !== x) same = false;
        out.push(v);
      }
    }
    return same ? a.parts : out;
  }
  if (isClean(a) && !hasShape(a)) return b.parts;
  if (isClean(b) && !hasShape(b)) return a.parts;
  return undefined;
}

/** The value with its constant replaced. */
function withConst(v: Val, c: PyValue | undefined): Val {
  if (v.c === c) return v;
  const { c: _old, ...rest } = v;
  return c ? { ...rest, c } : rest;
}

/** Constant kinds that are containers (a join with one keeps shapes apart). */
export const CONTAINER_CONST: ReadonlySet<string> = new Set(["list", "tuple", "set", "dict"]);

/** Joins any number of values. */
export function joinAll(vals: readonly Val[]): Val {
  let out: Val | undefined;
  for (const v of vals) out = out ? join(out, v) : v;
  return out ?? CLEAN_VAL;
}

/** Structural equality ignoring traces (fixpoint detection). */
export function sameVal(a: Val, b: Val, depth = 0): boolean {
  if (a === b) return true;
  if (!sameTaint(a.t, b.t) || !sameTaint(a.rest ?? CLEAN, b.rest ?? CLEAN) || !sameTaint(a.kt ?? CLEAN, b.kt ?? CLEAN)) return false;
  if ((a.c === undefined) !== (b.c === undefined) || (a.c && b.c && !pyEquals(a.c, b.c))) return false;
  if ((a.alts?.length ?? 0) !== (b.alts?.length ?? 0)) return false;
  if (a.seq !== b.seq || a.type !== b.type || a.et !== b.et || !!a.norm !== !!b.norm || a.fn !== b.fn || a.partial !== b.partial || a.klass !== b.klass || a.q !== b.q) return false;
  if (depth > MAX_DEPTH) return true;
  if (!sameList(a.items, b.items, depth) || !sameList(a.tail, b.tail, depth)) return false;
  if (a.el || b.el) {
    if (!a.el || !b.el || !sameVal(a.el, b.el, depth + 1)) return false;
  }
  return sameMap(a.keys, b.keys, depth) && sameMap(a.attrs, b.attrs, depth);
}

function sameList(a: readonly Val[] | undefined, b: readonly Val[] | undefined, depth: number): boolean {
  if (!a || !b) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameVal(a[i]!, b[i]!, depth + 1)) return false;
  return true;
}

function sameMap(a: ReadonlyMap<string, Val> | undefined, b: ReadonlyMap<string, Val> | undefined, depth: number): boolean {
  if (!a || !b) return a === b;
  if (a.size !== b.size) return false;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (!y || !sameVal(x, y, depth + 1)) return false;
  }
  return true;
}

/**
 * Applies a label transformation to every label in the value. A value (or part) whose labels `f`
 * leaves as they are (`f` returns its argument) is returned itself, not copied: values are immutable.
 */
export function mapTaint(v: Val, f: (t: Taint) => Taint, depth = 0): Val {
  const t = f(v.t);
  if (v.el && depth >= MAX_DEPTH) {
    // too deep to keep the elements' shape: their labels join the unknown elements' taint
    const { el, ...rest } = v;
    return mapTaint({ ...rest, rest: union(v.rest ?? CLEAN, flat(el)) }, f, depth);
  }
  const rest = v.rest ? f(v.rest) : undefined;
  const el = v.el ? mapTaint(v.el, f, depth + 1) : undefined;
  const kt = v.kt ? f(v.kt) : undefined;
  let items = v.items;
  let tail = v.tail;
  let keys = v.keys;
  let attrs = v.attrs;
  let parts = v.parts;
  if (depth < MAX_DEPTH) {
    const g = (x: Val) => mapTaint(x, f, depth + 1);
    if (items) items = mapList(items, g);
    if (tail) tail = mapList(tail, g);
    if (keys) keys = mapValuesKeep(keys, g);
    if (attrs) attrs = mapValuesKeep(attrs, g);
    if (parts) parts = mapList(parts, (x): Part => (typeof x === "string" ? x : g(x)));
  } else parts = undefined;
  if (t === v.t && rest === v.rest && kt === v.kt && items === v.items && tail === v.tail && keys === v.keys && attrs === v.attrs && parts === v.parts && el === v.el) return v;
  const out: { -readonly [K in keyof Val]: Val[K] } = { ...v, t };
  if (v.rest) out.rest = rest;
  if (v.el) out.el = el;
  if (v.kt) out.kt = kt;
  if (depth < MAX_DEPTH) {
    if (v.items) out.items = items;
    if (v.tail) out.tail = tail;
    if (v.keys) out.keys = keys;
    if (v.attrs) out.attrs = attrs;
    if (v.parts) out.parts = parts;
  } else if (v.parts) delete out.parts;
  return out;
}

/** `xs.map(f)`, or `xs` itself when `f` returns every element unchanged (joins of two lists element by element use it too). */
function mapList<T>(xs: readonly T[], f: (v: T, i: number) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = f(x, i);
    if (y !== x && !out) out = xs.slice(0, i);
    if (out) out.push(y);
  }
  return out ?? xs;
}

/** `mapValues`, or `m` itself when `f` returns every value unchanged. */
function mapValuesKeep(m: ReadonlyMap<string, Val>, f: (v: Val) => Val): ReadonlyMap<string, Val> {
  let out: Map<string, Val> | undefined;
  for (const [k, v] of m) {
    const y = f(v);
    if (y !== v && !out) {
      out = new Map();
      for (const [k2, v2] of m) {
        if (k2 === k) break;
        out.set(k2, v2);
      }
    }
    if (out) out.set(k, y);
  }
  return out ?? m;
}

function mapValues(m: ReadonlyMap<string, Val>, f: (v: Val) => Val): Map<string, Val> {
  const out = new Map<string, Val>();
  for (const [k, v] of m) out.set(k, f(v));
  return out;
}

/** Records a trace step on every label in the value. */
export function withStep(v: Val, step: TraceStep): Val {
  if (isClean(v)) return v;
  return mapTaint(v, (t) => addStep(t, step));
}

/** Keeps only kinds in `keep` on every label. */
export function restrictVal(v: Val, keep: number): Val {
  return mapTaint(v, (t) => restrict(t, keep));
}

/** Makes every label in the value dangerous again for `kinds`. */
export function restoreVal(v: Val, kinds: number): Val {
  return mapTaint(v, (t) => restore(t, kinds));
}

/** An arbitrary element of a container (iteration, unknown index). */
export function element(v: Val): Val {
  const s = shaped(v);
  let t = union(refine(s.t, "[*]"), s.rest ?? CLEAN);
  if (s.seq === "dict") {
    // iterating a dict yields its keys
    t = union(refine(s.t, "[*]"), s.kt ?? CLEAN);
    return s.et ? { t, type: s.et } : tainted(t);
  }
  // the shaped element with the taint of the list and of elements added without a shape on top (a tainted
  // container taints all its parts), rather than a join, which would flatten the shape into the taint
  let out: Val = s.el ? withTaint(s.el, t) : s.et ? { t, type: s.et } : tainted(t);
  if (s.items) for (const x of s.items) out = join(out, x);
  if (s.tail) for (const x of s.tail) out = join(out, x);
  if (s.c?.t === "set") for (const x of s.c.items) out = join(out, constVal(x));
  return out;
}

/** `v` with the labels `t` on top of its own (no longer a known constant when there are any). */
function withTaint(v: Val, t: Taint): Val {
  if (t.length === 0) return v;
  const { c: _c, alts: _alts, ...rest } = v;
  return { ...rest, t: union(v.t, t) };
}

/** All values of a dict (`.values()`), or elements of another container. */
export function dictValues(v: Val): Val {
  const s = shaped(v);
  if (s.seq !== "dict") return element(s);
  const t = union(refine(s.t, "[*]"), s.rest ?? CLEAN);
  let out: Val = s.el ? withTaint(s.el, t) : tainted(t);
  for (const x of s.keys?.values() ?? []) out = join(out, x);
  return out;
}

/** `v[key]` with a constant key (or undefined when the key is unknown). */
export function index(v: Val, key: PyValue | undefined): Val {
  const s = shaped(v);
  if (key === undefined) {
    if (s.seq === "dict") return dictValues(s);
    return element(s);
  }
  if (s.seq === "dict") {
    const hit = s.keys?.get(pyRepr(key));
    const other = tainted(union(refine(s.t, `[${pyRepr(key)}]`), s.rest ?? CLEAN));
    // entries under constant keys are exact: unknown entries added later were joined into them
    if (hit) return s.t.length > 0 ? join(hit, tainted(refine(s.t, `[${pyRepr(key)}]`))) : hit;
    if (s.missing) return join(other, s.missing);
    return s.et ? { ...other, type: s.et } : other;
  }
  if ((s.seq === "list" || s.seq === "tuple") && s.items && (key.t === "int" || key.t === "bool")) {
    const hit = positional(s, key.t === "bool" ? (key.v ? 1 : 0) : key.v);
    if (hit) return s.t.length > 0 ? join(hit, tainted(s.t)) : hit;
    return element(s);
  }
  if (s.seq === "list" || s.seq === "tuple" || s.seq === "set") return element(s);
  const t = union(refine(s.t, `[${pyRepr(key)}]`), s.rest ?? CLEAN);
  return s.et ? { t, type: s.et } : tainted(t);
}

/** True when a list's middle has elements of unknown number. */
export function hasMiddle(s: Val): boolean {
  return (s.rest?.length ?? 0) > 0 || (s.tail?.length ?? 0) > 0 || s.el !== undefined;
}

/** The element at index `i` when it is known exactly: the prefix from the start, the tail from the end. */
function positional(s: Val, i: number): Val | undefined {
  const items = s.items ?? [];
  if (!hasMiddle(s)) return items[i < 0 ? i + items.length : i];
  if (i >= 0) return items[i];
  const tail = s.tail ?? [];
  return -i <= tail.length ? tail[tail.length + i] : undefined;
}

/** `v.name` for a value without a modelled attribute. */
export function attribute(v: Val, name: string): Val {
  const hit = v.attrs?.get(name);
  if (hit) return hit;
  return tainted(union(refine(v.t, `.${name}`), v.rest ?? CLEAN));
}

/** A container whose elements are unknown but carry `t`. */
export function opaqueSeq(kind: SeqKind, t: Taint, et?: string): Val {
  const v: Val = { t: CLEAN, seq: kind, rest: t };
  return et ? { ...v, et } : v;
}

/**
 * A list, tuple or set of unknown length whose every element is `el` (a comprehension's element, what
 * `enumerate` or `zip` yields). The shape is kept only when the element has one (a tuple to unpack, an
 * object's attributes, a constant); otherwise its taint and type are all there is to keep.
 */
export function seqOf(kind: SeqKind, el: Val): Val {
  if (!hasShape(el) && el.c === undefined && el.alts === undefined) return opaqueSeq(kind, flat(el), el.type);
  const v: Val = { t: CLEAN, seq: kind, rest: CLEAN, el };
  return el.type ? { ...v, et: el.type } : v;
}

/** Sets an attribute (strong update). */
export function setAttr(v: Val, name: string, x: Val): Val {
  const attrs = new Map(v.attrs ?? []);
  attrs.set(name, x);
  return { ...withConst(v, undefined), attrs };
}

/** `v[key] = x`; strong update at a constant key or index, weak otherwise. */
export function setItem(v: Val, key: PyValue | undefined, x: Val): Val {
  const s = shaped(v);
  const base = withConst(s, undefined);
  if (s.seq === "dict" || (!s.seq && key !== undefined && key.t === "str")) {
    if (key === undefined) {
      // an unknown key may replace any entry
      const keys = s.keys ? mapValues(s.keys, (y) => join(y, x)) : undefined;
      return { ...base, seq: "dict", ...(keys ? { keys } : {}), rest: union(s.rest ?? CLEAN, flat(x)) };
    }
    const keys = new Map(s.keys ?? []);
    keys.set(pyRepr(key), x);
    return { ...base, seq: "dict", keys, rest: s.rest ?? CLEAN };
  }
  if (s.items && key && key.t === "int") {
    const n = s.items.length;
    if (!hasMiddle(s) || key.v >= 0) {
      const i = key.v < 0 && !hasMiddle(s) ? key.v + n : key.v;
      if (i >= 0 && i < n) {
        const items = [...s.items];
        items[i] = x;
        return { ...base, items };
      }
    } else if (s.tail && -key.v <= s.tail.length) {
      const tail = [...s.tail];
      tail[tail.length + key.v] = x;
      return { ...base, tail };
    }
  }
  // an unknown position: any element may now be `x`
  if (s.items || s.tail) {
    return {
      ...base,
      ...(s.items ? { items: s.items.map((y) => join(y, x)) } : {}),
      ...(s.tail ? { tail: s.tail.map((y) => join(y, x)) } : {}),
      rest: union(s.rest ?? CLEAN, flat(x)),
    };
  }
  return { ...base, rest: union(s.rest ?? CLEAN, flat(x)) };
}

/** Adds `x`'s taint to a value's unknown-position elements (a weak update of an opaque object). */
export function absorb(v: Val, x: Val): Val {
  const t = flat(x);
  if (t.length === 0) return v;
  if (v.seq === "dict" && v.keys) {
    // entries of unknown keys may replace any existing entry
    return { ...withConst(v, undefined), keys: mapValues(v.keys, (y) => join(y, tainted(t))), rest: union(v.rest ?? CLEAN, t) };
  }
  let rest = union(v.rest ?? CLEAN, t);
  // elements added after the tail: the tail is no longer at the end
  for (const y of v.tail ?? []) rest = union(rest, flat(y));
  const { tail: _tail, ...base } = withConst(v, undefined);
  return { ...base, rest };
}

/**
 * A library function or type passed as a value (`type=int`, `factory=Decimal`). Not a project class (`model=User`):
 * generic code over model classes is followed less well with the class than as an unknown callable.
 */
export function knownCallable(v: Val): boolean {
  return v.q !== undefined && !v.klass && !v.type && !v.attrs && !v.fn && !v.partial;
}
