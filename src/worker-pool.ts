/**
 * Worker threads for both phases: each job goes to whichever worker is free; replies come back in job
 * order, so results never depend on scheduling. The pool lives for the whole scan (phase 1 batches,
 * then the project for phase 2, then shards).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker, type TransferListItem } from "node:worker_threads";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./worker.js";

/** The compiled worker script next to this module, or undefined when running from TypeScript sources. */
export function workerScript(): string | undefined {
  const path = fileURLToPath(new URL("./worker.js", import.meta.url));
  return existsSync(path) ? path : undefined;
}

type Job = WorkerRequest["job"];
type Result = Extract<WorkerReply, { result: unknown }>["result"];

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<void>[] = [];
  private failure: Error | undefined;
  private readonly waiting = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(script: string, jobs: number, init: WorkerInit) {
    for (let i = 0; i < jobs; i++) {
      const w = new Worker(script, { workerData: init });
      this.workers.push(w);
      this.ready.push(
        new Promise<void>((resolve, reject) => {
          w.once("message", (msg: WorkerReply) => ("ready" in msg ? resolve() : reject(new Error(`worker failed: ${"error" in msg ? msg.error : "no ready message"}`))));
          w.once("error", reject);
        }),
      );
      w.on("message", (msg: WorkerReply) => {
        if ("ready" in msg) return;
        const waiter = this.waiting.get(msg.id);
        if (!waiter) return;
        this.waiting.delete(msg.id);
        if ("error" in msg) waiter.reject(new Error(`worker failed: ${msg.error}`));
        else waiter.resolve(msg.result);
      });
      w.on("error", (err) => this.fail(err));
      w.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`worker exited with code ${code}`));
      });
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs every job, each on the next free worker; the results in job order (`onResult` sees them as they come). */
  async map<R extends Result>(jobs: readonly Job[], transfer: (job: Job) => TransferListItem[] = () => [], onResult?: (result: R) => void): Promise<R[]> {
    await Promise.all(this.ready);
    const results: R[] = new Array(jobs.length);
    let next = 0;
    const drive = async (w: Worker) => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = (await this.send(w, jobs[i]!, transfer(jobs[i]!))) as R;
        onResult?.(results[i]!);
      }
    };
    await Promise.all(this.workers.map(drive));
    return results;
  }

  /** Sends the same job to every worker (e.g. the project index for phase 2). */
  async broadcast(job: Job): Promise<void> {
    await Promise.all(this.ready);
    await Promise.all(this.workers.map((w) => this.send(w, job, [])));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(w: Worker, job: Job, transfer: TransferListItem[]): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ id, job } satisfies WorkerRequest, transfer as never);
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }
}
