/**
 * Constant folding of Python expressions: literals, names bound to constants, concatenation,
 * %-formatting, str.format, f-strings, containers, arithmetic, comparisons and boolean logic.
 * Returns undefined for anything not provably constant. Recursion is bounded, so pathological
 * nesting yields "not constant" instead of a stack overflow.
 */
import { sliceParts, unparen, type PyNode } from "../parse/ast.js";
import {
  asItems,
  bool,
  int,
  isNumeric,
  NONE,
  num,
  pyEquals,
  pyRepr,
  pyStr,
  str,
  truthy,
  type PyValue,
} from "./values.js";

/** Looks up the constant value of a bare name; undefined when unknown. */
export type NameLookup = (name: string, node: PyNode) => PyValue | undefined;

const MAX_DEPTH = 200;
/** Longest string or bytes value folding produces; anything longer is "not constant". */
export const MAX_LEN = 100_000;
/** Most items a folded list, tuple, set or dict may hold. */
export const MAX_ITEMS = 10_000;
/** Python's own limit for `%.Nf` / `{:.Nf}` is larger, but no real constant needs more digits. */
const MAX_PRECISION = 100;

/**
 * Folds `node` to a constant, or undefined. Every value it builds is bounded (MAX_LEN characters,
 * MAX_ITEMS items) *before* it is built, so hostile constants such as `f'{1:>999999999}'` or a chain of
 * `.replace` calls give up folding instead of throwing "Invalid string length" and losing the file.
 */
export function foldConstant(node: PyNode | null, lookup: NameLookup, depth = 0): PyValue | undefined {
  if (depth > 0) return bounded(foldNode(node, lookup, depth));
  try {
    return bounded(foldNode(node, lookup, 0));
  } catch (err) {
    // a limit this module does not know about (a RangeError from the engine): not constant, keep analysing
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

function bounded(v: PyValue | undefined): PyValue | undefined {
  if (!v) return v;
  if ((v.t === "str" || v.t === "bytes") && v.v.length > MAX_LEN) return undefined;
  if ((v.t === "list" || v.t === "tuple" || v.t === "set") && v.items.length > MAX_ITEMS) return undefined;
  if (v.t === "dict" && v.entries.length > MAX_ITEMS) return undefined;
  return v;
}

function foldNode(node: PyNode | null, lookup: NameLookup, depth: number): PyValue | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const d = depth + 1;
  switch (node.type) {
    case "integer":
      return int(parseIntLiteral(node.text));
    case "float": {
      const t = node.text.replace(/_/g, "");
      if (/[jJ]$/.test(t)) return undefined;
      return { t: "float", v: Number(t) };
    }
    case "true":
      return bool(true);
    case "false":
      return bool(false);
    case "none":
      return NONE;
    case "string":
      return foldString(node, lookup, d);
    case "concatenated_string": {
      let out: PyValue | undefined;
      for (const part of node.namedChildren) {
        const v = foldString(part, lookup, d);
        if (!v || (v.t !== "str" && v.t !== "bytes")) return undefined;
        if (out && (out as { v: string }).v.length + v.v.length > MAX_LEN) return undefined;
        out = out ? { t: out.t, v: (out as { v: string }).v + v.v } as PyValue : v;
      }
      return out;
    }
    case "parenthesized_expression":
      return foldConstant(unparen(node), lookup, d);
    case "identifier":
      return lookup(node.text, node);
    case "list":
    case "tuple":
    case "set": {
      const items: PyValue[] = [];
      for (const c of node.namedChildren) {
        if (c.type === "list_splat") {
          const inner = asItems(foldConstant(c.namedChildren[0] ?? null, lookup, d));
          if (!inner) return undefined;
          items.push(...inner);
          continue;
        }
        const v = foldConstant(c, lookup, d);
        if (!v) return undefined;
        items.push(v);
      }
      return { t: node.type, items };
    }
    case "dictionary": {
      const entries: [PyValue, PyValue][] = [];
      for (const c of node.namedChildren) {
        if (c.type !== "pair") return undefined;
        const k = foldConstant(c.get("key"), lookup, d);
        const v = foldConstant(c.get("value"), lookup, d);
        if (!k || !v) return undefined;
        const i = entries.findIndex(([k2]) => pyEquals(k, k2));
        if (i >= 0) entries[i] = [k, v];
        else entries.push([k, v]);
      }
      return { t: "dict", entries };
    }
    case "unary_operator": {
      const v = foldConstant(node.get("argument"), lookup, d);
      const op = node.get("operator")?.text;
      if (!v || !isNumeric(v)) return undefined;
      const n = num(v);
      const t = v.t === "float" ? "float" : "int";
      if (op === "-") return { t, v: -n };
      if (op === "+") return { t, v: n };
      if (op === "~" && t === "int") return int(~n);
      return undefined;
    }
    case "not_operator": {
      const v = foldConstant(node.get("argument"), lookup, d);
      return v ? bool(!truthy(v)) : undefined;
    }
    case "boolean_operator": {
      const l = foldConstant(node.get("left"), lookup, d);
      if (!l) return undefined;
      const op = node.get("operator")?.text;
      if (op === "and") return truthy(l) ? foldConstant(node.get("right"), lookup, d) : l;
      return truthy(l) ? l : foldConstant(node.get("right"), lookup, d);
    }
    case "binary_operator": {
      const l = foldConstant(node.get("left"), lookup, d);
      if (!l) return undefined;
      const r = foldConstant(node.get("right"), lookup, d);
      if (!r) return undefined;
      return binary(node.get("operator")?.text ?? "", l, r);
    }
    case "comparison_operator":
      return foldComparison(node, lookup, d);
    case "conditional_expression": {
      const [a, cond, b] = node.namedChildren;
      const c = foldConstant(cond ?? null, lookup, d);
      if (!c) return undefined;
      return foldConstant((truthy(c) ? a : b) ?? null, lookup, d);
    }
    case "subscript": {
      const v = foldConstant(node.get("value"), lookup, d);
      const subs = node.all("subscript");
      if (!v || subs.length !== 1) return undefined;
      const s = subs[0]!;
      if (s.type === "slice") return slice(v, s, lookup, d);
      const k = foldConstant(s, lookup, d);
      return k ? index(v, k) : undefined;
    }
    case "call":
      return foldCall(node, lookup, d);
    default:
      return undefined;
  }
}

function parseIntLiteral(text: string): number {
  const t = text.replace(/_/g, "").replace(/[lL]$/, "");
  if (/^0[xX]/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
  return Number(t);
}

/** `l op r` on constants (arithmetic, concatenation, repetition, %-formatting, set and bit operators). */
export function binary(op: string, l: PyValue, r: PyValue): PyValue | undefined {
  if (isNumeric(l) && isNumeric(r)) {
    const a = num(l);
    const b = num(r);
    const isFloat = l.t === "float" || r.t === "float";
    const mk = (v: number): PyValue => (isFloat ? { t: "float", v } : int(v));
    switch (op) {
      case "+":
        return mk(a + b);
      case "-":
        return mk(a - b);
      case "*":
        return mk(a * b);
      case "/":
        return b === 0 ? undefined : { t: "float", v: a / b };
      case "//":
        return b === 0 ? undefined : mk(Math.floor(a / b));
      case "%":
        return b === 0 ? undefined : mk(a - b * Math.floor(a / b));
      case "**":
        return b < 0 && !isFloat ? { t: "float", v: a ** b } : mk(a ** b);
      case "&":
        return isFloat ? undefined : int(a & b);
      case "|":
        return isFloat ? undefined : int(a | b);
      case "^":
        return isFloat ? undefined : int(a ^ b);
      case "<<":
        return isFloat || b > 52 ? undefined : int(a * 2 ** b);
      case ">>":
        return isFloat ? undefined : int(Math.floor(a / 2 ** b));
      default:
        return undefined;
    }
  }
  if ((l.t === "str" || l.t === "bytes") && op === "+" && r.t === l.t) {
    return l.v.length + r.v.length > MAX_LEN ? undefined : ({ t: l.t, v: l.v + r.v } as PyValue);
  }
  if ((l.t === "str" || l.t === "bytes") && op === "*" && (r.t === "int" || r.t === "bool")) {
    const n = Math.max(0, num(r));
    return l.v.length * n > MAX_LEN ? undefined : ({ t: l.t, v: l.v.repeat(n) } as PyValue);
  }
  if ((l.t === "str" || l.t === "bytes") && op === "%") return percentFormat(l, r);
  if ((l.t === "list" || l.t === "tuple") && op === "+" && r.t === l.t) {
    return l.items.length + r.items.length > MAX_ITEMS ? undefined : { t: l.t, items: [...l.items, ...r.items] };
  }
  if ((l.t === "list" || l.t === "tuple") && op === "*" && (r.t === "int" || r.t === "bool")) {
    const n = Math.max(0, num(r));
    if (l.items.length * n > MAX_ITEMS) return undefined;
    const items: PyValue[] = [];
    for (let i = 0; i < n; i++) items.push(...l.items);
    return { t: l.t, items };
  }
  if (l.t === "set" && r.t === "set" && (op === "|" || op === "&" || op === "-")) {
    const inR = (x: PyValue) => r.items.some((y) => pyEquals(x, y));
    if (op === "|") return { t: "set", items: [...l.items, ...r.items.filter((y) => !l.items.some((x) => pyEquals(x, y)))] };
    if (op === "&") return { t: "set", items: l.items.filter(inR) };
    return { t: "set", items: l.items.filter((x) => !inR(x)) };
  }
  return undefined;
}

function compare(op: string, a: PyValue, b: PyValue): boolean | undefined {
  switch (op) {
    case "==":
      return pyEquals(a, b);
    case "!=":
    case "<>":
      return !pyEquals(a, b);
    case "is":
      return a.t === "none" || b.t === "none" || a.t === "bool" || b.t === "bool" ? a.t === b.t && pyEquals(a, b) : undefined;
    case "is not": {
      const r = compare("is", a, b);
      return r === undefined ? undefined : !r;
    }
    case "in":
    case "not in": {
      let r: boolean | undefined;
      if ((b.t === "str" || b.t === "bytes") && a.t === b.t) r = b.v.includes(a.v);
      else if (b.t === "list" || b.t === "tuple" || b.t === "set") r = b.items.some((x) => pyEquals(a, x));
      else if (b.t === "dict") r = b.entries.some(([k]) => pyEquals(a, k));
      if (r === undefined) return undefined;
      return op === "in" ? r : !r;
    }
  }
  let x: number | string;
  let y: number | string;
  if (isNumeric(a) && isNumeric(b)) {
    x = num(a);
    y = num(b);
  } else if (a.t === "str" && b.t === "str") {
    x = a.v;
    y = b.v;
  } else return undefined;
  switch (op) {
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    case ">=":
      return x >= y;
  }
  return undefined;
}

function foldComparison(node: PyNode, lookup: NameLookup, d: number): PyValue | undefined {
  // children: operand (op operand)+ ; operators are anonymous tokens, "not in"/"is not" are two tokens
  const operands: PyNode[] = [];
  const ops: string[] = [];
  let pending = "";
  for (const c of node.children) {
    if (c.named) {
      if (operands.length > 0) {
        ops.push(pending.trim());
        pending = "";
      }
      operands.push(c);
    } else pending += ` ${c.type}`;
  }
  if (operands.length < 2 || ops.length !== operands.length - 1) return undefined;
  let left = foldConstant(operands[0]!, lookup, d);
  if (!left) return undefined;
  for (let i = 0; i < ops.length; i++) {
    const right = foldConstant(operands[i + 1]!, lookup, d);
    if (!right) return undefined;
    const r = compare(ops[i]!.replace(/\s+/g, " "), left, right);
    if (r === undefined) return undefined;
    if (!r) return bool(false);
    left = right;
  }
  return bool(true);
}

function index(v: PyValue, k: PyValue): PyValue | undefined {
  if (v.t === "dict") return v.entries.find(([key]) => pyEquals(key, k))?.[1];
  if (!isNumeric(k) || k.t === "float") return undefined;
  let i = num(k);
  if (v.t === "str" || v.t === "bytes") {
    if (i < 0) i += v.v.length;
    const ch = v.v[i];
    if (ch === undefined) return undefined;
    return v.t === "str" ? str(ch) : int(ch.charCodeAt(0));
  }
  if (v.t === "list" || v.t === "tuple") {
    if (i < 0) i += v.items.length;
    return v.items[i];
  }
  return undefined;
}

function slice(v: PyValue, s: PyNode, lookup: NameLookup, d: number): PyValue | undefined {
  const nums: (number | undefined)[] = [];
  for (const p of sliceParts(s)) {
    if (!p) {
      nums.push(undefined);
      continue;
    }
    const x = foldConstant(p, lookup, d);
    if (!x || !isNumeric(x) || x.t === "float") return undefined;
    nums.push(num(x));
  }
  const [start, stop, step = 1] = nums;
  if (step !== 1) return undefined;
  const len = v.t === "str" || v.t === "bytes" ? v.v.length : v.t === "list" || v.t === "tuple" ? v.items.length : -1;
  if (len < 0) return undefined;
  const norm = (x: number | undefined, dflt: number) => (x === undefined ? dflt : x < 0 ? Math.max(0, len + x) : Math.min(len, x));
  const a = norm(start, 0);
  const b = norm(stop, len);
  if (v.t === "str" || v.t === "bytes") return { t: v.t, v: v.v.slice(a, b) } as PyValue;
  if (v.t === "list" || v.t === "tuple") return { t: v.t, items: v.items.slice(a, b) };
  return undefined;
}

/** Decodes a string literal node (plain, raw, bytes or f-string). */
function foldString(node: PyNode, lookup: NameLookup, d: number): PyValue | undefined {
  if (node.type !== "string") return foldConstant(node, lookup, d);
  const startTok = node.children[0];
  const prefix = (startTok?.text ?? "").replace(/['"]+$/, "").toLowerCase();
  const raw = prefix.includes("r");
  const isBytes = prefix.includes("b");
  let out = "";
  for (const c of node.children) {
    if (c.type === "string_content") out += raw ? c.text : unescape(c.text);
    else if (c.type === "interpolation") {
      const v = foldInterpolation(c, lookup, d);
      if (v === undefined) return undefined;
      out += v;
    }
    if (out.length > MAX_LEN) return undefined;
  }
  return { t: isBytes ? "bytes" : "str", v: out } as PyValue;
}

function foldInterpolation(node: PyNode, lookup: NameLookup, d: number): string | undefined {
  const expr = node.get("expression");
  const v = foldConstant(expr, lookup, d);
  if (!v) return undefined;
  const conv = node.get("type_conversion")?.text;
  const spec = node.get("format_specifier");
  let s = conv === "!r" || conv === "!a" ? pyRepr(v) : pyStr(v);
  if (spec) {
    const t = spec.text.replace(/^:/, "");
    if (t.length > 0) {
      if (spec.children.some((c) => c.type === "interpolation")) return undefined;
      const f = applyFormatSpec(v, t);
      if (f === undefined) return undefined;
      s = f;
    }
  }
  if (node.text.trimEnd().endsWith("=}")) return undefined; // f"{x=}" self-documenting form
  return s;
}

function applyFormatSpec(v: PyValue, spec: string): string | undefined {
  const m = /^(?:(.)?([<>^]))?(0)?(\d+)?(?:\.(\d+))?([sdfxXob%])?$/.exec(spec);
  if (!m) return undefined;
  const [, fill = " ", align, zero, width, precision, type] = m;
  if ((width !== undefined && Number(width) > MAX_LEN) || (precision !== undefined && Number(precision) > MAX_PRECISION)) return undefined;
  let s: string;
  if (type === "f" || type === "%") {
    if (!isNumeric(v)) return undefined;
    const n = num(v) * (type === "%" ? 100 : 1);
    s = n.toFixed(precision ? Number(precision) : 6) + (type === "%" ? "%" : "");
  } else if (type === "d" || type === "x" || type === "X" || type === "o" || type === "b") {
    if (!isNumeric(v) || v.t === "float") return undefined;
    const radix = type === "d" ? 10 : type === "o" ? 8 : type === "b" ? 2 : 16;
    s = num(v).toString(radix);
    if (type === "X") s = s.toUpperCase();
  } else {
    s = pyStr(v);
    if (precision) s = s.slice(0, Number(precision));
  }
  const w = width ? Number(width) : 0;
  if (s.length < w) {
    const pad = (zero ? "0" : fill).repeat(w - s.length);
    const al = align ?? (isNumeric(v) ? ">" : "<");
    if (al === "<") s += pad;
    else if (al === "^") s = pad.slice(0, pad.length >> 1) + s + pad.slice(pad.length >> 1);
    else s = pad + s;
  }
  return s;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
  "\n": "",
};

/** Decodes the backslash escapes of a (non-raw) string literal body. */
export function unescape(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|.|\n)/gs, (m, e: string) => {
    if (e[0] === "x" || e[0] === "u" || e[0] === "U") return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    if (e[0] === "N" && e.length > 1) return m;
    return SIMPLE_ESCAPES[e] ?? m;
  });
}

/** printf-style `%` formatting of constants. */
function percentFormat(fmt: { t: "str" | "bytes"; v: string }, arg: PyValue): PyValue | undefined {
  const args = arg.t === "tuple" ? arg.items : [arg];
  let i = 0;
  let failed = false;
  let total = fmt.v.length;
  const out = fmt.v.replace(/%(\([^)]*\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdirfxXoc%])/g, (_m, key: string | undefined, flags: string, width, precision, type: string) => {
    if (type === "%") return "%";
    if (failed || (width !== undefined && width !== "*" && Number(width) > MAX_LEN) || (precision !== undefined && Number(precision) > MAX_PRECISION)) {
      failed = true;
      return "";
    }
    let v: PyValue | undefined;
    if (key) {
      if (arg.t !== "dict") {
        failed = true;
        return "";
      }
      const k = key.slice(1, -1);
      v = arg.entries.find(([kk]) => kk.t === "str" && kk.v === k)?.[1];
    } else v = args[i++];
    if (!v || width === "*") {
      failed = true;
      return "";
    }
    let s: string | undefined;
    if (type === "s") s = pyStr(v);
    else if (type === "r") s = pyRepr(v);
    else if (type === "d" || type === "i") s = isNumeric(v) ? String(Math.trunc(num(v))) : undefined;
    else if (type === "f") s = isNumeric(v) ? num(v).toFixed(precision ? Number(precision) : 6) : undefined;
    else if (type === "x" || type === "X") s = isNumeric(v) ? Math.trunc(num(v)).toString(16) : undefined;
    else if (type === "o") s = isNumeric(v) ? Math.trunc(num(v)).toString(8) : undefined;
    else if (type === "c") s = v.t === "str" ? v.v : isNumeric(v) ? String.fromCharCode(num(v)) : undefined;
    if (s === undefined) {
      failed = true;
      return "";
    }
    if (type === "X") s = s.toUpperCase();
    if (width && s.length < Number(width)) {
      const w = Number(width);
      if (flags.includes("-")) s = s.padEnd(w);
      else if (flags.includes("0") && "dirfxXo".includes(type)) s = s.startsWith("-") ? `-${s.slice(1).padStart(w - 1, "0")}` : s.padStart(w, "0");
      else s = s.padStart(w);
    }
    total += s.length;
    if (total > MAX_LEN) {
      failed = true;
      return "";
    }
    return s;
  });
  if (failed || (!fmt.v.includes("%(") && arg.t === "tuple" && i !== args.length)) return undefined;
  return { t: fmt.t, v: out } as PyValue;
}

function strFormat(fmt: string, args: PyValue[], kwargs: ReadonlyMap<string, PyValue>): string | undefined {
  let auto = 0;
  let failed = false;
  let total = fmt.length;
  const out = fmt.replace(/\{\{|\}\}|\{([^{}!:]*)(![rsa])?(?::([^{}]*))?\}/g, (m, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
    if (failed) return "";
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    let v: PyValue | undefined;
    const f = field ?? "";
    const [head, ...rest] = f.split(/(?=[.[])/);
    if (head === "") v = args[auto++];
    else if (/^\d+$/.test(head!)) v = args[Number(head)];
    else v = kwargs.get(head!);
    for (const r of rest) {
      const idx = /^\[(\d+)\]$/.exec(r);
      if (!v || !idx) {
        failed = true;
        return "";
      }
      v = index(v, int(Number(idx[1])));
    }
    if (!v) {
      failed = true;
      return "";
    }
    let s = conv === "!r" || conv === "!a" ? pyRepr(v) : pyStr(v);
    if (spec) {
      const f2 = applyFormatSpec(v, spec);
      if (f2 === undefined) {
        failed = true;
        return "";
      }
      s = f2;
    }
    total += s.length;
    if (total > MAX_LEN) {
      failed = true;
      return "";
    }
    return s;
  });
  return failed ? undefined : out;
}

/** `str.isalnum()` and friends on non-empty strings. */
const STR_TESTS: Record<string, RegExp> = {
  isalnum: /^[\p{L}\p{N}]+$/u,
  isalpha: /^\p{L}+$/u,
  isdigit: /^\p{Nd}+$/u,
  isdecimal: /^\p{Nd}+$/u,
  isnumeric: /^\p{N}+$/u,
  isspace: /^\s+$/u,
  isidentifier: /^[\p{L}_][\p{L}\p{N}_]*$/u,
  isascii: /^[\x00-\x7f]*$/,
};

/** `s.split(sep, maxsplit)` / `s.rsplit(...)` with constant arguments. */
function foldSplit(s: string, args: PyValue[], fromRight: boolean): PyValue | undefined {
  const [sep, max] = args;
  if (max !== undefined && max.t !== "int") return undefined;
  const limit = max?.t === "int" && max.v >= 0 ? max.v : -1;
  let parts: string[];
  if (sep === undefined || sep.t === "none") {
    if (limit >= 0) return undefined;
    parts = s.trim() === "" ? [] : s.trim().split(/\s+/);
  } else {
    if (sep.t !== "str" || sep.v === "") return undefined;
    parts = s.split(sep.v);
    if (limit >= 0 && parts.length > limit + 1) {
      parts = fromRight ? [parts.slice(0, parts.length - limit).join(sep.v), ...parts.slice(parts.length - limit)] : [...parts.slice(0, limit), parts.slice(limit).join(sep.v)];
    }
  }
  return { t: "list", items: parts.map(str) };
}

const STR_METHODS = new Set(["upper", "lower", "strip", "lstrip", "rstrip", "title", "capitalize", "casefold", "swapcase"]);

/** A method of a constant (`"a,b".split(",")`, `"x".upper()`) with constant arguments; undefined when not folded. */
export function foldMethod(recv: PyValue, method: string, args: PyValue[], kwargs: ReadonlyMap<string, PyValue>): PyValue | undefined {
  if (recv.t === "str") {
    if (method === "format") {
      const s = strFormat(recv.v, args, kwargs);
      return s === undefined ? undefined : str(s);
    }
    if (STR_METHODS.has(method) && args.length === 0) {
      switch (method) {
        case "upper":
          return str(recv.v.toUpperCase());
        case "lower":
        case "casefold":
          return str(recv.v.toLowerCase());
        case "strip":
          return str(recv.v.trim());
        case "lstrip":
          return str(recv.v.trimStart());
        case "rstrip":
          return str(recv.v.trimEnd());
        default:
          return undefined;
      }
    }
    if (method === "join" && args.length === 1) {
      const items = asItems(args[0]);
      if (!items || !items.every((x) => x.t === "str")) return undefined;
      const parts = items.map((x) => (x as { v: string }).v);
      const length = parts.reduce((n, p) => n + p.length, 0) + recv.v.length * Math.max(0, parts.length - 1);
      return length > MAX_LEN ? undefined : str(parts.join(recv.v));
    }
    if (method === "replace" && args.length === 2 && args[0]!.t === "str" && args[1]!.t === "str") {
      const pieces = recv.v.split(args[0]!.v);
      const length = recv.v.length + (pieces.length - 1) * (args[1]!.v.length - args[0]!.v.length);
      return length > MAX_LEN ? undefined : str(pieces.join(args[1]!.v));
    }
    if ((method === "startswith" || method === "endswith") && args.length === 1 && args[0]!.t === "str") {
      return bool(method === "startswith" ? recv.v.startsWith(args[0]!.v) : recv.v.endsWith(args[0]!.v));
    }
    if (method === "encode" && args.length <= 1) return { t: "bytes", v: recv.v };
    if ((method === "split" || method === "rsplit") && args.length <= 2 && kwargs.size === 0) return foldSplit(recv.v, args, method === "rsplit");
    const test = STR_TESTS[method];
    if (test && args.length === 0) return bool(recv.v.length > 0 && test.test(recv.v));
  }
  if (recv.t === "bytes" && method === "decode" && args.length <= 1) return str(recv.v);
  if (recv.t === "dict" && method === "get" && (args.length === 1 || args.length === 2)) {
    return index(recv, args[0]!) ?? args[1] ?? NONE;
  }
  return undefined;
}

function foldCall(node: PyNode, lookup: NameLookup, d: number): PyValue | undefined {
  const fn = node.get("function");
  const argList = node.get("arguments");
  if (!fn || !argList || argList.type !== "argument_list") return undefined;
  const args: PyValue[] = [];
  const kwargs = new Map<string, PyValue>();
  for (const a of argList.namedChildren) {
    if (a.type === "keyword_argument") {
      const v = foldConstant(a.get("value"), lookup, d);
      if (!v) return undefined;
      kwargs.set(a.get("name")?.text ?? "", v);
    } else if (a.type === "list_splat" || a.type === "dictionary_splat") return undefined;
    else {
      const v = foldConstant(a, lookup, d);
      if (!v) return undefined;
      args.push(v);
    }
  }
  if (fn.type === "attribute") {
    const recv = foldConstant(fn.get("object"), lookup, d);
    const method = fn.get("attribute")?.text ?? "";
    return recv ? foldMethod(recv, method, args, kwargs) : undefined;
  }
  if (fn.type !== "identifier" || lookup(fn.text, fn) !== undefined) return undefined;
  const name = fn.text;
  const a0 = args[0];
  if (kwargs.size > 0) return undefined;
  switch (name) {
    case "str":
      return a0 ? str(pyStr(a0)) : args.length === 0 ? str("") : undefined;
    case "repr":
      return a0 ? str(pyRepr(a0)) : undefined;
    case "int":
      if (!a0) return args.length === 0 ? int(0) : undefined;
      if (isNumeric(a0) && args.length === 1) return int(Math.trunc(num(a0)));
      if (a0.t === "str" && args.length === 1 && /^\s*[-+]?\d+\s*$/.test(a0.v)) return int(parseInt(a0.v, 10));
      return undefined;
    case "float":
      if (a0 && isNumeric(a0)) return { t: "float", v: num(a0) };
      if (a0 && a0.t === "str" && a0.v.trim() !== "" && !Number.isNaN(Number(a0.v))) return { t: "float", v: Number(a0.v) };
      return undefined;
    case "bool":
      return a0 ? bool(truthy(a0)) : bool(false);
    case "len":
      if (!a0) return undefined;
      if (a0.t === "str" || a0.t === "bytes") return int([...a0.v].length);
      if (a0.t === "list" || a0.t === "tuple" || a0.t === "set") return int(a0.items.length);
      if (a0.t === "dict") return int(a0.entries.length);
      return undefined;
    case "abs":
      return a0 && isNumeric(a0) ? { t: a0.t === "float" ? "float" : "int", v: Math.abs(num(a0)) } : undefined;
    case "min":
    case "max": {
      const xs = args.length === 1 ? asItems(a0) : args;
      if (!xs || xs.length === 0 || !xs.every(isNumeric)) return undefined;
      const ns = xs.map(num);
      return int(name === "min" ? Math.min(...ns) : Math.max(...ns));
    }
    case "list":
    case "tuple":
    case "set": {
      if (!a0) return { t: name, items: [] };
      const items = asItems(a0) ?? (a0.t === "str" ? [...a0.v].map(str) : undefined);
      return items ? { t: name, items: [...items] } : undefined;
    }
    default:
      return undefined;
  }
}
