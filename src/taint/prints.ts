/**
 * Prints of function summaries, for the analysis cache (see `RootOutcome.via` and docs/architecture.md, "a changed
 * helper whose summaries are the same"). The print of a summary of an outermost definition of file P digests what a
 * caller gets from asking for it: the summary itself (return value, sink hits, effects on parameters, validations,
 * decisive and typed parameters) and everything its computation did, its callees' included (the summary's effect frame,
 * each frame in order: findings, responses, sink constancy, notices, files loaded, parts read, shared state read,
 * specialisations asked for, recursion, nesting). Positions of P are left out where they come with P's path (a trace
 * step's or sink site's region, a source's line), so that a statement added above them does not change the print; an
 * offset of P without its path (an allocation site or source key `P:offset`, a specialisation key) is renamed: inside
 * the definition by its rank among those the print met, elsewhere by its part and rank among the part's node starts,
 * with that part's digest (`Printer.position`). A summary has no print when its value is not plain data (a function
 * value holds a syntax node), when its effects name P otherwise (a finding, notice or response there), when it depended
 * on what asked for it (recursion through a frame above it, a limit, a closure), or when it wrote shared state or read
 * what a root of its shard wrote.
 *
 * Prints are made lazily (session 20): a scan that fills the cache only records which summaries two roots or more read
 * through them alone (`SummaryBasis`: the key and the constant arguments) and the text of their definitions
 * (`DefinitionText`); the rescan after an edit prints each summary a kept root needs twice, on the old text (the new
 * one with the edited definitions' old texts put back, see scan.ts) and on the new one, and compares the two.
 *
 * Why a caller's outcome that names no place in P is the same when a changed definition's summaries print the same:
 * the caller received equal values, apart from regions of P, and its computation the same effects in the same order;
 * regions of P reach an outcome only with P's path (which `names` in scan-cache.ts looks for), and are compared only
 * with regions of P (a sink hit's site, a finding's key), which stay distinct from each other in both texts.
 */
import type { EffectFrame } from "./analyzer.js";
import type { Summary } from "./summary.js";
import { digest, type FileParts } from "../model/parts.js";

function binarySearch(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A summary a later scan may print (see `ScanCache.partialShard`): `path\0ordinal\0suffix` (its outermost definition and
 * specialisation) and the constant arguments of a specialised one (v8).
 */
export type SummaryBasis = [key: string, spec?: Uint8Array];

/** The text of an outermost definition when its summaries were computed: path, ordinal, text (its span's). */
export type DefinitionText = [path: string, ordinal: number, text: string];

/**
 * What a print depends on besides the summary: the shared state the shard's roots wrote (a summary that read some of it
 * has no print), and the filter of sink constancy entries a root's outcome keeps (`RootOutcome.constancy`: the others
 * reach no outcome, so the print leaves them out too).
 */
export interface PrintContext {
  writes: ReadonlySet<string>;
  keep: (entries: [string, boolean][]) => [string, boolean][];
}

/** The file of a printed summary, as the printer needs it: its parts and the start offsets of its nodes. */
export interface PrintedFile {
  path: string;
  parts: FileParts;
  /** The sorted distinct start offsets of the nodes of part `k` (-1: the outline), computed when first asked. */
  starts(k: number): readonly number[];
}

/** A summary that cannot be printed (see the module comment). */
class Unprintable extends Error {}

/** Characters of canonical text a print may reach before the summary is left unprinted (a cost bound, never a result). */
const MAX_PRINT_TEXT = 1 << 21;

/** The print of a summary computed for an outermost definition of `path` (see the module comment), or undefined. */
export function summaryPrint(file: PrintedFile, ordinal: number, summary: Summary, frame: EffectFrame, ctx: PrintContext): { print: string; local: boolean; reads: string[] } | undefined {
  try {
    const p = new Printer(file, ordinal, ctx);
    const text = `${p.value(summary, false)}\u0001${p.frame(frame, [])}\u0001${p.referenced()}`;
    return { print: digest(text), local: p.local, reads: [...p.globalReads].sort() };
  } catch (err) {
    // a value nested too deep for the stack is left unprinted too
    if (err instanceof Unprintable || err instanceof RangeError) return undefined;
    throw err;
  }
}

class Printer {
  private readonly loose = new Map<object, string>();
  private readonly strict = new Map<object, string>();
  /** Frames printed, those whose cycles all close inside them (the text of the others depends on the frames above). */
  private readonly frames = new Map<EffectFrame, string>();
  private size = 0;
  private readonly path: string;
  /** Positions of the definition itself, renamed in order of first appearance. */
  private readonly own = new Map<number, number>();
  /**
   * The file's module globals read (`globals\0path\0name`): left out of the print, since a caller that keeps its outcome
   * takes them into its reads (a superset of what a new analysis would read: see `ScanCache.partialShard`).
   */
  readonly globalReads = new Set<string>();
  /** Parts of the file other than the definition whose positions the print holds (-1: the outline). */
  private readonly others = new Set<number>();

  constructor(
    private readonly file: PrintedFile,
    /** The outermost definition printed (its ordinal in the file). */
    private readonly ordinal: number,
    private readonly ctx: PrintContext,
  ) {
    this.path = file.path;
  }

  /** Some position of the definition itself was renamed. */
  get local(): boolean {
    return this.own.size > 0;
  }

  /**
   * A position of the file (an allocation site's or a source's offset) as the print holds it: inside the definition, its
   * rank among the positions the print met there (the definition changed, so nothing else can tie old and new ones);
   * elsewhere, its part and its rank among the starts of the part's nodes, which a part digested the same keeps.
   */
  private position(offset: number): string {
    const [from, to] = this.file.parts.spans[this.ordinal]!;
    if (offset >= from && offset < to) {
      let k = this.own.get(offset);
      if (k === undefined) this.own.set(offset, (k = this.own.size));
      return `@${k}`;
    }
    const part = this.file.parts.spans.findIndex(([a, b]) => offset >= a && offset < b);
    const rank = binarySearch(this.file.starts(part), offset);
    if (rank < 0) throw new Unprintable();
    this.others.add(part);
    return `${part}#${rank}`;
  }

  /** The digests of the other parts whose positions the print holds: a print of the same text names the same nodes. */
  referenced(): string {
    return [...this.others]
      .sort((a, b) => a - b)
      .map((k) => `${k}=${k < 0 ? this.file.parts.outline : this.file.parts.defs[k]}`)
      .join(",");
  }

  /**
   * Canonical text of a plain value. `strict`: any mention of the file is refused (effects); else a `path` equal to the
   * file's is kept and its object's `region` and `line` left out, and any other mention of the file refused.
   */
  value(v: unknown, strict: boolean): string {
    switch (typeof v) {
      case "string":
        if (v.includes(this.path)) {
          // an allocation site or a source key of the file (`path:offset[:label]`), outside effects
          const m = !strict && v.startsWith(`${this.path}:`) ? /^(\d+)(.*)$/s.exec(v.slice(this.path.length + 1)) : null;
          if (!m || m[2]!.includes(this.path)) throw new Unprintable();
          return JSON.stringify(`P:${this.position(Number(m[1]))}${m[2]}`);
        }
        return JSON.stringify(v);
      case "number":
        return Number.isNaN(v) ? "NaN" : String(v);
      case "boolean":
        return v ? "T" : "F";
      case "undefined":
        return "U";
      case "bigint":
        return `${v}n`;
      case "object":
        break;
      default:
        throw new Unprintable();
    }
    if (v === null) return "N";
    const memo = strict ? this.strict : this.loose;
    const have = memo.get(v);
    if (have !== undefined) return have;
    let out: string;
    if (Array.isArray(v)) out = `[${v.map((x) => this.value(x, strict)).join(",")}]`;
    else if (v instanceof Map) out = `M{${[...v].map(([k, x]) => `${this.value(k, strict)}:${this.value(x, strict)}`).join(",")}}`;
    else if (v instanceof Set) out = `S{${[...v].map((x) => this.value(x, strict)).join(",")}}`;
    else {
      const proto = Object.getPrototypeOf(v) as unknown;
      // a syntax node, a model, anything but plain data: positions and identities it holds cannot be compared
      if (proto !== Object.prototype && proto !== null) throw new Unprintable();
      const rec = v as Record<string, unknown>;
      const own = !strict && rec.path === this.path;
      const parts: string[] = [];
      for (const k of Object.keys(rec)) {
        if (own && (k === "region" || k === "line" || k === "path")) {
          if (k === "path") parts.push("path:P");
          continue;
        }
        parts.push(`${JSON.stringify(k)}:${this.value(rec[k], strict)}`);
      }
      out = `{${parts.join(",")}}`;
    }
    this.size += out.length;
    if (this.size > MAX_PRINT_TEXT) throw new Unprintable();
    // a long value (a trace many labels share) is held by its digest, likewise
    const held = out.length > 256 ? `#${digest(out)}` : out;
    memo.set(v, held);
    return held;
  }

  /** Whether a frame's only effect is a read of the file's outline (see `frame`). */
  private inert(f: EffectFrame): boolean {
    if (f.items.length > 0 || f.cut || f.hard || f.tainted || f.height > 0 || f.closures.length > 0 || f.writes.size > 0 || f.reads.size > 0 || f.loaded.size > 0) return false;
    if (f.notices.size > 0 || f.responses.size > 0 || f.specs.size > 0 || f.cover?.ordinal !== undefined || this.ctx.keep([...f.constancy]).length > 0) return false;
    for (const [p, used] of f.uses) if (p !== this.path || used.size > 0) return false;
    return true;
  }

  /**
   * Canonical text of an effect frame and the frames in it, in order; `above`, the frames it was reached from, nearest
   * last, the printed summary's first. Recursion (a summary asked for while it is computed) is printed as how far up
   * that frame is: a cycle that closes inside the printed summary's frames comes out the same wherever the summary is
   * computed, while one through a frame above it depends on what asked for the summary (not printable).
   */
  frame(f: EffectFrame, above: readonly EffectFrame[]): string {
    const have = this.frames.get(f);
    if (have !== undefined) return have;
    if (f.hard || f.closures.length > 0 || f.tainted || f.writes.size > 0) throw new Unprintable();
    const path = [...above, f];
    let open = false;
    const cycles = (f.cycles ?? []).map((target) => {
      const at = path.lastIndexOf(target);
      if (at < 0) throw new Unprintable();
      if (at < path.length - 1) open = true;
      return path.length - 1 - at;
    });
    for (const key of f.reads) if (this.ctx.writes.has(key)) throw new Unprintable();
    const own = `globals\0${this.path}\0`;
    const reads: string[] = [];
    for (const key of f.reads) {
      if (key.startsWith(own)) this.globalReads.add(key);
      else reads.push(key);
    }
    // a frame that did nothing but read the file's outline (its module environment met again) adds nothing to a caller
    // that read the definition: left out, so that a new read of a module constant does not change the print
    const items = f.items.flatMap((item) => {
      if (!("items" in item)) return [this.value(item, true)];
      if (this.inert(item)) return [];
      const text = this.frame(item, path);
      if (!this.frames.has(item)) open = true;
      return [`F(${text})`];
    });
    const sorted = (s: Iterable<string>) => JSON.stringify([...s].sort());
    const parts = (m: ReadonlyMap<string, ReadonlySet<number>>) =>
      JSON.stringify(
        [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, used]) => [p, [...used].sort((a, b) => a - b)]),
      );
    const out = [
      items.join(";"),
      // a sink of the file evaluated (`path\0kind\0line:column`): by its kind, without its place (an outcome holding
      // it names the file, see the module comment)
      this.value(
        this.ctx.keep([...f.constancy]).map(([key, c]) => (key.startsWith(`${this.path}\0`) ? `P\0${key.slice(this.path.length + 1, key.lastIndexOf("\0"))}\0${c ? 1 : 0}` : `${this.value(key, true)}\0${c ? 1 : 0}`)).sort(),
        false,
      ),
      this.value([...f.notices].sort(), true),
      this.value([...f.responses].sort(), true),
      // specialised summaries asked for (`path:start|...`): a start in the file as any position of it
      this.value([...f.specs].sort(), false),
      JSON.stringify(cycles),
      // files and shared-state keys name the file without a position
      sorted(f.loaded),
      sorted(reads),
      // the definitions read directly, and the frame's own (read through its summary), by ordinal
      parts(f.uses),
      f.cover?.ordinal === undefined ? "" : `${f.cover.path === this.path ? "P" : f.cover.path}#${f.cover.ordinal}`,
      String(f.height),
    ].join("|");
    this.size += out.length;
    if (this.size > MAX_PRINT_TEXT) throw new Unprintable();
    // a frame met again (a summary many others call) is held by its digest: the text grows with the distinct frames only
    const held = digest(out);
    if (!open) this.frames.set(f, held);
    return held;
  }
}
