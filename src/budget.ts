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
