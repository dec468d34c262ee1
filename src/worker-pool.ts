/** Spreads phase 1 over worker threads: batches go to whichever worker is free; results come back in file order. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FileResult } from "./analyze-file.js";
import type { DiscoveredFile } from "./discover.js";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./worker.js";

const BATCH = 16;

/** The compiled worker script next to this module, or undefined when running from TypeScript sources. */
export function workerScript(): string | undefined {
  const path = fileURLToPath(new URL("./worker.js", import.meta.url));
  return existsSync(path) ? path : undefined;
}

export async function runInWorkers(
  script: string,
  files: DiscoveredFile[],
  jobs: number,
  init: WorkerInit,
  onBatch: (filesDone: number) => void = () => {},
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
      const feed = (w: Worker) => {
        if (next < batches.length) {
          const batch = next++;
          w.postMessage({ batch, files: batches[batch]! } satisfies WorkerRequest);
        }
      };
      for (let i = 0; i < jobs; i++) {
        const w = new Worker(script, { workerData: init });
        workers.push(w);
        w.on("message", (msg: WorkerReply) => {
          if ("error" in msg) return fail(new Error(`worker failed: ${msg.error}`));
          if ("ready" in msg) return feed(w);
          results[msg.batch] = msg.results;
          done++;
          onBatch(msg.results.length);
          if (done === batches.length) resolve();
          else feed(w);
        });
        w.on("error", fail);
        w.on("exit", (code) => {
          if (code !== 0) fail(new Error(`worker exited with code ${code}`));
        });
      }
      if (batches.length === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
