/**
 * Taint labels and their traces. A label says where a value came from — a real source, or a
 * parameter of the function being summarised (with an access path below it) — which sink kinds
 * it is still dangerous for, and one compact trace of how it got here.
 */
import type { FlowStep, Region } from "../types.js";

export interface TraceStep {
  path: string;
  region: Region;
  message: string;
  kind: FlowStep["kind"];
}

/** A trace as a persistent linked list, newest step first; `len` counts the steps. */
export interface Trace {
  readonly step: TraceStep;
  readonly prev: Trace | null;
  readonly len: number;
}

/** Traces stop growing past this many steps (the source and the sink are always kept). */
const MAX_TRACE = 40;

/** Appends a step to a trace (repeated steps and steps past the length limit are dropped). */
export function extendTrace(trace: Trace | null, step: TraceStep): Trace {
  if (trace && trace.len >= MAX_TRACE) return trace;
  if (trace && sameStep(trace.step, step)) return trace;
  return { step, prev: trace, len: (trace?.len ?? 0) + 1 };
}

function sameStep(a: TraceStep, b: TraceStep): boolean {
  return a.path === b.path && a.region.startLine === b.region.startLine && a.region.startColumn === b.region.startColumn && a.message === b.message;
}

/** Steps oldest first. */
export function traceSteps(trace: Trace | null): TraceStep[] {
  const out: TraceStep[] = [];
  for (let t = trace; t; t = t.prev) out.push(t.step);
  return out.reverse();
}

/** Appends every step of `tail` (oldest first) after `head`. */
export function concatTrace(head: Trace | null, tail: Trace | null): Trace | null {
  if (!tail) return head;
  let out = head;
  for (const s of traceSteps(tail)) out = extendTrace(out, s);
  return out;
}

/** A real source occurrence. */
export interface SourceInfo {
  /** Unique per source occurrence (path, offset, label). */
  key: string;
  label: string;
  path: string;
  line: number;
  /** A lower-precision local source (command line, environment, console). */
  local: boolean;
  /** A parameter of a public function, a source only in library mode (lower level and precision). */
  parameter?: boolean;
  /** Sink kinds (a mask) whose findings from this source are reported as notes (`SourceSpec.noteKinds`). */
  notes?: number;
}

export interface Label {
  /** The real source, or null for a parameter label. */
  readonly src: SourceInfo | null;
  /** Parameter index for a parameter label, -1 for a real source. */
  readonly param: number;
  /** Access path below the parameter (`.name`, `[0]`, `["k"]`, `[*]`), "" for the parameter itself. */
  readonly ppath: string;
  /** Sink kinds (bits) this value is still dangerous for. */
  readonly mask: number;
  readonly trace: Trace | null;
  readonly key: string;
}

export type Taint = readonly Label[];
export const CLEAN: Taint = [];

/** Labels kept per value; beyond it the longest traces are dropped (their kinds are kept). */
const MAX_LABELS = 12;

/** A label for a real source occurrence. */
export function sourceLabel(src: SourceInfo, mask: number, trace: Trace): Label {
  return { src, param: -1, ppath: "", mask, trace, key: src.key };
}

/** A symbolic label for (an access path below) a parameter of the summarised function. */
export function paramLabel(index: number, ppath: string, mask: number, trace: Trace | null = null): Label {
  return { src: null, param: index, ppath, mask, trace, key: `p${index}${ppath}` };
}

function better(a: Label, b: Label): Label {
  // keep one trace: the one that is dangerous for more kinds, else the shorter
  if (a.mask !== b.mask && (a.mask | b.mask) === b.mask) return b;
  if (a.mask !== b.mask && (a.mask | b.mask) === a.mask) return a;
  return (b.trace?.len ?? 0) < (a.trace?.len ?? 0) ? b : a;
}

function mergeLabel(a: Label, b: Label): Label {
  const keep = better(a, b);
  const mask = a.mask | b.mask;
  return mask === keep.mask ? keep : { ...keep, mask };
}

/** The union of two label sets; one label per origin, dangerous for the kinds of both. */
export function union(a: Taint, b: Taint): Taint {
  if (b.length === 0 || a === b) return a;
  if (a.length === 0) return b;
  let out: Label[] | null = null;
  for (const l of b) {
    const arr = out ?? a;
    const i = keyIndex(arr, l.key);
    if (i >= 0) {
      const m = mergeLabel(arr[i]!, l);
      if (m !== arr[i]) {
        out ??= [...a];
        out[i] = m;
      }
    } else {
      out ??= [...a];
      out.push(l);
    }
  }
  if (!out) return a;
  if (out.length > MAX_LABELS) {
    out.sort((x, y) => (x.trace?.len ?? 0) - (y.trace?.len ?? 0));
    const dropped = out.splice(MAX_LABELS);
    // a dropped label's kinds go to a kept label of the same nature (a source, or a parameter of the
    // summarised function): a parameter's kinds must not make a source label reportable for kinds its
    // source is not dangerous for; without a kept label of its nature the dropped one stays
    for (const d of dropped) {
      const i = out.findIndex((l) => (l.src === null) === (d.src === null));
      if (i >= 0) out[i] = { ...out[i]!, mask: out[i]!.mask | d.mask };
      else out.push(d);
    }
  }
  return out;
}

/** The position of the label with `key` in `t`, or -1 (a plain loop: this runs for every label of every union). */
function keyIndex(t: Taint, key: string): number {
  for (let i = 0; i < t.length; i++) if (t[i]!.key === key) return i;
  return -1;
}

/** The labels of real sources (parameter labels dropped); `t` itself when it has no parameter label. */
export function sourcesOnly(t: Taint): Taint {
  for (const l of t) if (l.src === null) return t.filter((x) => x.src !== null);
  return t;
}

/** Keeps only the given kinds; labels dangerous for nothing are dropped. */
export function restrict(t: Taint, keep: number): Taint {
  if (t.length === 0) return t;
  let changed = false;
  const out: Label[] = [];
  for (const l of t) {
    const mask = l.mask & keep;
    if (mask !== l.mask) changed = true;
    if (mask !== 0) out.push(mask === l.mask ? l : { ...l, mask });
  }
  return changed ? out : t;
}

/** Makes labels dangerous again for `kinds`. */
export function restore(t: Taint, kinds: number): Taint {
  if (t.length === 0 || kinds === 0) return t;
  return t.map((l) => ((l.mask | kinds) === l.mask ? l : { ...l, mask: l.mask | kinds }));
}

/** Appends a step to every label's trace. */
export function addStep(t: Taint, step: TraceStep): Taint {
  if (t.length === 0) return t;
  return t.map((l) => ({ ...l, trace: extendTrace(l.trace, step) }));
}

/**
 * Each label set's refinements by segment, remembered: label sets are immutable, and the same set is narrowed to
 * the same attribute or index many times (every read of `p.name` in a loop's passes, of `self.x` in each method),
 * which built a new label per parameter label each time. A remembered answer is also the same array, so later
 * unions and fixpoint checks of it are instant. On the standard library's shard 60 % of the calls are answered so.
 */
const REFINED = new WeakMap<Taint, Map<string, Taint>>();

/** Narrows parameter labels to an access path below them (`p0` → `p0.name`). */
export function refine(t: Taint, segment: string): Taint {
  if (t.length === 0) return t;
  let bySegment = REFINED.get(t);
  const known = bySegment?.get(segment);
  if (known) return known;
  const out = refined(t, segment);
  if (!bySegment) REFINED.set(t, (bySegment = new Map()));
  bySegment.set(segment, out);
  return out;
}

function refined(t: Taint, segment: string): Taint {
  let changed = false;
  const out = t.map((l) => {
    if (l.param < 0 || segmentCount(l.ppath) >= 3) return l;
    changed = true;
    return { ...l, ppath: l.ppath + segment, key: `p${l.param}${l.ppath}${segment}` };
  });
  return changed ? out : t;
}

function segmentCount(ppath: string): number {
  let n = 0;
  for (const ch of ppath) if (ch === "." || ch === "[") n++;
  return n;
}

/** Splits an access path into segments: `.a[0]["k"]` → [".a", "[0]", "[\"k\"]"]. */
export function pathSegments(ppath: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < ppath.length) {
    if (ppath[i] === ".") {
      let j = i + 1;
      while (j < ppath.length && ppath[j] !== "." && ppath[j] !== "[") j++;
      out.push(ppath.slice(i, j));
      i = j;
    } else {
      // a bracket segment: find the matching `]` outside quotes
      let j = i + 1;
      let quote = "";
      for (; j < ppath.length; j++) {
        const ch = ppath[j]!;
        if (quote) {
          if (ch === "\\") j++;
          else if (ch === quote) quote = "";
        } else if (ch === "'" || ch === '"') quote = ch;
        else if (ch === "]") break;
      }
      out.push(ppath.slice(i, j + 1));
      i = j + 1;
    }
  }
  return out;
}

/** Same labels and masks (traces ignored): used for fixpoint checks. */
export function sameTaint(a: Taint, b: Taint): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (const l of a) {
    const i = keyIndex(b, l.key);
    if (i < 0 || b[i]!.mask !== l.mask) return false;
  }
  return true;
}
