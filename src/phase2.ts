/**
 * Phase 2 outside the taint engine: where models come from and what a shard job returns, the same on
 * the main thread and in worker threads.
 *
 * Models are built from compact trees (see parse/parser.ts): those phase 1 kept for the files phase 2
 * analyses, and those of files parsed again here (helpers that analysed files call). Compact trees are
 * a few bytes per node, so many can be kept; models (PyNode trees) are built when a shard needs them
 * and dropped with it.
 */
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { MessageChannel, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { statementSpansFor, type StatementSpan } from "./analyze-file.js";
import { FileModel } from "./model/file-model.js";
import type { CompactTree, PythonParser } from "./parse/parser.js";
import { decodeSource } from "./read-source.js";
import type { TaintProject } from "./taint/index.js";
import type { ShardOutcome, ShardTask } from "./taint/shards.js";

/**
 * How much V8 lets a heap grow past what the last full collection kept, in percent. Phase 2 allocates
 * short-lived values fast and keeps little; V8's default factor (up to 4× the live size when collections
 * are cheap) let each thread's heap balloon to several times its live data. A fixed 20 % keeps the peak
 * near the live size for a few percent more collection time.
 */
export const HEAP_GROWING_PERCENT = 20;

/** Bounds heap growth on every thread of this process (a process-wide V8 flag; a user's own setting wins). */
export function boundHeapGrowth(): void {
  const own = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.includes("heap-growing-percent") || a.includes("heap_growing_percent"));
  if (!own) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** The order to hand shards to workers: most files first (the longest ones must not start last), ties by plan order. */
export function longestFirst(tasks: readonly ShardTask[]): number[] {
  return tasks.map((_, i) => i).sort((a, b) => tasks[b]!.shard.paths.length - tasks[a]!.shard.paths.length || a - b);
}

/** Bytes of compact trees kept by default (by the main thread, and by each worker). */
export const COMPACT_BUDGET = 96 * 1024 * 1024;

export function compactSize(c: CompactTree): number {
  return c.records.byteLength + 2 * c.text.length;
}

/**
 * Which phase-1 results keep their compact trees for phase 2: those that come while the total stays within the
 * budget (the others are parsed again if phase 2 needs them). Applied as results arrive, so a tree of many web
 * modules never holds every file's tree at once.
 */
export class CompactAdmission {
  private kept = 0;

  constructor(private readonly budget = COMPACT_BUDGET) {}

  /** Drops `result.compact` unless it still fits. */
  admit(result: { compact?: CompactTree }): void {
    if (!result.compact) return;
    const size = compactSize(result.compact);
    if (this.kept + size > this.budget) delete result.compact;
    else this.kept += size;
  }
}

/** The project's files for phase 2: compact trees kept within a byte budget (least recently used dropped), others parsed again. */
export class ProjectFiles {
  private readonly compacts = new Map<string, CompactTree>();
  private size = 0;

  constructor(
    private readonly parser: PythonParser,
    /** Repository-relative path → absolute path, for every scanned file. */
    private readonly paths: ReadonlyMap<string, string>,
    private readonly budget = COMPACT_BUDGET,
    /** The package the scan root is part of, for module names (`packagePrefixOf`). */
    private readonly modulePrefix = "",
  ) {}

  /** Keeps a compact tree if it fits in the budget (dropping the least recently used); false when it does not fit at all. */
  keep(rel: string, compact: CompactTree): boolean {
    const size = compactSize(compact);
    if (size > this.budget) return false;
    this.drop(rel);
    this.compacts.set(rel, compact);
    this.size += size;
    for (const [p, c] of this.compacts) {
      if (this.size <= this.budget) break;
      this.drop(p, c);
    }
    return true;
  }

  /** Removes and returns the compact trees held for `rels` (to hand them to a worker). */
  take(rels: readonly string[]): [string, CompactTree][] {
    const out: [string, CompactTree][] = [];
    for (const rel of rels) {
      const c = this.compacts.get(rel);
      if (!c) continue;
      this.drop(rel, c);
      out.push([rel, c]);
    }
    return out;
  }

  /** Files another thread parses ahead for this one (see `LoadAhead`), while it lasts. */
  ahead: LoadAhead | undefined;

  /** Whether the compact tree of `rel` is held. */
  has(rel: string): boolean {
    return this.compacts.has(rel);
  }

  /** The compact trees held now (for the fix verifier's re-scans, once phase 2 is over). */
  held(): Map<string, CompactTree> {
    return new Map(this.compacts);
  }

  /** The model of a scanned file, or null when it cannot be read (it was then reported in phase 1). */
  model(rel: string): FileModel | null {
    if (!this.paths.has(rel)) return null;
    // a tree sent ahead is kept once it arrives, whichever file was asked for: `fromAhead` counts it when used
    let compact = this.compacts.get(rel);
    if (compact && this.ahead?.sent(rel)) this.ahead.counts.used++;
    compact ??= this.fromAhead(rel);
    if (compact) {
      // most recently used last
      this.compacts.delete(rel);
      this.compacts.set(rel, compact);
    } else {
      const text = readText(this.paths.get(rel)!, rel);
      if (text === null) return null;
      compact = this.parser.compact(text);
      this.keep(rel, compact);
    }
    return new FileModel(this.parser.build(compact), rel, undefined, this.modulePrefix);
  }

  /** A tree the load-ahead thread made for `rel` (kept with the others), or undefined: then this thread parses it. */
  private fromAhead(rel: string): CompactTree | undefined {
    const ahead = this.ahead;
    if (!ahead) return undefined;
    for (const [path, compact] of ahead.take(rel)) this.keep(path, compact);
    const compact = this.compacts.get(rel);
    if (compact && ahead.sent(rel)) ahead.counts.used++;
    return compact;
  }

  private drop(rel: string, c = this.compacts.get(rel)): void {
    if (!c) return;
    this.compacts.delete(rel);
    this.size -= compactSize(c);
  }
}

/** A file's decoded text, or null when it cannot be read or decoded (phase 1 reported why). */
function readText(abs: string, rel: string): string | null {
  try {
    return decodeSource(readFileSync(abs), rel).text;
  } catch {
    return null;
  }
}

/**
 * Files at most on a load-ahead list: their trees wait in the port until the analysis next loads a file, so the list
 * bounds what they hold (the standard library's lone shard likely loads about 200 files).
 */
export const AHEAD_FILES = 256;

/** States of a file in a load-ahead list (one Int32 each in shared memory; the last slot says "stop"). */
const FREE = 0;
const TAKEN_HERE = 1;
const TAKEN_AHEAD = 2;
const SENT = 3;
/** The longest the analysis waits for a file the load-ahead worker is parsing before it parses the file itself. */
const MAX_AHEAD_WAIT_MS = 10_000;

/** What a load-ahead job hands the thread that parses: the files, their states in shared memory, and the port to send trees on. */
export interface LoadAheadJob {
  /** Repository-relative and absolute path of each file, most likely needed first. */
  files: [string, string][];
  /** Int32 per file (FREE, TAKEN_HERE, TAKEN_AHEAD, SENT), then one that is non-zero once the other side no longer needs trees. */
  states: SharedArrayBuffer;
  port: MessagePort;
}

/** One message on a load-ahead port: the tree of file `i`, or null when it could not be read or parsed. */
interface AheadTree {
  i: number;
  compact: CompactTree | null;
}

/**
 * Files parsed by another thread (an idle worker) for a thread whose analysis will likely load them, while it
 * runs: phase 2 on the scan thread loads the helpers its files call, which phase 1 did not keep, and parsing them
 * there took about a second on the standard library. The analysis cannot wait for a message (it is synchronous),
 * so trees come on a MessagePort read with `receiveMessageOnPort`, and each file is claimed in shared memory by
 * whichever thread gets to it first: the other never parses it. A file the analysis needs before the worker got to
 * it is parsed here, as before; one the worker is parsing is waited for. Which thread parsed a file never changes
 * its tree (the same parser and grammar), so it never changes a finding; the list is only a guess, in the order
 * the files are likely needed (see `TaintProject.likelyLoads`).
 */
export class LoadAhead {
  private readonly states: Int32Array;
  private readonly position = new Map<string, number>();
  private readonly port: MessagePort;
  private readonly received = new Map<number, CompactTree | null>();
  /** Files whose trees were handed over and not yet used. */
  private readonly unused = new Set<string>();
  /** How the files were obtained, for tests and PYSAST_TIMINGS: sent by the worker and used, or parsed here. */
  readonly counts = { used: 0, parsedHere: 0, waited: 0 };
  readonly job: LoadAheadJob;

  constructor(private readonly files: readonly [string, string][]) {
    const shared = new SharedArrayBuffer(4 * (files.length + 1));
    this.states = new Int32Array(shared);
    files.forEach(([rel], i) => this.position.set(rel, i));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.job = { files: [...files], states: shared, port: port2 };
  }

  /**
   * The trees that arrived (to keep), the one of `rel` among them when the worker parsed it; none of `rel` when
   * this thread is to parse it (it was not on the list, the worker had not reached it, or the worker failed on it).
   */
  take(rel: string): [string, CompactTree][] {
    const i = this.position.get(rel);
    this.drain();
    if (i !== undefined && !this.received.has(i)) {
      const was = Atomics.compareExchange(this.states, i, FREE, TAKEN_HERE);
      if (was === FREE) this.counts.parsedHere++;
      else if (was === TAKEN_AHEAD) {
        this.counts.waited++;
        // one file's parse; bounded, so that a worker that died while parsing costs a wait, not the scan
        for (let waited = 0; waited < MAX_AHEAD_WAIT_MS && Atomics.load(this.states, i) === TAKEN_AHEAD; waited += 100) Atomics.wait(this.states, i, TAKEN_AHEAD, 100);
      }
      // a tree is posted before its file is marked SENT
      this.drain();
    }
    const out: [string, CompactTree][] = [];
    for (const [j, compact] of this.received) {
      if (!compact) continue;
      out.push([this.files[j]![0], compact]);
      this.unused.add(this.files[j]![0]);
    }
    this.received.clear();
    return out;
  }

  /** True the first time the analysis uses the tree of `rel` that the worker sent (for `counts`). */
  sent(rel: string): boolean {
    return this.unused.delete(rel);
  }

  /** Tells the worker to stop after its current file, and closes this side. */
  stop(): void {
    Atomics.store(this.states, this.files.length, 1);
    this.drain();
    this.received.clear();
    this.port.close();
  }

  private drain(): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const { i, compact } = m.message as AheadTree;
      this.received.set(i, compact);
    }
  }
}

/**
 * The worker's side of a load-ahead job: parses each file of the list that the other side has not claimed, in
 * order, and posts its tree (moving its records), until the list ends, the other side says stop, or a file cannot
 * be parsed (the other side then parses the rest itself).
 */
export function loadAhead(parser: PythonParser, job: LoadAheadJob): number {
  const states = new Int32Array(job.states);
  const stopAt = job.files.length;
  let sent = 0;
  try {
    for (let i = 0; i < job.files.length; i++) {
      if (Atomics.load(states, stopAt) !== 0) break;
      if (Atomics.compareExchange(states, i, FREE, TAKEN_AHEAD) !== FREE) continue;
      const [rel, abs] = job.files[i]!;
      let compact: CompactTree | null = null;
      let failed = false;
      try {
        const text = readText(abs, rel);
        compact = text === null ? null : parser.compact(text);
      } catch {
        // a file the parser cannot read (or a trap): the other side parses it, and the rest, itself
        failed = true;
      }
      job.port.postMessage({ i, compact } satisfies AheadTree, compact ? [compact.records.buffer as ArrayBuffer] : []);
      Atomics.store(states, i, SENT);
      Atomics.notify(states, i);
      if (failed) break;
      sent++;
    }
  } finally {
    job.port.close();
  }
  return sent;
}

/** A shard to analyse, with the compact trees of its files that the sender held. */
export interface ShardJob {
  task: ShardTask;
  compacts: [string, CompactTree][];
}

/** A shard's outcome, with what the report needs from the files that have findings (computed while their trees are at hand). */
export interface ShardReply {
  outcome: ShardOutcome;
  /** Statement span by finding start, `path:line:column`. */
  spans: [string, StatementSpan][];
  /** Comments of each file with findings, by 0-based line. */
  comments: [string, [number, string][]][];
}

export function runShardJob(project: TaintProject, files: ProjectFiles, job: ShardJob): ShardReply {
  for (const [rel, compact] of job.compacts) files.keep(rel, compact);
  const outcome = project.runShard(job.task, (p) => files.model(p));
  const spans: [string, StatementSpan][] = [];
  const comments: [string, [number, string][]][] = [];
  for (const [path, raws] of outcome.findings) {
    const model = files.model(path);
    if (!model) continue;
    statementSpansFor(model, raws).forEach((span, i) => spans.push([spanKey(path, raws[i]!.region), span]));
    comments.push([path, [...model.parsed.comments]]);
  }
  return { outcome, spans, comments };
}

export function spanKey(path: string, region: { startLine: number; startColumn: number }): string {
  return `${path}:${region.startLine}:${region.startColumn}`;
}
