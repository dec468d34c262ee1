/**
 * Known beginnings of strings. Text appended after a constant beginning such as
 * `https://api.example.com/` cannot change the scheme and host, so for some sink kinds (declared
 * as `FixedPrefixSpec` data) the appended part's taint does not matter. A string built by `+`,
 * an f-string, `%` or `str.format` remembers its beginning up to the first tainted part.
 */
import type { Frame } from "./frame.js";
import { restrict, type Taint } from "./labels.js";
import { isClean, type Val } from "./value.js";

/** Stands for a part of a beginning that is clean but not constant (a configured base URL). */
export const UNKNOWN_CLEAN = "\u0000";

/**
 * The known beginning of a value used as a string: its constant text, the beginning it carries,
 * or UNKNOWN_CLEAN for a clean value of unknown text; undefined for tainted text with no known
 * beginning and for containers.
 */
export function beginning(v: Val): string | undefined {
  if (v.seq) return undefined;
  if (v.pre !== undefined) return v.pre;
  if (isClean(v)) {
    if (v.c?.t === "str" || v.c?.t === "bytes") return v.c.v;
    if (v.c?.t === "int") return String(v.c.v);
    return UNKNOWN_CLEAN;
  }
  return undefined;
}

/** The taint of text appended after `head`: kinds a fixed beginning neutralises are cleared. */
export function afterPrefix(f: Frame, head: string | undefined, t: Taint): Taint {
  if (head === undefined || t.length === 0) return t;
  let cleared = 0;
  for (const p of f.knowledge.fixedPrefixes) if (p.re.test(head)) cleared |= p.mask;
  return cleared ? restrict(t, ~cleared) : t;
}

/** A tainted string value that starts with `head`: its taint as seen after that beginning, remembering it. */
export function startingWith(f: Frame, head: string, t: Taint): Val {
  return { t: afterPrefix(f, head, t), pre: head };
}

/** The literal text of a printf-style (`%`) or `str.format` (`{`) template before its first field. */
export function templateHead(template: string, open: "%" | "{"): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch === open || (open === "{" && ch === "}")) {
      if (template[i + 1] !== ch) return out;
      i++;
    }
    out += ch;
  }
  return out;
}
