/**
 * Runs a `pysast` command in a worker thread and forwards its output, so that failures of the process
 * itself become clear messages instead of stack traces or V8 aborts:
 * - running out of memory in any phase ends the worker, not the process: the message names the phase;
 * - a reader that closes standard output early (`pysast scan . | head`, EPIPE) ends the output quietly,
 *   and the exit code is still the scan's;
 * - a full disk (ENOSPC) or another write error on standard output is a message and exit code 2.
 */
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import type { CliWorkerData, CliWorkerMessage } from "./cli-worker.js";
import { MEMORY_ADVICE, PHASES, SCAN_THREAD_YOUNG_GENERATION_MB, threadLimits } from "./scan-failure.js";

/** A stream the supervisor writes to (process.stdout / process.stderr, or a test double). */
export interface OutStream {
  write(chunk: Buffer | string, cb?: (err?: Error | null) => void): boolean;
  on(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
  isTTY?: boolean;
}

export interface SuperviseOptions {
  argv: string[];
  cwd: string;
  stdout: OutStream;
  stderr: OutStream;
  /** The worker script (default: the compiled cli-worker.js next to this module). */
  script?: URL;
  /** Heap limit of the worker in MB (default: this process's limit, e.g. from --max-old-space-size). */
  heapMb?: number;
}

/** Runs the command; resolves with the exit code. Never rejects. */
export function superviseCli(opts: SuperviseOptions): Promise<number> {
  return new Promise((resolve) => {
    let phase: string = PHASES.startup;
    let exitCode: number | undefined;
    let outputError: string | undefined;
    let stdoutClosed = false;
    let finished = false;
    const heapMb = opts.heapMb ?? Math.max(64, Math.round(getHeapStatistics().heap_size_limit / (1024 * 1024)));
    const worker = new Worker(opts.script ?? new URL("./cli-worker.js", import.meta.url), {
      workerData: { argv: opts.argv, cwd: opts.cwd, stdoutIsTTY: Boolean(opts.stdout.isTTY), stderrIsTTY: Boolean(opts.stderr.isTTY) } satisfies CliWorkerData,
      stdout: true,
      stderr: true,
      resourceLimits: threadLimits(heapMb, SCAN_THREAD_YOUNG_GENERATION_MB),
    });

    const finish = (code: number, message?: string) => {
      if (finished) return;
      finished = true;
      if (message) opts.stderr.write(`pysast: ${message}\n`);
      resolve(code);
    };
    const onWriteError = (err: NodeJS.ErrnoException | null | undefined) => {
      if (!err || outputError || stdoutClosed) return;
      if (err.code === "EPIPE") {
        // the reader has what it wanted; stop writing, keep the scan's exit code
        stdoutClosed = true;
        return;
      }
      outputError = err.code === "ENOSPC" ? "cannot write the report to standard output: no space left on the device (ENOSPC); free some space or write the report elsewhere with -o FILE" : `cannot write the report to standard output (${err.code ?? err.message})`;
      void worker.terminate();
    };
    opts.stdout.on("error", onWriteError);
    opts.stderr.on("error", () => {
      // nowhere left to report to; the exit code still says what happened
    });
    worker.stdout.on("data", (chunk: Buffer) => {
      if (!stdoutClosed && !outputError) opts.stdout.write(chunk, onWriteError);
    });
    worker.stderr.on("data", (chunk: Buffer) => {
      opts.stderr.write(chunk);
    });
    worker.on("message", (msg: CliWorkerMessage) => {
      if ("phase" in msg) phase = msg.phase;
      else exitCode = msg.exitCode;
    });
    worker.on("error", (err: Error & { code?: string }) => {
      if (err.code === "ERR_WORKER_OUT_OF_MEMORY") finish(2, `the scan failed during ${phase}: pysast ran out of memory (${heapMb} MB); ${MEMORY_ADVICE}`);
      else finish(2, `the scan failed during ${phase}: ${err.message}; please report this`);
    });
    worker.on("exit", () => {
      // let the last forwarded output through before deciding
      const done = () => {
        if (outputError) finish(2, outputError);
        else if (exitCode === undefined) finish(2, `the scan failed during ${phase}: the worker thread stopped unexpectedly; please report this`);
        else finish(exitCode);
      };
      if (worker.stdout.readableEnded) done();
      else worker.stdout.once("end", done);
    });
  });
}
