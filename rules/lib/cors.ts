/** Classifies CORS origin settings: wildcard, a specific allow-list, or unknown (environment, config). */
import { unparen, type PyNode } from "../../src/parse/ast.js";
import type { FileModel } from "../../src/model/file-model.js";
import { asItems, type PyValue } from "../../src/model/values.js";
import { constString, valueSources } from "./python.js";

export type OriginsVerdict = "wildcard" | "specific" | "unknown";

/**
 * How a library applies an origin regex: Starlette uses `fullmatch`, flask-cors and
 * django-cors-headers use `re.match` (anchored at the start only).
 */
export type RegexAnchoring = "full" | "prefix";

/** Two unrelated origins: a pattern that admits both admits any site. */
const PROBE_ORIGINS = ["https://attacker.example", "http://evil.test:8443"];

/** True when a Python regex admits arbitrary origins (`.*`, `^.*$`, `.+`, `https?://.*`, …). */
export function regexAllowsAnyOrigin(pattern: string, anchoring: RegexAnchoring): boolean {
  let p = pattern;
  let flags = "";
  const inline = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (inline) {
    if (inline[1]!.includes("i")) flags += "i";
    if (inline[1]!.includes("s")) flags += "s";
    p = p.slice(inline[0].length);
  }
  p = p.replace(/\\A/g, "^").replace(/\\Z/g, "$").replace(/\(\?P</g, "(?<");
  let re: RegExp;
  try {
    re = new RegExp(anchoring === "full" ? `^(?:${p})$` : `^(?:${p})`, flags);
  } catch {
    return false;
  }
  return PROBE_ORIGINS.every((o) => re.test(o));
}

/** Classifies one constant origin entry: `"*"`, or a regex-looking string that admits any origin. */
function entryIsWildcard(s: string, anchoring: RegexAnchoring | undefined): boolean {
  if (s.trim() === "*") return true;
  return anchoring !== undefined && /[*\\\]?$^[()+]/.test(s) && regexAllowsAnyOrigin(s, anchoring);
}

/** Classifies a folded origins value: a string or a list/tuple/set of strings. */
export function originsValueVerdict(v: PyValue, anchoring: RegexAnchoring | undefined): OriginsVerdict {
  if (v.t === "str") return entryIsWildcard(v.v, anchoring) ? "wildcard" : "specific";
  const items = asItems(v);
  if (!items) return "unknown";
  return items.some((i) => i.t === "str" && entryIsWildcard(i.v, anchoring)) ? "wildcard" : "specific";
}

/**
 * Classifies an origins expression. `anchoring` says whether strings are also tried as regexes
 * (flask-cors); for Starlette's `allow_origins` only the literal `"*"` counts.
 */
export function originsVerdict(model: FileModel, node: PyNode | null | undefined, anchoring: RegexAnchoring | undefined, depth = 0): OriginsVerdict {
  const n = unparen(node ?? null);
  if (!n || depth > 6) return "unknown";
  const v = model.constant(n);
  if (v) return originsValueVerdict(v, anchoring);
  if (n.type === "list" || n.type === "tuple" || n.type === "set") {
    // `[settings.FRONTEND_URL, "*"]`: one constant wildcard is enough
    const any = n.namedChildren.some((c) => originsVerdict(model, c, anchoring, depth + 1) === "wildcard");
    return any ? "wildcard" : "unknown";
  }
  if (n.type === "call" && model.qualifiedName(n.get("function")) === "re.compile" && anchoring) {
    const pattern = constString(model, model.arg(n, 0, "pattern"));
    if (pattern === undefined) return "unknown";
    return regexAllowsAnyOrigin(pattern, anchoring) ? "wildcard" : "specific";
  }
  if (n.type === "identifier") {
    const sources = valueSources(model, n).filter((s) => s !== n);
    const verdicts = sources.map((s) => originsVerdict(model, s, anchoring, depth + 1));
    if (verdicts.includes("wildcard")) return "wildcard";
    return verdicts.length > 0 && verdicts.every((x) => x === "specific") ? "specific" : "unknown";
  }
  return "unknown";
}

/** True when a constant regex expression admits any origin. */
export function regexNodeAllowsAnyOrigin(model: FileModel, node: PyNode | null | undefined, anchoring: RegexAnchoring): boolean {
  const pattern = constString(model, node);
  return pattern !== undefined && regexAllowsAnyOrigin(pattern, anchoring);
}
