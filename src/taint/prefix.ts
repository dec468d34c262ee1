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
 * The text of a value used as a string, as far as it is known: its constant text, or the text it
 * carries (`pre`), or UNKNOWN_CLEAN; undefined for containers. An unknown part is written as
 * UNKNOWN_CLEAN even when tainted: the value's own labels still carry that taint, only what is
 * appended after it is judged by this text.
 */
export function beginning(v: Val): string | undefined {
  if (v.seq) return undefined;
  if (v.pre !== undefined) return v.pre;
  if (isClean(v) && (v.c?.t === "str" || v.c?.t === "bytes")) return v.c.v;
  if (isClean(v) && v.c?.t === "int") return String(v.c.v);
  return UNKNOWN_CLEAN;
}

/**
 * Characters that decide how a URL or path is read, standing for every character a value may
 * begin with: a beginning that matches a pattern followed by each of them not excluded is fixed
 * whatever the value holds.
 */
const PROBES = ["/", "\\", ":", "?", "#", "@", ".", "%", "-", "_", "~", " ", "a", "0", UNKNOWN_CLEAN];

/**
 * The taint of text appended after `head`: kinds a fixed beginning neutralises are cleared. `hole`
 * is the appended value: characters it is known not to begin with (`not x.startswith("/")`) can
 * complete a beginning (`"/" + x` fixes the host when `x` starts with neither `/` nor `\`).
 */
export function afterPrefix(f: Frame, head: string | undefined, t: Taint, hole?: Val): Taint {
  if (head === undefined || t.length === 0) return t;
  let cleared = 0;
  const notFirst = hole ? excludedStarts(hole) : [];
  for (const p of f.knowledge.fixedPrefixes) {
    if (p.re.test(head) || (notFirst.length > 0 && PROBES.every((c) => notFirst.includes(c) || p.re.test(head + c)))) cleared |= p.mask;
  }
  return cleared ? restrict(t, ~cleared) : t;
}

/** Single characters a value cannot begin with: `^c` exclusions, and characters it holds nowhere. */
function excludedStarts(v: Val): string[] {
  return (v.ex ?? []).flatMap((x) => (x.length === 2 && x[0] === "^" ? [x[1]!] : x.length === 1 ? [x] : []));
}

/** A string whose text is `head` followed by unknown text carrying `t`: `t` as seen after `head`. */
export function startingWith(f: Frame, head: string, t: Taint): Val {
  return { t: afterPrefix(f, head, t), pre: head + UNKNOWN_CLEAN };
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
