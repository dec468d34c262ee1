/** Spreads phase 1 over worker threads: batches go to whichever worker is free; results come back in file order. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FileResult } from "./analyze-file.js";
import type { DiscoveredFile } from "./discover.js";
import { MEMORY_ADVICE, PHASES, ScanFailure, workerHeapLimitMb } from "./scan-failure.js";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./worker.js";

const BATCH = 16;

/** The compiled worker script next to this module, or undefined when running from TypeScript sources. */
export function workerScript(): string | undefined {
  const path = fileURLToPath(new URL("./worker.js", import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * Runs phase 1 in `jobs` worker threads. A worker that crashes, exits or runs out of memory fails the
 * scan with a ScanFailure naming the phase and the files it was analysing.
 */
export async function runInWorkers(
  script: string,
  files: DiscoveredFile[],
  jobs: number,
  init: WorkerInit,
  onBatch: (filesDone: number) => void = () => {},
  /** Heap limit of each worker in MB (default: the main thread's; tests use a small one). */
  heapMb: number = workerHeapLimitMb(),
): Promise<FileResult[]> {
  const batches: DiscoveredFile[][] = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
  const results: FileResult[][] = new Array(batches.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      let failed = false;
      const fail = (err: Error) => {
        if (!failed) {
          failed = true;
          reject(err);
        }
      };
      const current = new Map<Worker, number>();
      const feed = (w: Worker) => {
        current.delete(w);
        if (next < batches.length) {
          const batch = next++;
          current.set(w, batch);
          w.postMessage({ batch, files: batches[batch]! } satisfies WorkerRequest);
        }
      };
      /** The files a worker was busy with, for the failure message. */
      const busyWith = (w: Worker): string => {
        const batch = current.get(w);
        const list = batch === undefined ? [] : batches[batch]!;
        if (list.length === 0) return "";
        return list.length === 1 ? ` while analysing ${list[0]!.rel}` : ` while analysing one of ${list.length} files from ${list[0]!.rel} to ${list[list.length - 1]!.rel}`;
      };
      for (let i = 0; i < jobs; i++) {
        const w = new Worker(script, { workerData: init, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
        workers.push(w);
        w.on("message", (msg: WorkerReply) => {
          if ("error" in msg) return fail(new ScanFailure(PHASES.phase1, `a worker thread failed${busyWith(w)} (${msg.error.split("\n")[0]})`, "please report this"));
          if ("ready" in msg) return feed(w);
          results[msg.batch] = msg.results;
          done++;
          onBatch(msg.results.length);
          if (done === batches.length) resolve();
          else feed(w);
        });
        w.on("error", (err: Error & { code?: string }) => {
          if (err.code === "ERR_WORKER_OUT_OF_MEMORY") fail(new ScanFailure(PHASES.phase1, `a worker thread ran out of memory${busyWith(w)}`, MEMORY_ADVICE));
          else fail(new ScanFailure(PHASES.phase1, `a worker thread crashed${busyWith(w)} (${err.message})`, "please report this"));
        });
        w.on("exit", (code) => {
          if (code !== 0) fail(new ScanFailure(PHASES.phase1, `a worker thread stopped with exit code ${code}${busyWith(w)}`, "please report this"));
        });
      }
      if (batches.length === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
