/**
 * Catastrophic backtracking in a constant regular expression (ReDoS): a repetition whose body can
 * match the same text in more than one way, so that a backtracking engine such as Python's `re`
 * tries exponentially many ways of splitting a text that fails to match.
 *
 * Reported shapes, judged on character sets (ASCII classes; anything outside ASCII is one class):
 * - `(B)*` / `(B)+` / `(B){n,}` where `B` contains an unbounded repetition `R` (`a+`, `\w*`) followed in
 *   `B` only by optional items, and a character `R` consumes can also begin `B`: the end of one
 *   iteration can be given to the next (`(a+)+`, `(\w+\s?)*`, `(a\w*)*`).
 * - `(… (A1|A2|…) …)*` where two alternatives of an alternation in the body can begin with the same
 *   character and one's characters are all characters of the other (`(a|aa)+`, `(,(\d+|\w+))*`).
 * - `(X R Y)*` where `R` is an unbounded repetition and `Y` (not only optional items) and `X` can be
 *   made of characters `R` consumes: `R` can swallow the boundary between two iterations (`(.*,)*`,
 *   `(([a-z])+.)+`).
 * In all, something after the repetition must be able to fail (`$`, more pattern, or a full match),
 * else the first split tried succeeds. Possessive quantifiers, atomic groups and patterns the
 * parser does not know (back-references, conditionals) are not reported.
 */
import { ownString } from "../own-string.js";

/** A set of characters: 128 ASCII bits, then one bit each for letters, digits, spaces and anything else outside ASCII. */
type CharSet = bigint;
const NONASCII_LETTER = 1n << 128n;
const NONASCII_DIGIT = 1n << 129n;
const NONASCII_SPACE = 1n << 130n;
const NONASCII_OTHER = 1n << 131n;
const NONASCII = NONASCII_LETTER | NONASCII_DIGIT | NONASCII_SPACE | NONASCII_OTHER;
const ALL: CharSet = (1n << 132n) - 1n;

function range(a: number, b: number): CharSet {
  let s = 0n;
  for (let c = a; c <= b && c < 128; c++) s |= 1n << BigInt(c);
  return s;
}
function chr(c: string): CharSet {
  const code = c.codePointAt(0) ?? 0;
  return code < 128 ? 1n << BigInt(code) : NONASCII_LETTER;
}
const DIGIT = range(48, 57) | NONASCII_DIGIT;
const WORD = range(48, 57) | range(65, 90) | range(97, 122) | chr("_") | NONASCII_LETTER | NONASCII_DIGIT;
const SPACE = chr(" ") | range(9, 13) | NONASCII_SPACE;
const DOT = ALL & ~chr("\n");

function fold(s: CharSet): CharSet {
  const upper = (s >> 65n) & ((1n << 26n) - 1n);
  const lower = (s >> 97n) & ((1n << 26n) - 1n);
  const both = upper | lower;
  return s | (both << 65n) | (both << 97n);
}

type Node =
  | { k: "set"; set: CharSet }
  | { k: "seq"; items: Node[] }
  | { k: "alt"; alts: Node[] }
  | { k: "rep"; body: Node; min: number; max: number; possessive: boolean }
  | { k: "assert"; canFail: boolean }
  | { k: "atomic"; body: Node };

class Unsupported extends Error {}

class Parser {
  private i = 0;
  ignoreCase = false;
  constructor(private readonly src: string) {}

  parse(): Node {
    const n = this.alternation();
    if (this.i < this.src.length) throw new Unsupported();
    return n;
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }

  private alternation(): Node {
    const alts: Node[] = [this.sequence()];
    while (this.peek() === "|") {
      this.i++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? alts[0]! : { k: "alt", alts };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === "|" || c === ")") break;
      let atom = this.atom();
      if (atom === null) continue;
      atom = this.quantified(atom);
      items.push(atom);
    }
    return { k: "seq", items };
  }

  private quantified(atom: Node): Node {
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === "*") [min, max] = [0, Infinity];
      else if (c === "+") [min, max] = [1, Infinity];
      else if (c === "?") [min, max] = [0, 1];
      else if (c === "{") {
        const m = /^\{(\d*)(,(\d*))?\}/.exec(this.src.slice(this.i));
        if (!m || (m[1] === "" && m[2] === undefined)) return atom;
        min = m[1] === "" ? 0 : Number(m[1]);
        max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
        this.i += m[0].length - 1;
      } else return atom;
      this.i++;
      let possessive = false;
      if (this.peek() === "?") this.i++;
      else if (this.peek() === "+") {
        this.i++;
        possessive = true;
      }
      if (atom.k === "assert") continue;
      atom = { k: "rep", body: atom, min, max, possessive };
    }
  }

  private atom(): Node | null {
    const c = this.src[this.i++]!;
    switch (c) {
      case "(":
        return this.group();
      case "[":
        return this.charClass();
      case ".":
        return { k: "set", set: DOT };
      case "^":
        return { k: "assert", canFail: true };
      case "$":
        return { k: "assert", canFail: true };
      case "\\":
        return this.escape(false) as Node;
      default:
        return { k: "set", set: this.cased(chr(c)) };
    }
  }

  private cased(s: CharSet): CharSet {
    return this.ignoreCase ? fold(s) : s;
  }

  private group(): Node | null {
    let atomic = false;
    if (this.peek() === "?") {
      this.i++;
      const c = this.src[this.i++];
      if (c === ":") {
        /* plain group */
      } else if (c === "P" && this.peek() === "<") {
        const end = this.src.indexOf(">", this.i);
        if (end < 0) throw new Unsupported();
        this.i = end + 1;
      } else if (c === "=" || c === "!") {
        this.alternation();
        this.expect(")");
        return { k: "assert", canFail: true };
      } else if (c === "<" && (this.peek() === "=" || this.peek() === "!")) {
        this.i++;
        this.alternation();
        this.expect(")");
        return { k: "assert", canFail: true };
      } else if (c === ">") atomic = true;
      else if (c === "#") {
        const end = this.src.indexOf(")", this.i);
        if (end < 0) throw new Unsupported();
        this.i = end + 1;
        return null;
      } else if (c !== undefined && /[aiLmsux-]/.test(c)) {
        // inline flags `(?i)` or scoped `(?i:...)`
        const m = /^[aiLmsux-]*/.exec(this.src.slice(this.i - 1))![0];
        this.i += m.length - 1;
        if (m.includes("x")) throw new Unsupported();
        if (m.includes("i") && !m.includes("-")) this.ignoreCase = true;
        if (this.peek() === ")") {
          this.i++;
          return null;
        }
        this.expect(":");
      } else throw new Unsupported();
    }
    const body = this.alternation();
    this.expect(")");
    return atomic ? { k: "atomic", body } : body;
  }

  private expect(c: string): void {
    if (this.src[this.i] !== c) throw new Unsupported();
    this.i++;
  }

  /** After a backslash: a set, or an assertion outside a class. */
  private escape(inClass: boolean): Node | CharSet {
    const c = this.src[this.i++];
    if (c === undefined) throw new Unsupported();
    const set = (s: CharSet): Node | CharSet => (inClass ? s : { k: "set", set: s });
    switch (c) {
      case "d":
        return set(DIGIT);
      case "D":
        return set(ALL & ~DIGIT);
      case "w":
        return set(WORD);
      case "W":
        return set(ALL & ~WORD);
      case "s":
        return set(SPACE);
      case "S":
        return set(ALL & ~SPACE);
      case "n":
        return set(chr("\n"));
      case "t":
        return set(chr("\t"));
      case "r":
        return set(chr("\r"));
      case "f":
        return set(chr("\f"));
      case "v":
        return set(chr("\v"));
      case "b":
        if (inClass) return chr("\b");
        return { k: "assert", canFail: true };
      case "B":
      case "A":
      case "Z":
        if (inClass) throw new Unsupported();
        return { k: "assert", canFail: true };
      case "x": {
        const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
        if (!m) throw new Unsupported();
        this.i += 2;
        return set(this.cased(chr(String.fromCharCode(parseInt(m[0], 16)))));
      }
      case "u":
      case "U":
      case "N": {
        const m = (c === "u" ? /^[0-9a-fA-F]{4}/ : c === "U" ? /^[0-9a-fA-F]{8}/ : /^\{[^}]*\}/).exec(this.src.slice(this.i));
        if (!m) throw new Unsupported();
        this.i += m[0].length;
        const code = c === "N" ? 0x80 : parseInt(m[0], 16);
        return set(code < 128 ? this.cased(chr(String.fromCharCode(code))) : NONASCII);
      }
      default:
        if (/[0-9]/.test(c)) throw new Unsupported();
        return set(this.cased(chr(c)));
    }
  }

  private charClass(): Node {
    let negate = false;
    if (this.peek() === "^") {
      negate = true;
      this.i++;
    }
    let s: CharSet = 0n;
    let first = true;
    for (;;) {
      const c = this.src[this.i++];
      if (c === undefined) throw new Unsupported();
      if (c === "]" && !first) break;
      first = false;
      let lo: CharSet;
      let loChar: string | undefined;
      if (c === "\\") {
        const e = this.escape(true) as CharSet;
        lo = e;
        const prev = this.src[this.i - 1]!;
        loChar = /[dDwWsSuUN]/.test(prev) ? undefined : String.fromCodePoint(Number(this.singleCode(e)));
      } else {
        lo = chr(c);
        loChar = c;
      }
      if (loChar !== undefined && this.peek() === "-" && this.src[this.i + 1] !== "]" && this.src[this.i + 1] !== undefined) {
        this.i++;
        let hiChar = this.src[this.i++]!;
        if (hiChar === "\\") {
          const e = this.escape(true) as CharSet;
          hiChar = String.fromCodePoint(Number(this.singleCode(e)));
        }
        const a = loChar.codePointAt(0)!;
        const b = hiChar.codePointAt(0)!;
        s |= range(a, Math.min(b, 127)) | (b >= 128 ? NONASCII_LETTER | NONASCII_OTHER : 0n);
      } else s |= lo;
    }
    s = this.cased(s);
    // a class of ASCII characters leaves out every non-ASCII one; negated, it holds them all
    return { k: "set", set: negate ? ALL & ~s : s };
  }

  private singleCode(s: CharSet): bigint {
    for (let c = 0n; c < 128n; c++) if (s & (1n << c)) return c;
    return 0x80n;
  }
}

/** The shortest length a node matches is zero. */
function nullable(n: Node): boolean {
  switch (n.k) {
    case "set":
      return false;
    case "seq":
      return n.items.every(nullable);
    case "alt":
      return n.alts.some(nullable);
    case "rep":
      return n.min === 0 || nullable(n.body);
    case "assert":
      return true;
    case "atomic":
      return nullable(n.body);
  }
}

/** The characters a match of the node can begin with. */
function firstSet(n: Node): CharSet {
  switch (n.k) {
    case "set":
      return n.set;
    case "seq": {
      let s = 0n;
      for (const x of n.items) {
        s |= firstSet(x);
        if (!nullable(x)) break;
      }
      return s;
    }
    case "alt":
      return n.alts.reduce((s, a) => s | firstSet(a), 0n);
    case "rep":
    case "atomic":
      return firstSet(n.body);
    case "assert":
      return 0n;
  }
}

/** Every character a match of the node can contain. */
function allChars(n: Node): CharSet {
  switch (n.k) {
    case "set":
      return n.set;
    case "seq":
      return n.items.reduce((s, x) => s | allChars(x), 0n);
    case "alt":
      return n.alts.reduce((s, a) => s | allChars(a), 0n);
    case "rep":
    case "atomic":
      return allChars(n.body);
    case "assert":
      return 0n;
  }
}

/** The characters the unbounded repetitions at the end of `n` (followed only by optional items) consume. */
function trailingRepeatChars(n: Node): CharSet {
  switch (n.k) {
    case "seq": {
      let s = 0n;
      for (let i = n.items.length - 1; i >= 0; i--) {
        const x = n.items[i]!;
        s |= trailingRepeatChars(x);
        if (!nullable(x)) break;
      }
      return s;
    }
    case "alt":
      return n.alts.reduce((s, a) => s | trailingRepeatChars(a), 0n);
    case "rep":
      if (n.possessive) return 0n;
      return n.max === Infinity ? allChars(n.body) : trailingRepeatChars(n.body);
    default:
      return 0n;
  }
}

/** Whether the node can match some text (the empty text included) made only of characters in `within`. */
function matchesWithin(n: Node, within: CharSet): boolean {
  switch (n.k) {
    case "set":
      return (n.set & within) !== 0n;
    case "seq":
      return n.items.every((x) => matchesWithin(x, within));
    case "alt":
      return n.alts.some((a) => matchesWithin(a, within));
    case "rep":
      return n.min === 0 || matchesWithin(n.body, within);
    case "assert":
      return true;
    case "atomic":
      return matchesWithin(n.body, within);
  }
}

/**
 * Whether the body is a sequence `X R Y` with `R` an unbounded repetition of characters `C` where
 * what surrounds it, `Y` and the next iteration's `X`, can also be made of characters of `C`: then
 * `R` can swallow the end of its iteration and the beginning of the next (`(.*,)*`, `([a-z]+.)+`),
 * and a text of `C` characters splits into iterations in exponentially many ways.
 */
function repetitionSwallowsBoundary(body: Node): boolean {
  if (body.k !== "seq") return false;
  const items = body.items;
  for (let i = 0; i < items.length; i++) {
    const r = items[i]!;
    if (r.k !== "rep" || r.possessive || r.max !== Infinity) continue;
    const chars = allChars(r.body);
    const after = items.slice(i + 1);
    // a tail of optional items is the case `trailingRepeatChars` already judges
    if (after.every(nullable)) continue;
    if (after.every((x) => matchesWithin(x, chars)) && items.slice(0, i).every((x) => matchesWithin(x, chars))) return true;
  }
  return false;
}

/** Whether an unbounded repetition of `body` can split the same text into iterations in many ways. */
function ambiguousLoop(body: Node): boolean {
  if (nullable(body) && allChars(body) === 0n) return false;
  const first = firstSet(body);
  if (trailingRepeatChars(body) & first) return true;
  if (repetitionSwallowsBoundary(body)) return true;
  return hasAmbiguousAlternation(body);
}

/** An alternation (not inside an atomic group) two of whose alternatives can match the same text: each iteration doubles the ways. */
function hasAmbiguousAlternation(n: Node): boolean {
  switch (n.k) {
    case "seq":
      return n.items.some(hasAmbiguousAlternation);
    case "rep":
      return !n.possessive && hasAmbiguousAlternation(n.body);
    case "alt":
      for (let i = 0; i < n.alts.length; i++) {
        for (let j = i + 1; j < n.alts.length; j++) {
          const a = n.alts[i]!;
          const b = n.alts[j]!;
          if (!(firstSet(a) & firstSet(b))) continue;
          const ca = allChars(a);
          const cb = allChars(b);
          if ((ca & ~cb) === 0n || (cb & ~ca) === 0n) return true;
        }
      }
      return n.alts.some(hasAmbiguousAlternation);
    default:
      return false;
  }
}

/**
 * Whether the node holds an ambiguous unbounded loop that is followed by something that can fail
 * (`tailCanFail`: what comes after the node in the whole pattern can fail).
 */
function vulnerable(n: Node, tailCanFail: boolean): boolean {
  switch (n.k) {
    case "seq":
      for (let i = 0; i < n.items.length; i++) {
        const rest = n.items.slice(i + 1);
        const restCanFail = tailCanFail || rest.some((x) => !nullable(x) || (x.k === "assert" && x.canFail));
        if (vulnerable(n.items[i]!, restCanFail)) return true;
      }
      return false;
    case "alt":
      return n.alts.some((a) => vulnerable(a, tailCanFail));
    case "rep":
      if (n.possessive) return false;
      if (n.max === Infinity && tailCanFail && ambiguousLoop(n.body)) return true;
      return vulnerable(n.body, tailCanFail || n.min > 1);
    case "atomic":
    case "set":
    case "assert":
      return false;
  }
}

const CACHE = new Map<string, boolean>();

/**
 * Whether this constant pattern can backtrack catastrophically on a text that does not match.
 * `full`: the whole subject must match (`fullmatch`), so the end of the pattern can fail too.
 */
export function catastrophicBacktracking(pattern: string, full = false): boolean {
  const key = `${full ? "F" : "P"}${pattern}`;
  let known = CACHE.get(key);
  if (known === undefined) {
    try {
      const p = new Parser(pattern.length > 2000 ? "" : pattern);
      known = pattern.length <= 2000 && vulnerable(p.parse(), full);
    } catch {
      known = false;
    }
    if (CACHE.size > 5000) CACHE.clear();
    CACHE.set(ownString(key), known);
  }
  return known;
}
