/**
 * Phase 2 on the scan thread and the workers together (`WorkerPool.mapShared`): the workers take shards from
 * the front of the list with a few waiting in their port, the scan thread runs shards from the back between
 * two reads of their replies, so one worker fewer holds its own heap, parser and copy of the project index.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FileResult } from "../src/analyze-file.js";
import type { DiscoveredFile } from "../src/discover.js";
import { planShards } from "../src/taint/shards.js";
import type { WorkerInit, WorkerJob } from "../src/worker.js";
import { WorkerPool } from "../src/worker-pool.js";
import { makeTree, REPO, runPysast } from "./e2e/helpers.js";

// the compiled worker (`npm test` builds first): tests run from the TypeScript sources, which have no worker script
const SCRIPT = join(REPO, "dist", "src", "worker.js");
const INIT: WorkerInit = { ruleIds: ["weak-hash"], includeLocalSources: false, includeParameterSources: false, fixes: false, models: [], hashContent: false, naming: [] };

function project(count: number): DiscoveredFile[] {
  const root = mkdtempSync(join(tmpdir(), "pysast-shared-"));
  return Array.from({ length: count }, (_, i) => {
    const rel = `checksum_${i}.py`;
    const abs = join(root, rel);
    writeFileSync(abs, `import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n`);
    return { rel, abs, size: 80 };
  });
}

const here = (rel: string): FileResult[] => [{ rel, abs: rel, raw: [], statementSpans: [], notifications: [], parseMs: 0 }];

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

const VIEW = (i: number, flows: boolean) =>
  [
    "from flask import Flask, request",
    "import subprocess",
    "",
    "app = Flask(__name__)",
    "",
    "",
    `@app.route("/backup/${i}")`,
    `def backup_${i}():`,
    '    target = request.args.get("target", "daily")',
    flows ? '    subprocess.run("tar czf /srv/backup.tgz " + target, shell=True)' : '    subprocess.run(["tar", "czf", "/srv/backup.tgz", target])',
    '    return "queued"',
    "",
  ].join("\n");

describe("phase 2 on the scan thread and a worker", () => {
  it("analyses shards on both, with one worker fewer than the threads, and reports what --jobs 1 reports", async () => {
    // enough view files for several shards (the plan cuts by path, as the scan's does)
    const paths: string[] = [];
    for (let i = 0; planShards([...paths].sort()).length < 4 || paths.length < 64; i++) paths.push(`shop/views_${String(i).padStart(3, "0")}.py`);
    const root = makeTree(Object.fromEntries(paths.map((p, i) => [p, VIEW(i, i % 5 === 0)])));
    const args = ["scan", ".", "--no-cache", "--format", "json", "--exit-zero", "-q"];
    const shared = await runPysast([...args, "-o", "shared.json", "--jobs", "2"], root, { PYSAST_TIMINGS: "1" });
    const alone = await runPysast([...args, "-o", "alone.json", "--jobs", "1"], root);
    expect(shared.code).toBe(0);
    expect(alone.code).toBe(0);
    const note = /phase 2 threads: this one and (\d+) worker\(s\); shards run here: (\d+), on the workers: (\d+)/.exec(shared.stderr);
    expect(note, shared.stderr).not.toBeNull();
    expect(Number(note![1])).toBe(1);
    expect(Number(note![2])).toBeGreaterThan(0);
    expect(Number(note![3])).toBeGreaterThan(0);
    const findings = async (name: string) => (JSON.parse(await readFile(join(root, name), "utf8")) as { findings: { ruleId: string; path: string; region: { startLine: number } }[] }).findings;
    const got = await findings("shared.json");
    expect(got).toEqual(await findings("alone.json"));
    expect(got.filter((f) => f.ruleId === "command-injection").map((f) => `${f.path}:${f.region.startLine}`)).toEqual(paths.filter((_, i) => i % 5 === 0).map((p) => `${p}:10`));
  }, 120_000);
});
