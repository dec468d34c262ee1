/**
 * Per-file time budgets for each phase (parse, model and pattern rules, data-flow analysis).
 *
 * Every phase is meant to cost at most O(n log n) in the size of the file, and the taint engine has
 * deterministic work budgets per function; these wall-clock budgets are the backstop for an input
 * whose cost nobody anticipated. A file that runs out of one gets a notification naming the file and
 * the phase, and the scan is marked incomplete (exit code 2): a hostile file must not be able to hide
 * code by being slow to analyse.
 */
import { performance } from "node:perf_hooks";

/** Default wall-clock budget of one phase of one file. Real files take milliseconds; a 300 KB pathological one a few seconds. */
export const PHASE_BUDGET_MS = 20_000;

/** The phases a budget covers, as named in notifications. */
export type Phase = "parse" | "model" | "pattern rules" | "data-flow analysis";

/** A point in time after which a phase should stop. */
export class Deadline {
  private readonly at: number;
  constructor(readonly ms: number = PHASE_BUDGET_MS) {
    this.at = performance.now() + ms;
  }

  passed(): boolean {
    return performance.now() > this.at;
  }
}

/** Thrown when a phase ran out of its budget (the phase's partial results may be kept by its caller). */
export class PhaseBudgetExceeded extends Error {
  constructor(
    readonly phase: Phase,
    readonly ms: number,
  ) {
    super(`the ${phase} phase took longer than its ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`} budget for one file`);
    this.name = "PhaseBudgetExceeded";
  }
}

/**
 * Bytes of compact trees a phase-2 worker keeps (least recently used dropped), a third of what the scan thread
 * keeps (`COMPACT_BUDGET`). A worker's trees are mostly those of the shards it was sent, which it needs again only
 * when another shard loads the same files (a package's helpers, recently used); at the scan thread's budget a
 * worker ended phase 2 on the 22,000-file Flask tree with about 65 MB of them, at the scan's peak RSS
 * (docs/architecture.md, "Phase 2's memory").
 */
export const WORKER_COMPACT_BUDGET = 32 * 1024 * 1024;

/**
 * Serialised bytes of index records a thread keeps as objects between phase-2 shards (`ProjectIndex.trim`, called by `TaintProject.runShard`):
 * every thread reads the project index from records packed in shared memory and makes a module an object only
 * when it is read; beyond this, before the next shard, they all go (a Flask handler module's record is about 1 KB).
 */
export const INDEX_LIVE_BUDGET = 4 * 1024 * 1024;

/**
 * Source characters of the models the fix verifier's re-scan keeps across its shards, on top of the models each
 * shard keeps while it runs (`SHARD_MODEL_BUDGET`, shared objects): models of shards already done, for a later
 * shard that loads the same files. At the full shard budget they took about 120 MB of heap at the end of the
 * Flask tree's re-analysis, the scan's peak.
 */
export const RESCAN_MODEL_BUDGET = 500_000;
