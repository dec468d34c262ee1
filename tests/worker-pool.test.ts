import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FileResult } from "../src/analyze-file.js";
import type { DiscoveredFile } from "../src/discover.js";
import type { WorkerInit } from "../src/worker.js";
import { PoolClosed, WorkerPool } from "../src/worker-pool.js";
import { REPO } from "./e2e/helpers.js";

// the compiled worker (`npm test` builds first): tests run from the TypeScript sources, which have no worker script
const SCRIPT = join(REPO, "dist", "src", "worker.js");

const INIT: WorkerInit = { ruleIds: ["weak-hash"], includeLocalSources: false, includeParameterSources: false, fixes: false, models: [], hashContent: false, naming: [] };

function project(count: number): DiscoveredFile[] {
  const root = mkdtempSync(join(tmpdir(), "pysast-pool-"));
  return Array.from({ length: count }, (_, i) => {
    const rel = `checksum_${i}.py`;
    const abs = join(root, rel);
    writeFileSync(abs, `import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n`);
    return { rel, abs, size: 80 };
  });
}

describe("WorkerPool.shrink", () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("stops the extra workers without failing the pool, and the ones left still run every job in order", async () => {
    pool = new WorkerPool(SCRIPT, 3, INIT);
    const files = project(6);
    const jobs = files.map((f) => ({ kind: "files" as const, files: [f] }));
    const before = await pool.map<FileResult[]>(jobs);
    expect(before.map((r) => r.map((x) => `${x.rel}:${x.raw.map((f) => `${f.ruleId}@${f.region.startLine}`).join(",")}`))).toEqual(files.map((f) => [`${f.rel}:weak-hash@5`]));
    await pool.shrink(1);
    expect(pool.size).toBe(1);
    // a retired worker's exit is not a crash: the jobs sent afterwards still succeed, in job order
    const after = await pool.map<FileResult[]>(jobs);
    expect(after.map((r) => r[0]!.rel)).toEqual(files.map((f) => f.rel));
    expect(after.map((r) => r[0]!.raw.length)).toEqual(before.map((r) => r[0]!.raw.length));
  });

  it("keeps at least one worker", async () => {
    pool = new WorkerPool(SCRIPT, 2, INIT);
    await pool.shrink(0);
    expect(pool.size).toBe(1);
    const [result] = await pool.map<FileResult[]>([{ kind: "files", files: project(1) }]);
    expect(result![0]!.raw.map((f) => f.ruleId)).toEqual(["weak-hash"]);
  });
});

/** Lets the pool post the jobs `map` was given (its sends wait for promises), without handling any reply. */
async function posted(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe("WorkerPool.close", () => {
  it("rejects the jobs still pending with a message naming the job, and any job sent afterwards", async () => {
    const pool = new WorkerPool(SCRIPT, 2, INIT);
    const files = project(2);
    await pool.map<FileResult[]>([{ kind: "files", files: [files[0]!] }]); // the workers are up
    const pending = pool.map<FileResult[]>(files.map((f) => ({ kind: "files" as const, files: [f] }))).then(
      () => undefined,
      (e: unknown) => e,
    );
    await posted();
    await pool.close();
    const err = await pending;
    expect(err).toBeInstanceOf(PoolClosed);
    expect((err as Error).message).toMatch(/^the worker pool was closed before a files job while analysing checksum_[01]\.py finished$/);
    await expect(pool.map([{ kind: "files", files: [files[0]!] }])).rejects.toThrow("a files job was sent to a closed worker pool");
  });

  it("rejects the jobs of the workers that shrink stops, and the others still finish", async () => {
    const pool = new WorkerPool(SCRIPT, 2, INIT);
    try {
      const files = project(2);
      await pool.map<FileResult[]>([{ kind: "files", files: [files[0]!] }]);
      const pending = pool.map<FileResult[]>(files.map((f) => ({ kind: "files" as const, files: [f] }))).then(
        () => new Error("no job was rejected"),
        (e: unknown) => e as Error,
      );
      await posted();
      await pool.shrink(1);
      expect((await pending).message).toMatch(/^the worker pool was stopped before a files job while analysing checksum_1\.py finished$/);
      const [again] = await pool.map<FileResult[]>([{ kind: "files", files: [files[1]!] }]);
      expect(again!.map((r) => r.rel)).toEqual(["checksum_1.py"]);
    } finally {
      await pool.close();
    }
  });
});

describe("WorkerPool.release", () => {
  it("lets each worker answer the jobs it was sent and stop by itself, while this thread is busy", async () => {
    const pool = new WorkerPool(SCRIPT, 2, INIT);
    try {
      const files = project(4);
      await pool.map<FileResult[]>([{ kind: "files", files: [files[0]!] }]); // the workers are up
      // one job per worker: both are posted before map returns, with no turn of this thread's event loop
      const pending = pool.map<FileResult[]>([
        { kind: "files", files: files.slice(0, 2) },
        { kind: "files", files: files.slice(2) },
      ]);
      expect(pool.inFlight).toBe(2);
      pool.release();
      const stop = Date.now() + 1500;
      while (Date.now() < stop); // the scan thread analysing its shard
      const results = await pending;
      expect(results.map((r) => r.map((x) => `${x.rel}:${x.raw.map((f) => f.ruleId).join(",")}`))).toEqual([
        ["checksum_0.py:weak-hash", "checksum_1.py:weak-hash"],
        ["checksum_2.py:weak-hash", "checksum_3.py:weak-hash"],
      ]);
      await expect(pool.map([{ kind: "files", files: [files[0]!] }])).rejects.toThrow("a files job was sent to a closed worker pool");
    } finally {
      await pool.close();
    }
  });

  it("rejects the jobs it had not posted yet, and answers the others", async () => {
    const pool = new WorkerPool(SCRIPT, 1, INIT);
    try {
      const files = project(2);
      await pool.map<FileResult[]>([{ kind: "files", files: [files[0]!] }]);
      const answered: string[] = [];
      const pending = pool
        .map<FileResult[]>(
          files.map((f) => ({ kind: "files" as const, files: [f] })),
          undefined,
          (r) => answered.push(r[0]!.rel),
        )
        .then(
          () => new Error("no job was rejected"),
          (e: unknown) => e as Error,
        );
      pool.release();
      const err = await pending;
      expect(err).toBeInstanceOf(PoolClosed);
      expect(err.message).toBe("a files job was sent to a closed worker pool");
      expect(answered).toEqual(["checksum_0.py"]);
    } finally {
      await pool.close();
    }
  });
});
