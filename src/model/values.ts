/** Abstract Python constant values, as produced by constant folding. */

export type PyValue =
  | { t: "str"; v: string }
  | { t: "bytes"; v: string }
  | { t: "int"; v: number }
  | { t: "float"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "none" }
  | { t: "list" | "tuple" | "set"; items: PyValue[] }
  | { t: "dict"; entries: [PyValue, PyValue][] };

export const NONE: PyValue = { t: "none" };
export const str = (v: string): PyValue => ({ t: "str", v });
export const int = (v: number): PyValue => ({ t: "int", v });
export const bool = (v: boolean): PyValue => ({ t: "bool", v });

export function isNumeric(v: PyValue): v is { t: "int" | "float" | "bool"; v: number | boolean } & PyValue {
  return v.t === "int" || v.t === "float" || v.t === "bool";
}

export function num(v: PyValue): number {
  if (v.t === "bool") return v.v ? 1 : 0;
  if (v.t === "int" || v.t === "float") return v.v;
  return NaN;
}

/** Python truthiness. */
export function truthy(v: PyValue): boolean {
  switch (v.t) {
    case "str":
    case "bytes":
      return v.v.length > 0;
    case "int":
    case "float":
      return v.v !== 0;
    case "bool":
      return v.v;
    case "none":
      return false;
    case "list":
    case "tuple":
    case "set":
      return v.items.length > 0;
    case "dict":
      return v.entries.length > 0;
  }
}

function floatRepr(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  return String(n);
}

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += `\\${q}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else out += ch;
  }
  return q + out + q;
}

/** Python repr(). */
export function pyRepr(v: PyValue): string {
  switch (v.t) {
    case "str":
      return quote(v.v);
    case "bytes":
      return `b${quote(v.v)}`;
    case "int":
      return String(v.v);
    case "float":
      return floatRepr(v.v);
    case "bool":
      return v.v ? "True" : "False";
    case "none":
      return "None";
    case "list":
      return `[${v.items.map(pyRepr).join(", ")}]`;
    case "tuple":
      return v.items.length === 1 ? `(${pyRepr(v.items[0]!)},)` : `(${v.items.map(pyRepr).join(", ")})`;
    case "set":
      return v.items.length === 0 ? "set()" : `{${v.items.map(pyRepr).join(", ")}}`;
    case "dict":
      return `{${v.entries.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(", ")}}`;
  }
}

/** Python str(). */
export function pyStr(v: PyValue): string {
  return v.t === "str" ? v.v : pyRepr(v);
}

/** Python ==, for constants. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  if (isNumeric(a) && isNumeric(b)) return num(a) === num(b);
  if (a.t !== b.t) return false;
  switch (a.t) {
    case "str":
    case "bytes":
      return a.v === (b as typeof a).v;
    case "none":
      return true;
    case "list":
    case "tuple": {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => pyEquals(x, bi[i]!));
    }
    case "set": {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x) => bi.some((y) => pyEquals(x, y)));
    }
    case "dict": {
      const be = (b as typeof a).entries;
      return a.entries.length === be.length && a.entries.every(([k, x]) => be.some(([k2, y]) => pyEquals(k, k2) && pyEquals(x, y)));
    }
    default:
      return false;
  }
}

/** The string value if the constant is a str, else undefined. */
export function asString(v: PyValue | undefined): string | undefined {
  return v && v.t === "str" ? v.v : undefined;
}

/** Elements of a list/tuple/set constant, or undefined. */
export function asItems(v: PyValue | undefined): PyValue[] | undefined {
  return v && (v.t === "list" || v.t === "tuple" || v.t === "set") ? v.items : undefined;
}
