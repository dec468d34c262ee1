import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { threadLimits, YOUNG_GENERATION_MB } from "../src/scan-failure.js";

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
  it("caps a thread's young generation below Node's default, whatever the thread allocates", async () => {
    const capped = await youngSpaceAfterChurn(threadLimits(512));
    const unbounded = await youngSpaceAfterChurn({ maxOldGenerationSizeMb: 512 });
    // two semi-spaces of a third of YOUNG_GENERATION_MB each at most, against Node's two of 16 MB
    expect(capped).toBeLessThanOrEqual((2 * YOUNG_GENERATION_MB * 1024 * 1024) / 3);
    expect(unbounded).toBeGreaterThan(capped);
  });

  it("keeps the old generation's limit it is given, and leaves the young generation to a user who sized the semi-spaces", () => {
    delete process.env.NODE_OPTIONS;
    expect(threadLimits(2048)).toEqual({ maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
    process.env.NODE_OPTIONS = "--max-old-space-size=4096 --max-semi-space-size=64";
    expect(threadLimits(2048)).toEqual({ maxOldGenerationSizeMb: 2048 });
    process.env.NODE_OPTIONS = "--max_semi_space_size=2";
    expect(threadLimits(2048)).toEqual({ maxOldGenerationSizeMb: 2048 });
  });
});
