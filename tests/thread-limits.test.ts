import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { superviseCli, type OutStream } from "../src/cli-supervisor.js";
import { SCAN_THREAD_YOUNG_GENERATION_MB, threadLimits, YOUNG_GENERATION_MB } from "../src/scan-failure.js";

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

  it("gives the scan thread a young generation of its own size, smaller than the pool workers', and caps what it grows to", async () => {
    expect(SCAN_THREAD_YOUNG_GENERATION_MB).toBeLessThan(YOUNG_GENERATION_MB);
    delete process.env.NODE_OPTIONS;
    expect(threadLimits(2048, SCAN_THREAD_YOUNG_GENERATION_MB)).toEqual({ maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: SCAN_THREAD_YOUNG_GENERATION_MB });
    const scanThread = await youngSpaceAfterChurn(threadLimits(512, SCAN_THREAD_YOUNG_GENERATION_MB));
    const poolWorker = await youngSpaceAfterChurn(threadLimits(512));
    expect(scanThread).toBeLessThanOrEqual((2 * SCAN_THREAD_YOUNG_GENERATION_MB * 1024 * 1024) / 3);
    expect(poolWorker).toBeGreaterThan(scanThread);
  });

  it("starts the CLI's scan thread with the scan thread's young generation", async () => {
    delete process.env.NODE_OPTIONS;
    // a stand-in for cli-worker.js that prints the limits its thread was started with and ends as the scan does
    const dir = mkdtempSync(join(tmpdir(), "pysast-limits-"));
    const script = join(dir, "report-limits.mjs");
    writeFileSync(script, `import { parentPort, resourceLimits } from "node:worker_threads";\nprocess.stdout.write(JSON.stringify(resourceLimits));\nparentPort.postMessage({ exitCode: 0 });\n`);
    let out = "";
    const stdout: OutStream = { write: (chunk) => ((out += chunk.toString()), true), on: () => undefined };
    const stderr: OutStream = { write: () => true, on: () => undefined };
    const code = await superviseCli({ argv: [], cwd: dir, stdout, stderr, script: pathToFileURL(script), heapMb: 1024 });
    expect(code).toBe(0);
    const limits = JSON.parse(out) as { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number };
    expect(limits.maxYoungGenerationSizeMb).toBe(SCAN_THREAD_YOUNG_GENERATION_MB);
    expect(limits.maxOldGenerationSizeMb).toBe(1024);
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
