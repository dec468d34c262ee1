/** Abstract evaluation of expressions to values: literals, containers, operators, names, attributes. */
import { sliceParts, unparen, walk, type PyNode } from "../parse/ast.js";
import { pyRepr, truthy, type PyValue } from "../model/values.js";
import { binary } from "../model/fold.js";
import type { FileModel } from "../model/file-model.js";
import type { CallInfo, Knowledge } from "./knowledge.js";
import { applyInfo, callProject, checkSink, condition, evalCall, modelledMethod, refinedRead } from "./calls.js";
import { copyEnv, MAX_EXPR_DEPTH, type Frame } from "./frame.js";
import { applyRefinements, comparisonFacts, comparisonOperators, disjunction, guardPath, negate, setOperatorFacts } from "./guards.js";
import { fieldValidation, typeKinds, validatedMapping } from "./field-checks.js";
import { percentTaint } from "./format-fields.js";
import { concatText, formattedString, joinedPath, percentFormatted, slicedText, textRules } from "./strings.js";
import { afterPrefix, beginning, startingWith, templateHead, UNKNOWN_CLEAN } from "./prefix.js";
import { CLEAN, restrict, union, type Taint } from "./labels.js";
import { assignTarget, short } from "./targets.js";
import {
  attribute,
  CLEAN_VAL,
  constVal,
  element,
  flat,
  hasMiddle,
  index,
  isClean,
  join,
  opaqueSeq,
  seqOf,
  restrictVal,
  shaped,
  tainted,
  type Val,
} from "./value.js";

/** Nodes longer than this are not re-folded as a whole (keeps folding linear on long chains). */
const FOLD_LIMIT = 4000;

/** Evaluates an expression to an abstract value in the frame's current state. */
export function evalExpr(f: Frame, node: PyNode | null, depth = 0): Val {
  if (!node) return CLEAN_VAL;
  f.tick();
  if (depth > MAX_EXPR_DEPTH) return conservative(f, node);
  const d = depth + 1;
  switch (node.type) {
    case "identifier":
      return f.read(node.text, node);
    case "integer":
    case "float":
    case "true":
    case "false":
    case "none":
    case "string":
    case "concatenated_string":
      return evalString(f, node, d);
    case "parenthesized_expression": {
      const inner = node.namedChildren[0];
      return inner ? evalExpr(f, inner, d) : constVal({ t: "tuple", items: [] });
    }
    case "list":
    case "tuple":
    case "set":
    case "expression_list":
      return evalSequence(f, node, d);
    case "dictionary":
      return evalDict(f, node, d);
    case "binary_operator":
      return evalBinary(f, node, d);
    case "unary_operator": {
      const v = evalExpr(f, node.get("argument"), d);
      return isClean(v) ? fold(f, node) : tainted(flat(v));
    }
    case "not_operator": {
      const v = evalCondition(f, node.get("argument"), d);
      const c = isClean(v) && v.c ? { t: "bool", v: !truthy(v.c) } as PyValue : undefined;
      return { t: CLEAN, ...(c ? { c } : {}), ...(v.g ? { g: negate(v.g) } : {}) };
    }
    case "comparison_operator":
      return evalComparison(f, node, d);
    case "boolean_operator":
      return evalBoolean(f, node, d);
    case "conditional_expression":
      return evalConditional(f, node, d);
    case "subscript":
      return evalSubscript(f, node, d);
    case "attribute":
      return evalAttribute(f, node, d);
    case "call":
      return evalCall(f, node, d);
    case "await":
      return evalExpr(f, node.namedChildren[0] ?? null, d);
    case "lambda":
      return { t: CLEAN, fn: { node, model: f.model, env: copyEnv(f.state.env), owner: f.fn } };
    case "list_comprehension":
    case "set_comprehension":
    case "generator_expression":
    case "dictionary_comprehension":
      return evalComprehension(f, node, d);
    case "named_expression": {
      const v = evalExpr(f, node.get("value"), d);
      const name = node.get("name");
      if (name) assignTarget(f, name, v);
      return v;
    }
    case "yield": {
      const arg = node.namedChildren[0] ?? null;
      if (arg) {
        // `yield from it` yields the elements; either way the generator's result carries them
        f.addReturn(evalExpr(f, arg, d));
      }
      return CLEAN_VAL;
    }
    case "keyword_argument":
      return evalExpr(f, node.get("value"), d);
    case "list_splat":
    case "dictionary_splat":
    case "parenthesized_list_splat":
      return evalExpr(f, node.namedChildren[0] ?? null, d);
    case "ellipsis":
      return CLEAN_VAL;
    default:
      return conservative(f, node);
  }
}

/** Folds a node whose operands are all clean, when it is small enough to re-fold. */
function fold(f: Frame, node: PyNode): Val {
  if (node.end - node.start > FOLD_LIMIT) return CLEAN_VAL;
  const c = f.model.constant(node, f.lookup);
  return c ? constVal(c) : CLEAN_VAL;
}

/** Small subexpressions are evaluated precisely inside a conservatively handled one. */
const PRECISE_SPAN = 200;

/**
 * Past the depth limit: the union of the taint of every name and small subexpression in the
 * subtree, walked without recursion.
 */
export function conservative(f: Frame, node: PyNode): Val {
  let t: Taint = CLEAN;
  walk(node, (n) => {
    if (n !== node && n.end - n.start < PRECISE_SPAN && (n.type === "attribute" || n.type === "call" || n.type === "subscript")) {
      t = union(t, flat(evalExpr(f, n)));
      return false;
    }
    if (n.type === "identifier" && !(n.parent?.type === "attribute" && n.field === "attribute") && n.field !== "name") {
      t = union(t, flat(f.read(n.text, n)));
    }
    return true;
  });
  return tainted(t);
}

function evalString(f: Frame, node: PyNode, d: number): Val {
  let t: Taint = CLEAN;
  let interpolated = false;
  const values = new Map<PyNode, Val>();
  walk(node, (n) => {
    if (n === node) return true;
    if (n.type === "interpolation") {
      interpolated = true;
      const e = n.get("expression");
      if (e) {
        const v = evalExpr(f, e, d);
        values.set(e, v);
        t = union(t, flat(v));
      }
      const spec = n.get("format_specifier");
      if (spec) {
        for (const inner of spec.namedChildren) {
          if (inner.type !== "format_expression") continue;
          const e2 = inner.get("expression");
          const v = evalExpr(f, e2, d);
          if (e2) values.set(e2, v);
          t = union(t, flat(v));
        }
      }
      return false;
    }
    return n.type === "string" || n.type === "concatenated_string";
  });
  const folded = t.length > 0 ? undefined : fold(f, node);
  if (folded && (folded.c || !interpolated)) return folded;
  // a string with values in it keeps its pieces (for sinks that read it in a syntax) and its known
  // beginning (which may fix what follows: prefix.ts)
  return formattedString(node, (e) => values.get(e) ?? CLEAN_VAL, textRules(f));
}

function evalSequence(f: Frame, node: PyNode, d: number): Val {
  const kind = node.type === "expression_list" ? "tuple" : (node.type as "list" | "tuple" | "set");
  // elements before the first unpacking of unknown length are an exact prefix, those after it an exact tail
  const items: Val[] = [];
  let tail: Val[] | undefined;
  let rest: Taint = CLEAN;
  for (const c of node.namedChildren) {
    if (c.type === "list_splat" || c.type === "parenthesized_list_splat") {
      const v = shaped(evalExpr(f, c.namedChildren[0] ?? null, d));
      if (v.items && !hasMiddle(v) && v.t.length === 0) (tail ?? items).push(...v.items);
      else {
        for (const x of tail ?? []) rest = union(rest, flat(x));
        tail = [];
        rest = union(rest, flat(v));
      }
      continue;
    }
    (tail ?? items).push(evalExpr(f, c, d));
  }
  if (kind === "set") {
    for (const x of [...items, ...(tail ?? [])]) rest = union(rest, flat(x));
    const v: Val = { ...opaqueSeq(kind, rest), oid: f.oid(node) };
    return rest.length === 0 ? { ...v, ...constOf(f, node) } : v;
  }
  const oid = kind === "list" ? { oid: f.oid(node) } : {};
  if (tail) return { t: CLEAN, seq: kind, items, tail, rest: rest.length ? rest : [], ...oid };
  const v: Val = { t: CLEAN, seq: kind, items, ...oid };
  return items.every(isClean) ? { ...v, ...constOf(f, node) } : v;
}

function constOf(f: Frame, node: PyNode): { c?: PyValue } {
  const v = fold(f, node);
  return v.c ? { c: v.c } : {};
}

function evalDict(f: Frame, node: PyNode, d: number): Val {
  const keys = new Map<string, Val>();
  let kt: Taint = CLEAN;
  let rest: Taint = CLEAN;
  for (const c of node.namedChildren) {
    // entries of unknown keys may replace any entry written before them, not those written after
    const unknown = (t: Taint) => {
      if (t.length === 0) return;
      rest = union(rest, t);
      for (const [k, x] of keys) keys.set(k, join(x, tainted(t)));
    };
    if (c.type === "pair") {
      const k = evalExpr(f, c.get("key"), d);
      const v = evalExpr(f, c.get("value"), d);
      if (isClean(k) && k.c) keys.set(pyRepr(k.c), v);
      else {
        kt = union(kt, flat(k));
        unknown(flat(v));
      }
    } else if (c.type === "dictionary_splat") {
      const other = shaped(evalExpr(f, c.namedChildren[0] ?? null, d));
      unknown(union(other.t, other.rest ?? CLEAN));
      if (other.seq === "dict" && other.keys) for (const [k, v] of other.keys) keys.set(k, v);
      kt = union(kt, other.kt ?? CLEAN);
    }
  }
  const v: Val = { t: CLEAN, seq: "dict", keys, rest, ...(kt.length ? { kt } : {}), oid: f.oid(node) };
  return kt.length === 0 && rest.length === 0 && [...keys.values()].every(isClean) ? { ...v, ...constOf(f, node) } : v;
}

const PATH_TYPE = "pathlib.Path";

/** The value of `l <op> r` given the operand values. */
export function binaryValue(f: Frame, op: string, l: Val, r: Val, node: PyNode | null): Val {
  const escL = l.type ? f.knowledge.escapingFormatters.get(l.type) : undefined;
  const escR = r.type ? f.knowledge.escapingFormatters.get(r.type) : undefined;
  if (escL && (op === "%" || op === "+")) {
    // Markup("<b>%s</b>") % value escapes the value
    return { t: union(l.t, flat(restrictVal(r, ~escL))), type: l.type! };
  }
  if (escR && op === "+") return { t: union(flat(restrictVal(l, ~escR)), r.t), type: r.type! };
  if (isClean(l) && isClean(r)) {
    let v = node ? fold(f, node) : CLEAN_VAL;
    // operands known here though their expressions do not fold (`string.ascii_letters + string.digits`)
    if (!v.c && l.c && r.c) {
      const c = binary(op, l.c, r.c);
      if (c) v = constVal(c);
    }
    if (l.type === PATH_TYPE || r.type === PATH_TYPE) return { ...v, type: PATH_TYPE };
    if (op === "+" && !v.c) {
      // clean text of unknown parts keeps its pieces and its known beginning
      const text = concatText(l, r, {}, textRules(f));
      if (text) return text;
    }
    // a configured base and a constant path (`settings.API_URL + "/"`) keep their known text
    const head = op === "+" && !v.c ? beginning(l) : undefined;
    return head !== undefined ? { ...v, pre: head + (beginning(r) ?? UNKNOWN_CLEAN) } : v;
  }
  if (op === "%" && isClean(l) && (l.c?.t === "str" || l.c?.t === "bytes")) {
    // a constant template interpolates only the values its conversions name
    const t = percentTaint(l.c.v, r, reprCleared(f));
    const text = l.c.t === "str" ? percentFormatted(l.c.v, shaped(r), textRules(f)) : undefined;
    return text && sameLabels(flat(text), t) ? text : startingWith(f, templateHead(l.c.v, "%"), t);
  }
  const sl = shaped(l);
  const sr = shaped(r);
  if (op === "+" && sl.items && sr.items && sl.seq === sr.seq && (sl.seq === "list" || sl.seq === "tuple") && !hasMiddle(sl) && !hasMiddle(sr)) {
    return { t: union(sl.t, sr.t), seq: sl.seq, items: [...sl.items, ...sr.items] };
  }
  if (op === "+" && (sl.seq === "list" || sl.seq === "tuple")) {
    // a known prefix stays known, a known suffix becomes the tail
    const items = sl.items && !hasMiddle(sl) ? sl.items : [];
    const left = sl.items && !hasMiddle(sl) ? sl.t : flat(sl);
    const tail = sr.items && !hasMiddle(sr) && sr.t.length === 0 ? sr.items : undefined;
    const right = tail ? CLEAN : flat(sr);
    return { t: CLEAN, seq: sl.seq, items, ...(tail ? { tail } : {}), rest: union(left, right) };
  }
  if ((sl.seq === "list" || sl.seq === "tuple") && op === "*") {
    return opaqueSeq(sl.seq, union(flat(sl), flat(sr)));
  }
  if (op === "/" && l.type === PATH_TYPE) return joinedPath([l, r], { type: PATH_TYPE }, textRules(f));
  // dividing by text only works on paths, whatever the base is (`settings.MEDIA_ROOT / name`)
  if (op === "/" && !l.type && !l.seq && l.c === undefined && !r.type && !r.seq && !isClean(r)) return joinedPath([{ ...l, type: PATH_TYPE }, r], { type: PATH_TYPE }, textRules(f));
  if (l.type === PATH_TYPE || r.type === PATH_TYPE) return { t: union(flat(l), flat(r)), type: PATH_TYPE };
  if (op === "+") {
    // text keeps its pieces; what is appended to a known beginning may be unable to change its scheme and host
    const text = concatText(l, r, {}, textRules(f));
    if (text) return text;
    const head = beginning(sl);
    if (head !== undefined) return { t: union(flat(l), afterPrefix(f, head, flat(sr))), pre: head + (beginning(sr) ?? UNKNOWN_CLEAN) };
  }
  return tainted(union(flat(l), flat(r)));
}

/** The kinds `repr()` neutralises (it escapes control characters), as the models say; also `!r` and `%r`. */
export function reprCleared(f: Frame): number {
  let m = 0;
  for (const s of f.knowledge.call("builtins.repr")?.sanitizers ?? []) m |= f.knowledge.mask(s.kinds);
  return m;
}

/** Same labels (ignoring masks and traces). */
function sameLabels(a: Taint, b: Taint): boolean {
  return a.length === b.length && a.every((l) => b.some((m) => m.key === l.key));
}

function evalBinary(f: Frame, node: PyNode, d: number): Val {
  const l = evalExpr(f, node.get("left"), d);
  const r = evalExpr(f, node.get("right"), d);
  const op = node.get("operator")?.text ?? "";
  const v = binaryValue(f, op, l, r, node);
  const g = op === "&" || op === "-" ? setOperatorFacts(f, op, node.get("left"), r) : undefined;
  return g ? { ...v, g } : v;
}

function evalComparison(f: Frame, node: PyNode, d: number): Val {
  const operands = node.namedChildren;
  const vals = operands.map((o) => evalExpr(f, o, d));
  for (const v of vals) f.decides(v);
  const base: Val = vals.every(isClean) ? identityWithNone(f, node, vals) ?? fold(f, node) : CLEAN_VAL;
  const g = comparisonFacts(f, node, vals);
  return g ? { ...base, g } : base;
}

/**
 * `type is None` where `type` is a parameter this summary was specialised for with a library function or type
 * (`type=int` passed to a helper's `if type is not None: arg = type(arg)`) and not assigned since: the test folds.
 * Only such parameters: a value that holds a function may also be `None` on another path (a join keeps the
 * function and forgets the `None`).
 */
function identityWithNone(f: Frame, node: PyNode, vals: readonly Val[]): Val | undefined {
  if (f.callables.size === 0) return undefined;
  const ops = comparisonOperators(node);
  const operands = node.namedChildren;
  if (vals.length !== 2 || ops.length !== 1) return undefined;
  const op = ops[0]!.replace(/\s+/g, " ");
  if (op !== "is" && op !== "is not") return undefined;
  const [l, r] = vals as [Val, Val];
  const side = r.c?.t === "none" ? unparen(operands[0]!) : l.c?.t === "none" ? unparen(operands[1]!) : null;
  if (side?.type !== "identifier" || !f.callables.has(side.text) || f.rebound.has(side.text)) return undefined;
  return constVal({ t: "bool", v: op === "is not" });
}

function evalBoolean(f: Frame, node: PyNode, d: number): Val {
  const op = node.get("operator")?.text;
  const l = evalCondition(f, node.get("left"), d);
  f.decides(l);
  if (isClean(l) && l.c) {
    const t = truthy(l.c);
    if ((op === "or" && t) || (op === "and" && !t)) return l;
    return evalExpr(f, node.get("right"), d);
  }
  // the right operand runs only where the left one allows it
  const saved = f.snapshot();
  if (l.g) applyRefinements(f, op === "and" ? l.g.yes : l.g.no);
  const r = evalCondition(f, node.get("right"), d);
  f.state = saved;
  // the operands' own facts do not hold of the whole (a join with a bare constant keeps one side's, `g` included)
  const { g: _joined, ...v } = join(l, r);
  // `a and b` holds when both do; it fails when one of them does (and `or` the other way round). A side that is
  // settled outside development (`not settings.DEBUG` true, `settings.DEBUG` false) leaves the other side's facts:
  // `if not settings.DEBUG and not is_safe(url): return` checks `url` wherever the code runs in production
  const left = node.get("left");
  const right = node.get("right");
  const settled = (side: PyNode | null) => (side ? (op === "and" ? productionCondition(f, side) : developmentCondition(f, side) !== 0) : false);
  const g =
    op === "and"
      ? {
          yes: [...(l.g?.yes ?? []), ...(r.g?.yes ?? [])],
          no: settled(left) ? [...(r.g?.no ?? [])] : settled(right) ? [...(l.g?.no ?? [])] : disjunction(l.g?.no ?? [], r.g?.no ?? []),
        }
      : {
          yes: settled(left) ? [...(r.g?.yes ?? [])] : settled(right) ? [...(l.g?.yes ?? [])] : disjunction(l.g?.yes ?? [], r.g?.yes ?? []),
          no: [...(l.g?.no ?? []), ...(r.g?.no ?? [])],
        };
  return g.yes.length || g.no.length ? { ...v, g } : v;
}

/**
 * A value tested for truth. Where a tainted name or attribute is falsy it is empty, `None`, zero or
 * `False`: nothing of the input is left in it (`if not next_url: ...`, `x if x else "/"`).
 */
export function evalCondition(f: Frame, node: PyNode | null, d = 0): Val {
  const v = evalExpr(f, node, d);
  if (v.g || isClean(v)) return v;
  const path = guardPath(f, node);
  return path ? { ...v, g: { yes: [], no: [{ path, mask: 0, value: { t: CLEAN } }] } } : v;
}

/** `not settings.DEBUG` (a development condition negated): true wherever the code runs in production. */
function productionCondition(f: Frame, cond: PyNode): boolean {
  const n = unparen(cond);
  return n?.type === "not_operator" && developmentCondition(f, n.get("argument")!) !== 0;
}

/**
 * The kinds a condition makes development-only for its branch: a name or attribute such as
 * `settings.DEBUG` or `self.debug`, alone or in an `and` (`DevelopmentOnlySpec`).
 */
export function developmentCondition(f: Frame, cond: PyNode): number {
  if (f.knowledge.developmentOnly.length === 0) return 0;
  const n = unparen(cond);
  if (n?.type === "identifier") return f.knowledge.developmentKinds(n.text);
  if (n?.type === "attribute") return f.knowledge.developmentKinds(n.get("attribute")?.text ?? "");
  if (n?.type === "boolean_operator" && n.get("operator")?.text === "and") {
    return developmentCondition(f, n.get("left")!) | developmentCondition(f, n.get("right")!);
  }
  return 0;
}

function evalConditional(f: Frame, node: PyNode, d: number): Val {
  const [a, cond, b] = node.namedChildren;
  const cv = evalCondition(f, cond ?? null, d);
  f.decides(cv);
  if (isClean(cv) && cv.c) return evalExpr(f, (truthy(cv.c) ? a : b) ?? null, d);
  const saved = f.snapshot();
  if (cv.g) applyRefinements(f, cv.g.yes);
  // `traceback.format_exc() if settings.DEBUG else "error"`: the first value exists only in development
  const dev = cond ? developmentCondition(f, cond) : 0;
  const va = dev ? restrictVal(evalExpr(f, a ?? null, d), ~dev) : evalExpr(f, a ?? null, d);
  f.state = { env: copyEnv(saved.env), live: saved.live };
  if (cv.g) applyRefinements(f, cv.g.no);
  const vb = evalExpr(f, b ?? null, d);
  f.state = saved;
  return join(va, vb);
}

function evalSubscript(f: Frame, node: PyNode, d: number): Val {
  if (f.readRoots.size > 0) {
    const refined = refinedRead(f, node);
    if (refined) return refined;
  }
  const v = evalExpr(f, node.get("value"), d);
  const subs = node.all("subscript");
  if (subs.length !== 1) {
    for (const s of subs) evalExpr(f, s, d);
    return index(v, undefined);
  }
  const s = subs[0]!;
  if (s.type === "slice") return evalSlice(f, v, s, d);
  const k = evalExpr(f, s, d);
  f.decides(k);
  // `obj[key]` on an object of a modelled type is a call of its `__getitem__` (`globals()[name]`)
  const getItem = v.type ? f.knowledge.method(v.type, "__getitem__") : undefined;
  const itemCtx = () => ({ node, args: { pos: [k], posNodes: [s], kw: new Map<string, Val>(), kwNodes: new Map<string, PyNode>() }, recv: v, recvNode: node.get("value"), callee: short(node.get("value")?.text ?? "") });
  // … whose models say what an item is (a Django form's bound field), also on an instance of a project subclass
  const itemModel = v.type ? modelledItem(f, v.type, getItem) : undefined;
  if (itemModel) return applyInfo(f, itemModel, itemCtx());
  // … a read under a key the models name as a source of its own (`request.META["HTTP_REFERER"]`)
  if (getItem && getItem.sources.length > 0 && !isClean(v) && isClean(k)) {
    const ctx = itemCtx();
    const spec = getItem.sources.find((s) => s.when?.every((c) => condition(f, ctx, c) === true));
    if (spec) return f.source(spec, node);
  }
  if (getItem && getItem.sinks.length > 0 && !isClean(k)) {
    const ctx = itemCtx();
    for (const spec of getItem.sinks) checkSink(f, spec, ctx);
  }
  // … and its sanitizers judge the key (a WSGI environment's `environ["REMOTE_ADDR"]` is the server's)
  if (getItem && getItem.sanitizers.length > 0 && !isClean(v)) {
    const ctx = itemCtx();
    let cleared = 0;
    for (const spec of getItem.sanitizers) {
      if (spec.unless?.some((c) => condition(f, ctx, c) === true)) continue;
      if (spec.when?.some((c) => condition(f, ctx, c) !== true)) continue;
      cleared |= f.knowledge.mask(spec.kinds);
    }
    if (cleared) return restrictVal(index(v, isClean(k) ? f.knowledge.mappingKey(v.type, k.c) : undefined), ~cleared);
  }
  if (isClean(v) && v.c && isClean(k) && k.c && !v.seq) {
    const c = fold(f, node);
    if (c.c) return c;
  }
  return index(v, isClean(k) ? f.knowledge.mappingKey(v.type, k.c) : undefined);
}

/** The models' `__getitem__` of `type` (its own, `own`, else as `modelledMethod` finds it) when it says what an item is (propagators). */
function modelledItem(f: Frame, type: string, own: CallInfo | undefined): CallInfo | undefined {
  const m = own ?? modelledMethod(f, type, "__getitem__");
  return m && m.propagators.length > 0 ? m : undefined;
}

function evalSlice(f: Frame, v: Val, s: PyNode, d: number): Val {
  const bounds = sliceParts(s).map((c): PyValue | undefined | null => {
    if (!c) return null;
    const b = evalExpr(f, c, d);
    return isClean(b) && b.c ? b.c : undefined;
  });
  const sv = shaped(v);
  const [start, stop, step] = bounds;
  const asInt = (b: PyValue | undefined | null): number | undefined | null => (b === null ? null : b && b.t === "int" ? b.v : undefined);
  const a = asInt(start);
  const z = asInt(stop);
  const n = sv.items ? sv.items.length : sv.c && (sv.c.t === "str" || sv.c.t === "bytes") ? sv.c.v.length : 0;
  const norm = (x: number | null, dflt: number) => (x === null ? dflt : x < 0 ? Math.max(0, n + x) : Math.min(n, x));
  if (isClean(sv) && sv.c && (sv.c.t === "str" || sv.c.t === "bytes") && step === null && a !== undefined && z !== undefined) {
    return constVal({ t: sv.c.t, v: sv.c.v.slice(norm(a, 0), norm(z, n)) });
  }
  if (sv.items && !hasMiddle(sv) && step === null && a !== undefined && z !== undefined) {
    return { t: sv.t, seq: sv.seq!, items: sv.items.slice(norm(a, 0), norm(z, n)) };
  }
  if (sv.seq) return opaqueSeq(sv.seq, flat(sv));
  if (v.parts || v.ex) return slicedText(v, step === null ? a : undefined, step === null ? z : undefined);
  return v.g ? { ...v, g: undefined } : v;
}

/** Names standing for local values (variables and parameters), as opposed to imports and globals. */
export function isLocalHead(f: Frame, node: PyNode | null): boolean {
  let n = unparen(node);
  while (n && (n.type === "attribute" || n.type === "call" || n.type === "subscript")) {
    n = unparen(n.type === "attribute" ? n.get("object") : n.type === "call" ? n.get("function") : n.get("value"));
  }
  if (!n || n.type !== "identifier") return true;
  if (f.state.env.has(n.text)) return true;
  const b = f.model.lookup(n.text, n);
  if (!b || b.length === 0) return false;
  return !b.every((x) => x.kind === "import") && b[0]!.scope.kind !== "module";
}

/** `obj.name`: modelled names and sources first, then the attribute of the evaluated object. */
export function evalAttribute(f: Frame, node: PyNode, d: number): Val {
  const obj = node.get("object");
  const name = node.get("attribute")?.text ?? "";
  const local = isLocalHead(f, obj);

  if (!local) {
    const known = qualifiedAttribute(f, node);
    if (known) return known;
  }
  const ov = evalExpr(f, obj, d);
  const v = attributeOf(f, ov, name, node);
  // `bottle.response.status = 302` tracks `bottle` in the state, yet `bottle.response` is still the library's object
  if (local && !v.type && isImportHead(f, obj)) {
    const named = qualifiedAttribute(f, node);
    if (named?.type) return { ...v, type: named.type };
    if (named && isClean(v) && !hasShapeOrConst(v)) return named;
  }
  // an attribute of a module or library object: remember what it names
  if (ov.q && isClean(v) && !v.type && !hasShapeOrConst(v)) return { ...v, q: `${ov.q}.${name}` };
  return v;
}

/** What a qualified name stands for: a source, a library constant or type, a project constant, class or instance. */
function qualifiedAttribute(f: Frame, node: PyNode): Val | undefined {
  const q = f.model.qualifiedName(node);
  if (!q) return undefined;
  const src = f.knowledge.nameSource(q);
  if (src) return f.source(src, node);
  const known = f.knowledge.constants.get(q);
  if (known !== undefined) return constVal({ t: "str", v: known });
  const type = f.knowledge.nameType(q);
  if (type) return { t: CLEAN, type };
  const r = f.host.index.resolve(q, f.model.path);
  if (r?.kind === "constant") return constVal(r.value);
  if (r?.kind === "class") return { t: CLEAN, klass: r.cls.qualified };
  if (r?.kind === "instance") {
    const t = f.typeOfInstance(r.callee);
    if (t) return { t: CLEAN, type: t };
  }
  return undefined;
}

/** The head of a dotted expression is a name bound only by imports (a module, or a library object). */
function isImportHead(f: Frame, node: PyNode | null): boolean {
  let n = unparen(node);
  while (n && n.type === "attribute") n = unparen(n.get("object"));
  if (!n || n.type !== "identifier" || !importedNames(f.model).has(n.text)) return false;
  const b = f.model.lookup(n.text, n);
  return !!b && b.length > 0 && b.every((x) => x.kind === "import");
}

const IMPORTED = new WeakMap<FileModel, Set<string>>();

/** The names a file binds by importing, anywhere in it (a cheap test before resolving a name). */
function importedNames(model: FileModel): Set<string> {
  let names = IMPORTED.get(model);
  if (!names) {
    names = new Set(model.imports.map((i) => i.local));
    IMPORTED.set(model, names);
  }
  return names;
}

function hasShapeOrConst(v: Val): boolean {
  return v.c !== undefined || v.seq !== undefined || v.attrs !== undefined || v.fn !== undefined || v.klass !== undefined;
}

/** The qualified bases of a project class (`Article.objects` in a file that imports only the model: `django.db.models.Model`). */
function classBases(f: Frame, cls: string): readonly string[] {
  const info = f.host.index.classInfo(cls);
  if (!info) return [];
  const names = f.host.index.ancestors(info);
  // a base that is an attribute of a module-level instance (`db.Model` with `db = SQLAlchemy()`):
  // also named by the instance's class (`flask_sqlalchemy.SQLAlchemy.Model`)
  const out: string[] = [];
  for (const b of names) {
    const dot = b.lastIndexOf(".");
    if (dot <= 0) continue;
    const owner = f.host.index.resolve(b.slice(0, dot), info.path);
    const callee = owner?.kind === "instance" ? owner.callee : f.host.index.module(info.path)?.instances.get(b.slice(0, dot));
    if (callee) out.push(`${callee}${b.slice(dot)}`);
  }
  return out.length ? [...names, ...out] : names;
}

/** `value.name`, consulting the models for typed values. */
export function attributeOf(f: Frame, ov: Val, name: string, node: PyNode): Val {
  const k = f.knowledge;
  // a class's, function's or module's own name is an identifier the code declared, whatever chose the object
  if (IDENTIFIER_DUNDERS.has(name) && !ov.attrs?.has(name)) return CLEAN_VAL;
  if (ov.type && ov.from) {
    const comp = k.component(ov.type, name);
    if (comp) {
      const { from, ...parsed } = ov;
      return componentOf(attributeOf(f, parsed, name, node), from, comp);
    }
  }
  if (ov.type) {
    const src = k.attrSource(ov.type, name);
    const route = src?.routePath ? f.options.endpoint?.staticRoute : undefined;
    if (src && route !== undefined) return src.routePath === "exact" ? constVal({ t: "str", v: route }) : CLEAN_VAL;
    if (src) return f.source(src, node);
    const part = modelledPart(k, ov.type, ov, name);
    if (part) return part;
    const cls = f.host.index.classInfo(ov.type);
    if (cls && !ov.attrs?.has(name)) {
      const field = f.host.index.field(cls, name);
      const checked = field !== undefined ? fieldValidation(f, cls, name) : 0;
      if (checked === k.allKinds) return CLEAN_VAL;
      const validated = field === undefined ? validatedMapping(f, cls, name, ov) : undefined;
      if (validated) return validated;
      const role = field ? fieldRole(f, field, 0) : undefined;
      if (role === "clean") return CLEAN_VAL;
      // a pattern over an alphabet safe for some kinds (`^[a-z0-9.-]+$`: all but paths), an address
      const narrowedKinds = checked | (role && "cleared" in role ? role.cleared : 0);
      if (narrowedKinds) return restrictVal(attribute(ov, name), ~narrowedKinds);
      if (role) {
        const v = attribute(ov, name);
        return isClean(v) ? v : { ...v, ...role };
      }
      // a constant collection the class declares (`if value in self.ALLOWED:`)
      const collection = field === undefined ? f.host.index.classCollection(cls, name) : undefined;
      if (collection) return constVal(collection);
      const prop = f.host.index.findMethod(cls, name);
      if (prop?.decorators.some((x) => x.endsWith("property"))) {
        const args = { pos: [], posNodes: [], kw: new Map(), kwNodes: new Map() };
        return callProject(f, prop, { node, args, recv: ov, recvNode: null, callee: name }, ov).ret;
      }
      // what a library base class provides (`self.request` of a Tornado handler, `self.path` of an http.server one)
      if (!ov.attrs?.has(name) && !prop) {
        for (const bt of f.host.inheritedTypes(cls.qualified)) {
          const inherited = k.attrSource(bt, name);
          if (inherited) return f.source(inherited, node);
          const part = modelledPart(k, bt, ov, name);
          if (part) return part;
        }
      }
      // a language-level attribute of every object (`obj.__dict__`), as the models type it on any value
      const dunder = name.startsWith("__") && !ov.attrs?.has(name) ? k.untypedAttrType(name, f.imports) : undefined;
      if (dunder) return { t: ov.t, type: dunder };
    }
  } else if (!ov.attrs?.has(name)) {
    // a class's own bases say which library's attribute it is before the file's imports do (a mongoengine
    // document's `objects` in a Django view)
    const type = (ov.klass ? k.untypedAttrType(name, classBases(f, ov.klass)) : undefined) ?? k.untypedAttrType(name, f.imports);
    if (type) return { t: ov.t, type };
  }
  return attribute(ov, name);
}

/**
 * Attribute `name` of `ov` as the models describe it on type `type`: a typed part is as user-influenced as the
 * value (`Path(p).parent`), less what the models say it is cleared of (a FilterSet's `qs`: a queryset, whose rows
 * are stored data); a part with only a sanitizer is the value so cleared. Undefined when the models say nothing.
 */
function modelledPart(k: Knowledge, type: string, ov: Val, name: string): Val | undefined {
  const partType = k.attrType(type, name);
  const cleared = k.attrSanitizer(type, name);
  if (partType) return { t: cleared ? restrict(flat(attribute(ov, name)), ~cleared) : flat(attribute(ov, name)), type: partType };
  if (cleared) return restrictVal(attribute(ov, name), ~cleared);
  return undefined;
}

/** Attributes every class, function and module has, holding a dotted Python identifier. */
const IDENTIFIER_DUNDERS = new Set(["__name__", "__qualname__", "__module__"]);

/**
 * A component of a parsed value (`urlparse(u).netloc`): comparing it with constants validates what
 * it was parsed from; a boolean component (`ip.is_private`) does so on one branch of its test.
 */
function componentOf(v: Val, from: readonly (readonly string[])[], comp: { mask: number; test: "compare" | "falsy" | "truthy" }): Val {
  if (comp.test === "compare") return { ...v, origin: { paths: from, mask: comp.mask } };
  const refs = from.map((path) => ({ path, mask: comp.mask }));
  return { ...v, g: comp.test === "falsy" ? { yes: [], no: refs } : { yes: refs, no: [] } };
}

/** Field annotations whose values a validating model (pydantic, dataclass) guarantees are not text. */
export const SAFE_FIELD_TYPES = new Set([
  "builtins.int",
  "builtins.float",
  "builtins.bool",
  "int",
  "float",
  "bool",
  "decimal.Decimal",
  "uuid.UUID",
  "datetime.datetime",
  "datetime.date",
]);

const LITERALS = ["typing.Literal[", "typing_extensions.Literal["];
const OPTIONAL = ["typing.Optional[", "typing.Union["];
const SEQUENCES = ["builtins.list[", "builtins.set[", "builtins.tuple[", "builtins.frozenset[", "typing.List[", "typing.Set[", "typing.Tuple[", "typing.Sequence[", "typing.Iterable["];

/**
 * What a validating model's field annotation guarantees: clean (numbers, enums, literals, containers
 * of those), a nested model's type, a container of a nested model, or nothing.
 */
function fieldRole(f: Frame, annotation: string, depth: number): "clean" | { type: string } | { et: string } | { cleared: number } | undefined {
  if (SAFE_FIELD_TYPES.has(annotation) || LITERALS.some((p) => annotation.startsWith(p))) return "clean";
  const kinds = typeKinds(f.knowledge, annotation);
  if (kinds === f.knowledge.allKinds) return "clean";
  if (kinds) return { cleared: kinds };
  if (depth > 3) return undefined;
  const args = (prefix: string) => splitArgs(annotation.slice(prefix.length, -1));
  const opt = OPTIONAL.find((p) => annotation.startsWith(p));
  if (opt) {
    const roles = args(opt).filter((a) => a !== "None" && a !== "builtins.None").map((a) => fieldRole(f, a, depth + 1));
    if (roles.every((r) => r === "clean")) return "clean";
    return roles.length === 1 ? roles[0] : undefined;
  }
  const seq = SEQUENCES.find((p) => annotation.startsWith(p));
  if (seq) {
    const roles = args(seq).filter((a) => a !== "...").map((a) => fieldRole(f, a, depth + 1));
    if (roles.length > 0 && roles.every((r) => r === "clean")) return "clean";
    const inner = roles.length === 1 ? roles[0] : undefined;
    return inner && inner !== "clean" && "type" in inner ? { et: inner.type } : undefined;
  }
  const cls = f.host.index.classInfo(annotation);
  if (!cls) return undefined;
  if (f.host.index.ancestors(cls).some((a) => a.startsWith("enum."))) return "clean";
  return { type: cls.qualified };
}

/** Top-level comma-separated parts of an annotation's subscript. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "[") depth++;
    else if (ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((a) => a.length > 0);
}

function evalComprehension(f: Frame, node: PyNode, d: number): Val {
  const saved = f.snapshot();
  for (const c of node.namedChildren) {
    if (c.type === "for_in_clause") {
      const it = evalExpr(f, c.get("right"), d);
      const target = c.get("left");
      if (target) assignTarget(f, target, element(it), false);
    } else if (c.type === "if_clause") {
      const cond = evalExpr(f, c.namedChildren[0] ?? null, d);
      if (cond.g) applyRefinements(f, cond.g.yes);
    }
  }
  let out: Val;
  if (node.type === "dictionary_comprehension") {
    const pair = node.get("body");
    const k = evalExpr(f, pair?.get("key") ?? null, d);
    const v = evalExpr(f, pair?.get("value") ?? null, d);
    out = { t: CLEAN, seq: "dict", rest: flat(v), ...(flat(k).length ? { kt: flat(k) } : {}) };
  } else {
    const body = evalExpr(f, node.get("body"), d);
    out = seqOf(node.type === "set_comprehension" ? "set" : "list", body);
  }
  f.state = saved;
  return out;
}

