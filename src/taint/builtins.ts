/** Semantics of Python builtins and of list/dict/str methods on abstract values. */
import { pyEquals, pyRepr, NONE, type PyValue } from "../model/values.js";
import { foldMethod } from "../model/fold.js";
import { unparen } from "../parse/ast.js";
import { callClosure, callQualified, inputs, writeBack, type CallCtx } from "./calls.js";
import { attributeOf } from "./expressions.js";
import type { Frame } from "./frame.js";
import { formatTaint } from "./format-fields.js";
import { doubledQuote, joinedText, strFormatted, textRules } from "./strings.js";
import { beginning, startingWith, templateHead, UNKNOWN_CLEAN } from "./prefix.js";
import { CLEAN, refine, restrict, union, type Taint } from "./labels.js";
import { paramNodes } from "./params.js";
import { exclusionSafety, foundFacts, guardPath, quantifiedFacts } from "./guards.js";
import { accessPath, writePath } from "./targets.js";
import {
  absorb,
  CLEAN_VAL,
  constVal,
  dictValues,
  element,
  flat,
  hasMiddle,
  index,
  isClean,
  join,
  opaqueSeq,
  seqOf,
  setAttr,
  setItem,
  shaped,
  tainted,
  type CodePick,
  type Val,
} from "./value.js";

function folded(f: Frame, ctx: CallCtx, fallback: Val): Val {
  if (!isClean(fallback) || ctx.node.end - ctx.node.start > 4000) return fallback;
  const c = f.model.constant(ctx.node, f.lookup);
  return c ? constVal(c) : fallback;
}

/** A call to a builtin function not covered by the models; undefined when not handled here. */
export function builtinCall(f: Frame, name: string, ctx: CallCtx): Val | undefined {
  const [a0, a1] = ctx.args.pos;
  switch (name) {
    case "str":
      // str() of text is the same text, with what is known about its pieces and characters
      if (a0 && ctx.args.pos.length === 1 && ctx.args.kw.size === 0 && !ctx.args.splat && (a0.parts || a0.ex) && !a0.seq) {
        return { t: flat(a0), ...(a0.parts ? { parts: a0.parts } : {}), ...(a0.ex ? { ex: a0.ex } : {}) };
      }
      return folded(f, ctx, tainted(inputs(ctx)));
    case "repr":
    case "ascii":
    case "format":
      return folded(f, ctx, tainted(inputs(ctx)));
    case "list":
    case "tuple": {
      if (!a0) return { t: CLEAN, seq: name, items: [] };
      const s = shaped(a0);
      if (s.items && !hasMiddle(s) && (s.seq === "list" || s.seq === "tuple")) return { t: s.t, seq: name, items: s.items };
      return folded(f, ctx, seqOf(name, element(s)));
    }
    case "set":
    case "frozenset": {
      // the elements of a constant known here though its expression does not fold (`set(string.digits)`)
      const items = a0 && isClean(a0) ? constantItems(a0.c) : undefined;
      if (items) return constVal({ t: "set", items: items.filter((x, i) => items.findIndex((y) => pyEquals(x, y)) === i) });
      return a0 ? folded(f, ctx, opaqueSeq("set", flat(element(a0)))) : opaqueSeq("set", CLEAN);
    }
    case "dict": {
      let out: Val = { t: CLEAN, seq: "dict", keys: new Map(), rest: CLEAN };
      if (a0) {
        const s = shaped(a0);
        if (s.seq === "dict") out = { ...s, c: undefined };
        else {
          // pairs (`dict(zip(names, values))`, a list of tuples): keys from their first items, values from their
          // second; anything else (a mapping of unknown shape) has keys and values as tainted as it is
          const pair = shaped(element(s));
          const [k, v] = pair.seq === "tuple" && pair.items?.length === 2 && !hasMiddle(pair) ? pair.items : [pair, pair];
          const kt = union(pair.t, flat(k!));
          out = { ...out, rest: union(pair.t, flat(v!)), ...(kt.length ? { kt } : {}) };
        }
      }
      for (const [k, v] of ctx.args.kw) out = setItem(out, { t: "str", v: k }, v);
      if (ctx.args.splat) out = absorb(out, ctx.args.splat);
      return out;
    }
    case "sorted":
      return a0 ? seqOf("list", element(a0)) : CLEAN_VAL;
    case "reversed": {
      if (!a0) return CLEAN_VAL;
      const s = shaped(a0);
      if (s.items && !hasMiddle(s)) return { t: s.t, seq: "list", items: [...s.items].reverse() };
      return seqOf("list", element(s));
    }
    case "enumerate":
      // pairs of a count and an element: the count is a clean int whatever the elements are
      if (!a0 || ctx.args.splat || ctx.args.kw.size > 0 || ctx.args.pos.length > 2) return opaqueSeq("list", inputs(ctx));
      return seqOf("list", { t: CLEAN, seq: "tuple", items: [CLEAN_VAL, element(a0)] });
    case "zip":
      // tuples of the iterables' elements, position by position
      if (ctx.args.pos.length === 0 || ctx.args.splat || ctx.args.kw.size > 1 || (ctx.args.kw.size === 1 && !ctx.args.kw.has("strict"))) return opaqueSeq("list", inputs(ctx));
      return seqOf("list", { t: CLEAN, seq: "tuple", items: ctx.args.pos.map(element) });
    case "min":
    case "max":
      return opaqueSeq("list", inputs(ctx));
    case "range":
    case "print":
    case "type":
    case "sum":
      return CLEAN_VAL;
    case "iter": {
      // `iter(read_chunk, b"")` yields what the callable returns until the sentinel
      if (a1 && (a0?.fn || (a0?.q && isClean(a0)))) {
        const none: CallCtx = { node: ctx.node, args: { pos: [], posNodes: [], kw: new Map(), kwNodes: new Map() }, callee: ctx.callee };
        const r = a0.fn ? callClosure(f, a0.fn, none) : callQualified(f, a0.q!, none);
        return opaqueSeq("list", flat(r), r.type);
      }
      return a0 ?? CLEAN_VAL;
    }
    case "next": {
      const el = a0 ? element(a0) : CLEAN_VAL;
      const out = a1 ? join(el, a1) : el;
      // `next((r for r in rows if r.key == key), None)`: where a row was found, `key` is one of theirs
      const g = a1 ? foundFacts(f, ctx.node) : undefined;
      return g ? { ...out, g } : out;
    }
    case "map": {
      const iterables = ctx.args.pos.slice(1).map(element);
      const each: CallCtx = { node: ctx.node, args: { pos: iterables, posNodes: [], kw: new Map(), kwNodes: new Map() }, callee: ctx.callee };
      if (a0?.fn) {
        return seqOf("list", callClosure(f, a0.fn, each));
      }
      if (a0?.q && isClean(a0)) {
        return seqOf("list", callQualified(f, a0.q, each));
      }
      return opaqueSeq("list", inputs(ctx));
    }
    case "filter": {
      if (!a1) return CLEAN_VAL;
      const el = element(a1);
      return opaqueSeq("list", restrict(flat(el), ~filterGuard(f, a0, el, ctx)), el.type);
    }
    case "getattr": {
      const nameVal = a1;
      // a function of a module imported by a name known only in part, looked up by a name known in whole or in part
      const picked = a0?.pick && a0.pick.name === undefined && nameVal ? pickedAttribute(a0, nameVal) : undefined;
      if (picked) {
        const dflt = ctx.args.pos[2];
        const v = tainted(inputs(ctx));
        return { ...(dflt ? join(v, dflt) : v), pick: picked };
      }
      if (a0 && nameVal && isClean(nameVal) && nameVal.c?.t === "str") {
        let v = attributeOf(f, a0, nameVal.c.v, ctx.node);
        if (a0.q && isClean(v) && !v.type && !v.c) v = { ...v, q: `${a0.q}.${nameVal.c.v}` };
        const dflt = ctx.args.pos[2];
        return dflt ? join(v, dflt) : v;
      }
      return tainted(inputs(ctx));
    }
    case "setattr": {
      const nameVal = a1;
      const target = ctx.args.posNodes[0];
      const value = ctx.args.pos[2];
      if (a0 && target && value && nameVal && isClean(nameVal) && nameVal.c?.t === "str") {
        const p = accessPath(f, target, false);
        if (p) writePath(f, p, setAttr(a0, nameVal.c.v, value), target);
      }
      return CLEAN_VAL;
    }
    case "locals":
    case "vars": {
      // `vars(obj)`: the object's attributes as a dict, each value as tainted as the object may be
      if (ctx.args.pos.length > 0) return { t: CLEAN, seq: "dict", rest: inputs(ctx) };
      const keys = new Map<string, Val>();
      for (const [k, v] of f.state.env) keys.set(pyRepr({ t: "str", v: k }), v);
      return { t: CLEAN, seq: "dict", keys, rest: CLEAN };
    }
    case "any":
    case "all": {
      // `any(c in x for c in BAD)`, `all(c in OK for c in x)`: what the test establishes about x
      const g = quantifiedFacts(f, name, ctx.node);
      return g ? { t: CLEAN, g } : undefined;
    }
    case "str.maketrans":
      return maketrans(ctx) ?? tainted(inputs(ctx));
    case "super": {
      const self = f.fn ? paramNodes(f.fn).params[0] : undefined;
      if (!self || !f.options.cls) return undefined;
      const v = f.state.env.get(self.name) ?? CLEAN_VAL;
      return { ...v, type: `super:${f.options.cls}` };
    }
    default:
      return undefined;
  }
}

/** `getattr(module, name)` on a module `import_module` picked (`Val.pick`): the functions `name`'s known text names. */
function pickedAttribute(module: Val, name: Val): CodePick | undefined {
  const text = beginning(name);
  if (text === undefined) return undefined;
  const cut = text.indexOf(UNKNOWN_CLEAN);
  const known = cut < 0 ? text : text.slice(0, cut);
  if (known === "") return undefined;
  return { ...module.pick!, name: known, nameExact: cut < 0 };
}

/** The kinds an element kept by `filter(fn, xs)` is clean of: what `fn` establishes about its argument. */
function filterGuard(f: Frame, fn: Val | undefined, el: Val, ctx: CallCtx): number {
  if (!fn) return 0;
  if (fn.fn) {
    const first = paramNodes(fn.fn.node).params[0]?.name;
    const r = callClosure(f, fn.fn, { node: ctx.node, args: { pos: [el], posNodes: [], kw: new Map(), kwNodes: new Map() }, callee: ctx.callee });
    let mask = 0;
    for (const ref of r.g?.yes ?? []) if (ref.path.length === 1 && ref.path[0] === first) mask |= ref.mask;
    return mask;
  }
  // `filter(str.isdigit, xs)`: a modelled guard method used as a function
  const method = fn.q?.startsWith("builtins.str.") ? fn.q.slice("builtins.str.".length) : undefined;
  const info = method ? f.knowledge.untypedMethod(method, f.imports) : undefined;
  return (info?.guards ?? []).filter((g) => !g.normalized && !g.when).reduce((m, g) => m | f.knowledge.mask(g.kinds), 0);
}

const CLEAN_RESULT = new Set([
  "index",
  "count",
  "find",
  "rfind",
  "rindex",
  "__len__",
  "isdigit",
  "isnumeric",
  "isdecimal",
  "isalpha",
  "isalnum",
  "isidentifier",
  "isspace",
  "islower",
  "isupper",
  "istitle",
  "isascii",
  "isprintable",
  "startswith",
  "endswith",
  "__contains__",
]);

/** A list after appending known elements: to its items, or to its tail when its middle is unknown. */
function appended(s: Val, xs: readonly Val[]): Val {
  if (!hasMiddle(s)) return { ...s, c: undefined, items: [...(s.items ?? []), ...xs] };
  return { ...s, c: undefined, items: s.items ?? [], tail: [...(s.tail ?? []), ...xs] };
}

/**
 * `handler = HANDLERS.get(name)` without a default, on a dict whose keys the application chose: where
 * the result is not `None` (or is truthy), `name` was one of those keys — an allow-list written as a
 * lookup (`if handler is None: return error`), as `name in HANDLERS` is one. The facts ride on the
 * result (`Val.g`) and apply where a condition tests it.
 */
function lookedUp(f: Frame, s: Val, v: Val, ctx: CallCtx): Val {
  if (s.t.length > 0 || (s.kt?.length ?? 0) > 0 || v.g) return v;
  const path = guardPath(f, ctx.args.posNodes[0] ?? null);
  return path ? { ...v, g: { yes: [{ path, mask: f.knowledge.allKinds }], no: [] } } : v;
}

/** A list/dict/str method; undefined when the receiver or method is not a builtin container's. */
export function builtinMethod(f: Frame, recv: Val, method: string, ctx: CallCtx): Val | undefined {
  const s = shaped(recv);
  const [a0, a1] = ctx.args.pos;
  const key0 = a0 && isClean(a0) ? a0.c : undefined;
  if (a0 && s.seq) f.decides(a0);
  const put = (v: Val) => writeBack(f, ctx.recvNode ?? null, v);
  const list = s.seq === "list";
  const dict = s.seq === "dict";
  switch (method) {
    case "append":
      if (!list || !a0) return undefined;
      put(appended(s, [a0]));
      return CLEAN_VAL;
    case "extend": {
      if (!list || !a0) return undefined;
      const o = shaped(a0);
      put(o.items && !hasMiddle(o) && o.t.length === 0 ? appended(s, o.items) : absorb(s, element(o)));
      return CLEAN_VAL;
    }
    case "insert": {
      if (!list || !a1) return undefined;
      if (s.items && key0?.t === "int" && (!hasMiddle(s) || (key0.v >= 0 && key0.v <= s.items.length))) {
        const items = [...s.items];
        const n = items.length;
        const i = key0.v < 0 ? Math.max(0, n + key0.v) : Math.min(n, key0.v);
        items.splice(i, 0, a1);
        put({ ...s, c: undefined, items });
      } else put(absorb({ ...s, items: undefined, rest: flat(s) }, a1));
      return CLEAN_VAL;
    }
    case "pop": {
      if (list) {
        if (s.items && (!a0 || key0?.t === "int")) {
          const n = s.items.length;
          const at = !a0 ? -1 : key0!.t === "int" ? key0!.v : 0;
          if (hasMiddle(s) && at < 0 && s.tail && -at <= s.tail.length) {
            const tail = [...s.tail];
            const [removed] = tail.splice(tail.length + at, 1);
            put({ ...s, c: undefined, tail });
            return s.t.length ? join(removed!, tainted(s.t)) : removed!;
          }
          const i = hasMiddle(s) ? (at >= 0 ? at : -1) : at < 0 ? n + at : at;
          if (i >= 0 && i < n) {
            const items = [...s.items];
            const [removed] = items.splice(i, 1);
            put({ ...s, c: undefined, items });
            return s.t.length ? join(removed!, tainted(s.t)) : removed!;
          }
        }
        const el = element(s);
        put({ t: s.t, seq: "list", rest: flat(s) });
        return el;
      }
      if (dict) {
        const v = index(s, key0);
        if (key0 && s.keys?.has(pyRepr(key0))) {
          const keys = new Map(s.keys);
          keys.delete(pyRepr(key0));
          put({ ...s, c: undefined, keys });
        }
        return a1 ? join(v, a1) : v;
      }
      return s.seq ? element(s) : a1 ? join(index(s, key0), a1) : index(s, key0);
    }
    case "remove": {
      if (!list || !a0) return undefined;
      if (s.items && key0) {
        const i = s.items.findIndex((x) => x.c !== undefined && pyEquals(x.c, key0));
        if (i >= 0) {
          const items = [...s.items];
          items.splice(i, 1);
          put({ ...s, c: undefined, items });
          return CLEAN_VAL;
        }
      }
      // which element went is unknown: positions are lost
      put({ t: s.t, seq: "list", rest: flat(s) });
      return CLEAN_VAL;
    }
    case "reverse":
      if (!list) return undefined;
      put(s.items && !hasMiddle(s) ? { ...s, c: undefined, items: [...s.items].reverse() } : { t: s.t, seq: "list", rest: flat(s) });
      return CLEAN_VAL;
    case "sort":
      if (!list) return undefined;
      put({ t: s.t, seq: "list", rest: flat(s) });
      return CLEAN_VAL;
    case "clear":
      if (!s.seq) return undefined;
      put(s.seq === "dict" ? { t: CLEAN, seq: "dict", keys: new Map(), rest: CLEAN } : { t: CLEAN, seq: s.seq, items: [] });
      return CLEAN_VAL;
    case "copy":
      return s.seq ? s : undefined;
    case "get": {
      if (s.seq && !dict) return undefined;
      const hit = dict && key0 !== undefined ? s.keys?.get(pyRepr(key0)) : undefined;
      if (dict && key0 !== undefined && !hit && s.t.length === 0 && !s.rest?.length) return a1 ?? constVal(NONE);
      const v = index(s, key0);
      if (a1 && !hit) return join(v, a1);
      // a container reached by subscript (`datastore.data["watching"].get(uuid)`) is a mapping even when its
      // shape is unknown; an arbitrary object's `get` (an HTTP client's) is not a lookup
      const mapping = dict || (!s.seq && !s.type && unparen(ctx.recvNode ?? null)?.type === "subscript");
      return mapping && a0 && !isClean(a0) ? lookedUp(f, s, v, ctx) : v;
    }
    case "getlist":
    case "getall":
    case "getone":
      if (s.seq && !dict) return undefined;
      return method === "getone" ? index(s, key0) : opaqueSeq("list", flat(index(s, key0)), index(s, key0).type);
    case "setdefault": {
      if (!dict) return undefined;
      const hit = key0 !== undefined ? s.keys?.get(pyRepr(key0)) : undefined;
      if (hit) return hit;
      const v = a1 ?? constVal(NONE);
      put(setItem(s, key0, v));
      return v;
    }
    case "update": {
      if (!dict) return undefined;
      let out: Val = s;
      if (a0) {
        const o = shaped(a0);
        if (o.seq === "dict" && o.keys && o.t.length === 0) {
          out = absorb(out, tainted(union(o.rest ?? CLEAN, o.kt ?? CLEAN)));
          const keys = new Map(out.keys ?? []);
          for (const [k, v] of o.keys) keys.set(k, v);
          out = { ...out, c: undefined, keys };
        } else out = absorb(out, o);
      }
      for (const [k, v] of ctx.args.kw) out = setItem(out, { t: "str", v: k }, v);
      put(out);
      return CLEAN_VAL;
    }
    case "keys":
      if (s.seq && !dict) return undefined;
      return opaqueSeq("list", union(refine(s.t, "[*]"), s.kt ?? CLEAN));
    case "values":
      if (s.seq && !dict) return undefined;
      return opaqueSeq("list", flat(dictValues(s)));
    case "items":
      if (s.seq && !dict) return undefined;
      // (key, value) pairs: a key carries only the keys' taint, whatever the values hold
      return seqOf("list", { t: CLEAN, seq: "tuple", items: [tainted(union(refine(s.t, "[*]"), s.kt ?? CLEAN)), dictValues(s)] });
    case "join": {
      if (s.seq) return undefined;
      const items = a0 ? shaped(a0) : undefined;
      if (isClean(s) && s.c?.t === "str" && items?.items && !hasMiddle(items) && items.t.length === 0 && (items.seq === "list" || items.seq === "tuple")) {
        const text = joinedText(s.c.v, items.items, textRules(f));
        if (!isClean(text)) return text;
      }
      return folded(f, ctx, tainted(union(flat(s), a0 ? flat(element(a0)) : CLEAN)));
    }
    case "split":
    case "rsplit":
    case "splitlines":
      if (s.seq) return undefined;
      return textMethod(f, s, method, ctx) ?? folded(f, ctx, opaqueSeq("list", flat(s)));
    case "format": {
      if (s.seq || !isClean(s) || s.c?.t !== "str") return undefined;
      const t = formatTaint(s.c.v, ctx.args.pos, ctx.args.kw, ctx.args.splat);
      const text = t.length && !ctx.args.splat ? strFormatted(s.c.v, ctx.args.pos, ctx.args.kw, textRules(f)) : undefined;
      return text && !isClean(text) ? text : folded(f, ctx, startingWith(f, templateHead(s.c.v, "{"), t));
    }
    case "translate": {
      if (s.seq) return undefined;
      if (isClean(s) || !a0) return textMethod(f, s, method, ctx);
      const ex = excludedAfterTranslate(s, a0);
      return { t: withoutSafeKinds(f, union(flat(s), flat(a0)), ex.ex), ...ex };
    }
    case "replace": {
      if (s.seq) return undefined;
      if (isClean(s) || !a0 || !a1) return textMethod(f, s, method, ctx);
      const old = isClean(a0) && a0.c?.t === "str" ? a0.c.v : undefined;
      const repl = isClean(a1) && a1.c?.t === "str" ? a1.c.v : undefined;
      // the result is made of the receiver's characters and copies of `repl`: `old` only picks the places
      const t = union(flat(s), flat(a1));
      if (old === undefined || repl === undefined || ctx.args.pos.length > 2) return tainted(t);
      const ex = excludedAfterReplace(s, old, repl);
      return { t: withoutSafeKinds(f, t, ex.ex), ...ex };
    }
    case "partition":
    case "rpartition":
      if (s.seq) return undefined;
      return opaqueSeq("tuple", flat(s));
    default:
      if (CLEAN_RESULT.has(method)) return CLEAN_VAL;
      return textMethod(f, s, method, ctx);
  }
}

/** A method of a constant string: folded when possible; undefined for other receivers. */
function textMethod(f: Frame, s: Val, name: string, ctx: CallCtx): Val | undefined {
  if (isClean(s) && s.c && (s.c.t === "str" || s.c.t === "bytes")) {
    // the receiver's value is known here even where its expression does not fold (`request.path.split("/")`)
    const args = ctx.args.pos.map((a) => (isClean(a) ? a.c : undefined));
    const kw = new Map([...ctx.args.kw].map(([k, v]): [string, PyValue | undefined] => [k, isClean(v) ? v.c : undefined]));
    if (!ctx.args.splat && args.every((a) => a !== undefined) && [...kw.values()].every((a) => a !== undefined)) {
      const c = foldMethod(s.c, name, args as PyValue[], kw as Map<string, PyValue>);
      if (c) return constVal(c);
    }
    const v = folded(f, ctx, tainted(inputs(ctx)));
    return v.c || !isClean(v) ? v : undefined;
  }
  return undefined;
}

/** The taint of text that cannot hold the characters in `ex`: without the kinds that makes it safe for (an escaper written with `replace`). */
function withoutSafeKinds(f: Frame, t: Taint, ex: readonly string[] | undefined): Taint {
  const safe = exclusionSafety(ex, (k) => f.knowledge.mask(k));
  return safe ? restrict(t, ~safe) : t;
}

/**
 * What `s.replace(old, repl)` cannot contain: a single character `old` that `repl` does not
 * reintroduce (`replace("'", "&apos;")`), and the single characters `s` already lacked that `repl`
 * does not bring in. Longer substrings can re-form across what is left (`"....//"` without `"../"`).
 */
function excludedAfterReplace(s: Val, old: string, repl: string): { ex?: string[] } {
  // single characters `repl` does not bring in; doubled-quote facts about characters it leaves alone
  const ex = (s.ex ?? []).filter((x) => (x.length === 1 || x === doubledQuote(x[1]!)) && !repl.includes(x[x.length - 1]!) && x[x.length - 1] !== old);
  if (old.length === 1 && !repl.includes(old) && !ex.includes(old)) ex.push(old);
  // `replace("'", "''")`: quotes now come in pairs only (what SQL reads as one quote inside a literal)
  if (old.length === 1 && repl === old + old) ex.push(doubledQuote(old));
  return ex.length ? { ex } : {};
}

/** `str.maketrans(x, y, z)` / `str.maketrans(mapping)` with constant arguments: the translation table. */
function maketrans(ctx: CallCtx): Val | undefined {
  const args = ctx.args.pos.map((a) => (isClean(a) ? a.c : undefined));
  if (ctx.args.kw.size || ctx.args.splat || args.some((a) => a === undefined)) return undefined;
  const entries: [PyValue, PyValue][] = [];
  const code = (ch: string): PyValue => ({ t: "int", v: ch.codePointAt(0)! });
  const [x, y, z] = args as PyValue[];
  if (args.length === 1 && x?.t === "dict") {
    for (const [k, v] of x.entries) entries.push([k.t === "str" ? code(k.v) : k, v]);
  } else if (x?.t === "str" && y?.t === "str" && [...x.v].length === [...y.v].length) {
    const ys = [...y.v];
    [...x.v].forEach((ch, i) => entries.push([code(ch), { t: "str", v: ys[i]! }]));
    if (z?.t === "str") for (const ch of z.v) entries.push([code(ch), NONE]);
    else if (z !== undefined) return undefined;
  } else return undefined;
  return constVal({ t: "dict", entries });
}

/**
 * What `s.translate(table)` cannot contain: characters the constant table deletes or maps to text
 * without them, unless another entry's replacement brings them back; and what `s` already lacked,
 * unless a replacement brings it in.
 */
function excludedAfterTranslate(s: Val, table: Val): { ex?: string[] } {
  if (!isClean(table) || table.c?.t !== "dict") return {};
  const replacements: string[] = [];
  const mapped: string[] = [];
  for (const [k, v] of table.c.entries) {
    if (k.t !== "int") return {};
    mapped.push(String.fromCodePoint(k.v));
    if (v.t === "str") replacements.push(v.v);
    else if (v.t === "int") replacements.push(String.fromCodePoint(v.v));
    else if (v.t !== "none") return {};
  }
  const brought = replacements.join("");
  const ex = [...mapped.filter((c) => !brought.includes(c)), ...(s.ex ?? []).filter((x) => x.length === 1 && !brought.includes(x))];
  return ex.length ? { ex: [...new Set(ex)] } : {};
}

/** The elements of a constant iterable: a string's characters, a collection's items, a dict's keys. */
function constantItems(c: PyValue | undefined): PyValue[] | undefined {
  if (!c) return undefined;
  if (c.t === "str") return [...c.v].map((ch): PyValue => ({ t: "str", v: ch }));
  if (c.t === "list" || c.t === "tuple" || c.t === "set") return [...c.items];
  if (c.t === "dict") return c.entries.map(([k]) => k);
  return undefined;
}