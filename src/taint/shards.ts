/**
 * How phase 2 is cut into independent pieces, so that it can run on several threads, be cached, and
 * still give the same findings whatever the number of threads.
 *
 * - The files that can hold flows are sorted and cut into shards by their paths alone: a shard ends
 *   after a path whose hash is divisible by the target size (content-defined chunking), so adding or
 *   removing a file moves only the boundaries next to it, and files of one package mostly share a
 *   shard (and the summaries of the helpers they call).
 * - Each shard is analysed by its own Analyzer, from scratch: its findings depend on its files, the
 *   files it loads, the project index, and the shared state below — never on which thread ran it or
 *   what ran before it.
 * - What one function leaves for others (request data in module globals, on `self` of a class, in a
 *   request-scoped namespace such as `flask.g`) is the shared state. Shards run in rounds: every shard
 *   starts from the state the previous round ended with; a shard runs again only when a value it read
 *   was changed by another shard. Values crossing shards keep their taint and shape, not closures.
 */
import type { Notification, RawFinding } from "../types.js";
import type { SinkSite } from "./summary.js";
import { join, sameVal, type Val } from "./value.js";
import type { DefinitionText, SummaryBasis } from "./prints.js";

/** Average number of files per shard. */
export const SHARD_TARGET = 128;
/** Rounds of shards at most (the first one included). */
export const MAX_ROUNDS = 3;

export interface ShardPlan {
  /** Position in the plan: shards are merged in this order. */
  index: number;
  /** Sorted paths of the files the shard analyses. */
  paths: string[];
}

/** The state one shard leaves for others, by kind and key (see the module comment). */
export interface SharedState {
  /** Module globals written by functions: file path → name → value. */
  globals: Map<string, Map<string, Val>>;
  /** Request data methods stored on `self`: class → attribute → value. */
  instances: Map<string, Map<string, Val>>;
  /** Request-scoped namespaces (`flask.g`): type → attribute → value. */
  requests: Map<string, Map<string, Val>>;
}

/** One shard to analyse in one round, starting from `state` (absent in the first round). */
export interface ShardTask {
  shard: ShardPlan;
  round: number;
  state?: SharedState;
  /** Keep each root's outcome apart (`ShardOutcome.roots`), for the analysis cache. */
  roots?: boolean;
  /**
   * Make the second pass over the readers of what changed in the shared state even if no request data was written:
   * some of a shard's roots analysed again, when a root kept from the last scan made the whole shard's second pass.
   */
  secondPass?: boolean;
}

/** A response object created at a sink (by allocation site), and how views returned it. */
export interface ResponseUse {
  oid: string;
  site: SinkSite;
  /** Some view returned it as HTML. */
  html: boolean;
  /** Some view returned it with a non-HTML content type. */
  other: boolean;
}

export interface ShardOutcome {
  shard: number;
  round: number;
  /** Findings by file path (response bodies not yet withdrawn, see `responses`). */
  findings: [string, RawFinding[]][];
  responses: ResponseUse[];
  /** Per sink site, whether its dangerous arguments were constants in every evaluation. */
  sinkConstancy: [string, boolean][];
  notifications: Notification[];
  /** The shared state at the end of the shard (what it started from plus its own writes). */
  state: SharedState;
  /** Keys of the shared state the shard read (see `stateKey`). */
  reads: string[];
  /** Every file the shard loaded (its own and those holding functions it called). */
  loaded: string[];
  /**
   * What each of the shard's files (roots) did, in the shard's order, when asked for (`runShard`'s `roots`) and the
   * shard allows reusing them apart (see `RootOutcome`); `mergeRoots` of them gives this very outcome.
   */
  roots?: RootOutcome[];
  /**
   * With `roots`: the summaries of outermost definitions two roots or more read only through them, which a later scan may
   * print (with their constant arguments), and the text of their definitions (taint/prints.ts, `ScanCache.partialShard`).
   */
  bases?: SummaryBasis[];
  texts?: DefinitionText[];
}

/**
 * What analysing one root file of a shard did, its summaries' effects included even where they came from the
 * shard's memo (so that a root's outcome does not depend on which root computed a summary first). A shard whose
 * roots are merged in order (`mergeRoots`) gives the shard's outcome; an incremental rescan re-analyses only the
 * roots that loaded a changed file and reuses the others' (see `reusableRoots` and docs/architecture.md).
 */
export interface RootOutcome {
  path: string;
  /** Best finding per site path and key, in order of first report: site path, key, finding, trace length, from a parameter source. */
  findings: [string, string, RawFinding, number, boolean][];
  /** Responses created: object id, sink site, returned as HTML, returned as something else. */
  responses: [string, SinkSite, boolean, boolean][];
  constancy: [string, boolean][];
  notices: Notification[];
  loaded: string[];
  reads: string[];
  /** Keys of the shared state it wrote (see `stateKey`). */
  writes: string[];
  /**
   * The shared state only this root wrote, with its values at the end of the shard, in the order the shard first
   * wrote them (kind, owner, name, value): what it adds to the shard's state (see `rootsIndependent`).
   */
  state: [keyof SharedState, string, string, Val][];
  /** It wrote request data to the shared state (which makes a second pass over the readers). */
  tainted: boolean;
  /** It was analysed again in the shard's second pass (its outcome holds both analyses). */
  again: boolean;
  /** The shard it was analysed in made a second pass (see `passesAgree`). */
  secondPass: boolean;
  /** Specialised summaries it asked for. */
  specs: string[];
  /** Nesting of summaries it computed, at most. */
  height: number;
  /** Some part of it depended on the order of the shard's analyses (recursion, a limit, a closure). */
  dependent: boolean;
  /**
   * The parts of each loaded file its analysis read (see model/parts.ts): path, digest of the file's outline, the
   * ordinal and digest of each outermost definition it analysed (or asked `detectEndpoint` about), and the offsets of
   * every outermost definition of the file (`FileParts.spans`) and of every definition a summary can be keyed by
   * (`FileParts.anchors`). A loaded file without an entry counts as read whole.
   */
  uses?: [string, string, [number, string][], [number, number][], number[]][];
  /**
   * The outermost definitions of other files it read only through their own summaries, not directly (no decorator
   * wrapper, endpoint question or nested function of theirs): path, ordinal, and the specialisation suffix of each summary
   * of it reached (`""` for the generic one). When such a definition changed, the root is kept if each of those
   * summaries prints the same for the new text (taint/prints.ts).
   */
  via?: [string, number, string[]][];
}

/**
 * Whether roots' outcomes can be merged whatever roots ran before them in their shard, as far as the shared state
 * goes: each key of it is written by one root at most (its frames, summaries met again included), and no other root
 * read a key that one wrote. Request data written to the shared state makes a second pass over the summaries that
 * read a key before it changed — by the rule above, each writer's own — so the roots' outcomes stay apart; whether
 * that pass happens at all is the whole shard's business, though (some root wrote request data: `tainted`), so roots
 * analysed again apart from a root that made it make it too (`ShardTask.secondPass`). The shard's state is then the
 * roots' writes put together (`rootsState`).
 */
export function rootsIndependent(roots: readonly RootOutcome[]): boolean {
  return rootsConflict(roots) === undefined;
}

/** Why `rootsIndependent` does not hold (the first key and roots in the way), for the timing notes; undefined when it holds. */
export function rootsConflict(roots: readonly RootOutcome[]): string | undefined {
  const writer = new Map<string, number>();
  const said = (key: string) => key.replaceAll("\0", " ").trim();
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i]!;
    for (const key of r.writes ?? []) {
      const w = writer.get(key);
      if (w !== undefined) return `${said(key)} written by ${roots[w]!.path} and ${r.path}`;
      writer.set(key, i);
    }
  }
  if (writer.size === 0) return undefined;
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i]!;
    for (const key of r.reads) {
      const w = writer.get(key);
      if (w === undefined) continue;
      if (w !== i) return `${said(key)} written by ${roots[w]!.path}, read by ${r.path}`;
    }
  }
  return undefined;
}

/**
 * Whether roots analysed in different runs can be merged as far as the second pass goes: a root that reads a key of
 * the shared state it writes itself is analysed again in a second pass (the summaries that read it before it
 * changed), and a shard makes one when some root wrote request data (`tainted`); such a root's outcome must then
 * come from a run that made a second pass exactly when the merged roots call for one. Other roots' outcomes do not
 * depend on it (by `rootsIndependent`, the second pass concerns what each root wrote itself).
 */
export function passesAgree(roots: readonly RootOutcome[]): boolean {
  const second = roots.some((r) => r.tainted);
  return roots.every((r) => r.secondPass === second || !r.writes.some((key) => r.reads.includes(key)));
}

/** Each root's part of the shard's final state (`RootOutcome.state`): the keys it wrote (see `rootsIndependent`). */
export function rootStates(roots: readonly RootOutcome[], state: SharedState): void {
  const owner = new Map<string, RootOutcome>();
  for (const r of roots) for (const key of r.writes) owner.set(key, r);
  if (owner.size === 0) return;
  for (const kind of ["globals", "instances", "requests"] as const) {
    for (const [of, byName] of state[kind]) {
      for (const [name, v] of byName) owner.get(kind === "globals" ? stateKey(kind, of, name) : stateKey(kind, of))?.state.push([kind, of, name, v]);
    }
  }
}

/** The shared state roots left (`RootOutcome.state`, in the shard's order), as a shard's outcome holds it. */
export function rootsState(roots: readonly RootOutcome[]): SharedState {
  const state = emptyState();
  for (const r of roots) {
    for (const [kind, of, name, v] of r.state ?? []) {
      let byName = state[kind].get(of);
      if (!byName) state[kind].set(of, (byName = new Map()));
      byName.set(name, v);
    }
  }
  return state;
}

/**
 * Merges root outcomes in the shard's order into the shard's outcome (as `Analyzer` would have kept them); the state
 * is the roots' (`rootsState`) unless given.
 */
export function mergeRoots(task: ShardTask, roots: readonly RootOutcome[], state: SharedState = rootsState(roots)): ShardOutcome {
  const findings = new Map<string, { path: string; finding: RawFinding; length: number; parameter: boolean }>();
  const responses = new Map<string, ResponseUse>();
  const constancy = new Map<string, boolean>();
  const notices = new Map<string, Notification>();
  const loaded = new Set<string>();
  const reads = new Set<string>();
  for (const r of roots) {
    for (const [path, key, finding, length, parameter] of r.findings) {
      const id = `${path}\0${key}`;
      if (replacesKept(findings.get(id), length, parameter)) findings.set(id, { path, finding, length, parameter });
    }
    for (const [oid, site, html, other] of r.responses) {
      const have = responses.get(oid);
      if (!have) responses.set(oid, { oid, site, html, other });
      else {
        have.html ||= html;
        have.other ||= other;
      }
    }
    for (const [key, c] of r.constancy) constancy.set(key, (constancy.get(key) ?? true) && c);
    for (const n of r.notices) if (!notices.has(`${n.path}:${n.line}`)) notices.set(`${n.path}:${n.line}`, n);
    for (const p of r.loaded) loaded.add(p);
    for (const k of r.reads) reads.add(k);
  }
  const byPath = new Map<string, RawFinding[]>();
  for (const f of findings.values()) {
    let list = byPath.get(f.path);
    if (!list) byPath.set(f.path, (list = []));
    list.push(f.finding);
  }
  const out = orderedFindings(byPath);
  return {
    shard: task.shard.index,
    round: task.round,
    findings: out,
    responses: [...responses.values()],
    sinkConstancy: [...constancy],
    notifications: [...notices.values()],
    state,
    reads: [...reads].sort(),
    loaded: [...loaded].sort(),
  };
}

/** Whether two outcomes say the same (their `roots` aside): the check that a shard's roots may be kept apart. */
export function sameOutcome(a: ShardOutcome, b: ShardOutcome): boolean {
  const { roots: _a, ...x } = a;
  const { roots: _b, ...y } = b;
  const sorted = (o: typeof x) => ({ ...o, sinkConstancy: [...o.sinkConstancy].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)) });
  return JSON.stringify(sorted(x), plain) === JSON.stringify(sorted(y), plain);
}

function plain(_key: string, value: unknown): unknown {
  return value instanceof Map || value instanceof Set ? [...value] : value;
}

/**
 * Whether a new report of a finding (its trace `length`, from a `parameter` source or not) replaces the one kept
 * for the same site and key: the first one kept, else a real source over a parameter, then the shorter trace.
 */
export function replacesKept(have: { length: number; parameter: boolean } | undefined, length: number, parameter: boolean): boolean {
  return !have || !(have.parameter === parameter ? have.length <= length : parameter);
}

/** Findings by file, files in path order, each file's findings by position and rule: the order outcomes are reported in. */
export function orderedFindings(byPath: Iterable<[string, RawFinding[]]>): [string, RawFinding[]][] {
  return [...byPath]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, list]): [string, RawFinding[]] => [path, list.sort((a, b) => a.region.startLine - b.region.startLine || a.region.startColumn - b.region.startColumn || (a.ruleId < b.ruleId ? -1 : 1))]);
}

/** Cuts sorted paths into shards (see the module comment). */
export function planShards(sortedPaths: readonly string[], target = SHARD_TARGET): ShardPlan[] {
  const shards: ShardPlan[] = [];
  let current: string[] = [];
  for (const path of sortedPaths) {
    current.push(path);
    if (fnv1a(path) % target === 0 || current.length >= target * 4) {
      shards.push({ index: shards.length, paths: current });
      current = [];
    }
  }
  if (current.length > 0) shards.push({ index: shards.length, paths: current });
  return shards;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function emptyState(): SharedState {
  return { globals: new Map(), instances: new Map(), requests: new Map() };
}

/** Key of a read: a module global, the instance state of a class, or a request-scoped type. */
export function stateKey(kind: "globals" | "instances" | "requests", owner: string, name = ""): string {
  return `${kind}\0${owner}\0${name}`;
}

function valueAt(state: SharedState, key: string): Val | ReadonlyMap<string, Val> | undefined {
  const [kind, owner, name] = key.split("\0") as [keyof SharedState, string, string];
  const byName = state[kind].get(owner);
  return kind === "globals" ? byName?.get(name) : byName;
}

function sameAt(a: Val | ReadonlyMap<string, Val> | undefined, b: Val | ReadonlyMap<string, Val> | undefined): boolean {
  if (!a || !b) return a === b;
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      const w = b.get(k);
      if (!w || !sameVal(v, w)) return false;
    }
    return true;
  }
  return sameVal(a as Val, b as Val);
}

/** A copy of a state whose values can cross threads and shards: closures and partial calls become their taint. */
export function portableState(state: SharedState): SharedState {
  const copy = (m: Map<string, Map<string, Val>>) => new Map([...m].map(([k, inner]) => [k, new Map([...inner].map(([n, v]) => [n, portable(v)]))]));
  return { globals: copy(state.globals), instances: copy(state.instances), requests: copy(state.requests) };
}

function portable(v: Val, depth = 0): Val {
  if (depth > 8) return { t: v.t };
  const out: { -readonly [K in keyof Val]: Val[K] } = { ...v };
  delete out.fn;
  delete out.partial;
  delete out.g;
  if (v.items) out.items = v.items.map((x) => portable(x, depth + 1));
  if (v.tail) out.tail = v.tail.map((x) => portable(x, depth + 1));
  if (v.keys) out.keys = new Map([...v.keys].map(([k, x]) => [k, portable(x, depth + 1)]));
  if (v.attrs) out.attrs = new Map([...v.attrs].map(([k, x]) => [k, portable(x, depth + 1)]));
  if (v.el) out.el = portable(v.el, depth + 1);
  return out;
}

/** Joins `b` into a copy of `a` (in this order, so that the result does not depend on threads). */
function joinStates(a: SharedState, b: SharedState): SharedState {
  const merge = (x: Map<string, Map<string, Val>>, y: Map<string, Map<string, Val>>) => {
    const out = new Map([...x].map(([k, inner]) => [k, new Map(inner)]));
    for (const [k, inner] of y) {
      let target = out.get(k);
      if (!target) out.set(k, (target = new Map()));
      for (const [n, v] of inner) {
        const have = target.get(n);
        target.set(n, have ? join(have, v) : v);
      }
    }
    return out;
  };
  return { globals: merge(a.globals, b.globals), instances: merge(a.instances, b.instances), requests: merge(a.requests, b.requests) };
}

export interface Phase2Result {
  findings: Map<string, RawFinding[]>;
  notifications: Notification[];
  /**
   * Sinks whose dangerous arguments were constants in every evaluation, by file: `kind@line:column`
   * of the call. Pattern rules that flag such calls regardless of data give way there.
   */
  constantSinks: Map<string, Set<string>>;
  /** Every outcome, in shard and round order (for caching and statistics). */
  outcomes: ShardOutcome[];
}

/**
 * The rounds of phase 2 as a generator: it yields the tasks of a round, receives their outcomes (in
 * any order), and returns the merged result. Sequential and threaded drivers share it.
 */
export function* phase2Rounds(plan: readonly ShardPlan[]): Generator<ShardTask[], Phase2Result, ShardOutcome[]> {
  const latest = new Map<number, ShardOutcome>();
  const all: ShardOutcome[] = [];
  let state: SharedState | undefined;
  let tasks: ShardTask[] = plan.map((shard) => ({ shard, round: 1 }));
  for (let round = 1; tasks.length > 0; round++) {
    const outcomes = [...(yield tasks)].sort((a, b) => a.shard - b.shard);
    for (const o of outcomes) {
      latest.set(o.shard, o);
      all.push(o);
    }
    if (round >= MAX_ROUNDS) break;
    let next = state ?? emptyState();
    for (const shard of plan) {
      const o = latest.get(shard.index);
      if (o) next = joinStates(next, o.state);
    }
    // a shard runs again when a value it read is not what it saw at its end: another shard changed it
    tasks = plan
      .filter((shard) => {
        const o = latest.get(shard.index);
        return o !== undefined && o.reads.some((key) => !sameAt(valueAt(next, key), valueAt(o.state, key)));
      })
      .map((shard) => ({ shard, round: round + 1, state: next }));
    state = next;
  }
  all.sort((a, b) => a.shard - b.shard || a.round - b.round);
  return { ...mergeFindings(all), outcomes: all };
}

/**
 * One finding per rule and region: a request source before a library-mode parameter source, then
 * the shortest path, the earlier shard and round on a tie.
 * Response bodies that every view returned with a non-HTML content type are not HTML: their
 * findings are withdrawn. A sink is constant when it was in every shard that evaluated it.
 */
function mergeFindings(outcomes: readonly ShardOutcome[]): Omit<Phase2Result, "outcomes"> {
  const byPath = new Map<string, Map<string, RawFinding>>();
  const notes = new Map<string, Notification>();
  const responses = new Map<string, { site: SinkSite; html: boolean; other: boolean }>();
  const constancy = new Map<string, boolean>();
  for (const o of outcomes) {
    for (const r of o.responses) {
      const have = responses.get(r.oid);
      responses.set(r.oid, { site: have?.site ?? r.site, html: r.html || (have?.html ?? false), other: r.other || (have?.other ?? false) });
    }
    for (const [key, constant] of o.sinkConstancy) constancy.set(key, (constancy.get(key) ?? true) && constant);
  }
  const withdrawn = new Set<string>();
  for (const r of responses.values()) if (r.other && !r.html) withdrawn.add(`${r.site.path}\0${r.site.kind}\0${regionKey(r.site.region)}`);
  for (const o of outcomes) {
    for (const [path, list] of o.findings) {
      let byKey = byPath.get(path);
      if (!byKey) byPath.set(path, (byKey = new Map()));
      for (const f of list) {
        if (withdrawn.has(`${path}\0${f.properties?.sinkKind}\0${regionKey(f.region)}`)) continue;
        const r = f.region;
        const key = `${f.ruleId}:${r.startLine}:${r.startColumn}:${r.endLine}:${r.endColumn}`;
        const have = byKey.get(key);
        // a request source wins over a library-mode parameter source (precision medium) at the same sink
        const param = (x: RawFinding) => x.properties?.precision === "medium";
        if (!have || (param(have) !== param(f) ? param(have) : (f.flow?.length ?? 0) < (have.flow?.length ?? 0))) byKey.set(key, f);
      }
    }
    for (const n of o.notifications) {
      const key = `${n.kind}\0${n.path ?? ""}\0${n.line ?? 0}\0${n.message}`;
      if (!notes.has(key)) notes.set(key, n);
    }
  }
  const findings = new Map<string, RawFinding[]>();
  for (const path of [...byPath.keys()].sort()) {
    findings.set(
      path,
      [...byPath.get(path)!.values()].sort((a, b) => a.region.startLine - b.region.startLine || a.region.startColumn - b.region.startColumn || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)),
    );
  }
  const constantSinks = new Map<string, Set<string>>();
  for (const [key, constant] of [...constancy].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!constant) continue;
    const [path, kind, at] = key.split("\0") as [string, string, string];
    const set = constantSinks.get(path) ?? new Set<string>();
    set.add(`${kind}@${at}`);
    constantSinks.set(path, set);
  }
  return { findings, notifications: [...notes.values()], constantSinks };
}

function regionKey(r: { startLine: number; startColumn: number; endLine: number; endColumn: number }): string {
  return `${r.startLine}:${r.startColumn}:${r.endLine}:${r.endColumn}`;
}
