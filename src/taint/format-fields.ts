/** Which arguments a constant `str.format` / printf-style format string actually uses. */
import { pyRepr } from "../model/values.js";
import { CLEAN, restrict, union, type Taint } from "./labels.js";
import { flat, hasMiddle, shaped, type Val } from "./value.js";
import { NUMERIC_CONVERSIONS, numericSpec } from "./strings.js";

/** Fields referenced by a `str.format` template: positions (auto-numbered or explicit) and keyword names. */
export interface FormatFields {
  positions: Set<number>;
  names: Set<string>;
}

/**
 * The fields a `str.format` template inserts as text (a field formatted with a numeric spec such
 * as `{:d}` or `{total:.2f}` inserts a number, or raises); undefined when the template is malformed.
 */
export function formatFields(template: string): FormatFields | undefined {
  const out: FormatFields = { positions: new Set(), names: new Set() };
  let auto = 0;
  let manual = false;
  const field = (name: string, spec: string | undefined): boolean => {
    const textual = spec === undefined || !numericSpec(spec);
    // the argument is the part before the first `.attr` or `[key]`
    const head = /^[^.[]*/.exec(name)![0];
    if (head === "") {
      if (manual) return false;
      const at = auto++;
      if (textual) out.positions.add(at);
    } else if (/^\d+$/.test(head)) {
      if (auto > 0) return false;
      manual = true;
      if (textual) out.positions.add(Number(head));
    } else if (textual) out.names.add(head);
    return true;
  };
  const scan = (text: string, nested: boolean): boolean => {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === "}") {
        if (!nested && text[i + 1] !== "}") return false;
        i++;
        continue;
      }
      if (ch !== "{") continue;
      if (!nested && text[i + 1] === "{") {
        i++;
        continue;
      }
      // the replacement field runs to the matching brace (format specs may nest one level of fields)
      let depth = 1;
      let j = i + 1;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === "{") depth++;
        else if (text[j] === "}") depth--;
      }
      if (depth > 0) return false;
      const body = text.slice(i + 1, j - 1);
      const m = /^([^!:]*)(?:![rsa])?(?::([\s\S]*))?$/.exec(body);
      if (!m || !field(m[1]!, m[2])) return false;
      if (m[2] && !scan(m[2], true)) return false;
      i = j - 1;
    }
    return true;
  };
  return scan(template, false) ? out : undefined;
}

/** The taint of `template.format(*pos, **kw)` given the arguments (every argument when the template is malformed). */
export function formatTaint(template: string, pos: readonly Val[], kw: ReadonlyMap<string, Val>, splat: Val | undefined): Taint {
  const fields = formatFields(template);
  let t: Taint = splat ? flat(splat) : CLEAN;
  pos.forEach((v, i) => {
    if (!fields || fields.positions.has(i)) t = union(t, flat(v));
  });
  for (const [k, v] of kw) if (!fields || fields.names.has(k)) t = union(t, flat(v));
  return t;
}

/**
 * The conversions of a printf-style template: mapping keys, or the number of positional values
 * consumed; `repr` holds the keys or value positions converted with `%r`/`%a` (through `repr()`),
 * `numeric` those converted with `%d`, `%f` and the other conversions that accept only numbers.
 */
export function percentFields(template: string): ({ keys: string[] } | { count: number }) & { repr: Set<string | number>; numeric: Set<string | number> } | undefined {
  const keys: string[] = [];
  const repr = new Set<string | number>();
  const numeric = new Set<string | number>();
  let count = 0;
  const re = /%(?:\(([^)]*)\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsab%])/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (template.slice(last, m.index).includes("%")) return undefined;
    last = re.lastIndex;
    if (m[5] === "%") continue;
    const byRepr = m[5] === "r" || m[5] === "a";
    const byNumber = NUMERIC_CONVERSIONS.includes(m[5]!);
    if (m[1] !== undefined) {
      keys.push(m[1]);
      if (byRepr) repr.add(m[1]);
      if (byNumber) numeric.add(m[1]);
    } else {
      count += (m[3] === "*" ? 1 : 0) + (m[4] === "*" ? 1 : 0);
      if (byRepr) repr.add(count);
      if (byNumber) numeric.add(count);
      count += 1;
    }
  }
  if (template.slice(last).includes("%")) return undefined;
  if (keys.length > 0 && count > 0) return undefined;
  return keys.length > 0 ? { keys, repr, numeric } : { count, repr, numeric };
}

/**
 * The taint of `str(v)` when `str()` of a container is the `repr()` of its elements: a list, tuple,
 * set or dict writes its text and bytes elements as quoted literals with their control characters
 * escaped, so those are cleared of the kinds `repr()` neutralises (`reprCleared`); an element that
 * is an object of a known type keeps its taint (its own `__repr__` may write anything), and so does
 * a value not known to be a container.
 */
export function strTaint(v: Val, reprCleared: number, depth = 0): Taint {
  const s = shaped(v);
  if (!reprCleared || !s.seq || depth > 4) return flat(v);
  const element = (x: Val): Taint => (x.seq ? strTaint(x, reprCleared, depth + 1) : x.type || x.klass || x.fn ? flat(x) : restrict(flat(x), ~reprCleared));
  let t: Taint = union(s.t, restrict(union(s.rest ?? CLEAN, s.kt ?? CLEAN), ~reprCleared));
  for (const x of s.items ?? []) t = union(t, element(x));
  for (const x of s.tail ?? []) t = union(t, element(x));
  for (const x of s.keys?.values() ?? []) t = union(t, element(x));
  if (s.el) t = union(t, element(s.el));
  return t;
}

/**
 * The taint of `template % r` for a constant template: only the values its conversions use, a
 * value converted with `%r` cleared of the kinds `repr()` neutralises (`reprCleared`), and a
 * container converted with `%s` as `strTaint` says.
 */
export function percentTaint(template: string, r: Val, reprCleared = 0): Taint {
  const fields = percentFields(template);
  const s = shaped(r);
  if (!fields) return flat(r);
  // `%d` of text raises TypeError: a numeric conversion inserts a number
  const conv = (key: string | number, v: Val) => (fields.numeric.has(key) ? CLEAN : reprCleared && fields.repr.has(key) ? restrict(flat(v), ~reprCleared) : strTaint(v, reprCleared));
  if ("keys" in fields) {
    if (s.seq !== "dict" || !s.keys) return flat(r);
    let t: Taint = union(s.t, s.rest ?? CLEAN);
    for (const k of fields.keys) {
      const v = s.keys.get(pyRepr({ t: "str", v: k }));
      if (v) t = union(t, conv(k, v));
    }
    return t;
  }
  if (s.seq !== "tuple" || !s.items || hasMiddle(s)) {
    // a single value (`"%s" % name`) is the tuple of itself; so is a dict or a list
    if (fields.count === 1 && s.seq !== "tuple") return conv(0, r);
    return flat(r);
  }
  let t: Taint = s.t;
  s.items.slice(0, fields.count).forEach((v, i) => {
    t = union(t, conv(i, v));
  });
  return t;
}
