/**
 * Python string expressions as sequences of literal text and interpolated expressions, and string
 * literals written back in a file's style. Fixes that move values out of a string (into query
 * parameters or argument lists) read the string with `stringParts` and write with `literal`.
 */
import { unparen, type PyNode } from "../parse/ast.js";

/** A piece of a built string: literal text (decoded) or an interpolated expression. */
export type StringPart =
  | { kind: "text"; value: string }
  | {
      kind: "expr";
      node: PyNode;
      /** `!r` / `!s` / `!a` of an f-string field or `str.format` field, `%r` of %-formatting. */
      conversion?: string;
      /** The format spec (`>5`, `.2f`), when any. */
      spec?: string;
    };

/** How a literal is delimited: its prefix letters (without `f`) and quote (`"`, `'`, `"""`, `'''`). */
export interface LiteralStyle {
  raw: boolean;
  quote: string;
}

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", "0": "\0", a: "\x07", b: "\b", f: "\f", v: "\v", "\n": "" };

/** The value of a literal's source text between its quotes (escapes decoded unless raw; `{{` `}}` for f-strings). */
export function decodeLiteral(source: string, raw: boolean, fstring: boolean): string {
  let out = "";
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (fstring && (ch === "{" || ch === "}") && source[i + 1] === ch) {
      out += ch;
      i++;
      continue;
    }
    if (ch !== "\\" || raw) {
      out += ch;
      continue;
    }
    const next = source[i + 1] ?? "";
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(source.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(source.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (next === "U" && /^[0-9a-fA-F]{8}$/.test(source.slice(i + 2, i + 10))) {
      out += String.fromCodePoint(parseInt(source.slice(i + 2, i + 10), 16));
      i += 9;
    } else if (next === "\r" && source[i + 2] === "\n") i += 2;
    else out += ch;
  }
  return out;
}

/** Prefix letters and quote of a `string` node; undefined for bytes. */
export function literalStyle(node: PyNode): (LiteralStyle & { fstring: boolean }) | undefined {
  const start = node.children.find((c) => c.type === "string_start")?.text ?? /^[a-zA-Z]*("""|'''|"|')/.exec(node.text)?.[0] ?? "";
  const m = /^([a-zA-Z]*)("""|'''|"|')$/.exec(start);
  if (!m) return undefined;
  const prefix = m[1]!.toLowerCase();
  if (prefix.includes("b") || prefix.includes("t")) return undefined;
  return { raw: prefix.includes("r"), quote: m[2]!, fstring: prefix.includes("f") };
}

/** A literal for `value` in `style` (raw only when the value allows it), with `f` when it holds fields. */
export function literal(value: string, style: LiteralStyle): string {
  const q = style.quote;
  const single = q.length === 1;
  if (style.raw && !value.includes(q[0]!) && !value.endsWith("\\") && !(single && /[\r\n]/.test(value))) return `r${q}${value}${q}`;
  let body = value.replace(/\\/g, "\\\\").replace(new RegExp(q[0]!, "g"), `\\${q[0]}`);
  if (single) body = body.replace(/\n/g, "\\n").replace(/\r/g, "\\r");
  return `${q}${body}${q}`;
}

/** An f-string of text and expression parts (just the expression's text when it is the only part and plain). */
export function fString(parts: StringPart[], style: LiteralStyle): string {
  if (parts.length === 1 && parts[0]!.kind === "expr" && !parts[0]!.conversion && !parts[0]!.spec) return parts[0]!.node.text;
  const q = style.quote.length === 3 ? style.quote : style.quote;
  let body = "";
  for (const p of parts) {
    if (p.kind === "text") {
      body += p.value.replace(/\\/g, "\\\\").replace(new RegExp(q[0]!, "g"), `\\${q[0]}`).replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\{/g, "{{").replace(/\}/g, "}}");
    } else body += `{${p.node.text}${p.conversion ? `!${p.conversion}` : ""}${p.spec ? `:${p.spec}` : ""}}`;
  }
  return `f${q}${body}${q}`;
}

/**
 * The parts of a string-building expression — an f-string, implicitly concatenated literals, `+`
 * chains, `"…" % values` and `"…".format(…)` — with the style of its first literal; undefined when
 * the expression is not one of those (or is bytes, or uses a form this reader does not follow).
 */
export function stringParts(expr: PyNode): { parts: StringPart[]; style: LiteralStyle } | undefined {
  const node = unparen(expr);
  if (!node) return undefined;
  let style: LiteralStyle | undefined;
  const out: StringPart[] = [];
  const pushText = (value: string) => {
    const last = out[out.length - 1];
    if (last?.kind === "text") last.value += value;
    else if (value) out.push({ kind: "text", value });
  };
  const literalParts = (s: PyNode): boolean => {
    const st = literalStyle(s);
    if (!st) return false;
    style ??= st;
    for (const c of s.children) {
      if (c.type === "string_content") pushText(decodeLiteral(c.text, st.raw, st.fstring));
      else if (c.type === "interpolation") {
        const e = c.get("expression");
        if (!e) return false;
        const conversion = c.get("type_conversion")?.text.replace(/^!/, "");
        const spec = c.get("format_specifier")?.text.replace(/^:/, "");
        if (spec && /[{}]/.test(spec)) return false;
        out.push({ kind: "expr", node: e, ...(conversion ? { conversion } : {}), ...(spec ? { spec } : {}) });
      }
    }
    return true;
  };
  const visit = (n: PyNode | null): boolean => {
    n = unparen(n);
    if (!n) return false;
    if (n.type === "string") return literalParts(n);
    if (n.type === "concatenated_string") return n.namedChildren.every((c) => c.type !== "string" || literalParts(c));
    if (n.type === "binary_operator" && n.children.some((c) => c.type === "+" || c.text === "+") && n.get("operator")?.text === "+") {
      return visit(n.get("left")) && visit(n.get("right"));
    }
    out.push({ kind: "expr", node: n });
    return true;
  };
  if (node.type === "binary_operator" && node.get("operator")?.text === "%") {
    const fmt = unparen(node.get("left"));
    const st = fmt?.type === "string" ? literalStyle(fmt) : undefined;
    if (!fmt || !st || st.fstring) return undefined;
    const right = unparen(node.get("right"));
    const values = right?.type === "tuple" ? right.namedChildren : right ? [right] : [];
    const content = fmt.children.filter((c) => c.type === "string_content").map((c) => decodeLiteral(c.text, st.raw, false)).join("");
    if (/%/.test(content.replace(/%[%sdirf]/g, ""))) return undefined;
    let used = 0;
    let last = 0;
    for (const m of content.matchAll(/%([%sdirf])/g)) {
      pushText(content.slice(last, m.index));
      last = m.index! + 2;
      if (m[1] === "%") {
        pushText("%");
        continue;
      }
      const value = values[used++];
      if (!value) return undefined;
      out.push({ kind: "expr", node: value, ...(m[1] === "r" ? { conversion: "r" } : {}) });
    }
    pushText(content.slice(last));
    if (used !== values.length) return undefined;
    return { parts: out, style: st };
  }
  if (node.type === "call") {
    const fn = unparen(node.get("function"));
    const fmt = fn?.type === "attribute" && fn.get("attribute")?.text === "format" ? unparen(fn.get("object")) : undefined;
    const st = fmt?.type === "string" ? literalStyle(fmt) : undefined;
    if (!fmt || !st || st.fstring) return undefined;
    const args = node.get("arguments")?.namedChildren ?? [];
    if (args.some((a) => a.type === "list_splat" || a.type === "dictionary_splat")) return undefined;
    const positional = args.filter((a) => a.type !== "keyword_argument");
    const keywords = new Map(args.filter((a) => a.type === "keyword_argument").map((a) => [a.get("name")?.text ?? "", a.get("value")!]));
    const content = fmt.children.filter((c) => c.type === "string_content").map((c) => c.text).join("");
    let auto = 0;
    let ok = true;
    const re = /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g;
    let last = 0;
    for (const m of content.matchAll(re)) {
      pushText(decodeLiteral(content.slice(last, m.index), st.raw, false));
      last = m.index! + m[0].length;
      if (m[0] === "{{" || m[0] === "}}") {
        pushText(m[0][0]!);
        continue;
      }
      const field = m[1]!;
      const value = field === "" ? positional[auto++] : /^\d+$/.test(field) ? positional[Number(field)] : keywords.get(field);
      if (!value) {
        ok = false;
        break;
      }
      out.push({ kind: "expr", node: value, ...(m[2] ? { conversion: m[2] } : {}), ...(m[3] ? { spec: m[3] } : {}) });
    }
    pushText(decodeLiteral(content.slice(last), st.raw, false));
    return ok ? { parts: out, style: st } : undefined;
  }
  if (!visit(node) || !style) return undefined;
  return { parts: out, style };
}
