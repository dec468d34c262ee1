/**
 * A scan that cannot go on: a worker thread crashed or ran out of memory, or the main thread is about
 * to. It is reported as a failed scan (exit code 2) with a message naming the phase — never as a bare
 * V8 abort, which would leave a CI log with a stack of C++ frames and no hint what to do.
 */
import { getHeapStatistics } from "node:v8";

/** The phases of a scan, as the failure message names them. */
export const PHASES = {
  discovery: "discovery (walking the folders)",
  phase1: "phase 1 (reading, parsing and pattern rules)",
  phase2: "phase 2 (data-flow analysis)",
  fixes: "verifying fixes (re-scanning the patched files)",
  triage: "LLM triage",
  report: "writing the report",
  startup: "start-up (reading the command line and the configuration)",
} as const;

let phaseListener: ((phase: string) => void) | undefined;

/** Registers the one listener told when the scan enters a phase (the CLI's supervisor, to name it on a crash). */
export function onPhase(listener: ((phase: string) => void) | undefined): void {
  phaseListener = listener;
}

/** `PYSAST_TIMINGS=1`: each phase's start is written to stderr, in seconds since the process started (for measuring). */
const timings = process.env.PYSAST_TIMINGS === "1";

/** Marks the start of a phase (cheap; does nothing unless a supervisor listens or timings are asked for). */
export function enterPhase(phase: string): void {
  if (timings) process.stderr.write(`pysast: timing: ${(performance.now() / 1000).toFixed(2)} s: ${phase}\n`);
  phaseListener?.(phase);
}

/** With `PYSAST_TIMINGS=1`, a measurement worth seeing next to the phases (how phase 2 got its files); not a phase start. */
export function timingNote(text: string): void {
  if (timings) process.stderr.write(`pysast: measured at ${(performance.now() / 1000).toFixed(2)} s: ${text}\n`);
}

export class ScanFailure extends Error {
  constructor(
    readonly phase: string,
    reason: string,
    advice = "",
  ) {
    super(`the scan failed during ${phase}: ${reason}${advice ? `; ${advice}` : ""}`);
    this.name = "ScanFailure";
  }
}

/** Share of the heap limit beyond which the main thread stops instead of letting V8 abort. */
export const HEAP_GUARD = 0.92;

const MB = 1024 * 1024;

/** What to do about memory, for every out-of-memory message. */
export const MEMORY_ADVICE =
  "give Node more memory (NODE_OPTIONS=--max-old-space-size=8192), scan fewer files at once (--exclude, or one folder per run), or report the file if a single file causes it";

/**
 * Throws ScanFailure when the main thread's heap is nearly full. V8 collects garbage well before its
 * limit, so live data this close to it means the next allocations would abort the process.
 */
export function checkHeap(phase: string, stats: { used_heap_size: number; heap_size_limit: number } = getHeapStatistics()): void {
  if (stats.used_heap_size <= HEAP_GUARD * stats.heap_size_limit) return;
  throw new ScanFailure(
    phase,
    `pysast is about to run out of memory (${Math.round(stats.used_heap_size / MB)} MB used of a ${Math.round(stats.heap_size_limit / MB)} MB limit)`,
    MEMORY_ADVICE,
  );
}

/** The heap limit worker threads get: the main thread's, so a runaway worker fails alone and is reported. */
export function workerHeapLimitMb(): number {
  return Math.max(64, Math.round(getHeapStatistics().heap_size_limit / MB));
}

/**
 * The young generation of the pool's workers (the scan thread's is `SCAN_THREAD_YOUNG_GENERATION_MB`), in MB: V8 splits it
 * into two semi-spaces and a third as large for young large objects, so 24 MB gives 8 MB semi-spaces instead of
 * Node's 16. Every thread of a scan allocates short-lived values fast (trees in phase 1, abstract values in phase 2),
 * so each kept both semi-spaces at full size, 32 MB per thread, whatever it held: on saleor, whose peak is the scan
 * thread and the phase-2 worker each inside a large shard, that was 64 of the ~470 MB. Halved, saleor's peak RSS fell
 * from 469 to 406-410 MB for about 5 % more user CPU (more scavenges), measured in docs/architecture.md (session 19).
 * A user's own `--max-semi-space-size` (command line or NODE_OPTIONS) wins.
 */
export const YOUNG_GENERATION_MB = 24;

/**
 * The young generation of the scan thread (the supervisor's worker, which runs discovery, takes phase 1's results
 * apart, analyses shards beside the phase-2 worker, and runs the fix verifier and the report), in MB: 4 MB
 * semi-spaces instead of the pool workers' 8. On saleor the peak is the scan thread and the phase-2 worker each
 * inside a large shard; with the scan thread's young generation at 12 MB its new space is 8 MB instead of 16, and
 * saleor's peak was 2-8 MB lower in five same-run pairs (median 410 -> 403 MB), for twice as many scavenges on this
 * thread in phase 2, each copying about half as much (user CPU even, the standard library's too). Phase 1's parsing
 * workers keep `YOUNG_GENERATION_MB`, where a smaller one costs the most (docs/architecture.md, session 21).
 */
export const SCAN_THREAD_YOUNG_GENERATION_MB = 12;

/** `resourceLimits` for a thread the CLI starts: the old generation's limit `heapMb` and a young generation of `youngMb` (`YOUNG_GENERATION_MB` by default). */
export function threadLimits(heapMb: number, youngMb: number = YOUNG_GENERATION_MB): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb?: number } {
  const own = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => /max[-_]semi[-_]space[-_]size/.test(a));
  return own ? { maxOldGenerationSizeMb: heapMb } : { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngMb };
}
