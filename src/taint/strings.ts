/**
 * Strings built from constant text and values, and what is known about the characters a value
 * can hold. A string value built by an f-string, `+`, `%`, `str.format`, `str.join` or a path
 * join keeps its pieces (`Val.parts`); guards record substrings a value cannot contain
 * (`Val.ex`). A sink with a syntax — SQL, XPath, shell, Python, LDAP filters, file paths — then
 * judges each inserted value in the context the constant text puts it in: a value that cannot
 * contain `'` cannot leave a `'`-quoted literal, but it can still break an unquoted number or a
 * `"`-quoted literal.
 */
import type { PyNode } from "../parse/ast.js";
import { unescape } from "../model/fold.js";
import { pyRepr } from "../model/values.js";
import type { Frame } from "./frame.js";
import { CLEAN, restrict, union, type Taint } from "./labels.js";
import type { Syntax } from "./model-types.js";
import { afterPrefix, beginning, UNKNOWN_CLEAN } from "./prefix.js";
import { reprCleared } from "./expressions.js";
import { flat, hasMiddle, isClean, mapTaint, possibleConstants, type Part, type Val } from "./value.js";

/**
 * What building text does to the values inserted into it: a fixed beginning (a URL's scheme and
 * host) clears some kinds from what follows it (`prefix.ts`), and `repr()` conversions clear others.
 */
export interface TextRules {
  after(head: string, t: Taint, hole?: Val): Taint;
  reprCleared: number;
}

/** The text rules of the models in force in a frame. */
export function textRules(f: Frame): TextRules {
  return { after: (head, t, hole) => afterPrefix(f, head, t, hole), reprCleared: reprCleared(f) };
}

const NO_RULES: TextRules = { after: (_head, t) => t, reprCleared: 0 };

/** Pieces kept per string; longer strings keep only their taint. */
const MAX_PARTS = 32;


/** A string value's pieces: its parts, its constant text, or itself as one inserted value. */
export function piecesOf(v: Val): readonly Part[] {
  if (v.parts) return v.parts;
  const cs = isClean(v) ? v.c : undefined;
  if (cs?.t === "str") return [cs.v];
  return [v];
}

/** True when a value is (known to be) text: a constant string or a string built from pieces. */
export function isText(v: Val): boolean {
  return v.parts !== undefined || (isClean(v) && v.c?.t === "str");
}

/**
 * The string made of these pieces: constant text is merged, clean constant holes become text,
 * and the result is a constant when no hole is left. Its taint is the union of its holes'.
 */
export function fromParts(pieces: readonly Part[], extra: { type?: string } = {}, rules: TextRules = NO_RULES): Val {
  const out: Part[] = [];
  let t: Taint = CLEAN;
  // the text so far, unknown parts as UNKNOWN_CLEAN: a fixed beginning may neutralise what follows
  let head = "";
  for (const p of pieces) {
    let piece: Part = p;
    if (typeof p !== "string") {
      const c = isClean(p) ? p.c : undefined;
      if (c?.t === "str") piece = c.v;
      else {
        const before = head;
        const hole = rules === NO_RULES ? p : mapTaint(p, (x) => rules.after(before, x, p));
        t = union(t, flat(hole));
        piece = hole;
        head += beginning(p) ?? UNKNOWN_CLEAN;
      }
    }
    const last = out[out.length - 1];
    if (typeof piece === "string") {
      head += piece;
      if (piece === "") continue;
      if (typeof last === "string") out[out.length - 1] = last + piece;
      else out.push(piece);
    } else out.push(piece);
  }
  const type = extra.type ? { type: extra.type } : {};
  if (out.every((p) => typeof p === "string")) return { t: CLEAN, c: { t: "str", v: out.join("") }, ...type };
  const ex = wholeExcluded(out);
  if (out.length > MAX_PARTS) return { t, pre: head, ...(ex ? { ex } : {}), ...type };
  return { t, parts: out, pre: head, ...(ex ? { ex } : {}), ...type };
}

/** Single characters no piece of a string can contain (what the whole string excludes). */
function wholeExcluded(parts: readonly Part[]): string[] | undefined {
  let common: string[] | undefined;
  for (const p of parts) {
    if (typeof p === "string" || isClean(p)) continue;
    const chars = (p.ex ?? []).filter((x) => x.length === 1);
    common = common ? common.filter((x) => chars.includes(x)) : chars;
    if (common.length === 0) return undefined;
  }
  const text = parts.filter((p): p is string => typeof p === "string").join("");
  const out = (common ?? []).filter((c) => !text.includes(c));
  return out.length ? out : undefined;
}

/** `a + b` for text: the pieces of both, or undefined when neither side is known to be text. */
export function concatText(a: Val, b: Val, extra: { type?: string } = {}, rules: TextRules = NO_RULES): Val | undefined {
  if (a.seq || b.seq || (!isText(a) && !isText(b))) return undefined;
  return fromParts([...piecesOf(a), ...piecesOf(b)], extra, rules);
}

/**
 * An f-string (or a concatenation of literals, some of them f-strings): its constant text decoded
 * and each interpolation evaluated by `evaluate`; `!r` and `!a` conversions quote and escape the
 * value, so what they insert keeps its taint but nothing known about its characters.
 */
export function formattedString(node: PyNode, evaluate: (expr: PyNode) => Val, rules: TextRules = NO_RULES): Val {
  const pieces: Part[] = [];
  const literals = node.type === "concatenated_string" ? node.namedChildren : [node];
  for (const lit of literals) {
    const prefix = (lit.children[0]?.text ?? "").replace(/['"]+$/, "").toLowerCase();
    const raw = prefix.includes("r");
    for (const c of lit.children) {
      if (c.type === "string_content") pieces.push(decodeContent(c, raw));
      else if (c.type === "interpolation") {
        const v = evaluate(c.get("expression")!);
        const conv = c.get("type_conversion")?.text;
        const spec = c.get("format_specifier");
        const plainSpec = !spec || /^:[<>^]?\d*$/.test(spec.text);
        const numeric = spec !== null && numericSpec(spec.text.slice(1));
        // `{x=}` inserts the expression's text and repr()
        const debug = c.text.replace(/\s+/g, "").endsWith("=}") || /=(![rsa])?(:[^}]*)?}$/.test(c.text.replace(/\s+/g, ""));
        pieces.push(conv === "!r" || conv === "!a" ? opaqueText(v, rules.reprCleared) : numeric && !debug ? NUMBER_TEXT : !plainSpec || debug ? opaqueText(v) : v);
        for (const inner of spec?.namedChildren ?? []) {
          if (inner.type !== "format_expression") continue;
          // a width or precision from input changes only the padding, but keep its taint
          const w = evaluate(inner.get("expression")!);
          if (!isClean(w)) pieces.push({ t: flat(w) });
        }
      }
    }
  }
  return fromParts(pieces, {}, rules);
}

function decodeContent(node: PyNode, raw: boolean): string {
  let out = "";
  let pos = node.start;
  const text = node.text;
  const flush = (end: number) => {
    const chunk = text.slice(pos - node.start, end - node.start);
    out += raw ? chunk : unescape(chunk);
  };
  for (const c of node.children) {
    if (c.type !== "escape_interpolation") continue;
    flush(c.start);
    out += c.text[0];
    pos = c.end;
  }
  flush(node.end);
  return out;
}

/** A value inserted through `repr()` (clearing `cleared`) or another conversion: its taint, nothing about its text. */
/** printf-style conversions that accept only numbers (`"%d" % "x"` raises TypeError). */
export const NUMERIC_CONVERSIONS = "diouxXeEfFgG";

/** What a numeric conversion inserts: digits, a sign, a point, an exponent — nothing any sink reads as syntax. */
const NUMBER_TEXT: Val = { t: CLEAN };

/**
 * A format spec (without its `:`) whose presentation type accepts only numbers (`d`, `x`, `.2f`,
 * `,d`, `>8.1%`): formatting text with it raises ValueError. A fill character that could be
 * syntax (a quote) is left alone, since the analysis would no longer see it.
 */
export function numericSpec(spec: string): boolean {
  return /^(?:[^{}'"\\]?[<>=^])?[+\- ]?z?#?0?\d*[,_]?(?:\.\d+)?[bdoxXeEfFgGn%]$/.test(spec);
}

export function opaqueText(v: Val, cleared = 0): Val {
  const t = flat(v);
  const cs = possibleConstants(v);
  if (t.length === 0 && cs?.length === 1) return v;
  return { t: cleared ? restrict(t, ~cleared) : t };
}

/**
 * `template % args` for a constant template: the text between conversions, and each converted
 * value; undefined when the template or the arguments are not understood.
 */
export function percentFormatted(template: string, args: Val, rules: TextRules = NO_RULES): Val | undefined {
  const re = /%(?:\(([^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsab%])/g;
  const pieces: Part[] = [];
  let last = 0;
  let position = 0;
  const items = args.seq === "tuple" && args.items && !hasMiddle(args) ? args.items : args.seq ? undefined : [args];
  for (let m = re.exec(template); m; m = re.exec(template)) {
    pieces.push(template.slice(last, m.index));
    last = re.lastIndex;
    if (m[2] === "%") {
      pieces.push("%");
      continue;
    }
    let v: Val | undefined;
    if (m[1] !== undefined) v = args.seq === "dict" && args.keys ? args.keys.get(pyRepr({ t: "str", v: m[1] })) : undefined;
    else v = items?.[position++];
    if (!v) return undefined;
    // `%d` and the other numeric conversions raise on text: what they insert is a number
    pieces.push(m[2] === "s" ? v : NUMERIC_CONVERSIONS.includes(m[2]!) ? NUMBER_TEXT : opaqueText(v, m[2] === "r" || m[2] === "a" ? rules.reprCleared : 0));
  }
  if (template.slice(last).includes("%")) return undefined;
  pieces.push(template.slice(last));
  return fromParts(pieces, {}, rules);
}

/** `template.format(*pos, **kw)` for a constant template with plain fields; undefined otherwise. */
export function strFormatted(template: string, pos: readonly Val[], kw: ReadonlyMap<string, Val>, rules: TextRules = NO_RULES): Val | undefined {
  const pieces: Part[] = [];
  let text = "";
  let auto = 0;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if ((ch === "{" || ch === "}") && template[i + 1] === ch) {
      text += ch;
      i++;
      continue;
    }
    if (ch === "}") return undefined;
    if (ch !== "{") {
      text += ch;
      continue;
    }
    const close = template.indexOf("}", i);
    if (close < 0) return undefined;
    const body = template.slice(i + 1, close);
    const m = /^([A-Za-z_]\w*|\d*)(![rsa])?(?::([^{}]*))?$/.exec(body);
    if (!m) return undefined;
    const name = m[1]!;
    const v = name === "" ? pos[auto++] : /^\d+$/.test(name) ? pos[Number(name)] : kw.get(name);
    if (!v) return undefined;
    pieces.push(text);
    text = "";
    pieces.push(m[2] === "!r" || m[2] === "!a" ? opaqueText(v, rules.reprCleared) : m[3] !== undefined && numericSpec(m[3]) ? NUMBER_TEXT : v);
    i = close;
  }
  pieces.push(text);
  return fromParts(pieces, {}, rules);
}

/** `sep.join(items)` for a constant separator and items of known number. */
export function joinedText(sep: string, items: readonly Val[], rules: TextRules = NO_RULES): Val {
  const pieces: Part[] = [];
  items.forEach((x, i) => {
    if (i > 0) pieces.push(sep);
    pieces.push(...piecesOf(x));
  });
  return fromParts(pieces, {}, rules);
}

/** Exclusions that keep a text from starting with `/`: `^/` itself, or no `/` anywhere in it. */
function notLeadingSlash(ex: readonly string[] | undefined): boolean {
  return !!ex && (ex.includes("^/") || ex.includes("/"));
}

/**
 * `os.path.join(a, b, …)` / `Path(a) / b`: an absolute component discards everything before it,
 * so a user-controlled component keeps the base only when it is known not to start with `/`.
 */
export function joinedPath(components: readonly Val[], extra: { type?: string } = {}, rules: TextRules = NO_RULES): Val {
  let pieces: Part[] = [];
  for (const c of components) {
    const ps = piecesOf(c);
    const first = ps[0];
    // a piece known to hold no `/` at all (`if "/" in name: abort(400)`) cannot start with one either
    const absolute = typeof first === "string" ? first.startsWith("/") : !isClean(first!) && !notLeadingSlash(first!.ex);
    if (absolute || pieces.length === 0) pieces = [...ps];
    else {
      const last = pieces[pieces.length - 1];
      if (!(typeof last === "string" && last.endsWith("/"))) pieces.push("/");
      pieces.push(...ps);
    }
  }
  return fromParts(pieces, extra, rules);
}

/**
 * `v[start:stop]` of a string with pieces: the constant text at its ends trimmed when the bounds
 * fall inside it (`("help" + x + "tail")[4:-4]` is `x`); otherwise only the characters it excludes
 * are still known (a slice holds no character its string did not).
 */
export function slicedText(v: Val, start: number | null | undefined, stop: number | null | undefined): Val {
  const inner = v.ex?.filter((x) => !x.startsWith("^"));
  const fallback: Val = { t: flat(v), ...(inner?.length ? { ex: inner } : {}) };
  const parts = v.parts;
  if (!parts || start === undefined || stop === undefined || (start !== null && start < 0) || (stop !== null && stop >= 0)) return fallback;
  const out = [...parts];
  const a = start ?? 0;
  const first = out[0];
  if (a > 0) {
    if (typeof first !== "string" || first.length < a) return fallback;
    out[0] = first.slice(a);
  }
  if (stop !== null) {
    const last = out[out.length - 1];
    if (typeof last !== "string" || last.length < -stop || (out.length === 1 && a - stop > last.length)) return fallback;
    out[out.length - 1] = last.slice(0, last.length + stop);
  }
  return { ...fromParts(out), ...(inner?.length ? { ex: inner } : {}) };
}

// ---- refinements ---------------------------------------------------------------------------

function addExcluded(v: Val, ex: readonly string[]): Val {
  const have = v.ex ?? [];
  const add = ex.filter((x) => !have.includes(x));
  return add.length ? { ...v, ex: [...have, ...add] } : v;
}

/** The value known to contain none of `ex` (nor do any of its pieces). */
export function withExcluded(v: Val, ex: readonly string[]): Val {
  if (isClean(v)) return v;
  const out = addExcluded(v, ex);
  if (!v.parts) return out;
  const inner = ex.filter((x) => !x.startsWith("^"));
  // `"/" + rest` not starting with `//`: `rest` does not start with `/`
  const head = typeof v.parts[0] === "string" ? v.parts[0] : "";
  const first = head ? 1 : 0;
  const startsOfFirst = startsAfter(ex, head);
  return {
    ...out,
    parts: v.parts.map((p, i) => (typeof p === "string" ? p : withExcluded(p, i === first ? [...inner, ...startsOfFirst] : inner))),
  };
}

/** The `^P` exclusions of a string, as they apply to what follows its constant beginning `head`. */
function startsAfter(ex: readonly string[] | undefined, head: string): string[] {
  return (ex ?? []).filter((x) => x.startsWith("^") && x.length > head.length + 1 && x.slice(1).startsWith(head)).map((x) => `^${x.slice(1 + head.length)}`);
}

/**
 * The value known to hold none of `ex` between its first `start` and its last `-stop` characters
 * (`"'" in v[1:-1]` is false): every piece inside that range excludes them.
 */
export function excludedInside(v: Val, ex: readonly string[], start: number, stop: number | null): Val {
  const parts = v.parts;
  if (!parts || start < 0 || (stop !== null && stop > 0)) return v;
  const head = typeof parts[0] === "string" ? parts[0].length : 0;
  const last = parts[parts.length - 1]!;
  const tail = typeof last === "string" ? last.length : 0;
  if (head < start || tail < -(stop ?? 0)) return v;
  return { ...v, parts: parts.map((p) => (typeof p === "string" ? p : withExcluded(p, ex))) };
}

/** The value known to start with `prefix` (`v.startswith(prefix)` is true). */
export function withPrefix(v: Val, prefix: string): Val {
  if (isClean(v) || prefix === "" || prefix.length > 64) return v;
  const parts = [...piecesOf(v)];
  const first = parts[0];
  if (typeof first === "string") {
    if (first.startsWith(prefix) || !prefix.startsWith(first)) return v;
    const rest = parts[1];
    if (rest === undefined || typeof rest === "string") return v;
    parts.splice(0, 2, first, ...piecesOf(withPrefix(rest, prefix.slice(first.length))));
  } else parts.splice(0, 1, prefix, remainder(first!, startsAfter(first!.ex, prefix)));
  return { ...fromParts(parts, v.type ? { type: v.type } : {}), ...(v.ex ? { ex: v.ex } : {}), ...(v.norm ? { norm: true } : {}) };
}

/** The value known to end with `suffix` (`v.endswith(suffix)` is true). */
export function withSuffix(v: Val, suffix: string): Val {
  if (isClean(v) || suffix === "" || suffix.length > 64) return v;
  const parts = [...piecesOf(v)];
  const last = parts[parts.length - 1];
  if (typeof last === "string") {
    if (last.endsWith(suffix) || !suffix.endsWith(last)) return v;
    const before = parts[parts.length - 2];
    if (before === undefined || typeof before === "string") return v;
    parts.splice(parts.length - 2, 2, ...piecesOf(withSuffix(before, suffix.slice(0, suffix.length - last.length))), last);
  } else parts.splice(parts.length - 1, 1, remainder(last!), suffix);
  return { ...fromParts(parts, v.type ? { type: v.type } : {}), ...(v.ex ? { ex: v.ex } : {}), ...(v.norm ? { norm: true } : {}) };
}

/** What is left of a value once a known prefix or suffix is split off: its taint and exclusions. */
function remainder(v: Val, starts: readonly string[] = []): Val {
  const ex = [...(v.ex?.filter((x) => !x.startsWith("^")) ?? []), ...starts];
  return { t: flat(v), ...(ex.length ? { ex } : {}) };
}

// ---- sinks ---------------------------------------------------------------------------------

interface Hole {
  value: Val;
  /** In the shell, the hole begins the program's name (a value there chooses what runs). */
  program?: boolean;
  /** The quoting context: null outside quotes, else the opening quote (`'`, `"""`, `` ` ``). */
  quote: string | null;
  /** Inside an f-string literal (braces start code). */
  fstring?: boolean;
}

/**
 * What lets an unquoted value in a shell command run a command of its own: separators, pipes,
 * substitution and redirection. Without them it stays arguments of the command it is in (spaces,
 * quotes and globs can add arguments, as they can in an argument list, which is not reported either).
 */
const SHELL_COMMAND = [";", "&", "|", "$", "`", "<", ">", "\n"];
/** After these (or at the start) the next word names the program to run. */
const SHELL_COMMAND_START = [";", "&", "|", "\n", "(", "`"];
const LDAP_SPECIAL = ["*", "(", ")", "\\", "\0", ",", "=", "+", "<", ">", ";", '"', "#"];

/**
 * The taint that matters at a sink whose argument is read in `syntax`: the value's taint, less
 * what its pieces contribute from contexts they cannot leave.
 */
export function syntaxTaint(v: Val, syntax: Syntax | undefined): Taint {
  if (syntax === "log") return recordTaint(v);
  if (!syntax || !v.parts) return flat(v);
  if (syntax === "path") return pathTaint(v.parts);
  if (syntax === "name") return nameTaint(v.parts);
  const holes = contexts(syntax, v.parts);
  let t: Taint = CLEAN;
  holes.forEach((h, i) => {
    const ht = flat(h.value);
    if (ht.length === 0) return;
    const later = holes.slice(i + 1).some((x) => !isClean(x.value));
    if (!holeSafe(syntax, h, later)) t = union(t, ht);
  });
  return t;
}

/**
 * An entry of `Val.ex` that is a fact, not a substring: every run of the quote `q` in the value has
 * even length (`s.replace("'", "''")`), so inside a `q`-quoted SQL literal each pair stands for one
 * quote and none can close it. It starts with NUL, so no check for a real substring matches it.
 */
export function doubledQuote(q: string): string {
  return `\0${q}${q}`;
}

/**
 * A doubled quote keeps a SQL literal closed, except that MySQL also reads `\'` as a quote inside
 * `'…'` (`\'` doubled is `\''`: an escaped quote, then the closing one) unless backslashes are removed
 * or doubled too; in `"…"` identifiers and backquoted names a backslash is an ordinary character.
 */
function doubledSafe(v: Val, q: string): boolean {
  return excludes(v, [doubledQuote(q)]) && (q !== "'" || excludes(v, ["\\"]) || excludes(v, [doubledQuote("\\")]));
}

function excludes(v: Val, chars: readonly string[]): boolean {
  const ex = v.ex ?? [];
  return chars.every((c) => ex.includes(c));
}

function holeSafe(syntax: Syntax, h: Hole, laterTainted: boolean): boolean {
  const v = h.value;
  if (h.quote === null) {
    if (syntax === "shell") return !h.program && excludes(v, SHELL_COMMAND);
    if (syntax === "ldap") return excludes(v, LDAP_SPECIAL);
    return false;
  }
  const q = h.quote[0]!;
  if (!excludes(v, [q]) && !(syntax === "sql" && h.quote.length === 1 && doubledSafe(v, q))) return false;
  switch (syntax) {
    case "xpath":
      return true;
    case "shell":
      // single quotes end only at a quote; double quotes keep `$`, backquotes and backslashes active
      return q === "'" || excludes(v, ["$", "`", "\\"]);
    case "python":
      if (h.fstring && !excludes(v, ["{", "}"])) return false;
      return !laterTainted || excludes(v, ["\\"]);
    default:
      // a trailing backslash escapes the closing quote, which only matters when more input follows
      return !laterTainted || excludes(v, ["\\"]);
  }
}

const OPENING_QUOTES: Record<Syntax, readonly string[]> = { sql: ["'", '"', "`"], xpath: ["'", '"'], python: ["'", '"'], shell: ["'", '"'], ldap: [], path: [], log: [], name: [] };

/** A log record ends at a line break: text without one cannot forge the next record. */
const LINE_BREAKS = ["\n", "\r"];

/** The taint of a log message: the inserted values that may hold a line break (`s.replace("\n", "")` cannot). */
function recordTaint(v: Val): Taint {
  if (excludes(v, LINE_BREAKS)) return CLEAN;
  if (!v.parts) return flat(v);
  let t: Taint = CLEAN;
  for (const p of v.parts) if (typeof p !== "string" && !excludes(p, LINE_BREAKS)) t = union(t, flat(p));
  return t;
}

/**
 * The sink kinds for which a string is one or more complete quoted literals and nothing else the
 * input decides (`"'" + s.replace("'", "''") + "'"`, `'"' + name.replace('"', '""') + '"'`): every
 * inserted value sits inside quotes it cannot leave, and the text ends outside them. A function
 * returning such a string quotes its input for those kinds, wherever the caller inserts the result
 * outside quotes. Only SQL, XPath and Python literals count.
 */
export function quotedLiteralKinds(v: Val, syntaxes: ReadonlyMap<string, Syntax>): string[] {
  const parts = v.parts;
  if (!parts || typeof parts[0] !== "string" || typeof parts[parts.length - 1] !== "string") return [];
  const out: string[] = [];
  for (const [kind, syntax] of syntaxes) {
    if (syntax !== "sql" && syntax !== "xpath" && syntax !== "python") continue;
    if (!OPENING_QUOTES[syntax].includes(parts[0][0] ?? "")) continue;
    const end = { quote: null as string | null };
    const holes = contexts(syntax, parts, end);
    if (end.quote !== null) continue;
    if (holes.every((h, i) => isClean(h.value) || (h.quote !== null && holeSafe(syntax, h, holes.slice(i + 1).some((x) => !isClean(x.value)))))) out.push(kind);
  }
  return out;
}

/** Lexes the constant text of a string in `syntax` and returns every hole with its context (and, in `end`, the quote still open after it). */
function contexts(syntax: Syntax, parts: readonly Part[], end?: { quote: string | null }): Hole[] {
  const holes: Hole[] = [];
  let quote: string | null = null;
  let fstring = false;
  let comment = false;
  // the characters just before a quote opens (Python string prefixes)
  let word = "";
  // in the shell: nothing but blanks since the command began
  let commandStart = true;
  for (const p of parts) {
    if (typeof p !== "string") {
      holes.push({ value: p, quote: comment ? null : quote, ...(fstring && quote ? { fstring } : {}), ...(syntax === "shell" && commandStart && quote === null ? { program: true } : {}) });
      word = "";
      commandStart = false;
      continue;
    }
    for (let i = 0; i < p.length; i++) {
      const ch = p[i]!;
      if (syntax === "shell" && quote === null && !comment) {
        if (SHELL_COMMAND_START.includes(ch)) commandStart = true;
        else if (ch !== " " && ch !== "\t") commandStart = false;
      }
      if (comment) {
        if (ch === "\n") comment = false;
        continue;
      }
      if (quote === null) {
        if (ch === "\\" && syntax === "shell") {
          i++;
          continue;
        }
        if ((syntax === "python" && ch === "#") || (syntax === "sql" && ch === "-" && p[i + 1] === "-")) {
          comment = true;
          continue;
        }
        const opens = OPENING_QUOTES[syntax];
        if (opens.includes(ch)) {
          const triple = syntax === "python" && p.slice(i, i + 3) === ch.repeat(3);
          quote = triple ? ch.repeat(3) : ch;
          fstring = syntax === "python" && /^[rbu]*f[rbu]*$/i.test(word);
          if (triple) i += 2;
          word = "";
          continue;
        }
        word = /[A-Za-z]/.test(ch) ? word + ch : "";
        continue;
      }
      // inside a quoted literal
      const escapes = syntax === "sql" || syntax === "python" || (syntax === "shell" && quote === '"');
      if (ch === "\\" && escapes) {
        i++;
        continue;
      }
      if (p.startsWith(quote, i)) {
        if (syntax === "sql" && quote.length === 1 && p[i + 1] === quote) {
          i++;
          continue;
        }
        i += quote.length - 1;
        quote = null;
        fstring = false;
      }
    }
  }
  if (end) end.quote = comment ? null : quote;
  return holes;
}

/**
 * An attribute or global name built with constant letters (`f"{kind}Form"`, `"export_" + fmt + "_csv"`):
 * whatever the holes hold, the name has those letters in it, so it picks one of a family the code
 * chose and never a dunder (`__class__`, `__globals__`) or an unrelated function. Underscores or
 * punctuation alone (`f"{a}_{b}"`) do not narrow it.
 */
function nameTaint(parts: readonly Part[]): Taint {
  if (parts.some((p) => typeof p === "string" && /[A-Za-z0-9]/.test(p))) return CLEAN;
  return parts.reduce<Taint>((t, p) => (typeof p === "string" ? t : union(t, flat(p))), CLEAN);
}

/**
 * A file path is safe from a piece that cannot climb out of the folder before it: a constant base
 * folder precedes it, it holds no `..` (or no `../`, with no `/` following it), it does not start
 * with `/` unless a separator already precedes it, and no other user-controlled piece is glued to it.
 */
function pathTaint(parts: readonly Part[]): Taint {
  let t: Taint = CLEAN;
  let before = "";
  parts.forEach((p, i) => {
    if (typeof p === "string") {
      before += p;
      return;
    }
    const ht = flat(p);
    if (ht.length === 0) {
      before += "x";
      return;
    }
    const next = parts[i + 1];
    const ex = p.ex ?? [];
    const hasBase = /[^/.]/.test(before);
    const separated = before.endsWith("/") || notLeadingSlash(ex);
    const noClimb = ex.includes("..") || (ex.includes("../") && !(typeof next === "string" && /^[/\\]/.test(next)));
    const alone = next === undefined || typeof next === "string" || isClean(next);
    if (hasBase && separated && noClimb && alone) before += "x";
    else {
      t = union(t, ht);
      before += "x";
    }
  });
  return t;
}
