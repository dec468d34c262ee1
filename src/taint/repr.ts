/** Constant dict keys and list indices are kept as their repr in access paths; this reads them back. */
import { bool, int, NONE, str, type PyValue } from "../model/values.js";

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };

/** Parses a constant's repr (`0`, `'k'`, `True`, `None`); undefined for anything else. */
export function parseRepr(text: string): PyValue | undefined {
  if (/^-?\d+$/.test(text)) return int(Number(text));
  if (text === "True") return bool(true);
  if (text === "False") return bool(false);
  if (text === "None") return NONE;
  const q = text[0];
  if ((q === "'" || q === '"') && text.endsWith(q) && text.length >= 2) {
    return str(text.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => ESCAPES[c] ?? `\\${c}`));
  }
  return undefined;
}
