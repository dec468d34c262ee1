import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FileResult } from "../src/analyze-file.js";
import type { DiscoveredFile } from "../src/discover.js";
import type { WorkerInit, WorkerJob } from "../src/worker.js";
import { dropSpares, PoolClosed, prestartWorkers, spareCount, WorkerPool } from "../src/worker-pool.js";
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

  it("forgets the stopped workers at once, so jobs sent before their threads have exited go to the ones kept", async () => {
    pool = new WorkerPool(SCRIPT, 2, INIT);
    const files = project(4);
    await pool.map<FileResult[]>([{ kind: "files", files: [files[0]!] }]);
    // not awaited: phase 2 goes on while the worker's thread ends
    const stopping = pool.shrink(1);
    expect(pool.size).toBe(1);
    const results = await pool.map<FileResult[]>(files.map((f) => ({ kind: "files" as const, files: [f] })));
    expect(results.map((r) => `${r[0]!.rel}:${r[0]!.raw.map((x) => x.ruleId).join(",")}`)).toEqual(files.map((f) => `${f.rel}:weak-hash`));
    await stopping;
  });

  it("keeps at least one worker", async () => {
    pool = new WorkerPool(SCRIPT, 2, INIT);
    await pool.shrink(0);
    expect(pool.size).toBe(1);
    const [result] = await pool.map<FileResult[]>([{ kind: "files", files: project(1) }]);
    expect(result![0]!.raw.map((f) => f.ruleId)).toEqual(["weak-hash"]);
  });
});

describe("prestarted workers", () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    dropSpares();
    await pool?.close();
    pool = undefined;
  });

  it("are taken by the next pool, which sends them their settings, and give the results a fresh pool gives", async () => {
    prestartWorkers(2, SCRIPT);
    expect(spareCount()).toBe(2);
    const files = project(4);
    const jobs = files.map((f) => ({ kind: "files" as const, files: [f] }));
    pool = new WorkerPool(SCRIPT, 2, INIT);
    expect(spareCount()).toBe(0);
    const taken = await pool.map<FileResult[]>(jobs);
    await pool.close();
    pool = new WorkerPool(SCRIPT, 2, INIT);
    const fresh = await pool.map<FileResult[]>(jobs);
    expect(taken.map((r) => r.map((x) => `${x.rel}:${x.raw.map((f) => `${f.ruleId}@${f.region.startLine}`).join(",")}`))).toEqual(files.map((f) => [`${f.rel}:weak-hash@5`]));
    expect(taken.map((r) => r[0]!.raw)).toEqual(fresh.map((r) => r[0]!.raw));
  });

  it("that no pool takes are stopped by dropSpares, and a pool with another heap limit starts its own", async () => {
    prestartWorkers(1, SCRIPT, 512);
    pool = new WorkerPool(SCRIPT, 1, INIT, 256);
    expect(spareCount()).toBe(1);
    const [result] = await pool.map<FileResult[]>([{ kind: "files", files: project(1) }]);
    expect(result![0]!.raw.map((f) => f.ruleId)).toEqual(["weak-hash"]);
    dropSpares();
    expect(spareCount()).toBe(0);
  });
});

/** The jobs as `mapShared` takes them, recording which were sent to wait in a worker's port and which it reported started. */
function recordingJobs(jobs: WorkerJob[]): { jobsFor: Parameters<WorkerPool["mapShared"]>[0]; sentWaiting: number[]; started: number[] } {
  const sentWaiting: number[] = [];
  const started: number[] = [];
  const jobsFor = {
    length: jobs.length,
    at: (i: number, waiting: boolean) => {
      if (waiting) sentWaiting.push(i);
      return jobs[i]!;
    },
    started: (i: number) => started.push(i),
  };
  return { jobsFor, sentWaiting, started };
}

/** Lets the pool post the jobs `map` was given (its sends wait for promises), without handling any reply. */
async function posted(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A pool whose workers are up, with a job per file posted and not yet answered (`pending` settles to its error, if any). */
async function poolWithPendingJobs(): Promise<{ pool: WorkerPool; files: ReturnType<typeof project>; pending: Promise<unknown> }> {
  const pool = new WorkerPool(SCRIPT, 2, INIT);
  const files = project(2);
  await pool.map<FileResult[]>([{ kind: "files", files: [files[0]!] }]); // the workers are up
  const pending = pool.map<FileResult[]>(files.map((f) => ({ kind: "files" as const, files: [f] }))).then(
    () => undefined,
    (e: unknown) => e,
  );
  await posted();
  return { pool, files, pending };
}

describe("WorkerPool.close", () => {
  it("rejects the jobs still pending with a message naming the job, and any job sent afterwards", async () => {
    const { pool, files, pending } = await poolWithPendingJobs();
    await pool.close();
    const err = await pending;
    expect(err).toBeInstanceOf(PoolClosed);
    expect((err as Error).message).toMatch(/^the worker pool was closed before a files job while analysing checksum_[01]\.py finished$/);
    await expect(pool.map([{ kind: "files", files: [files[0]!] }])).rejects.toThrow("a files job was sent to a closed worker pool");
  });

  it("closeSoon rejects the pending jobs and any sent afterwards at once, and its threads end after it returned", async () => {
    const { pool, files, pending } = await poolWithPendingJobs();
    let ended = false;
    const exits = pool.closeSoon().then(() => (ended = true));
    // what phase 2's end needs at once: no job runs on, none can be sent, and the threads have not been waited for
    const err = await pending;
    expect(err).toBeInstanceOf(PoolClosed);
    expect((err as Error).message).toMatch(/^the worker pool was closed before a files job while analysing checksum_[01]\.py finished$/);
    await expect(pool.map([{ kind: "files", files: [files[0]!] }])).rejects.toThrow("a files job was sent to a closed worker pool");
    expect(ended).toBe(false);
    await exits;
    expect(ended).toBe(true);
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

const here = (rel: string): FileResult[] => [{ rel, abs: rel, raw: [], statementSpans: [], notifications: [], parseMs: 0 }];

describe("WorkerPool.broadcast", () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("posts its job before it returns once the workers have started, so that jobs sent after it, unawaited, come after it", async () => {
    pool = new WorkerPool(SCRIPT, 1, INIT);
    const files = project(3);
    await pool.map<FileResult[]>([{ kind: "files", files: [files[0]!] }]);
    expect(pool.running).toBe(true);
    const told = pool.broadcast({ kind: "files", files: [files[1]!] });
    // already in the worker's port, with no turn of the event loop in between
    expect(pool.inFlight).toBe(1);
    const after = pool.map<FileResult[]>([{ kind: "files", files: [files[2]!] }]);
    expect(pool.inFlight).toBe(2);
    let toldFirst = false;
    await Promise.all([told.then(() => (toldFirst = true)), after.then(() => expect(toldFirst).toBe(true))]);
    expect((await after)[0]![0]!.rel).toBe(files[2]!.rel);
  });
});

describe("WorkerPool.mapShared", () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("runs the front of the list on the workers and the back here, each job once, the results in job order", async () => {
    pool = new WorkerPool(SCRIPT, 1, INIT);
    const files = project(8);
    const jobs = files.map((f): WorkerJob => ({ kind: "files", files: [f] }));
    const ranHere: number[] = [];
    const results = await pool.mapShared<FileResult[]>({ length: jobs.length, at: (i) => jobs[i]! }, () => [], (i) => {
      ranHere.push(i);
      // the first job here is long: the worker goes on with the jobs waiting in its port meanwhile
      if (ranHere.length === 1) for (const stop = Date.now() + 1500; Date.now() < stop; );
      return here(`here:${files[i]!.rel}`);
    });
    // this thread went from the back, without a gap, and the worker did the rest from the front
    expect(ranHere[0]).toBe(7);
    expect(ranHere).toEqual([...ranHere].sort((a, b) => b - a));
    const first = ranHere[ranHere.length - 1]!;
    expect(ranHere).toEqual(Array.from({ length: 8 - first }, (_, k) => 7 - k));
    // two jobs were waiting for the worker while this thread was busy, so it answered at least those
    expect(first).toBeGreaterThanOrEqual(2);
    expect(results.map((r) => r[0]!.rel)).toEqual(files.map((f, i) => (i >= first ? `here:${f.rel}` : f.rel)));
    expect(results.slice(0, first).map((r) => r[0]!.raw.map((x) => `${x.ruleId}@${x.region.startLine}`))).toEqual(files.slice(0, first).map(() => ["weak-hash@5"]));
  });

  it("takes back a job still waiting behind the worker's long one once this thread has none left, so it runs here and only here", async () => {
    pool = new WorkerPool(SCRIPT, 1, INIT);
    const files = project(5);
    // the worker's first job is a module long enough to keep it busy while this thread runs the back of the list
    const big = join(mkdtempSync(join(tmpdir(), "pysast-pool-")), "reports.py");
    writeFileSync(big, "import hashlib\n\n\n" + Array.from({ length: 6000 }, (_, i) => `def report_${i}(rows):\n    return hashlib.md5(repr(rows).encode()).hexdigest()\n`).join("\n"));
    const jobs: WorkerJob[] = [{ kind: "files", files: [{ rel: "reports.py", abs: big, size: 1 }] }, ...files.slice(1).map((f): WorkerJob => ({ kind: "files", files: [f] }))];
    const { jobsFor, sentWaiting, started } = recordingJobs(jobs);
    const ranHere: number[] = [];
    const taken = { count: 0 };
    const results = await pool.mapShared<FileResult[]>(
      jobsFor,
      () => [],
      (i) => {
        ranHere.push(i);
        return here(`here:${files[i]!.rel}`);
      },
      2,
      taken,
    );
    // job 0 started at once on the idle worker; job 1 waited in its port and was taken back: it ran here, after the
    // back of the list, and the worker skipped it (its result is this thread's, and it was never reported started)
    expect(sentWaiting).toEqual([1]);
    expect(ranHere).toEqual([4, 3, 2, 1]);
    expect(taken.count).toBe(1);
    expect(started).toEqual([]);
    expect(results[0]!.map((r) => r.rel)).toEqual(["reports.py"]);
    expect(results[0]![0]!.raw.length).toBe(6000);
    expect(results.slice(1).map((r) => r[0]!.rel)).toEqual(files.slice(1).map((f) => `here:${f.rel}`));
  });

  it("tells the jobs' owner when the worker starts a job that waited in its port, and never takes such a job back", async () => {
    pool = new WorkerPool(SCRIPT, 1, INIT);
    const files = project(8);
    const jobs = files.map((f): WorkerJob => ({ kind: "files", files: [f] }));
    const { jobsFor, sentWaiting, started } = recordingJobs(jobs);
    const ranHere: number[] = [];
    const results = await pool.mapShared<FileResult[]>(
      jobsFor,
      () => [],
      (i) => {
        ranHere.push(i);
        // this thread's first job is long: the worker gets through the jobs waiting for it meanwhile
        if (ranHere.length === 1) for (const stop = Date.now() + 1500; Date.now() < stop; );
        return here(`here:${files[i]!.rel}`);
      },
    );
    const ranThere = results.map((r, i) => (r[0]!.rel.startsWith("here:") ? -1 : i)).filter((i) => i >= 0);
    expect(ranThere.length).toBeGreaterThanOrEqual(2);
    expect([...ranThere, ...ranHere].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // every job the worker ran after waiting for it was reported started, once; none that ran here was
    expect([...started].sort((a, b) => a - b)).toEqual(ranThere.filter((i) => sentWaiting.includes(i)));
    expect(started.filter((i) => ranHere.includes(i))).toEqual([]);
    expect(sentWaiting).toContain(1);
  });

  it("fails with the worker's error naming the job it was busy with, not the one waiting behind it", async () => {
    pool = new WorkerPool(SCRIPT, 1, INIT);
    const files = project(3);
    // a shard before the project is a worker-side error
    const shard = { kind: "shard", job: { task: { shard: { index: 0, paths: ["shop/views.py"] }, round: 0, state: {} }, compacts: [] } } as unknown as WorkerJob;
    const jobs: WorkerJob[] = [shard, { kind: "files", files: [files[0]!] }, { kind: "files", files: [files[1]!] }];
    const err = await pool.mapShared<FileResult[]>({ length: jobs.length, at: (i) => jobs[i]! }, () => [], (i) => here(files[i]!.rel)).then(
      () => new Error("no failure"),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/a worker thread failed while analysing shop\/views\.py \(Error: a shard arrived before the project/);
  });
});
