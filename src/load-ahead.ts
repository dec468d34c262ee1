/**
 * Files parsed ahead for phase 2 by a worker thread while the scan thread analyses (see `LoadAhead`). Kept apart
 * from phase2.ts so that the worker that parses ahead loads the parser alone (src/worker-ahead.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { CompactTree, PythonParser } from "./parse/parser.js";
import { decodeSource } from "./read-source.js";

/** A file's decoded text, or null when it cannot be read or decoded (phase 1 reported why). */
export function readText(abs: string, rel: string): string | null {
  try {
    return decodeSource(readFileSync(abs), rel).text;
  } catch {
    return null;
  }
}

/**
 * Files at most on a load-ahead list (the standard library's lone shard likely loads about 200 files; a fix
 * verifier's re-analysis of a big web project, more than a thousand).
 */
export const AHEAD_FILES = 2048;

/** Trees at most waiting in a load-ahead port: what the list costs in memory beyond the trees the analysis keeps. */
export const MAX_QUEUED = 32;

/**
 * At most this many files that can hold flows (phase-1 records marked relevant): phase 2 will most likely be one
 * shard, run on the scan thread, so its load-ahead worker is started before the project index and the plan are
 * built (a guess: with more shards it is stopped unused, having cost a thread's start).
 */
export const EARLY_AHEAD_RELEVANT = 64;

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
  /**
   * Int32 per file (FREE, TAKEN_HERE, TAKEN_AHEAD, SENT), then one that is non-zero once the other side no longer
   * needs trees, then the number of trees the other side has taken from the port.
   */
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
  /** How the files were obtained, for tests and PYSAST_TIMINGS: sent by the worker and used, or parsed here (listed or not). */
  readonly counts = { used: 0, parsedHere: 0, waited: 0, unlisted: 0 };
  readonly job: LoadAheadJob;

  constructor(private readonly files: readonly [string, string][]) {
    const shared = new SharedArrayBuffer(4 * (files.length + 2));
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
    if (i === undefined) this.counts.unlisted++;
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
    Atomics.notify(this.states, this.files.length + 1);
    this.drain();
    this.received.clear();
    this.port.close();
  }

  private drain(): void {
    let n = 0;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port), n++) {
      const { i, compact } = m.message as AheadTree;
      this.received.set(i, compact);
    }
    if (n === 0) return;
    // the worker may send as many more
    Atomics.add(this.states, this.files.length + 1, n);
    Atomics.notify(this.states, this.files.length + 1);
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
  const drainedAt = stopAt + 1;
  let sent = 0;
  let posted = 0;
  try {
    for (let i = 0; i < job.files.length; i++) {
      // at most MAX_QUEUED trees wait in the port: the other side takes them when it next needs a tree it does not hold
      for (let drained = Atomics.load(states, drainedAt); posted - drained >= MAX_QUEUED && Atomics.load(states, stopAt) === 0; drained = Atomics.load(states, drainedAt)) {
        Atomics.wait(states, drainedAt, drained, 100);
      }
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
      posted++;
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

/** The compiled load-ahead worker next to this module, or undefined when running from TypeScript sources. */
export function loadAheadScript(): string | undefined {
  const path = fileURLToPath(new URL("./worker-ahead.js", import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * The files to list for an analysis of `shardPaths` on this thread (at most `limit`, repository-relative and
 * absolute): first the shard's own files whose trees this thread does not hold (`held`: phase 1 kept trees of
 * the files it found relevant, not of views registered from elsewhere or of class-based views), then the modules
 * the analysis will likely load (`likely`, in the order given), none twice and only scanned files (`paths`).
 */
export function aheadList(shardPaths: readonly string[], likely: readonly string[], paths: ReadonlyMap<string, string>, held: (rel: string) => boolean, limit = AHEAD_FILES): [string, string][] {
  const list: [string, string][] = [];
  const listed = new Set<string>();
  for (const rel of [...shardPaths, ...likely]) {
    if (list.length >= limit) break;
    const abs = paths.get(rel);
    if (abs === undefined || listed.has(rel) || held(rel)) continue;
    listed.add(rel);
    list.push([rel, abs]);
  }
  return list;
}

/**
 * A worker thread parsing a load-ahead list (src/worker-ahead.ts) for this thread. It can be started before its
 * list is known (`load` gives it later): starting a thread and compiling the parser take a few hundred
 * milliseconds, which then pass while this thread still waits for other work, not while the analysis runs.
 */
export class LoadAheadWorker {
  private current: LoadAhead | undefined;
  private readonly worker: Worker;
  /** Resolves to 0 when the worker fails or exits before it answers (this thread then parses what it needs itself). */
  private readonly lost: Promise<number>;
  private answer: Promise<number> | undefined;

  /** Starts a worker; on `files` (repository-relative and absolute paths, most likely needed first) when given, else on those of `load`. */
  constructor(script: string, files?: readonly [string, string][]) {
    this.worker = new Worker(script);
    // a worker waiting for its list never keeps the process alive
    if (!files) this.worker.unref();
    this.lost = new Promise<number>((resolve) => {
      // a crash or an exit without a reply costs only what this thread then parses itself
      this.worker.once("error", () => resolve(0));
      this.worker.once("exit", () => resolve(0));
    });
    if (files) this.load(files);
  }

  /** The list being parsed (see `load`). */
  get ahead(): LoadAhead {
    if (!this.current) throw new Error("internal error: a load-ahead worker was asked for its list before it was given one");
    return this.current;
  }

  /** Trees it sent, once it ended; 0 when it failed or was never given a list. */
  get sent(): Promise<number> {
    return this.answer ?? Promise.resolve(0);
  }

  /** Gives the worker its list (once). */
  load(files: readonly [string, string][]): LoadAhead {
    if (this.current) throw new Error("internal error: a load-ahead worker was given a second list");
    const ahead = (this.current = new LoadAhead(files));
    this.answer = Promise.race([new Promise<number>((resolve) => this.worker.once("message", (n: number) => resolve(n))), this.lost]);
    this.worker.ref();
    this.worker.postMessage(ahead.job, [ahead.job.port]);
    return ahead;
  }

  private stopped: Promise<number> | undefined;

  /** Stops the worker (after its current file) and frees it; resolves to the trees it sent (the same on a second call). */
  stop(): Promise<number> {
    this.stopped ??= (async () => {
      this.current?.stop();
      const sent = this.current ? await this.sent : 0;
      await this.worker.terminate();
      return sent;
    })();
    return this.stopped;
  }
}
