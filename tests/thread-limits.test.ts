import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { PHASE2_YOUNG_GENERATION_MB, threadLimits, YOUNG_GENERATION_MB } from "../src/scan-failure.js";

/** Starts a thread with `limits`, lets it allocate short-lived values as the taint engine does, and reads its young generation's size. */
function youngSpaceAfterChurn(limits: ReturnType<typeof threadLimits>): Promise<number> {
  const code = `
    const { getHeapSpaceStatistics } = require("node:v8");
    const { parentPort } = require("node:worker_threads");
    const kept = [];
    let largest = 0;
    for (let round = 0; round < 60; round++) {
      // abstract values: most die at once, a few are kept for a while (summaries, traces)
      for (let i = 0; i < 20000; i++) {
        const v = { t: [i, round], attrs: new Map([["name", { t: [], c: "x" + i }]]) };
        if (i % 50 === 0) kept.push(v);
      }
      if (kept.length > 20000) kept.splice(0, 10000);
      const young = getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
      largest = Math.max(largest, young.space_size);
    }
    parentPort.postMessage(largest);
  `;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, resourceLimits: limits });
    w.once("message", (n: number) => resolve(n));
    w.once("error", reject);
  });
}

const saved = process.env.NODE_OPTIONS;
afterEach(() => {
  if (saved === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = saved;
});

describe("threadLimits", () => {
  it("caps the young generation of the scan thread and of phase-2 workers below Node's default, whatever they allocate", async () => {
    const scan = await youngSpaceAfterChurn(threadLimits(512, "scan"));
    const phase2 = await youngSpaceAfterChurn(threadLimits(512, "phase2"));
    const phase1 = await youngSpaceAfterChurn(threadLimits(512, "phase1"));
    // two semi-spaces of a third of the young generation each at most, against Node's two of 16 MB
    expect(scan).toBeLessThanOrEqual((2 * YOUNG_GENERATION_MB * 1024 * 1024) / 3);
    expect(phase2).toBeLessThanOrEqual((2 * PHASE2_YOUNG_GENERATION_MB * 1024 * 1024) / 3);
    expect(phase2).toBeLessThan(scan);
    // a phase-1 worker keeps Node's own: its parsing makes the most short-lived objects
    expect(phase1).toBeGreaterThan(scan);
  });

  it("gives each kind of thread its young generation, keeps the old generation's limit it is given, and leaves the young generation to a user who sized the semi-spaces", () => {
    delete process.env.NODE_OPTIONS;
    expect(threadLimits(2048, "scan")).toEqual({ maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
    expect(threadLimits(2048, "phase2")).toEqual({ maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: PHASE2_YOUNG_GENERATION_MB });
    expect(threadLimits(2048, "phase1")).toEqual({ maxOldGenerationSizeMb: 2048 });
    process.env.NODE_OPTIONS = "--max-old-space-size=4096 --max-semi-space-size=64";
    for (const kind of ["scan", "phase1", "phase2"] as const) expect(threadLimits(2048, kind)).toEqual({ maxOldGenerationSizeMb: 2048 });
    process.env.NODE_OPTIONS = "--max_semi_space_size=2";
    expect(threadLimits(2048, "phase2")).toEqual({ maxOldGenerationSizeMb: 2048 });
  });
});
