/**
 * Conditions that validate a value: membership in a clean collection, equality with a
 * constant, full-match regular expressions over a safe alphabet, modelled checks such as
 * `isdigit()`, and project validator functions. A condition yields refinements for the branch
 * where it is true and the branch where it is false.
 */
import { sliceParts, unparen, walk, type PyNode } from "../parse/ast.js";
import type { Frame } from "./frame.js";
import { excludedInside, fromParts, textRules, withExcluded, withPrefix, withSuffix } from "./strings.js";
import { attribute, constVal, element, flat, index, isClean, join, oneOf, restrictVal, sameVal, type GuardFacts, type Refinement, type Val } from "./value.js";
import { pyRepr, type PyValue } from "../model/values.js";
import { accessPath, attrPath, namePath, readPath, writePath } from "./targets.js";
import { READ_KEY } from "./frame.js";
import { evalExpr } from "./expressions.js";
import { containedParams } from "./calls.js";

/** The facts of `not cond`. */
export function negate(g: GuardFacts): GuardFacts {
  return { yes: g.no, no: g.yes };
}

/** Applies refinements to the current state (sanitising or replacing the refined values). */
export function applyRefinements(f: Frame, refs: readonly Refinement[]): void {
  for (const r of refs) {
    if (r.any) {
      applyDisjunction(f, r.any);
      continue;
    }
    const [root, ...attrs] = r.path;
    if (!root) continue;
    const path = { root, segs: attrs.map((attr) => ({ attr })) };
    const node = f.anchor;
    const current = readRefined(f, path, node);
    let next = r.value ?? (r.mask ? restrictVal(current, ~r.mask) : current);
    if (r.ex) next = r.slice ? excludedInside(next, r.ex, r.slice[0], r.slice[1]) : withExcluded(next, r.ex);
    if (r.ex && !r.slice) {
      const safe = exclusionSafety(next.ex, (k) => f.knowledge.mask(k));
      if (safe) next = restrictVal(next, ~safe);
    }
    if (r.prefix !== undefined) next = withPrefix(next, r.prefix);
    if (r.suffix !== undefined) next = withSuffix(next, r.suffix);
    // what is now known about its beginning may fix where the text leads (`"/" + rest`, `rest` not starting with `/` or `\\`)
    if (next !== current && next.parts && (r.ex || r.prefix !== undefined)) next = rejudged(f, next);
    if (next !== current) writeRefined(f, path, next, node);
  }
}

/**
 * The access path of a guard's subject: a name or attribute chain, or a repeated read (`pureRead`).
 */
export function guardPath(f: Frame, node: PyNode | null): string[] | undefined {
  return namePath(node) ?? pureRead(f, node);
}

/** Methods that read an entry of a mapping without changing it (`request.args.get("next")`). */
const READ_METHODS = new Set(["get", "getlist", "getall", "getone", "get_all"]);

/**
 * A read that gives the same value each time it is evaluated until its root name is assigned:
 * `m.get(k)` (and `getlist`, `getall`, `getone`, `get_all`) or `m[k]` on a name or attribute chain
 * with constant arguments, or a call without arguments of a method the models declare such an
 * accessor (`request.get_full_path()`). A guard on it (`if not is_safe_url(request.args.get("next")): abort()`)
 * refines the value later evaluations of the same read give; the key, registered in the frame, is
 * what the refined value is kept under in the environment (`READ_KEY`).
 */
export function pureRead(f: Frame, node: PyNode | null): string[] | undefined {
  const n = unparen(node);
  let base: PyNode | null = null;
  let args: readonly PyNode[];
  let shape: (reprs: string[]) => string;
  if (n?.type === "call") {
    const fn = unparen(n.get("function"));
    const method = fn?.type === "attribute" ? fn.get("attribute")?.text ?? "" : "";
    const accessor = f.knowledge.pureAccessors.has(method);
    if (!accessor && !READ_METHODS.has(method)) return undefined;
    base = fn!.get("object");
    args = n.get("arguments")?.namedChildren ?? [];
    if (args.length === 0 ? !accessor : accessor) return undefined;
    if (n.get("arguments")?.type !== "argument_list") return undefined;
    shape = (reprs) => `.${method}(${reprs.join(",")})`;
  } else if (n?.type === "subscript" && n.all("subscript").length === 1) {
    base = n.get("value");
    args = [n.get("subscript")!];
    if (args[0]!.type === "slice") return undefined;
    shape = (reprs) => `[${reprs[0]}]`;
  } else return undefined;
  const p = namePath(base);
  if (!p) return undefined;
  const reprs: string[] = [];
  for (const a of args) {
    const kw = a.type === "keyword_argument" ? a.get("name")?.text : undefined;
    if (a.type !== "keyword_argument" && a.type.endsWith("splat")) return undefined;
    const c = f.model.constant(kw ? a.get("value") : a, f.lookup);
    if (!c) return undefined;
    reprs.push(kw ? `${kw}=${pyRepr(c)}` : pyRepr(c));
  }
  const key = `${READ_KEY}${p.join(".")}${shape(reprs)}`;
  if (!f.reads.has(key)) f.reads.set(key, n!);
  return [key];
}

/** Reads a refined path; a repeated read not refined yet is evaluated where the guard is. */
function readRefined(f: Frame, path: { root: string; segs: { attr: string }[] }, node: PyNode): Val {
  if (!path.root.startsWith(READ_KEY)) return readPath(f, path, node);
  return f.state.env.get(path.root) ?? evalExpr(f, f.reads.get(path.root) ?? null);
}

function writeRefined(f: Frame, path: { root: string; segs: { attr: string }[] }, v: Val, node: PyNode): void {
  if (!path.root.startsWith(READ_KEY)) return writePath(f, path, v, node);
  f.readRoots.add(/^[^.[]*/.exec(path.root.slice(READ_KEY.length))![0]);
  f.assign(path.root, v);
}

/** A string's pieces judged again with the text rules in force, keeping what is known about it. */
function rejudged(f: Frame, v: Val): Val {
  const out = fromParts(v.parts!, v.type ? { type: v.type } : {}, textRules(f));
  if (out.c) return v;
  return { ...out, ...(v.ex ? { ex: v.ex } : {}), ...(v.norm ? { norm: true } : {}) };
}

/** One of several lists of facts holds: every path they refine gets the join of its refined values. */
function applyDisjunction(f: Frame, alternatives: readonly (readonly Refinement[])[]): void {
  const paths = new Map<string, readonly string[]>();
  const collect = (refs: readonly Refinement[]) => {
    for (const r of refs) {
      if (r.any) r.any.forEach(collect);
      else if (r.path.length) paths.set(r.path.join("."), r.path);
    }
  };
  alternatives.forEach(collect);
  if (paths.size === 0) return;
  const before = f.snapshot();
  const node = f.anchor;
  const joined = new Map<string, Val>();
  for (const alt of alternatives) {
    f.state = { env: new Map(before.env), live: before.live };
    applyRefinements(f, alt);
    for (const [key, p] of paths) {
      const v = readRefined(f, attrPath(p), node);
      const have = joined.get(key);
      joined.set(key, have ? join(have, v) : v);
    }
  }
  f.state = before;
  for (const [key, p] of paths) {
    const path = attrPath(p);
    const v = joined.get(key)!;
    if (!sameVal(v, readRefined(f, path, node))) writeRefined(f, path, v, node);
  }
}

/** `a or b` is true / `a and b` is false: one side's facts hold, not knowing which. */
export function disjunction(a: readonly Refinement[], b: readonly Refinement[]): Refinement[] {
  if (a.length === 0 || b.length === 0) return [];
  return [{ path: [], mask: 0, any: [a, b] }];
}

/** Operators of a comparison, with `not in` / `is not` joined. */
export function comparisonOperators(node: PyNode): string[] {
  const ops: string[] = [];
  let pending = "";
  let seenOperand = false;
  for (const c of node.children) {
    if (c.named) {
      if (seenOperand) {
        ops.push(pending.trim());
        pending = "";
      }
      seenOperand = true;
    } else pending += ` ${c.type}`;
  }
  return ops;
}

/** Facts established by `x in ALLOWED`, `x not in ALLOWED`, `x == "const"`, `x != "const"`. */
export function comparisonFacts(f: Frame, node: PyNode, vals: readonly Val[]): GuardFacts | undefined {
  const operands = node.namedChildren;
  const ops = comparisonOperators(node);
  if (operands.length !== 2 || ops.length !== 1) return undefined;
  const op = ops[0]!.replace(/\s+/g, " ");
  const [l, r] = vals as [Val, Val];
  const all = f.knowledge.allKinds;
  // `m is None` / `m is not None` on a match object or a validator's result
  if (op === "is" || op === "is not" || op === "==" || op === "!=") {
    const other = r.c?.t === "none" && isClean(r) ? l : l.c?.t === "none" && isClean(l) ? r : undefined;
    if (other?.g) return op === "is not" || op === "!=" ? other.g : negate(other.g);
  }
  // `x is None` (`x is True`): where it holds, the variable x is that constant and carries nothing of the input.
  // Names only: an attribute refined to `None` (`self.default_url is not None`) would be written on the object,
  // which a method's summary then reports as an effect on its receiver.
  if (op === "is" || op === "is not") {
    const [side, c] = singletonConstant(r) ? [operands[0]!, r] : singletonConstant(l) ? [operands[1]!, l] : [];
    const p = side && unparen(side)?.type === "identifier" ? guardPath(f, side) : undefined;
    if (p && c) {
      const refs: Refinement[] = [{ path: p, mask: all, value: { t: [], c: c.c } }];
      return op === "is" ? { yes: refs, no: [] } : { yes: [], no: refs };
    }
  }
  const subset = subsetComparison(f, operands, vals, op);
  if (subset) return subset;
  if (op === "in" || op === "not in") {
    const inside = parentsFacts(f, operands, l);
    if (inside) return op === "in" ? { yes: inside, no: [] } : { yes: [], no: inside };
    const p = guardPath(f, operands[0]!);
    if (isClean(r)) {
      // a parsed component in a collection of constants (not a substring test) validates its origin
      // `x.upper() in ALLOWED`: x is an allowed value up to case, so it holds only characters the allowed values hold (as letters
      // of either case); not for a substring of a text (`x.lower() in "abc"` holds for "")
      const folded = r.c?.t === "str" ? undefined : caseFoldedSubject(operands[0]!);
      const refs: Refinement[] = [...(p ? [{ path: p, mask: all, ...memberOf(r) }] : []), ...(folded ? [{ path: folded, mask: all }] : []), ...(r.c?.t === "str" ? [] : originRefs(l))];
      if (refs.length > 0) return op === "in" ? { yes: refs, no: [] } : { yes: [], no: refs };
    }
    // `"'" in x`: where it is false, x holds no quote
    const ref = substringFacts(f, operands[1]!, l);
    if (!ref) return undefined;
    return op === "in" ? { yes: [], no: [ref] } : { yes: [ref], no: [] };
  }
  if (op === "==" || op === "!=") {
    const contained = commonPathFacts(f, operands, vals);
    if (contained) return op === "==" ? { yes: contained, no: [] } : { yes: [], no: contained };
    let p = guardPath(f, operands[0]!);
    let c = r;
    if (!p || !isClean(r) || !serverValue(r)) {
      p = guardPath(f, operands[1]!);
      c = l;
    }
    // equal to a constant, or to a value computed without any input (`expected = sign(record.id)`): it is that value
    // (for a non-constant one only the taint goes: the variable keeps its type and shape)
    const refs: Refinement[] = p && isClean(c) && serverValue(c) ? [c.c ? { path: p, mask: all, value: { t: [], c: c.c } } : { path: p, mask: all }] : [];
    // a parsed component equal to a value the user does not control (not an empty host: `/\evil.example` has one)
    for (const [side, other] of [[l, r], [r, l]] as const) {
      if (side.origin && isClean(other) && !(other.c?.t === "str" && other.c.v === "")) refs.push(...originRefs(side));
    }
    if (refs.length === 0) return undefined;
    return op === "==" ? { yes: refs, no: [] } : { yes: [], no: refs };
  }
  return undefined;
}

/** Case mappings: a character whose mapping is a letter is a letter itself, so no case mapping makes a quote, a slash or a line break. */
const CASE_MAPPINGS = new Set(["upper", "lower", "casefold"]);

/** The name or attribute chain `x` of `x.upper()` / `x.lower()` / `x.casefold()`. */
function caseFoldedSubject(node: PyNode): string[] | undefined {
  const n = unparen(node);
  if (n?.type !== "call" || (n.get("arguments")?.namedChildren.length ?? 1) > 0) return undefined;
  const fn = unparen(n.get("function"));
  if (fn?.type !== "attribute" || !CASE_MAPPINGS.has(fn.get("attribute")?.text ?? "")) return undefined;
  return namePath(fn.get("object"));
}

/** `None`, `True` or `False` written in the code: `is` compares identity with a singleton. */
function singletonConstant(v: Val): boolean {
  return isClean(v) && (v.c?.t === "none" || v.c?.t === "bool");
}

/**
 * A clean value that can stand for the variable compared with it: a constant, or a plain value
 * computed without input (`expected = sign(record.id)`). Not an object of a modelled type (a clean
 * request object's attributes are sources), a container, a function, a class or a module.
 */
function serverValue(v: Val): boolean {
  if (v.c) return true;
  return !v.type && !v.et && !v.seq && !v.attrs && !v.keys && !v.items && !v.fn && !v.klass && !v.q && !v.partial && !v.g && !v.oid;
}

/** `x in COLLECTION`: x is one of its constant elements (or keys) when they are known. */
function memberOf(r: Val): { value?: Val } {
  const c = r.c;
  if (!c || !(c.t === "list" || c.t === "tuple" || c.t === "set" || c.t === "dict")) return {};
  const items = c.t === "dict" ? c.entries.map(([k]) => k) : c.items;
  const v = oneOf(items);
  return v.c || v.alts ? { value: v } : {};
}

/**
 * `"'" in x` is false: x (or, for `"'" in x[1:-1]`, the part of x inside those bounds) does not
 * contain the constant substring.
 */
function substringFacts(f: Frame, haystack: PyNode, needle: Val): Refinement | undefined {
  if (!isClean(needle) || needle.c?.t !== "str" || needle.c.v === "") return undefined;
  const ex = [needle.c.v];
  const n = unparen(haystack);
  if (n?.type === "subscript" && n.get("subscript")?.type === "slice") {
    const p = namePath(n.get("value"));
    const [a, b, step] = sliceParts(n.get("subscript")!);
    const bound = (x: PyNode | null): number | null | undefined => {
      if (!x) return null;
      const c = f.model.constant(x, f.lookup);
      return c?.t === "int" ? c.v : undefined;
    };
    const start = bound(a);
    const stop = bound(b);
    if (!p || step || start === undefined || stop === undefined) return undefined;
    return { path: p, mask: 0, ex, slice: [start ?? 0, stop] };
  }
  const p = namePath(n);
  return p ? { path: p, mask: 0, ex } : undefined;
}

/** What checking a parsed component validates where it came from (`ComponentGuardSpec`). */
function originRefs(v: Val): Refinement[] {
  return v.origin ? v.origin.paths.map((path) => ({ path, mask: v.origin!.mask })) : [];
}

const COMMONPATH = new Set(["os.path.commonpath", "posixpath.commonpath", "ntpath.commonpath"]);

/**
 * `os.path.commonpath([base, target]) == base` with `target` normalised (`realpath`), or the normalising call in the
 * list itself (`commonpath((os.path.realpath(path), base))`): the target lies inside `base`, so it is safe as a path
 * where the comparison holds. The common path may be kept in a local first (`common = commonpath(...)`), and `base`
 * is a folder the code chose: clean, or in a helper (`def store_contains(self, path)`) a parameter's, which the
 * callers pass as their base folder.
 */
function commonPathFacts(f: Frame, operands: readonly PyNode[], vals: readonly Val[]): Refinement[] | undefined {
  for (const side of [0, 1]) {
    const call = commonPathCall(f, unparen(operands[side]!));
    const base = vals[1 - side]!;
    if (!call || !(isClean(base) || flat(base).every((x) => x.src === null && x.param >= 0))) continue;
    const list = unparen(f.model.arg(call, 0, "paths") ?? null);
    if (!list || (list.type !== "list" && list.type !== "tuple")) return undefined;
    const refs: Refinement[] = [];
    const baseParams = new Set(flat(base).map((x) => x.param));
    for (const el of list.namedChildren) {
      // the base itself: written out (`"/var/lib/store"`) or the expression compared with (`self.storage_path`)
      if (f.model.constant(el) !== undefined || el.text === unparen(operands[1 - side]!)?.text) continue;
      let target: PyNode | null = el;
      let normalised = false;
      if (el.type === "call") {
        const info = f.knowledge.call(f.model.qualifiedName(el.get("function")) ?? "");
        if (!info?.propagators?.some((p) => p.normalizes)) return undefined;
        target = unparen(f.model.arg(el, 0) ?? null);
        normalised = true;
      }
      const p = namePath(target);
      if (!p || !target) return undefined;
      const v = readPath(f, attrPath(p), target);
      if (isClean(v)) continue;
      if (!v.norm && !normalised) return undefined;
      // the base must not be the target itself
      if (flat(v).some((x) => x.src === null && baseParams.has(x.param))) return undefined;
      refs.push({ path: p, mask: f.knowledge.mask(["path"]) });
    }
    return refs.length ? refs : undefined;
  }
  return undefined;
}

/** The `commonpath(...)` call an operand is, or that a local name was assigned once in the function (`common = commonpath(...)`). */
function commonPathCall(f: Frame, n: PyNode | null): PyNode | undefined {
  if (n && isCommonPath(f, n)) return n;
  if (n?.type !== "identifier" || !f.fn) return undefined;
  let locals = COMMONPATH_LOCALS.get(f.fn);
  if (!locals) COMMONPATH_LOCALS.set(f.fn, (locals = commonPathLocals(f, f.fn)));
  return locals.get(n.text);
}

function isCommonPath(f: Frame, c: PyNode): boolean {
  return c.type === "call" && COMMONPATH.has(f.model.qualifiedName(c.get("function")) ?? "");
}

/** Per function, its locals assigned exactly once, and that a `commonpath(...)` call (one walk per function, not per comparison). */
const COMMONPATH_LOCALS = new WeakMap<PyNode, Map<string, PyNode>>();

function commonPathLocals(f: Frame, fn: PyNode): Map<string, PyNode> {
  const assigned = new Map<string, PyNode | null>();
  walk(fn, (x) => {
    if (x !== fn && (x.type === "function_definition" || x.type === "lambda" || x.type === "class_definition")) return false;
    const left = x.type === "assignment" ? x.get("left") : null;
    if (left?.type === "identifier") assigned.set(left.text, assigned.has(left.text) ? null : unparen(x.get("right")));
    return true;
  });
  const out = new Map<string, PyNode>();
  for (const [name, right] of assigned) if (right && isCommonPath(f, right)) out.set(name, right);
  return out;
}

/**
 * `base in target.resolve().parents` (or `.parents` of a path already normalised): the target lies inside `base`,
 * so it is safe as a path where the test holds. `base` is a folder the code chose: clean, or in a helper
 * (`def is_inside(child, parent): return parent.resolve() in child.resolve().parents`) another parameter,
 * which the callers pass as their base folder.
 */
function parentsFacts(f: Frame, operands: readonly PyNode[], base: Val): Refinement[] | undefined {
  const right = unparen(operands[1]!);
  if (right?.type !== "attribute" || right.get("attribute")?.text !== "parents") return undefined;
  let target = unparen(right.get("object"));
  let resolved = false;
  if (target?.type === "call") {
    const fn = unparen(target.get("function"));
    if (fn?.type !== "attribute" || fn.get("attribute")?.text !== "resolve") return undefined;
    target = unparen(fn.get("object"));
    resolved = true;
  }
  const p = guardPath(f, target);
  if (!p) return undefined;
  const v = readPath(f, attrPath(p), target!);
  if (isClean(v) || (!resolved && !v.norm)) return undefined;
  const targetParams = new Set(flat(v).map((x) => x.param));
  if (!flat(base).every((x) => x.src === null && x.param >= 0 && !targetParams.has(x.param))) return undefined;
  const mask = f.knowledge.mask(["path"]);
  return [{ path: p, mask }, ...containedParams(f, v, p, mask)];
}

const MULTILINE_NAMES = new Set(["re.M", "re.MULTILINE", "re.RegexFlag.MULTILINE"]);
const RE_MULTILINE_BIT = 8;

/**
 * Whether regex flags may include MULTILINE: yes for `re.M` anywhere in a `|` of flag names or an
 * integer with its bit, and also for any flags value not understood (a variable, a call).
 */
export function mayBeMultiline(f: Frame, val: Val | undefined, node: PyNode | undefined): boolean {
  if (!val) return false;
  if (val.c?.t === "int") return (val.c.v & RE_MULTILINE_BIT) !== 0;
  if (val.q) return MULTILINE_NAMES.has(val.q) || !val.q.startsWith("re.");
  if (!node) return true;
  const leaves: PyNode[] = [];
  const stack: (PyNode | null)[] = [unparen(node)];
  while (stack.length) {
    const n = stack.pop();
    if (!n) return true;
    if (n.type === "binary_operator") stack.push(unparen(n.get("left")), unparen(n.get("right")));
    else leaves.push(n);
  }
  return leaves.some((n) => {
    if (n.type === "integer") return Number.isNaN(Number(n.text)) || (Number(n.text) & RE_MULTILINE_BIT) !== 0;
    const q = f.model.qualifiedName(n);
    return !q || MULTILINE_NAMES.has(q) || !q.startsWith("re.");
  });
}

/** Sink-kind names to their bit mask (`Knowledge.mask`). */
export type KindMasks = (kinds: readonly string[] | "all") => number;

const DIGITS = "0123456789".split("");
const LETTERS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"];
const WORD = [...LETTERS, "_", ...DIGITS];
const WHITESPACE = [" ", "\t", "\n", "\r", "\f", "\v"];

/**
 * Alphabets and the sink kinds a value drawn only from one of them cannot attack. A value is
 * safe for a kind when its alphabet fits inside some row naming that kind.
 *
 * | alphabet                          | safe for                | why not the others                          |
 * |-----------------------------------|-------------------------|---------------------------------------------|
 * | letters digits `_` `-`            | all                     |                                             |
 * | … and `.` `@` `+`                 | all but path            | `..` climbs directories                     |
 * | digits, whitespace, `.`           | sql xss ldap xpath code | space splits command arguments; `.` paths;  |
 * |                                   |                         | deserialisation formats are binary opcodes  |
 * | digits, whitespace, `.+-*\/%()`   | code                    | `(` `)` `*` are LDAP filter syntax, `-`     |
 * |                                   |                         | opens SQL comments, `/` and `(` reach XPath |
 *
 * Without letters, underscores, quotes or brackets `eval` can only compute arithmetic, so the
 * last row only admits code; the third row has nothing a query, filter or markup can use.
 */
const SAFE_ALPHABETS: readonly { chars: ReadonlySet<string>; kinds: readonly string[] | "all"; except?: readonly string[] }[] = [
  { chars: new Set([...WORD, "-"]), kinds: "all" },
  { chars: new Set([...WORD, "-", ".", "@", "+"]), kinds: "all", except: ["path"] },
  { chars: new Set([...DIGITS, ...WHITESPACE, "."]), kinds: ["sql", "xss", "ldap", "xpath", "code"] },
  { chars: new Set([...DIGITS, ...WHITESPACE, ".", "+", "-", "*", "/", "%", "(", ")"]), kinds: ["code"] },
];

/**
 * The sink kinds a regular-expression match guarantees its subject is clean of: those whose safe
 * alphabet (see `SAFE_ALPHABETS`) holds every character the whole subject may consist of; nothing
 * when the match is not anchored at both ends. Under MULTILINE, `^` and `$` anchor lines, not the
 * subject, so only `\A`, `\Z` or a full match anchor it.
 */
export function regexSafety(pattern: string, anchoring: "full" | "start" | "none", masks: KindMasks, multiline = false): number {
  let body = pattern;
  let start = false;
  let end = false;
  if (body.startsWith("^")) {
    start = !multiline;
    body = body.slice(1);
  } else if (body.startsWith("\\A")) {
    start = true;
    body = body.slice(2);
  }
  if (/(^|[^\\])(\\\\)*\$$/.test(body)) {
    end = !multiline;
    body = body.slice(0, -1);
  } else if (/(^|[^\\])(\\\\)*\\[Zz]$/.test(body)) {
    end = true;
    body = body.slice(0, -2);
  }
  const anchored = anchoring === "full" || (end && (anchoring === "start" || start));
  if (!anchored) return 0;
  // text that must be written as a regular-expression literal (`/pattern/flags`): the application asks
  // its users for patterns, so compiling one is the feature (the other kinds still apply to it)
  if (REGEX_LITERAL_SYNTAX.test(body)) return masks(["regex"]);
  const chars = alphabet(body, anchoring === "full");
  return chars ? alphabetSafety(chars, masks) : 0;
}

/**
 * A pattern whose whole match is a slash-delimited regular expression with optional flag letters:
 * `/(.*?)/([a-z]*)?`, `/(.+)/[imsx]*`, `/.*\/` — the notation a search box or filter field offering
 * regular expressions asks for.
 */
const REGEX_LITERAL_SYNTAX = /^\\?\/(?:\(\.[*+]\??\)|\.[*+]\??)\\?\/(?:\(?\[[a-zA-Z-]+\][*+]?\)?\??)?$/;

/**
 * Characters whose absence alone makes text safe for some kinds, whatever else it holds: text without
 * `<`, `>`, `"` and `'` cannot open a tag or leave a quoted attribute, which is what `html.escape`
 * guarantees (its `&` comes back only as the start of an entity). A hand-written escaper that replaces
 * these four (`s.replace("&", "&amp;").replace("<", "&lt;")…`) or a guard that rejects them gives the same.
 */
const SAFE_WITHOUT: readonly { chars: readonly string[]; kinds: readonly string[] }[] = [{ chars: ["<", ">", '"', "'"], kinds: ["xss"] }];

/** The kinds text is safe for once it is known to hold none of the characters in `ex` (see `SAFE_WITHOUT`). */
export function exclusionSafety(ex: readonly string[] | undefined, masks: KindMasks): number {
  if (!ex || ex.length < 2) return 0;
  let safe = 0;
  for (const row of SAFE_WITHOUT) if (row.chars.every((c) => ex.includes(c))) safe |= masks(row.kinds);
  return safe;
}

/** The safe kinds for an alphabet of characters (as `regexSafety` judges them). */
export function alphabetSafety(chars: readonly string[], masks: KindMasks): number {
  let safe = 0;
  for (const row of SAFE_ALPHABETS) {
    if (chars.every((c) => row.chars.has(c))) safe |= masks(row.kinds) & ~masks(row.except ?? []);
  }
  return safe;
}

/**
 * The kinds a substitution `re.sub("[^X]+", repl, s)` makes its result safe for: the result holds
 * only characters of X and of the constant replacement.
 */
export function substitutionSafety(pattern: string, replacement: string, masks: KindMasks): number {
  const m = /^\[\^((?:[^\]\\]|\\.)+)\]([+*]|\{\d*,?\d*\})?$/.exec(pattern);
  if (!m) return 0;
  const kept = charClass(m[1]!);
  if (!kept) return 0;
  return alphabetSafety([...kept, ...replacement], masks);
}

/** The characters a regex body can match, or undefined when it can match anything unsafe or is not understood. */
function alphabet(body: string, topAlternationOk: boolean): string[] | undefined {
  const out = new Set<string>();
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\") {
      const e = body[++i];
      if (e === undefined) return undefined;
      const cls = escapeClass(e);
      if (!cls) return undefined;
      cls.forEach((x) => out.add(x));
    } else if (c === "[") {
      const end = classEnd(body, i);
      if (end < 0) return undefined;
      const cls = charClass(body.slice(i + 1, end));
      if (!cls) return undefined;
      cls.forEach((x) => out.add(x));
      i = end;
    } else if (c === "(") {
      if (body[i + 1] === "?") {
        if (body[i + 2] === ":") i += 2;
        else if (body[i + 2] === "P" && body[i + 3] === "<") {
          const close = body.indexOf(">", i);
          if (close < 0) return undefined;
          i = close;
        } else return undefined;
      }
      depth++;
    } else if (c === ")") {
      depth--;
    } else if (c === "|") {
      if (depth === 0 && !topAlternationOk) return undefined;
    } else if (c === "*" || c === "+" || c === "?") {
      continue;
    } else if (c === "{") {
      const close = body.indexOf("}", i);
      if (close < 0 || !/^\{\d*(,\d*)?\}$/.test(body.slice(i, close + 1))) return undefined;
      i = close;
    } else if (c === "." || c === "^" || c === "$") {
      return undefined;
    } else out.add(c);
  }
  return depth === 0 ? [...out] : undefined;
}

/** The characters `\n`, `\t` & co. stand for in a pattern. */
const CONTROL_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v" };

function escapeClass(e: string): string[] | undefined {
  if (CONTROL_ESCAPES[e]) return [CONTROL_ESCAPES[e]];
  if (e === "d") return DIGITS;
  if (e === "w") return WORD;
  if (e === "s") return WHITESPACE;
  if (/[A-Za-z0-9]/.test(e)) return undefined; // \W \b, backreferences, \n …
  return [e];
}

function classEnd(body: string, open: number): number {
  let i = open + 1;
  if (body[i] === "^") i++;
  if (body[i] === "]") i++;
  for (; i < body.length; i++) {
    if (body[i] === "\\") i++;
    else if (body[i] === "]") return i;
  }
  return -1;
}

function charClass(inner: string): string[] | undefined {
  if (inner.startsWith("^")) return undefined;
  const out: string[] = [];
  for (let i = 0; i < inner.length; i++) {
    let c = inner[i]!;
    if (c === "\\") {
      const e = inner[++i];
      if (e === undefined) return undefined;
      const cls = escapeClass(e);
      if (!cls) return undefined;
      if (cls.length > 1) {
        out.push(...cls);
        continue;
      }
      c = cls[0]!;
    }
    if (inner[i + 1] === "-" && i + 2 < inner.length) {
      let hi = inner[i + 2]!;
      let skip = 2;
      if (hi === "\\") {
        hi = inner[i + 3] ?? "";
        skip = 3;
      }
      const range = charRange(c, hi);
      if (!range) return undefined;
      out.push(...range);
      i += skip;
      continue;
    }
    out.push(c);
  }
  return out;
}

function charRange(lo: string, hi: string): string[] | undefined {
  const a = lo.charCodeAt(0);
  const b = hi.charCodeAt(0);
  const within = (x: string, y: string) => a >= x.charCodeAt(0) && b <= y.charCodeAt(0) && a <= b;
  if (!(within("a", "z") || within("A", "Z") || within("0", "9"))) return undefined;
  const out: string[] = [];
  for (let x = a; x <= b; x++) out.push(String.fromCharCode(x));
  return out;
}

// ---- characters a check rules out ----------------------------------------------------------

/** Characters that mean something in some sink's syntax: ASCII punctuation, whitespace and NUL. */
export const SPECIALS: readonly string[] = [..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", " ", "\t", "\n", "\r", "\f", "\v", "\0"];

const CONVERSIONS = new Set(["builtins.str", "os.fspath", "os.fsdecode"]);

/** The value a check really tests: `p` in `str(p).startswith(base)`. */
export function convertedSubject(f: Frame, node: PyNode | null): PyNode | null {
  const n = unparen(node);
  if (n?.type !== "call" || !CONVERSIONS.has(f.model.qualifiedName(n.get("function")) ?? "")) return node;
  const args = n.get("arguments")?.namedChildren ?? [];
  return args.length === 1 && args[0]!.type !== "keyword_argument" && !args[0]!.type.endsWith("splat") ? args[0]! : node;
}

/**
 * What `re.search(pattern, s)` finding nothing says about `s`: for `[^…]` every character is in
 * the class (its alphabet's safe kinds, and every other special character excluded); for `[…]` or a
 * literal, `s` contains none of it.
 */
export function rejectionFacts(pattern: string, masks: KindMasks): { mask: number; ex: string[] } | undefined {
  const m = /^\[(\^?)((?:[^\]\\]|\\.)+)\]([+*]|\{1,?\d*\})?$/.exec(pattern);
  if (m) {
    const chars = charClass(m[2]!);
    if (!chars) return undefined;
    if (m[1]) return { mask: alphabetSafety(chars, masks), ex: SPECIALS.filter((c) => !chars.includes(c)) };
    return { mask: 0, ex: chars };
  }
  const literal = literalPattern(pattern);
  return literal ? { mask: 0, ex: [literal] } : undefined;
}

/** The text a regular expression without metacharacters matches (`\.\.` → `..`). */
function literalPattern(pattern: string): string | undefined {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const e = pattern[++i];
      if (e === undefined || /[A-Za-z0-9]/.test(e)) return undefined;
      out += e;
    } else if (".^$*+?{}[]()|".includes(c)) return undefined;
    else out += c;
  }
  return out || undefined;
}

/**
 * `s.startswith(P)` / `s.endswith(S)` with constant text: where true, `s` begins (ends) with it;
 * where `startswith` is false, `s` does not begin with any of the prefixes.
 */
export function affixFacts(f: Frame, subject: PyNode | null, method: string, args: readonly Val[]): GuardFacts | undefined {
  if ((method !== "startswith" && method !== "endswith") || args.length !== 1) return undefined;
  const p = namePath(convertedSubject(f, subject));
  const a = args[0]!;
  if (!p || !isClean(a)) return undefined;
  const texts = a.c?.t === "str" ? [a.c.v] : a.c?.t === "tuple" && a.c.items.every((x) => x.t === "str") ? a.c.items.map((x) => (x as { v: string }).v) : undefined;
  if (!texts || texts.some((x) => x === "")) return undefined;
  const yes: Refinement[] = texts.length === 1 ? [{ path: p, mask: 0, ...(method === "startswith" ? { prefix: texts[0]! } : { suffix: texts[0]! }) }] : [];
  const no: Refinement[] = method === "startswith" ? [{ path: p, mask: 0, ex: texts.map((x) => `^${x}`) }] : [];
  return yes.length || no.length ? { yes, no } : undefined;
}

// ---- sets of allowed values and characters -------------------------------------------------

/** `set(x)` (its characters) or `{x}` (x itself) as the subject of a subset test. */
function setSubject(f: Frame, node: PyNode | null): { path: string[]; chars: boolean } | undefined {
  const n = unparen(node);
  if (n?.type === "set" && n.namedChildren.length === 1) {
    const p = namePath(n.namedChildren[0]!);
    return p ? { path: p, chars: false } : undefined;
  }
  if (n?.type !== "call" || !SET_CALLS.has(f.model.qualifiedName(n.get("function")) ?? "")) return undefined;
  const args = n.get("arguments")?.namedChildren ?? [];
  const p = args.length === 1 ? namePath(args[0]!) : undefined;
  return p ? { path: p, chars: true } : undefined;
}

const SET_CALLS = new Set(["builtins.set", "builtins.frozenset"]);

/** The constant elements of a clean collection (a string's characters, a dict's keys). */
function constantElements(v: Val): PyValue[] | undefined {
  const c = isClean(v) ? v.c : undefined;
  if (!c) return undefined;
  if (c.t === "str") return [...c.v].map((ch) => ({ t: "str", v: ch }));
  if (c.t === "list" || c.t === "tuple" || c.t === "set") return c.items;
  if (c.t === "dict") return c.entries.map(([k]) => k);
  return undefined;
}

/** What "every element of the subject is in `allowed`" establishes. */
function subsetFact(f: Frame, subject: { path: string[]; chars: boolean }, allowed: Val): Refinement | undefined {
  const elements = constantElements(allowed);
  if (!elements) return subject.chars || !isClean(allowed) ? undefined : { path: subject.path, mask: f.knowledge.allKinds };
  if (!subject.chars) return { path: subject.path, mask: f.knowledge.allKinds, ...memberOf(constVal({ t: "tuple", items: elements })) };
  if (!elements.every((e) => e.t === "str" && [...e.v].length === 1)) return undefined;
  const chars = elements.map((e) => (e as { v: string }).v);
  return { path: subject.path, mask: alphabetSafety(chars, (k) => f.knowledge.mask(k)), ex: SPECIALS.filter((c) => !chars.includes(c)) };
}

/** `set(x) <= ALLOWED`, `ALLOWED >= set(x)`, `{x} <= ALLOWED` (and the strict forms). */
export function subsetComparison(f: Frame, operands: readonly PyNode[], vals: readonly Val[], op: string): GuardFacts | undefined {
  const [a, b] = op === "<=" || op === "<" ? [0, 1] : op === ">=" || op === ">" ? [1, 0] : [-1, -1];
  if (a < 0) return undefined;
  const subject = setSubject(f, operands[a]!);
  const fact = subject && subsetFact(f, subject, vals[b]!);
  return fact ? { yes: [fact], no: [] } : undefined;
}

/** `set(x).issubset(ALLOWED)`, `ALLOWED.issuperset(set(x))`. */
export function subsetMethodFacts(f: Frame, recvNode: PyNode | null, recv: Val, method: string, args: readonly Val[], argNodes: readonly PyNode[]): GuardFacts | undefined {
  if (args.length !== 1) return undefined;
  const subject = method === "issubset" ? setSubject(f, recvNode) : method === "issuperset" ? setSubject(f, argNodes[0] ?? null) : undefined;
  const fact = subject && subsetFact(f, subject, method === "issubset" ? args[0]! : recv);
  return fact ? { yes: [fact], no: [] } : undefined;
}

/** `{x} & ALLOWED` is truthy, `{x} - ALLOWED` / `set(x) - ALLOWED` is falsy: the subject's elements are allowed. */
export function setOperatorFacts(f: Frame, op: string, left: PyNode | null, right: Val): GuardFacts | undefined {
  const subject = setSubject(f, left);
  if (!subject) return undefined;
  if (op === "&" && !subject.chars) {
    const fact = subsetFact(f, subject, right);
    return fact ? { yes: [fact], no: [] } : undefined;
  }
  // `set(x) & BAD` is falsy: x holds none of BAD's characters
  if (op === "&") {
    const bad = constantElements(right);
    if (!bad?.length || !bad.every((e) => e.t === "str" && [...e.v].length === 1)) return undefined;
    return { yes: [], no: [{ path: subject.path, mask: 0, ex: bad.map((e) => (e as { v: string }).v) }] };
  }
  if (op === "-") {
    const fact = subsetFact(f, subject, right);
    return fact ? { yes: [], no: [fact] } : undefined;
  }
  return undefined;
}
// ---- character-by-character checks ---------------------------------------------------------

/** The non-empty strings a constant string (its characters) or list, tuple or set of strings holds. */
function constantStrings(f: Frame, n: PyNode | null): string[] | undefined {
  const c = f.model.constant(n, f.lookup);
  const items = c?.t === "str" ? [...c.v] : c && (c.t === "list" || c.t === "tuple" || c.t === "set") && c.items.every((x) => x.t === "str") ? c.items.map((x) => (x as { v: string }).v) : undefined;
  return items && items.length > 0 && items.every((x) => x !== "") ? items : undefined;
}

/** `v in X` / `v not in X` with the loop variable `v` on the left: X, and whether the test is negated. */
function loopVariableMembership(n: PyNode, v: string): { other: PyNode; negated: boolean } | undefined {
  if (n.type !== "comparison_operator") return undefined;
  const ops = comparisonOperators(n);
  const [l, r] = n.namedChildren;
  if (ops.length !== 1 || !l || !r || (ops[0] !== "in" && ops[0] !== "not in")) return undefined;
  return unparen(l)?.type === "identifier" && unparen(l)!.text === v ? { other: r, negated: ops[0] === "not in" } : undefined;
}

/**
 * `next((r for r in releases if r.link == link), None)`: where the result is found (truthy, not None),
 * `link` equals a part of one of `releases`' elements, the lookup idiom of an allow-list of records.
 * When that part holds no input, `link` is as clean as it. Only a local list of records and a test of
 * one `==` between the loop variable's attribute path and a value that does not involve it.
 */
export function foundFacts(f: Frame, call: PyNode): GuardFacts | undefined {
  const args = call.get("arguments")?.namedChildren ?? [];
  const gen = args[0]?.type === "generator_expression" ? args[0] : undefined;
  const clauses = gen?.namedChildren.filter((c) => c.type === "for_in_clause" || c.type === "if_clause") ?? [];
  if (clauses.length !== 2 || clauses[0]!.type !== "for_in_clause" || clauses[1]!.type !== "if_clause") return undefined;
  const loopVar = clauses[0]!.get("left");
  const iter = unparen(clauses[0]!.get("right"));
  const test = unparen(clauses[1]!.namedChildren[0] ?? null);
  if (loopVar?.type !== "identifier" || iter?.type !== "identifier" || test?.type !== "comparison_operator") return undefined;
  if (test.namedChildren.length !== 2 || comparisonOperators(test).join() !== "==") return undefined;
  const records = f.state.env.get(iter.text);
  if (!records) return undefined;
  for (const [mine, other] of [test.namedChildren, [...test.namedChildren].reverse()] as const) {
    // the compared part of an element: `r.link` (its attribute) or `r["link"]` (its entry under a constant key)
    const p = accessPath(f, mine ?? null, false);
    if (p?.root !== loopVar.text || mentions(other!, loopVar.text)) continue;
    const subject = guardPath(f, other!);
    if (!subject) return undefined;
    let part = element(records);
    for (const seg of p.segs) {
      if ("attr" in seg) part = attribute(part, seg.attr);
      else if (seg.key?.t === "str") part = index(part, seg.key);
      else return undefined;
    }
    return isClean(part) && serverValue(part) ? { yes: [{ path: subject, mask: f.knowledge.allKinds }], no: [] } : undefined;
  }
  return undefined;
}

/** Whether the expression reads the variable `name`. */
function mentions(node: PyNode, name: string): boolean {
  if (node.type === "identifier") return node.text === name;
  return node.namedChildren.some((c) => mentions(c, name));
}

/** Character tests a `str` method makes, as the ASCII characters it admits (`c.isalnum()`). */
const CHAR_TESTS: Record<string, readonly string[]> = { isalnum: [...LETTERS, ...DIGITS], isalpha: LETTERS, isdigit: DIGITS, isdecimal: DIGITS, isnumeric: DIGITS };

/**
 * `any(c in x for c in BAD)` / `any(c in BAD for c in x)` is false: x holds none of BAD's
 * characters. `all(c in OK for c in x)` (or `c.isalnum() or c in OK`) is true: x holds only those.
 * Undefined for any other shape of the generator.
 */
export function quantifiedFacts(f: Frame, quantifier: "any" | "all", call: PyNode): GuardFacts | undefined {
  const args = call.get("arguments");
  const gen = args?.type === "generator_expression" ? args : args?.namedChildren.length === 1 && args.namedChildren[0]!.type === "generator_expression" ? args.namedChildren[0]! : undefined;
  if (!gen) return undefined;
  const clauses = gen.namedChildren.filter((c) => c.type === "for_in_clause" || c.type === "if_clause");
  const loop = clauses.length === 1 && clauses[0]!.type === "for_in_clause" ? clauses[0]! : undefined;
  const v = loop?.get("left");
  const body = unparen(gen.get("body"));
  if (!loop || v?.type !== "identifier" || !body) return undefined;
  const iter = loop.get("right");
  const constChars = (n: PyNode | null) => constantStrings(f, n);
  const membership = (n: PyNode) => loopVariableMembership(n, v.text);
  if (quantifier === "any") {
    const m = membership(body);
    if (!m || m.negated) return undefined;
    // `any(c in x for c in BAD)`: BAD's characters (or substrings) are absent from x
    const bad = constChars(iter);
    const x = namePath(m.other);
    if (bad && x) return { yes: [], no: [{ path: x, mask: 0, ex: bad }] };
    // `any(c in BAD for c in x)`: no character of x is one of BAD
    const listed = constChars(m.other);
    const subject = namePath(iter);
    if (listed && subject && listed.every((c) => [...c].length === 1)) return { yes: [], no: [{ path: subject, mask: 0, ex: listed }] };
    return undefined;
  }
  // `all(...)` over the characters of x: every one is allowed by some alternative of the body
  return everyCharacterFacts(f, v.text, iter, body, false);
}

/**
 * What `body` being true for every character `v` of `iter` says about `iter`: it holds only the characters
 * the alternatives of `body` admit (`c in OK`, `c.isalnum()`, joined with `or`). With `negated`, `body` is the
 * test that rejects a character (`c not in OK`, `not c.isalnum()`, `not (c in OK or c == "-")`). Shared by
 * `all(c in OK for c in x)` and a loop that leaves on a rejected character (`loopCharacterFacts`).
 */
function everyCharacterFacts(f: Frame, v: string, iter: PyNode | null, body: PyNode, negated: boolean): GuardFacts | undefined {
  const subject = namePath(iter);
  if (!subject) return undefined;
  const constChars = (n: PyNode | null) => constantStrings(f, n);
  const allowed: string[] = [];
  // `c in X` (or, where the test rejects, `c not in X`)
  const membership = (n: PyNode, rejects: boolean): PyNode | undefined => {
    const m = loopVariableMembership(n, v);
    return m && m.negated === rejects ? m.other : undefined;
  };
  const alternatives = (n: PyNode, rejects: boolean): boolean => {
    const u = unparen(n);
    if (!u) return false;
    if (rejects && u.type === "not_operator") return alternatives(u.get("argument")!, false);
    // `not (a or b)` rejects what `a and b` would reject: `c not in X and not c.isalnum()`
    const joiner = rejects ? "and" : "or";
    if (u.type === "boolean_operator" && u.get("operator")?.text === joiner) return alternatives(u.get("left")!, rejects) && alternatives(u.get("right")!, rejects);
    const other = membership(u, rejects);
    if (other) {
      const listed = constChars(other);
      if (!listed || !listed.every((c) => [...c].length === 1)) return false;
      allowed.push(...listed);
      return true;
    }
    if (rejects) return false;
    if (u.type === "call" && (u.get("arguments")?.namedChildren.length ?? 1) === 0) {
      const fn = u.get("function");
      const test = fn?.type === "attribute" && fn.get("object")?.text === v ? CHAR_TESTS[fn.get("attribute")?.text ?? ""] : undefined;
      if (!test) return false;
      allowed.push(...test);
      return true;
    }
    return false;
  };
  if (!alternatives(body, negated)) return undefined;
  const chars = [...new Set(allowed)];
  return { yes: [{ path: subject, mask: alphabetSafety(chars, (k) => f.knowledge.mask(k)), ex: SPECIALS.filter((c) => !chars.includes(c)) }], no: [] };
}

/**
 * `for c in x:` whose body only leaves on a rejected character (`if c not in OK: return False`, `raise`,
 * `abort(400)`): where the loop ran to its end, x holds only allowed characters, as after `all(c in OK for c
 * in x)`. The refinements to apply after a normal end of the loop, or undefined for any other loop shape.
 */
export function loopCharacterFacts(f: Frame, loop: PyNode): readonly Refinement[] | undefined {
  const v = loop.get("left");
  const body = loop.get("body");
  if (v?.type !== "identifier" || !body || body.namedChildren.length === 0) return undefined;
  let facts: readonly Refinement[] | undefined;
  for (const st of body.namedChildren) {
    if (st.type === "comment") continue;
    const cond = st.type === "if_statement" && !st.get("alternative") ? st.get("condition") : null;
    const block = st.get("consequence");
    const last = block?.namedChildren.filter((c) => c.type !== "comment").at(-1);
    if (!cond || !last || !leaves(f, last)) return undefined;
    const g = everyCharacterFacts(f, v.text, loop.get("right"), cond, true);
    if (!g || facts) return undefined;
    facts = g.yes;
  }
  return facts;
}

/** A statement after which the path does not go on: `return`, `raise`, or a call the models say never returns (`flask.abort`, `sys.exit`). */
function leaves(f: Frame, st: PyNode): boolean {
  if (st.type === "return_statement" || st.type === "raise_statement") return true;
  const call = st.type === "expression_statement" ? unparen(st.namedChildren[0] ?? null) : null;
  const name = call?.type === "call" ? f.model.qualifiedName(call.get("function")) : undefined;
  return name !== undefined && f.knowledge.call(name)?.noReturn === true;
}

/**
 * `x.replace(".", "").replace("-", "").isalnum()` is true: x holds only what the test admits plus
 * the characters the replacements deleted. Undefined unless the receiver is such a chain on a
 * variable and the test is one of `CHAR_TESTS`.
 */
export function strippedCharacterFacts(f: Frame, method: string, recvNode: PyNode | null | undefined): GuardFacts | undefined {
  const test = CHAR_TESTS[method];
  if (!test) return undefined;
  const deleted: string[] = [];
  let n = unparen(recvNode ?? null);
  for (let i = 0; i < 8 && n?.type === "call"; i++) {
    const fn = n.get("function");
    const args = n.get("arguments")?.namedChildren ?? [];
    if (fn?.type !== "attribute" || fn.get("attribute")?.text !== "replace" || args.length !== 2) return undefined;
    const [old, repl] = args.map((a) => f.model.constant(a, f.lookup));
    if (old?.t !== "str" || repl?.t !== "str" || repl.v !== "" || [...old.v].length !== 1) return undefined;
    deleted.push(old.v);
    n = unparen(fn.get("object"));
  }
  const p = deleted.length ? namePath(n) : undefined;
  if (!p) return undefined;
  const chars = [...test, ...deleted];
  return { yes: [{ path: p, mask: alphabetSafety(chars, (k) => f.knowledge.mask(k)), ex: SPECIALS.filter((c) => !chars.includes(c)) }], no: [] };
}
