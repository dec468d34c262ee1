/**
 * Worker threads for both phases: each job goes to whichever worker is free; replies come back in job
 * order, so results never depend on scheduling. The pool lives for the whole scan (phase 1 batches,
 * then the project for phase 2, then shards).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker, type TransferListItem } from "node:worker_threads";
import { MEMORY_ADVICE, PHASES, ScanFailure, threadLimits, workerHeapLimitMb } from "./scan-failure.js";
import type { DeferredInit, WorkerInit, WorkerReply, WorkerRequest } from "./worker.js";

/** Workers started ahead of a pool (`prestartWorkers`), not yet taken by one. */
const spares: { worker: Worker; script: string; heapMb: number; dead: boolean }[] = [];

/**
 * Starts `count` workers before the scan knows their settings (the CLI calls it while discovery walks a tree
 * big enough for workers): a worker spends a few hundred milliseconds loading its modules and compiling the
 * grammar, which then overlaps the walk instead of delaying phase 1. The next pool takes them (`new
 * WorkerPool` sends each its settings); `dropSpares` stops those no pool took. They never keep the process alive.
 */
export function prestartWorkers(count: number, script: string | undefined = workerScript(), heapMb: number = workerHeapLimitMb()): void {
  if (!script) return;
  for (let i = spares.length; i < count; i++) {
    const worker = new Worker(script, { workerData: { deferred: true } satisfies DeferredInit, resourceLimits: threadLimits(heapMb) });
    const spare = { worker, script, heapMb, dead: false };
    worker.unref();
    worker.on("error", () => (spare.dead = true));
    worker.on("exit", () => (spare.dead = true));
    spares.push(spare);
  }
}

/** Prestarted workers no pool has taken yet (that have not died). */
export function spareCount(): number {
  return spares.filter((s) => !s.dead).length;
}

/** Stops the prestarted workers no pool took. */
export function dropSpares(): void {
  for (const s of spares.splice(0)) void s.worker.terminate();
}

function takeSpare(script: string, heapMb: number): Worker | undefined {
  const i = spares.findIndex((s) => !s.dead && s.script === script && s.heapMb === heapMb);
  if (i < 0) return undefined;
  const [{ worker }] = spares.splice(i, 1);
  worker.removeAllListeners();
  worker.ref();
  return worker;
}

/** The compiled worker script next to this module, or undefined when running from TypeScript sources. */
export function workerScript(): string | undefined {
  const path = fileURLToPath(new URL("./worker.js", import.meta.url));
  return existsSync(path) ? path : undefined;
}

type Job = WorkerRequest["job"];

/** A job rejected because its pool was closed (or its worker stopped by `shrink`) before the job finished: the caller stopped the pool too early. */
export class PoolClosed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PoolClosed";
  }
}
type Result = Extract<WorkerReply, { result: unknown }>["result"];

/** What a job resolves to when the worker found it claimed by this thread (`WorkerRequest.claim`): it ran here. */
const TAKEN_BACK = Symbol("taken back");

/** Phase 2's jobs for `WorkerPool.mapShared`. */
export interface SharedJobs {
  readonly length: number;
  /**
   * Job `i`. `waiting` is true when the worker it goes to is busy, so that it will wait in the worker's port and this
   * thread may take it back and run it itself (`here`): it must then keep what `here(i)` needs (phase 2: the job
   * carries copies of the shard's compact trees, and this thread keeps its own until `started(i)`). When false the
   * job starts at once on the worker and may hand over what it carries (`transfer`).
   */
  at(i: number, waiting: boolean): Job;
  /** Job `i`, sent waiting, was started by the worker: what this thread kept for it can go. */
  started?(i: number): void;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<void>[] = [];
  private failure: Error | undefined;
  private readonly waiting = new Map<number, { worker: Worker; resolve: (r: Result) => void; reject: (e: Error) => void }>();
  /** Set by `close`: no job is sent after it. */
  private closed = false;
  private nextId = 0;
  /** The jobs sent to each worker and not yet answered, oldest (the one it is busy with) first: to name the phase and the files when it fails. */
  private readonly current = new Map<Worker, Job[]>();
  /** Workers stopped on purpose (`shrink`, `close`, `release`): their exit is not a failure. */
  private readonly retired = new Set<Worker>();
  /** Set once every worker has started: `map` then posts its first jobs before it returns. */
  private started = false;

  /**
   * Starts `jobs` workers, each with a heap limit of `heapMb` (default: the main thread's). A worker
   * that crashes, stops or runs out of memory fails every pending job with a ScanFailure naming the
   * phase and the files it was analysing.
   */
  constructor(script: string, jobs: number, init: WorkerInit, heapMb: number = workerHeapLimitMb()) {
    for (let i = 0; i < jobs; i++) {
      const spare = takeSpare(script, heapMb);
      spare?.postMessage({ init });
      const w = spare ?? new Worker(script, { workerData: init, resourceLimits: threadLimits(heapMb) });
      this.workers.push(w);
      this.ready.push(
        new Promise<void>((resolve, reject) => {
          w.once("message", (msg: WorkerReply) => ("ready" in msg ? resolve() : reject(new Error(`worker failed: ${"error" in msg ? msg.error : "no ready message"}`))));
          w.once("error", (err: Error) => reject(this.describe(w, err)));
        }),
      );
      w.on("message", (msg: WorkerReply) => {
        if ("ready" in msg) return;
        const waiter = this.waiting.get(msg.id);
        if (!waiter) return;
        this.waiting.delete(msg.id);
        const failure = "error" in msg ? new ScanFailure(this.phaseOf(w), `a worker thread failed${this.busyWith(w)} (${msg.error.split("\n")[0]})`, "please report this") : undefined;
        // a worker answers its jobs in the order sent
        this.current.get(w)?.shift();
        if (failure) waiter.reject(failure);
        else if ("skipped" in msg) waiter.resolve(TAKEN_BACK as never);
        else waiter.resolve((msg as Extract<WorkerReply, { result: unknown }>).result);
      });
      w.on("error", (err) => this.fail(this.describe(w, err)));
      w.on("exit", (code) => {
        if (code !== 0 && !this.retired.has(w)) this.fail(new ScanFailure(this.phaseOf(w), `a worker thread stopped with exit code ${code}${this.busyWith(w)}`, "please report this"));
        // a released worker that ended without answering (it crashed): its jobs will never be answered
        else this.abandon(new Set([w]), "closed");
      });
    }
    void Promise.all(this.ready).then(
      () => (this.started = true),
      () => undefined,
    );
  }

  get size(): number {
    return this.workers.length;
  }

  /** Whether every worker has started (then `broadcast` posts its job before it returns). */
  get running(): boolean {
    return this.started;
  }

  /** Jobs sent to the workers and not yet answered. */
  get inFlight(): number {
    return this.waiting.size;
  }

  /**
   * Runs every job, each on the next free worker; the results in job order (`onResult` sees them as they come).
   * Jobs given by `at` are made only when sent, so nothing keeps a big job once it has been posted.
   */
  async map<R extends Result>(jobs: readonly Job[] | { readonly length: number; at(i: number): Job }, transfer: (job: Job) => TransferListItem[] = () => [], onResult?: (result: R) => void): Promise<R[]> {
    const results: R[] = new Array(jobs.length);
    await this.each<R>(jobs, transfer, (result, i) => {
      results[i] = result;
      onResult?.(result);
    });
    return results;
  }

  /**
   * Runs every job as `map` does, but keeps no result: each goes to `onResult` as it comes, with its job's number
   * (phase 1's results are taken apart as they arrive, so that no thread holds every file's result at once).
   */
  async each<R extends Result>(jobs: readonly Job[] | { readonly length: number; at(i: number): Job }, transfer: (job: Job) => TransferListItem[], onResult: (result: R, job: number) => void): Promise<void> {
    // workers that have started get their first jobs now, not when this thread next waits (it may go on working)
    if (!this.started) await Promise.all(this.ready);
    let next = 0;
    const drive = async (w: Worker) => {
      while (next < jobs.length) {
        const i = next++;
        const job = jobs.at(i)!;
        onResult((await this.send(w, job, transfer(job))) as R, i);
      }
    };
    await Promise.all(this.workers.map(drive));
  }

  /**
   * Runs every job on the workers and on this thread together; the results in job order. The workers take jobs
   * from the front of the list, each with up to `ahead` jobs waiting in its port so that it keeps working while
   * this thread is busy, and this thread runs jobs from the back (`here(i)`, synchronously) until the two ends
   * meet. Phase 2 runs its shards so (longest first), with one worker fewer than the scan's threads: that worker's
   * heap, parser and copy of the project index are not needed, and the shards run here use the compact trees
   * this thread already holds (see docs/architecture.md).
   *
   * When the ends have met, a job still waiting in a busy worker's port is taken back and run here (the most
   * recently sent first): each such job carries a claim (`WorkerRequest.claim`) that whichever thread gets to it
   * first wins, so it runs exactly once, and this thread no longer waits for a worker to finish its current job
   * and then the one behind it. `taken` counts the jobs taken back.
   */
  async mapShared<R extends Result>(
    jobs: SharedJobs,
    transfer: (job: Job) => TransferListItem[],
    here: (i: number) => R,
    ahead = 2,
    taken: { count: number } = { count: 0 },
  ): Promise<R[]> {
    if (!this.started) await Promise.all(this.ready);
    const results: R[] = new Array(jobs.length);
    /** The next job from the front (for a worker) and after the next one from the back (for this thread). */
    let front = 0;
    let back = jobs.length;
    let failed: Error | undefined;
    const sent: Promise<void>[] = [];
    /** Per job: 0 while nobody has started it, 1 once a worker has, 2 once this thread has taken it back. */
    const flags = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, jobs.length)));
    /** Jobs sent to wait in a worker's port whose start this thread has not seen yet, in the order sent. */
    const waiting: number[] = [];
    const started = jobs.started;
    /** Jobs of this list sent to each worker and not yet answered. */
    const unanswered = new Map<Worker, number>();
    /** Tells the jobs' owner about the waiting jobs the workers have started since it last looked. */
    const look = (): void => {
      for (let n = 0; n < waiting.length; n++) {
        const i = waiting[n]!;
        if (Atomics.load(flags, i) !== 1) continue;
        waiting.splice(n--, 1);
        started?.(i);
      }
    };
    const post = (w: Worker): void => {
      if (front >= back || failed) return;
      const i = front++;
      // a worker with jobs of this list not yet answered is busy: this one waits in its port and may be taken back
      // (a job sent before the list, such as the project for phase 2, is not counted: the first job starts after it)
      const busy = (unanswered.get(w) ?? 0) > 0;
      unanswered.set(w, (unanswered.get(w) ?? 0) + 1);
      const job = jobs.at(i, busy);
      if (busy) waiting.push(i);
      else Atomics.store(flags, i, 1);
      sent.push(
        this.send(w, job, busy ? [] : transfer(job), busy ? { flags, slot: i } : undefined).then(
          (r) => {
            unanswered.set(w, unanswered.get(w)! - 1);
            if (r !== (TAKEN_BACK as unknown)) results[i] = r as R;
            look();
            post(w);
          },
          (err: Error) => {
            failed ??= err;
          },
        ),
      );
    };
    for (const w of this.workers) for (let k = 0; k < ahead; k++) post(w);
    while (!failed) {
      let i: number;
      if (front < back) i = --back;
      else {
        // the ends have met: take back the last job sent that no worker has started (it carries what `here` needs)
        look();
        let j = waiting.length - 1;
        while (j >= 0 && Atomics.compareExchange(flags, waiting[j]!, 0, 2) !== 0) j--;
        if (j < 0) break;
        i = waiting.splice(j, 1)[0]!;
        taken.count++;
      }
      results[i] = here(i);
      // the workers' replies that came meanwhile are read now, and each worker is sent its next jobs
      await new Promise<void>((resolve) => setImmediate(resolve));
      look();
    }
    // every job sent is answered (or the pool failed); `post` may have sent more while waiting
    for (let n = 0; n < sent.length; n++) await sent[n];
    look();
    if (failed) throw failed;
    return results;
  }

  /** Sends the same job to every worker (e.g. the project index for phase 2). */
  async broadcast(job: Job): Promise<void> {
    // once the workers have started, the job is posted before this returns: jobs sent after it come after it
    if (!this.started) await Promise.all(this.ready);
    await Promise.all(this.workers.map((w) => this.send(w, job, [])));
  }

  /**
   * Stops all but the first `size` workers, to give back their memory (each holds its own heap and parser)
   * when fewer jobs are left than workers. Call it between `map`s, never while one runs.
   */
  async shrink(size: number): Promise<void> {
    const gone = this.workers.splice(Math.max(1, size));
    for (const w of gone) this.retired.add(w);
    this.ready.splice(this.workers.length);
    this.abandon(new Set(gone), "stopped");
    await Promise.all(gone.map((w) => w.terminate()));
  }

  /**
   * Lets every worker finish the jobs it was sent and then stop by itself: their answers still come, no job is
   * sent afterwards (those `map` has not posted yet are rejected, PoolClosed). It needs no further turn of this
   * thread's event loop, so the workers' memory goes while this thread is busy with work of its own.
   */
  release(): void {
    this.closed = true;
    for (const w of this.workers) {
      this.retired.add(w);
      w.postMessage({ id: -1, job: { kind: "exit" } } satisfies WorkerRequest);
    }
  }

  /** Stops every worker; jobs still pending are rejected (PoolClosed), as is any job sent afterwards. */
  /**
   * Closes the pool as `close` does, without waiting for its threads to end: every job still pending is rejected and
   * no job is sent after it at once; each thread stops and its heap goes as it exits, while the caller goes on. The
   * promise (which never rejects) says when every thread has ended.
   */
  closeSoon(): Promise<void> {
    return this.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.workers) this.retired.add(w);
    this.abandon(new Set(this.workers), "closed");
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Rejects the jobs pending on `workers`, which are being stopped: their replies will never come. */
  private abandon(workers: ReadonlySet<Worker>, how: "stopped" | "closed"): void {
    for (const [id, waiter] of this.waiting) {
      if (!workers.has(waiter.worker)) continue;
      this.waiting.delete(id);
      const job = this.current.get(waiter.worker)?.[0];
      waiter.reject(new PoolClosed(`the worker pool was ${how} before a ${job?.kind ?? "pending"} job${this.busyWith(waiter.worker)} finished`));
    }
  }

  private send(w: Worker, job: Job, transfer: TransferListItem[], claim?: WorkerRequest["claim"]): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new PoolClosed(`a ${job.kind} job was sent to a closed worker pool`));
    const id = this.nextId++;
    const queue = this.current.get(w) ?? [];
    queue.push(job);
    this.current.set(w, queue);
    return new Promise<Result>((resolve, reject) => {
      this.waiting.set(id, { worker: w, resolve, reject });
      w.postMessage({ id, job, ...(claim ? { claim } : {}) } satisfies WorkerRequest, transfer as never);
    });
  }

  /** A worker's 'error' event as a ScanFailure (running out of memory is the usual one). */
  private describe(w: Worker, err: Error & { code?: string }): ScanFailure {
    if (err.code === "ERR_WORKER_OUT_OF_MEMORY") return new ScanFailure(this.phaseOf(w), `a worker thread ran out of memory${this.busyWith(w)}`, MEMORY_ADVICE);
    return new ScanFailure(this.phaseOf(w), `a worker thread crashed${this.busyWith(w)} (${err.message})`, "please report this");
  }

  private phaseOf(w: Worker): string {
    const job = this.current.get(w)?.[0];
    return job === undefined || job.kind === "files" ? PHASES.phase1 : PHASES.phase2;
  }

  /** The files a worker was busy with, for a failure message. */
  private busyWith(w: Worker): string {
    const job = this.current.get(w)?.[0];
    const list = job?.kind === "files" ? job.files.map((f) => f.rel) : job?.kind === "shard" ? job.job.task.shard.paths : [];
    if (list.length === 0) return "";
    return list.length === 1 ? ` while analysing ${list[0]}` : ` while analysing one of ${list.length} files from ${list[0]} to ${list[list.length - 1]}`;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }
}
